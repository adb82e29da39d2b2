//! Issue 12: `exchange receive --platform` through a real Apache httpd skips the files
//! that have their receipt on the platform, unless `--again`; a receipt made but not
//! returned (its upload cut) is returned by the next run without fetching the file.

mod common;

use std::fs;

use common::platform::TestPlatform;
use common::states::States;
use common::*;

fn send(states: &States, platform: &TestPlatform) -> serde_json::Value {
    fs::create_dir_all(states.env.path("outbox")).unwrap();
    states
        .epct("BE")
        .args([
            "exchange",
            "send",
            "be.csv",
            "--key",
            "be",
            "--out-dir",
            "outbox",
        ])
        .args(platform.args_at(&states.env, "BE", &platform.url))
        .json()
}

fn receive(
    states: &States,
    platform: &TestPlatform,
    out: &str,
    extra: &[&str],
) -> assert_cmd::Command {
    fs::create_dir_all(states.env.path(out)).unwrap();
    let mut cmd = states.epct("FR");
    cmd.args(["exchange", "receive", "--key", "fr", "--out-dir", out])
        .args(platform.args_at(&states.env, "FR", &platform.url))
        .args(extra);
    cmd
}

fn fr_file(manifest: &serde_json::Value) -> String {
    (manifest["files"].as_array().unwrap().iter())
        .find(|f| f["destination"] == "FR")
        .unwrap()["file"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn steps(states: &States) -> Vec<String> {
    let log = states.epct("FR").args(["exchange", "log"]).json();
    (log["entries"].as_array().unwrap().iter())
        .map(|e| e["step"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_file_with_a_receipt_is_skipped_and_received_again_only_with_again() {
    let states = States::new();
    let platform = TestPlatform::start(&states.env, &["BE", "DE", "FR"]);
    let name = fr_file(&send(&states, &platform));
    let first = receive(&states, &platform, "got-1", &[]).json();
    assert_eq!(first["received"], 1, "{first}");
    assert_eq!(first["platform"]["downloaded"].as_array().unwrap().len(), 1);

    // Another output directory, as on another day: the file has its receipt, skipped.
    let second = receive(&states, &platform, "got-2", &[]).json();
    assert_eq!(second["received"], 0, "{second}");
    assert_eq!(second["platform"]["with_receipt"][0], name.as_str());
    assert!(
        second["platform"]["downloaded"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(
        !states.env.path("got-2/receipts").exists(),
        "no receipt made again"
    );
    let text = receive(&states, &platform, "got-2", &[]).output().unwrap();
    assert!(text.status.success(), "{text:?}");
    assert!(
        String::from_utf8_lossy(&text.stdout)
            .contains("1 with a receipt already (skipped; --again to receive them again)"),
        "{text:?}"
    );

    // --again: fetched, opened, and a new receipt goes beside the first, never over it.
    let first_receipt =
        fs::read(platform.on_disk(&format!("FR/BE/receipts/{name}.receipt"))).unwrap();
    let again = receive(&states, &platform, "got-3", &["--again"]).json();
    assert_eq!(again["received"], 1, "{again}");
    assert_eq!(
        platform.names_in("FR/BE/receipts"),
        [format!("{name}.2.receipt"), format!("{name}.receipt")]
    );
    assert_eq!(
        fs::read(platform.on_disk(&format!("FR/BE/receipts/{name}.receipt"))).unwrap(),
        first_receipt
    );
    assert!(
        states
            .env
            .path(&format!("got-3/{}", name.replace(".p7m", ".csv")))
            .exists()
    );
    assert_eq!(
        steps(&states),
        [
            "download",
            "receive",
            "receipt-made",
            "upload",
            "download",
            "receive",
            "receipt-made",
            "upload"
        ]
    );
    // BE counts the newer receipt; the file is accepted once.
    let status = states
        .epct("BE")
        .args(["exchange", "status", "--from", "BE"])
        .args(platform.args_at(&states.env, "BE", &platform.url))
        .json_exiting(ExitCode::Failure);
    let fr = (status["destinations"].as_array().unwrap().iter())
        .find(|d| d["state"] == "FR")
        .unwrap();
    assert_eq!(fr["files"].as_array().unwrap().len(), 1);
    assert_eq!(fr["files"][0]["status"], "accepted");
}

#[test]
fn a_receipt_that_did_not_reach_the_platform_is_returned_by_the_next_run() {
    let states = States::new();
    let platform = TestPlatform::start(&states.env, &["BE", "DE", "FR"]);
    let name = fr_file(&send(&states, &platform));
    assert_eq!(
        receive(&states, &platform, "got", &[]).json()["received"],
        1
    );
    // As if the connection had been cut while the receipt was being returned.
    let on_server = platform.on_disk(&format!("FR/BE/receipts/{name}.receipt"));
    fs::remove_file(&on_server).unwrap();

    let next = receive(&states, &platform, "got", &[]).json();
    assert_eq!(next["received"], 0, "not taken again: {next}");
    assert!(
        next["platform"]["downloaded"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        next["platform"]["receipts_returned"][0]["file"],
        name.as_str()
    );
    assert_eq!(
        fs::read(&on_server).unwrap(),
        fs::read(states.env.path(&format!("got/receipts/{name}.receipt"))).unwrap()
    );
    assert_eq!(
        steps(&states),
        ["download", "receive", "receipt-made", "upload", "upload"]
    );
}
