//! Issue 9 point 6: a PIN source can never hand the token epct's own files, end its
//! standard output or error, be read by others, or grow without bound.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use common::*;

/// The user PIN flags the token reports, as `token list --json` shows them: SoftHSM
/// sets `count_low` after a wrong PIN.
fn pin_flags(env: &Epct) -> serde_json::Value {
    let report = env.epct().args(["token", "list"]).json();
    let flags = report["slots"][0]["token"]["user_pin"].clone();
    assert_eq!(flags["count_low"], false, "{report}");
    flags
}

/// `epct sign in.csv` on a key named `rsa`, with the PIN from `source`.
fn sign(env: &Epct, source: &str) -> assert_cmd::Command {
    let mut cmd = env.epct_without_pin();
    cmd.args([
        "--pin-source",
        source,
        "sign",
        "in.csv",
        "--key",
        "rsa",
        "--out",
        "in.p7m",
    ]);
    cmd
}

fn world() -> Epct {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "ca");
    env.certified_key("BE", "rsa", "rsa2048", &ca);
    env.file("in.csv", sample_content(500));
    env
}

#[test]
fn a_descriptor_closed_at_start_never_hands_the_token_epcts_own_input() {
    let env = world();
    let before = pin_flags(&env);
    // fd 3 is closed when epct starts, so the input it opens lands on fd 3.
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(r#"exec 3<&-; exec "$@""#).arg("sh");
    shell.arg(assert_cmd::cargo::cargo_bin!("epct"));
    shell.args([
        "--pin-source",
        "fd:3",
        "sign",
        "in.csv",
        "--key",
        "rsa",
        "--out",
        "in.p7m",
    ]);
    env.isolate(&mut shell);
    assert_cmd::Command::from_std(shell).fails(
        ExitCode::Usage,
        "refusing to read the PIN from file descriptor 3: it was not open when epct started",
    );
    env.nothing_left_behind("in.p7m");
    assert_eq!(pin_flags(&env), before, "no PIN was tried");
}

#[test]
fn an_inherited_descriptor_gives_the_pin() {
    let env = world();
    env.pin_file("pin", format!("{PIN}\n"));
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(r#"exec 3<pin; exec "$@""#).arg("sh");
    shell.arg(assert_cmd::cargo::cargo_bin!("epct"));
    shell.args([
        "--pin-source",
        "fd:3",
        "sign",
        "in.csv",
        "--key",
        "rsa",
        "--out",
        "in.p7m",
    ]);
    env.isolate(&mut shell);
    assert_cmd::Command::from_std(shell).assert().success();
}

#[test]
fn standard_output_and_error_are_never_pin_sources() {
    let env = world();
    for (fd, name) in [("fd:1", "descriptor 1"), ("fd:2", "descriptor 2")] {
        sign(&env, fd).fails(
            ExitCode::Usage,
            &format!("file {name}: it is standard output or error"),
        );
        env.nothing_left_behind("in.p7m");
    }
}

#[test]
fn a_pin_file_that_others_can_read_is_refused_with_the_chmod_to_run() {
    let env = world();
    let before = pin_flags(&env);
    let pin = env.file("pin", format!("{PIN}\n"));
    fs::set_permissions(&pin, fs::Permissions::from_mode(0o644)).unwrap();
    let source = format!("file:{}", pin.display());
    sign(&env, &source).fails(
        ExitCode::Usage,
        &format!(
            "its mode is 0644, and a PIN file must be 0600 or 0400; run chmod 600 '{}'",
            pin.display()
        ),
    );
    env.nothing_left_behind("in.p7m");
    assert_eq!(pin_flags(&env), before);
    for mode in [0o600, 0o400] {
        fs::set_permissions(&pin, fs::Permissions::from_mode(mode)).unwrap();
        sign(&env, &source).arg("--force").assert().success();
    }
}

#[test]
fn an_endless_source_or_a_pin_over_256_bytes_is_refused() {
    let env = world();
    let before = pin_flags(&env);
    sign(&env, "file:/dev/zero").fails(ExitCode::Usage, "it is not a regular file or a pipe");
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg(r#"exec 3</dev/zero; exec "$@""#)
        .arg("sh");
    shell.arg(assert_cmd::cargo::cargo_bin!("epct"));
    shell.args([
        "--pin-source",
        "fd:3",
        "sign",
        "in.csv",
        "--key",
        "rsa",
        "--out",
        "in.p7m",
    ]);
    env.isolate(&mut shell);
    assert_cmd::Command::from_std(shell)
        .timeout(std::time::Duration::from_secs(20))
        .fails(ExitCode::Usage, "its first line is longer than 256 bytes");
    let long = env.pin_file("long", format!("{}\n", "7".repeat(300)));
    sign(&env, &format!("file:{}", long.display()))
        .fails(ExitCode::Usage, "its first line is longer than 256 bytes");
    let mut cmd = env.epct_without_pin();
    cmd.env("EPCT_LONG_PIN", "7".repeat(300))
        .args([
            "--pin-source",
            "env:EPCT_LONG_PIN",
            "sign",
            "in.csv",
            "--key",
            "rsa",
        ])
        .args(["--out", "in.p7m"]);
    cmd.fails(ExitCode::Usage, "its first line is longer than 256 bytes");
    env.nothing_left_behind("in.p7m");
    assert_eq!(pin_flags(&env), before);
}
