//! `epct cert ...` through the binary: requests and certificates checked by OpenSSL.

mod common;

use std::fs;

use common::*;
use predicates::str::contains;

fn key(env: &Epct, label: &str, key_type: &str) {
    env.epct()
        .args(["key", "generate", "--label", label, "--type", key_type])
        .assert()
        .success();
}

#[test]
fn certificate_requests_verify_with_openssl_for_each_signature_algorithm() {
    let env = Epct::with_token("BE-MFA");
    key(&env, "rsa", "rsa2048");
    key(&env, "ec", "p384");
    for (key_label, algorithm, expected) in [
        ("rsa", None, "sha256WithRSAEncryption"),
        ("rsa", Some("rsa-pss-sha384"), "rsassaPss"),
        ("ec", None, "ecdsa-with-SHA384"),
        ("ec", Some("ecdsa-sha256"), "ecdsa-with-SHA256"),
    ] {
        let out = format!("{key_label}-{}.csr", algorithm.unwrap_or("default"));
        let mut cmd = env.epct();
        cmd.args(["cert", "request", "--key", key_label, "--out", &out])
            .args(["--subject", "CN=Jane Doe,O=Ministry of the Interior,C=BE"])
            .args(["--email", "jane.doe@example.be"]);
        if let Some(a) = algorithm {
            cmd.args(["--signature-algorithm", a]);
        }
        cmd.assert().success();
        let text = openssl(
            env.dir(),
            &[
                "req", "-verify", "-inform", "DER", "-in", &out, "-noout", "-text",
            ],
        );
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains(expected), "{expected}: {text}");
        assert!(
            text.contains("C = BE, O = Ministry of the Interior, CN = Jane Doe"),
            "{text}"
        );
        assert!(text.contains("email:jane.doe@example.be"), "{text}");
        assert!(text.contains("E-mail Protection"), "{text}");
    }
}

#[test]
fn requests_refuse_weak_algorithms_and_bad_names() {
    let env = Epct::with_token("BE-MFA");
    key(&env, "rsa", "rsa2048");
    for (args, reason) in [
        (
            vec!["--signature-algorithm", "rsa-pkcs1-sha1"],
            "unknown signature algorithm",
        ),
        (
            vec!["--signature-algorithm", "ecdsa-sha256"],
            "cannot make ECDSA",
        ),
        (vec!["--subject", "CN"], "malformed distinguished name"),
        (vec!["--email", "nobody"], "has no '@'"),
    ] {
        let mut cmd = env.epct();
        cmd.args(["cert", "request", "--key", "rsa", "--out", "r.csr"]);
        if !args.contains(&"--subject") {
            cmd.args(["--subject", "CN=x"]);
        }
        let out = cmd.args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(one_line_error(&out.stderr).contains(reason), "{args:?}");
        env.nothing_left_behind("r.csr");
    }
}

#[test]
fn a_ca_issued_certificate_is_imported_beside_its_key_and_exported_unchanged() {
    let env = Epct::with_token("BE-MFA");
    key(&env, "sign-2026", "rsa3072");
    let dir = env.dir();
    env.epct()
        .args([
            "cert",
            "request",
            "--key",
            "sign-2026",
            "--out",
            "req.pem",
            "--pem",
        ])
        .args(["--subject", "/C=BE/O=FPS Interior/CN=Elections"])
        .assert()
        .success();
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-subj",
            "/CN=Test CA",
            "-days",
            "30",
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "req.pem",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-out",
            "cert.pem",
            "-days",
            "30",
            "-copy_extensions",
            "copy",
        ],
    );
    env.epct()
        .args(["cert", "import", "--key", "sign-2026", "cert.pem"])
        .assert()
        .success()
        .stdout(contains(
            "stored the certificate of 'CN=Elections,O=FPS Interior,C=BE'",
        ));
    // pkcs11-tool sees the certificate under the key's id.
    let objects = env.pkcs11_tool(&["--list-objects", "--type", "cert"]);
    assert!(objects.contains("label:      sign-2026"), "{objects}");
    let keys = env.epct().args(["key", "list"]).json();
    assert_eq!(keys["keys"][0]["certificate"], true);
    env.epct()
        .args(["cert", "export", "sign-2026", "--out", "back.der"])
        .assert()
        .success();
    let original = openssl(dir, &["x509", "-in", "cert.pem", "-outform", "DER"]).stdout;
    assert_eq!(fs::read(env.path("back.der")).unwrap(), original);
    // Importing again needs --force; exporting over a file needs --force too.
    env.epct()
        .args(["cert", "import", "--key", "sign-2026", "cert.pem"])
        .fails(ExitCode::Token, "use --force to replace it");
    env.epct()
        .args([
            "cert",
            "import",
            "--key",
            "sign-2026",
            "cert.pem",
            "--force",
        ])
        .assert()
        .success();
    env.epct()
        .args(["cert", "export", "sign-2026", "--out", "back.der"])
        .fails(ExitCode::Failure, "exists already; use --force");
}

