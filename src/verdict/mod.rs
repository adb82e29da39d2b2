//! The verdict on a signed file, per signer: whether the signature is intact (from
//! [`crate::cms`]), whether the signer is trusted (from [`crate::trust`]) at the time
//! that [`time`] allows, which authority of which state it is (from the partner
//! directory), and, for a file that was decrypted, whether it was meant for its reader
//! ([`binding`]).
//!
//! Integrity and trust are reported separately: a signature can be intact and its
//! signer untrusted, or the other way round; only both together make a file usable, and
//! only [`Verdict::accept`] says so (see [`gate`]).

mod binding;
mod gate;
mod time;
mod untrusted;

pub use binding::{Binding, ExchangeFile, Mismatch, Reader};
pub use gate::{Accepted, HeldBytes, HeldContent, HeldStream, Refusal, Verdict};
pub use time::{ASSUMED, Basis, CLOCK_SKEW, ValidatedAt, ValidationTime};
pub use untrusted::Untrusted;

use std::sync::Arc;

use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use crate::cms::SignerReport;
use crate::country::Country;
use crate::trust::{Partners, TrustStore, TrustVerdict};

/// How signers are judged for trust.
pub enum TrustPolicy<'a> {
    /// Against the trusted lists of this store, with these CRLs (which also apply to
    /// time-stamping authorities).
    Lists {
        store: &'a TrustStore,
        crls: &'a [CertificateList],
    },
    /// Not at all: the user said `--no-trust-check`, and the verdict says so.
    Skipped,
}

/// Whether the signer must be an authority of the partner directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthorityRule {
    /// Every signer must be a sender of some state in the partner directory (`open`).
    Required,
    /// Any trusted signer will do (`open --any-signer`); the verdict says so.
    AnySigner,
    /// The authority is reported, not required (`verify`).
    Reported,
    /// Every signer must be a recipient authority of this state: a receipt, which only
    /// the receiving state's authority may sign.
    RecipientOf(Country),
}

/// What a file's signers are judged by.
pub struct Rules<'a> {
    pub trust: TrustPolicy<'a>,
    pub partners: Option<&'a Partners>,
    pub time: ValidationTime,
    pub authority: AuthorityRule,
}

/// Everything known about one signer.
#[derive(Debug, Serialize)]
pub struct SignerVerdict {
    #[serde(flatten)]
    pub signature: SignerReport,
    /// The time the signer's path was validated at, and what that time rests on.
    pub validated_at: Option<ValidatedAt>,
    pub trust: Trust,
    /// The authority of the partner directory that holds the signer's certificate;
    /// [`NOT_IN_DIRECTORY`] in JSON when none does.
    #[serde(serialize_with = "authority_or_absent")]
    pub authority: Option<Authority>,
    /// Whether the signer meant the file for its reader; checked by
    /// [`Verdict::check_binding`].
    pub binding: Binding,
}

/// What the verdict says of a signer that no partner entry holds.
pub const NOT_IN_DIRECTORY: &str = "not in the partner directory";

fn authority_or_absent<S: serde::Serializer>(
    authority: &Option<Authority>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match authority {
        Some(a) => a.serialize(serializer),
        None => serializer.serialize_str(NOT_IN_DIRECTORY),
    }
}

/// The outcome of the trust check of one signer.
#[derive(Debug, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Trust {
    Trusted(Box<TrustVerdict>),
    NotTrusted {
        #[serde(rename = "reason", serialize_with = "as_text")]
        error: Arc<Untrusted>,
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
    /// Whether the role lets it send (sender or both).
    #[serde(skip)]
    pub sends: bool,
    /// Whether the role lets it receive (recipient or both).
    #[serde(skip)]
    pub receives: bool,
}

fn as_text<S: serde::Serializer>(error: &Arc<Untrusted>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(error)
}

/// Judges each signer: the claimed signing time must be plausible; intact signers are
/// checked for trust at the time [`ValidationTime`] allows, with the certificates the
/// file carried as possible intermediates.
pub fn judge(
    signers: Vec<SignerReport>,
    certificates: &[Certificate],
    rules: &Rules<'_>,
) -> Verdict {
    let verdicts = signers
        .into_iter()
        .map(|signature| {
            let mut validated_at = None;
            let trust = match (&signature.signer, &rules.trust) {
                (None, _) => Trust::NotChecked {
                    reason: "the signer's certificate is unknown",
                },
                (Some(_), _) if !signature.check.is_intact() => Trust::NotChecked {
                    reason: "the signature is not intact",
                },
                (Some(signer), policy) => match time::plausible(&signature, signer, &rules.time) {
                    Err(error) => Trust::NotTrusted {
                        error: Arc::new(error),
                    },
                    Ok(()) => match policy {
                        TrustPolicy::Skipped => Trust::NotChecked {
                            reason: "trust was not checked (--no-trust-check)",
                        },
                        TrustPolicy::Lists { store, crls } => {
                            let chain: Vec<Certificate> = std::iter::once(signer.clone())
                                .chain(certificates.iter().filter(|c| *c != signer).cloned())
                                .collect();
                            let (at, result) =
                                time::validate(&signature, &chain, store, crls, &rules.time);
                            validated_at = at;
                            match result {
                                Ok(verdict) => Trust::Trusted(Box::new(verdict)),
                                Err(error) => Trust::NotTrusted { error },
                            }
                        }
                    },
                },
            };
            let authority = signature
                .signer
                .as_ref()
                .and_then(|cert| rules.partners?.identify(cert))
                .map(|p| Authority {
                    country: p.country,
                    authority: p.authority.clone(),
                    role: p.role.name(),
                    sends: p.role.sends(),
                    receives: p.role.receives(),
                });
            SignerVerdict {
                signature,
                validated_at,
                trust,
                authority,
                binding: Binding::NotChecked,
            }
        })
        .collect();
    Verdict::new(verdicts, rules.authority)
}
