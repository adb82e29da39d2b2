//! `epct verify` on signatures that other tools made: real CAdES signatures from the EU
//! DSS test data, OpenSSL signatures with several signers, RSA-PSS, legacy algorithms,
//! and a counter-signature.

mod common;

use std::fs;
use std::path::PathBuf;

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfo};
use common::*;
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use p256::pkcs8::DecodePrivateKey;

fn real(name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/third-party/cades")
        .join(name)
}

fn verify(env: &Epct, args: &[&str]) -> std::process::Output {
    env.epct_without_pin()
        .args(["--json", "verify", "--no-trust-check"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn real_cades_signatures_get_the_verdicts_dss_gives_them() {
    let env = Epct::new();
    for (file, intact, signer) in [
        (
            "HU-intact-Signature-C-BES-4.p7m",
            true,
            "CN=Balazs Czekmany,O=Microsec ltd,C=HU",
        ),
        (
            "enveloping-intact.pkcs7",
            true,
            "C=LU,OU=PKI-TEST,O=Nowina Solutions,CN=good-user",
        ),
        (
            "enveloping-content-modified.pkcs7",
            false,
            "CN=SigningUser,OU=Plugtests_2015-2016,O=ETSI,C=FR",
        ),
    ] {
        let path = real(file).display().to_string();
        let out = verify(&env, &[&path, "--out", "content.bin"]);
        let report = parse_json(&out);
        assert_eq!(report["signers"][0]["intact"], intact, "{file}");
        assert_eq!(
            report["signers"][0]["certificate"]["subject"], signer,
            "{file}"
        );
        assert_eq!(
            report["signers"][0]["trust"]["verdict"], "not-checked",
            "{file}"
        );
        if intact {
            assert!(out.status.success(), "{file}");
            assert!(env.path("content.bin").exists(), "{file}");
            fs::remove_file(env.path("content.bin")).unwrap();
        } else {
            assert_eq!(
                out.status.code(),
                Some(status(ExitCode::Verification)),
                "{file}"
            );
            assert!(one_line_error(&out.stderr).contains("its digest does not match"));
            env.nothing_left_behind("content.bin");
        }
    }
}

#[test]
fn several_signers_and_rsa_pss_are_each_judged() {
    let env = Epct::new();
    let (rsa_key, rsa_cert) = env.software_key("rsa", "rsa:2048");
    let (ec_key, ec_cert) = env.software_key("ec", "ec:P-384");
    fs::write(env.path("in.txt"), b"two signers").unwrap();
    openssl(
        env.dir(),
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-in",
            "in.txt",
            "-outform",
            "DER",
            "-out",
            "two.p7s",
            "-signer",
            &rsa_cert.display().to_string(),
            "-inkey",
            &rsa_key.display().to_string(),
            "-keyopt",
            "rsa_padding_mode:pss",
            "-signer",
            &ec_cert.display().to_string(),
            "-inkey",
            &ec_key.display().to_string(),
        ],
    );
    let out = verify(&env, &["two.p7s"]);
    assert!(out.status.success(), "{out:?}");
    let report = parse_json(&out);
    let signers = report["signers"].as_array().unwrap();
    assert_eq!(signers.len(), 2);
    let schemes: Vec<&str> = signers
        .iter()
        .map(|s| s["signature_algorithm"]["name"].as_str().unwrap())
        .collect();
    assert!(
        schemes.iter().any(|s| s.starts_with("rsa-pss-"))
            && schemes.iter().any(|s| s.starts_with("ecdsa-")),
        "{schemes:?}"
    );
    assert!(signers.iter().all(|s| s["intact"] == true));
}

#[test]
fn sha1_and_rsa_1024_are_read_only_with_allow_legacy() {
    let env = Epct::new();
    let (key, cert) = env.software_key("old", "rsa:1024");
    fs::write(env.path("in.txt"), b"from 2009").unwrap();
    openssl(
        env.dir(),
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-md",
            "sha1",
            "-in",
            "in.txt",
            "-outform",
            "DER",
            "-out",
            "old.p7s",
            "-signer",
            &cert.display().to_string(),
            "-inkey",
            &key.display().to_string(),
        ],
    );
    let out = verify(&env, &["old.p7s"]);
    assert_eq!(out.status.code(), Some(status(ExitCode::Verification)));
    assert!(one_line_error(&out.stderr).contains("--allow-legacy"));
    let out = verify(&env, &["old.p7s", "--allow-legacy"]);
    assert!(out.status.success(), "{out:?}");
    let report = parse_json(&out);
    assert_eq!(report["signers"][0]["intact"], true);
    assert_eq!(report["signers"][0]["legacy"], true);
}

/// Adds to the first signer of `file` a counter-signature by `key`/`cert` (P-256) over
/// its signature value, as RFC 5652 section 11.4 defines it; `break_it` spoils it.
fn countersign(file: &[u8], key: &str, cert: &str, break_it: bool) -> Vec<u8> {
    let info = ContentInfo::from_der(file).unwrap();
    let mut signed: SignedData = info.content.decode_as().unwrap();
    let counter_cert = epct::x509::read_certificate(&fs::read(cert).unwrap(), cert).unwrap();
    let mut signers: Vec<SignerInfo> = signed.signer_infos.0.iter().cloned().collect();
    let parent_signature = signers[0].signature.as_bytes().to_vec();
    let digest = epct::algorithms::HashAlg::Sha256.digest(&parent_signature);
    let mut attrs = SetOfVec::new();
    let mut digest_values = SetOfVec::new();
    digest_values
        .insert(Any::encode_from(&OctetString::new(digest).unwrap()).unwrap())
        .unwrap();
    attrs
        .insert(x509_cert::attr::Attribute {
            oid: epct::oids::ID_MESSAGE_DIGEST,
            values: digest_values,
        })
        .unwrap();
    let signing_key = p256::ecdsa::SigningKey::from(
        p256::SecretKey::from_pkcs8_pem(&fs::read_to_string(key).unwrap()).unwrap(),
    );
    let signature: p256::ecdsa::Signature =
        p256::ecdsa::signature::Signer::sign(&signing_key, &attrs.to_der().unwrap());
    let mut signature = signature.to_der().as_bytes().to_vec();
    if break_it {
        let last = signature.len() - 1;
        signature[last] ^= 1;
    }
    let tbs = counter_cert.tbs_certificate();
    let counter = SignerInfo {
        version: cms::content_info::CmsVersion::V1,
        sid: cms::signed_data::SignerIdentifier::IssuerAndSerialNumber(
            cms::cert::IssuerAndSerialNumber {
                issuer: tbs.issuer().clone(),
                serial_number: tbs.serial_number().clone(),
            },
        ),
        digest_alg: epct::algorithms::HashAlg::Sha256.identifier(),
        signed_attrs: Some(attrs),
        signature_algorithm: epct::algorithms::SignatureAlgorithm::Ecdsa(
            epct::algorithms::HashAlg::Sha256,
        )
        .identifier(),
        signature: OctetString::new(signature).unwrap(),
        unsigned_attrs: None,
    };
    let mut values = SetOfVec::new();
    values.insert(Any::encode_from(&counter).unwrap()).unwrap();
    let mut unsigned = SetOfVec::new();
    unsigned
        .insert(x509_cert::attr::Attribute {
            oid: epct::oids::ID_COUNTERSIGNATURE,
            values,
        })
        .unwrap();
    signers[0].unsigned_attrs = Some(unsigned);
    signed.signer_infos.0 = SetOfVec::try_from(signers).unwrap();
    let mut certs = signed.certificates.clone().unwrap();
    certs
        .0
        .insert(cms::cert::CertificateChoices::Certificate(counter_cert))
        .unwrap();
    signed.certificates = Some(certs);
    ContentInfo {
        content_type: info.content_type,
        content: Any::encode_from(&signed).unwrap(),
    }
    .to_der()
    .unwrap()
}

#[test]
fn counter_signatures_are_checked_and_reported() {
    let env = Epct::new();
    let (key, cert) = env.software_key("author", "ec:P-256");
    let (counter_key, counter_cert) = env.software_key("notary", "ec:P-256");
    fs::write(env.path("in.txt"), b"counter-signed").unwrap();
    openssl(
        env.dir(),
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-in",
            "in.txt",
            "-outform",
            "DER",
            "-out",
            "a.p7s",
            "-signer",
            &cert.display().to_string(),
            "-inkey",
            &key.display().to_string(),
        ],
    );
    let original = fs::read(env.path("a.p7s")).unwrap();
    let (counter_key, counter_cert) = (
        counter_key.display().to_string(),
        counter_cert.display().to_string(),
    );
    for (name, broken) in [("good.p7s", false), ("bad.p7s", true)] {
        fs::write(
            env.path(name),
            countersign(&original, &counter_key, &counter_cert, broken),
        )
        .unwrap();
        let out = verify(&env, &[name]);
        assert!(out.status.success(), "{name}: {out:?}");
        let report = parse_json(&out);
        let signer = &report["signers"][0];
        assert_eq!(signer["intact"], true, "{name}");
        let counter = &signer["countersignatures"][0];
        assert_eq!(counter["certificate"]["subject"], "CN=notary", "{name}");
        assert_eq!(counter["intact"], !broken, "{name}: {counter}");
    }
    let text = env
        .epct_without_pin()
        .args(["verify", "--no-trust-check", "bad.p7s"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("counter-signed:") && text.contains("NOT intact"),
        "{text}"
    );
}