#[test]
fn a_certificate_for_another_key_is_refused_and_nothing_is_stored() {
    let env = Epct::with_token("BE-MFA");
    key(&env, "mine", "p256");
    let dir = env.dir();
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "other.key",
            "-out",
            "other.pem",
            "-subj",
            "/CN=Other",
            "-days",
            "3",
        ],
    );
    env.epct()
        .args(["cert", "import", "--key", "mine", "other.pem"])
        .fails(ExitCode::Token, "is not that of key 'mine'");
    let certs = env.epct().args(["cert", "list"]).json();
    assert!(certs["certificates"].as_array().unwrap().is_empty());
    fs::write(
        env.path("garbage.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    env.epct()
        .args(["cert", "import", "--key", "mine", "garbage.pem"])
        .fails(ExitCode::Failure, "malformed PEM certificate");
}

#[test]
fn self_signed_certificates_verify_with_openssl_and_say_they_are_for_tests() {
    let env = Epct::with_token("BE-MFA");
    key(&env, "rsa", "rsa2048");
    key(&env, "ec", "p256");
    for label in ["rsa", "ec"] {
        let file = format!("{label}.pem");
        env.epct()
            .args([
                "cert",
                "self-sign",
                "--key",
                label,
                "--days",
                "10",
                "--out",
                &file,
                "--pem",
            ])
            .args([
                "--subject",
                "CN=Demo,O=Test,C=LU",
                "--email",
                "demo@example.lu",
            ])
            .assert()
            .success()
            .stderr(contains("for test and demonstration set-ups only"));
        let verified = openssl(env.dir(), &["verify", "-CAfile", &file, &file]);
        assert!(String::from_utf8_lossy(&verified.stdout).contains(": OK"));
        let text = openssl(
            env.dir(),
            &[
                "x509",
                "-in",
                &file,
                "-noout",
                "-ext",
                "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName",
            ],
        );
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains("CA:FALSE") && text.contains("E-mail Protection"),
            "{text}"
        );
        let usage = if label == "rsa" {
            "Key Encipherment"
        } else {
            "Key Agreement"
        };
        assert!(text.contains(usage), "{text}");
    }
    let certs = env.epct().args(["cert", "list"]).json();
    assert_eq!(certs["certificates"].as_array().unwrap().len(), 2);
}

/// The subject of a DER certificate request.
fn request_subject(path: &std::path::Path) -> x509_cert::name::Name {
    use der::Decode;
    x509_cert::request::CertReq::from_der(&fs::read(path).unwrap())
        .unwrap()
        .info
        .subject
}

#[test]
fn an_openssl_style_subject_with_a_comma_in_a_value_is_the_name_openssl_makes() {
    let env = Epct::with_token("BE-MFA");
    key(&env, "ec", "p256");
    for subject in [
        "/C=FR/O=Ministère de l'Intérieur, Élections/CN=Elections 2026",
        "/C=BE/O=FPS Interior; Elections/OU=A\\/B/CN=Jane+serialNumber=42",
    ] {
        env.epct()
            .args(["cert", "request", "--key", "ec", "--out", "epct.csr"])
            .args(["--subject", subject, "--force"])
            .assert()
            .success();
        openssl(
            env.dir(),
            &[
                "req",
                "-new",
                "-utf8",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "openssl.key",
                "-subj",
                subject,
                "-outform",
                "DER",
                "-out",
                "openssl.csr",
            ],
        );
        assert_eq!(
            request_subject(&env.path("epct.csr")),
            request_subject(&env.path("openssl.csr")),
            "{subject}"
        );
    }
}
