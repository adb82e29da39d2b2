//! `epct key ...` through the binary, checked with OpenSC's pkcs11-tool.

mod common;

use common::*;
use predicates::str::contains;

fn generate(env: &Epct, label: &str, key_type: &str) -> serde_json::Value {
    let out = env
        .epct()
        .args([
            "--json", "key", "generate", "--label", label, "--type", key_type,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    parse_json(&out)
}

#[test]
fn every_key_type_is_generated_with_its_size() {
    let env = Epct::with_token("BE-MFA");
    for (label, key_type, algorithm) in [
        ("r2", "rsa2048", "rsa2048"),
        ("r3", "rsa3072", "rsa3072"),
        ("r4", "rsa4096", "rsa4096"),
        ("e2", "p256", "p256"),
        ("e3", "p384", "p384"),
    ] {
        let key = generate(&env, label, key_type);
        assert_eq!(key["algorithm"], algorithm, "{key_type}");
        assert_eq!(key["sensitive"], true);
        assert_eq!(key["extractable"], false);
    }
    let list = env.epct().args(["key", "list"]).json();
    assert_eq!(list["keys"].as_array().unwrap().len(), 5);
}

#[test]
fn generated_private_keys_are_sensitive_and_never_extractable_for_pkcs11_tool() {
    let env = Epct::with_token("BE-MFA");
    generate(&env, "sign-2026", "rsa2048");
    generate(&env, "agree-2026", "p384");
    let objects = env.pkcs11_tool(&["--list-objects", "--type", "privkey"]);
    for label in ["sign-2026", "agree-2026"] {
        let block = objects
            .split("Private Key Object")
            .find(|b| b.contains(&format!("label:      {label}")))
            .unwrap_or_else(|| panic!("{label} not listed: {objects}"));
        assert!(block.contains("sensitive"), "{block}");
        assert!(block.contains("never extractable"), "{block}");
        assert!(!block.contains("  extractable"), "{block}");
    }
}

#[test]
fn the_default_id_is_the_key_identifier_and_a_chosen_id_is_kept() {
    let env = Epct::with_token("BE-MFA");
    let chosen = env
        .epct()
        .args([
            "--json", "key", "generate", "--label", "k", "--type", "p256", "--id", "10",
        ])
        .output()
        .unwrap();
    assert_eq!(parse_json(&chosen)["id"], "10");
    assert!(
        env.pkcs11_tool(&["--list-objects", "--type", "privkey"])
            .contains("ID:         10")
    );
    let key = generate(&env, "other", "p256");
    assert_eq!(
        key["id"].as_str().unwrap().len(),
        40,
        "SHA-1 key identifier"
    );
    assert!(
        key["uri"]
            .as_str()
            .unwrap()
            .starts_with("pkcs11:token=BE-MFA;object=other;id=%")
    );
}

#[test]
fn a_second_key_with_the_same_label_is_refused() {
    let env = Epct::with_token("BE-MFA");
    generate(&env, "k", "p256");
    env.epct()
        .args(["key", "generate", "--label", "k", "--type", "p384"])
        .fails(ExitCode::Token, "exists already");
}

#[test]
fn unknown_key_type_and_bad_id_are_usage_errors() {
    let env = Epct::with_token("BE-MFA");
    env.epct()
        .args(["key", "generate", "--label", "k", "--type", "rsa1024"])
        .fails(ExitCode::Usage, "unknown key type 'rsa1024'");
    env.epct()
        .args([
            "key", "generate", "--label", "k", "--type", "p256", "--id", "xyz",
        ])
        .fails(ExitCode::Usage, "malformed key id");
    let list = env.epct().args(["key", "list"]).json();
    assert!(
        list["keys"].as_array().unwrap().is_empty(),
        "nothing was generated"
    );
}

#[test]
fn key_delete_removes_the_pair_from_the_token() {
    let env = Epct::with_token("BE-MFA");
    generate(&env, "old", "p256");
    generate(&env, "keep", "p256");
    env.epct()
        .args(["key", "delete", "old", "--force"])
        .assert()
        .success()
        .stdout(contains("deleted key 'old'"));
    let objects = env.pkcs11_tool(&["--list-objects"]);
    assert!(!objects.contains("label:      old"), "{objects}");
    assert!(objects.contains("label:      keep"), "{objects}");
}

#[test]
fn ambiguous_and_missing_keys_list_the_candidates() {
    let env = Epct::with_token("BE-MFA");
    env.epct()
        .args([
            "key", "generate", "--label", "twin", "--type", "p256", "--id", "01",
        ])
        .assert()
        .success();
    // epct keeps labels unique; another tool may not, so pkcs11-tool makes the twin.
    env.pkcs11_tool(&[
        "--keypairgen",
        "--key-type",
        "EC:prime256v1",
        "--label",
        "twin",
        "--id",
        "02",
    ]);
    generate(&env, "twin2", "p256");
    let out = env.epct().args(["key", "delete", "twin"]).output().unwrap();
    assert_eq!(out.status.code(), Some(status(ExitCode::Usage)));
    let line = one_line_error(&out.stderr);
    assert!(
        line.contains("matches several keys")
            && line.contains("(id 01)")
            && line.contains("(id 02)"),
        "{line}"
    );
    env.epct()
        .args(["key", "delete", "pkcs11:object=twin;id=%02", "--force"])
        .assert()
        .success();
    let out = env
        .epct()
        .args(["key", "delete", "nothing"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(status(ExitCode::Token)));
    let line = one_line_error(&out.stderr);
    assert!(
        line.contains("no key matches pkcs11:object=nothing on token 'BE-MFA'")
            && line.contains("'twin2'"),
        "{line}"
    );
}

#[test]
fn malformed_uris_are_usage_errors() {
    let env = Epct::with_token("BE-MFA");
    for (uri, reason) in [
        ("pkcs11:object", "is not name=value"),
        ("pkcs11:objekt=k", "unknown attribute 'objekt'"),
        ("pkcs11:object=%zz", "two hexadecimal digits"),
    ] {
        let out = env.epct().args(["key", "delete", uri]).output().unwrap();
        assert_eq!(out.status.code(), Some(status(ExitCode::Usage)), "{uri}");
        let line = one_line_error(&out.stderr);
        assert!(
            line.contains("malformed PKCS#11 URI") && line.contains(reason),
            "{line}"
        );
    }
}
