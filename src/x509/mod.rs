//! X.509 on the host, with no key of its own: public keys, signature checks, the names
//! and extensions of requests and certificates, and reading certificates from PEM or
//! DER. Requests and certificates signed with a token key are made in
//! `crate::credentials`.

mod error;
mod names;
mod pem;
mod public_key;
mod signature;
mod summary;

pub use error::X509Error;
pub use names::subject_country;
pub(crate) use names::{email_names, parse_name, usage_extensions};
pub use pem::{read_certificate, read_certificates, to_pem};
pub use public_key::{Curve, KeyAlgorithm, ec_point, ec_spki, key_identifier, rsa_spki, same_key};
pub use signature::verify_signature;
pub use summary::{CertificateSummary, rfc3339};
