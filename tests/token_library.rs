//! The token module at library level: signer, decryptor and login on SoftHSM2, each
//! result checked with OpenSSL on the host.

mod common;

use std::fs;

use common::*;
use der::EncodePem;
use epct::algorithms::{HashAlg, KeyTransport, SignatureAlgorithm};
use epct::credentials::{SelfSignedOptions, build_self_signed};
use epct::token::{
    KeyType, Module, Pkcs11Uri, TokenDecryptor, TokenError, TokenSession, TokenSigner, UserKind,
};
use epct::x509::to_pem;
use secrecy::SecretString;

fn session<'m>(module: &'m Module) -> TokenSession<'m> {
    let token = module.find_token(&Pkcs11Uri::default()).unwrap();
    let mut session = module.open(&token, true).unwrap();
    session
        .login(UserKind::User, &mut |_| Ok(SecretString::from(PIN)))
        .unwrap();
    session
}

/// Writes the signer's public key as PEM for openssl.
fn public_pem(env: &Epct, name: &str, spki: &spki::SubjectPublicKeyInfoOwned) -> String {
    let file = format!("{name}.pub.pem");
    fs::write(
        env.path(&file),
        spki.to_pem(der::pem::LineEnding::LF).unwrap(),
    )
    .unwrap();
    file
}

#[test]
fn token_signatures_verify_with_openssl() {
    let env = Epct::with_token("BE-MFA");
    with_module(&env, |module| {
        let session = session(module);
        let rsa = session
            .generate_key("rsa", KeyType::Rsa2048, None, false)
            .unwrap();
        let p256 = session
            .generate_key("p256", KeyType::P256, None, false)
            .unwrap();
        let p384 = session
            .generate_key("p384", KeyType::P384, None, false)
            .unwrap();
        let message = b"voter file, 2026 elections";
        fs::write(env.path("message"), message).unwrap();
        for (name, key, algorithm, digest, options) in [
            (
                "pkcs1",
                &rsa,
                SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha256),
                "-sha256",
                &[][..],
            ),
            (
                "pss",
                &rsa,
                SignatureAlgorithm::rsa_pss(HashAlg::Sha384),
                "-sha384",
                &[
                    "-sigopt",
                    "rsa_padding_mode:pss",
                    "-sigopt",
                    "rsa_pss_saltlen:digest",
                ][..],
            ),
            (
                "p256",
                &p256,
                SignatureAlgorithm::Ecdsa(HashAlg::Sha256),
                "-sha256",
                &[][..],
            ),
            (
                "p384",
                &p384,
                SignatureAlgorithm::Ecdsa(HashAlg::Sha384),
                "-sha384",
                &[][..],
            ),
        ] {
            let signer = TokenSigner::new(&session, key, Some(algorithm)).unwrap();
            let signature = signer.sign(message).unwrap();
            fs::write(env.path(&format!("{name}.sig")), &signature).unwrap();
            // The key as the token's certificate gives it, read by openssl.
            let request = SelfSignedOptions {
                subject: format!("CN={name}"),
                days: 1,
                emails: Vec::new(),
            };
            let cert = build_self_signed(&signer, &request).unwrap();
            let cert_file = format!("{name}.pem");
            fs::write(env.path(&cert_file), to_pem(&cert).unwrap()).unwrap();
            let public = format!("{name}.pub.pem");
            let key_out = openssl(env.dir(), &["x509", "-in", &cert_file, "-pubkey", "-noout"]);
            fs::write(env.path(&public), key_out.stdout).unwrap();
            let sig = format!("{name}.sig");
            let mut args = vec!["dgst", digest, "-verify", &public, "-signature", &sig];
            args.extend_from_slice(options);
            args.push("message");
            let out = openssl(env.dir(), &args);
            assert!(
                String::from_utf8_lossy(&out.stdout).contains("Verified OK"),
                "{name}"
            );
        }
    });
}

