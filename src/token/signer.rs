//! Signing with a token key. The message is hashed on the host and the token signs the
//! digest with the most widely supported mechanism it offers; combined hash-and-sign
//! mechanisms and raw RSA with the padding made on the host are the fallbacks. The
//! result is encoded as X.509 and CMS expect it (ECDSA as a DER `Ecdsa-Sig-Value`).

use cryptoki::mechanism::rsa::{PkcsMgfType, PkcsPssParams};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::ObjectHandle;
use der::Encode;
use der::asn1::UintRef;
use serde::Serialize;
use spki::SubjectPublicKeyInfoOwned;

use super::TokenError;
use super::error::rv;
use super::fallback::first_accepted;
use super::keys::TokenKey;
use super::raw::Operation;
use super::rsa_padding::{emsa_pkcs1v15, emsa_pss, to_modulus_len};
use super::selection::sign_order;
use super::session::TokenSession;
use crate::algorithms::{HashAlg, SignatureAlgorithm};
use crate::x509::{Curve, KeyAlgorithm};

/// How one signature is made on the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum SignMechanism {
    /// `CKM_RSA_PKCS` over a DigestInfo hashed on the host.
    #[serde(rename = "CKM_RSA_PKCS (host hash)")]
    RsaPkcs,
    /// `CKM_SHA*_RSA_PKCS` over the message.
    #[serde(rename = "CKM_SHA*_RSA_PKCS")]
    RsaPkcsWithHash,
    /// `CKM_RSA_PKCS_PSS` over a digest hashed on the host.
    #[serde(rename = "CKM_RSA_PKCS_PSS (host hash)")]
    RsaPss,
    /// `CKM_SHA*_RSA_PKCS_PSS` over the message.
    #[serde(rename = "CKM_SHA*_RSA_PKCS_PSS")]
    RsaPssWithHash,
    /// `CKM_RSA_X_509` over a padding made on the host.
    #[serde(rename = "CKM_RSA_X_509 (host padding)")]
    RsaRaw,
    /// `CKM_ECDSA` over a digest hashed on the host.
    #[serde(rename = "CKM_ECDSA (host hash)")]
    Ecdsa,
    /// `CKM_ECDSA_SHA*` over the message.
    #[serde(rename = "CKM_ECDSA_SHA*")]
    EcdsaWithHash,
}

/// A token private key ready to sign with one algorithm.
pub struct TokenSigner<'s, 'm> {
    session: &'s TokenSession<'m>,
    key: ObjectHandle,
    always_authenticate: bool,
    algorithm: SignatureAlgorithm,
    key_algorithm: KeyAlgorithm,
    public_key: SubjectPublicKeyInfoOwned,
}

impl<'s, 'm> TokenSigner<'s, 'm> {
    /// A signer for `key`, with `algorithm` or the key's default: RSA PKCS#1 v1.5 with
    /// SHA-256, ECDSA with SHA-256 (P-256) or SHA-384 (P-384). Weak choices are refused.
    pub fn new(
        session: &'s TokenSession<'m>,
        key: &TokenKey,
        algorithm: Option<SignatureAlgorithm>,
    ) -> Result<Self, TokenError> {
        let unsupported = |reason: String| TokenError::Unsupported {
            token: session.label().to_owned(),
            operation: "sign",
            reason,
        };
        let private = key
            .private
            .ok_or_else(|| unsupported(format!("key {key} has no private key on the token")))?;
        let public_key = session.public_key(key)?;
        let key_algorithm =
            crate::x509::KeyAlgorithm::of(&public_key).map_err(|e| unsupported(e.to_string()))?;
        let algorithm = algorithm.unwrap_or_else(|| default_signature_algorithm(key_algorithm));
        if algorithm.hash().is_legacy() {
            return Err(unsupported(format!(
                "{} signatures are too weak to make",
                algorithm.hash()
            )));
        }
        match (algorithm, key_algorithm) {
            (_, KeyAlgorithm::Rsa { bits }) if bits < 2048 => {
                return Err(unsupported(format!(
                    "RSA keys of {bits} bits are too weak to sign with"
                )));
            }
            (
                SignatureAlgorithm::RsaPkcs1v15(_) | SignatureAlgorithm::RsaPss { .. },
                KeyAlgorithm::Rsa { .. },
            )
            | (SignatureAlgorithm::Ecdsa(_), KeyAlgorithm::Ec { .. }) => {}
            (a, k) => return Err(unsupported(format!("a {k} key cannot make {a} signatures"))),
        }
        if let KeyAlgorithm::Rsa { bits } = key_algorithm {
            algorithm
                .check_rsa_key(bits)
                .map_err(|e| unsupported(e.to_string()))?;
        }
        Ok(TokenSigner {
            session,
            key: private,
            always_authenticate: key.always_authenticate,
            algorithm,
            key_algorithm,
            public_key,
        })
    }

    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    pub fn public_key(&self) -> &SubjectPublicKeyInfoOwned {
        &self.public_key
    }

