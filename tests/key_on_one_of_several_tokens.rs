//! With several tokens present, a key label that one of them holds selects that token;
//! a label on several or on none is refused, naming the tokens. `EPCT_TOKEN` and
//! `EPCT_PIN_SOURCE` sit between the flags and the configuration file.

mod common;

use common::*;

/// Tokens BE-MFA and BE-BOSA; the key `sign-2026` on BE-BOSA only, `shared` on both.
fn two_tokens() -> Epct {
    let env = Epct::with_token("BE-MFA");
    env.add_token("BE-BOSA");
    for (token, label) in [
        ("BE-BOSA", "sign-2026"),
        ("BE-BOSA", "shared"),
        ("BE-MFA", "shared"),
    ] {
        env.epct()
            .args([
                "--token", token, "key", "generate", "--label", label, "--type", "p256",
            ])
            .assert()
            .success();
    }
    env
}

#[test]
fn a_label_on_exactly_one_token_selects_it() {
    let env = two_tokens();
    let cert = env
        .epct()
        .args([
            "cert",
            "self-sign",
            "--key",
            "sign-2026",
            "--subject",
            "CN=BOSA",
        ])
        .json();
    assert_eq!(cert["token"], "BE-BOSA", "{cert}");
    env.file("in.txt", "hello");
    let signed = env
        .epct()
        .args(["sign", "in.txt", "--key", "sign-2026", "--out", "in.p7s"])
        .json();
    assert!(signed.to_string().contains("CN=BOSA"), "{signed}");
    env.epct()
        .args(["cert", "export", "sign-2026", "--out", "bosa.pem", "--pem"])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(env.path("bosa.pem"))
            .unwrap()
            .contains("BEGIN CERTIFICATE")
    );
}

#[test]
fn a_label_on_several_tokens_or_on_none_is_refused_naming_the_tokens() {
    let env = two_tokens();
    let line = env
        .epct()
        .args(["cert", "self-sign", "--key", "shared", "--subject", "CN=x"])
        .fails(ExitCode::Usage, "pkcs11:object=shared is on 2 tokens");
    assert!(
        line.contains("'BE-MFA'") && line.contains("'BE-BOSA'"),
        "{line}"
    );
    assert!(line.contains("EPCT_TOKEN"), "{line}");
    let line = env
        .epct()
        .args(["cert", "self-sign", "--key", "nowhere", "--subject", "CN=x"])
        .fails(
            ExitCode::Token,
            "no token present holds pkcs11:object=nowhere",
        );
    assert!(
        line.contains("'BE-MFA'") && line.contains("'BE-BOSA'"),
        "{line}"
    );
    // Naming the token settles it.
    env.epct()
        .args(["--token", "BE-MFA", "cert", "self-sign", "--key", "shared"])
        .args(["--subject", "CN=MFA"])
        .assert()
        .success();
}

#[test]
fn epct_token_selects_a_token_and_the_flag_wins_over_it() {
    let env = two_tokens();
    let keys = env
        .epct()
        .env("EPCT_TOKEN", "BE-MFA")
        .args(["key", "list"])
        .json();
    assert_eq!(keys["token"], "BE-MFA");
    let keys = env
        .epct()
        .env("EPCT_TOKEN", "BE-MFA")
        .args(["--token", "BE-BOSA", "key", "list"])
        .json();
    assert_eq!(keys["token"], "BE-BOSA");
    env.epct()
        .env("EPCT_TOKEN", "FR-MI")
        .args(["key", "list"])
        .fails(ExitCode::Token, "no token matches pkcs11:token=FR-MI");
}

#[test]
fn epct_pin_source_gives_the_pin_and_the_flag_wins_over_it() {
    let env = Epct::with_token("BE-MFA");
    env.pin_file("pin", format!("{PIN}\n"));
    env.epct_without_pin()
        .env("EPCT_PIN_SOURCE", "file:pin")
        .args(["key", "list"])
        .assert()
        .success();
    env.pin_file("wrong", "9999\n");
    env.epct_without_pin()
        .env("EPCT_PIN_SOURCE", "file:pin")
        .args(["--pin-source", "file:wrong", "key", "list"])
        .fails(ExitCode::Token, "wrong PIN");
    // Over the configuration file, too.
    std::fs::create_dir_all(env.default_config().parent().unwrap()).unwrap();
    std::fs::write(env.default_config(), "pin-source = \"file:wrong\"\n").unwrap();
    env.epct_without_pin()
        .env("EPCT_PIN_SOURCE", "file:pin")
        .args(["key", "list"])
        .assert()
        .success();
}
