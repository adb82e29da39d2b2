//! Which mechanisms epct tries for each job, and in which order, given the mechanisms a
//! token lists. The signer, the decryptor and `token doctor` all choose here, so that
//! the doctor reports what the other two will do.
//!
//! Signing hashes on the host and signs the digest (the mechanisms nearly every token
//! offers); combined hash-and-sign mechanisms, then raw RSA with the padding made on the
//! host, are the fallbacks. OAEP is left to the token only in its plain SHA-1 form with
//! no label: tokens accept other parameters and then decode wrongly (tpm2-pkcs11, OpenSC
//! with SHA-256 and MGF1-SHA-1), so wherever raw RSA exists every other variant is
//! decoded on the host, with the token's OAEP as the fallback. PKCS#1 v1.5 prefers raw
//! RSA, decoded on the host with implicit rejection.

use cryptoki::mechanism::MechanismType;

use super::decryptor::DecryptMechanism;
use super::signer::{SignMechanism, sign_mechanism_type};
use crate::algorithms::{HashAlg, KeyTransport, SignatureAlgorithm};

/// The ways to make `algorithm` signatures that the token lists, in the order tried.
pub(crate) fn sign_order(
    algorithm: SignatureAlgorithm,
    listed: &[MechanismType],
) -> Vec<SignMechanism> {
    use SignMechanism::*;
    let order: &[SignMechanism] = match algorithm {
        SignatureAlgorithm::RsaPkcs1v15(_) => &[RsaPkcs, RsaPkcsWithHash, RsaRaw],
        SignatureAlgorithm::RsaPss { .. } => &[RsaPss, RsaPssWithHash, RsaRaw],
        SignatureAlgorithm::Ecdsa(_) => &[Ecdsa, EcdsaWithHash],
    };
    let hash = algorithm.hash();
    order
        .iter()
        .copied()
        .filter(|&m| listed.contains(&sign_mechanism_type(m, hash)))
        .collect()
}

/// The ways to recover a key sent with `transport` that the token lists, in the order
/// tried.
pub(crate) fn decrypt_order(
    transport: &KeyTransport,
    listed: &[MechanismType],
) -> Vec<DecryptMechanism> {
    use DecryptMechanism::*;
    let order: &[DecryptMechanism] = match transport {
        KeyTransport::Oaep {
            hash: HashAlg::Sha1,
            mgf_hash: HashAlg::Sha1,
            label,
        } if label.is_empty() => &[RsaOaep, RsaRaw],
        KeyTransport::Oaep { .. } => &[RsaRaw, RsaOaep],
        KeyTransport::Pkcs1v15 => &[RsaRaw, RsaPkcs],
    };
    order
        .iter()
        .copied()
        .filter(|&m| listed.contains(&decrypt_mechanism_type(m)))
        .collect()
}

