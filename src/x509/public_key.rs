//! Public keys as SubjectPublicKeyInfo: built from a token's attributes, described,
//! compared and identified.

use std::fmt;

use der::asn1::{BitString, ObjectIdentifier, UintRef};
use der::{Decode, Encode};
use p256::elliptic_curve::sec1::ToSec1Point;
use serde::Serialize;
use sha1::{Digest, Sha1};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use super::X509Error;
use crate::oids;

/// The elliptic curves epct uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Curve {
    #[serde(rename = "P-256")]
    P256,
    #[serde(rename = "P-384")]
    P384,
}

impl Curve {
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            Curve::P256 => oids::SECP_256_R_1,
            Curve::P384 => oids::SECP_384_R_1,
        }
    }

    pub fn from_oid(oid: ObjectIdentifier) -> Option<Self> {
        match oid {
            o if o == oids::SECP_256_R_1 => Some(Curve::P256),
            o if o == oids::SECP_384_R_1 => Some(Curve::P384),
            _ => None,
        }
    }

    /// Bytes of one coordinate (and of each of r and s in a signature).
    pub fn field_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
        }
    }
}

/// A key's algorithm and size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAlgorithm {
    Rsa { bits: usize },
    Ec { curve: Curve },
}

/// The name as `key generate --type` and the JSON reports spell it: `rsa3072`, `p256`.
impl Serialize for KeyAlgorithm {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            KeyAlgorithm::Rsa { bits } => serializer.collect_str(&format_args!("rsa{bits}")),
            KeyAlgorithm::Ec { curve: Curve::P256 } => serializer.serialize_str("p256"),
            KeyAlgorithm::Ec { curve: Curve::P384 } => serializer.serialize_str("p384"),
        }
    }
}

impl KeyAlgorithm {
    /// The algorithm of a SubjectPublicKeyInfo.
    pub fn of(spki: &SubjectPublicKeyInfoOwned) -> Result<Self, X509Error> {
        match spki.algorithm.oid {
            o if o == oids::RSA_ENCRYPTION => {
                let key = rsa_components(spki)?;
                Ok(KeyAlgorithm::Rsa {
                    bits: bit_length(key.modulus.as_bytes()),
                })
            }
            o if o == oids::ID_EC_PUBLIC_KEY => Ok(KeyAlgorithm::Ec {
                curve: ec_curve(&spki.algorithm)?,
            }),
            o => Err(X509Error::UnsupportedKey(o.to_string())),
        }
    }
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyAlgorithm::Rsa { bits } => write!(f, "RSA {bits}"),
            KeyAlgorithm::Ec { curve: Curve::P256 } => f.write_str("EC P-256"),
            KeyAlgorithm::Ec { curve: Curve::P384 } => f.write_str("EC P-384"),
        }
    }
}

fn bit_length(big_endian: &[u8]) -> usize {
    let trimmed: Vec<u8> = big_endian.iter().copied().skip_while(|&b| b == 0).collect();
    match trimmed.first() {
        Some(first) => trimmed.len() * 8 - first.leading_zeros() as usize,
        None => 0,
    }
}

/// The SubjectPublicKeyInfo of an RSA key (big-endian modulus and exponent).
pub fn rsa_spki(modulus: &[u8], exponent: &[u8]) -> Result<SubjectPublicKeyInfoOwned, X509Error> {
    let malformed = X509Error::malformed("RSA public key");
    let key = pkcs1::RsaPublicKey {
        modulus: UintRef::new(modulus).map_err(&malformed)?,
        public_exponent: UintRef::new(exponent).map_err(&malformed)?,
    };
    let der = key.to_der().map_err(&malformed)?;
    Ok(SubjectPublicKeyInfoOwned {
        algorithm: AlgorithmIdentifierOwned {
            oid: oids::RSA_ENCRYPTION,
            parameters: Some(der::asn1::Any::null()),
        },
        subject_public_key: BitString::from_bytes(&der).map_err(&malformed)?,
    })
}

/// The SubjectPublicKeyInfo of an EC key (uncompressed SEC1 point).
pub fn ec_spki(curve: Curve, point: &[u8]) -> Result<SubjectPublicKeyInfoOwned, X509Error> {
    let malformed = X509Error::malformed("EC public key");
    if point.len() != 1 + 2 * curve.field_len() || point[0] != 0x04 {
        return Err(X509Error::Malformed {
            what: "EC public key",
            reason: "not an uncompressed point of the curve".to_owned(),
        });
    }
    Ok(SubjectPublicKeyInfoOwned {
        algorithm: AlgorithmIdentifierOwned {
            oid: oids::ID_EC_PUBLIC_KEY,
            parameters: Some(der::asn1::Any::encode_from(&curve.oid()).map_err(&malformed)?),
        },
        subject_public_key: BitString::from_bytes(point).map_err(&malformed)?,
    })
}

