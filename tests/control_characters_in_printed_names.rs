//! Names from outside never add a line to what epct prints: a file name, a trusted
//! list's names and a certificate's subject with newlines and escape sequences are
//! printed escaped, in text and in JSON.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::trust::*;
use common::*;

/// A line that a hostile name would like to add.
const FAKE: &str = "  BE-to-FR-2026-01-01-voters.p7m: received from FPS Interior (BE): 8 rows";

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// No raw control character but the line ends, and no line that is `FAKE`.
fn no_injected_line(text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "a raw control character in: {text:?}"
    );
    assert!(
        !text.lines().any(|l| l.starts_with(FAKE.trim_end())),
        "an injected line in: {text}"
    );
}

#[test]
fn a_file_name_with_a_newline_cannot_inject_a_received_line() {
    let env = Epct::with_token("FR");
    let ca = TestCa::new(env.dir(), "HOME");
    let fr = env.certified_key("FR", "fr", "rsa2048", &ca);
    env.file(
        "partners.csv",
        format!(
            "country,authority,role,certificate\nFR,Intérieur,recipient,{}\n",
            fr.display()
        ),
    );
    env.epct()
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    let inbox = env.path("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::create_dir_all(env.path("received")).unwrap();
    let name = format!("x\n{FAKE}\r\u{1b}[1A\u{9b}2K.p7m");
    std::fs::write(inbox.join(&name), b"not a CMS file").unwrap();

    let receive = || {
        let mut cmd = env.epct();
        cmd.args([
            "--token", "FR", "exchange", "receive", "inbox", "--key", "fr",
        ])
        .args(["--out-dir", "received", "--force"]);
        cmd
    };
    let out = receive().output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Failure)),
        "{out:?}"
    );
    let text = stdout(&out);
    no_injected_line(&text);
    assert_eq!(
        text.lines().count(),
        4,
        "summary, one file, election date, report: {text}"
    );
    assert!(
        text.contains(&format!(
            "x\\n{FAKE}\\r\\u{{1b}}[1A\\u{{9b}}2K.p7m: FAILED:"
        )),
        "{text}"
    );
    one_line_error(&out.stderr);

    let out = receive().arg("--json").output().unwrap();
    let json = stdout(&out);
    assert!(
        !json.chars().any(|c| c.is_control() && c != '\n'),
        "{json:?}"
    );
    assert_eq!(parse_json(&out)["files"][0]["file"], name.as_str());
    let reports = common::exchange::receive_reports(&env.path("received"), "json");
    let written = fs::read_to_string(reports.last().unwrap()).unwrap();
    assert!(
        !written.chars().any(|c| c.is_control() && c != '\n'),
        "{written:?}"
    );
    assert!(written.contains("[1A\\u009b2K.p7m"), "{written}");
}

/// A store with a list whose service and operator names carry a line of their own.
fn store_with_hostile_names(env: &Epct) {
    let mut services = standard_services();
    services[0].name = "EPCT Test Root CA\n  status:   granted since 1970";
    let list = signed_list_of(
        env.dir(),
        "XT",
        1,
        &services,
        "tl-signer",
        "Operator\nXT   national            99",
    );
    env.epct_without_pin()
        .args(["trust", "import", "--at", "2019-08-02", "--signer-cert"])
        .arg(pki("tl-signer.pem"))
        .arg(list)
        .assert()
        .success();
}

#[test]
fn a_service_name_with_a_newline_prints_escaped_in_trust_check_and_trust_list() {
    let env = Epct::new();
    store_with_hostile_names(&env);

    let out = env
        .epct_without_pin()
        .args(["trust", "check", "--at", "2019-09-05"])
        .arg(pki("valid.pem"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    no_injected_line(&text);
    assert!(
        text.contains("  service:  EPCT Test Root CA\\n  status:   granted since 1970 (CA/QC)"),
        "{text}"
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with("  status:")).count(),
        1
    );

    let out = env
        .epct_without_pin()
        .args(["trust", "list", "--at", "2019-09-05"])
        .output()
        .unwrap();
    let text = stdout(&out);
    no_injected_line(&text);
    assert_eq!(text.lines().count(), 2, "header and one list: {text}");
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .ends_with("Operator\\nXT   national            99"),
        "{text}"
    );
    let json = env
        .epct_without_pin()
        .args(["trust", "list", "--at", "2019-09-05"])
        .json();
    assert_eq!(
        json["lists"][0]["operator"],
        "Operator\nXT   national            99"
    );
}

