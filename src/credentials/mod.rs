//! Credentials: a token key put to work by the layers that know nothing of tokens.
//!
//! `cms` signs and decrypts through its own [`ContentSigner`](crate::cms::ContentSigner)
//! and [`KeyDecryptor`](crate::cms::KeyDecryptor) traits, implemented here for
//! [`TokenSigner`](crate::token::TokenSigner) and
//! [`TokenDecryptor`](crate::token::TokenDecryptor); the `x509-cert` builders sign
//! through [`CertificateSigner`], which makes the certificate requests and the
//! self-signed certificates of a token key. `token`, `cms` and `x509` never import
//! one another's key types; this module is the one place where they meet.

mod certificate_signer;
mod error;
mod keys;
mod request;
mod self_signed;
mod signer_after_login;

pub use certificate_signer::CertificateSigner;
pub use error::CredentialsError;
pub use request::{RequestOptions, build_request};
pub use self_signed::{SelfSignedOptions, build_self_signed};
pub use signer_after_login::SignerAfterLogin;
