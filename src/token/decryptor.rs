//! Recovering a content-encryption key with a token key: RSA key transport (OAEP or
//! PKCS#1 v1.5) and the ECDH shared secret of ephemeral-static key agreement.
//!
//! Where a token cannot do what a file needs, it does what it can and the host does the
//! rest (docs/contract.md section 3): OAEP with SHA-256 on SoftHSM 2.6 becomes raw RSA
//! plus OAEP decoding here; ECDH is always derived with `CKD_NULL` and the KDF runs on
//! the host. PKCS#1 v1.5 is decoded here with implicit rejection whenever raw RSA
//! exists, with a synthetic key that is the same in every run (token/rejection.rs).

use cryptoki::mechanism::Mechanism;
use cryptoki::mechanism::elliptic_curve::{EcKdf, Ecdh1DeriveParams};
use cryptoki::mechanism::rsa::{PkcsOaepParams, PkcsOaepSource};
use cryptoki::object::{
    Attribute, AttributeType, KeyType as Pkcs11KeyType, ObjectClass, ObjectHandle,
};
use serde::Serialize;
use spki::SubjectPublicKeyInfoOwned;
use zeroize::Zeroizing;

use super::TokenError;
use super::error::rv;
use super::fallback::first_accepted;
use super::keys::TokenKey;
use super::raw::Operation;
use super::rejection::synthetic_key_for;
use super::rsa_padding::{oaep_decode, pkcs1v15_decode_implicit, to_modulus_len};
use super::selection::{decrypt_mechanism_type, decrypt_order};
use super::session::TokenSession;
use super::signer::{hash_mechanism, mgf};
use crate::algorithms::KeyTransport;
use crate::x509::KeyAlgorithm;

/// How one decryption is done on the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DecryptMechanism {
    #[serde(rename = "CKM_RSA_PKCS_OAEP")]
    RsaOaep,
    #[serde(rename = "CKM_RSA_X_509 (host padding)")]
    RsaRaw,
    #[serde(rename = "CKM_RSA_PKCS")]
    RsaPkcs,
}

/// A token private key ready to recover content-encryption keys.
pub struct TokenDecryptor<'s, 'm> {
    session: &'s TokenSession<'m>,
    key: ObjectHandle,
    id: Vec<u8>,
    always_authenticate: bool,
    key_algorithm: KeyAlgorithm,
    public_key: SubjectPublicKeyInfoOwned,
}

impl<'s, 'm> TokenDecryptor<'s, 'm> {
    pub fn new(session: &'s TokenSession<'m>, key: &TokenKey) -> Result<Self, TokenError> {
        let private = key.private.ok_or_else(|| TokenError::Unsupported {
            token: session.label().to_owned(),
            operation: "decrypt",
            reason: format!("key {key} has no private key on the token (log in first)"),
        })?;
        let public_key = session.public_key(key)?;
        let key_algorithm = KeyAlgorithm::of(&public_key).map_err(|e| TokenError::Unsupported {
            token: session.label().to_owned(),
            operation: "decrypt",
            reason: e.to_string(),
        })?;
        Ok(TokenDecryptor {
            session,
            key: private,
            id: key.id.clone(),
            always_authenticate: key.always_authenticate,
            key_algorithm,
            public_key,
        })
    }

    pub fn public_key(&self) -> &SubjectPublicKeyInfoOwned {
        &self.public_key
    }

    fn modulus_len(&self) -> usize {
        match self.key_algorithm {
            KeyAlgorithm::Rsa { bits } => bits.div_ceil(8),
            KeyAlgorithm::Ec { .. } => 0,
        }
    }

    /// The mechanisms tried for `transport`, in order, among those the token lists.
    pub fn candidates(&self, transport: &KeyTransport) -> Vec<DecryptMechanism> {
        decrypt_order(transport, self.session.mechanisms())
    }

    /// Recovers a key of `expected_len` bytes. With PKCS#1 v1.5 a bad ciphertext gives
    /// a wrong key rather than an error (implicit rejection); the content decryption
    /// that follows then fails like it does for a file made for another key.
    pub fn decrypt_key(
        &self,
        transport: &KeyTransport,
        ciphertext: &[u8],
        expected_len: usize,
    ) -> Result<Zeroizing<Vec<u8>>, TokenError> {
        if !matches!(self.key_algorithm, KeyAlgorithm::Rsa { .. }) {
            return Err(TokenError::Unsupported {
                token: self.session.label().to_owned(),
                operation: "decrypt",
                reason: "an EC key agrees on keys; it does not decrypt them".to_owned(),
            });
        }
        // The rejection key is derived before the padding is looked at, always.
        let synthetic = match transport {
            KeyTransport::Pkcs1v15 => synthetic_key_for(
                self.session,
                &self.id,
                &self.public_key,
                ciphertext,
                expected_len,
            )?,
            KeyTransport::Oaep { .. } => Zeroizing::new(Vec::new()),
        };
        self.recover(
            transport,
            ciphertext,
            expected_len,
            &synthetic,
            &mut Vec::new(),
        )
    }

