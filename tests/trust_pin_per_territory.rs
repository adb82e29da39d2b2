//! A pinned certificate belongs to one territory: a list claiming FR and signed by the
//! certificate pinned for BE never replaces the stored FR list; a refresh needs no
//! `--signer-cert`, and a refresh by another certificate is refused naming the pin;
//! changing a pin needs `--replace-pin`; a signer of another country
//! is warned about.

mod common;

use std::path::{Path, PathBuf};

use common::trust::*;
use common::{Epct, ExitCode, Run};

const AT: &str = "2019-09-05";

/// A test list in a folder of its own (the helper names files by territory and
/// sequence only).
fn list(env: &Epct, territory: &str, sequence: u64, signer: &str) -> PathBuf {
    let dir = env.path(&format!("{signer}-{territory}-{sequence}"));
    std::fs::create_dir_all(&dir).unwrap();
    signed_list(&dir, territory, sequence, &standard_services(), signer)
}

/// The PKI's `signer` certificate copied to `name`, as a security officer keeps it.
fn pin_file(env: &Epct, signer: &str, name: &str) -> PathBuf {
    let path = env.path(name);
    std::fs::copy(pki(&format!("{signer}.pem")), &path).unwrap();
    path
}

fn import(env: &Epct, list: &Path, pins: &[&Path]) -> assert_cmd::Command {
    let mut cmd = env.epct_without_pin();
    cmd.args(["trust", "import", "--at", AT]).arg(list);
    for pin in pins {
        cmd.arg("--signer-cert").arg(pin);
    }
    cmd
}

fn read(path: PathBuf) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// BE pinned to tl-signer, FR to other-signer, each with its sequence 1 stored.
fn be_and_fr(env: &Epct) -> (PathBuf, PathBuf) {
    let be_pin = pin_file(env, "tl-signer", "BE-tl.pem");
    let fr_pin = pin_file(env, "other-signer", "FR-tl.pem");
    let be = import(env, &list(env, "BE", 1, "tl-signer"), &[&be_pin]).json();
    assert_eq!(
        (be["outcome"].as_str(), be["pin"].as_str()),
        (Some("added"), Some("added"))
    );
    let fr = import(env, &list(env, "FR", 1, "other-signer"), &[&fr_pin]).json();
    assert_eq!(
        (fr["outcome"].as_str(), fr["pin"].as_str()),
        (Some("added"), Some("added"))
    );
    (be_pin, fr_pin)
}

