//! RSASSA-PSS parameters (RFC 4055 section 3.1, RFC 8017 appendix A.2.3): read with any
//! salt length, checked against the key before a signature is verified, and written
//! with a salt as long as the hash.
//!
//! Written with `der`'s derive rather than `pkcs1::RsaPssParams`, which holds the salt
//! length in one byte: OpenSSL signs with the longest salt that fits the key, 350 bytes
//! for RSA-3072 with SHA-256 and 478 for RSA-4096.

use der::Sequence;
use der::asn1::Any;
#[cfg(test)]
use spki::ObjectIdentifier;
use spki::{AlgorithmIdentifier, AlgorithmIdentifierOwned};

use super::{AlgorithmError, HashAlg};
use crate::oids;

/// ```text
/// RSASSA-PSS-params ::= SEQUENCE {
///     hashAlgorithm      [0] HashAlgorithm     DEFAULT sha1,
///     maskGenAlgorithm   [1] MaskGenAlgorithm  DEFAULT mgf1SHA1,
///     saltLength         [2] INTEGER           DEFAULT 20,
///     trailerField       [3] TrailerField      DEFAULT trailerFieldBC }
/// ```
/// A field at its DEFAULT is absent (DER); `None` here.
#[derive(Sequence)]
struct PssParams {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    hash: Option<AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    mask_gen: Option<AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT", optional = "true")]
    salt_len: Option<u32>,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    trailer_field: Option<u32>,
}

/// The salt length that RFC 4055 gives an absent `saltLength`.
const DEFAULT_SALT_LEN: u32 = 20;
/// `trailerFieldBC`, the only trailer field RFC 8017 defines (the byte 0xBC).
const TRAILER_FIELD_BC: u32 = 1;

/// The hash and salt length of the parameters of an `id-RSASSA-PSS` identifier.
///
/// MGF1 must use the signature's own hash, as every profile for signatures asks
/// (RFC 8702, ETSI TS 119 312) and as OpenSSL, eID cards and epct write it; MGF1 over
/// another hash is refused with its own error rather than verified by a hand-written
/// EMSA-PSS. Any other mask generation function, and any trailer field but 0xBC, is
/// undefined and refused.
pub(super) fn read(id: &AlgorithmIdentifierOwned) -> Result<(HashAlg, u32), AlgorithmError> {
    let bad = || AlgorithmError::BadParameters(id.oid);
    let params: PssParams = id
        .parameters
        .as_ref()
        .ok_or_else(bad)?
        .decode_as()
        .map_err(|_| bad())?;
    let hash = match &params.hash {
        Some(hash) => HashAlg::from_identifier(hash)?,
        None => HashAlg::Sha1,
    };
    let mask_hash = match &params.mask_gen {
        None => HashAlg::Sha1,
        Some(mgf) if mgf.oid == oids::ID_MGF_1 => {
            let hash_id: AlgorithmIdentifierOwned = mgf
                .parameters
                .as_ref()
                .ok_or_else(bad)?
                .decode_as()
                .map_err(|_| bad())?;
            HashAlg::from_identifier(&hash_id)?
        }
        Some(mgf) => return Err(AlgorithmError::PssMaskFunction(mgf.oid)),
    };
    if mask_hash != hash {
        return Err(AlgorithmError::PssMaskHash { hash, mask_hash });
    }
    match params.trailer_field {
        None | Some(TRAILER_FIELD_BC) => {}
        Some(other) => return Err(AlgorithmError::PssTrailerField(other)),
    }
    Ok((hash, params.salt_len.unwrap_or(DEFAULT_SALT_LEN)))
}

/// The `id-RSASSA-PSS` identifier for `hash`, MGF1 over it and `salt_len`. The hash
/// identifiers carry a NULL parameter, as OpenSSL writes them.
pub(super) fn identifier(hash: HashAlg, salt_len: u32) -> AlgorithmIdentifierOwned {
    let hash_id = AlgorithmIdentifier {
        oid: hash.oid(),
        parameters: Some(Any::null()),
    };
    let default_hash = hash == HashAlg::Sha1;
    let params = PssParams {
        hash: (!default_hash).then(|| hash_id.clone()),
        mask_gen: (!default_hash).then(|| AlgorithmIdentifier {
            oid: oids::ID_MGF_1,
            parameters: Some(Any::encode_from(&hash_id).expect("an identifier encodes")),
        }),
        salt_len: (salt_len != DEFAULT_SALT_LEN).then_some(salt_len),
        trailer_field: None,
    };
    AlgorithmIdentifier {
        oid: oids::ID_RSASSA_PSS,
        parameters: Some(Any::encode_from(&params).expect("PSS parameters encode")),
    }
}

