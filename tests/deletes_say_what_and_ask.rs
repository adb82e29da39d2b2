//! `key delete` and `cert delete` say what they destroy, ask at a terminal (the answer
//! `yes` goes on, anything else stops), and without a terminal refuse unless `--force`.

mod common;

use common::terminal::{at_terminal, detached};
use common::*;

/// The key `sign` as `key list` shows it, if it is there.
fn listed_key(env: &Epct) -> Option<serde_json::Value> {
    let keys = env.epct().args(["key", "list"]).json();
    keys["keys"].as_array().unwrap().first().cloned()
}

fn with_pin(mut cmd: assert_cmd::Command) -> assert_cmd::Command {
    cmd.env("EPCT_TEST_PIN", PIN)
        .args(["--pin-source", "env:EPCT_TEST_PIN"]);
    cmd
}

const WITH_PIN: [&str; 2] = ["--pin-source", "env:EPCT_TEST_PIN"];

#[test]
fn key_delete_without_a_terminal_needs_force_and_says_what_it_would_delete() {
    let env = Epct::with_signing_key("BE-MFA", "sign");
    let line = with_pin(detached(&env))
        .args(["key", "delete", "sign"])
        .fails(ExitCode::Usage, "give --force");
    assert!(
        line.contains("key 'sign' (id a1) (")
            && line.contains("private key, public key, certificate 'CN=BE signer'"),
        "{line}"
    );
    assert!(listed_key(&env).is_some());
    let deleted = with_pin(detached(&env))
        .args(["key", "delete", "sign", "--force"])
        .json();
    assert_eq!(deleted["key"]["label"], "sign");
    assert!(listed_key(&env).is_none());
    // OpenSC's pkcs11-tool sees no object left.
    let objects = env.pkcs11_tool(&["--list-objects"]);
    assert!(!objects.contains("sign"), "{objects}");
}

#[test]
fn key_delete_at_a_terminal_asks_and_only_yes_deletes() {
    let env = Epct::with_signing_key("BE-MFA", "sign");
    let args = [WITH_PIN[0], WITH_PIN[1], "key", "delete", "sign"];
    let stopped = at_terminal(&env, &args, &["no\n"]);
    stopped.shows(
        ExitCode::Usage,
        &["This deletes key 'sign'", "not confirmed"],
    );
    assert!(listed_key(&env).is_some());
    let confirmed = at_terminal(&env, &args, &["yes\n"]);
    confirmed.shows(ExitCode::Success, &["deleted key 'sign'"]);
    assert!(listed_key(&env).is_none());
}

#[test]
fn cert_delete_removes_the_certificate_only_after_asking_or_force() {
    let env = Epct::with_signing_key("BE-MFA", "sign");
    let line = with_pin(detached(&env))
        .args(["cert", "delete", "sign"])
        .fails(ExitCode::Usage, "give --force");
    assert!(
        line.contains("certificate 'sign' (id a1, subject 'CN=BE signer', serial "),
        "{line}"
    );
    assert_eq!(listed_key(&env).unwrap()["certificate"], true);
    let args = [WITH_PIN[0], WITH_PIN[1], "cert", "delete", "sign"];
    let stopped = at_terminal(&env, &args, &["y\n"]);
    stopped.shows(ExitCode::Usage, &["its key stays"]);
    assert_eq!(listed_key(&env).unwrap()["certificate"], true);
    let confirmed = at_terminal(&env, &args, &["yes\n"]);
    confirmed.shows(ExitCode::Success, &[]);
    let key = listed_key(&env).expect("the key stays");
    assert_eq!(
        (key["private_key"].as_bool(), key["certificate"].as_bool()),
        (Some(true), Some(false))
    );
    env.epct()
        .args(["cert", "delete", "sign", "--force"])
        .fails(ExitCode::Token, "no certificate matches");
}