#[test]
fn a_list_claiming_fr_signed_by_the_certificate_pinned_for_be_does_not_replace_the_fr_list() {
    let env = Epct::new();
    let (be_pin, _) = be_and_fr(&env);
    let store = env.trust_store();
    let (fr_list, fr_pin) = (
        read(store.join("lists/FR.xml")),
        read(store.join("pins/FR.pem")),
    );
    let forged = list(&env, "FR", 2, "tl-signer");

    import(&env, &forged, &[&be_pin]).fails(
        ExitCode::Verification,
        "'C=XT,O=EPCT Test,CN=EPCT Test tl-signer' is pinned for the BE list and cannot sign the FR list: a pin belongs to one territory",
    );
    import(&env, &forged, &[&be_pin])
        .arg("--replace-pin")
        .fails(ExitCode::Verification, "is pinned for the BE list");
    import(&env, &forged, &[]).fails(
        ExitCode::Verification,
        "the FR list is signed by 'C=XT,O=EPCT Test,CN=EPCT Test tl-signer', not by the certificate pinned for FR",
    );

    assert_eq!(read(store.join("lists/FR.xml")), fr_list);
    assert_eq!(read(store.join("pins/FR.pem")), fr_pin);
    let lists = env
        .epct_without_pin()
        .args(["trust", "list", "--at", AT])
        .json();
    let fr = lists["lists"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["territory"] == "FR")
        .unwrap();
    assert_eq!(fr["sequence"], 1);
    assert_eq!(stored_lists(&store), ["BE.xml", "FR.xml"]);
    let mut pins: Vec<String> = std::fs::read_dir(store.join("pins"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pins.sort();
    assert_eq!(
        pins,
        ["BE.pem", "FR.pem"],
        "no other pin, no temporary file"
    );
}

#[test]
fn the_pin_of_be_cannot_become_the_pin_of_a_territory_without_a_list() {
    let env = Epct::new();
    let (be_pin, _) = be_and_fr(&env);
    import(&env, &list(&env, "DE", 1, "tl-signer"), &[&be_pin]).fails(
        ExitCode::Verification,
        "is pinned for the BE list and cannot sign the DE list",
    );
    assert_eq!(stored_lists(&env.trust_store()), ["BE.xml", "FR.xml"]);
    assert!(!env.trust_store().join("pins/DE.pem").exists());
}

#[test]
fn a_refresh_needs_no_signer_cert() {
    let env = Epct::new();
    be_and_fr(&env);
    let report = import(&env, &list(&env, "FR", 2, "other-signer"), &[]).json();
    assert_eq!(report["outcome"], "replaced");
    assert_eq!(report["previous_sequence"], 1);
    assert_eq!(report["checked_against"], "pinned");
    assert_eq!(report["pin"], "unchanged");
}

#[test]
fn changing_a_pin_needs_replace_pin_and_says_so() {
    let env = Epct::new();
    let (_, fr_pin) = be_and_fr(&env);
    let store = env.trust_store();
    let new_pin = pin_file(&env, "tl-signer", "FR-new.pem");
    // BE gives up tl-signer, so that FR may take it.
    std::fs::remove_file(store.join("pins/BE.pem")).unwrap();
    std::fs::remove_file(store.join("lists/BE.xml")).unwrap();
    let rotated = list(&env, "FR", 2, "tl-signer");
    let fr_list = read(store.join("lists/FR.xml"));

    import(&env, &rotated, &[&new_pin]).fails(
        ExitCode::Verification,
        "'C=XT,O=EPCT Test,CN=EPCT Test tl-signer' is not a signer of the FR list (its pin, or the EU list of lists' pointer for FR); to change the pin of FR on purpose, give --replace-pin",
    );
    assert_eq!(read(store.join("lists/FR.xml")), fr_list);
    env.epct_without_pin()
        .args(["trust", "import", "--replace-pin"])
        .arg(&rotated)
        .exits(ExitCode::Usage);

    let out = import(&env, &rotated, &[&new_pin])
        .arg("--replace-pin")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        stdout.contains("replaced the pinned certificates of FR (--replace-pin)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("warning: the pinned certificate of FR was replaced (--replace-pin)"),
        "{stderr}"
    );
    assert_eq!(read(store.join("pins/FR.pem")), read(new_pin.clone()));

    // The old pin no longer signs FR; the new one refreshes without --signer-cert.
    import(&env, &list(&env, "FR", 3, "other-signer"), &[])
        .fails(ExitCode::Verification, "EPCT Test other-signer");
    import(&env, &list(&env, "FR", 3, "other-signer"), &[&fr_pin])
        .fails(ExitCode::Verification, "give --replace-pin");
    let report = import(&env, &list(&env, "FR", 4, "tl-signer"), &[]).json();
    assert_eq!(
        (report["outcome"].as_str(), report["pin"].as_str()),
        (Some("replaced"), Some("unchanged"))
    );
}

#[test]
fn a_signer_certificate_of_another_country_is_warned_about() {
    let env = Epct::new();
    let pin = pin_file(&env, "tl-signer", "BE-tl.pem");
    let out = import(&env, &list(&env, "BE", 1, "tl-signer"), &[&pin])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        "warning: the BE list is signed by a certificate of country XT (C=XT,O=EPCT Test,CN=EPCT Test tl-signer); check that this is the BE supervisory body's"
    );
    let report = import(&env, &list(&env, "BE", 2, "tl-signer"), &[]).json();
    assert_eq!(report["signer_country_differs"], "XT");

    let same = Epct::new();
    let out = import(&same, &list(&same, "XT", 1, "tl-signer"), &[&pin])
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        common::parse_json(&out)["signer_country_differs"],
        serde_json::Value::Null
    );
}

#[test]
fn a_refresh_signed_by_another_certificate_is_refused_naming_the_pin() {
    let env = Epct::new();
    be_and_fr(&env);
    let store = env.trust_store();
    let (fr_list, fr_pin) = (
        read(store.join("lists/FR.xml")),
        read(store.join("pins/FR.pem")),
    );
    import(&env, &list(&env, "FR", 2, "tl-signer"), &[]).fails(
        ExitCode::Verification,
        "the FR list is signed by 'C=XT,O=EPCT Test,CN=EPCT Test tl-signer', not by the certificate pinned for FR ('C=XT,O=EPCT Test,CN=EPCT Test other-signer'); if FR changed its signing certificate, check the new one and give it with --signer-cert FILE --replace-pin",
    );
    assert_eq!(read(store.join("lists/FR.xml")), fr_list);
    assert_eq!(read(store.join("pins/FR.pem")), fr_pin);
    assert_eq!(stored_lists(&store), ["BE.xml", "FR.xml"]);
}