/// Refuses a salt that an RSA key of `rsa_bits` cannot hold with `hash`: the encoded
/// message, emLen = ceil((modBits - 1) / 8) bytes, must hold hLen + sLen + 2 (RFC 8017
/// section 9.1.1).
pub(super) fn check_fits(
    hash: HashAlg,
    salt_len: u32,
    rsa_bits: usize,
) -> Result<(), AlgorithmError> {
    let em_len = rsa_bits.saturating_sub(1).div_ceil(8);
    let needed = hash.output_len() + 2;
    if (salt_len as usize).saturating_add(needed) <= em_len {
        return Ok(());
    }
    Err(AlgorithmError::PssSaltTooLong {
        salt_len,
        hash,
        rsa_bits,
        max: em_len.saturating_sub(needed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::{Decode, Encode};

    fn identifier_of(params_hex: &str) -> AlgorithmIdentifierOwned {
        AlgorithmIdentifier {
            oid: oids::ID_RSASSA_PSS,
            parameters: Some(Any::from_der(&hex::decode(params_hex).unwrap()).unwrap()),
        }
    }

    #[test]
    fn openssl_parameters_read_with_their_salt() {
        // openssl cms -sign -md sha384 -keyopt rsa_padding_mode:pss, RSA-3072: salt 334.
        let id = identifier_of(
            "3035a00f300d06096086480165030402020500a11c301a06092a864886f70d010108\
             300d06096086480165030402020500a2040202014e",
        );
        assert_eq!(read(&id), Ok((HashAlg::Sha384, 334)));
        // The same with -keyopt rsa_pss_saltlen:0 -keyopt rsa_mgf1_md:sha1, SHA-256:
        // the mask generation is absent, so MGF1 over SHA-1.
        let id = identifier_of("3016a00f300d06096086480165030402010500a203020100");
        assert_eq!(
            read(&id),
            Err(AlgorithmError::PssMaskHash {
                hash: HashAlg::Sha256,
                mask_hash: HashAlg::Sha1
            })
        );
    }

    #[test]
    fn absent_fields_take_the_defaults_of_rfc_4055() {
        assert_eq!(read(&identifier_of("3000")), Ok((HashAlg::Sha1, 20)));
    }

    #[test]
    fn undefined_trailer_fields_and_mask_functions_are_refused() {
        // trailerField [3] INTEGER 2.
        assert_eq!(
            read(&identifier_of("3005a303020102")),
            Err(AlgorithmError::PssTrailerField(2))
        );
        // MGF1 without its hash.
        let id = identifier_of("300fa10d300b06092a864886f70d010108");
        assert!(matches!(read(&id), Err(AlgorithmError::BadParameters(_))));
        // maskGenAlgorithm [1] of the OID 2.3.3.
        let id = identifier_of("300aa1083006060253030500");
        assert_eq!(
            read(&id),
            Err(AlgorithmError::PssMaskFunction(
                ObjectIdentifier::new_unwrap("2.3.3")
            ))
        );
        assert!(matches!(
            read(&identifier_of("3003020101")),
            Err(AlgorithmError::BadParameters(_))
        ));
    }

    #[test]
    fn written_parameters_match_the_pkcs1_crate_and_read_back() {
        for hash in [HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512] {
            let id = identifier(hash, hash.output_len() as u32);
            let hash_id = spki::AlgorithmIdentifierRef {
                oid: hash.oid(),
                parameters: Some(der::asn1::AnyRef::NULL),
            };
            let independent = pkcs1::RsaPssParams {
                hash: hash_id,
                mask_gen: AlgorithmIdentifier {
                    oid: oids::ID_MGF_1,
                    parameters: Some(hash_id),
                },
                salt_len: hash.output_len() as u8,
                trailer_field: pkcs1::TrailerField::BC,
            };
            assert_eq!(
                id.parameters.as_ref().unwrap().to_der().unwrap(),
                independent.to_der().unwrap()
            );
            assert_eq!(read(&id), Ok((hash, hash.output_len() as u32)));
        }
        assert_eq!(
            read(&identifier(HashAlg::Sha256, 478)),
            Ok((HashAlg::Sha256, 478))
        );
    }

    #[test]
    fn a_salt_fits_when_the_encoded_message_holds_it() {
        for (bits, hash, max) in [
            (2048, HashAlg::Sha256, 222),
            (2048, HashAlg::Sha512, 190),
            (3072, HashAlg::Sha256, 350),
            (3072, HashAlg::Sha384, 334),
            (4096, HashAlg::Sha256, 478),
            (4096, HashAlg::Sha512, 446),
        ] {
            assert_eq!(check_fits(hash, max, bits), Ok(()));
            assert_eq!(check_fits(hash, 0, bits), Ok(()));
            assert_eq!(
                check_fits(hash, max + 1, bits),
                Err(AlgorithmError::PssSaltTooLong {
                    salt_len: max + 1,
                    hash,
                    rsa_bits: bits,
                    max: max as usize
                })
            );
        }
        // A modulus of 8n + 1 bits encodes in one byte less than its length.
        assert!(check_fits(HashAlg::Sha256, 222, 2049).is_ok());
        assert!(check_fits(HashAlg::Sha256, 223, 2049).is_err());
        assert!(check_fits(HashAlg::Sha256, u32::MAX, 4096).is_err());
    }
}
