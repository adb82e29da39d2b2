//! The verdict on a signed file, per signer: whether the signature is intact (from
//! [`crate::cms`]), whether the signer is trusted at its signing time (from
//! [`crate::trust`]), which authority of which state it is (from the partner
//! directory), and, for a file that was decrypted, whether it was meant for its reader
//! ([`binding`]).
//!
//! Integrity and trust are reported separately: a signature can be intact and its
//! signer untrusted, or the other way round; only both together make a file usable, and
//! only [`Verdict::accept`] says so (see [`gate`]).

mod binding;
mod gate;

pub use binding::{Binding, ExchangeFile, Mismatch, Reader};
pub use gate::{Accepted, HeldContent, Refusal, Verdict};

use std::sync::Arc;
use std::time::SystemTime;

use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use crate::cms::SignerReport;
use crate::country::Country;
use crate::trust::{Partners, TrustError, TrustStore, TrustVerdict};

/// How signers are judged for trust.
pub enum TrustPolicy<'a> {
    /// Against the trusted lists of this store, with these CRLs.
    Lists {
        store: &'a TrustStore,
        crls: &'a [CertificateList],
    },
    /// Not at all: the user said `--no-trust-check`, and the verdict says so.
    Skipped,
}

/// Everything known about one signer.
#[derive(Debug, Serialize)]
pub struct SignerVerdict {
    #[serde(flatten)]
    pub signature: SignerReport,
    pub trust: Trust,
    /// The authority of the partner directory that holds the signer's certificate.
    pub authority: Option<Authority>,
    /// Whether the signer meant the file for its reader; checked by
    /// [`Verdict::check_binding`].
    pub binding: Binding,
}

/// The outcome of the trust check of one signer.
#[derive(Debug, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Trust {
    Trusted(Box<TrustVerdict>),
    NotTrusted {
        #[serde(rename = "reason", serialize_with = "as_text")]
        error: Arc<TrustError>,
    },
    NotChecked {
        reason: &'static str,
    },
}

/// Who a signer is in the partner directory.
#[derive(Clone, Debug, Serialize)]
pub struct Authority {
    pub country: Country,
    pub authority: String,
    pub role: &'static str,
}

fn as_text<S: serde::Serializer>(
    error: &Arc<TrustError>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(error)
}

/// Judges each signer: intact signers are checked for trust at their signing time (or
/// now, without one) with the certificates the file carried as possible intermediates.
pub fn judge(
    signers: Vec<SignerReport>,
    certificates: &[Certificate],
    policy: &TrustPolicy<'_>,
    partners: Option<&Partners>,
) -> Verdict {
    let verdicts = signers
        .into_iter()
        .map(|signature| {
            let trust = match (&signature.signer, policy) {
                (_, TrustPolicy::Skipped) => Trust::NotChecked {
                    reason: "trust was not checked (--no-trust-check)",
                },
                (None, _) => Trust::NotChecked {
                    reason: "the signer's certificate is unknown",
                },
                (Some(_), _) if !signature.check.is_intact() => Trust::NotChecked {
                    reason: "the signature is not intact",
                },
                (Some(signer), TrustPolicy::Lists { store, crls }) => {
                    let at = signature
                        .signing_system_time
                        .unwrap_or_else(SystemTime::now);
                    let chain: Vec<Certificate> = std::iter::once(signer.clone())
                        .chain(certificates.iter().filter(|c| *c != signer).cloned())
                        .collect();
                    match store.check(&chain, at, crls) {
                        Ok(verdict) => Trust::Trusted(Box::new(verdict)),
                        Err(error) => Trust::NotTrusted {
                            error: Arc::new(error),
                        },
                    }
                }
            };
            let authority = signature
                .signer
                .as_ref()
                .and_then(|cert| partners?.identify(cert))
                .map(|p| Authority {
                    country: p.country,
                    authority: p.authority.clone(),
                    role: p.role.name(),
                });
            SignerVerdict {
                signature,
                trust,
                authority,
                binding: Binding::NotChecked,
            }
        })
        .collect();
    Verdict::new(verdicts)
}