#[test]
fn signing_refuses_sha1_and_mismatched_schemes() {
    let env = Epct::with_token("BE-MFA");
    with_module(&env, |module| {
        let session = session(module);
        let rsa = session
            .generate_key("rsa", KeyType::Rsa2048, None, false)
            .unwrap();
        for algorithm in [
            SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha1),
            SignatureAlgorithm::Ecdsa(HashAlg::Sha256),
        ] {
            let err = TokenSigner::new(&session, &rsa, Some(algorithm))
                .err()
                .unwrap();
            assert!(matches!(err, TokenError::Unsupported { .. }), "{err}");
        }
    });
}

#[test]
fn openssl_encrypted_keys_come_back_with_each_rsa_padding() {
    let env = Epct::with_token("BE-MFA");
    with_module(&env, |module| {
        let session = session(module);
        let key = session
            .generate_key("rsa", KeyType::Rsa3072, None, false)
            .unwrap();
        let decryptor = TokenDecryptor::new(&session, &key).unwrap();
        let public = public_pem(&env, "rsa", decryptor.public_key());
        fs::write(env.path("secret"), [0x42u8; 32]).unwrap();
        for (name, options, transport) in [
            (
                "oaep-sha256",
                &[
                    "-pkeyopt",
                    "rsa_padding_mode:oaep",
                    "-pkeyopt",
                    "rsa_oaep_md:sha256",
                ][..],
                KeyTransport::Oaep {
                    hash: HashAlg::Sha256,
                    mgf_hash: HashAlg::Sha256,
                    label: vec![],
                },
            ),
            (
                "oaep-sha1",
                &["-pkeyopt", "rsa_padding_mode:oaep"][..],
                KeyTransport::Oaep {
                    hash: HashAlg::Sha1,
                    mgf_hash: HashAlg::Sha1,
                    label: vec![],
                },
            ),
            (
                "pkcs1",
                &["-pkeyopt", "rsa_padding_mode:pkcs1"][..],
                KeyTransport::Pkcs1v15,
            ),
        ] {
            let out = format!("{name}.bin");
            let mut args = vec![
                "pkeyutl", "-encrypt", "-pubin", "-inkey", &public, "-in", "secret", "-out", &out,
            ];
            args.extend_from_slice(options);
            openssl(env.dir(), &args);
            let ciphertext = fs::read(env.path(&out)).unwrap();
            let recovered = decryptor.decrypt_key(&transport, &ciphertext, 32).unwrap();
            assert_eq!(recovered.as_slice(), &[0x42u8; 32], "{name}");
        }
    });
}

#[test]
fn a_forged_pkcs1_ciphertext_yields_a_stable_wrong_key_not_an_error() {
    let env = Epct::with_token("BE-MFA");
    with_module(&env, |module| {
        let session = session(module);
        let key = session
            .generate_key("rsa", KeyType::Rsa2048, None, false)
            .unwrap();
        let decryptor = TokenDecryptor::new(&session, &key).unwrap();
        let mut forged = vec![0x11u8; 256];
        forged[0] = 0x01;
        let first = decryptor
            .decrypt_key(&KeyTransport::Pkcs1v15, &forged, 32)
            .unwrap();
        let again = decryptor
            .decrypt_key(&KeyTransport::Pkcs1v15, &forged, 32)
            .unwrap();
        assert_eq!(first.len(), 32);
        assert_eq!(first, again);
        // OAEP, being non-malleable, reports the failure.
        let oaep = KeyTransport::Oaep {
            hash: HashAlg::Sha256,
            mgf_hash: HashAlg::Sha256,
            label: vec![],
        };
        assert!(matches!(
            decryptor.decrypt_key(&oaep, &forged, 32),
            Err(TokenError::DecryptionFailed)
        ));
    });
}