    /// Recovers a key as [`TokenDecryptor::decrypt_key`] does (the same mechanisms, the
    /// same order, the same fallbacks) for `token doctor`, which hands each mechanism
    /// tried and the token's refusal of it to `trail`. A random key stands in for the
    /// PKCS#1 v1.5 rejection key, so that probing makes no rejection secret.
    pub fn probe_recovery(
        &self,
        transport: &KeyTransport,
        ciphertext: &[u8],
        expected_len: usize,
        trail: &mut Vec<(DecryptMechanism, Option<String>)>,
    ) -> Result<Zeroizing<Vec<u8>>, TokenError> {
        let mut stand_in = Zeroizing::new(vec![0u8; expected_len]);
        getrandom::fill(&mut stand_in).map_err(|_| TokenError::HostRandom)?;
        self.recover(transport, ciphertext, expected_len, &stand_in, trail)
    }

    fn recover(
        &self,
        transport: &KeyTransport,
        ciphertext: &[u8],
        expected_len: usize,
        synthetic: &Zeroizing<Vec<u8>>,
        trail: &mut Vec<(DecryptMechanism, Option<String>)>,
    ) -> Result<Zeroizing<Vec<u8>>, TokenError> {
        first_accepted(
            &self.candidates(transport),
            |m| self.decrypt_using(m, transport, ciphertext, expected_len, synthetic),
            trail,
        )
        .map_err(|e| match e {
            Some(e) => self.map_error(e),
            None => TokenError::Unsupported {
                token: self.session.label().to_owned(),
                operation: "decrypt",
                reason: "it offers no RSA decryption mechanism".to_owned(),
            },
        })
    }

