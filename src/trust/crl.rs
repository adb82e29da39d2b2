//! Certificate revocation lists (RFC 5280 section 5): reading them and telling, for one
//! certificate at one time, whether its issuer had revoked it.
//!
//! A certificate revoked only after the time asked about was valid at that time: a
//! signature made before the revocation stays good. A CRL that names the issuer but
//! does not verify with the issuer's key is an error, never ignored.

use std::time::SystemTime;

use der::{Decode, DecodePem, Encode};
use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::{CrlReason, KeyUsage, KeyUsages};

use super::TrustError;
use super::time::format_time;
use crate::algorithms::SignatureAlgorithm;
use crate::oids;
use crate::x509::verify_signature;

/// Every CRL in `bytes`: one DER CRL, or any number of PEM ones. `origin` names the
/// input in errors.
pub fn read_crls(bytes: &[u8], origin: &str) -> Result<Vec<CertificateList>, TrustError> {
    let malformed = |reason: String| TrustError::MalformedCrl {
        origin: origin.to_owned(),
        reason,
    };
    const BEGIN: &str = "-----BEGIN X509 CRL-----";
    let text = String::from_utf8_lossy(bytes);
    if !text.contains("-----BEGIN") {
        return CertificateList::from_der(bytes)
            .map(|crl| vec![crl])
            .map_err(|e| malformed(e.to_string()));
    }
    let blocks: Vec<&str> = text.split(BEGIN).skip(1).collect();
    if blocks.is_empty() {
        return Err(malformed("no 'X509 CRL' PEM block".to_owned()));
    }
    blocks
        .into_iter()
        .map(|block| {
            CertificateList::from_pem(format!("{BEGIN}{block}").trim())
                .map_err(|e| malformed(e.to_string()))
        })
        .collect()
}

/// What the CRLs say about one certificate.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Revocation {
    /// No CRL of the certificate's issuer was given.
    NotChecked,
    /// A CRL of the issuer, issued at `crl_issued`, does not list it.
    NotRevoked { crl_issued: String },
    /// Revoked, but only after the time checked: valid at that time.
    RevokedLater {
        revoked: String,
        reason: Option<String>,
    },
}

/// Checks `cert`, issued by `issuer`, against the CRLs that `issuer` signed.
pub(crate) fn revocation(
    cert: &Certificate,
    issuer: &Certificate,
    crls: &[CertificateList],
    at: SystemTime,
) -> Result<Revocation, TrustError> {
    let subject = || cert.tbs_certificate().subject().to_string();
    let mut outcome = Revocation::NotChecked;
    let mut newest = None;
    for crl in crls
        .iter()
        .filter(|crl| crl.tbs_cert_list.issuer == *cert.tbs_certificate().issuer())
    {
        check_crl_signature(crl, issuer)?;
        let entries = crl.tbs_cert_list.revoked_certificates.iter().flatten();
        for entry in entries.filter(|e| e.serial_number == *cert.tbs_certificate().serial_number())
        {
            let revoked = entry.revocation_date.to_system_time();
            let reason = entry
                .crl_entry_extensions
                .iter()
                .flatten()
                .find(|ext| ext.extn_id == oids::ID_CE_CRL_REASONS)
                .and_then(|ext| CrlReason::from_der(ext.extn_value.as_bytes()).ok())
                .map(|r| format!("{r:?}"));
            if revoked <= at {
                return Err(TrustError::Revoked {
                    subject: subject(),
                    revoked: format_time(revoked),
                    at: format_time(at),
                    reason: reason.map(|r| format!(", reason {r}")).unwrap_or_default(),
                });
            }
            outcome = Revocation::RevokedLater {
                revoked: format_time(revoked),
                reason,
            };
        }
        let issued = crl.tbs_cert_list.this_update.to_system_time();
        if newest.is_none_or(|n| issued > n) {
            newest = Some(issued);
        }
    }
    Ok(match (outcome, newest) {
        (Revocation::NotChecked, Some(issued)) => Revocation::NotRevoked {
            crl_issued: format_time(issued),
        },
        (outcome, _) => outcome,
    })
}

fn check_crl_signature(crl: &CertificateList, issuer: &Certificate) -> Result<(), TrustError> {
    let bad = || TrustError::BadCrlSignature {
        issuer: issuer.tbs_certificate().subject().to_string(),
    };
    if let Ok(Some((_, usage))) = issuer.tbs_certificate().get_extension::<KeyUsage>()
        && !usage.0.contains(KeyUsages::CRLSign)
    {
        return Err(bad());
    }
    let algorithm = SignatureAlgorithm::from_identifier(&crl.signature_algorithm, None)
        .and_then(|a| a.check_legacy(false))
        .map_err(crate::x509::X509Error::from)?;
    let tbs = crl.tbs_cert_list.to_der().map_err(|_| bad())?;
    let signature = crl.signature.as_bytes().ok_or_else(bad)?;
    verify_signature(
        issuer.tbs_certificate().subject_public_key_info(),
        algorithm,
        &tbs,
        signature,
    )
    .map_err(|_| bad())
}