    /// Whether the key's token can agree on keys with it (ECDH), so that a certificate
    /// may offer keyAgreement.
    pub fn can_agree_keys(&self) -> bool {
        self.session.can_agree_keys()
    }

    /// Whether this key can open what is sealed for it: RSA keys decrypt, EC keys need
    /// ECDH on their token.
    pub fn can_open_own_copy(&self) -> bool {
        matches!(self.key_algorithm, KeyAlgorithm::Rsa { .. }) || self.can_agree_keys()
    }

    /// The mechanisms this signer tries, in order, among those the token lists.
    pub fn candidates(&self) -> Vec<SignMechanism> {
        sign_order(self.algorithm, self.session.mechanisms())
    }

    /// Signs `message` with the first mechanism the token accepts.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, TokenError> {
        self.sign_traced(message, &mut Vec::new())
    }

    /// Signs like [`TokenSigner::sign`], handing each mechanism tried and the token's
    /// refusal of it to `trail` (for `token doctor`).
    pub fn sign_traced(
        &self,
        message: &[u8],
        trail: &mut Vec<(SignMechanism, Option<String>)>,
    ) -> Result<Vec<u8>, TokenError> {
        first_accepted(&self.candidates(), |m| self.sign_with(m, message), trail).map_err(|e| {
            match e {
                Some(e) => self.map_error(e),
                None => TokenError::Unsupported {
                    token: self.session.label().to_owned(),
                    operation: "sign",
                    reason: format!("it offers no mechanism for {}", self.algorithm),
                },
            }
        })
    }

    /// Signs `message` with one given mechanism.
    fn sign_with(
        &self,
        mechanism: SignMechanism,
        message: &[u8],
    ) -> Result<Vec<u8>, cryptoki::error::Error> {
        let hash = self.algorithm.hash();
        let digest = hash.digest(message);
        let k = match self.key_algorithm {
            KeyAlgorithm::Rsa { bits } => bits.div_ceil(8),
            KeyAlgorithm::Ec { .. } => 0,
        };
        let salt_len = match self.algorithm {
            SignatureAlgorithm::RsaPss { salt_len, .. } => salt_len as usize,
            _ => hash.output_len(),
        };
        let pss = || PkcsPssParams {
            hash_alg: hash_mechanism(hash),
            mgf: mgf(hash),
            s_len: (salt_len as u64).into(),
        };
        let (mech, input): (Mechanism<'_>, Vec<u8>) = match mechanism {
            SignMechanism::RsaPkcs => (Mechanism::RsaPkcs, hash.digest_info(&digest)),
            SignMechanism::RsaPkcsWithHash => (with_hash_rsa(hash), message.to_vec()),
            SignMechanism::RsaPss => (Mechanism::RsaPkcsPss(pss()), digest),
            SignMechanism::RsaPssWithHash => (with_hash_pss(hash, pss()), message.to_vec()),
            SignMechanism::RsaRaw => {
                let em = match self.algorithm {
                    SignatureAlgorithm::RsaPss { .. } => {
                        emsa_pss(hash, &digest, salt_len, rsa_bits(self))
                    }
                    _ => emsa_pkcs1v15(&hash.digest_info(&digest), k),
                };
                (
                    Mechanism::RsaX509,
                    em.ok_or(cryptoki::error::Error::InvalidValue)?,
                )
            }
            SignMechanism::Ecdsa => (Mechanism::Ecdsa, digest),
            SignMechanism::EcdsaWithHash => (with_hash_ecdsa(hash), message.to_vec()),
        };
        let signature = self.session.single_part(
            Operation::Sign,
            &mech,
            self.key,
            self.always_authenticate,
            &input,
        )?;
        match self.key_algorithm {
            KeyAlgorithm::Ec { curve } => {
                ecdsa_der(&signature, curve).ok_or(cryptoki::error::Error::InvalidValue)
            }
            KeyAlgorithm::Rsa { .. } => to_modulus_len(signature, k)
                .map(|s| s.to_vec())
                .ok_or(cryptoki::error::Error::InvalidValue),
        }
    }

    fn map_error(&self, error: cryptoki::error::Error) -> TokenError {
        match rv(&error) {
            Some(cryptoki::error::RvError::UserNotLoggedIn) => TokenError::Unsupported {
                token: self.session.label().to_owned(),
                operation: "sign",
                reason: "the key needs a login first".to_owned(),
            },
            Some(cryptoki::error::RvError::PinIncorrect) => TokenError::WrongPin {
                token: self.session.label().to_owned(),
                status: Default::default(),
            },
            Some(cryptoki::error::RvError::PinLocked) => TokenError::PinLocked {
                token: self.session.label().to_owned(),
            },
            _ => TokenError::Refused {
                operation: "sign",
                source: error,
            },
        }
    }
}

fn rsa_bits(signer: &TokenSigner<'_, '_>) -> usize {
    match signer.key_algorithm {
        KeyAlgorithm::Rsa { bits } => bits,
        KeyAlgorithm::Ec { .. } => 0,
    }
}

