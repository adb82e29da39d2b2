//! `open`, `decrypt` and `exchange receive` find their key from the file, as gpgsm does:
//! the recipient infos against the certificates of every present token. A file for no
//! key at hand says whom it is for (with the subjects the partner directory knows), and
//! how that compares to `cert list`, which shows serials.

mod common;

use common::exchange::pair;
use common::*;

#[test]
fn open_and_decrypt_find_the_key_on_whichever_token_holds_it() {
    let x = pair(6);
    let name = x.sent_to_fr();
    // Two tokens (BE, FR), no --token, no --key: FR's key is found from the file.
    let opened = x
        .epct()
        .args(["open", &format!("inbox/{name}"), "--out", "opened.csv"])
        .json();
    assert!(
        opened["signers"].to_string().contains("FPS Interior"),
        "{opened}"
    );
    assert_eq!(
        std::fs::read(x.env.path("opened.csv")).unwrap().len() as u64,
        opened["content_bytes"].as_u64().unwrap()
    );
    let decrypted = x
        .epct()
        .args([
            "decrypt",
            &format!("inbox/{name}"),
            "--out",
            "decrypted.p7s",
        ])
        .json();
    assert!(
        decrypted["content_bytes"].as_u64().unwrap() > 0,
        "{decrypted}"
    );
    // The sender's own copy is found on BE's token.
    let de = x
        .files("out")
        .into_iter()
        .find(|n| n.starts_with("BE-to-DE-"))
        .unwrap();
    x.epct()
        .args(["open", &format!("out/{de}"), "--out", "own-copy.csv"])
        .assert()
        .success();
}

#[test]
fn a_file_for_no_present_key_names_its_recipients_as_cert_list_does() {
    let x = pair(2);
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
    let line = x
        .epct()
        .args(["decrypt", "de-only.p7m", "--out", "note.out"])
        .fails(
            ExitCode::Failure,
            "no token present holds a key this file is for",
        );
    assert!(
        line.contains("(subject 'CN=de', DE Bundeswahlleiter)"),
        "{line}"
    );
    // The certificates on the tokens, named as cert list names them.
    let listed = x
        .epct()
        .args(["--token", "FR", "cert", "list"])
        .assert()
        .success();
    let listed = String::from_utf8_lossy(&listed.get_output().stdout).into_owned();
    let serial = listed
        .lines()
        .find_map(|l| l.trim().strip_prefix("serial: "))
        .expect("cert list shows serials");
    assert!(
        line.contains(&format!("'FR': serial {serial} of ")),
        "{line}\n{listed}"
    );
    x.env.nothing_left_behind("note.out");
    // A key named that the file is not for is refused too, before any PIN.
    x.epct()
        .env_remove("EPCT_TEST_PIN")
        .args([
            "--token",
            "FR",
            "decrypt",
            "de-only.p7m",
            "--key",
            "fr",
            "--out",
            "note.out",
        ])
        .fails(ExitCode::Failure, "not encrypted for this key");
}

#[test]
fn exchange_receive_finds_its_key_from_the_files() {
    let x = pair(4);
    x.sent_to_fr();
    let report = x
        .epct()
        .args(["exchange", "receive", "inbox", "--out-dir", "received"])
        .json();
    assert_eq!(report["received"], 1, "{report}");
    assert_eq!(report["failed"], 0, "{report}");
}
