//! `epct seal` and `epct open` between two states' SoftHSM2 tokens, and every way an
//! open can fail: each with its exit code, a one-line error, and no output left.

mod common;

use std::fs;

use common::*;
use predicates::str::contains;

/// Two states on two tokens, each with a key certified by its own test CA.
struct TwoStates {
    env: Epct,
    de_cert: std::path::PathBuf,
}

fn two_states(be_type: &str, de_type: &str) -> TwoStates {
    let env = Epct::with_token("BE");
    env.add_token("DE");
    let be_ca = TestCa::new(env.dir(), "BE");
    let de_ca = TestCa::new(env.dir(), "DE");
    env.certified_key("BE", "be-key", be_type, &be_ca);
    let de_cert = env.certified_key("DE", "de-key", de_type, &de_ca);
    TwoStates { env, de_cert }
}

impl TwoStates {
    fn seal(&self, input: &str, out: &str, extra: &[&str]) -> std::process::Output {
        self.env
            .epct()
            .args([
                "--token", "BE", "seal", input, "--key", "be-key", "--out", out, "--to",
            ])
            .arg(&self.de_cert)
            .args(extra)
            .output()
            .unwrap()
    }

    fn open(&self, token: &str, key: &str, input: &str, out: &str) -> std::process::Output {
        self.open_command(token, key, input, out).output().unwrap()
    }

    fn open_command(&self, token: &str, key: &str, input: &str, out: &str) -> assert_cmd::Command {
        let mut cmd = self.env.epct();
        cmd.args(["--token", token, "open", input, "--key", key, "--out", out])
            .args(["--no-trust-check", "--any-signer"]);
        cmd
    }

    /// Asserts that opening `input` fails with `code` and `message`, leaving nothing
    /// behind.
    fn open_fails(&self, input: &str, code: ExitCode, message: &str) {
        self.open_command("DE", "de-key", input, "opened.csv")
            .fails_after_report(code, message);
        self.env.nothing_left_behind("opened.csv");
    }
}

#[test]
fn every_key_type_seals_and_opens_between_two_states() {
    for (be_type, de_type) in [
        ("rsa2048", "rsa3072"),
        ("rsa4096", "p256"),
        ("p256", "p384"),
        ("p384", "rsa2048"),
    ] {
        let states = two_states(be_type, de_type);
        let content = sample_content(300_000);
        fs::write(states.env.path("voters.csv"), &content).unwrap();
        let out = states.seal("voters.csv", "voters.p7m", &[]);
        assert!(out.status.success(), "{be_type}->{de_type}: {out:?}");
        // The receiving state opens it, and so does the sender.
        for (token, key) in [("DE", "de-key"), ("BE", "be-key")] {
            let target = format!("{token}.csv");
            let opened = states.open(token, key, "voters.p7m", &target);
            assert!(
                opened.status.success(),
                "{be_type}->{de_type} {token}: {opened:?}"
            );
            assert_eq!(fs::read(states.env.path(&target)).unwrap(), content);
            let text = String::from_utf8_lossy(&opened.stdout);
            assert!(text.contains("signer: CN=be-key,O=Test BE,C=BE"), "{text}");
            assert!(text.contains("integrity: intact"), "{text}");
            assert!(
                text.contains("trust: NOT CHECKED: trust was not checked (--no-trust-check)"),
                "{text}"
            );
        }
    }
}

#[test]
fn cbc_pem_and_pss_variants_open_with_the_same_content() {
    let states = two_states("rsa2048", "p256");
    let content = sample_content(70_000);
    fs::write(states.env.path("in.csv"), &content).unwrap();
    for (name, extra) in [
        ("cbc", &["--cipher", "aes256-cbc"][..]),
        ("pem", &["--pem"][..]),
        ("pss", &["--signature-algorithm", "rsa-pss-sha384"][..]),
        ("gcm128", &["--cipher", "aes128-gcm"][..]),
    ] {
        let sealed = format!("{name}.p7m");
        let out = states.seal("in.csv", &sealed, extra);
        assert!(out.status.success(), "{name}: {out:?}");
        let opened = format!("{name}.csv");
        let out = states.open("DE", "de-key", &sealed, &opened);
        assert!(out.status.success(), "{name}: {out:?}");
        assert_eq!(
            fs::read(states.env.path(&opened)).unwrap(),
            content,
            "{name}"
        );
    }
    let pem = fs::read_to_string(states.env.path("pem.p7m")).unwrap();
    assert!(pem.starts_with("-----BEGIN CMS-----\n"));
}

