//! Under `--json` a failure prints one JSON object on standard output,
//! `{"version": 1, "error": {"kind", "exit_code", "message", "hint"}}`, for every exit
//! code, and keeps its one line of text on standard error.

mod common;

use common::*;

/// Runs `cmd` with `--json`, asserts that it exits with `code`, that standard error
/// ends in one error line containing `text`, and returns the JSON document: the error
/// object alone, or the command's report with it as its `error` member.
fn json_error(cmd: &mut assert_cmd::Command, code: ExitCode, text: &str) -> serde_json::Value {
    let out = cmd.arg("--json").output().unwrap();
    assert_eq!(out.status.code(), Some(status(code)), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: ") && stderr.contains(text),
        "{stderr}"
    );
    let json = parse_json(&out);
    assert_eq!(json["version"], 1, "{json}");
    let error = &json["error"];
    assert_eq!(error["exit_code"], status(code), "{json}");
    for field in ["kind", "message", "hint"] {
        let value = error[field]
            .as_str()
            .unwrap_or_else(|| panic!("{field}: {json}"));
        assert!(!value.is_empty(), "{field} empty: {json}");
    }
    assert_eq!(error.as_object().unwrap().len(), 4, "four fields: {json}");
    json
}

#[test]
fn a_missing_input_is_an_error_object_of_exit_1() {
    let env = Epct::new();
    let json = json_error(
        env.epct().args(["inspect", "missing.p7m"]),
        ExitCode::Failure,
        "missing.p7m",
    );
    assert_eq!(json["error"]["kind"], "other");
}

#[test]
fn usage_errors_of_clap_and_of_epct_are_error_objects_of_exit_2() {
    let env = Epct::new();
    let json = json_error(
        env.epct().args(["inspect", "x.p7m", "--forse"]),
        ExitCode::Usage,
        "--forse",
    );
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--forse")
    );
    let json = json_error(
        env.epct().args([
            "encrypt", "x", "--to", "c.pem", "--out", "y", "--cipher", "des",
        ]),
        ExitCode::Usage,
        "unknown cipher",
    );
    assert_eq!(json["error"]["kind"], "usage");
    assert_eq!(json["error"]["message"], "unknown cipher 'des'");
    assert!(
        json["error"]["hint"]
            .as_str()
            .unwrap()
            .starts_with("use aes256-gcm"),
        "the remedy is the hint: {json}"
    );
}

#[test]
fn help_and_version_are_no_errors_under_json() {
    let env = Epct::new();
    for arg in ["--help", "--version"] {
        let out = env.epct().args(["--json", arg]).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("\"error\""));
    }
}

#[test]
fn a_signature_that_fails_is_an_error_object_of_exit_3() {
    let env = Epct::new();
    let (key, cert) = env.software_key("signer", "rsa:2048");
    env.file("content.txt", b"signed content\n");
    openssl(
        env.dir(),
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-outform",
            "DER",
            "-in",
            "content.txt",
            "-signer",
            cert.to_str().unwrap(),
            "-inkey",
            key.to_str().unwrap(),
            "-out",
            "signed.p7s",
        ],
    );
    let json = json_error(
        env.epct().args(["verify", "signed.p7s"]),
        ExitCode::Verification,
        "",
    );
    assert_eq!(json["error"]["kind"], "verification");
}

#[test]
fn an_invalid_data_file_is_an_error_object_of_exit_4_after_its_report() {
    let env = Epct::new();
    env.file(
        "voters.csv",
        "record_type,surname,given_names,date_of_birth,place_of_birth,nationality,residence_country,residence_address\n\
         voter,Dupont,Marie,1980-02-30,Liège,FR,BE,Rue 1\n",
    );
    let out = env
        .epct()
        .args(["--json", "data", "validate", "voters.csv"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::InvalidData)),
        "{out:?}"
    );
    // One JSON document: the report, with the error object first after its version.
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("{\n  \"version\": 1,\n  \"error\": {\n"),
        "{text}"
    );
    let json = parse_json(&out);
    assert_eq!(json["error"]["kind"], "invalid-data", "{json}");
    assert_eq!(json["summary"]["rows"], 1, "{json}");
    let last = &json;
    assert_eq!(last["error"]["exit_code"], 4);
}

#[test]
fn a_token_that_is_not_there_is_an_error_object_of_exit_5() {
    let env = Epct::with_token("BE");
    let json = json_error(
        env.epct().args(["--token", "NOPE", "key", "list"]),
        ExitCode::Token,
        "NOPE",
    );
    assert_eq!(json["error"]["kind"], "token");
}

#[test]
fn an_unreachable_platform_is_an_error_object_of_exit_6() {
    let pair = common::exchange::pair(2);
    let json = json_error(
        pair.epct().args([
            "--token",
            "FR",
            "exchange",
            "receive",
            "--key",
            "fr",
            "--out-dir",
            "received",
            "--platform",
            "http://127.0.0.1:9/epct",
            "--platform-retries",
            "0",
        ]),
        ExitCode::Platform,
        "",
    );
    assert_eq!(json["error"]["kind"], "platform");
}

#[test]
fn without_json_nothing_is_printed_on_standard_output() {
    let env = Epct::new();
    env.epct()
        .args(["inspect", "missing.p7m"])
        .fails(ExitCode::Failure, "missing.p7m");
}