    /// Recovers a key with one mechanism; `synthetic` is the PKCS#1 v1.5 rejection key.
    fn decrypt_using(
        &self,
        mechanism: DecryptMechanism,
        transport: &KeyTransport,
        ciphertext: &[u8],
        expected_len: usize,
        synthetic: &Zeroizing<Vec<u8>>,
    ) -> Result<Zeroizing<Vec<u8>>, cryptoki::error::Error> {
        let k = self.modulus_len();
        let run = |mech: &Mechanism<'_>| {
            self.session
                .single_part(
                    Operation::Decrypt,
                    mech,
                    self.key,
                    self.always_authenticate,
                    ciphertext,
                )
                .map(Zeroizing::new)
        };
        match (mechanism, transport) {
            (
                DecryptMechanism::RsaOaep,
                KeyTransport::Oaep {
                    hash,
                    mgf_hash,
                    label,
                },
            ) => {
                let source = if label.is_empty() {
                    PkcsOaepSource::empty()
                } else {
                    PkcsOaepSource::data_specified(label)
                };
                let params = PkcsOaepParams::new(hash_mechanism(*hash), mgf(*mgf_hash), source);
                match run(&Mechanism::RsaPkcsOaep(params)) {
                    // Tokens report a padding that does not decode in their own ways
                    // (SoftHSM and tpm2-pkcs11: CKR_GENERAL_ERROR). Raw RSA, where it
                    // exists, settles it on the host; else it is a file not for this key.
                    Err(e) if is_undecoded(&e) => {
                        if self
                            .session
                            .supports(decrypt_mechanism_type(DecryptMechanism::RsaRaw))
                        {
                            self.decrypt_using(
                                DecryptMechanism::RsaRaw,
                                transport,
                                ciphertext,
                                expected_len,
                                synthetic,
                            )
                        } else {
                            Err(DECRYPTION_FAILED)
                        }
                    }
                    result => result,
                }
            }
            (
                DecryptMechanism::RsaRaw,
                KeyTransport::Oaep {
                    hash,
                    mgf_hash,
                    label,
                },
            ) => {
                let raw = run(&Mechanism::RsaX509)?;
                let em =
                    to_modulus_len(raw.to_vec(), k).ok_or(cryptoki::error::Error::InvalidValue)?;
                oaep_decode(*hash, *mgf_hash, label, &em).ok_or(DECRYPTION_FAILED)
            }
            (DecryptMechanism::RsaRaw, KeyTransport::Pkcs1v15) => {
                let raw = run(&Mechanism::RsaX509)?;
                let em =
                    to_modulus_len(raw.to_vec(), k).ok_or(cryptoki::error::Error::InvalidValue)?;
                Ok(pkcs1v15_decode_implicit(&em, synthetic, expected_len))
            }
            (DecryptMechanism::RsaPkcs, KeyTransport::Pkcs1v15) => {
                // Only when the token has no raw RSA: its own padding check may leak, so
                // every failure still yields the implicit-rejection key, never an error.
                match run(&Mechanism::RsaPkcs) {
                    Ok(key) if key.len() == expected_len => Ok(key),
                    Ok(_) => Ok(synthetic.clone()),
                    Err(e)
                        if matches!(
                            rv(&e),
                            Some(
                                cryptoki::error::RvError::EncryptedDataInvalid
                                    | cryptoki::error::RvError::EncryptedDataLenRange
                            )
                        ) =>
                    {
                        Ok(synthetic.clone())
                    }
                    Err(e) => Err(e),
                }
            }
            _ => Err(cryptoki::error::Error::NotSupported),
        }
    }

    /// The ECDH shared secret (the x coordinate, RFC 5753's Z) with `peer_point`, an
    /// uncompressed point. Derived with `CKD_NULL` into a short-lived session object
    /// that is read and destroyed at once.
    pub fn shared_secret(&self, peer_point: &[u8]) -> Result<Zeroizing<Vec<u8>>, TokenError> {
        let KeyAlgorithm::Ec { curve } = self.key_algorithm else {
            return Err(TokenError::Unsupported {
                token: self.session.label().to_owned(),
                operation: "agree on a key",
                reason: "an RSA key cannot do ECDH".to_owned(),
            });
        };
        if !self.session.can_agree_keys() {
            return Err(TokenError::NoEcdh {
                token: self.session.label().to_owned(),
            });
        }
        let params = Ecdh1DeriveParams::new(EcKdf::null(), peer_point);
        let template = [
            Attribute::Class(ObjectClass::SECRET_KEY),
            Attribute::KeyType(Pkcs11KeyType::GENERIC_SECRET),
            Attribute::Token(false),
            Attribute::Sensitive(false),
            Attribute::Extractable(true),
            Attribute::ValueLen((curve.field_len() as u64).into()),
        ];
        let session = self.session.session();
        let secret = session
            .derive_key(&Mechanism::Ecdh1Derive(params), self.key, &template)
            .map_err(|e| self.map_error(e))?;
        let value = session.get_attributes(secret, &[AttributeType::Value]);
        let _ = session.destroy_object(secret);
        value
            .map_err(|e| self.map_error(e))?
            .into_iter()
            .find_map(|a| match a {
                Attribute::Value(v) => Some(Zeroizing::new(v)),
                _ => None,
            })
            .filter(|v| v.len() == curve.field_len())
            .ok_or(TokenError::Malformed("ECDH shared secret"))
    }

    fn map_error(&self, error: cryptoki::error::Error) -> TokenError {
        use cryptoki::error::RvError::*;
        match rv(&error) {
            Some(EncryptedDataInvalid | EncryptedDataLenRange) => TokenError::DecryptionFailed,
            Some(PinLocked) => TokenError::PinLocked {
                token: self.session.label().to_owned(),
            },
            _ => TokenError::Refused {
                operation: "decrypt",
                source: error,
            },
        }
    }
}

/// Whether a failed native OAEP decryption may be a padding that does not decode.
fn is_undecoded(error: &cryptoki::error::Error) -> bool {
    use cryptoki::error::RvError::*;
    matches!(
        error,
        cryptoki::error::Error::Pkcs11(
            EncryptedDataInvalid | EncryptedDataLenRange | GeneralError | FunctionFailed,
            cryptoki::context::Function::Decrypt
        )
    )
}

/// How a host-side OAEP decoding failure travels with token errors: like the token's
/// own "encrypted data invalid".
const DECRYPTION_FAILED: cryptoki::error::Error = cryptoki::error::Error::Pkcs11(
    cryptoki::error::RvError::EncryptedDataInvalid,
    cryptoki::context::Function::Decrypt,
);
