//! PKCS#10 certificate requests signed with a token key.

use x509_cert::builder::RequestBuilder;
use x509_cert::request::CertReq;

use super::CredentialsError;
use super::certificate_signer::CertificateSigner;
use crate::token::TokenSigner;
use crate::x509::{X509Error, email_names, parse_name, usage_extensions};

/// What `cert request` asks for.
pub struct RequestOptions {
    /// The subject, as `CN=...,O=...,C=..` (RFC 4514) or `/C=../O=../CN=..` (OpenSSL).
    pub subject: String,
    /// Addresses for the subjectAltName.
    pub emails: Vec<String>,
}

/// A request for the signer's key, asking for the key usages that sealing and opening
/// files need (signature, non-repudiation, key encipherment or agreement, S/MIME).
pub fn build_request(
    signer: &TokenSigner<'_, '_>,
    options: &RequestOptions,
) -> Result<CertReq, CredentialsError> {
    let subject = parse_name(&options.subject)?;
    let mut builder = RequestBuilder::new(subject).map_err(|e| X509Error::Malformed {
        what: "certificate request",
        reason: e.to_string(),
    })?;
    let add_failed = |e: der::Error| X509Error::Malformed {
        what: "certificate request",
        reason: e.to_string(),
    };
    for extension in usage_extensions(signer.public_key(), signer.can_agree_keys())? {
        builder.add_extension(extension).map_err(add_failed)?;
    }
    if let Some(san) = email_names(&options.emails)? {
        builder.add_extension(&san).map_err(add_failed)?;
    }
    CertificateSigner(signer).build(builder)
}
