//! Standard output closed by its reader (`epct ... | true`: EPIPE) or full
//! (`>/dev/full`: ENOSPC), for `open`, `inspect`, `trust list` and `data validate`. A
//! closed one is no failure: nothing is printed and the command's own outcome is its
//! exit code (0, or the refusal's). A full one is one line of error with exit code 1.
//! Neither panics (exit 101).

mod common;

use std::fs::File;
use std::process::{Command, Output, Stdio};

use common::*;

/// A world with key `k` on token BE and `sealed.p7m`, a file sealed to it.
fn sealed() -> Epct {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "BE");
    let cert = env.certified_key("BE", "k", "p256", &ca);
    env.file("content.csv", sample_content(10_000));
    env.epct()
        .args([
            "--token",
            "BE",
            "seal",
            "content.csv",
            "--key",
            "k",
            "--out",
            "sealed.p7m",
        ])
        .arg("--to")
        .arg(&cert)
        .assert()
        .success();
    env
}

/// The commands, each with the file it writes (if any).
fn commands() -> Vec<(Vec<&'static str>, Option<&'static str>)> {
    let open = [
        "--token",
        "BE",
        "open",
        "sealed.p7m",
        "--key",
        "k",
        "--out",
        "opened.csv",
    ];
    vec![
        (
            [&open[..], &["--no-trust-check", "--any-signer"]].concat(),
            Some("opened.csv"),
        ),
        (vec!["inspect", "sealed.p7m"], None),
        (vec!["trust", "list"], None),
        (vec!["data", "validate", "content.csv"], None),
    ]
}

/// Runs epct in `env` with `args` and `stdout` as its standard output.
fn run_with_stdout(env: &Epct, args: &[&str], stdout: Stdio) -> Output {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("epct"));
    env.isolate(&mut cmd)
        .env("EPCT_TEST_PIN", PIN)
        .args(["--pin-source", "env:EPCT_TEST_PIN"])
        .args(args)
        .stdout(stdout)
        .output()
        .unwrap()
}

/// A pipe whose reading end is closed already: every write to it fails with EPIPE.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

#[test]
fn a_closed_standard_output_ends_the_command_quietly_with_its_own_exit_code() {
    let env = sealed();
    for (args, written) in commands() {
        for json in [false, true] {
            if let Some(file) = written {
                let _ = std::fs::remove_file(env.path(file));
            }
            let json = if json { &["--json"][..] } else { &[] };
            let out = run_with_stdout(&env, &[json, &args].concat(), closed_pipe());
            let stderr = String::from_utf8_lossy(&out.stderr);
            // data validate of made-up content finds errors: exit 4, as with any reader.
            let expected = match args[0] {
                "data" => status(ExitCode::InvalidData),
                _ => 0,
            };
            assert_eq!(out.status.code(), Some(expected), "{args:?}: {stderr}");
            assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
            assert!(!stderr.contains("standard output"), "{args:?}: {stderr}");
            if let Some(file) = written {
                assert!(env.path(file).is_file(), "{args:?} wrote {file}");
            }
        }
    }
}

#[test]
fn a_full_standard_output_is_one_line_of_error_with_exit_code_1() {
    let env = sealed();
    for (args, _) in commands() {
        let out = run_with_stdout(&env, &args, Stdio::from(File::create("/dev/full").unwrap()));
        assert_eq!(
            out.status.code(),
            Some(status(ExitCode::Failure)),
            "{args:?}: {out:?}"
        );
        let line = one_line_error(&out.stderr);
        assert_eq!(
            line, "error: cannot write to standard output: No space left on device (os error 28)",
            "{args:?}"
        );
    }
}
