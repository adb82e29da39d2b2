//! `--chain` on `open` and `verify`: intermediate certificates that a file lacks build
//! its signer's path (as `trust check --chain` does, and never as a signer), and the
//! verdict's trust is the one `trust check` gives for the same certificate and chain.

mod common;

use std::fs;
use std::process::Command;

use common::trust::{import_test_list, pki, signed_list, standard_services};
use common::{Epct, ExitCode, Run, run, sample_content};

/// A world whose trust store has the test list, which grants the PKI's root CA only.
fn world(token: Option<&str>) -> Epct {
    let env = match token {
        Some(label) => Epct::with_token(label),
        None => Epct::new(),
    };
    let list = signed_list(env.dir(), "BE", 1, &standard_services(), "tl-signer");
    import_test_list(env.epct(), &list);
    env
}

/// What `trust check` says of `cert` with the PKI's issuing CA as its chain, as JSON.
fn trust_check(env: &Epct, cert: &std::path::Path) -> serde_json::Value {
    env.epct_without_pin()
        .args(["trust", "check"])
        .arg(cert)
        .arg("--chain")
        .arg(pki("issuing-ca.pem"))
        .json()
}

/// A signer's trust as `trust check` gives it: every field but the verdict's own word
/// (`trusted`) and the time checked at (now, for both, seconds apart).
fn trust_fields(trust: &serde_json::Value) -> serde_json::Value {
    let mut fields = trust.as_object().expect("a trust object").clone();
    assert!(fields.remove("at").is_some(), "{trust}");
    fields.remove("verdict");
    // trust check's whole document is versioned; the signer's trust is part of one.
    fields.remove("version");
    assert!(fields.len() >= 8, "{trust}");
    fields.into()
}

/// `signed.p7s`: `content.txt` of `len` bytes signed by OpenSSL with the leaf of the
/// test PKI's intermediate CA, without its chain.
fn signed_by_the_intermediate_leaf(env: &Epct, len: usize) {
    env.file("content.txt", sample_content(len));
    run(Command::new("openssl")
        .current_dir(env.dir())
        .args(["cms", "-sign", "-binary", "-nodetach", "-md", "sha256"])
        .args([
            "-in",
            "content.txt",
            "-outform",
            "DER",
            "-out",
            "signed.p7s",
        ])
        .arg("-signer")
        .arg(pki("intermediate-leaf.pem"))
        .arg("-inkey")
        .arg(pki("intermediate-leaf.key")));
}

#[test]
fn verify_builds_the_path_with_chain_and_gives_trust_checks_verdict() {
    let env = world(None);
    signed_by_the_intermediate_leaf(&env, 3000);

    env.epct_without_pin()
        .args(["verify", "signed.p7s", "--out", "out.txt"])
        .fails_after_report(
            ExitCode::Verification,
            "no imported trusted list has a CA service that issued",
        );
    env.nothing_left_behind("out.txt");

    let report = env
        .epct_without_pin()
        .args(["verify", "signed.p7s", "--out", "out.txt", "--chain"])
        .arg(pki("issuing-ca.pem"))
        .json();
    assert_eq!(fs::read(env.path("out.txt")).unwrap(), sample_content(3000));
    let signer = &report["signers"][0];
    let checked = trust_check(&env, &pki("intermediate-leaf.pem"));
    assert_eq!(trust_fields(&signer["trust"]), trust_fields(&checked));
    assert_eq!(signer["trust"]["chain"].as_array().unwrap().len(), 3);

    // A file without its signer's certificate: a chain certificate is never taken for
    // the signer, a --signer-cert is.
    run(Command::new("openssl")
        .current_dir(env.dir())
        .args([
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-md",
            "sha256",
            "-nocerts",
        ])
        .args(["-in", "content.txt", "-outform", "DER", "-out", "bare.p7s"])
        .arg("-signer")
        .arg(pki("intermediate-leaf.pem"))
        .arg("-inkey")
        .arg(pki("intermediate-leaf.key")));
    env.epct_without_pin()
        .args(["verify", "bare.p7s", "--out", "bare.txt", "--chain"])
        .arg(pki("intermediate-leaf.pem"))
        .arg("--chain")
        .arg(pki("issuing-ca.pem"))
        .exits(ExitCode::Verification);
    env.nothing_left_behind("bare.txt");
    env.epct_without_pin()
        .args(["verify", "bare.p7s", "--out", "bare.txt", "--signer-cert"])
        .arg(pki("intermediate-leaf.pem"))
        .arg("--chain")
        .arg(pki("issuing-ca.pem"))
        .assert()
        .success();
}

#[test]
fn open_builds_the_path_with_chain_and_gives_trust_checks_verdict() {
    let env = world(Some("BE"));
    env.epct()
        .args(["key", "generate", "--label", "be", "--type", "p256"])
        .assert()
        .success();
    env.epct()
        .args(["cert", "request", "--key", "be", "--pem", "--out", "be.csr"])
        .args(["--subject", "/C=BE/O=FPS Interior, Elections/CN=be"])
        .assert()
        .success();
    run(Command::new("openssl")
        .current_dir(env.dir())
        .args([
            "x509", "-req", "-in", "be.csr", "-out", "be.pem", "-days", "30",
        ])
        .args(["-copy_extensions", "copyall", "-set_serial", "7001"])
        .arg("-CA")
        .arg(pki("issuing-ca.pem"))
        .arg("-CAkey")
        .arg(pki("issuing-ca.key")));
    env.epct()
        .args(["cert", "import", "--key", "be", "be.pem"])
        .assert()
        .success();
    env.file("in.bin", sample_content(2000));
    env.epct()
        .args([
            "seal", "in.bin", "--to", "be.pem", "--key", "be", "--out", "in.p7m",
        ])
        .assert()
        .success();

    env.epct()
        .args(["open", "in.p7m", "--any-signer", "--out", "out.bin"])
        .fails(
            ExitCode::Verification,
            "no imported trusted list has a CA service that issued",
        );
    env.nothing_left_behind("out.bin");
    let report = env
        .epct()
        .args([
            "open",
            "in.p7m",
            "--any-signer",
            "--out",
            "out.bin",
            "--chain",
        ])
        .arg(pki("issuing-ca.pem"))
        .json();
    assert_eq!(fs::read(env.path("out.bin")).unwrap(), sample_content(2000));
    let checked = trust_check(&env, &env.path("be.pem"));
    assert_eq!(
        trust_fields(&report["signers"][0]["trust"]),
        trust_fields(&checked)
    );
}

#[test]
fn a_chain_file_that_is_missing_or_not_a_certificate_is_refused_before_anything_is_written() {
    let env = world(None);
    signed_by_the_intermediate_leaf(&env, 100);
    env.file(
        "not-a-cert.pem",
        "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n",
    );
    for (chain, says) in [
        ("missing.pem", "missing.pem"),
        ("not-a-cert.pem", "certificate"),
    ] {
        env.epct_without_pin()
            .args(["verify", "signed.p7s", "--out", "out.txt", "--chain", chain])
            .fails(ExitCode::Failure, says);
        env.nothing_left_behind("out.txt");
    }
}
