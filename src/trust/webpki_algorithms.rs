//! The signature algorithms that `rustls-webpki` may use in a certificate path, each
//! checked by epct's own [`verify_signature`], so that one crypto stack checks every
//! signature: no SHA-1, no MD5.

use der::asn1::{Any, BitString};
use rustls_pki_types::{
    AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm, alg_id,
};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};

use crate::algorithms::{HashAlg, SignatureAlgorithm};
use crate::oids;
use crate::x509::{Curve, verify_signature};

/// A signature algorithm for `rustls-webpki`, checked by [`verify_signature`].
#[derive(Debug)]
struct Algorithm {
    key: AlgorithmIdentifier,
    signature: AlgorithmIdentifier,
    scheme: SignatureAlgorithm,
    curve: Option<Curve>,
}

impl SignatureVerificationAlgorithm for Algorithm {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        let (oid, parameters) = match self.curve {
            None => (oids::RSA_ENCRYPTION, Any::null()),
            Some(curve) => (
                oids::ID_EC_PUBLIC_KEY,
                Any::encode_from(&curve.oid()).map_err(|_| InvalidSignature)?,
            ),
        };
        let spki = SubjectPublicKeyInfoOwned {
            algorithm: AlgorithmIdentifierOwned {
                oid,
                parameters: Some(parameters),
            },
            subject_public_key: BitString::from_bytes(public_key).map_err(|_| InvalidSignature)?,
        };
        verify_signature(&spki, self.scheme, message, signature).map_err(|_| InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.key
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.signature
    }
}

const fn rsa(signature: AlgorithmIdentifier, scheme: SignatureAlgorithm) -> Algorithm {
    Algorithm {
        key: alg_id::RSA_ENCRYPTION,
        signature,
        scheme,
        curve: None,
    }
}

const fn ecdsa(curve: Curve, signature: AlgorithmIdentifier, hash: HashAlg) -> Algorithm {
    Algorithm {
        key: match curve {
            Curve::P256 => alg_id::ECDSA_P256,
            Curve::P384 => alg_id::ECDSA_P384,
        },
        signature,
        scheme: SignatureAlgorithm::Ecdsa(hash),
        curve: Some(curve),
    }
}

static RSA_PKCS1_SHA256: Algorithm = rsa(
    alg_id::RSA_PKCS1_SHA256,
    SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha256),
);
static RSA_PKCS1_SHA384: Algorithm = rsa(
    alg_id::RSA_PKCS1_SHA384,
    SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha384),
);
static RSA_PKCS1_SHA512: Algorithm = rsa(
    alg_id::RSA_PKCS1_SHA512,
    SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha512),
);
static RSA_PSS_SHA256: Algorithm = rsa(
    alg_id::RSA_PSS_SHA256,
    SignatureAlgorithm::rsa_pss(HashAlg::Sha256),
);
static RSA_PSS_SHA384: Algorithm = rsa(
    alg_id::RSA_PSS_SHA384,
    SignatureAlgorithm::rsa_pss(HashAlg::Sha384),
);
static RSA_PSS_SHA512: Algorithm = rsa(
    alg_id::RSA_PSS_SHA512,
    SignatureAlgorithm::rsa_pss(HashAlg::Sha512),
);
static ECDSA_P256_SHA256: Algorithm = ecdsa(Curve::P256, alg_id::ECDSA_SHA256, HashAlg::Sha256);
static ECDSA_P256_SHA384: Algorithm = ecdsa(Curve::P256, alg_id::ECDSA_SHA384, HashAlg::Sha384);
static ECDSA_P384_SHA256: Algorithm = ecdsa(Curve::P384, alg_id::ECDSA_SHA256, HashAlg::Sha256);
static ECDSA_P384_SHA384: Algorithm = ecdsa(Curve::P384, alg_id::ECDSA_SHA384, HashAlg::Sha384);

/// The algorithms accepted in certificate paths: no SHA-1, no MD5.
pub(super) static ALGORITHMS: &[&dyn SignatureVerificationAlgorithm] = &[
    &RSA_PKCS1_SHA256,
    &RSA_PKCS1_SHA384,
    &RSA_PKCS1_SHA512,
    &RSA_PSS_SHA256,
    &RSA_PSS_SHA384,
    &RSA_PSS_SHA512,
    &ECDSA_P256_SHA256,
    &ECDSA_P256_SHA384,
    &ECDSA_P384_SHA256,
    &ECDSA_P384_SHA384,
];
