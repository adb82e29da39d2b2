//! Interoperability with OpenSSL 3 `cms`, both ways: what epct seals, signs and
//! encrypts, OpenSSL opens and verifies; what OpenSSL makes, epct opens and verifies.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;

/// A token "BE" with key `label` certified by a test CA, a software key pair for the
/// OpenSSL side, and a sample file.
struct Peers {
    env: Epct,
    ca: TestCa,
    content: Vec<u8>,
}

fn peers() -> Peers {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "BE");
    let content = sample_content(150_000);
    fs::write(env.path("in.csv"), &content).unwrap();
    Peers { env, ca, content }
}

impl Peers {
    fn dir(&self) -> &Path {
        self.env.dir()
    }

    fn openssl(&self, args: &[&str]) {
        run(Command::new("openssl").current_dir(self.dir()).args(args));
    }

    fn read(&self, name: &str) -> Vec<u8> {
        fs::read(self.env.path(name)).unwrap()
    }
}

#[test]
fn openssl_decrypts_and_verifies_every_seal_variant() {
    let p = peers();
    p.env.certified_key("BE", "rsa", "rsa2048", &p.ca);
    p.env.certified_key("BE", "ec", "p384", &p.ca);
    let (rsa_key, rsa_cert) = p.env.software_key("fr-rsa", "rsa:2048");
    let (ec_key, ec_cert) = p.env.software_key("fr-ec", "ec:P-256");
    let ca = p.ca.cert.display().to_string();
    for (signer, extra) in [
        ("rsa", &[][..]),
        ("rsa", &["--cipher", "aes256-cbc"][..]),
        ("rsa", &["--signature-algorithm", "rsa-pss-sha256"][..]),
        ("ec", &["--pem"][..]),
        ("ec", &["--cipher", "aes128-gcm"][..]),
    ] {
        let name = format!("{signer}{}", extra.join(""));
        let sealed = format!("{name}.p7m");
        p.env
            .epct()
            .args(["seal", "in.csv", "--key", signer, "--out", &sealed, "--to"])
            .arg(&rsa_cert)
            .arg("--to")
            .arg(&ec_cert)
            .args(extra)
            .assert()
            .success();
        let form = if extra.contains(&"--pem") {
            "PEM"
        } else {
            "DER"
        };
        for (key, cert) in [(&rsa_key, &rsa_cert), (&ec_key, &ec_cert)] {
            let signed = format!("{name}.signed");
            let key = key.display().to_string();
            let cert = cert.display().to_string();
            p.openssl(&[
                "cms", "-decrypt", "-binary", "-inform", form, "-in", &sealed, "-recip", &cert,
                "-inkey", &key, "-out", &signed,
            ]);
            let out = format!("{name}.out");
            p.openssl(&[
                "cms", "-verify", "-binary", "-inform", "DER", "-in", &signed, "-CAfile", &ca,
                "-purpose", "any", "-out", &out,
            ]);
            assert_eq!(p.read(&out), p.content, "{name} for {cert}");
        }
    }
}

#[test]
fn openssl_verifies_a_sealed_file_bound_to_its_recipients() {
    let p = peers();
    p.env.certified_key("BE", "rsa", "rsa2048", &p.ca);
    let (key, cert) = p.env.software_key("fr", "rsa:2048");
    let name = "BE-to-FR-2026-11-25-voters.p7m";
    p.env
        .epct()
        .args(["seal", "in.csv", "--key", "rsa", "--out", name, "--to"])
        .arg(&cert)
        .assert()
        .success();
    let (key, cert) = (key.display().to_string(), cert.display().to_string());
    p.openssl(&[
        "cms",
        "-decrypt",
        "-binary",
        "-inform",
        "DER",
        "-in",
        name,
        "-recip",
        &cert,
        "-inkey",
        &key,
        "-out",
        "bound.p7s",
    ]);
    // The binding is among the signed attributes, and OpenSSL verifies it all the same.
    let printed = run(Command::new("openssl").current_dir(p.dir()).args([
        "cms",
        "-cmsout",
        "-print",
        "-inform",
        "DER",
        "-in",
        "bound.p7s",
    ]));
    let printed = String::from_utf8_lossy(&printed.stdout);
    assert!(printed.contains("1.3.6.1.4.1.999999.1.1"), "{printed}");
    let ca = p.ca.cert.display().to_string();
    p.openssl(&[
        "cms",
        "-verify",
        "-binary",
        "-inform",
        "DER",
        "-in",
        "bound.p7s",
        "-CAfile",
        &ca,
        "-purpose",
        "any",
        "-out",
        "bound.out",
    ]);
    assert_eq!(p.read("bound.out"), p.content);
}