pub(crate) fn hash_mechanism(hash: HashAlg) -> MechanismType {
    match hash {
        HashAlg::Sha1 => MechanismType::SHA1,
        HashAlg::Sha256 => MechanismType::SHA256,
        HashAlg::Sha384 => MechanismType::SHA384,
        HashAlg::Sha512 => MechanismType::SHA512,
    }
}

pub(crate) fn mgf(hash: HashAlg) -> PkcsMgfType {
    match hash {
        HashAlg::Sha1 => PkcsMgfType::MGF1_SHA1,
        HashAlg::Sha256 => PkcsMgfType::MGF1_SHA256,
        HashAlg::Sha384 => PkcsMgfType::MGF1_SHA384,
        HashAlg::Sha512 => PkcsMgfType::MGF1_SHA512,
    }
}

fn with_hash_rsa(hash: HashAlg) -> Mechanism<'static> {
    match hash {
        HashAlg::Sha1 => Mechanism::Sha1RsaPkcs,
        HashAlg::Sha256 => Mechanism::Sha256RsaPkcs,
        HashAlg::Sha384 => Mechanism::Sha384RsaPkcs,
        HashAlg::Sha512 => Mechanism::Sha512RsaPkcs,
    }
}

fn with_hash_pss(hash: HashAlg, params: PkcsPssParams) -> Mechanism<'static> {
    match hash {
        HashAlg::Sha1 => Mechanism::Sha1RsaPkcsPss(params),
        HashAlg::Sha256 => Mechanism::Sha256RsaPkcsPss(params),
        HashAlg::Sha384 => Mechanism::Sha384RsaPkcsPss(params),
        HashAlg::Sha512 => Mechanism::Sha512RsaPkcsPss(params),
    }
}

fn with_hash_ecdsa(hash: HashAlg) -> Mechanism<'static> {
    match hash {
        HashAlg::Sha1 => Mechanism::EcdsaSha1,
        HashAlg::Sha256 => Mechanism::EcdsaSha256,
        HashAlg::Sha384 => Mechanism::EcdsaSha384,
        HashAlg::Sha512 => Mechanism::EcdsaSha512,
    }
}

/// The PKCS#11 mechanism type behind each way of signing.
pub(crate) fn sign_mechanism_type(mechanism: SignMechanism, hash: HashAlg) -> MechanismType {
    match mechanism {
        SignMechanism::RsaPkcs => MechanismType::RSA_PKCS,
        SignMechanism::RsaPkcsWithHash => with_hash_rsa(hash).mechanism_type(),
        SignMechanism::RsaPss => MechanismType::RSA_PKCS_PSS,
        SignMechanism::RsaPssWithHash => with_hash_pss(
            hash,
            PkcsPssParams {
                hash_alg: hash_mechanism(hash),
                mgf: mgf(hash),
                s_len: 0u64.into(),
            },
        )
        .mechanism_type(),
        SignMechanism::RsaRaw => MechanismType::RSA_X_509,
        SignMechanism::Ecdsa => MechanismType::ECDSA,
        SignMechanism::EcdsaWithHash => with_hash_ecdsa(hash).mechanism_type(),
    }
}

/// ```text
/// Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }
/// ```
/// (RFC 3279 section 2.2.3), from the `r || s` that PKCS#11 returns.
#[derive(der::Sequence)]
struct EcdsaSigValue<'a> {
    r: UintRef<'a>,
    s: UintRef<'a>,
}

fn ecdsa_der(raw: &[u8], curve: Curve) -> Option<Vec<u8>> {
    if raw.len() != 2 * curve.field_len() {
        return None;
    }
    let (r, s) = raw.split_at(curve.field_len());
    EcdsaSigValue {
        r: UintRef::new(r).ok()?,
        s: UintRef::new(s).ok()?,
    }
    .to_der()
    .ok()
}

/// The signature a key makes when none is chosen: RSA PKCS#1 v1.5 with SHA-256, ECDSA
/// with the curve's hash.
pub fn default_signature_algorithm(key: KeyAlgorithm) -> SignatureAlgorithm {
    match key {
        KeyAlgorithm::Rsa { .. } => SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha256),
        KeyAlgorithm::Ec { curve: Curve::P256 } => SignatureAlgorithm::Ecdsa(HashAlg::Sha256),
        KeyAlgorithm::Ec { curve: Curve::P384 } => SignatureAlgorithm::Ecdsa(HashAlg::Sha384),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecdsa_raw_signature_becomes_der_with_minimal_integers() {
        let mut raw = vec![0u8; 64];
        raw[31] = 5;
        raw[32] = 0x80;
        let der = ecdsa_der(&raw, Curve::P256).unwrap();
        assert_eq!(&der[..5], &[0x30, 0x26, 0x02, 0x01, 0x05]);
        assert_eq!(&der[5..8], &[0x02, 0x21, 0x00]);
        assert!(ecdsa_der(&raw[..63], Curve::P256).is_none());
    }
}
