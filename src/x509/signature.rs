//! Checking a signature with a public key, on the host.

use p256::ecdsa::signature::hazmat::PrehashVerifier;
use rsa::{BoxedUint, PublicKey as RsaPublicKey};
use spki::SubjectPublicKeyInfoOwned;

use super::X509Error;
use super::public_key::{Curve, KeyAlgorithm, ec_point, rsa_components};
use crate::algorithms::{HashAlg, SignatureAlgorithm};

/// Checks `signature` over `message` (hashed here with the algorithm's hash).
pub fn verify_signature(
    spki: &SubjectPublicKeyInfoOwned,
    algorithm: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), X509Error> {
    let digest = algorithm.hash().digest(message);
    match (algorithm, KeyAlgorithm::of(spki)?) {
        (SignatureAlgorithm::RsaPkcs1v15(hash), KeyAlgorithm::Rsa { .. }) => {
            let key = rsa_key(spki)?;
            let ok = match hash {
                HashAlg::Sha1 => key.pkcs1v15_verify_prehash::<sha1::Sha1>(&digest, signature),
                HashAlg::Sha256 => key.pkcs1v15_verify_prehash::<sha2::Sha256>(&digest, signature),
                HashAlg::Sha384 => key.pkcs1v15_verify_prehash::<sha2::Sha384>(&digest, signature),
                HashAlg::Sha512 => key.pkcs1v15_verify_prehash::<sha2::Sha512>(&digest, signature),
            };
            ok.map_err(|_| X509Error::BadSignature)
        }
        (SignatureAlgorithm::RsaPss { hash, salt_len }, KeyAlgorithm::Rsa { .. }) => {
            let key = rsa_key(spki)?;
            let signature =
                rsa::pss::Signature::try_from(signature).map_err(|_| X509Error::BadSignature)?;
            // The salt the parameters declare, and no other, as OpenSSL verifies: the
            // declared length is not covered by the signature, so a changed one fails.
            let salt = salt_len as usize;
            let ok = match hash {
                HashAlg::Sha1 => pss::<sha1::Sha1>(key, salt).verify_prehash(&digest, &signature),
                HashAlg::Sha256 => {
                    pss::<sha2::Sha256>(key, salt).verify_prehash(&digest, &signature)
                }
                HashAlg::Sha384 => {
                    pss::<sha2::Sha384>(key, salt).verify_prehash(&digest, &signature)
                }
                HashAlg::Sha512 => {
                    pss::<sha2::Sha512>(key, salt).verify_prehash(&digest, &signature)
                }
            };
            ok.map_err(|_| X509Error::BadSignature)
        }
        (SignatureAlgorithm::Ecdsa(_), KeyAlgorithm::Ec { curve }) => {
            let (_, point) = ec_point(spki)?;
            let ok = match curve {
                Curve::P256 => {
                    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point)
                        .map_err(|_| X509Error::BadSignature)?;
                    let sig = p256::ecdsa::Signature::from_der(signature)
                        .map_err(|_| X509Error::BadSignature)?;
                    key.verify_prehash(&digest, &sig)
                }
                Curve::P384 => {
                    let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(&point)
                        .map_err(|_| X509Error::BadSignature)?;
                    let sig = p384::ecdsa::Signature::from_der(signature)
                        .map_err(|_| X509Error::BadSignature)?;
                    key.verify_prehash(&digest, &sig)
                }
            };
            ok.map_err(|_| X509Error::BadSignature)
        }
        (algorithm, key) => Err(X509Error::UnsupportedKey(format!(
            "a {key} key cannot make a {algorithm} signature"
        ))),
    }
}

fn pss<D: sha2::Digest + sha2::digest::FixedOutputReset>(
    key: RsaPublicKey,
    salt_len: usize,
) -> rsa::pss::VerifyingKey<D> {
    rsa::pss::VerifyingKey::new_with_salt_len(key, salt_len)
}

fn rsa_key(spki: &SubjectPublicKeyInfoOwned) -> Result<RsaPublicKey, X509Error> {
    let parts = rsa_components(spki)?;
    let n = BoxedUint::from_be_slice_vartime(parts.modulus.as_bytes());
    let e = BoxedUint::from_be_slice_vartime(parts.public_exponent.as_bytes());
    RsaPublicKey::new_with_size_limits(n, e, 1024..=16384)
        .map_err(|e| X509Error::UnsupportedKey(e.to_string()))
}
