//! Issue 9 point 5: a PKCS#1 v1.5 key transport with a bad padding gives the same
//! result in every run, and the same error as a file whose key is simply wrong, so that
//! neither repeated runs nor error texts tell the two apart.

mod common;

use std::fs;
use std::io::Cursor;

use cms::content_info::ContentInfo;
use cms::enveloped_data::{EnvelopedData, RecipientInfo};
use common::*;
use der::asn1::OctetString;
use der::{Decode, Encode};
use epct::token::{Module, Pkcs11Uri, TokenDecryptor, UserKind};
use rsa::BoxedUint;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;
use secrecy::SecretString;
use x509_cert::Certificate;

const RUNS_OF_THE_BINARY: usize = 8;
const RUNS_IN_PROCESS: usize = 1000;

/// `base` (an EnvelopedData made by OpenSSL) with its one encrypted key replaced.
fn with_encrypted_key(base: &[u8], encrypted_key: Vec<u8>) -> Vec<u8> {
    let mut info = ContentInfo::from_der(base).unwrap();
    let mut enveloped: EnvelopedData = info.content.decode_as().unwrap();
    let mut recipients: Vec<RecipientInfo> = enveloped.recip_infos.0.iter().cloned().collect();
    let RecipientInfo::Ktri(ktri) = &mut recipients[0] else {
        panic!("OpenSSL made an RSA key transport")
    };
    ktri.enc_key = OctetString::new(encrypted_key).unwrap();
    enveloped.recip_infos.0 = recipients.try_into().unwrap();
    info.content = der::Any::encode_from(&enveloped).unwrap();
    info.to_der().unwrap()
}

/// A ciphertext whose PKCS#1 v1.5 padding is bad under `key`: a random number below n.
fn bad_padding(key: &rsa::PublicKey, seed: u8) -> Vec<u8> {
    let mut m = vec![0u8; key.size()];
    getrandom::fill(&mut m[1..]).unwrap();
    m[1] = 0x42 ^ seed;
    let m = BoxedUint::from_be_slice(&m, key.n().bits_precision()).unwrap();
    rsa::hazmat::rsa_encrypt(key, &m)
        .unwrap()
        .to_be_bytes()
        .to_vec()
}

/// A good PKCS#1 v1.5 encryption of a content key that is not the file's.
fn wrong_key(key: &rsa::PublicKey) -> Vec<u8> {
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let mut other = [0u8; 32];
    getrandom::fill(&mut other).unwrap();
    key.encrypt(&mut rng, rsa::Pkcs1v15Encrypt, &other).unwrap()
}

/// `epct decrypt FILE`: its exit code and its stderr.
fn decrypt(env: &Epct, file: &str) -> (Option<i32>, String) {
    let out = env
        .epct()
        .args(["decrypt", file, "--key", "rsa", "--out", "out.csv"])
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Writes a file whose encrypted key `make` draws, drawing again (at most ten times)
/// while that file happens to decrypt: about one key in 256 unpads AES-CBC by chance,
/// the same way in every run now, and this test wants one that fails.
fn failing_file(env: &Epct, name: &str, base: &[u8], make: &mut dyn FnMut(u8) -> Vec<u8>) {
    for seed in 0..10 {
        fs::write(env.path(name), with_encrypted_key(base, make(seed))).unwrap();
        if decrypt(env, name).0 != Some(0) {
            return;
        }
    }
    panic!("ten draws of {name} all decrypted");
}

#[test]
fn a_bad_padding_gives_the_same_error_in_every_run_as_a_wrong_key() {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "ca");
    let cert_file = env.certified_key("BE", "rsa", "rsa2048", &ca);
    env.file("plain.csv", sample_content(200));
    openssl(
        env.dir(),
        &[
            "cms",
            "-encrypt",
            "-binary",
            "-aes-256-cbc",
            "-in",
            "plain.csv",
            "-outform",
            "DER",
            "-out",
            "base.p7m",
            "rsa.pem",
        ],
    );
    let base = fs::read(env.path("base.p7m")).unwrap();
    let cert = Certificate::load_pem_chain(&fs::read(&cert_file).unwrap()).unwrap()[0].clone();
    let spki = cert
        .tbs_certificate()
        .subject_public_key_info()
        .to_der()
        .unwrap();
    let public = rsa::PublicKey::from_public_key_der(&spki).unwrap();

    failing_file(&env, "bad.p7m", &base, &mut |seed| {
        bad_padding(&public, seed)
    });
    failing_file(&env, "wrong.p7m", &base, &mut |_| wrong_key(&public));

    // Across processes: the same exit code and the same one line, every time.
    let (code, error) = decrypt(&env, "bad.p7m");
    assert_eq!(code, Some(status(ExitCode::Verification)), "{error}");
    assert!(error.contains("does not authenticate"), "{error}");
    for _ in 1..RUNS_OF_THE_BINARY {
        assert_eq!(decrypt(&env, "bad.p7m"), (code, error.clone()));
    }
    assert_eq!(decrypt(&env, "wrong.p7m"), (code, error.clone()));
    env.nothing_left_behind("out.csv");

    // The secret stays with the key: an HMAC key beside it on the token.
    let objects = env.pkcs11_tool(&["--list-objects", "--type", "secrkey"]);
    assert!(objects.contains("epct-rejection"), "{objects}");

    // In one process, the library gives the same error a thousand times.
    let bad = fs::read(env.path("bad.p7m")).unwrap();
    with_module(&env, |module: &Module| {
        let token = module.find_token(&Pkcs11Uri::default()).unwrap();
        let mut session = module.open(&token, true).unwrap();
        (session.login(UserKind::User, &mut |_| Ok(SecretString::from(PIN)))).unwrap();
        let key = session
            .find_key(&Pkcs11Uri::from_key_arg("rsa").unwrap())
            .unwrap();
        let decryptor = TokenDecryptor::new(&session, &key).unwrap();
        let failures = (0..RUNS_IN_PROCESS)
            .filter(|_| {
                let mut sink = Vec::new();
                let result =
                    epct::cms::decrypt(Cursor::new(bad.clone()), &mut sink, &decryptor, &cert);
                matches!(result, Err(epct::cms::CmsError::AuthenticationFailed))
            })
            .count();
        assert_eq!(failures, RUNS_IN_PROCESS);
    });
}

#[test]
fn decrypt_of_an_unsigned_cbc_envelope_says_it_is_malleable() {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "ca");
    env.certified_key("BE", "rsa", "rsa2048", &ca);
    env.file("plain.csv", sample_content(1000));
    env.epct()
        .args([
            "encrypt",
            "plain.csv",
            "--to",
            "rsa.pem",
            "--cipher",
            "aes256-cbc",
        ])
        .args(["--out", "cbc.p7m"])
        .assert()
        .success();
    let out = env
        .epct()
        .args(["decrypt", "cbc.p7m", "--key", "rsa", "--out", "out.csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("AES-CBC is malleable"));
    fs::remove_file(env.path("out.csv")).unwrap();
    let report = env
        .epct()
        .args(["decrypt", "cbc.p7m", "--key", "rsa", "--out", "out.csv"])
        .json();
    assert_eq!(report["malleable"], true);
}
