//! Signed receipts from `exchange receive`: one per file, signed on the receiver's token,
//! verified by OpenSSL against the test PKI, saying what became of the file (accepted,
//! accepted with problems and the counts per rule, refused and why) and holding no
//! personal data.

mod common;

use std::fs;

use common::states::States;
use common::*;

/// The SHA-256 of a file of the test directory, hexadecimal.
fn sha256(states: &States, name: &str) -> String {
    let bytes = fs::read(states.env.path(name)).unwrap();
    hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes))
}

/// The values of `column` in a CSV file of the test directory.
fn column(states: &States, file: &str, column: &str) -> Vec<String> {
    let text = fs::read_to_string(states.env.path(file)).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == column)
        .unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[at].to_owned())
        .collect()
}

#[test]
fn every_received_file_gets_a_receipt_signed_by_the_receiver_without_personal_data() {
    let states = States::new();
    let manifest = states.send("be.csv", "outbox");
    for state in ["FR", "DE"] {
        states.deliver(&manifest, "outbox", state, &format!("inbox-{state}"));
        let out = states.receive(
            state,
            &format!("inbox-{state}"),
            &format!("got-{state}"),
            &[],
        );
        assert!(out.status.success(), "{out:?}");
        let report = parse_json(&out);
        let file = &report["files"][0];
        let name = file["file"].as_str().unwrap();
        let sent = (manifest["files"].as_array().unwrap().iter())
            .find(|f| f["file"] == name)
            .unwrap();
        let receipt_path = format!("got-{state}/receipts/{name}.receipt");
        assert_eq!(file["receipt"].as_str().unwrap(), receipt_path);
        let receipt = states.receipt_json(&receipt_path);
        assert_eq!(receipt["format"], "epct-receipt/1");
        assert_eq!(receipt["file"], name);
        assert_eq!(receipt["sha256"], sent["sha256"]);
        assert_eq!(
            receipt["sha256"],
            sha256(&states, &format!("outbox/{name}"))
        );
        assert_eq!(receipt["sender"]["state"], "BE");
        assert_eq!(receipt["sender"]["authority"], "FPS Interior");
        assert_eq!(receipt["receiver"]["state"], state);
        assert_eq!(receipt["outcome"], "accepted");
        assert_eq!(receipt["rows"]["rows"], sent["rows"]);
        assert_eq!(receipt["rows"]["voters"], sent["voters"]);
        assert_eq!(receipt["rows"]["rows_with_errors"], 0);
        assert_eq!(receipt["test"], false);
        assert!(receipt["time"].as_str().unwrap().ends_with('Z'));

        // No personal data: none of the persons of the file is named, born or placed.
        let plaintext = format!("got-{state}/{}", name.replace(".p7m", ".csv"));
        let text = receipt.to_string();
        for col in ["surname", "given_names", "date_of_birth"] {
            for value in column(&states, &plaintext, col) {
                assert!(!text.contains(&value), "'{value}' ({col}) in {text}");
            }
        }
    }
}

#[test]
fn a_file_with_invalid_rows_gets_a_receipt_with_the_counts_per_rule_only() {
    let states = States::new();
    let manifest = states.send("be.csv", "outbox");
    states.deliver(&manifest, "outbox", "FR", "inbox");
    // FR counts ages against a minimum of 120 years: every row breaks under_age.
    let out = states.receive("FR", "inbox", "got", &["--min-age", "120"]);
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::InvalidData)),
        "{out:?}"
    );
    let report = parse_json(&out);
    let file = &report["files"][0];
    let rows = file["rows"].as_u64().unwrap();
    let name = file["file"].as_str().unwrap();
    let receipt = states.receipt_json(&format!("got/receipts/{name}.receipt"));
    assert_eq!(receipt["outcome"], "accepted-with-problems");
    assert_eq!(
        receipt["errors_by_rule"],
        serde_json::json!({"under_age": rows})
    );
    assert_eq!(receipt["rows"]["rows_with_errors"], rows);
    assert!(receipt.get("problems").is_none(), "{receipt}");
    let text = receipt.to_string();
    for value in column(
        &states,
        &format!("got/{}", name.replace(".p7m", ".csv")),
        "surname",
    ) {
        assert!(!text.contains(&value), "'{value}' in {text}");
    }
}

#[test]
fn a_changed_file_gets_a_refused_receipt_and_no_plaintext() {
    let states = States::new();
    let manifest = states.send("be.csv", "outbox");
    states.deliver(&manifest, "outbox", "FR", "inbox");
    let name = manifest["files"][1]["file"].as_str().unwrap().to_owned();
    assert!(name.starts_with("BE-to-FR-"), "{name}");
    let path = states.env.path(&format!("inbox/{name}"));
    let mut bytes = fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs::write(&path, &bytes).unwrap();
    let changed = sha256(&states, &format!("inbox/{name}"));

    let out = states.receive("FR", "inbox", "got", &[]);
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Verification)),
        "{out:?}"
    );
    states
        .env
        .nothing_left_behind(format!("got/{}", name.replace(".p7m", ".csv")));
    let receipt = states.receipt_json(&format!("got/receipts/{name}.receipt"));
    assert_eq!(receipt["outcome"], "refused");
    assert_eq!(receipt["sha256"], changed, "the file as received");
    assert!(
        receipt["reason"]
            .as_str()
            .unwrap()
            .contains("does not authenticate"),
        "{receipt}"
    );
    assert_eq!(receipt["sender"]["state"], "BE");
    assert!(receipt["sender"].get("authority").is_none(), "not verified");
    assert_eq!(receipt["rows"]["rows"], 0);
}

#[test]
fn no_receipts_makes_none_and_a_replay_gets_no_second_receipt() {
    let states = States::new();
    let manifest = states.send("be.csv", "outbox");
    states.deliver(&manifest, "outbox", "FR", "inbox");
    let out = states.receive("FR", "inbox", "quiet", &["--no-receipts"]);
    assert!(out.status.success(), "{out:?}");
    assert!(!states.env.path("quiet/receipts").exists());

    let out = states.receive("FR", "inbox", "again", &[]);
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Verification)),
        "{out:?}"
    );
    let report = parse_json(&out);
    assert!(
        report["files"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("replay")
    );
    assert!(report["files"][0]["receipt"].is_null());
    assert!(!states.env.path("again/receipts").exists());
}
