//! Hash and signature algorithms: their identifiers, their encodings, and which of them
//! are too weak to produce; and the RSA key transports a content key is encrypted with.
//!
//! Producing never uses SHA-1 or MD5 (docs/contract.md section 4); reading reports them
//! as legacy, and only `--allow-legacy` accepts SHA-1. MD5 is refused always.

use std::fmt;

use der::asn1::{AnyRef, OctetString};
use der::{Encode, Sequence};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::{
    AlgorithmIdentifier, AlgorithmIdentifierOwned, AlgorithmIdentifierRef, ObjectIdentifier,
};

use crate::oids;

mod pss;

/// Why an algorithm identifier cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlgorithmError {
    #[error("the algorithm {0} is not supported")]
    Unsupported(ObjectIdentifier),
    #[error("{0} is a legacy algorithm, too weak to trust; use --allow-legacy to read it anyway")]
    Legacy(&'static str),
    #[error("MD5 is broken and is never accepted")]
    Md5,
    #[error("the parameters of {0} are malformed or not supported")]
    BadParameters(ObjectIdentifier),
    #[error(
        "RSA-PSS with the mask generation function {0} is not supported; epct reads RSA-PSS with MGF1"
    )]
    PssMaskFunction(ObjectIdentifier),
    #[error(
        "RSA-PSS with {hash} and MGF1 over {mask_hash} is not supported; epct reads RSA-PSS with MGF1 over the signature's own hash, as ETSI TS 119 312 and RFC 8702 ask: ask the signer to sign so"
    )]
    PssMaskHash { hash: HashAlg, mask_hash: HashAlg },
    #[error(
        "RSA-PSS with the trailer field {0} is not defined; RFC 8017 defines only trailerFieldBC (1)"
    )]
    PssTrailerField(u32),
    #[error(
        "the RSA-PSS salt of {salt_len} bytes does not fit a {rsa_bits}-bit key with {hash} (at most {max} bytes): the signature cannot be valid"
    )]
    PssSaltTooLong {
        salt_len: u32,
        hash: HashAlg,
        rsa_bits: usize,
        max: usize,
    },
    #[error(
        "unknown signature algorithm '{0}'; use rsa-pkcs1-sha256, rsa-pss-sha256, ecdsa-sha256 (or -sha384, -sha512)"
    )]
    UnknownName(String),
}

/// An algorithm as every JSON report names it: `{"name": "sha256", "oid": "2.16.840.1.101.3.4.2.1"}`,
/// the name as epct's options spell it (docs/json.md), the OID of its identifier beside.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NamedAlgorithm {
    pub name: String,
    #[serde(serialize_with = "dotted")]
    pub oid: ObjectIdentifier,
}

impl NamedAlgorithm {
    pub fn new(name: impl Into<String>, oid: ObjectIdentifier) -> Self {
        NamedAlgorithm {
            name: name.into(),
            oid,
        }
    }
}

fn dotted<S: Serializer>(oid: &ObjectIdentifier, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(oid)
}

/// The OID's registered name (`id-sha256`, `ecdsa-with-SHA256`), else its dotted form:
/// what `inspect` prints.
impl fmt::Display for NamedAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match const_oid::db::DB.by_oid(&self.oid) {
            Some(name) => f.write_str(name),
            None => write!(f, "{}", self.oid),
        }
    }
}

