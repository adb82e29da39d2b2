//! `epct completions SHELL` and `epct man`, made from the same clap definition as
//! `--help`: bash completes with the script, man renders the pages.

mod common;

use std::fs;
use std::process::Command;

use common::*;

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn bash_completes_commands_and_options_with_the_script() {
    let env = Epct::new();
    let script = stdout_of(env.epct().args(["completions", "bash"]));
    env.file("epct.bash", &script);
    let complete = |words: &str, cword: usize| {
        let out = Command::new("bash")
            .current_dir(env.dir())
            .arg("-c")
            .arg(format!(
                "source ./epct.bash; COMP_WORDS=({words}); COMP_CWORD={cword}; \
                 COMP_LINE='{words}'; COMP_POINT=${{#COMP_LINE}}; _epct epct; \
                 printf '%s\\n' \"${{COMPREPLY[@]}}\""
            ))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let commands = complete("epct se", 1);
    assert!(commands.lines().any(|l| l == "seal"), "{commands}");
    let options = complete("epct seal --ci", 2);
    assert!(options.lines().any(|l| l == "--cipher"), "{options}");
    let nested = complete("epct token ", 2);
    assert!(nested.lines().any(|l| l == "init"), "{nested}");
}

#[test]
fn every_shell_gets_a_script_and_an_unknown_shell_is_a_usage_error() {
    let env = Epct::new();
    for (shell, mark) in [
        ("zsh", "#compdef epct"),
        ("fish", "complete -c epct"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = stdout_of(env.epct().args(["completions", shell]));
        assert!(script.contains(mark), "{shell}: {script}");
    }
    env.epct()
        .args(["completions", "tcsh"])
        .exits(ExitCode::Usage);
}

#[test]
fn man_writes_a_page_per_command_that_man_renders() {
    let env = Epct::new();
    let json = env.epct().args(["man", "--out-dir", "man1"]).json();
    let pages = json["pages"].as_array().unwrap();
    for name in [
        "epct.1",
        "epct-seal.1",
        "epct-token-init.1",
        "epct-exchange-send.1",
    ] {
        assert!(env.path("man1").join(name).is_file(), "{name}: {json}");
    }
    assert_eq!(pages.len(), fs::read_dir(env.path("man1")).unwrap().count());
    let out = Command::new("man")
        .env("MANWIDTH", "100")
        .args(["-P", "cat", "-l"])
        .arg(env.path("man1/epct-seal.1"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let page = String::from_utf8_lossy(&out.stdout);
    for text in [
        "epct-seal",
        "--cipher",
        "EXAMPLES",
        "EXIT STATUS",
        "GLOBAL OPTIONS",
        "TOKEN OPTIONS",
        "--json",
    ] {
        assert!(page.contains(text), "'{text}' not in: {page}");
    }
    assert!(
        !page.contains("EXTRA"),
        "examples and exit codes have their own sections"
    );
    let status = &page[page.find("EXIT STATUS").unwrap()..];
    let code_5 = status.lines().find_map(|l| l.trim().strip_prefix("5 "));
    assert_eq!(
        code_5.map(str::trim),
        Some("token or PIN error"),
        "{status}"
    );
    // The pages exist now: not replaced without --force.
    env.epct()
        .args(["man", "--out-dir", "man1"])
        .fails(ExitCode::Failure, "exists already");
    env.epct()
        .args(["man", "--out-dir", "man1", "--force"])
        .assert()
        .success();
}

#[test]
fn man_alone_prints_the_page_of_epct() {
    let env = Epct::new();
    let page = stdout_of(env.epct().arg("man"));
    assert!(
        page.starts_with(".ie") || page.contains(".TH epct 1"),
        "{page}"
    );
    assert!(page.contains("completions"), "the subcommands are listed");
}