pub(crate) fn rsa_components(
    spki: &SubjectPublicKeyInfoOwned,
) -> Result<pkcs1::RsaPublicKey<UintRef<'_>>, X509Error> {
    let bytes = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| X509Error::Malformed {
            what: "RSA public key",
            reason: "unused bits in the key".to_owned(),
        })?;
    pkcs1::RsaPublicKey::from_der(bytes).map_err(X509Error::malformed("RSA public key"))
}

pub(crate) fn ec_curve(algorithm: &AlgorithmIdentifierOwned) -> Result<Curve, X509Error> {
    let oid: ObjectIdentifier = algorithm
        .parameters
        .as_ref()
        .ok_or_else(|| X509Error::UnsupportedKey("EC key without a named curve".to_owned()))?
        .decode_as()
        .map_err(X509Error::malformed("EC curve"))?;
    Curve::from_oid(oid).ok_or_else(|| X509Error::UnsupportedKey(format!("EC curve {oid}")))
}

/// The uncompressed SEC1 point of an EC key (compressed points are expanded).
pub fn ec_point(spki: &SubjectPublicKeyInfoOwned) -> Result<(Curve, Vec<u8>), X509Error> {
    let curve = ec_curve(&spki.algorithm)?;
    let bytes = spki.subject_public_key.raw_bytes();
    let bad = |_| X509Error::Malformed {
        what: "EC public key",
        reason: "not a point of the curve".to_owned(),
    };
    let point = match curve {
        Curve::P256 => p256::PublicKey::from_sec1_bytes(bytes)
            .map_err(bad)?
            .to_sec1_point(false)
            .as_bytes()
            .to_vec(),
        Curve::P384 => p384::PublicKey::from_sec1_bytes(bytes)
            .map_err(bad)?
            .to_sec1_point(false)
            .as_bytes()
            .to_vec(),
    };
    Ok((curve, point))
}

/// Whether two SubjectPublicKeyInfos hold the same key, whatever their encoding.
pub fn same_key(a: &SubjectPublicKeyInfoOwned, b: &SubjectPublicKeyInfoOwned) -> bool {
    if a.algorithm.oid != b.algorithm.oid {
        return false;
    }
    match a.algorithm.oid {
        o if o == oids::RSA_ENCRYPTION => match (rsa_components(a), rsa_components(b)) {
            (Ok(x), Ok(y)) => {
                x.modulus.as_bytes() == y.modulus.as_bytes()
                    && x.public_exponent.as_bytes() == y.public_exponent.as_bytes()
            }
            _ => false,
        },
        o if o == oids::ID_EC_PUBLIC_KEY => match (ec_point(a), ec_point(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        },
        _ => a == b,
    }
}

/// The key identifier of RFC 5280 section 4.2.1.2 method (1): SHA-1 of the key bits.
pub fn key_identifier(spki: &SubjectPublicKeyInfoOwned) -> Vec<u8> {
    Sha1::digest(spki.subject_public_key.raw_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsa_spki_reads_back_with_its_size() {
        let mut modulus = vec![0xc5u8; 256];
        modulus[255] |= 1;
        let spki = rsa_spki(&modulus, &[1, 0, 1]).unwrap();
        assert_eq!(
            KeyAlgorithm::of(&spki).unwrap(),
            KeyAlgorithm::Rsa { bits: 2048 }
        );
        let again = SubjectPublicKeyInfoOwned::from_der(&spki.to_der().unwrap()).unwrap();
        assert!(same_key(&spki, &again));
        let other = rsa_spki(&modulus, &[3]).unwrap();
        assert!(!same_key(&spki, &other));
    }

    #[test]
    fn compressed_and_uncompressed_points_are_the_same_key() {
        let secret = p256::SecretKey::from_slice(&[7u8; 32]).unwrap();
        let public = secret.public_key();
        let full = ec_spki(Curve::P256, public.to_sec1_point(false).as_bytes()).unwrap();
        let mut short = full.clone();
        short.subject_public_key =
            BitString::from_bytes(public.to_sec1_point(true).as_bytes()).unwrap();
        assert!(same_key(&full, &short));
        assert_eq!(
            KeyAlgorithm::of(&full).unwrap(),
            KeyAlgorithm::Ec { curve: Curve::P256 }
        );
    }

    #[test]
    fn ec_spki_refuses_a_point_of_the_wrong_size() {
        assert!(ec_spki(Curve::P384, &[4u8; 65]).is_err());
    }
}
