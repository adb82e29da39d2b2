//! The configuration keys that stand for command options: `key` (the signing key of
//! `sign`, `seal`, `exchange send`), `crl` and `crl-dir` (the `--crl` files), and
//! `strict-declarations`; a flag given replaces the key.

mod common;

use std::fs;

use common::trust::{import_test_list, pki, signed_list, standard_services};
use common::{Epct, ExitCode, Run};

#[test]
fn sign_takes_the_configured_key_when_no_key_is_given() {
    let env = Epct::with_token("BE");
    let ca = common::TestCa::new(env.dir(), "CA");
    env.certified_key("BE", "sign-2029", "rsa2048", &ca);
    env.file("letter.txt", "hello");
    env.epct()
        .args(["sign", "letter.txt", "--out", "letter.p7s"])
        .fails(ExitCode::Usage, "no key is given; give --key LABEL");
    env.nothing_left_behind("letter.p7s");

    env.write_default_config("key = \"sign-2029\"\n");
    let signed = env
        .epct()
        .args(["sign", "letter.txt", "--out", "letter.p7s"])
        .json();
    assert!(
        signed["signer"].as_str().unwrap().contains("CN=sign-2029"),
        "{signed}"
    );
    // A --key given replaces it.
    env.epct()
        .args([
            "sign",
            "letter.txt",
            "--out",
            "other.p7s",
            "--key",
            "nothing-such",
        ])
        .fails(ExitCode::Token, "nothing-such");
    env.nothing_left_behind("other.p7s");
}

/// A store that trusts the test PKI's root CA.
fn trusting_store() -> Epct {
    let env = Epct::new();
    let list = signed_list(env.dir(), "XT", 1, &standard_services(), "tl-signer");
    import_test_list(env.epct_without_pin(), &list);
    env
}

fn check_revoked(env: &Epct) -> assert_cmd::Command {
    let mut cmd = env.epct_without_pin();
    cmd.args(["trust", "check"])
        .arg(pki("revoked-before.pem"))
        .args(["--at", "2019-09-05"]);
    cmd
}

#[test]
fn crl_files_and_a_crl_directory_from_the_configuration_are_applied() {
    let env = trusting_store();
    let unchecked = check_revoked(&env).json();
    assert_eq!(unchecked["revocation"][0]["outcome"], "not-checked");

    env.write_default_config(&format!(
        "crl = [\"{}\"]\n",
        pki("root-ca.crl.pem").display()
    ));
    check_revoked(&env).fails(ExitCode::Verification, "was revoked on 2019-01-01");

    fs::create_dir(env.path("crls")).unwrap();
    fs::copy(pki("root-ca.crl.pem"), env.path("crls/root.crl")).unwrap();
    env.write_default_config(&format!("crl-dir = \"{}\"\n", env.path("crls").display()));
    check_revoked(&env).fails(ExitCode::Verification, "was revoked on 2019-01-01");

    // A --crl given replaces them: the directory's file, no CRL, is not read.
    fs::write(env.path("crls/root.crl"), "not a CRL").unwrap();
    check_revoked(&env)
        .arg("--crl")
        .arg(pki("root-ca.crl.pem"))
        .fails(ExitCode::Verification, "was revoked on 2019-01-01");
}

#[test]
fn a_missing_crl_directory_is_named_where_it_was_set() {
    let env = trusting_store();
    let config = env.write_default_config("crl-dir = \"/nonexistent/crls\"\n");
    check_revoked(&env).fails(
        ExitCode::Failure,
        &format!(
            "; the CRL directory comes from crl-dir = \"/nonexistent/crls\" in {}",
            config.display()
        ),
    );
}
