//! X.509 made and checked on the host: public keys, signature checks, PKCS#10 requests
//! and self-signed certificates signed with a token key, and reading certificates
//! from PEM or DER.

mod error;
mod names;
mod pem;
mod public_key;
mod request;
mod self_signed;
mod signature;
mod summary;
mod token_signer;

pub use error::X509Error;
pub use pem::{read_certificate, read_certificates, to_pem};
pub use public_key::{Curve, KeyAlgorithm, ec_point, ec_spki, key_identifier, rsa_spki, same_key};
pub use request::{RequestOptions, build_request};
pub use self_signed::{SelfSignedOptions, build_self_signed};
pub use signature::verify_signature;
pub use summary::{CertificateSummary, rfc3339};
pub use token_signer::CertificateSigner;