#[test]
fn empty_and_json_seal_report_what_was_done() {
    let states = two_states("p256", "p256");
    fs::write(states.env.path("empty.csv"), b"").unwrap();
    let out = states
        .env
        .epct()
        .args([
            "--json",
            "--token",
            "BE",
            "seal",
            "empty.csv",
            "--key",
            "be-key",
            "--out",
            "e.p7m",
            "--to",
        ])
        .arg(&states.de_cert)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let report = parse_json(&out);
    assert_eq!(report["envelope"]["structure"], "AuthEnvelopedData");
    assert_eq!(report["envelope"]["cipher"]["name"], "aes256-gcm");
    assert_eq!(
        report["envelope"]["recipients"].as_array().unwrap().len(),
        2
    );
    assert_eq!(report["signature"]["content_bytes"], 0);
    let opened = states
        .env
        .epct()
        .args([
            "--json", "--token", "DE", "open", "e.p7m", "--key", "de-key", "--out", "e.csv",
        ])
        .args(["--no-trust-check", "--any-signer"])
        .output()
        .unwrap();
    assert!(opened.status.success(), "{opened:?}");
    let verdict = parse_json(&opened);
    assert_eq!(verdict["signers"][0]["intact"], true);
    assert_eq!(
        verdict["signers"][0]["certificate"]["subject"],
        "CN=be-key,O=Test BE,C=BE"
    );
    assert_eq!(
        verdict["signers"][0]["signature_algorithm"]["name"],
        "ecdsa-sha256"
    );
    assert_eq!(verdict["signers"][0]["trust"]["verdict"], "not-checked");
    assert_eq!(fs::read(states.env.path("e.csv")).unwrap(), b"");
}

#[test]
fn a_flipped_byte_in_the_ciphertext_fails_authentication() {
    let states = two_states("rsa2048", "rsa2048");
    fs::write(states.env.path("in.csv"), sample_content(200_000)).unwrap();
    for (cipher, expected) in [
        ("aes256-gcm", "does not authenticate"),
        ("aes256-cbc", "was changed"),
    ] {
        let sealed = format!("{cipher}.p7m");
        assert!(
            states
                .seal("in.csv", &sealed, &["--cipher", cipher])
                .status
                .success()
        );
        let bytes = fs::read(states.env.path(&sealed)).unwrap();
        for at in [bytes.len() / 3, bytes.len() / 2] {
            let mut tampered = bytes.clone();
            tampered[at] ^= 0x01;
            fs::write(states.env.path("tampered.p7m"), &tampered).unwrap();
            states.open_fails("tampered.p7m", ExitCode::Verification, expected);
        }
    }
}

#[test]
fn a_truncated_file_is_refused_wherever_it_was_cut() {
    let states = two_states("p256", "rsa2048");
    fs::write(states.env.path("in.csv"), sample_content(150_000)).unwrap();
    assert!(states.seal("in.csv", "s.p7m", &[]).status.success());
    let bytes = fs::read(states.env.path("s.p7m")).unwrap();
    for cut in [
        0,
        7,
        300,
        bytes.len() / 2,
        bytes.len() - 20,
        bytes.len() - 1,
    ] {
        fs::write(states.env.path("cut.p7m"), &bytes[..cut]).unwrap();
        let expected = if cut < 10 {
            "not a CMS file"
        } else {
            "ends early"
        };
        states.open_fails("cut.p7m", ExitCode::Failure, expected);
    }
}

#[test]
fn a_file_for_another_key_names_its_recipients() {
    let states = two_states("rsa2048", "p256");
    states.env.add_token("FR");
    let fr_ca = TestCa::new(states.env.dir(), "FR");
    states.env.certified_key("FR", "fr-key", "p256", &fr_ca);
    fs::write(states.env.path("in.csv"), sample_content(1000)).unwrap();
    assert!(states.seal("in.csv", "s.p7m", &[]).status.success());
    let out = states.open("FR", "fr-key", "s.p7m", "opened.csv");
    assert_eq!(out.status.code(), Some(status(ExitCode::Failure)));
    let line = one_line_error(&out.stderr);
    assert!(line.contains("not encrypted for this key"), "{line}");
    assert!(
        line.contains("DE Test CA") && line.contains("BE Test CA"),
        "{line}"
    );
    states.env.nothing_left_behind("opened.csv");
}

#[test]
fn a_wrong_pin_opens_nothing() {
    let states = two_states("p256", "p256");
    fs::write(states.env.path("in.csv"), sample_content(1000)).unwrap();
    assert!(states.seal("in.csv", "s.p7m", &[]).status.success());
    states
        .env
        .epct_without_pin()
        .env("WRONG", "9999")
        .args([
            "--pin-source",
            "env:WRONG",
            "--token",
            "DE",
            "open",
            "s.p7m",
            "--key",
            "de-key",
            "--out",
            "o.csv",
        ])
        .arg("--no-trust-check")
        .fails(ExitCode::Token, "wrong PIN");
    states.env.nothing_left_behind("o.csv");
}