/// A hash function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashAlg {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            HashAlg::Sha1 => oids::ID_SHA_1,
            HashAlg::Sha256 => oids::ID_SHA_256,
            HashAlg::Sha384 => oids::ID_SHA_384,
            HashAlg::Sha512 => oids::ID_SHA_512,
        }
    }

    /// The hash named by an OID; MD5 is refused with its own error.
    pub fn from_oid(oid: ObjectIdentifier) -> Result<Self, AlgorithmError> {
        match oid {
            o if o == oids::ID_SHA_1 => Ok(HashAlg::Sha1),
            o if o == oids::ID_SHA_256 => Ok(HashAlg::Sha256),
            o if o == oids::ID_SHA_384 => Ok(HashAlg::Sha384),
            o if o == oids::ID_SHA_512 => Ok(HashAlg::Sha512),
            o if o == oids::ID_MD5 => Err(AlgorithmError::Md5),
            o => Err(AlgorithmError::Unsupported(o)),
        }
    }

    /// The hash named by an AlgorithmIdentifier (parameters absent or NULL).
    pub fn from_identifier(id: &AlgorithmIdentifierOwned) -> Result<Self, AlgorithmError> {
        match &id.parameters {
            None => {}
            Some(p) if p.is_null() => {}
            Some(_) => return Err(AlgorithmError::BadParameters(id.oid)),
        }
        Self::from_oid(id.oid)
    }

    /// The AlgorithmIdentifier, with absent parameters (RFC 5754 section 2).
    pub fn identifier(self) -> AlgorithmIdentifierOwned {
        AlgorithmIdentifier {
            oid: self.oid(),
            parameters: None,
        }
    }

    pub const fn output_len(self) -> usize {
        match self {
            HashAlg::Sha1 => 20,
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }

    /// SHA-1 is legacy: never produced, read only when the user allows it.
    pub fn is_legacy(self) -> bool {
        self == HashAlg::Sha1
    }

    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Sha1 => "SHA-1",
            HashAlg::Sha256 => "SHA-256",
            HashAlg::Sha384 => "SHA-384",
            HashAlg::Sha512 => "SHA-512",
        }
    }

    /// The name as options and JSON reports spell it: `sha256`.
    pub fn short_name(self) -> &'static str {
        match self {
            HashAlg::Sha1 => "sha1",
            HashAlg::Sha256 => "sha256",
            HashAlg::Sha384 => "sha384",
            HashAlg::Sha512 => "sha512",
        }
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        let mut hasher = Hasher::new(self);
        hasher.update(data);
        hasher.finalize()
    }

    /// The DER DigestInfo that PKCS#1 v1.5 signatures carry (RFC 8017 section 9.2).
    pub fn digest_info(self, digest: &[u8]) -> Vec<u8> {
        DigestInfo {
            algorithm: AlgorithmIdentifierRef {
                oid: self.oid(),
                parameters: Some(AnyRef::NULL),
            },
            digest: OctetString::new(digest).expect("a digest fits an OCTET STRING"),
        }
        .to_der()
        .expect("a DigestInfo always encodes")
    }
}

/// [`NamedAlgorithm`]: `{"name": "sha256", "oid": "2.16.840.1.101.3.4.2.1"}`.
impl Serialize for HashAlg {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        NamedAlgorithm::new(self.short_name(), self.oid()).serialize(serializer)
    }
}

impl fmt::Display for HashAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// ```text
/// DigestInfo ::= SEQUENCE {
///     digestAlgorithm DigestAlgorithmIdentifier,
///     digest Digest }
/// ```
/// (RFC 8017 section 9.2)
#[derive(Sequence)]
struct DigestInfo<'a> {
    algorithm: AlgorithmIdentifierRef<'a>,
    digest: OctetString,
}

/// An incremental hash of one of the supported functions.
#[derive(Clone)]
pub enum Hasher {
    Sha1(Sha1),
    Sha256(Sha256),
    Sha384(Sha384),
    Sha512(Sha512),
}

impl Hasher {
    pub fn new(alg: HashAlg) -> Self {
        match alg {
            HashAlg::Sha1 => Hasher::Sha1(Sha1::new()),
            HashAlg::Sha256 => Hasher::Sha256(Sha256::new()),
            HashAlg::Sha384 => Hasher::Sha384(Sha384::new()),
            HashAlg::Sha512 => Hasher::Sha512(Sha512::new()),
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Sha1(h) => h.update(data),
            Hasher::Sha256(h) => h.update(data),
            Hasher::Sha384(h) => h.update(data),
            Hasher::Sha512(h) => h.update(data),
        }
    }

