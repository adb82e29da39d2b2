//! `-` reads standard input and `--out -` writes standard output where that is safe; for
//! `open`, `decrypt` and `verify` the content is held in a private file and reaches
//! standard output only once it verified, so a file that fails gives nothing there.

mod common;

use std::fs;

use common::*;

fn two_states() -> (Epct, std::path::PathBuf) {
    let env = Epct::with_token("BE");
    env.add_token("DE");
    let be_ca = TestCa::new(env.dir(), "BE");
    let de_ca = TestCa::new(env.dir(), "DE");
    env.certified_key("BE", "be-key", "p256", &be_ca);
    let de_cert = env.certified_key("DE", "de-key", "rsa2048", &de_ca);
    (env, de_cert)
}

#[test]
fn seal_reads_standard_input_and_writes_standard_output_that_open_writes_out_again() {
    let (env, de_cert) = two_states();
    let content = sample_content(200_000);
    let out = env
        .epct()
        .args([
            "--token", "BE", "seal", "-", "--key", "be-key", "--out", "-", "--to",
        ])
        .arg(&de_cert)
        .write_stdin(content.clone())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("sealed - into -"),
        "the summary on stderr: {stderr}"
    );
    env.file("sealed.p7m", &out.stdout);
    let opened = env
        .epct()
        .args([
            "--token", "DE", "open", "-", "--key", "de-key", "--out", "-",
        ])
        .args(["--no-trust-check", "--any-signer"])
        .write_stdin(out.stdout)
        .output()
        .unwrap();
    assert!(opened.status.success(), "{opened:?}");
    assert_eq!(opened.stdout, content, "the content alone on stdout");
}

#[test]
fn open_to_standard_output_gives_nothing_from_a_file_that_fails() {
    let (env, de_cert) = two_states();
    env.file("voters.csv", sample_content(300_000));
    env.epct()
        .args([
            "--token",
            "BE",
            "encrypt",
            "voters.csv",
            "--out",
            "plain.p7m",
            "--to",
        ])
        .arg(&de_cert)
        .assert()
        .success();
    // Unsigned: decrypts and authenticates, but open refuses it (exit 3).
    let out = env
        .epct()
        .args([
            "--token",
            "DE",
            "open",
            "plain.p7m",
            "--key",
            "de-key",
            "--out",
            "-",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Verification)),
        "{out:?}"
    );
    assert!(
        out.stdout.is_empty(),
        "{} bytes on stdout",
        out.stdout.len()
    );
    // A tampered GCM envelope: decrypt gives nothing either (exit 3).
    let mut bytes = fs::read(env.path("plain.p7m")).unwrap();
    let at = bytes.len() - 5_000;
    bytes[at] ^= 1;
    env.file("tampered.p7m", &bytes);
    let out = env
        .epct()
        .args([
            "--token",
            "DE",
            "decrypt",
            "tampered.p7m",
            "--key",
            "de-key",
            "--out",
            "-",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Verification)),
        "{out:?}"
    );
    assert!(
        out.stdout.is_empty(),
        "{} bytes on stdout",
        out.stdout.len()
    );
    one_line_error(&out.stderr);
    // The intact envelope decrypts to standard output.
    let out = env
        .epct()
        .args([
            "--token",
            "DE",
            "decrypt",
            "plain.p7m",
            "--key",
            "de-key",
            "--out",
            "-",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(out.stdout, fs::read(env.path("voters.csv")).unwrap());
}

#[test]
fn sign_to_standard_output_verifies_with_openssl() {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "BE");
    env.certified_key("BE", "be-key", "rsa2048", &ca);
    let out = env
        .epct()
        .args([
            "--token", "BE", "sign", "-", "--key", "be-key", "--out", "-",
        ])
        .write_stdin("signed through pipes\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    env.file("signed.p7s", &out.stdout);
    let verified = openssl(
        env.dir(),
        &[
            "cms",
            "-verify",
            "-noverify",
            "-inform",
            "DER",
            "-in",
            "signed.p7s",
        ],
    );
    assert_eq!(verified.stdout, b"signed through pipes\n", "{verified:?}");
}

#[test]
fn inspect_and_data_validate_read_standard_input() {
    let env = Epct::new();
    let (key, cert) = env.software_key("signer", "ec:P-256");
    env.file("content.txt", b"x\n");
    let signed = openssl(
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
        ],
    );
    let json = env
        .epct()
        .args(["inspect", "-"])
        .write_stdin(signed.stdout)
        .json();
    assert_eq!(json["structure"], "SignedData", "{json}");
    env.epct()
        .args(["data", "generate", "--rows", "50", "--out", "voters.csv"])
        .assert()
        .success();
    let json = env
        .epct()
        .args(["data", "validate", "-"])
        .write_stdin(fs::read(env.path("voters.csv")).unwrap())
        .json();
    assert_eq!(json["summary"]["rows"], 50, "{json}");
    assert_eq!(json["file"], "-");
}
