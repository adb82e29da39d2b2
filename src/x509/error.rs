//! Every way an X.509 operation fails.

use crate::ErrorKind;
use crate::algorithms::AlgorithmError;

#[derive(Debug, thiserror::Error)]
pub enum X509Error {
    #[error("unsupported public key ({0}); epct handles RSA and EC P-256 / P-384 keys")]
    UnsupportedKey(String),
    #[error("the signature does not verify")]
    BadSignature,
    #[error("malformed {what}: {reason}")]
    Malformed { what: &'static str, reason: String },
    #[error(
        "malformed distinguished name '{dn}': {reason}; write it like 'CN=Name,O=Authority,C=BE'"
    )]
    BadName { dn: String, reason: String },
    #[error("no certificate found in {0}; give a PEM or DER X.509 certificate")]
    NoCertificate(String),
    #[error(
        "{0} is a certificate request (CSR), not a certificate; send it to your certification authority and import the certificate it issues with epct cert import"
    )]
    Request(String),
    #[error(transparent)]
    Algorithm(#[from] AlgorithmError),
}

impl X509Error {
    /// Always a certificate that cannot be used.
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::Other
    }

    pub(crate) fn malformed(what: &'static str) -> impl Fn(der::Error) -> X509Error {
        move |e| X509Error::Malformed {
            what,
            reason: e.to_string(),
        }
    }
}