#[test]
fn epct_opens_what_openssl_signs_then_encrypts() {
    let p = peers();
    let rsa_cert = p.env.certified_key("BE", "rsa", "rsa2048", &p.ca);
    let ec_cert = p.env.certified_key("BE", "ec", "p256", &p.ca);
    let (signer_key, signer_cert) = p.env.software_key("lu", "rsa:2048");
    let (ec_signer_key, ec_signer_cert) = p.env.software_key("lu-ec", "ec:P-384");
    let (other_key, other_cert) = p.env.software_key("other", "rsa:2048");
    let _ = other_key;
    let signer_key = signer_key.display().to_string();
    let signer_cert = signer_cert.display().to_string();
    p.openssl(&[
        "cms",
        "-sign",
        "-binary",
        "-nodetach",
        "-md",
        "sha256",
        "-in",
        "in.csv",
        "-signer",
        &signer_cert,
        "-inkey",
        &signer_key,
        "-outform",
        "DER",
        "-out",
        "s-der.p7m",
    ]);
    p.openssl(&[
        "cms",
        "-sign",
        "-binary",
        "-nodetach",
        "-md",
        "sha256",
        "-stream",
        "-in",
        "in.csv",
        "-signer",
        &signer_cert,
        "-inkey",
        &signer_key,
        "-outform",
        "DER",
        "-out",
        "s-stream.p7m",
    ]);
    p.openssl(&[
        "cms",
        "-sign",
        "-binary",
        "-nodetach",
        "-md",
        "sha384",
        "-in",
        "in.csv",
        "-signer",
        &signer_cert,
        "-inkey",
        &signer_key,
        "-keyopt",
        "rsa_padding_mode:pss",
        "-outform",
        "DER",
        "-out",
        "s-pss.p7m",
    ]);
    p.openssl(&[
        "cms",
        "-sign",
        "-binary",
        "-nodetach",
        "-md",
        "sha384",
        "-in",
        "in.csv",
        "-signer",
        &ec_signer_cert.display().to_string(),
        "-inkey",
        &ec_signer_key.display().to_string(),
        "-outform",
        "DER",
        "-out",
        "s-ecdsa.p7m",
    ]);
    let rsa = rsa_cert.display().to_string();
    let ec = ec_cert.display().to_string();
    let other = other_cert.display().to_string();
    let cases: Vec<(&str, &str, Vec<&str>)> = vec![
        ("rsa", "s-der.p7m", vec!["-aes-256-gcm", "-recip", &rsa]),
        (
            "rsa",
            "s-stream.p7m",
            vec!["-aes-256-gcm", "-stream", "-recip", &rsa],
        ),
        ("rsa", "s-der.p7m", vec!["-aes-128-gcm", "-recip", &rsa]),
        ("rsa", "s-der.p7m", vec!["-aes-192-gcm", "-recip", &rsa]),
        ("rsa", "s-der.p7m", vec!["-aes-256-cbc", "-recip", &rsa]),
        (
            "rsa",
            "s-stream.p7m",
            vec!["-aes-128-cbc", "-stream", "-recip", &rsa],
        ),
        (
            "rsa",
            "s-der.p7m",
            vec![
                "-aes-256-gcm",
                "-recip",
                &rsa,
                "-keyopt",
                "rsa_padding_mode:oaep",
            ],
        ),
        (
            "rsa",
            "s-der.p7m",
            vec![
                "-aes-256-gcm",
                "-recip",
                &rsa,
                "-keyopt",
                "rsa_padding_mode:oaep",
                "-keyopt",
                "rsa_oaep_md:sha256",
            ],
        ),
        ("rsa", "s-pss.p7m", vec!["-aes-256-gcm", "-recip", &rsa]),
        (
            "rsa",
            "s-ecdsa.p7m",
            vec![
                "-aes-256-gcm",
                "-recip",
                &other,
                "-recip",
                &rsa,
                "-recip",
                &ec,
            ],
        ),
        ("ec", "s-der.p7m", vec!["-aes-256-gcm", "-recip", &ec]),
        (
            "ec",
            "s-stream.p7m",
            vec!["-aes-128-cbc", "-stream", "-recip", &ec],
        ),
        ("ec", "s-ecdsa.p7m", vec!["-aes-192-gcm", "-recip", &ec]),
    ];
    for (i, (key, signed, options)) in cases.iter().enumerate() {
        for form in ["DER", "PEM"] {
            let sealed = format!("case{i}.{form}");
            let mut args = vec![
                "cms", "-encrypt", "-binary", "-in", signed, "-outform", form, "-out", &sealed,
            ];
            args.extend(options.iter().copied());
            p.openssl(&args);
            let out = format!("case{i}-{form}.csv");
            let result = p
                .env
                .epct()
                .args([
                    "open",
                    &sealed,
                    "--key",
                    key,
                    "--out",
                    &out,
                    "--no-trust-check",
                    "--any-signer",
                ])
                .output()
                .unwrap();
            assert!(
                result.status.success(),
                "case {i} {form} {options:?}: {result:?}"
            );
            assert_eq!(p.read(&out), p.content, "case {i} {form}");
        }
    }
}

