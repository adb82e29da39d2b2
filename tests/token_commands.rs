//! `epct token ...` through the binary, on real SoftHSM2 tokens.

mod common;

use common::*;
use predicates::str::contains;

#[test]
fn token_list_shows_the_token_its_serial_and_a_free_slot() {
    let env = Epct::with_token("BE-MFA");
    let list = env.epct().args(["token", "list"]).json();
    let slots = list["slots"].as_array().unwrap();
    let token = slots
        .iter()
        .find(|s| s["token"]["label"] == "BE-MFA")
        .expect("the token is listed");
    assert_eq!(token["token"]["flags"]["initialized"], true);
    assert_eq!(token["token"]["flags"]["login_required"], true);
    assert_eq!(token["token"]["user_pin"]["locked"], false);
    assert!(!token["token"]["serial"].as_str().unwrap().is_empty());
    assert!(
        slots
            .iter()
            .any(|s| s["token"]["flags"]["initialized"] == false),
        "SoftHSM keeps a free slot"
    );
    env.epct()
        .args(["token", "list"])
        .assert()
        .success()
        .stdout(contains("token 'BE-MFA'"))
        .stdout(contains("token not initialised"));
}

#[test]
fn token_init_sets_label_and_pins_that_other_tools_accept() {
    let env = Epct::new();
    env.pin_file("so-pin", "87654321\n");
    env.pin_file("user-pin", "2468\n");
    env.epct_without_pin()
        .args(["token", "init", "--label", "DE-BMI"])
        .args([
            "--so-pin-source",
            "file:so-pin",
            "--pin-source",
            "file:user-pin",
        ])
        .assert()
        .success()
        .stdout(contains("initialised token 'DE-BMI'"));
    // OpenSC's pkcs11-tool logs in with the new user PIN; epct does too.
    let out = std::process::Command::new("pkcs11-tool")
        .env("SOFTHSM2_CONF", &env.conf)
        .arg("--module")
        .arg(pkcs11_module())
        .args([
            "--token-label",
            "DE-BMI",
            "--login",
            "--pin",
            "2468",
            "--list-objects",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    env.epct_without_pin()
        .args(["--pin-source", "file:user-pin", "key", "list"])
        .assert()
        .success();
}

#[test]
fn token_init_refuses_a_label_that_exists() {
    let env = Epct::with_token("BE-MFA");
    env.pin_file("pin", "11112222\n");
    env.epct_without_pin()
        .args(["token", "init", "--label", "BE-MFA"])
        .args(["--so-pin-source", "file:pin", "--pin-source", "file:pin"])
        .fails(ExitCode::Usage, "exists already");
}

#[test]
fn change_pin_replaces_the_user_pin() {
    let env = Epct::with_token("BE-MFA");
    env.pin_file("new", "9999\n");
    env.epct()
        .args(["token", "change-pin", "--new-pin-source", "file:new"])
        .assert()
        .success()
        .stdout(contains("changed the user PIN of token 'BE-MFA'"));
    env.epct()
        .args(["key", "list"])
        .fails(ExitCode::Token, "wrong PIN");
    env.epct_without_pin()
        .args(["--pin-source", "file:new", "key", "list"])
        .assert()
        .success();
}

#[test]
fn change_pin_with_so_replaces_the_so_pin() {
    let env = Epct::with_token("BE-MFA");
    env.pin_file("so", format!("{SO_PIN}\n"));
    env.pin_file("new-so", "55556666\n");
    env.epct_without_pin()
        .args(["--pin-source", "file:so", "token", "change-pin", "--so"])
        .args(["--new-pin-source", "file:new-so"])
        .assert()
        .success()
        .stdout(contains("changed the SO PIN"));
    // The old SO PIN no longer logs in as the security officer.
    env.epct_without_pin()
        .args(["--pin-source", "file:so", "token", "change-pin", "--so"])
        .args(["--new-pin-source", "file:new-so"])
        .fails(ExitCode::Token, "wrong PIN");
}

/// The doctor does each job as epct does it (the same selection code, the same order of
/// fallbacks) and says the order: on SoftHSM, OAEP other than plain SHA-1 goes to raw
/// RSA first, decoded on the host.
#[test]
fn doctor_reports_the_order_epct_tries_and_what_it_uses() {
    let env = Epct::with_token("BE-MFA");
    env.epct()
        .args(["key", "generate", "--label", "k", "--type", "rsa2048"])
        .assert()
        .success();
    env.epct()
        .args(["key", "generate", "--label", "e", "--type", "p256"])
        .assert()
        .success();
    let report = env.epct().args(["token", "doctor"]).json();
    let rsa = report["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["label"] == "k")
        .unwrap();
    let verdict: Vec<&str> = rsa["verdict"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for expected in [
        "to open files encrypted with RSA-OAEP SHA-256: epct uses CKM_RSA_X_509 (host padding) \
         (order: CKM_RSA_X_509 (host padding), then CKM_RSA_PKCS_OAEP)",
        "to open files encrypted with RSA-OAEP SHA-256 with MGF1-SHA-1: epct uses \
         CKM_RSA_X_509 (host padding) (order: CKM_RSA_X_509 (host padding), then CKM_RSA_PKCS_OAEP)",
        "to open files encrypted with RSA-OAEP SHA-1: epct uses CKM_RSA_PKCS_OAEP \
         (order: CKM_RSA_PKCS_OAEP, then CKM_RSA_X_509 (host padding))",
        "to sign with RSA-PSS with SHA-256: epct uses CKM_RSA_PKCS_PSS (host hash) (order: \
         CKM_RSA_PKCS_PSS (host hash), then CKM_SHA*_RSA_PKCS_PSS, then CKM_RSA_X_509 (host padding))",
    ] {
        assert!(verdict.contains(&expected), "{expected} not in {verdict:?}");
    }
    // Only the attempts epct makes are probes: the first accepted ends each job.
    let oaep_probes: Vec<&str> = rsa["probes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["operation"] == "decrypt (RSA-OAEP SHA-256)")
        .map(|p| p["mechanism"].as_str().unwrap())
        .collect();
    assert_eq!(oaep_probes, ["CKM_RSA_X_509 (host padding)"]);
    env.epct()
        .args(["token", "doctor"])
        .assert()
        .success()
        .stdout(contains(
            "ECDH (the X9.63 KDF runs on the host): epct uses CKM_ECDH1_DERIVE with CKD_NULL",
        ))
        .stdout(contains(
            "to sign with ECDSA with SHA-256: epct uses CKM_ECDSA (host hash)",
        ));
}

#[test]
fn missing_module_is_a_token_error() {
    let env = Epct::with_token("BE-MFA");
    env.epct()
        .args(["--module", "/nonexistent/libpkcs11.so", "token", "list"])
        .fails(ExitCode::Token, "/nonexistent/libpkcs11.so does not exist");
}

#[test]
fn a_file_that_is_no_pkcs11_library_is_a_token_error() {
    let env = Epct::with_token("BE-MFA");
    std::fs::write(env.path("broken.so"), b"not a shared library").unwrap();
    env.epct()
        .args(["--module", "broken.so", "token", "list"])
        .fails(ExitCode::Token, "cannot load the PKCS#11 module");
}

#[test]
fn no_initialised_token_is_a_token_error() {
    let env = Epct::new();
    env.epct()
        .args(["key", "list"])
        .fails(ExitCode::Token, "no token is present");
}

#[test]
fn two_tokens_without_a_token_name_are_ambiguous() {
    let env = Epct::with_token("BE-MFA");
    env.add_token("BE-BOSA");
    let out = env.epct().args(["key", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(status(ExitCode::Usage)));
    let line = one_line_error(&out.stderr);
    assert!(
        line.contains("'BE-MFA'") && line.contains("'BE-BOSA'"),
        "{line}"
    );
    env.epct()
        .args(["--token", "BE-BOSA", "key", "list"])
        .assert()
        .success();
    env.epct()
        .args(["--token", "FR-MI", "key", "list"])
        .fails(ExitCode::Token, "no token matches pkcs11:token=FR-MI");
}

#[test]
fn wrong_pin_is_reported_once_with_the_token_state_and_not_retried() {
    let env = Epct::with_token("BE-MFA");
    let line = env
        .epct_without_pin()
        .env("WRONG", "0000")
        .args(["--pin-source", "env:WRONG", "key", "list"])
        .fails(ExitCode::Token, "wrong PIN for token 'BE-MFA'");
    assert!(line.contains("PIN count low"), "{line}");
    assert!(line.contains("not retried"), "{line}");
    // The token is not locked: the right PIN still works, and the next login warns
    // about the earlier wrong try first.
    env.epct()
        .args(["key", "list"])
        .assert()
        .success()
        .stderr(contains("warning: PIN of token 'BE-MFA': PIN count low"));
    let list = env.epct().args(["token", "list"]).json();
    let token = list["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["token"]["label"] == "BE-MFA")
        .unwrap()
        .clone();
    assert_eq!(token["token"]["user_pin"]["locked"], false);
}

#[test]
fn a_locked_pin_is_refused_before_any_login() {
    let env = Epct::with_token("BE-MFA");
    env.set_token_flags(CKF_USER_PIN_LOCKED);
    let line = env
        .epct()
        .args(["key", "list"])
        .fails(ExitCode::Token, "is locked");
    assert!(line.contains("SO PIN"), "{line}");
    env.epct()
        .args(["token", "list"])
        .assert()
        .success()
        .stdout(contains("user PIN: PIN locked"));
}

#[test]
fn the_final_try_is_announced_before_the_pin_is_used() {
    let env = Epct::with_token("BE-MFA");
    env.set_token_flags(CKF_USER_PIN_FINAL_TRY);
    env.epct()
        .args(["key", "list"])
        .assert()
        .success()
        .stderr(contains("final try: one more wrong PIN locks it"));
}

#[test]
fn a_pin_is_never_taken_from_the_command_line() {
    let env = Epct::with_token("BE-MFA");
    for source in ["1234", "pin:1234"] {
        env.epct_without_pin()
            .args(["--pin-source", source, "key", "list"])
            .fails(ExitCode::Usage, "the PIN source is none that epct reads");
    }
    env.epct()
        .args(["key", "delete", "pkcs11:object=k?pin-value=1234"])
        .fails(ExitCode::Usage, "never taken from the command line");
}

#[test]
fn a_prompt_without_a_terminal_says_which_sources_to_use() {
    let env = Epct::with_token("BE-MFA");
    // setsid detaches epct from any controlling terminal, as in CI.
    let mut setsid = std::process::Command::new("setsid");
    env.isolate(&mut setsid)
        .arg("-w")
        .arg(assert_cmd::cargo::cargo_bin!("epct"))
        .args(["key", "list"]);
    assert_cmd::Command::from_std(setsid)
        .fails(ExitCode::Token, "no terminal to ask for the PIN on");
}

#[test]
fn the_configuration_file_gives_module_token_and_pin_source() {
    let env = Epct::with_token("BE-MFA");
    env.add_token("BE-BOSA");
    env.pin_file("pin", format!("{PIN}\n"));
    std::fs::write(
        env.path("epct.toml"),
        format!(
            "module = \"{}\"\ntoken = \"BE-BOSA\"\npin-source = \"file:pin\"\n",
            pkcs11_module().display()
        ),
    )
    .unwrap();
    env.epct_without_pin()
        .env_remove("EPCT_PKCS11_MODULE")
        .args([
            "--config",
            "epct.toml",
            "key",
            "generate",
            "--label",
            "k",
            "--type",
            "p256",
        ])
        .assert()
        .success()
        .stdout(contains("on token 'BE-BOSA'"));
    std::fs::write(env.path("bad.toml"), "modul = 1\n").unwrap();
    env.epct()
        .args(["--config", "bad.toml", "token", "list"])
        .fails(ExitCode::Usage, "unknown field `modul`");
}

#[test]
fn the_default_configuration_file_is_read_from_xdg_config_home() {
    let env = Epct::with_token("BE-MFA");
    let config = env.default_config();
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "token = \"FR-MI\"\n").unwrap();
    env.epct()
        .args(["key", "list"])
        .fails(ExitCode::Token, "no token matches pkcs11:token=FR-MI");
    env.epct()
        .args(["--token", "BE-MFA", "key", "list"])
        .assert()
        .success();
}
