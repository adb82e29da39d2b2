//! `exchange status` for the sender: BE's files to FR and DE, the receipts they return
//! (verified against the partner directory and the trusted lists), forged receipts
//! reported and never counted, files changed on the way, and the deadline.

mod common;

use std::fs;

use common::states::States;
use common::*;

/// BE sends `be.csv` to FR and DE, which receive it; their receipts are copied into
/// BE's `outbox/receipts` unless `deliver_receipts` is false. Returns the manifest.
fn round_trip(states: &States, deliver_receipts: bool) -> serde_json::Value {
    let manifest = states.send("be.csv", "outbox");
    for state in ["FR", "DE"] {
        let inbox = format!("inbox-{state}");
        states.deliver(&manifest, "outbox", state, &inbox);
        let out = states.receive(state, &inbox, &format!("got-{state}"), &[]);
        assert!(out.status.success(), "{out:?}");
        if deliver_receipts {
            return_receipts(states, state);
        }
    }
    manifest
}

/// Copies `state`'s receipts to BE's `outbox/receipts`.
fn return_receipts(states: &States, state: &str) {
    let target = states.env.path("outbox/receipts");
    fs::create_dir_all(&target).unwrap();
    for entry in fs::read_dir(states.env.path(&format!("got-{state}/receipts"))).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, target.join(path.file_name().unwrap())).unwrap();
    }
}

fn status(states: &States, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = states.epct("BE");
    cmd.args(["exchange", "status", "--out-dir", "outbox"])
        .args(extra);
    cmd
}

fn file_for<'a>(manifest: &'a serde_json::Value, state: &str) -> &'a str {
    (manifest["files"].as_array().unwrap().iter())
        .find(|f| f["destination"] == state)
        .unwrap()["file"]
        .as_str()
        .unwrap()
}

#[test]
fn the_sender_sees_both_states_accept_with_receipts_verified_against_the_directory() {
    let states = States::new();
    let manifest = round_trip(&states, true);
    let report = status(&states, &[]).json();
    assert_eq!(report["sender"], "BE");
    assert_eq!(report["files"], 2);
    assert_eq!(report["accepted"], 2);
    assert_eq!(report["forged"], 0);
    let destinations = report["destinations"].as_array().unwrap();
    let states_seen: Vec<&str> = destinations
        .iter()
        .map(|d| d["state"].as_str().unwrap())
        .collect();
    assert_eq!(states_seen, ["DE", "FR"]);
    for (d, authority) in destinations
        .iter()
        .zip(["Bundeswahlleiter", "Ministère de l'Intérieur"])
    {
        assert_eq!(d["complete"], true);
        let file = &d["files"][0];
        let state = d["state"].as_str().unwrap();
        assert_eq!(file["file"], file_for(&manifest, state));
        assert_eq!(file["status"], "accepted");
        assert_eq!(file["overdue"], false);
        let sent = fs::metadata(
            states
                .env
                .path(&format!("outbox/{}", file["file"].as_str().unwrap())),
        )
        .unwrap();
        assert_eq!(file["size"], sent.len());
        assert_eq!(
            file["receipt"]["receipt"]["receiver"]["authority"],
            authority
        );
        let signer = &file["receipt"]["signers"][0];
        assert_eq!(signer["authority"]["country"], state);
        assert_eq!(signer["authority"]["role"], "recipient");
        assert_eq!(signer["trust"]["verdict"], "trusted");
    }
    let text = status(&states, &[])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    assert!(text.starts_with("BE: 2 files sent, 2 accepted"), "{text}");
    assert!(
        text.contains("accepted by Ministère de l'Intérieur (FR)"),
        "{text}"
    );
}

