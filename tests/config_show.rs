//! `epct config show`: the file in effect, and every setting with its value and source
//! (default, file, environment, flag); every key of the configuration documented in
//! docs/configuration.md and shown; no secret printed.

mod common;

use std::path::Path;

use common::{Epct, ExitCode, Run};
use epct::config::Config;
use serde_json::Value;

/// The setting `key` of a `config show --json` report.
fn setting<'a>(report: &'a Value, key: &str) -> &'a Value {
    (report["settings"].as_array().unwrap().iter())
        .find(|s| s["name"] == key)
        .unwrap_or_else(|| panic!("{key} not shown: {report}"))
}

#[test]
fn every_key_is_documented_and_shown() {
    let docs = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/configuration.md"),
    )
    .unwrap();
    let report = Epct::new()
        .epct_without_pin()
        .args(["config", "show"])
        .json();
    let keys = Config::keys();
    assert!(keys.len() > 20, "{keys:?}");
    for key in &keys {
        assert!(
            docs.contains(&format!("\n| `{key}` |")),
            "{key} has no row in docs/configuration.md"
        );
        setting(&report, key);
    }
    assert_eq!(report["settings"].as_array().unwrap().len(), keys.len());
}

#[test]
fn each_setting_says_where_its_value_came_from() {
    let env = Epct::new();
    let config = env.write_default_config(
        "token = \"BE\"\nelection-date = \"2029-06-07\"\nplatform-timeout = 7\nkey = \"sign-2029\"\n",
    );
    let report = env
        .epct_without_pin()
        .env("EPCT_PIN_SOURCE", "env:MY_PIN")
        .args(["--module-init-args", "flags=readOnly", "config", "show"])
        .json();
    assert_eq!(report["file"], config.display().to_string());
    assert_eq!(report["file_source"], "default");

    let file = config.display().to_string();
    let expect = |key: &str, value: Value, source: &str, from: Option<&str>| {
        let s = setting(&report, key);
        assert_eq!(s["value"], value, "{key}: {s}");
        assert_eq!(s["source"], source, "{key}: {s}");
        assert_eq!(s["from"].as_str(), from, "{key}: {s}");
    };
    expect("token", "BE".into(), "file", Some(&file));
    expect("election-date", "2029-06-07".into(), "file", Some(&file));
    expect("platform-timeout", 7.into(), "file", Some(&file));
    expect("key", "sign-2029".into(), "file", Some(&file));
    expect("platform-retries", 4.into(), "default", None);
    expect("strict-declarations", false.into(), "default", None);
    expect(
        "pin-source",
        "env:MY_PIN".into(),
        "environment",
        Some("EPCT_PIN_SOURCE"),
    );
    let store = env.trust_store().display().to_string();
    expect(
        "trust-store",
        store.into(),
        "environment",
        Some("EPCT_TRUST_STORE"),
    );
    expect(
        "module-init-args",
        "flags=readOnly".into(),
        "flag",
        Some("--module-init-args"),
    );

    // A flag beats the environment and the file; the text gives the same.
    let text = env
        .epct_without_pin()
        .env("EPCT_TOKEN", "DE")
        .args(["--token", "FR", "config", "show"])
        .output()
        .unwrap();
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with(&format!("configuration file: {file} (the default place)\n")),
        "{text}"
    );
    let line = |key: &str| {
        (text.lines())
            .find(|l| l.split_whitespace().next() == Some(key))
            .unwrap_or_else(|| panic!("{key} not in {text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(line("token"), "token \"FR\" [flag --token]");
    assert_eq!(
        line("election-date"),
        format!("election-date \"2029-06-07\" [file {file}]")
    );
    assert_eq!(line("platform-retries"), "platform-retries 4 [default]");
    assert_eq!(line("platform"), "platform (not set) [default]");
    let store = env.trust_store().display().to_string();
    assert_eq!(
        line("trust-store"),
        format!("trust-store \"{store}\" [environment $EPCT_TRUST_STORE]")
    );
}

#[test]
fn the_file_may_come_from_the_environment_or_the_flag_or_be_missing() {
    let env = Epct::new();
    let other = env.file("site.toml", "election = \"EP-2029\"\n");
    let report = env
        .epct_without_pin()
        .env("EPCT_CONFIG", &other)
        .args(["config", "show"])
        .json();
    assert_eq!(report["file"], other.display().to_string());
    assert_eq!(report["file_source"], "environment");
    assert_eq!(setting(&report, "election")["value"], "EP-2029");
    let given = env
        .epct_without_pin()
        .arg("--config")
        .arg(&other)
        .args(["config", "show"])
        .json();
    assert_eq!(given["file_source"], "flag");
    assert_eq!(
        setting(&given, "election")["from"],
        other.display().to_string()
    );
    // A relative --config is shown as the absolute path of the file it named.
    let relative = env
        .epct_without_pin()
        .args(["--config", "site.toml", "config", "show"])
        .json();
    assert_eq!(relative["file"], other.display().to_string());
    assert_eq!(
        setting(&relative, "election")["from"],
        other.display().to_string()
    );

    let none = env
        .epct_without_pin()
        .args(["config", "show"])
        .output()
        .unwrap();
    let text = String::from_utf8(none.stdout).unwrap();
    assert!(
        text.starts_with(&format!(
            "configuration file: none found (looked for {})\n",
            env.default_config().display()
        )),
        "{text}"
    );
    let report = env.epct_without_pin().args(["config", "show"]).json();
    assert_eq!(report["file"], Value::Null);
    assert_eq!(
        report["looked_at"],
        env.default_config().display().to_string()
    );
    assert_eq!(setting(&report, "token")["value"], Value::Null);
}

#[test]
fn a_password_written_as_its_source_is_never_shown() {
    let env = Epct::new();
    env.write_default_config("platform-password-source = \"hunter2-secret\"\n");
    for json in [false, true] {
        let mut cmd = env.epct_without_pin();
        if json {
            cmd.arg("--json");
        }
        let out = cmd.args(["config", "show"]).output().unwrap();
        assert!(out.status.success());
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.contains("hunter2"), "{stdout}");
        assert!(stdout.contains("not shown"), "{stdout}");
    }
}

#[test]
fn an_unusable_file_is_one_line_and_exit_2() {
    let env = Epct::new();
    let config = env.write_default_config("no-such-key = 1\n");
    env.epct_without_pin().args(["config", "show"]).fails(
        ExitCode::Usage,
        &format!(
            "cannot use the configuration file {}: unknown field `no-such-key`",
            config.display()
        ),
    );
}
