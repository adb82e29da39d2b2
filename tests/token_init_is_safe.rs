//! `token init` never erases a token holding objects without `--force` or the token's
//! label typed at a terminal, says what it destroys, reads and checks every PIN before
//! it touches the token (mismatching PINs, Ctrl-C or a closed input at the prompt, a
//! PIN the token would refuse, a wrong SO PIN: all leave the token as it was), and
//! keeps or changes the SO PIN as the docs say.

mod common;

use common::terminal::{at_terminal, detached};
use common::*;

/// A token BE-MFA holding a key `sign` with its self-signed certificate.
fn token_with_a_key() -> Epct {
    let env = Epct::with_signing_key("BE-MFA", "sign");
    env.pin_file("so", format!("{SO_PIN}\n"));
    env.pin_file("new-user", "24682468\n");
    env
}

/// The labels of the initialised tokens, as `token list` gives them.
fn initialised(env: &Epct) -> Vec<String> {
    let list = env.epct().args(["token", "list"]).json();
    list["slots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["token"]["flags"]["initialized"] == true)
        .map(|s| s["token"]["label"].as_str().unwrap().to_owned())
        .collect()
}

/// The key `sign` is still on BE-MFA, with the old user PIN.
fn key_is_still_there(env: &Epct) {
    let keys = env.epct().args(["key", "list"]).json();
    assert_eq!(keys["token"], "BE-MFA");
    assert_eq!(keys["keys"][0]["label"], "sign", "{keys}");
}

/// `token init --label LABEL` away from a terminal, its PINs from the files of
/// [`token_with_a_key`].
fn init(env: &Epct, label: &str) -> assert_cmd::Command {
    let mut cmd = detached(env);
    cmd.args(["token", "init", "--label", label]).args([
        "--so-pin-source",
        "file:so",
        "--pin-source",
        "file:new-user",
    ]);
    cmd
}

fn reinit(env: &Epct) -> assert_cmd::Command {
    let mut cmd = init(env, "BE-NEW");
    cmd.args(["--token", "BE-MFA"]);
    cmd
}

#[test]
fn a_token_holding_keys_is_not_erased_without_force_and_the_refusal_lists_them() {
    let env = token_with_a_key();
    let line = reinit(&env).fails(ExitCode::Usage, "give --force");
    assert!(line.contains("keys 'sign'"), "{line}");
    assert!(line.contains("certificates 'sign'"), "{line}");
    assert!(line.contains("CN=BE signer"), "{line}");
    key_is_still_there(&env);
}

#[test]
fn with_force_the_token_is_erased_whole_and_keeps_its_so_pin() {
    let env = token_with_a_key();
    let done = reinit(&env).arg("--force").json();
    assert_eq!(done["label"], "BE-NEW");
    assert_eq!(done["so_pin"], "kept");
    assert!(
        done["erased"]["keys"][0]
            .as_str()
            .unwrap()
            .contains("'sign'")
    );
    assert_eq!(initialised(&env), ["BE-NEW"]);
    // The new user PIN logs in and the token is empty; the old SO PIN still works.
    let keys = env
        .epct_without_pin()
        .args(["--pin-source", "file:new-user", "key", "list"])
        .json();
    assert_eq!(keys["keys"].as_array().unwrap().len(), 0);
    env.pin_file("other-so", "13572468\n");
    env.epct_without_pin()
        .args(["--pin-source", "file:so", "token", "change-pin", "--so"])
        .args(["--new-pin-source", "file:other-so"])
        .assert()
        .success();
}

#[test]
fn a_token_named_only_by_the_environment_or_the_configuration_is_never_the_one_erased() {
    let env = token_with_a_key();
    let done = init(&env, "BE-NEW")
        .arg("--force")
        .env("EPCT_TOKEN", "BE-MFA")
        .json();
    assert_eq!(done["label"], "BE-NEW", "{done}");
    assert!(done["erased"].is_null(), "a free slot: {done}");
    env.write_default_config("token = \"BE-MFA\"\n");
    let done = init(&env, "BE-OTHER").arg("--force").json();
    assert!(done["erased"].is_null(), "a free slot: {done}");
    let mut labels = initialised(&env);
    labels.sort();
    assert_eq!(labels, ["BE-MFA", "BE-NEW", "BE-OTHER"]);
    key_is_still_there(&env);
}

#[test]
fn a_new_so_pin_source_replaces_the_so_pin_in_the_same_step() {
    let env = token_with_a_key();
    env.pin_file("new-so", "87654321\n");
    let done = reinit(&env)
        .args(["--force", "--new-so-pin-source", "file:new-so"])
        .json();
    assert_eq!(done["so_pin"], "changed");
    env.epct_without_pin()
        .args(["--pin-source", "file:so", "token", "change-pin", "--so"])
        .args(["--new-pin-source", "file:new-so"])
        .fails(ExitCode::Token, "wrong PIN");
    env.epct_without_pin()
        .args(["--pin-source", "file:new-so", "token", "change-pin", "--so"])
        .args(["--new-pin-source", "file:so"])
        .assert()
        .success();
}

#[test]
fn a_wrong_so_pin_erases_nothing() {
    let env = token_with_a_key();
    env.pin_file("so", "00000000\n");
    reinit(&env)
        .arg("--force")
        .fails(ExitCode::Token, "wrong PIN");
    key_is_still_there(&env);
}

#[test]
fn a_user_pin_the_token_would_refuse_is_refused_before_the_erase() {
    let env = token_with_a_key();
    env.pin_file("new-user", "12\n");
    reinit(&env)
        .arg("--force")
        .fails(ExitCode::Token, "the PIN must have 4 to 255 characters");
    key_is_still_there(&env);
    // A fresh slot is not initialised with a short user PIN either.
    let fresh = Epct::new();
    fresh.pin_file("so", format!("{SO_PIN}\n"));
    fresh.pin_file("short", "12\n");
    detached(&fresh)
        .args(["token", "init", "--label", "DE-BMI"])
        .args(["--so-pin-source", "file:so", "--pin-source", "file:short"])
        .fails(ExitCode::Token, "the PIN must have");
    assert!(initialised(&fresh).is_empty());
}

#[test]
fn typing_the_label_at_a_terminal_confirms_the_erase_and_anything_else_stops_it() {
    let env = token_with_a_key();
    let args = [
        "--token",
        "BE-MFA",
        "token",
        "init",
        "--label",
        "BE-NEW",
        "--so-pin-source",
        "file:so",
        "--pin-source",
        "file:new-user",
    ];
    let stopped = at_terminal(&env, &args, &["yes\n"]);
    stopped.shows(
        ExitCode::Usage,
        &["erasing it destroys keys 'sign'", "not confirmed"],
    );
    key_is_still_there(&env);
    let confirmed = at_terminal(&env, &args, &["BE-MFA\n"]);
    confirmed.shows(ExitCode::Success, &[]);
    assert_eq!(initialised(&env), ["BE-NEW"]);
}

/// New PINs at the terminal: `token init` on a free slot asks for the SO PIN twice and
/// the user PIN twice.
fn init_at_terminal(env: &Epct, typed: &[&str]) -> common::terminal::AtTerminal {
    at_terminal(env, &["token", "init", "--label", "DE-BMI"], typed)
}

#[test]
fn mismatching_new_pins_at_the_terminal_leave_the_slot_uninitialised() {
    let env = Epct::new();
    let so_differs = init_at_terminal(&env, &["12345678\n", "12345679\n"]);
    so_differs.shows(ExitCode::Token, &["the two new PINs differ"]);
    assert!(initialised(&env).is_empty());
    let user_differs = init_at_terminal(&env, &["12345678\n", "12345678\n", "2468\n", "2469\n"]);
    user_differs.shows(ExitCode::Token, &[]);
    assert!(initialised(&env).is_empty(), "{}", user_differs.screen);
    let matching = init_at_terminal(&env, &["12345678\n", "12345678\n", "2468\n", "2468\n"]);
    matching.shows(ExitCode::Success, &[]);
    assert_eq!(initialised(&env), ["DE-BMI"]);
}

#[test]
fn ctrl_c_or_a_closed_input_at_the_prompt_leaves_the_slot_uninitialised() {
    let env = Epct::new();
    let interrupted = init_at_terminal(&env, &["12345678\n", "12345678\n", "\x03"]);
    assert_ne!(interrupted.code, Some(0), "{}", interrupted.screen);
    assert!(initialised(&env).is_empty(), "{}", interrupted.screen);
    let closed = init_at_terminal(&env, &["12345678\n", "12345678\n", "2468\n"]);
    assert_ne!(closed.code, Some(0), "{}", closed.screen);
    assert!(initialised(&env).is_empty(), "{}", closed.screen);
}

#[test]
fn the_so_pin_source_comes_from_epct_so_pin_source_and_the_flag_wins_over_it() {
    let env = Epct::new();
    env.pin_file("so", format!("{SO_PIN}\n"));
    // A source naming an unset variable: refused before the slot is touched.
    env.epct()
        .env("EPCT_SO_PIN_SOURCE", "env:EPCT_NO_SUCH_VARIABLE")
        .args(["token", "init", "--label", "BE-ELECTIONS"])
        .fails(ExitCode::Token, "EPCT_NO_SUCH_VARIABLE");
    assert!(initialised(&env).is_empty());
    // The flag wins over the environment.
    env.epct()
        .env("EPCT_SO_PIN_SOURCE", "env:EPCT_NO_SUCH_VARIABLE")
        .args(["token", "init", "--label", "BE-ELECTIONS"])
        .args(["--so-pin-source", "file:so"])
        .assert()
        .success();
    assert_eq!(initialised(&env), ["BE-ELECTIONS"]);
}