pub(crate) fn decrypt_mechanism_type(mechanism: DecryptMechanism) -> MechanismType {
    match mechanism {
        DecryptMechanism::RsaOaep => MechanismType::RSA_PKCS_OAEP,
        DecryptMechanism::RsaRaw => MechanismType::RSA_X_509,
        DecryptMechanism::RsaPkcs => MechanismType::RSA_PKCS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DecryptMechanism as D;
    use SignMechanism as S;

    /// SoftHSM 2.6: everything, with hash-and-sign variants.
    const SOFTHSM: &[MechanismType] = &[
        MechanismType::RSA_PKCS,
        MechanismType::RSA_X_509,
        MechanismType::RSA_PKCS_OAEP,
        MechanismType::RSA_PKCS_PSS,
        MechanismType::SHA256_RSA_PKCS,
        MechanismType::SHA256_RSA_PKCS_PSS,
        MechanismType::ECDSA,
        MechanismType::ECDH1_DERIVE,
    ];
    /// tpm2-pkcs11 on a token made by `epct token init`: no PSS, no ECDH.
    const TPM: &[MechanismType] = &[
        MechanismType::RSA_PKCS,
        MechanismType::RSA_X_509,
        MechanismType::RSA_PKCS_OAEP,
        MechanismType::SHA256_RSA_PKCS,
        MechanismType::ECDSA,
    ];
    /// A card with hash-and-sign mechanisms only, and PKCS#1 v1.5 decryption.
    const CARD: &[MechanismType] = &[
        MechanismType::SHA256_RSA_PKCS,
        MechanismType::SHA256_RSA_PKCS_PSS,
        MechanismType::RSA_PKCS,
        MechanismType::ECDSA_SHA256,
    ];

    fn oaep(hash: HashAlg, mgf_hash: HashAlg) -> KeyTransport {
        KeyTransport::Oaep {
            hash,
            mgf_hash,
            label: Vec::new(),
        }
    }

    #[test]
    fn signing_hashes_on_the_host_first_then_hash_and_sign_then_raw_rsa() {
        let pkcs1 = SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha256);
        let pss = SignatureAlgorithm::rsa_pss(HashAlg::Sha256);
        let ecdsa = SignatureAlgorithm::Ecdsa(HashAlg::Sha256);
        assert_eq!(
            sign_order(pkcs1, SOFTHSM),
            [S::RsaPkcs, S::RsaPkcsWithHash, S::RsaRaw]
        );
        assert_eq!(
            sign_order(pss, SOFTHSM),
            [S::RsaPss, S::RsaPssWithHash, S::RsaRaw]
        );
        assert_eq!(sign_order(ecdsa, SOFTHSM), [S::Ecdsa]);
        // A PSS signature on a token without PSS is made with raw RSA, not refused.
        assert_eq!(sign_order(pss, TPM), [S::RsaRaw]);
        assert_eq!(sign_order(pss, CARD), [S::RsaPssWithHash]);
        assert_eq!(sign_order(ecdsa, CARD), [S::EcdsaWithHash]);
        // The hash of the combined mechanism must be the one of the signature.
        let sha384 = SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha384);
        assert_eq!(sign_order(sha384, CARD), [S::RsaPkcs]);
        assert!(sign_order(ecdsa, &[MechanismType::RSA_PKCS]).is_empty());
    }

    #[test]
    fn only_plain_sha1_oaep_goes_to_the_token_first() {
        assert_eq!(
            decrypt_order(&oaep(HashAlg::Sha1, HashAlg::Sha1), SOFTHSM),
            [D::RsaOaep, D::RsaRaw]
        );
        for transport in [
            oaep(HashAlg::Sha256, HashAlg::Sha256),
            oaep(HashAlg::Sha256, HashAlg::Sha1),
            oaep(HashAlg::Sha512, HashAlg::Sha512),
            KeyTransport::Oaep {
                hash: HashAlg::Sha1,
                mgf_hash: HashAlg::Sha1,
                label: b"label".to_vec(),
            },
        ] {
            assert_eq!(
                decrypt_order(&transport, TPM),
                [D::RsaRaw, D::RsaOaep],
                "{transport:?}"
            );
        }
    }

    #[test]
    fn without_raw_rsa_the_token_does_what_it_can() {
        let oaep_only = [MechanismType::RSA_PKCS_OAEP, MechanismType::RSA_PKCS];
        assert_eq!(
            decrypt_order(&oaep(HashAlg::Sha256, HashAlg::Sha1), &oaep_only),
            [D::RsaOaep]
        );
        assert_eq!(
            decrypt_order(&KeyTransport::Pkcs1v15, SOFTHSM),
            [D::RsaRaw, D::RsaPkcs]
        );
        assert_eq!(decrypt_order(&KeyTransport::Pkcs1v15, CARD), [D::RsaPkcs]);
        assert!(decrypt_order(&oaep(HashAlg::Sha256, HashAlg::Sha256), CARD).is_empty());
    }
}
