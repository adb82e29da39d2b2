//! The test campaign: `exchange send --test` makes a realistic file for every partner
//! state and sends it with `test` in the names; the receivers' receipts say it was a
//! test; `exchange status --test` shows which partners completed the round trip.

mod common;

use std::fs;

use common::states::States;
use common::*;

#[test]
fn the_test_campaign_goes_round_trip_and_status_shows_who_completed_it() {
    let states = States::new();
    fs::create_dir_all(states.env.path("campaign")).unwrap();
    let manifest = states
        .epct("BE")
        .args([
            "exchange",
            "send",
            "--test",
            "--key",
            "be",
            "--out-dir",
            "campaign",
        ])
        .json();
    let files = manifest["files"].as_array().unwrap();
    let destinations: Vec<&str> = files
        .iter()
        .map(|f| f["destination"].as_str().unwrap())
        .collect();
    assert_eq!(destinations, ["DE", "FR"], "every partner with a recipient");
    for f in files {
        let name = f["file"].as_str().unwrap();
        assert!(name.contains("-test-voters"), "{name}");
        assert_eq!(f["rows"], 20);
    }
    let source = manifest["file"].as_str().unwrap();
    assert!(source.contains("BE-test-campaign-"), "{source}");
    let generated = fs::read_to_string(states.env.path(source)).unwrap();
    assert_eq!(
        generated.lines().count(),
        41,
        "a header and 20 rows per partner"
    );

    // FR completes the round trip; DE has not answered yet.
    states.deliver(&manifest, "campaign", "FR", "inbox-FR");
    let out = states.receive("FR", "inbox-FR", "got-FR", &[]);
    assert!(out.status.success(), "{out:?}");
    let fr_name = files[1]["file"].as_str().unwrap();
    let receipt = states.receipt_json(&format!("got-FR/receipts/{fr_name}.receipt"));
    assert_eq!(
        (receipt["test"].as_bool(), receipt["outcome"].as_str()),
        (Some(true), Some("accepted"))
    );
    let receipts = states.env.path("campaign/receipts");
    fs::create_dir_all(&receipts).unwrap();
    let copy_receipts = |state: &str| {
        for e in fs::read_dir(states.env.path(&format!("got-{state}/receipts"))).unwrap() {
            let p = e.unwrap().path();
            fs::copy(&p, receipts.join(p.file_name().unwrap())).unwrap();
        }
    };
    copy_receipts("FR");
    let status = |extra: &[&str]| {
        let mut cmd = states.epct("BE");
        cmd.args(["exchange", "status", "--out-dir", "campaign"])
            .args(extra);
        cmd
    };
    let report = status(&["--test"]).json_exiting(ExitCode::Failure);
    assert_eq!(report["test"], true);
    let complete: Vec<(&str, bool)> = (report["destinations"].as_array().unwrap().iter())
        .map(|d| {
            (
                d["state"].as_str().unwrap(),
                d["complete"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(complete, [("DE", false), ("FR", true)]);

    states.deliver(&manifest, "campaign", "DE", "inbox-DE");
    assert!(
        states
            .receive("DE", "inbox-DE", "got-DE", &[])
            .status
            .success()
    );
    copy_receipts("DE");
    let report = status(&["--test"]).json();
    assert_eq!(
        (report["files"].as_u64(), report["accepted"].as_u64()),
        (Some(2), Some(2))
    );
    let text = String::from_utf8(status(&["--test"]).output().unwrap().stdout).unwrap();
    assert!(
        text.starts_with("BE (test campaign): 2 files sent, 2 accepted"),
        "{text}"
    );
    assert_eq!(text.matches("round trip completed").count(), 2, "{text}");

    // The campaign's files are not part of the real exchange's status.
    let report = status(&[]).json();
    assert_eq!(report["files"], 0);
}

#[test]
fn a_receipt_not_marked_as_a_test_does_not_complete_the_round_trip() {
    let states = States::new();
    fs::create_dir_all(states.env.path("campaign/receipts")).unwrap();
    let manifest = states
        .epct("BE")
        .args([
            "exchange",
            "send",
            "--test",
            "--key",
            "be",
            "--out-dir",
            "campaign",
        ])
        .json();
    states.deliver(&manifest, "campaign", "FR", "inbox");
    assert!(states.receive("FR", "inbox", "got", &[]).status.success());
    let name = manifest["files"][1]["file"].as_str().unwrap();
    // FR's own key signs the same receipt with its test mark taken away.
    let mut receipt = states.receipt_json(&format!("got/receipts/{name}.receipt"));
    receipt["test"] = serde_json::Value::Bool(false);
    fs::write(states.env.path("unmarked.json"), receipt.to_string()).unwrap();
    let signed = format!("campaign/receipts/{name}.receipt");
    states
        .epct("FR")
        .args(["sign", "unmarked.json", "--key", "fr", "--out", &signed])
        .assert()
        .success();
    let report = states
        .epct("BE")
        .args(["exchange", "status", "--test", "--out-dir", "campaign"])
        .json_exiting(ExitCode::Failure);
    let fr = (report["destinations"].as_array().unwrap().iter())
        .find(|d| d["state"] == "FR")
        .unwrap();
    assert_eq!(fr["complete"], false);
    assert_eq!(fr["files"][0]["status"], "waiting", "{fr}");
    assert_eq!(fr["files"][0]["receipt"]["receipt"]["test"], false);
    assert_eq!(report["forged"], 0, "genuine, but not a test's");
}