#[test]
fn openssl_verifies_what_epct_signs_and_epct_verifies_what_openssl_signs() {
    let p = peers();
    p.env.certified_key("BE", "rsa", "rsa2048", &p.ca);
    p.env.certified_key("BE", "ec", "p256", &p.ca);
    let ca = p.ca.cert.display().to_string();
    // epct signs, OpenSSL verifies: attached and detached, RSA and ECDSA.
    for key in ["rsa", "ec"] {
        let attached = format!("{key}-attached.p7s");
        let detached = format!("{key}-detached.p7s");
        p.env
            .epct()
            .args(["sign", "in.csv", "--key", key, "--out", &attached])
            .assert()
            .success();
        p.env
            .epct()
            .args([
                "sign",
                "in.csv",
                "--key",
                key,
                "--detached",
                "--out",
                &detached,
            ])
            .assert()
            .success();
        let out = format!("{key}.out");
        p.openssl(&[
            "cms", "-verify", "-binary", "-inform", "DER", "-in", &attached, "-CAfile", &ca,
            "-purpose", "any", "-out", &out,
        ]);
        assert_eq!(p.read(&out), p.content);
        p.openssl(&[
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            &detached,
            "-content",
            "in.csv",
            "-CAfile",
            &ca,
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ]);
        // and epct reads its own back.
        p.env
            .epct()
            .args([
                "verify",
                &attached,
                "--no-trust-check",
                "--out",
                &format!("{key}.copy"),
            ])
            .assert()
            .success();
        assert_eq!(p.read(&format!("{key}.copy")), p.content);
        p.env
            .epct()
            .args([
                "verify",
                &detached,
                "--no-trust-check",
                "--content",
                "in.csv",
            ])
            .assert()
            .success();
    }
    // OpenSSL signs, epct verifies.
    let (key, cert) = p.env.software_key("nl", "ec:P-256");
    let (key, cert) = (key.display().to_string(), cert.display().to_string());
    p.openssl(&[
        "cms",
        "-sign",
        "-binary",
        "-in",
        "in.csv",
        "-signer",
        &cert,
        "-inkey",
        &key,
        "-outform",
        "PEM",
        "-out",
        "nl-detached.pem",
    ]);
    p.env
        .epct()
        .args([
            "verify",
            "nl-detached.pem",
            "--no-trust-check",
            "--content",
            "in.csv",
        ])
        .assert()
        .success();
    p.openssl(&[
        "cms",
        "-sign",
        "-binary",
        "-nodetach",
        "-stream",
        "-in",
        "in.csv",
        "-signer",
        &cert,
        "-inkey",
        &key,
        "-outform",
        "DER",
        "-out",
        "nl-attached.p7s",
    ]);
    p.env
        .epct()
        .args([
            "verify",
            "nl-attached.p7s",
            "--no-trust-check",
            "--out",
            "nl.csv",
        ])
        .assert()
        .success();
    assert_eq!(p.read("nl.csv"), p.content);
}

#[test]
fn openssl_decrypts_what_epct_encrypts_and_epct_decrypts_what_openssl_encrypts() {
    let p = peers();
    let cert = p.env.certified_key("BE", "ec", "p384", &p.ca);
    let (key, sw_cert) = p.env.software_key("pt", "rsa:3072");
    // epct encrypts, OpenSSL decrypts.
    p.env
        .epct()
        .args(["encrypt", "in.csv", "--out", "e.p7m", "--to"])
        .arg(&sw_cert)
        .assert()
        .success();
    p.openssl(&[
        "cms",
        "-decrypt",
        "-binary",
        "-inform",
        "DER",
        "-in",
        "e.p7m",
        "-inkey",
        &key.display().to_string(),
        "-out",
        "e.out",
    ]);
    assert_eq!(p.read("e.out"), p.content);
    // OpenSSL encrypts, epct decrypts.
    p.openssl(&[
        "cms",
        "-encrypt",
        "-binary",
        "-aes-256-gcm",
        "-in",
        "in.csv",
        "-outform",
        "DER",
        "-out",
        "o.p7m",
        &cert.display().to_string(),
    ]);
    p.env
        .epct()
        .args(["decrypt", "o.p7m", "--key", "ec", "--out", "o.out"])
        .assert()
        .success();
    assert_eq!(p.read("o.out"), p.content);
}
