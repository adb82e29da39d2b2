//! `token doctor`: what a token really accepts, found by trying it.
//!
//! Listing a mechanism is not accepting it with every parameter (SoftHSM 2.6 lists OAEP
//! and refuses it with SHA-256), so each job (signing, decrypting, agreeing) is done on
//! each key exactly as epct does it: the same selection of mechanisms, the same order
//! of fallbacks, each job on a fresh session, and its result checked on the host.

use cryptoki::mechanism::MechanismType;
use p256::elliptic_curve::Generate;
use p256::elliptic_curve::sec1::ToSec1Point;
use serde::Serialize;

use super::TokenError;
use super::decryptor::TokenDecryptor;
use super::info::TokenSummary;
use super::keys::TokenKey;
use super::session::TokenSession;
use super::signer::TokenSigner;
use crate::algorithms::{HashAlg, KeyTransport, SignatureAlgorithm};
use crate::x509::{Curve, KeyAlgorithm, verify_signature};

/// Everything `token doctor` found.
#[derive(Debug, Serialize)]
pub struct DoctorReport {
    pub token: TokenSummary,
    /// The mechanisms epct cares about, and whether the token lists each: in JSON
    /// `"mechanisms": [{"mechanism": "CKM_RSA_PKCS", "listed": true}, ...]`.
    #[serde(rename = "mechanisms", serialize_with = "listed_as_objects")]
    pub listed: Vec<(String, bool)>,
    pub keys: Vec<KeyReport>,
}

