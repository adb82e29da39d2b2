//! `--help`: examples and exit codes on every leaf command, global options apart from
//! the command's own, no token options where no token is touched, and clap's "did you
//! mean" for a mistyped option or command.

mod common;

use common::*;

fn help(env: &Epct, words: &[&str]) -> String {
    let out = env
        .epct_without_pin()
        .args(words)
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success(), "{words:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn leaf_commands_show_examples_and_their_exit_codes() {
    let env = Epct::new();
    for (words, codes) in [
        (&["seal"][..], &[4, 5][..]),
        (&["open"], &[3, 5]),
        (&["verify"], &[3]),
        (&["inspect"], &[]),
        (&["data", "validate"], &[4]),
        (&["token", "init"], &[5]),
        (&["exchange", "send"], &[4, 5, 6]),
        (&["trust", "check"], &[3]),
    ] {
        let text = help(&env, words);
        let examples = text.split("Examples:").nth(1).expect("examples");
        assert!(
            examples
                .lines()
                .nth(1)
                .unwrap()
                .trim_start()
                .starts_with("epct "),
            "{words:?}: {text}"
        );
        let exit_codes = text.split("Exit codes:").nth(1).expect("exit codes");
        for code in [0, 1, 2].iter().chain(codes) {
            assert!(
                exit_codes.contains(&format!("  {code}  ")),
                "{words:?} {code}: {text}"
            );
        }
        for code in (3..=6).filter(|c| !codes.contains(c)) {
            assert!(
                !exit_codes.contains(&format!("  {code}  ")),
                "{words:?} {code}: {text}"
            );
        }
    }
}

#[test]
fn global_options_stand_apart_and_token_options_only_where_a_token_is_opened() {
    let env = Epct::new();
    let seal = help(&env, &["seal"]);
    let (own, rest) = seal.split_once("Global options:").expect("a heading");
    assert!(
        own.contains("--cipher") && !own.contains("--json"),
        "{seal}"
    );
    assert!(
        rest.contains("--json") && rest.contains("--quiet"),
        "{seal}"
    );
    assert!(
        seal.contains("Token options:") && seal.contains("--pin-source"),
        "{seal}"
    );
    for words in [
        &["inspect"][..],
        &["verify"],
        &["encrypt"],
        &["data", "validate"],
        &["trust", "list"],
    ] {
        let text = help(&env, words);
        assert!(text.contains("Global options:"), "{words:?}: {text}");
        for hidden in ["--pin-source", "--module", "--token ", "Token options"] {
            assert!(!text.contains(hidden), "{words:?} shows {hidden}: {text}");
        }
    }
}

#[test]
fn no_usage_line_shows_an_option_from_the_environment_as_required() {
    let env = Epct::new();
    for words in [
        &["seal"][..],
        &["open"],
        &["token", "list"],
        &["trust", "import"],
    ] {
        let text = help(&env, words);
        let usage = text.lines().find(|l| l.starts_with("Usage:")).unwrap();
        for from_env in [
            "--config",
            "--module",
            "--trust-store",
            "--module-init-args",
        ] {
            assert!(!usage.contains(from_env), "{words:?}: {usage}");
        }
    }
}

#[test]
fn a_mistyped_option_or_command_gets_a_suggestion() {
    let env = Epct::new();
    let out = env.epct().args(["seal", "--forse"]).output().unwrap();
    assert_eq!(out.status.code(), Some(status(ExitCode::Usage)));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a similar argument exists: '--force'"),
        "{stderr}"
    );
    let out = env.epct().arg("sael").output().unwrap();
    assert_eq!(out.status.code(), Some(status(ExitCode::Usage)));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("similar subcommand exists: 'seal'"),
        "{stderr}"
    );
}

#[test]
fn an_option_hidden_from_the_help_is_still_accepted() {
    let env = Epct::new();
    env.epct()
        .args([
            "--module",
            "/nonexistent.so",
            "data",
            "generate",
            "--rows",
            "1",
            "--out",
            "a.csv",
        ])
        .assert()
        .success();
}
