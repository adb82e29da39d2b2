//! `token doctor`: what a token really accepts, found by trying it.
//!
//! Listing a mechanism is not accepting it with every parameter (SoftHSM 2.6 lists OAEP
//! and refuses it with SHA-256), so each way of signing, decrypting and agreeing that
//! epct might use is run once on each key and its result checked on the host.

use cryptoki::mechanism::MechanismType;
use p256::elliptic_curve::Generate;
use p256::elliptic_curve::sec1::ToSec1Point;
use rsa::traits::PublicKeyParts;
use serde::Serialize;

use super::TokenError;
use super::decryptor::{DecryptMechanism, TokenDecryptor};
use super::error::ckr_name;
use super::info::TokenSummary;
use super::keys::TokenKey;
use super::session::TokenSession;
use super::signer::{SignMechanism, TokenSigner};
use crate::algorithms::{HashAlg, KeyTransport, SignatureAlgorithm};
use crate::x509::{Curve, KeyAlgorithm, verify_signature};

/// Everything `token doctor` found.
#[derive(Debug, Serialize)]
pub struct DoctorReport {
    pub token: TokenSummary,
    /// The mechanisms epct cares about, and whether the token lists each.
    pub listed: Vec<(String, bool)>,
    pub keys: Vec<KeyReport>,
}

/// What was tried on one key, and what epct will therefore use.
#[derive(Debug, Serialize)]
pub struct KeyReport {
    pub label: String,
    pub id: String,
    pub algorithm: Option<KeyAlgorithm>,
    pub probes: Vec<Probe>,
    /// Plain-word conclusions: what epct uses for each job, and its fallbacks.
    pub verdict: Vec<String>,
}

/// One attempt.
#[derive(Debug, Serialize)]
pub struct Probe {
    pub operation: String,
    pub mechanism: String,
    pub accepted: bool,
    /// The token's refusal, or why the result was wrong.
    pub detail: Option<String>,
}

const WATCHED: [(&str, MechanismType); 11] = [
    ("CKM_RSA_PKCS", MechanismType::RSA_PKCS),
    ("CKM_RSA_X_509", MechanismType::RSA_X_509),
    ("CKM_RSA_PKCS_OAEP", MechanismType::RSA_PKCS_OAEP),
    ("CKM_RSA_PKCS_PSS", MechanismType::RSA_PKCS_PSS),
    ("CKM_SHA256_RSA_PKCS", MechanismType::SHA256_RSA_PKCS),
    (
        "CKM_SHA256_RSA_PKCS_PSS",
        MechanismType::SHA256_RSA_PKCS_PSS,
    ),
    ("CKM_ECDSA", MechanismType::ECDSA),
    ("CKM_ECDSA_SHA256", MechanismType::ECDSA_SHA256),
    ("CKM_ECDH1_DERIVE", MechanismType::ECDH1_DERIVE),
    (
        "CKM_RSA_PKCS_KEY_PAIR_GEN",
        MechanismType::RSA_PKCS_KEY_PAIR_GEN,
    ),
    ("CKM_EC_KEY_PAIR_GEN", MechanismType::ECC_KEY_PAIR_GEN),
];

/// Probes every key with a private key visible in `session` (log in first to see them).
pub fn diagnose(session: &TokenSession<'_>) -> Result<DoctorReport, TokenError> {
    let listed = WATCHED
        .iter()
        .map(|(name, m)| ((*name).to_owned(), session.supports(*m)))
        .collect();
    let mut keys = Vec::new();
    for key in session.keys()?.into_iter().filter(|k| k.private.is_some()) {
        keys.push(probe_key(session, &key)?);
    }
    Ok(DoctorReport {
        token: session.token().clone(),
        listed,
        keys,
    })
}