#[test]
fn garbage_and_unsigned_envelopes_are_refused() {
    let states = two_states("rsa2048", "rsa2048");
    fs::write(states.env.path("garbage.p7m"), b"this is not CMS at all").unwrap();
    states.open_fails("garbage.p7m", ExitCode::Failure, "not a CMS file");
    fs::write(states.env.path("in.csv"), sample_content(1000)).unwrap();
    states
        .env
        .epct()
        .args(["encrypt", "in.csv", "--out", "plain.p7m", "--to"])
        .arg(&states.de_cert)
        .assert()
        .success();
    states.open_fails("plain.p7m", ExitCode::Verification, "not signed");
}

#[test]
fn signed_content_modified_before_encryption_is_caught() {
    let states = two_states("rsa2048", "rsa2048");
    // A real SignedData whose content was changed after signing (EU DSS test data),
    // encrypted for DE by OpenSSL.
    let modified = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/third-party/cades/enveloping-content-modified.pkcs7");
    run(std::process::Command::new("openssl")
        .current_dir(states.env.dir())
        .args([
            "cms",
            "-encrypt",
            "-binary",
            "-aes-256-gcm",
            "-outform",
            "DER",
            "-out",
            "m.p7m",
            "-in",
        ])
        .arg(&modified)
        .arg(&states.de_cert));
    states.open_fails("m.p7m", ExitCode::Verification, "was changed");
}

#[test]
fn unknown_and_weak_ciphers_are_refused() {
    let states = two_states("rsa2048", "rsa2048");
    fs::write(states.env.path("in.csv"), sample_content(1000)).unwrap();
    for (cipher, expected) in [
        ("-camellia-256-cbc", "which epct does not support"),
        ("-des3", "3DES is too weak"),
    ] {
        let out = format!("{}.p7m", &cipher[1..]);
        run(std::process::Command::new("openssl")
            .current_dir(states.env.dir())
            .args([
                "cms", "-encrypt", "-binary", cipher, "-outform", "DER", "-in", "in.csv", "-out",
                &out,
            ])
            .arg(&states.de_cert));
        states.open_fails(&out, ExitCode::Failure, expected);
    }
}

#[test]
fn an_existing_output_is_kept_without_force() {
    let states = two_states("p256", "p256");
    fs::write(states.env.path("in.csv"), sample_content(1000)).unwrap();
    assert!(states.seal("in.csv", "s.p7m", &[]).status.success());
    fs::write(states.env.path("opened.csv"), b"keep me").unwrap();
    let out = states.open("DE", "de-key", "s.p7m", "opened.csv");
    assert_eq!(out.status.code(), Some(status(ExitCode::Failure)));
    assert!(one_line_error(&out.stderr).contains("exists already; use --force"));
    assert_eq!(fs::read(states.env.path("opened.csv")).unwrap(), b"keep me");
    let sealed_again = states.seal("in.csv", "s.p7m", &[]);
    assert_eq!(sealed_again.status.code(), Some(status(ExitCode::Failure)));
    states
        .env
        .epct()
        .args([
            "--token",
            "DE",
            "open",
            "s.p7m",
            "--key",
            "de-key",
            "--out",
            "opened.csv",
            "--force",
        ])
        .args(["--no-trust-check", "--any-signer"])
        .assert()
        .success()
        .stdout(contains("integrity: intact"));
    assert_eq!(
        fs::read(states.env.path("opened.csv")).unwrap(),
        sample_content(1000)
    );
}

#[test]
fn inspect_describes_a_sealed_file_without_a_key() {
    let states = two_states("rsa2048", "p384");
    fs::write(states.env.path("in.csv"), sample_content(5000)).unwrap();
    assert!(states.seal("in.csv", "s.p7m", &[]).status.success());
    let inspection = states
        .env
        .epct_without_pin()
        .args(["inspect", "s.p7m"])
        .json();
    assert_eq!(inspection["structure"], "AuthEnvelopedData");
    let kinds: Vec<&str> = inspection["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"key transport") && kinds.contains(&"key agreement"),
        "{kinds:?}"
    );
    assert_eq!(inspection["cipher"]["name"], "aes256-gcm");
    assert_eq!(inspection["cipher"]["oid"], "2.16.840.1.101.3.4.1.46");
}