#[test]
fn files_without_receipts_are_waiting_and_overdue_after_the_deadline() {
    let states = States::new();
    round_trip(&states, false);
    return_receipts(&states, "DE");
    let report = status(&states, &[]).json_exiting(ExitCode::Failure);
    assert_eq!(
        (report["accepted"].as_u64(), report["waiting"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(report["overdue"], 0, "no deadline");
    status(&states, &["--deadline", "2000-01-01"]).fails_after_report(
        ExitCode::Failure,
        "files accepted so far: 1 of 2, 1 overdue",
    );
    let report = status(&states, &["--deadline", "2000-01-01"]).json_exiting(ExitCode::Failure);
    let fr = &report["destinations"][1];
    assert_eq!(fr["state"], "FR");
    assert_eq!(
        (
            fr["files"][0]["status"].as_str(),
            fr["files"][0]["overdue"].as_bool()
        ),
        (Some("waiting"), Some(true))
    );
    assert_eq!(
        report["destinations"][0]["files"][0]["overdue"], false,
        "DE accepted"
    );
    // The deadline may come from the configuration.
    let config = states
        .env
        .file("config.toml", "deadline = \"2999-12-31\"\n");
    let report =
        status(&states, &["--config", config.to_str().unwrap()]).json_exiting(ExitCode::Failure);
    assert_eq!(
        (report["deadline"].as_str(), report["overdue"].as_u64()),
        (Some("2999-12-31"), Some(0))
    );
}

#[test]
fn receipts_not_signed_by_a_recipient_authority_of_their_state_are_forged() {
    let states = States::new();
    let manifest = round_trip(&states, true);
    let fr_file = file_for(&manifest, "FR").to_owned();
    let receipt = format!("outbox/receipts/{fr_file}.receipt");
    let genuine = fs::read(states.env.path(&receipt)).unwrap();
    let json = states.receipt_json(&receipt);
    fs::write(states.env.path("fr-receipt.json"), json.to_string()).unwrap();

    // The same document signed by DE (a recipient, but of DE), by BE (not a
    // recipient), by an untrusted key; and FR's own receipt changed by one byte.
    let (key, cert) = states.env.software_key("stranger", "ec:prime256v1");
    let stranger = format!("{receipt}.stranger");
    openssl(
        states.env.dir(),
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-outform",
            "DER",
            "-in",
            "fr-receipt.json",
            "-signer",
            cert.to_str().unwrap(),
            "-inkey",
            key.to_str().unwrap(),
            "-out",
            &stranger,
        ],
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "DE",
            sign_as(&states, "DE"),
            "not a recipient authority of FR",
        ),
        (
            "BE",
            sign_as(&states, "BE"),
            "not a recipient authority of FR",
        ),
        (
            "stranger",
            fs::read(states.env.path(&stranger)).unwrap(),
            "forged receipt",
        ),
        (
            "tampered",
            {
                let mut bytes = genuine.clone();
                let at = bytes.windows(8).position(|w| w == b"accepted").unwrap();
                bytes[at] = b'A';
                bytes
            },
            "digest does not match",
        ),
    ];
    fs::remove_file(states.env.path(&stranger)).unwrap();
    for (who, bytes, reason) in cases {
        fs::write(states.env.path(&receipt), &bytes).unwrap();
        let report = status(&states, &[]).json_exiting(ExitCode::Verification);
        assert_eq!(report["forged"], 1, "{who}");
        assert_eq!(
            report["accepted"], 1,
            "{who}: the forged receipt is not counted"
        );
        let fr = &report["destinations"][1];
        assert_eq!(fr["state"], "FR");
        assert_eq!(fr["files"][0]["status"], "waiting", "{who}");
        assert_eq!(fr["complete"], false);
        let forged = &fr["forged"][0];
        assert_eq!(forged["receipt"], format!("{fr_file}.receipt"));
        assert!(
            forged["reason"].as_str().unwrap().contains(reason),
            "{who}: {forged}"
        );
        status(&states, &[]).fails_after_report(
            ExitCode::Verification,
            "forged receipts, not signed by a recipient authority of the state they come from: 1",
        );
    }
}

/// FR's receipt document, signed as an attached CMS signature by `state`'s token key.
fn sign_as(states: &States, state: &str) -> Vec<u8> {
    let out = format!("signed-by-{state}.p7s");
    states
        .epct(state)
        .args([
            "sign",
            "fr-receipt.json",
            "--key",
            States::key(state),
            "--out",
            &out,
            "--force",
        ])
        .assert()
        .success();
    fs::read(states.env.path(&out)).unwrap()
}

#[test]
fn a_file_changed_on_the_way_is_reported_with_the_receipt_for_what_arrived() {
    let states = States::new();
    let manifest = states.send("be.csv", "outbox");
    states.deliver(&manifest, "outbox", "FR", "inbox-FR");
    let name = file_for(&manifest, "FR").to_owned();
    let path = states.env.path(&format!("inbox-FR/{name}"));
    let mut bytes = fs::read(&path).unwrap();
    let last = bytes.len() - 40;
    bytes[last] ^= 0x80;
    fs::write(&path, bytes).unwrap();
    let out = states.receive("FR", "inbox-FR", "got-FR", &[]);
    assert_eq!(out.status.code(), Some(status_code(ExitCode::Verification)));
    return_receipts(&states, "FR");
    let report = status(&states, &[]).json_exiting(ExitCode::Failure);
    let fr = &report["destinations"][1];
    assert_eq!(fr["files"][0]["status"], "changed");
    assert_eq!(fr["files"][0]["receipt"]["receipt"]["outcome"], "refused");
    assert_eq!(report["changed"], 1);
    assert_eq!(report["forged"], 0);
    let text = String::from_utf8(status(&states, &[]).output().unwrap().stdout).unwrap();
    assert!(text.contains("CHANGED on the way"), "{text}");
}

fn status_code(code: ExitCode) -> i32 {
    common::status(code)
}

#[test]
fn a_status_without_its_source_says_which_options_give_one() {
    let states = States::new();
    let mut sender = states.epct("BE");
    sender.args(["exchange", "status"]);
    sender.fails(ExitCode::Usage, "needs --out-dir");
    let mut receiver = states.epct("FR");
    receiver.args(["exchange", "status", "--to", "FR"]);
    let line = receiver.fails(ExitCode::Usage, "exchange status --to reads");
    assert!(line.contains("give --platform"), "{line}");
}