/// A key and self-signed certificate whose subject's CN carries a line of its own and a
/// terminal escape, made by OpenSSL, and a file it signed.
fn signed_by_hostile_subject(dir: &Path) -> std::path::PathBuf {
    let cn = "Evil\n  integrity: intact\n  trust: trusted at 2026-01-01\u{1b}[2K\u{9b}1A\u{202e}";
    run(Command::new("openssl")
        .current_dir(dir)
        .args(["req", "-x509", "-nodes", "-days", "30", "-utf8"])
        .args(["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"])
        .args(["-keyout", "evil.key", "-out", "evil.pem"])
        .arg("-subj")
        .arg(format!("/O=Test/CN={cn}")));
    std::fs::write(dir.join("content.txt"), b"hello\n").unwrap();
    run(Command::new("openssl")
        .current_dir(dir)
        .args(["cms", "-sign", "-nodetach", "-binary", "-outform", "DER"])
        .args(["-signer", "evil.pem", "-inkey", "evil.key"])
        .args(["-in", "content.txt", "-out", "signed.p7m"]));
    dir.join("signed.p7m")
}

#[test]
fn a_certificate_subject_with_control_characters_prints_escaped_in_verify_and_inspect() {
    let env = Epct::new();
    let signed = signed_by_hostile_subject(env.dir());

    let out = env
        .epct_without_pin()
        .args(["verify", "--no-trust-check"])
        .arg(&signed)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    no_injected_line(&text);
    assert_eq!(
        text.lines()
            .filter(|l| l.trim_start().starts_with("integrity:"))
            .count(),
        1,
        "{text}"
    );
    assert!(
        text.contains(
            "Evil\\0a  integrity: intact\\0a  trust: trusted at 2026-01-01\\1b[2K\\u{9b}1A\\u{202e}"
        ),
        "{text}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("trust: trusted")),
        "{text}"
    );

    let out = env
        .epct_without_pin()
        .arg("inspect")
        .arg(&signed)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    no_injected_line(&text);
    assert!(text.contains("Evil\\0a  integrity: intact"), "{text}");
    assert!(
        !text.lines().any(|l| l.starts_with("  integrity:")),
        "{text}"
    );

    let out = env
        .epct_without_pin()
        .args(["--json", "verify", "--no-trust-check"])
        .arg(&signed)
        .output()
        .unwrap();
    let json = stdout(&out);
    assert!(
        !json.chars().any(|c| c.is_control() && c != '\n'),
        "{json:?}"
    );
    let subject = parse_json(&out)["signers"][0]["certificate"]["subject"].clone();
    assert!(
        subject
            .as_str()
            .unwrap()
            .ends_with("\\1b[2K\u{9b}1A\u{202e},O=Test"),
        "{subject}"
    );
}

#[test]
fn a_column_name_with_a_newline_prints_escaped_in_data_validate() {
    let env = Epct::new();
    let file = env.file(
        "voters.csv",
        "record_type,surname,given_names,date_of_birth,place_of_birth,nationality,\
         residence_country,residence_address,\"x\nerror: line 2: fake\u{1b}[2K\"\n\
         voter,Müller,Jürgen,1970-05-01,München,DE,BE,Rue de la Loi 1,\n",
    );
    let out = env
        .epct_without_pin()
        .args(["data", "validate", "--election-date", "2026-06-01"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    assert!(!text.lines().any(|l| l.starts_with("error:")), "{text}");
    assert!(
        text.contains("warning: line 1, column x\\nerror: line 2: fake\\u{1b}[2K: not a column"),
        "{text}"
    );
}
