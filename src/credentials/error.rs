//! Every way making a request or a certificate with a token key fails.

use crate::ErrorKind;
use crate::token::TokenError;
use crate::x509::X509Error;

#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    /// The token did not sign.
    #[error(transparent)]
    Token(#[from] TokenError),
    /// The request or certificate could not be made.
    #[error(transparent)]
    X509(#[from] X509Error),
}

impl CredentialsError {
    /// The token's own kind, or X.509's.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CredentialsError::Token(e) => e.kind(),
            CredentialsError::X509(e) => e.kind(),
        }
    }
}
