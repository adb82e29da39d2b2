//! `seal` validates a data file (a header that names columns of the exchange schema)
//! before anything is signed: errors exit 4 with the problems shown as `data validate`
//! shows them, and nothing is sealed; `--no-validate` seals it as it is and says so; a
//! file that is not a data file seals as before; a data file from a FIFO is validated
//! and sealed all the same.

mod common;

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::process::Command;
use std::thread;

use common::exchange::{Pair, pair};
use common::*;

fn seal(x: &Pair, input: &str, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = x.epct();
    cmd.args(["--token", "BE", "seal", input, "--to", "FR", "--key", "be"])
        .args(["--out", "sealed.p7m"])
        .args(extra);
    cmd
}

/// FR opens `sealed.p7m`; the bytes it gets.
fn opened(x: &Pair) -> Vec<u8> {
    x.epct()
        .args([
            "--token",
            "FR",
            "open",
            "sealed.p7m",
            "--key",
            "fr",
            "--out",
            "opened",
            "--force",
        ])
        .assert()
        .success();
    fs::read(x.env.path("opened")).unwrap()
}

#[test]
fn a_valid_data_file_is_validated_then_sealed() {
    let x = pair(25);
    let sealed = seal(&x, "be.csv", &[]).json();
    assert_eq!(sealed["validation"]["status"], "valid");
    assert_eq!(sealed["validation"]["rows"], 25);
    assert_eq!(opened(&x), fs::read(x.env.path("be.csv")).unwrap());

    fs::remove_file(x.env.path("sealed.p7m")).unwrap();
    let out = seal(&x, "be.csv", &[]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\n  validated: 25 rows ("), "{text}");
}

#[test]
fn a_data_file_with_errors_is_refused_with_its_problems_and_nothing_is_sealed() {
    let x = pair(10);
    x.generate("bad.csv", 40, 4);
    let out = seal(&x, "bad.csv", &[]).fails_after_report(
        ExitCode::InvalidData,
        "validation failed: 4 errors in 4 of 40 rows",
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let problems: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("error: line "))
        .collect();
    assert_eq!(problems.len(), 4, "{text}");
    assert!(text.contains("invalid: 4 errors in 4 rows"), "{text}");
    x.env.nothing_left_behind("sealed.p7m");

    let validate = x
        .epct()
        .args(["data", "validate", "bad.csv"])
        .output()
        .unwrap();
    assert_eq!(
        text,
        String::from_utf8(validate.stdout).unwrap(),
        "as data validate shows them"
    );

    let report = seal(&x, "bad.csv", &[]).json_exiting(ExitCode::InvalidData);
    assert_eq!(report["valid"], false);
    assert_eq!(report["summary"]["rows_with_errors"], 4);
    assert_eq!(report["problems"].as_array().unwrap().len(), 4);
    x.env.nothing_left_behind("sealed.p7m");
}

#[test]
fn no_validate_seals_a_data_file_with_errors_and_says_so() {
    let x = pair(10);
    x.generate("bad.csv", 40, 4);
    let sealed = seal(&x, "bad.csv", &["--no-validate"]).json();
    assert_eq!(sealed["validation"]["status"], "skipped");
    assert_eq!(opened(&x), fs::read(x.env.path("bad.csv")).unwrap());

    let out = seal(&x, "bad.csv", &["--no-validate", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\n  not validated (--no-validate)\n"),
        "{text}"
    );
}

#[test]
fn a_file_that_is_not_a_data_file_seals_as_before() {
    let x = pair(10);
    for (name, bytes) in [
        ("content.bin", sample_content(300_000)),
        ("table.csv", b"id;amount\n1;20\n2;x\n".to_vec()),
        ("empty.txt", Vec::new()),
    ] {
        fs::write(x.env.path(name), &bytes).unwrap();
        let sealed = seal(&x, name, &["--force"]).json();
        assert_eq!(sealed["validation"]["status"], "not-a-data-file", "{name}");
        assert_eq!(opened(&x), bytes, "{name}");
    }
}

#[test]
fn a_data_file_from_a_fifo_is_validated_and_sealed() {
    let x = pair(30);
    let made = Command::new("mkfifo")
        .arg(x.env.path("be.fifo"))
        .status()
        .unwrap();
    assert!(made.success());
    let bytes = fs::read(x.env.path("be.csv")).unwrap();
    let (fifo, sent) = (x.env.path("be.fifo"), bytes.clone());
    let writer = thread::spawn(move || {
        OpenOptions::new()
            .write(true)
            .open(fifo)
            .unwrap()
            .write_all(&sent)
            .unwrap();
    });
    let sealed = seal(&x, "be.fifo", &[]).json();
    writer.join().unwrap();
    assert_eq!(sealed["validation"]["rows"], 30);
    assert_eq!(opened(&x), bytes);
    let left: Vec<_> = fs::read_dir(x.env.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part") || n.starts_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "no spool left: {left:?}");
}