fn probe_key(session: &TokenSession<'_>, key: &TokenKey) -> Result<KeyReport, TokenError> {
    let mut probes = Vec::new();
    let mut verdict = Vec::new();
    let algorithm = key.algorithm;
    let schemes: Vec<SignatureAlgorithm> = match algorithm {
        Some(KeyAlgorithm::Rsa { .. }) => vec![
            SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha256),
            SignatureAlgorithm::RsaPss(HashAlg::Sha256),
        ],
        Some(KeyAlgorithm::Ec { curve: Curve::P256 }) => {
            vec![SignatureAlgorithm::Ecdsa(HashAlg::Sha256)]
        }
        Some(KeyAlgorithm::Ec { curve: Curve::P384 }) => {
            vec![SignatureAlgorithm::Ecdsa(HashAlg::Sha384)]
        }
        None => Vec::new(),
    };
    for scheme in schemes {
        let signer = TokenSigner::new(session, key, Some(scheme))?;
        let mut used = Vec::new();
        for mechanism in all_sign_mechanisms(scheme) {
            let probe = probe_signature(&signer, mechanism);
            if probe.accepted {
                used.push(probe.mechanism.clone());
            }
            probes.push(probe);
        }
        verdict.push(conclusion(&format!("to sign with {scheme}"), &used));
    }
    let decryptor = TokenDecryptor::new(session, key)?;
    match algorithm {
        Some(KeyAlgorithm::Rsa { .. }) => {
            let public = rsa_public(&decryptor)?;
            for (name, transport) in transports() {
                let mut used = Vec::new();
                for mechanism in [
                    DecryptMechanism::RsaOaep,
                    DecryptMechanism::RsaRaw,
                    DecryptMechanism::RsaPkcs,
                ] {
                    if let Some(probe) =
                        probe_decryption(&decryptor, &public, name, &transport, mechanism)
                    {
                        if probe.accepted {
                            used.push(probe.mechanism.clone());
                        }
                        probes.push(probe);
                    }
                }
                verdict.push(conclusion(
                    &format!("to open files encrypted with {name}"),
                    &used,
                ));
            }
        }
        Some(KeyAlgorithm::Ec { curve }) => {
            let probe = probe_ecdh(&decryptor, curve);
            let used = if probe.accepted {
                vec![probe.mechanism.clone()]
            } else {
                Vec::new()
            };
            probes.push(probe);
            verdict.push(conclusion(
                "to open files encrypted with ECDH (the X9.63 KDF runs on the host)",
                &used,
            ));
        }
        None => verdict.push("the key type is not one epct uses".to_owned()),
    }
    Ok(KeyReport {
        label: key.label.clone(),
        id: hex::encode(&key.id),
        algorithm,
        probes,
        verdict,
    })
}

fn conclusion(job: &str, used: &[String]) -> String {
    match used {
        [] => format!("{job}: not possible with this token"),
        [first] => format!("{job}: epct uses {first}"),
        [first, rest @ ..] => format!("{job}: epct uses {first}, else {}", rest.join(", else ")),
    }
}

fn all_sign_mechanisms(scheme: SignatureAlgorithm) -> Vec<SignMechanism> {
    match scheme {
        SignatureAlgorithm::RsaPkcs1v15(_) => vec![
            SignMechanism::RsaPkcs,
            SignMechanism::RsaPkcsWithHash,
            SignMechanism::RsaRaw,
        ],
        SignatureAlgorithm::RsaPss(_) => vec![
            SignMechanism::RsaPss,
            SignMechanism::RsaPssWithHash,
            SignMechanism::RsaRaw,
        ],
        SignatureAlgorithm::Ecdsa(_) => vec![SignMechanism::Ecdsa, SignMechanism::EcdsaWithHash],
    }
}

fn name_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn probe_signature(signer: &TokenSigner<'_, '_>, mechanism: SignMechanism) -> Probe {
    let message = b"epct token doctor";
    let result = signer
        .sign_with(mechanism, message)
        .map_err(|e| ckr_name(&e))
        .and_then(|sig| {
            verify_signature(signer.public_key(), signer.algorithm(), message, &sig)
                .map_err(|_| "the signature made does not verify".to_owned())
        });
    Probe {
        operation: format!("sign ({})", signer.algorithm()),
        mechanism: name_of(&mechanism),
        accepted: result.is_ok(),
        detail: result.err(),
    }
}