    pub fn finalize(self) -> Vec<u8> {
        match self {
            Hasher::Sha1(h) => h.finalize().to_vec(),
            Hasher::Sha256(h) => h.finalize().to_vec(),
            Hasher::Sha384(h) => h.finalize().to_vec(),
            Hasher::Sha512(h) => h.finalize().to_vec(),
        }
    }
}

/// A signature scheme with its hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5.
    RsaPkcs1v15(HashAlg),
    /// RSASSA-PSS with MGF1 over the same hash and a salt of `salt_len` bytes: as long
    /// as the hash where epct signs ([`SignatureAlgorithm::rsa_pss`]), as the
    /// parameters declare where it reads.
    RsaPss { hash: HashAlg, salt_len: u32 },
    /// ECDSA, the signature DER-encoded as `Ecdsa-Sig-Value`.
    Ecdsa(HashAlg),
}

impl SignatureAlgorithm {
    /// RSASSA-PSS with MGF1 over `hash` and a salt as long as the hash: what epct
    /// signs with, and what the XML Signature and X.509 identifiers without parameters
    /// name (RFC 6931 section 2.3.10, RFC 8017 appendix A.2.3).
    pub const fn rsa_pss(hash: HashAlg) -> Self {
        SignatureAlgorithm::RsaPss {
            hash,
            salt_len: hash.output_len() as u32,
        }
    }

    pub fn hash(self) -> HashAlg {
        match self {
            SignatureAlgorithm::RsaPkcs1v15(h)
            | SignatureAlgorithm::RsaPss { hash: h, .. }
            | SignatureAlgorithm::Ecdsa(h) => h,
        }
    }

    /// The name as `--signature-algorithm` and the JSON reports spell it:
    /// `rsa-pkcs1-sha256`, `rsa-pss-sha384`, `ecdsa-sha256`.
    pub fn short_name(self) -> String {
        let scheme = match self {
            SignatureAlgorithm::RsaPkcs1v15(_) => "rsa-pkcs1",
            SignatureAlgorithm::RsaPss { .. } => "rsa-pss",
            SignatureAlgorithm::Ecdsa(_) => "ecdsa",
        };
        format!("{scheme}-{}", self.hash().short_name())
    }

    /// Refuses an RSA-PSS salt that an RSA key of `rsa_bits` cannot hold; every other
    /// scheme fits.
    pub fn check_rsa_key(self, rsa_bits: usize) -> Result<(), AlgorithmError> {
        match self {
            SignatureAlgorithm::RsaPss { hash, salt_len } => {
                pss::check_fits(hash, salt_len, rsa_bits)
            }
            _ => Ok(()),
        }
    }

    /// The AlgorithmIdentifier to write in certificates, requests and SignerInfos.
    pub fn identifier(self) -> AlgorithmIdentifierOwned {
        match self {
            SignatureAlgorithm::RsaPkcs1v15(h) => AlgorithmIdentifier {
                oid: match h {
                    HashAlg::Sha1 => oids::SHA_1_WITH_RSA_ENCRYPTION,
                    HashAlg::Sha256 => oids::SHA_256_WITH_RSA_ENCRYPTION,
                    HashAlg::Sha384 => oids::SHA_384_WITH_RSA_ENCRYPTION,
                    HashAlg::Sha512 => oids::SHA_512_WITH_RSA_ENCRYPTION,
                },
                parameters: Some(der::asn1::Any::null()),
            },
            SignatureAlgorithm::RsaPss { hash, salt_len } => pss::identifier(hash, salt_len),
            SignatureAlgorithm::Ecdsa(h) => AlgorithmIdentifier {
                oid: match h {
                    HashAlg::Sha1 => oids::ECDSA_WITH_SHA_1,
                    HashAlg::Sha256 => oids::ECDSA_WITH_SHA_256,
                    HashAlg::Sha384 => oids::ECDSA_WITH_SHA_384,
                    HashAlg::Sha512 => oids::ECDSA_WITH_SHA_512,
                },
                parameters: None,
            },
        }
    }

