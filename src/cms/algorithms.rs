//! The symmetric algorithms of CMS envelopes: content ciphers with their parameters,
//! key wrap, and the ECDH key agreement schemes (with their KDF hash).

use std::fmt;

use der::asn1::OctetString;
use der::{Any, Decode, Encode};
use spki::{AlgorithmIdentifierOwned, ObjectIdentifier};

use super::asn1::GcmParameters;
use super::error::CmsError;
use super::kdf::KdfHash;
use crate::algorithms::NamedAlgorithm;
use crate::oids;

/// AES key sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AesKeySize {
    Aes128,
    Aes192,
    Aes256,
}

impl AesKeySize {
    pub fn bytes(self) -> usize {
        match self {
            AesKeySize::Aes128 => 16,
            AesKeySize::Aes192 => 24,
            AesKeySize::Aes256 => 32,
        }
    }
}

/// A content-encryption algorithm: AES-GCM makes AuthEnvelopedData, AES-CBC
/// EnvelopedData.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContentCipher {
    Gcm(AesKeySize),
    Cbc(AesKeySize),
}

/// The per-file parameters of a content cipher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CipherParams {
    Gcm { nonce: Vec<u8>, tag_len: usize },
    Cbc { iv: [u8; 16] },
}

impl ContentCipher {
    pub fn key_len(self) -> usize {
        match self {
            ContentCipher::Gcm(size) | ContentCipher::Cbc(size) => size.bytes(),
        }
    }

    pub fn is_authenticated(self) -> bool {
        matches!(self, ContentCipher::Gcm(_))
    }

    pub fn oid(self) -> ObjectIdentifier {
        use AesKeySize::*;
        match self {
            ContentCipher::Gcm(Aes128) => oids::ID_AES_128_GCM,
            ContentCipher::Gcm(Aes192) => oids::ID_AES_192_GCM,
            ContentCipher::Gcm(Aes256) => oids::ID_AES_256_GCM,
            ContentCipher::Cbc(Aes128) => oids::ID_AES_128_CBC,
            ContentCipher::Cbc(Aes192) => oids::ID_AES_192_CBC,
            ContentCipher::Cbc(Aes256) => oids::ID_AES_256_CBC,
        }
    }

    /// Fresh random parameters: a 12-byte nonce and a 16-byte tag for GCM, a random IV
    /// for CBC.
    pub fn fresh_params(self) -> CipherParams {
        match self {
            ContentCipher::Gcm(_) => {
                let mut nonce = vec![0u8; 12];
                getrandom::fill(&mut nonce).expect("the system random generator works");
                CipherParams::Gcm { nonce, tag_len: 16 }
            }
            ContentCipher::Cbc(_) => {
                let mut iv = [0u8; 16];
                getrandom::fill(&mut iv).expect("the system random generator works");
                CipherParams::Cbc { iv }
            }
        }
    }

    /// The AlgorithmIdentifier with its parameters.
    pub fn identifier(self, params: &CipherParams) -> AlgorithmIdentifierOwned {
        let parameters = match params {
            CipherParams::Gcm { nonce, tag_len } => Any::encode_from(&GcmParameters {
                nonce: OctetString::new(nonce.clone()).expect("a nonce fits"),
                icv_len: *tag_len as u8,
            }),
            CipherParams::Cbc { iv } => {
                Any::encode_from(&OctetString::new(iv.to_vec()).expect("an IV fits"))
            }
        }
        .expect("cipher parameters encode");
        AlgorithmIdentifierOwned {
            oid: self.oid(),
            parameters: Some(parameters),
        }
    }

