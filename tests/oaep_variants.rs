//! Files whose content key is sent with OAEP in any of its variants, made by OpenSSL:
//! Java's default (SHA-256 with MGF1-SHA-1), SHA-256 throughout, plain SHA-1. Every
//! variant but plain SHA-1 is decrypted as raw RSA with OAEP decoded on the host, and a
//! padding that does not decode is "not for this key" (exit 1), never a token error.

mod common;

use std::fs;

use common::*;

fn encrypt(env: &Epct, cert: &std::path::Path, out: &str, keyopts: &[&str]) {
    let mut args = vec![
        "cms",
        "-encrypt",
        "-binary",
        "-aes-256-cbc",
        "-in",
        "in.csv",
        "-outform",
        "DER",
        "-out",
        out,
        "-recip",
    ];
    let cert = cert.display().to_string();
    args.push(&cert);
    args.extend(["-keyopt", "rsa_padding_mode:oaep"]);
    for opt in keyopts {
        args.extend(["-keyopt", opt]);
    }
    let done = openssl(env.dir(), &args);
    assert!(done.status.success(), "{done:?}");
}

fn world() -> (Epct, std::path::PathBuf, Vec<u8>) {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "BE");
    let cert = env.certified_key("BE", "k", "rsa2048", &ca);
    let content = sample_content(50_000);
    fs::write(env.path("in.csv"), &content).unwrap();
    (env, cert, content)
}

#[test]
fn every_oaep_variant_openssl_makes_opens() {
    let (env, cert, content) = world();
    for (name, opts) in [
        ("java", &["rsa_oaep_md:sha256", "rsa_mgf1_md:sha1"][..]),
        ("sha256", &["rsa_oaep_md:sha256", "rsa_mgf1_md:sha256"][..]),
        ("sha512", &["rsa_oaep_md:sha512", "rsa_mgf1_md:sha512"][..]),
        ("sha1", &[][..]),
    ] {
        let file = format!("{name}.p7m");
        encrypt(&env, &cert, &file, opts);
        let out = format!("{name}.out");
        env.epct()
            .args(["decrypt", &file, "--key", "k", "--out", &out])
            .assert()
            .success();
        assert_eq!(fs::read(env.path(&out)).unwrap(), content, "{name}");
    }
}

/// The encrypted key of a Java-style OAEP file with one byte changed: raw RSA gives a
/// block that does not decode. That is a file not for this key (exit 1), with nothing
/// written, and the same for the native OAEP path (plain SHA-1).
#[test]
fn an_oaep_padding_that_does_not_decode_is_not_for_this_key() {
    let (env, cert, _) = world();
    for (name, opts) in [
        ("java", &["rsa_oaep_md:sha256", "rsa_mgf1_md:sha1"][..]),
        ("sha1", &[][..]),
    ] {
        let file = format!("{name}.p7m");
        encrypt(&env, &cert, &file, opts);
        let mut bytes = fs::read(env.path(&file)).unwrap();
        // The 256-byte encryptedKey OCTET STRING of the one recipient.
        let at = bytes
            .windows(4)
            .position(|w| w == [0x04, 0x82, 0x01, 0x00])
            .expect("the encrypted key")
            + 4;
        bytes[at + 100] ^= 0x01;
        fs::write(env.path(&file), &bytes).unwrap();
        let out = format!("{name}.out");
        env.epct()
            .args(["decrypt", &file, "--key", "k", "--out", &out])
            .fails(ExitCode::Failure, "not encrypted for this key");
        env.nothing_left_behind(&out);
    }
}