    /// The scheme named by a signature AlgorithmIdentifier. `digest` is the separate
    /// digest algorithm that CMS gives beside a bare `rsaEncryption` or `id-ecPublicKey`.
    pub fn from_identifier(
        id: &AlgorithmIdentifierOwned,
        digest: Option<HashAlg>,
    ) -> Result<Self, AlgorithmError> {
        use SignatureAlgorithm::*;
        let needs_digest = || digest.ok_or(AlgorithmError::BadParameters(id.oid));
        let oid = id.oid;
        Ok(match oid {
            o if o == oids::SHA_1_WITH_RSA_ENCRYPTION => RsaPkcs1v15(HashAlg::Sha1),
            o if o == oids::SHA_256_WITH_RSA_ENCRYPTION => RsaPkcs1v15(HashAlg::Sha256),
            o if o == oids::SHA_384_WITH_RSA_ENCRYPTION => RsaPkcs1v15(HashAlg::Sha384),
            o if o == oids::SHA_512_WITH_RSA_ENCRYPTION => RsaPkcs1v15(HashAlg::Sha512),
            o if o == oids::RSA_ENCRYPTION => RsaPkcs1v15(needs_digest()?),
            o if o == oids::ECDSA_WITH_SHA_1 => Ecdsa(HashAlg::Sha1),
            o if o == oids::ECDSA_WITH_SHA_256 => Ecdsa(HashAlg::Sha256),
            o if o == oids::ECDSA_WITH_SHA_384 => Ecdsa(HashAlg::Sha384),
            o if o == oids::ECDSA_WITH_SHA_512 => Ecdsa(HashAlg::Sha512),
            o if o == oids::ID_EC_PUBLIC_KEY => Ecdsa(needs_digest()?),
            o if o == oids::ID_RSASSA_PSS => {
                let (hash, salt_len) = pss::read(id)?;
                RsaPss { hash, salt_len }
            }
            o if o == oids::MD5_WITH_RSA_ENCRYPTION => return Err(AlgorithmError::Md5),
            o => return Err(AlgorithmError::Unsupported(o)),
        })
    }

    /// Refuses legacy hashes unless `allow_legacy`; used when reading.
    pub fn check_legacy(self, allow_legacy: bool) -> Result<Self, AlgorithmError> {
        if self.hash().is_legacy() && !allow_legacy {
            return Err(AlgorithmError::Legacy("SHA-1"));
        }
        Ok(self)
    }
}

/// `--signature-algorithm`: `rsa-pkcs1-sha256`, `rsa-pss-sha384`, `ecdsa-sha256`, …
/// Only the hashes that may be produced are named.
impl std::str::FromStr for SignatureAlgorithm {
    type Err = AlgorithmError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || AlgorithmError::UnknownName(s.to_owned());
        let (scheme, hash) = s.rsplit_once('-').ok_or_else(unknown)?;
        let hash = match hash {
            "sha256" => HashAlg::Sha256,
            "sha384" => HashAlg::Sha384,
            "sha512" => HashAlg::Sha512,
            _ => return Err(unknown()),
        };
        match scheme {
            "rsa-pkcs1" => Ok(SignatureAlgorithm::RsaPkcs1v15(hash)),
            "rsa-pss" => Ok(SignatureAlgorithm::rsa_pss(hash)),
            "ecdsa" => Ok(SignatureAlgorithm::Ecdsa(hash)),
            _ => Err(unknown()),
        }
    }
}

impl fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureAlgorithm::RsaPkcs1v15(h) => write!(f, "RSA PKCS#1 v1.5 with {h}"),
            SignatureAlgorithm::RsaPss { hash, salt_len } => {
                write!(f, "RSA-PSS with {hash}")?;
                if *salt_len as usize != hash.output_len() {
                    write!(f, ", salt of {salt_len} bytes")?;
                }
                Ok(())
            }
            SignatureAlgorithm::Ecdsa(h) => write!(f, "ECDSA with {h}"),
        }
    }
}

