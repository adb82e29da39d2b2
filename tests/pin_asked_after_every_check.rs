//! The PIN is asked only after every check that needs no token: the PIN source here is
//! an unset variable, so a run that asked for the PIN would fail on it. Instead each
//! fails on what is wrong with its input, and a missing output directory is made.

mod common;

use common::exchange::pair;
use common::*;

/// The exchange's `epct` with a PIN source that cannot be read.
fn without_a_pin(x: &common::exchange::Pair) -> assert_cmd::Command {
    let mut cmd = x.epct();
    cmd.env_remove("EPCT_TEST_PIN");
    cmd
}

#[test]
fn exchange_send_validates_every_row_before_the_pin() {
    let x = pair(4);
    x.generate("bad.csv", 10, 3);
    let mut cmd = without_a_pin(&x);
    cmd.args([
        "--token", "BE", "exchange", "send", "bad.csv", "--key", "be",
    ])
    .args(["--out-dir", "out"]);
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::InvalidData)),
        "{out:?}"
    );
    let line = one_line_error(&out.stderr);
    assert!(!line.contains("PIN"), "{line}");
    assert!(x.files("out").is_empty());
}

#[test]
fn exchange_send_and_receive_make_a_missing_out_dir() {
    let x = pair(4);
    x.epct()
        .args(["--token", "BE", "exchange", "send", "be.csv", "--key", "be"])
        .args(["--out-dir", "new/out"])
        .assert()
        .success();
    let name = x
        .files("new/out")
        .into_iter()
        .find(|n| n.starts_with("BE-to-FR-"))
        .unwrap();
    std::fs::copy(
        x.env.path(&format!("new/out/{name}")),
        x.env.path(&format!("inbox/{name}")),
    )
    .unwrap();
    let report = x
        .epct()
        .args(["exchange", "receive", "inbox", "--out-dir", "new/received"])
        .json();
    assert_eq!(report["received"], 1, "{report}");
}

#[test]
fn a_wrong_pin_at_send_leaves_nothing_behind() {
    let x = pair(4);
    x.env.pin_file("wrong", "9999\n");
    let mut cmd = x.env.epct_without_pin();
    cmd.args(["--pin-source", "file:wrong", "--trust-store"])
        .arg(x.env.path("store"))
        .args(["--token", "BE", "exchange", "send", "be.csv", "--key", "be"])
        .args(["--out-dir", "out"])
        .fails(ExitCode::Token, "wrong PIN");
    assert!(x.files("out").is_empty(), "{:?}", x.files("out"));
}

#[test]
fn open_and_decrypt_check_input_and_output_before_the_pin() {
    let x = pair(2);
    let name = x.sent_to_fr();
    let sealed = format!("inbox/{name}");
    x.env.file("not-cms.p7m", "plain text");
    for command in ["open", "decrypt"] {
        without_a_pin(&x)
            .args([command, "not-cms.p7m", "--out", "o.csv"])
            .fails(ExitCode::Failure, "CMS ContentInfo");
        x.env.file("exists.csv", "keep me");
        without_a_pin(&x)
            .args([command, &sealed, "--out", "exists.csv"])
            .fails(ExitCode::Failure, "exists");
        assert_eq!(
            std::fs::read_to_string(x.env.path("exists.csv")).unwrap(),
            "keep me"
        );
    }
    x.env.file("note.txt", "for DE only");
    x.epct()
        .args([
            "encrypt",
            "note.txt",
            "--to",
            "de.pem",
            "--out",
            "de-only.p7m",
        ])
        .assert()
        .success();
    without_a_pin(&x)
        .args(["open", "de-only.p7m", "--out", "o.csv"])
        .fails(
            ExitCode::Failure,
            "no token present holds a key this file is for",
        );
    // With a readable PIN the same file opens: the PIN was the only thing missing.
    without_a_pin(&x)
        .args(["open", &sealed, "--out", "o.csv"])
        .fails(ExitCode::Token, "EPCT_TEST_PIN");
}
