//! Each `exchange receive` run writes a report of its own (`receive-report-TIME.json`
//! and `.csv`), chosen before any plaintext is written: a re-run over an inbox with a
//! new file takes the new file, writes its own report and leaves the first one as it
//! was. And the summary counts the rows with errors, not the rows of a file that has
//! some.

mod common;

use std::fs;

use common::exchange::{pair, receive_report, receive_reports};
use common::*;

#[test]
fn a_re_run_writes_its_own_report_and_leaves_the_first() {
    let x = pair(30);
    let first_file = x.sent_to_fr();
    let first = x.receive().json();
    assert_eq!(first["received"], 1);
    let received = x.env.path("received");
    let first_report = receive_report(&received, "json");
    assert_eq!(
        x.env.path(first["report"].as_str().unwrap()),
        first_report,
        "the report names itself"
    );
    let first_bytes = fs::read(&first_report).unwrap();
    let first_plaintext = fs::read(received.join(first_file.replace(".p7m", ".csv"))).unwrap();

    // A second file for FR in the same inbox, sealed under yesterday's name.
    x.epct()
        .args([
            "data",
            "generate",
            "--residence",
            "BE",
            "--nationalities",
            "FR",
        ])
        .args(["--rows", "12", "--seed", "7", "--out", "fr.csv"])
        .assert()
        .success();
    let yesterday = (time::OffsetDateTime::now_utc().date() - time::Duration::days(1)).to_string();
    let second_file = format!("BE-to-FR-{yesterday}-voters.p7m");
    x.epct()
        .args([
            "--token", "BE", "seal", "fr.csv", "--to", "FR", "--key", "be",
        ])
        .arg("--out")
        .arg(x.env.path("inbox").join(&second_file))
        .assert()
        .success();

    let second = x.receive().json_exiting(ExitCode::Verification);
    assert_eq!(
        (second["received"].as_u64(), second["failed"].as_u64()),
        (Some(1), Some(1))
    );
    let reports = receive_reports(&received, "json");
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert_eq!(reports[0], first_report);
    assert_eq!(
        fs::read(&reports[0]).unwrap(),
        first_bytes,
        "the first report unchanged"
    );
    assert_eq!(receive_reports(&received, "csv").len(), 2);
    let written: serde_json::Value =
        serde_json::from_slice(&fs::read(&reports[1]).unwrap()).unwrap();
    assert_eq!(written["files"], second["files"]);
    assert!(received.join(second_file.replace(".p7m", ".csv")).is_file());
    assert_eq!(
        fs::read(received.join(first_file.replace(".p7m", ".csv"))).unwrap(),
        first_plaintext,
        "the replayed file's plaintext untouched"
    );
}

#[test]
fn the_summary_counts_the_rows_with_errors() {
    let x = pair(10);
    x.epct()
        .args([
            "data",
            "generate",
            "--residence",
            "BE",
            "--nationalities",
            "FR",
        ])
        .args(["--rows", "30", "--invalid-rows", "3", "--out", "fr.csv"])
        .assert()
        .success();
    let name = format!(
        "BE-to-FR-{}-voters.p7m",
        time::OffsetDateTime::now_utc().date()
    );
    x.epct()
        .args([
            "--token",
            "BE",
            "seal",
            "fr.csv",
            "--to",
            "FR",
            "--key",
            "be",
            "--no-validate",
        ])
        .arg("--out")
        .arg(x.env.path("inbox").join(&name))
        .assert()
        .success();
    let out = x.receive().fails_after_report(
        ExitCode::InvalidData,
        "validation failed: 3 errors in 3 of 30 rows",
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("0 received, 1 with problems, 0 failed, 0 skipped\n"),
        "{text}"
    );
    assert!(text.contains(": 30 rows ("), "{text}");
    assert!(text.contains("), 3 errors in 3 rows -> "), "{text}");
    let csv = fs::read_to_string(receive_report(&x.env.path("received"), "csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let column = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
    assert_eq!(
        (column("rows"), column("errors"), column("rows_with_errors")),
        ("30", "3", "3")
    );
}
