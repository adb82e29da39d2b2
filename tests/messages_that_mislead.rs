//! Messages that used to mislead (issue 13, point 14), each case performed for real: the
//! one-line error says what went wrong and, after "; ", what to do (the JSON hint),
//! with its exit code, and nothing is written.

mod common;

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// OpenSC's PKCS#11 module, which finds its readers through pcscd.
const OPENSC: &str = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";

/// A token BE with key `be` and no certificate yet.
fn token_with_key() -> Epct {
    let env = Epct::with_token("BE");
    env.epct()
        .args(["key", "generate", "--label", "be", "--type", "rsa2048"])
        .assert()
        .success();
    env
}

/// The certificates stored on token BE, as `cert list --json` gives them.
fn certificates(env: &Epct) -> Vec<serde_json::Value> {
    let list = env.epct().args(["cert", "list"]).json();
    list["certificates"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_certificate_request_given_to_cert_import_says_how_to_get_a_certificate() {
    let env = token_with_key();
    env.epct()
        .args([
            "cert",
            "request",
            "--key",
            "be",
            "--subject",
            "CN=BE",
            "--pem",
        ])
        .args(["--out", "be.csr"])
        .assert()
        .success();
    env.epct()
        .args(["cert", "request", "--key", "be", "--subject", "CN=BE"])
        .args(["--out", "be-der.csr"])
        .assert()
        .success();
    for request in ["be.csr", "be-der.csr"] {
        let line = env
            .epct()
            .args(["cert", "import", "--key", "be", request])
            .fails(
                ExitCode::Failure,
                "is a certificate request (CSR), not a certificate",
            );
        assert_eq!(
            line,
            format!(
                "error: {request} is a certificate request (CSR), not a certificate; send it \
                 to your certification authority and import the certificate it issues with \
                 epct cert import"
            )
        );
        let json = env
            .epct()
            .args(["cert", "import", "--key", "be", request])
            .json_exiting(ExitCode::Failure);
        assert!(
            json["error"]["hint"]
                .as_str()
                .unwrap()
                .starts_with("send it to your certification authority"),
            "{json}"
        );
        assert!(certificates(&env).is_empty(), "nothing stored");
    }
}

#[test]
fn a_certificate_given_to_inspect_says_it_is_a_certificate_and_what_reads_it() {
    let env = Epct::new();
    let (_, pem) = env.software_key("partner", "rsa:2048");
    let der = env.path("partner.der");
    run(Command::new("openssl")
        .args(["x509", "-outform", "DER", "-in"])
        .arg(&pem)
        .arg("-out")
        .arg(&der));
    for file in ["partner.pem", "partner.der"] {
        let line = env
            .epct()
            .args(["inspect", file])
            .fails(ExitCode::Failure, "is an X.509 certificate, not a CMS file");
        assert!(
            line.ends_with(
                "; read it with openssl x509 -noout -text -in FILE, or check it against the \
                 trusted lists with epct trust check FILE"
            ),
            "{line}"
        );
        env.epct()
            .args(["verify", file, "--out", "out.txt", "--no-trust-check"])
            .fails(ExitCode::Failure, "is an X.509 certificate, not a CMS file");
        env.nothing_left_behind("out.txt");
    }
}

#[test]
fn encrypt_takes_a_country_of_the_partner_directory_as_seal_does() {
    let pair = exchange::pair(3);
    let env = &pair.env;
    let encrypted = pair
        .epct()
        .args(["encrypt", "be.csv", "--to", "FR", "--out", "be.p7m"])
        .json();
    let recipients = encrypted["envelope"]["recipients"].as_array().unwrap();
    assert_eq!(recipients.len(), 1, "{encrypted}");
    assert!(
        recipients[0].as_str().unwrap().contains("CN=fr"),
        "{encrypted}"
    );
    pair.epct()
        .args(["--token", "FR", "decrypt", "be.p7m", "--out", "be.csv.out"])
        .assert()
        .success();
    assert_eq!(
        fs::read(env.path("be.csv.out")).unwrap(),
        fs::read(env.path("be.csv")).unwrap()
    );
    let line = pair
        .epct()
        .args(["encrypt", "be.csv", "--to", "LU", "--out", "lu.p7m"])
        .fails(
            ExitCode::Usage,
            "the partner directory has no recipient 'LU'",
        );
    assert!(
        line.contains("; give a country code or authority name"),
        "{line}"
    );
    env.nothing_left_behind("lu.p7m");
}

#[test]
fn a_sha1_signature_names_its_signer_and_is_refused_as_too_weak() {
    let env = Epct::new();
    let (key, cert) = env.software_key("Mairie", "rsa:2048");
    env.file("in.txt", b"voter;Dupont;Marie\n");
    run(Command::new("openssl")
        .current_dir(env.dir())
        .args(["cms", "-sign", "-md", "sha1", "-binary", "-nodetach"])
        .args([
            "-in", "in.txt", "-outform", "DER", "-out", "old.p7s", "-signer",
        ])
        .arg(&cert)
        .arg("-inkey")
        .arg(&key));
    let out = env
        .epct()
        .args(["verify", "old.p7s", "--out", "out.txt", "--no-trust-check"])
        .fails_after_report(ExitCode::Verification, "the signature of 'CN=Mairie'");
    let line = one_line_error(&out.stderr);
    assert_eq!(
        line,
        "error: the signature of 'CN=Mairie' cannot be accepted: SHA-1 is a legacy \
         algorithm, too weak to trust; use --allow-legacy to read it anyway"
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("  signer: CN=Mairie\n"), "{report}");
    assert!(!report.contains("unknown"), "{report}");
    assert!(
        report.contains("signature: RSA PKCS#1 v1.5 with SHA-1"),
        "{report}"
    );
    env.nothing_left_behind("out.txt");
}

#[test]
fn a_wrong_pin_source_is_not_echoed_and_the_accepted_forms_are_named() {
    let env = Epct::with_token("BE");
    let expected = "error: the PIN source is none that epct reads (not shown here: it may be \
                    the PIN itself); give prompt, env:VAR, file:PATH or fd:N, never the PIN";
    for source in ["731942", "pin:731942", "fd:731942", "env:", "731942:x"] {
        let line = env
            .epct_without_pin()
            .args(["--pin-source", source, "key", "list"])
            .fails(ExitCode::Usage, "the PIN source is none that epct reads");
        assert_eq!(line, expected, "{source}");
        let line = env
            .epct_without_pin()
            .env("EPCT_PIN_SOURCE", source)
            .args(["key", "list"])
            .fails(ExitCode::Usage, "the PIN source is none that epct reads");
        assert!(!line.contains("731942"), "{line}");
        let out = env
            .epct_without_pin()
            .args(["--json", "--pin-source", source, "key", "list"])
            .output()
            .unwrap();
        assert!(!String::from_utf8_lossy(&out.stdout).contains("731942"));
        assert!(!String::from_utf8_lossy(&out.stderr).contains("731942"));
        assert_eq!(
            parse_json(&out)["error"]["hint"],
            "give prompt, env:VAR, file:PATH or fd:N, never the PIN"
        );
    }
}

/// `epct token list` on OpenSC's module, reaching pcscd at `socket`.
fn opensc_token_list(env: &Epct, socket: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = env.epct_without_pin();
    cmd.env("PCSCLITE_CSOCK_NAME", socket)
        .args(["--module", OPENSC, "token", "list"]);
    cmd
}

#[test]
fn token_list_without_the_smart_card_service_says_to_start_it() {
    let env = Epct::new();
    let line = opensc_token_list(&env, &env.path("pcscd.comm")).fails(
        ExitCode::Token,
        "no smart card reader is visible: the smart card service (pcscd) is not running",
    );
    assert!(
        line.ends_with(
            "; start it (sudo systemctl start pcscd.socket), connect the reader, and run \
             epct token list again"
        ),
        "{line}"
    );
}

/// A real pcscd, run in a private mount namespace (`unshare`, as root) whose
/// `/run/pcscd` is `dir`: its socket appears as `dir/pcscd.comm`, and the system's
/// service, if any, is left alone. Killed on drop.
struct PrivatePcscd(std::process::Child);

impl PrivatePcscd {
    fn start(dir: &std::path::Path) -> Self {
        fs::create_dir_all(dir).unwrap();
        let child = Command::new("unshare")
            .args(["--mount", "--propagation", "private", "sh", "-c"])
            .arg("mkdir -p /run/pcscd && mount --bind \"$1\" /run/pcscd && exec pcscd -f")
            .arg("sh")
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("unshare and pcscd run");
        let socket = dir.join("pcscd.comm");
        let started = Instant::now();
        while std::os::unix::net::UnixStream::connect(&socket).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "pcscd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        PrivatePcscd(child)
    }
}

impl Drop for PrivatePcscd {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn token_list_with_the_service_but_no_reader_says_to_connect_one() {
    let env = Epct::new();
    let _pcscd = PrivatePcscd::start(&env.path("pcscd"));
    let line = opensc_token_list(&env, &env.path("pcscd/pcscd.comm")).fails(
        ExitCode::Token,
        "no smart card reader is connected to this computer",
    );
    assert!(
        line.ends_with("; connect the reader, insert the card, and run epct token list again"),
        "{line}"
    );
}

#[test]
fn several_tokens_are_named_with_how_to_choose_one() {
    let env = Epct::with_token("BE-MFA");
    env.add_token("BE-BOSA");
    let line = env
        .epct()
        .args(["key", "list"])
        .fails(ExitCode::Usage, "2 tokens are present ('");
    assert!(
        line.contains("'BE-MFA' (serial ") && line.contains("'BE-BOSA' (serial "),
        "{line}"
    );
    assert!(
        line.contains("; choose one with --token LABEL (e.g. --token BE-")
            && line
                .ends_with(") or EPCT_TOKEN, or give a key by a label that only one of them holds"),
        "{line}"
    );
    assert!(!line.contains("any token"), "{line}");
}