/// `{"name": "rsa-pss-sha256", "oid": "1.2.840.113549.1.1.10", "salt_length": 32}`;
/// the salt length for RSA-PSS only.
impl Serialize for SignatureAlgorithm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("name", &self.short_name())?;
        map.serialize_entry("oid", &self.identifier().oid.to_string())?;
        if let SignatureAlgorithm::RsaPss { salt_len, .. } = self {
            map.serialize_entry("salt_length", salt_len)?;
        }
        map.end()
    }
}

/// How a content-encryption key was encrypted to an RSA key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyTransport {
    /// RSAES-OAEP with its hash, MGF1 hash and label.
    Oaep {
        hash: HashAlg,
        mgf_hash: HashAlg,
        label: Vec<u8>,
    },
    /// RSAES-PKCS1-v1_5.
    Pkcs1v15,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_identifiers_read_back() {
        for alg in [
            SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha256),
            SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha512),
            SignatureAlgorithm::rsa_pss(HashAlg::Sha256),
            SignatureAlgorithm::rsa_pss(HashAlg::Sha384),
            SignatureAlgorithm::RsaPss {
                hash: HashAlg::Sha256,
                salt_len: 350,
            },
            SignatureAlgorithm::RsaPss {
                hash: HashAlg::Sha512,
                salt_len: 0,
            },
            SignatureAlgorithm::Ecdsa(HashAlg::Sha256),
            SignatureAlgorithm::Ecdsa(HashAlg::Sha384),
        ] {
            let id = alg.identifier();
            assert_eq!(SignatureAlgorithm::from_identifier(&id, None), Ok(alg));
        }
    }

    #[test]
    fn json_names_are_the_option_names_with_the_oid() {
        for alg in [
            SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha256),
            SignatureAlgorithm::rsa_pss(HashAlg::Sha384),
            SignatureAlgorithm::Ecdsa(HashAlg::Sha512),
        ] {
            assert_eq!(alg.short_name().parse::<SignatureAlgorithm>(), Ok(alg));
            let json = serde_json::to_value(alg).unwrap();
            assert_eq!(json["name"], alg.short_name());
            assert_eq!(json["oid"], alg.identifier().oid.to_string());
        }
        assert_eq!(
            serde_json::to_value(HashAlg::Sha256).unwrap(),
            serde_json::json!({"name": "sha256", "oid": "2.16.840.1.101.3.4.2.1"})
        );
    }

    #[test]
    fn bare_rsa_encryption_takes_the_digest_algorithm() {
        let id = AlgorithmIdentifier {
            oid: oids::RSA_ENCRYPTION,
            parameters: Some(der::asn1::Any::null()),
        };
        assert_eq!(
            SignatureAlgorithm::from_identifier(&id, Some(HashAlg::Sha384)),
            Ok(SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha384))
        );
    }

    #[test]
    fn sha1_is_legacy_and_md5_refused() {
        let sha1 = SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha1);
        assert_eq!(
            sha1.check_legacy(false),
            Err(AlgorithmError::Legacy("SHA-1"))
        );
        assert_eq!(sha1.check_legacy(true), Ok(sha1));
        let md5 = AlgorithmIdentifier {
            oid: oids::MD5_WITH_RSA_ENCRYPTION,
            parameters: None,
        };
        assert_eq!(
            SignatureAlgorithm::from_identifier(&md5, None),
            Err(AlgorithmError::Md5)
        );
    }

    #[test]
    fn digest_info_matches_rfc8017_prefix() {
        let info = HashAlg::Sha256.digest_info(&[0u8; 32]);
        let prefix = hex::decode("3031300d060960864801650304020105000420").unwrap();
        assert_eq!(&info[..prefix.len()], &prefix[..]);
        assert_eq!(info.len(), prefix.len() + 32);
    }
}