    /// The cipher and parameters an AlgorithmIdentifier names. DES, 3DES and RC2 are
    /// refused as too weak.
    pub fn from_identifier(
        id: &AlgorithmIdentifierOwned,
    ) -> Result<(Self, CipherParams), CmsError> {
        use AesKeySize::*;
        let bad = || CmsError::Malformed(format!("the parameters of {} are malformed", id.oid));
        let cipher = match id.oid {
            o if o == oids::ID_AES_128_GCM => ContentCipher::Gcm(Aes128),
            o if o == oids::ID_AES_192_GCM => ContentCipher::Gcm(Aes192),
            o if o == oids::ID_AES_256_GCM => ContentCipher::Gcm(Aes256),
            o if o == oids::ID_AES_128_CBC => ContentCipher::Cbc(Aes128),
            o if o == oids::ID_AES_192_CBC => ContentCipher::Cbc(Aes192),
            o if o == oids::ID_AES_256_CBC => ContentCipher::Cbc(Aes256),
            o if o == oids::DES_EDE3_CBC => return Err(CmsError::WeakCipher("3DES")),
            o if o == oids::DES_CBC => return Err(CmsError::WeakCipher("DES")),
            o if o == oids::RC2_CBC => return Err(CmsError::WeakCipher("RC2")),
            o => {
                return Err(CmsError::Unsupported {
                    what: "the content encryption",
                    algorithm: o.to_string(),
                });
            }
        };
        let params = id.parameters.as_ref().ok_or_else(bad)?;
        let params = match cipher {
            ContentCipher::Gcm(_) => {
                let gcm: GcmParameters = params.decode_as().map_err(|_| bad())?;
                let tag_len = usize::from(gcm.icv_len);
                if gcm.nonce.as_bytes().is_empty() || !(12..=16).contains(&tag_len) {
                    return Err(bad());
                }
                CipherParams::Gcm {
                    nonce: gcm.nonce.as_bytes().to_vec(),
                    tag_len,
                }
            }
            ContentCipher::Cbc(_) => {
                let iv: OctetString = params.decode_as().map_err(|_| bad())?;
                CipherParams::Cbc {
                    iv: iv.as_bytes().try_into().map_err(|_| bad())?,
                }
            }
        };
        Ok((cipher, params))
    }
}

impl ContentCipher {
    /// The name as `--cipher` and the JSON reports spell it: `aes256-gcm`.
    pub fn short_name(self) -> String {
        let (mode, size) = match self {
            ContentCipher::Gcm(s) => ("gcm", s),
            ContentCipher::Cbc(s) => ("cbc", s),
        };
        format!("aes{}-{mode}", size.bytes() * 8)
    }
}

/// [`NamedAlgorithm`]: `{"name": "aes256-gcm", "oid": "2.16.840.1.101.3.4.1.46"}`.
impl serde::Serialize for ContentCipher {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(
            &NamedAlgorithm::new(self.short_name(), self.oid()),
            serializer,
        )
    }
}

impl fmt::Display for ContentCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (mode, size) = match self {
            ContentCipher::Gcm(s) => ("GCM", s),
            ContentCipher::Cbc(s) => ("CBC", s),
        };
        write!(f, "AES-{}-{mode}", size.bytes() * 8)
    }
}

/// AES key wrap (RFC 3394) with the KEK size of its identifier.
pub fn key_wrap_identifier(size: AesKeySize) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: match size {
            AesKeySize::Aes128 => oids::ID_AES_128_WRAP,
            AesKeySize::Aes192 => oids::ID_AES_192_WRAP,
            AesKeySize::Aes256 => oids::ID_AES_256_WRAP,
        },
        parameters: None,
    }
}

/// The KEK size of a key wrap identifier.
pub fn key_wrap_size(id: &AlgorithmIdentifierOwned) -> Result<AesKeySize, CmsError> {
    match id.oid {
        o if o == oids::ID_AES_128_WRAP => Ok(AesKeySize::Aes128),
        o if o == oids::ID_AES_192_WRAP => Ok(AesKeySize::Aes192),
        o if o == oids::ID_AES_256_WRAP => Ok(AesKeySize::Aes256),
        o => Err(CmsError::Unsupported {
            what: "the key wrap",
            algorithm: o.to_string(),
        }),
    }
}

/// The ephemeral-static ECDH scheme identifier with its X9.63 KDF hash (RFC 5753).
pub fn key_agreement_oid(kdf: KdfHash) -> ObjectIdentifier {
    match kdf {
        KdfHash::Sha1 => oids::DH_SINGLE_PASS_STD_DH_SHA_1_KDF_SCHEME,
        KdfHash::Sha224 => oids::DH_SINGLE_PASS_STD_DH_SHA_224_KDF_SCHEME,
        KdfHash::Sha256 => oids::DH_SINGLE_PASS_STD_DH_SHA_256_KDF_SCHEME,
        KdfHash::Sha384 => oids::DH_SINGLE_PASS_STD_DH_SHA_384_KDF_SCHEME,
        KdfHash::Sha512 => oids::DH_SINGLE_PASS_STD_DH_SHA_512_KDF_SCHEME,
    }
}

