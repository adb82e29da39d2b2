//! What a person reads about a certificate.

use der::Encode;
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::public_key::KeyAlgorithm;

/// Subject, issuer, serial, validity, key and fingerprint of a certificate.
#[derive(Clone, Debug, Serialize)]
pub struct CertificateSummary {
    pub subject: String,
    pub issuer: String,
    /// Hexadecimal.
    pub serial: String,
    /// RFC 3339.
    pub not_before: String,
    pub not_after: String,
    /// In JSON `key_algorithm`: `rsa3072`, `p256` (`key` is a key's URI or label).
    #[serde(rename = "key_algorithm")]
    pub key: Option<KeyAlgorithm>,
    /// SHA-256 of the DER certificate, hexadecimal.
    pub sha256: String,
}

impl CertificateSummary {
    pub fn of(cert: &Certificate) -> Self {
        let tbs = cert.tbs_certificate();
        let validity = tbs.validity();
        CertificateSummary {
            subject: tbs.subject().to_string(),
            issuer: tbs.issuer().to_string(),
            serial: hex::encode(tbs.serial_number().as_bytes()),
            not_before: rfc3339(validity.not_before.to_date_time()),
            not_after: rfc3339(validity.not_after.to_date_time()),
            key: KeyAlgorithm::of(tbs.subject_public_key_info()).ok(),
            sha256: cert
                .to_der()
                .map(|der| hex::encode(Sha256::digest(der)))
                .unwrap_or_default(),
        }
    }
}

/// A date and time in RFC 3339 form, UTC.
pub fn rfc3339(t: der::DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minutes(),
        t.seconds()
    )
}
