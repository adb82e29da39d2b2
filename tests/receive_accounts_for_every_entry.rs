//! `exchange receive` accounts for every entry of its inbox: sealed files in any letter
//! case are received; directories, FIFOs, links to devices, dangling links, links that
//! lead outside the inbox and other files are each listed as skipped with their reason,
//! in the report, the CSV report and the summary. Nothing skipped is opened or followed.

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::process::Command;

use common::exchange::{pair, receive_report};
use common::*;

#[test]
fn every_entry_is_received_or_skipped_with_its_reason() {
    let x = pair(30);
    let name = x.sent_to_fr();
    let inbox = x.env.path("inbox");
    let upper = name.replace(".p7m", ".P7M");
    fs::rename(inbox.join(&name), inbox.join(&upper)).unwrap();
    fs::create_dir(inbox.join("archive")).unwrap();
    let made = Command::new("mkfifo")
        .arg(inbox.join("pipe.p7m"))
        .status()
        .unwrap();
    assert!(made.success());
    symlink("/dev/zero", inbox.join("zero.p7m")).unwrap();
    symlink(inbox.join("gone.p7m"), inbox.join("dangling.p7m")).unwrap();
    let elsewhere = x.env.path("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let outside = "outside.p7m";
    fs::copy(x.env.path(&format!("out/{name}")), elsewhere.join(&name)).unwrap();
    symlink(elsewhere.join(&name), inbox.join(outside)).unwrap();
    fs::write(inbox.join("notes.txt"), "to read").unwrap();

    let report = x.receive().json();
    assert_eq!(report["received"], 1, "{report:#}");
    assert_eq!(report["files"][0]["file"], upper.as_str());
    assert_eq!(report["files"][0]["status"], "received");
    let plaintext = name.replace(".p7m", ".csv");
    assert!(x.env.path(&format!("received/{plaintext}")).is_file());

    let elsewhere = elsewhere.canonicalize().unwrap().join(&name);
    let expected = [
        ("archive", "not a regular file: a directory".to_owned()),
        (
            "dangling.p7m",
            "a symbolic link that leads to nothing".to_owned(),
        ),
        (
            "notes.txt",
            "not a sealed file (its name does not end in .p7m)".to_owned(),
        ),
        (
            outside,
            format!(
                "a symbolic link that leads outside the inbox (to {}): not followed",
                elsewhere.display()
            ),
        ),
        (
            "pipe.p7m",
            "not a regular file: a FIFO (named pipe)".to_owned(),
        ),
        (
            "zero.p7m",
            "a symbolic link that leads outside the inbox (to /dev/zero): not followed".to_owned(),
        ),
    ];
    assert_eq!(report["skipped"], expected.len());
    let skipped: Vec<(String, String)> = report["skipped_entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["entry"].as_str().unwrap().into(),
                s["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(e, r)| ((*e).to_owned(), r.clone()))
        .collect();
    assert_eq!(skipped, expected);

    let csv = fs::read_to_string(receive_report(&x.env.path("received"), "csv")).unwrap();
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let listed: Vec<(&str, &str, &str)> = rows.iter().map(|r| (&r[0], &r[1], &r[2])).collect();
    assert_eq!(listed[0], (upper.as_str(), "received", ""));
    for ((entry, reason), row) in expected.iter().zip(&listed[1..]) {
        assert_eq!(*row, (entry.as_str(), "skipped", reason.as_str()));
    }
    assert_eq!(listed.len(), 1 + expected.len());
    assert_eq!(
        x.files("elsewhere").len(),
        1,
        "nothing written beside the linked file"
    );
}

#[test]
fn the_summary_names_each_skipped_entry() {
    let x = pair(10);
    let inbox = x.env.path("inbox");
    fs::create_dir(inbox.join("archive")).unwrap();
    symlink("/dev/null", inbox.join("null.p7m")).unwrap();
    let out = x.receive().output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("0 received, 0 with problems, 0 failed, 2 skipped\n"),
        "{text}"
    );
    assert!(
        text.contains("  archive: skipped: not a regular file: a directory\n"),
        "{text}"
    );
    assert!(
        text.contains("  null.p7m: skipped: a symbolic link that leads outside the inbox (to /dev/null): not followed\n"),
        "{text}"
    );
    assert!(
        text.contains("  report: received/receive-report-"),
        "{text}"
    );
}