/// The KDF hash of an ECDH scheme; the cofactor variants are the same on the prime
/// curves epct uses (cofactor 1).
pub fn key_agreement_kdf(oid: ObjectIdentifier) -> Result<KdfHash, CmsError> {
    const SCHEMES: [(ObjectIdentifier, ObjectIdentifier, KdfHash); 5] = [
        (
            oids::DH_SINGLE_PASS_STD_DH_SHA_1_KDF_SCHEME,
            oids::DH_SINGLE_PASS_COFACTOR_DH_SHA_1_KDF_SCHEME,
            KdfHash::Sha1,
        ),
        (
            oids::DH_SINGLE_PASS_STD_DH_SHA_224_KDF_SCHEME,
            oids::DH_SINGLE_PASS_COFACTOR_DH_SHA_224_KDF_SCHEME,
            KdfHash::Sha224,
        ),
        (
            oids::DH_SINGLE_PASS_STD_DH_SHA_256_KDF_SCHEME,
            oids::DH_SINGLE_PASS_COFACTOR_DH_SHA_256_KDF_SCHEME,
            KdfHash::Sha256,
        ),
        (
            oids::DH_SINGLE_PASS_STD_DH_SHA_384_KDF_SCHEME,
            oids::DH_SINGLE_PASS_COFACTOR_DH_SHA_384_KDF_SCHEME,
            KdfHash::Sha384,
        ),
        (
            oids::DH_SINGLE_PASS_STD_DH_SHA_512_KDF_SCHEME,
            oids::DH_SINGLE_PASS_COFACTOR_DH_SHA_512_KDF_SCHEME,
            KdfHash::Sha512,
        ),
    ];
    SCHEMES
        .iter()
        .find(|(standard, cofactor, _)| oid == *standard || oid == *cofactor)
        .map(|(_, _, hash)| *hash)
        .ok_or_else(|| CmsError::Unsupported {
            what: "the key agreement",
            algorithm: oid.to_string(),
        })
}

/// Decodes a value from BER bytes, as a CMS reader must accept them.
pub(crate) fn decode_ber<'a, T: Decode<'a, Error = der::Error>>(
    bytes: &'a [u8],
    what: &str,
) -> Result<T, CmsError> {
    T::from_ber(bytes).map_err(|e| CmsError::Malformed(format!("{what}: {e}")))
}

/// DER bytes of a value that always encodes.
pub(crate) fn to_der<T: Encode>(value: &T) -> Vec<u8> {
    value.to_der().expect("a value built here encodes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cipher_identifiers_read_back() {
        for cipher in [
            ContentCipher::Gcm(AesKeySize::Aes128),
            ContentCipher::Gcm(AesKeySize::Aes256),
            ContentCipher::Cbc(AesKeySize::Aes192),
            ContentCipher::Cbc(AesKeySize::Aes256),
        ] {
            let params = cipher.fresh_params();
            let id = cipher.identifier(&params);
            assert_eq!(
                ContentCipher::from_identifier(&id).unwrap(),
                (cipher, params)
            );
        }
    }

    #[test]
    fn weak_ciphers_are_refused() {
        let id = AlgorithmIdentifierOwned {
            oid: oids::DES_EDE3_CBC,
            parameters: None,
        };
        assert!(matches!(
            ContentCipher::from_identifier(&id),
            Err(CmsError::WeakCipher("3DES"))
        ));
    }

    #[test]
    fn gcm_with_a_short_tag_is_refused() {
        let mut id = ContentCipher::Gcm(AesKeySize::Aes256).identifier(&CipherParams::Gcm {
            nonce: vec![1; 12],
            tag_len: 16,
        });
        id.parameters = Some(
            Any::encode_from(&GcmParameters {
                nonce: OctetString::new(vec![1; 12]).unwrap(),
                icv_len: 4,
            })
            .unwrap(),
        );
        assert!(matches!(
            ContentCipher::from_identifier(&id),
            Err(CmsError::Malformed(_))
        ));
    }
}