fn transports() -> [(&'static str, KeyTransport); 3] {
    let oaep = |hash| KeyTransport::Oaep {
        hash,
        mgf_hash: hash,
        label: Vec::new(),
    };
    [
        ("RSA-OAEP SHA-256", oaep(HashAlg::Sha256)),
        ("RSA-OAEP SHA-1", oaep(HashAlg::Sha1)),
        ("RSA PKCS#1 v1.5", KeyTransport::Pkcs1v15),
    ]
}

fn rsa_public(decryptor: &TokenDecryptor<'_, '_>) -> Result<rsa::PublicKey, TokenError> {
    use der::Encode;
    use rsa::pkcs8::DecodePublicKey;
    let der = decryptor
        .public_key()
        .to_der()
        .map_err(|_| TokenError::Malformed("RSA public key"))?;
    rsa::PublicKey::from_public_key_der(&der).map_err(|_| TokenError::Malformed("RSA public key"))
}

fn probe_decryption(
    decryptor: &TokenDecryptor<'_, '_>,
    public: &rsa::PublicKey,
    name: &str,
    transport: &KeyTransport,
    mechanism: DecryptMechanism,
) -> Option<Probe> {
    let secret = [0x5au8; 32];
    let mut rng = getrandom::SysRng;
    let ciphertext = match transport {
        KeyTransport::Oaep {
            hash: HashAlg::Sha256,
            ..
        } => public.encrypt(&mut rng, rsa::Oaep::<sha2::Sha256>::new(), &secret),
        KeyTransport::Oaep { .. } => {
            public.encrypt(&mut rng, rsa::Oaep::<sha1::Sha1>::new(), &secret)
        }
        KeyTransport::Pkcs1v15 => public.encrypt(&mut rng, rsa::Pkcs1v15Encrypt, &secret),
    }
    .ok()?;
    let applicable = matches!(
        (mechanism, transport),
        (DecryptMechanism::RsaOaep, KeyTransport::Oaep { .. })
            | (DecryptMechanism::RsaRaw, _)
            | (DecryptMechanism::RsaPkcs, KeyTransport::Pkcs1v15)
    );
    if !applicable || public.size() == 0 {
        return None;
    }
    let result = match decryptor.decrypt_with(mechanism, transport, &ciphertext, secret.len()) {
        Ok(key) if key.as_slice() == secret => Ok(()),
        Ok(_) => Err("the key recovered is wrong".to_owned()),
        Err(e) => Err(ckr_name(&e)),
    };
    Some(Probe {
        operation: format!("decrypt ({name})"),
        mechanism: name_of(&mechanism),
        accepted: result.is_ok(),
        detail: result.err(),
    })
}

fn probe_ecdh(decryptor: &TokenDecryptor<'_, '_>, curve: Curve) -> Probe {
    let point = decryptor
        .public_key()
        .subject_public_key
        .raw_bytes()
        .to_vec();
    let (ephemeral_point, expected) = match curve {
        Curve::P256 => {
            let secret = p256::ecdh::EphemeralSecret::generate();
            let peer = p256::PublicKey::from_sec1_bytes(&point).ok();
            let shared = peer.map(|p| secret.diffie_hellman(&p).raw_secret_bytes().to_vec());
            (
                p256::PublicKey::from(&secret)
                    .to_sec1_point(false)
                    .as_bytes()
                    .to_vec(),
                shared,
            )
        }
        Curve::P384 => {
            let secret = p384::ecdh::EphemeralSecret::generate();
            let peer = p384::PublicKey::from_sec1_bytes(&point).ok();
            let shared = peer.map(|p| secret.diffie_hellman(&p).raw_secret_bytes().to_vec());
            (
                p384::PublicKey::from(&secret)
                    .to_sec1_point(false)
                    .as_bytes()
                    .to_vec(),
                shared,
            )
        }
    };
    let result = match (decryptor.shared_secret(&ephemeral_point), expected) {
        (Ok(z), Some(expected)) if z.as_slice() == expected.as_slice() => Ok(()),
        (Ok(_), _) => Err("the shared secret differs from the host's".to_owned()),
        (Err(e), _) => Err(e.to_string()),
    };
    Probe {
        operation: "ECDH key agreement".to_owned(),
        mechanism: "CKM_ECDH1_DERIVE with CKD_NULL".to_owned(),
        accepted: result.is_ok(),
        detail: result.err(),
    }
}
