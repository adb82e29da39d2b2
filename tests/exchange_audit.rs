//! The audit trail: every step of each state's exchange (seal, receive, receipt made,
//! receipt received) in its own `audit.jsonl`, shown by `exchange log`, with the files'
//! SHA-256 and no personal data; a state directory that cannot hold it stops a send
//! before anything is sealed.

mod common;

use std::fs;

use common::states::States;
use common::*;

fn log(states: &States, state: &str) -> Vec<serde_json::Value> {
    let json = states.epct(state).args(["exchange", "log"]).json();
    json["entries"].as_array().unwrap().clone()
}

fn steps(entries: &[serde_json::Value]) -> Vec<(String, String, String)> {
    entries
        .iter()
        .map(|e| {
            (
                e["step"].as_str().unwrap().to_owned(),
                e["peer"].as_str().unwrap_or("--").to_owned(),
                e["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn owned(items: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    (items.iter())
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn each_state_logs_every_step_of_the_exchange_without_personal_data() {
    let states = States::new();
    let manifest = states.send("be.csv", "outbox");
    let sent = log(&states, "BE");
    assert_eq!(
        steps(&sent),
        owned(&[("seal", "DE", "sealed"), ("seal", "FR", "sealed")])
    );
    for (entry, file) in sent.iter().zip(manifest["files"].as_array().unwrap()) {
        assert_eq!(entry["file"], file["file"]);
        assert_eq!(entry["sha256"], file["sha256"]);
        assert!(entry["time"].as_str().unwrap().ends_with('Z'));
    }

    states.deliver(&manifest, "outbox", "FR", "inbox");
    assert!(states.receive("FR", "inbox", "got", &[]).status.success());
    let received = log(&states, "FR");
    assert_eq!(
        steps(&received),
        owned(&[
            ("receive", "BE", "received"),
            ("receipt-made", "BE", "accepted")
        ])
    );
    let fr_file = &manifest["files"][1];
    assert_eq!(fr_file["destination"], "FR");
    for entry in &received {
        assert_eq!(entry["file"], fr_file["file"]);
        assert_eq!(entry["sha256"], fr_file["sha256"]);
    }

    // BE reads FR's receipt: one line, however often it looks.
    let receipts = states.env.path("outbox/receipts");
    fs::create_dir_all(&receipts).unwrap();
    let name = format!("{}.receipt", fr_file["file"].as_str().unwrap());
    fs::copy(
        states.env.path(&format!("got/receipts/{name}")),
        receipts.join(&name),
    )
    .unwrap();
    for _ in 0..2 {
        states
            .epct("BE")
            .args(["exchange", "status", "--out-dir", "outbox"])
            .exits(ExitCode::Failure);
    }
    let after = log(&states, "BE");
    assert_eq!(
        steps(&after[2..]),
        owned(&[("receipt-received", "FR", "accepted")])
    );
    assert_eq!(after[2]["sha256"], fr_file["sha256"]);

    // A receipt that does not verify is logged as forged.
    let mut bytes = fs::read(receipts.join(&name)).unwrap();
    let at = bytes.windows(8).position(|w| w == b"accepted").unwrap();
    bytes[at] = b'A';
    fs::write(receipts.join(&name), bytes).unwrap();
    states
        .epct("BE")
        .args(["exchange", "status", "--out-dir", "outbox"])
        .exits(ExitCode::Verification);
    let last = log(&states, "BE").pop().unwrap();
    assert_eq!(
        (
            last["step"].as_str(),
            last["outcome"].as_str(),
            last["peer"].as_str()
        ),
        (Some("receipt-received"), Some("forged"), Some("FR"))
    );

    // The text of the log, and no person of the file in any state's log.
    let text = states
        .epct("FR")
        .args(["exchange", "log"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("receipt-made"), "{text}");
    assert_eq!(text.lines().count(), 2, "{text}");
    let plaintext = fs::read_to_string(states.env.path(&format!(
        "got/{}",
        fr_file["file"].as_str().unwrap().replace(".p7m", ".csv")
    )))
    .unwrap();
    let mut reader = csv::Reader::from_reader(plaintext.as_bytes());
    let at = (reader.headers().unwrap().iter())
        .position(|h| h == "surname")
        .unwrap();
    let surnames: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[at].to_owned())
        .collect();
    assert!(!surnames.is_empty());
    for state in ["BE", "FR"] {
        let raw = fs::read_to_string(states.state_dir(state).join("epct/audit.jsonl")).unwrap();
        for surname in &surnames {
            assert!(
                !raw.contains(surname.as_str()),
                "{surname} in {state}'s log"
            );
        }
    }
}

#[test]
fn a_state_directory_that_cannot_hold_the_log_stops_the_send_before_sealing() {
    let states = States::new();
    let blocked = states.env.file("not-a-dir", "");
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
        .arg("--state-dir")
        .arg(blocked.join("epct"))
        .fails(ExitCode::Failure, "cannot keep the audit log");
    assert_eq!(fs::read_dir(states.env.path("outbox")).unwrap().count(), 0);
}
