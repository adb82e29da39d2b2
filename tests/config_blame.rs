//! A bad setting from the configuration file or the environment is named where it came
//! from (`module = "..." in PATH`, `$EPCT_PKCS11_MODULE`), not blamed on a flag that was
//! never typed.

mod common;

use common::{Epct, ExitCode, Run};

#[test]
fn a_missing_module_is_blamed_on_where_its_path_came_from() {
    let env = Epct::with_token("BE");
    let config = env.write_default_config("module = \"/nonexistent/libmissing.so\"\n");
    env.epct_without_pin()
        .env_remove("EPCT_PKCS11_MODULE")
        .args(["token", "list"])
        .fails(
            ExitCode::Token,
            &format!(
                "error: the PKCS#11 module /nonexistent/libmissing.so does not exist; correct module = \"/nonexistent/libmissing.so\" in {}",
                config.display()
            ),
        );
    let line = env
        .epct_without_pin()
        .env("EPCT_PKCS11_MODULE", "/nonexistent/libenv.so")
        .args(["token", "list"])
        .fails(ExitCode::Token, "/nonexistent/libenv.so does not exist");
    assert!(line.ends_with("correct $EPCT_PKCS11_MODULE"), "{line}");
    assert!(!line.contains("--module"), "{line}");
    let line = env
        .epct_without_pin()
        .args(["--module", "/nonexistent/libflag.so", "token", "list"])
        .fails(ExitCode::Token, "/nonexistent/libflag.so does not exist");
    assert!(line.contains("--module"), "{line}");
}

#[test]
fn a_token_label_from_the_file_that_matches_no_token_names_the_file() {
    let env = Epct::with_token("BE");
    let config = env.write_default_config("token = \"NL\"\n");
    env.epct().args(["key", "list"]).fails(
        ExitCode::Token,
        &format!(
            "; the token comes from token = \"NL\" in {}",
            config.display()
        ),
    );
    env.epct()
        .env("EPCT_TOKEN", "LU")
        .args(["key", "list"])
        .fails(ExitCode::Token, "; the token comes from $EPCT_TOKEN");
}

#[test]
fn an_unreadable_trust_store_from_the_file_names_the_file() {
    let env = Epct::new();
    let not_a_dir = env.file("store-file", "not a directory");
    let config = env.write_default_config(&format!("trust-store = \"{}\"\n", not_a_dir.display()));
    env.epct_without_pin()
        .env_remove("EPCT_TRUST_STORE")
        .args(["trust", "list"])
        .fails(
            ExitCode::Failure,
            &format!(
                "; the trust store comes from trust-store = \"{}\" in {}",
                not_a_dir.display(),
                config.display()
            ),
        );
}

#[test]
fn a_state_directory_from_the_file_that_cannot_hold_the_ledger_names_the_file() {
    let exchange = common::exchange::pair(2);
    let env = &exchange.env;
    exchange.sent_to_fr();
    let blocked = env.file("blocked", "a file, not a directory");
    let state_dir = blocked.join("epct");
    let config = env.write_default_config(&format!("state-dir = \"{}\"\n", state_dir.display()));
    exchange.receive().fails_after_report(
        ExitCode::Failure,
        &format!(
            "; the state directory comes from state-dir = \"{}\" in {}",
            state_dir.display(),
            config.display()
        ),
    );
    assert_eq!(exchange.files("received"), Default::default());
}

#[test]
fn a_bad_deadline_in_the_file_names_the_file() {
    let env = Epct::new();
    let config = env.write_default_config("deadline = \"soon\"\n");
    env.epct_without_pin()
        .args(["exchange", "status", "--out-dir", "out"])
        .fails(
            ExitCode::Usage,
            &format!(
                "error: deadline = \"soon\" in {} is not a date; write it as YYYY-MM-DD",
                config.display()
            ),
        );
}

#[test]
fn a_malformed_pin_source_from_the_file_names_the_file_not_the_value_again() {
    let env = Epct::with_token("BE");
    let config = env.write_default_config("pin-source = \"1234\"\n");
    let line = env.epct_without_pin().args(["key", "list"]).fails(
        ExitCode::Usage,
        &format!(
            "; the PIN source comes from pin-source in {}",
            config.display()
        ),
    );
    let (_, named) = line.split_once("; the PIN source comes from").unwrap();
    assert!(!named.contains("1234"), "{line}");
    let line = env
        .epct_without_pin()
        .env("EPCT_PIN_SOURCE", "1234")
        .args(["key", "list"])
        .fails(
            ExitCode::Usage,
            "; the PIN source comes from $EPCT_PIN_SOURCE",
        );
    let (_, named) = line.split_once("; the PIN source comes from").unwrap();
    assert!(!named.contains("1234"), "{line}");
}