#[test]
fn ecdh_shared_secret_matches_openssl() {
    let env = Epct::with_token("BE-MFA");
    with_module(&env, |module| {
        let session = session(module);
        for (name, key_type, curve) in [
            ("p256", KeyType::P256, "P-256"),
            ("p384", KeyType::P384, "P-384"),
        ] {
            let key = session.generate_key(name, key_type, None, false).unwrap();
            let decryptor = TokenDecryptor::new(&session, &key).unwrap();
            let token_public = public_pem(&env, name, decryptor.public_key());
            let ephemeral = format!("{name}.eph.pem");
            let curve_opt = format!("ec_paramgen_curve:{curve}");
            openssl(
                env.dir(),
                &[
                    "genpkey",
                    "-algorithm",
                    "EC",
                    "-pkeyopt",
                    &curve_opt,
                    "-out",
                    &ephemeral,
                ],
            );
            let shared = format!("{name}.z");
            openssl(
                env.dir(),
                &[
                    "pkeyutl",
                    "-derive",
                    "-inkey",
                    &ephemeral,
                    "-peerkey",
                    &token_public,
                    "-out",
                    &shared,
                ],
            );
            let point = openssl(
                env.dir(),
                &["pkey", "-in", &ephemeral, "-pubout", "-outform", "DER"],
            )
            .stdout;
            let spki: spki::SubjectPublicKeyInfoOwned = der::Decode::from_der(&point).unwrap();
            let z = decryptor
                .shared_secret(spki.subject_public_key.raw_bytes())
                .unwrap();
            assert_eq!(
                z.as_slice(),
                fs::read(env.path(&shared)).unwrap().as_slice(),
                "{name}"
            );
        }
    });
}

#[test]
fn a_key_that_wants_the_pin_at_each_use_asks_the_user_once() {
    let env = Epct::with_token("BE-MFA");
    with_module(&env, |module| {
        let token = module.find_token(&Pkcs11Uri::default()).unwrap();
        let mut session = module.open(&token, true).unwrap();
        let mut asked = 0;
        session
            .login(UserKind::User, &mut |_| {
                asked += 1;
                Ok(SecretString::from(PIN))
            })
            .unwrap();
        session
            .generate_key("qualified", KeyType::Rsa2048, None, true)
            .unwrap();
        let key = session
            .find_key(&Pkcs11Uri::from_key_arg("qualified").unwrap())
            .unwrap();
        assert!(key.always_authenticate);
        let signer = TokenSigner::new(&session, &key, None).unwrap();
        for message in [&b"first"[..], b"second"] {
            let signature = signer.sign(message).unwrap();
            epct::x509::verify_signature(
                signer.public_key(),
                signer.algorithm(),
                message,
                &signature,
            )
            .unwrap();
        }
        let decryptor = TokenDecryptor::new(&session, &key).unwrap();
        let public = public_pem(&env, "q", decryptor.public_key());
        fs::write(env.path("secret"), [7u8; 32]).unwrap();
        openssl(
            env.dir(),
            &[
                "pkeyutl",
                "-encrypt",
                "-pubin",
                "-inkey",
                &public,
                "-in",
                "secret",
                "-out",
                "c.bin",
                "-pkeyopt",
                "rsa_padding_mode:oaep",
                "-pkeyopt",
                "rsa_oaep_md:sha256",
            ],
        );
        let oaep = KeyTransport::Oaep {
            hash: HashAlg::Sha256,
            mgf_hash: HashAlg::Sha256,
            label: vec![],
        };
        let recovered = decryptor
            .decrypt_key(&oaep, &fs::read(env.path("c.bin")).unwrap(), 32)
            .unwrap();
        assert_eq!(recovered.as_slice(), &[7u8; 32]);
        assert_eq!(asked, 1, "one PIN for the whole session");
    });
}

#[test]
fn a_wrong_pin_reports_the_state_the_token_gives_after_it() {
    let env = Epct::with_token("BE-MFA");
    with_module(&env, |module| {
        let token = module.find_token(&Pkcs11Uri::default()).unwrap();
        let mut session = module.open(&token, false).unwrap();
        let mut asked = 0;
        let err = session
            .login(UserKind::User, &mut |request| {
                asked += 1;
                assert!(!request.status.count_low);
                Ok(SecretString::from("0000"))
            })
            .unwrap_err();
        match err {
            TokenError::WrongPin { token, status } => {
                assert_eq!(token, "BE-MFA");
                assert!(status.count_low && !status.locked);
            }
            other => panic!("{other}"),
        }
        assert_eq!(asked, 1, "never retried");
    });
}