fn listed_as_objects<S: serde::Serializer>(
    listed: &[(String, bool)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Listed<'a> {
        mechanism: &'a str,
        listed: bool,
    }
    serializer.collect_seq(listed.iter().map(|(mechanism, listed)| Listed {
        mechanism,
        listed: *listed,
    }))
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

/// One job as epct does it: the mechanisms it would try in order (chosen by the same
/// code as the signer and decryptor), the attempts made until one was accepted, and
/// whether the host found the result right.
struct Job {
    name: String,
    order: Vec<String>,
    trail: Vec<(String, Option<String>)>,
    /// `Ok` when the last attempt's result checked out on the host, else why not.
    outcome: Result<(), String>,
}

impl Job {
    fn new<M: Serialize>(
        name: String,
        order: &[M],
        trail: Vec<(M, Option<String>)>,
        outcome: Result<(), String>,
    ) -> Self {
        Job {
            name,
            order: order.iter().map(name_of).collect(),
            trail: trail.into_iter().map(|(m, e)| (name_of(&m), e)).collect(),
            outcome,
        }
    }

    fn probes<'a>(&'a self, operation: &'a str) -> impl Iterator<Item = Probe> + 'a {
        let last = self.trail.len().saturating_sub(1);
        self.trail
            .iter()
            .enumerate()
            .map(move |(i, (mechanism, refusal))| {
                let detail = match (refusal, i == last, &self.outcome) {
                    (Some(refusal), _, _) => Some(refusal.clone()),
                    (None, true, Err(wrong)) => Some(wrong.clone()),
                    (None, _, _) => None,
                };
                Probe {
                    operation: operation.to_owned(),
                    mechanism: mechanism.clone(),
                    accepted: detail.is_none(),
                    detail,
                }
            })
    }

    /// `JOB: epct uses M (order: A, then M; A refused: CKR_...)`, or why it cannot.
    fn verdict(&self) -> String {
        let order = if self.order.is_empty() {
            "the token lists none of the mechanisms for it".to_owned()
        } else {
            format!("order: {}", self.order.join(", then "))
        };
        let refusals: Vec<String> = self
            .trail
            .iter()
            .filter_map(|(m, e)| e.as_ref().map(|e| format!("{m} refused: {e}")))
            .collect();
        let notes = std::iter::once(order)
            .chain(refusals)
            .collect::<Vec<_>>()
            .join("; ");
        let used = self
            .trail
            .last()
            .filter(|(_, e)| e.is_none())
            .map(|(m, _)| m);
        match (used, &self.outcome) {
            (Some(m), Ok(())) => format!("{}: epct uses {m} ({notes})", self.name),
            (Some(m), Err(wrong)) => format!(
                "{}: not possible with this token: epct would use {m}, but {wrong} ({notes})",
                self.name
            ),
            (None, _) => format!("{}: not possible with this token ({notes})", self.name),
        }
    }
}

/// Each job runs on a session of its own: a token that leaves a failed operation
/// active (tpm2-pkcs11) would otherwise spoil every later probe.
fn probe_key(session: &TokenSession<'_>, key: &TokenKey) -> Result<KeyReport, TokenError> {
    let mut probes = Vec::new();
    let mut verdict = Vec::new();
    let algorithm = key.algorithm;
    let schemes: Vec<SignatureAlgorithm> = match algorithm {
        Some(KeyAlgorithm::Rsa { .. }) => vec![
            SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha256),
            SignatureAlgorithm::rsa_pss(HashAlg::Sha256),
        ],
        Some(KeyAlgorithm::Ec { curve: Curve::P256 }) => {
            vec![SignatureAlgorithm::Ecdsa(HashAlg::Sha256)]
        }
        Some(KeyAlgorithm::Ec { curve: Curve::P384 }) => {
            vec![SignatureAlgorithm::Ecdsa(HashAlg::Sha384)]
        }
        None => Vec::new(),
    };
    let mut record = |job: Job, operation: String| {
        probes.extend(job.probes(&operation));
        verdict.push(job.verdict());
    };
    for scheme in schemes {
        let fresh = session.fresh()?;
        let job = probe_signing(&fresh, key, scheme)?;
        record(job, format!("sign ({scheme})"));
    }
    match algorithm {
        Some(KeyAlgorithm::Rsa { .. }) => {
            for (name, transport) in transports() {
                let fresh = session.fresh()?;
                let job = probe_decryption(&fresh, key, name, &transport)?;
                record(job, format!("decrypt ({name})"));
            }
        }
        Some(KeyAlgorithm::Ec { curve }) => {
            let fresh = session.fresh()?;
            let job = probe_ecdh(&fresh, key, curve)?;
            record(job, "ECDH key agreement".to_owned());
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

fn name_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn probe_signing(
    session: &TokenSession<'_>,
    key: &TokenKey,
    scheme: SignatureAlgorithm,
) -> Result<Job, TokenError> {
    let signer = TokenSigner::new(session, key, Some(scheme))?;
    let message = b"epct token doctor";
    let mut trail = Vec::new();
    let outcome = match signer.sign_traced(message, &mut trail) {
        Ok(signature) => verify_signature(signer.public_key(), scheme, message, &signature)
            .map_err(|_| "the signature it makes does not verify".to_owned()),
        Err(e) => Err(e.to_string()),
    };
    Ok(Job::new(
        format!("to sign with {scheme}"),
        &signer.candidates(),
        trail,
        outcome,
    ))
}

fn transports() -> [(&'static str, KeyTransport); 4] {
    let oaep = |hash, mgf_hash| KeyTransport::Oaep {
        hash,
        mgf_hash,
        label: Vec::new(),
    };
    [
        ("RSA-OAEP SHA-256", oaep(HashAlg::Sha256, HashAlg::Sha256)),
        (
            "RSA-OAEP SHA-256 with MGF1-SHA-1",
            oaep(HashAlg::Sha256, HashAlg::Sha1),
        ),
        ("RSA-OAEP SHA-1", oaep(HashAlg::Sha1, HashAlg::Sha1)),
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
    session: &TokenSession<'_>,
    key: &TokenKey,
    name: &str,
    transport: &KeyTransport,
) -> Result<Job, TokenError> {
    let decryptor = TokenDecryptor::new(session, key)?;
    let public = rsa_public(&decryptor)?;
    let secret = [0x5au8; 32];
    let mut rng = getrandom::SysRng;
    let ciphertext = match transport {
        KeyTransport::Oaep {
            hash: HashAlg::Sha256,
            mgf_hash: HashAlg::Sha1,
            ..
        } => public.encrypt(
            &mut rng,
            rsa::Oaep::<sha2::Sha256, sha1::Sha1>::new_with_mgf_hash(),
            &secret,
        ),
        KeyTransport::Oaep {
            hash: HashAlg::Sha256,
            ..
        } => public.encrypt(&mut rng, rsa::Oaep::<sha2::Sha256>::new(), &secret),
        KeyTransport::Oaep { .. } => {
            public.encrypt(&mut rng, rsa::Oaep::<sha1::Sha1>::new(), &secret)
        }
        KeyTransport::Pkcs1v15 => public.encrypt(&mut rng, rsa::Pkcs1v15Encrypt, &secret),
    }
    .map_err(|_| TokenError::Malformed("RSA public key"))?;
    let mut trail = Vec::new();
    let outcome = match decryptor.probe_recovery(transport, &ciphertext, secret.len(), &mut trail) {
        Ok(key) if key.as_slice() == secret => Ok(()),
        Ok(_) => Err("the key it recovers is wrong".to_owned()),
        Err(e) => Err(e.to_string()),
    };
    Ok(Job::new(
        format!("to open files encrypted with {name}"),
        &decryptor.candidates(transport),
        trail,
        outcome,
    ))
}

fn probe_ecdh(session: &TokenSession<'_>, key: &TokenKey, curve: Curve) -> Result<Job, TokenError> {
    let decryptor = TokenDecryptor::new(session, key)?;
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
    const ECDH: &str = "CKM_ECDH1_DERIVE with CKD_NULL";
    let listed = session.can_agree_keys();
    let order: Vec<&str> = if listed { vec![ECDH] } else { Vec::new() };
    let (trail, outcome) = match decryptor.shared_secret(&ephemeral_point) {
        Ok(z) if expected.as_deref() == Some(z.as_slice()) => (vec![(ECDH, None)], Ok(())),
        Ok(_) => (
            vec![(ECDH, None)],
            Err("the shared secret differs from the host's".to_owned()),
        ),
        Err(e) if listed => (vec![(ECDH, Some(e.to_string()))], Err(e.to_string())),
        Err(e) => (Vec::new(), Err(e.to_string())),
    };
    Ok(Job::new(
        "to open files encrypted with ECDH (the X9.63 KDF runs on the host)".to_owned(),
        &order,
        trail,
        outcome,
    ))
}
