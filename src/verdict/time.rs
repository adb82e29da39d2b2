//! At what time a signer's path is validated (ETSI EN 319 102-1, as EU DSS does it).
//!
//! A CAdES-BES signing time is only the signer's claim, so it gets a plausibility check
//! and nothing more: not after now plus [`CLOCK_SKEW`], not before the certificate's
//! notBefore. Without a proof of existence the path is validated **now**: a certificate
//! revoked or expired now fails, whatever time the signer claims. An earlier time is
//! used only when a signature time-stamp (CAdES-T) proves it: a token intact over the
//! signature value, from a qualified time-stamping service that a trusted list grants,
//! the authority's path checked now. `verify --at` validates at a time the user assumes
//! and says so.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::Untrusted;
use crate::cms::SignerReport;
use crate::trust::{TrustError, TrustStore, TrustVerdict, format_time, parse_time};

/// How far a claimed signing time may be ahead of this machine's clock.
pub const CLOCK_SKEW: Duration = Duration::from_secs(10 * 60);

/// The time signers are validated at.
#[derive(Clone, Copy, Debug)]
pub enum ValidationTime {
    /// Now, or earlier where a trusted signature time-stamp proves it.
    Now(SystemTime),
    /// A time the user assumes (`verify --at`), proven by nothing; `now` still bounds
    /// the claimed signing time.
    Assumed { at: SystemTime, now: SystemTime },
}

/// The time a signer was validated at, and what it rests on.
#[derive(Clone, Debug, Serialize)]
pub struct ValidatedAt {
    /// RFC 3339.
    pub at: String,
    #[serde(flatten)]
    pub basis: Basis,
}

/// What the validation time rests on.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "basis", rename_all = "kebab-case")]
pub enum Basis {
    /// The current time: no time-stamp proves an earlier one.
    Now,
    /// The genTime of a signature time-stamp from a trusted authority.
    TimeStamp {
        authority: String,
        service: String,
        territory: String,
    },
    /// A time the user gave with `--at`.
    Assumed { warning: &'static str },
}

/// The loud part of an assumed time.
pub const ASSUMED: &str =
    "ASSUMED with --at, not proven: no time-stamp shows that the signature existed then";

impl ValidationTime {
    fn now(&self) -> SystemTime {
        match *self {
            ValidationTime::Now(now) | ValidationTime::Assumed { now, .. } => now,
        }
    }
}

/// The claimed signing time must be plausible: not after now plus the clock skew, not
/// before the signer's certificate was valid.
pub(super) fn plausible(
    signature: &SignerReport,
    signer: &Certificate,
    time: &ValidationTime,
) -> Result<(), Untrusted> {
    let Some(claimed) = signature.signing_system_time else {
        return Ok(());
    };
    let now = time.now();
    if claimed > now + CLOCK_SKEW {
        return Err(Untrusted::SigningTimeInFuture {
            claimed: format_time(claimed),
            now: format_time(now),
            skew_minutes: CLOCK_SKEW.as_secs() / 60,
        });
    }
    let not_before = signer
        .tbs_certificate()
        .validity()
        .not_before
        .to_system_time();
    if claimed < not_before {
        return Err(Untrusted::SigningTimeBeforeCertificate {
            claimed: format_time(claimed),
            subject: signer.tbs_certificate().subject().to_string(),
            not_before: format_time(not_before),
        });
    }
    Ok(())
}

/// Validates `chain` (the signer first) at the time the rules allow: the assumed time,
/// a time-stamp's genTime, or now.
pub(super) fn validate(
    signature: &SignerReport,
    chain: &[Certificate],
    store: &TrustStore,
    crls: &[CertificateList],
    time: &ValidationTime,
) -> (Option<ValidatedAt>, Result<TrustVerdict, Arc<Untrusted>>) {
    let (at, basis) = match proven_time(signature, store, crls, time) {
        Ok(found) => found,
        Err(refusal) => return (None, Err(Arc::new(refusal))),
    };
    let validated = ValidatedAt {
        at: format_time(at),
        basis: basis.clone(),
    };
    let result = store.check(chain, at, crls).map_err(|error| {
        Arc::new(match (&basis, signature.signing_system_time) {
            (Basis::Now, Some(claimed)) => since_claim(error, claimed),
            _ => Untrusted::Path(error),
        })
    });
    (Some(validated), result)
}

/// The time to validate at, and why; an unusable time-stamp is a refusal.
fn proven_time(
    signature: &SignerReport,
    store: &TrustStore,
    crls: &[CertificateList],
    time: &ValidationTime,
) -> Result<(SystemTime, Basis), Untrusted> {
    let now = match *time {
        ValidationTime::Assumed { at, .. } => {
            return Ok((at, Basis::Assumed { warning: ASSUMED }));
        }
        ValidationTime::Now(now) => now,
    };
    let mut proven: Option<(SystemTime, Basis)> = None;
    for stamp in &signature.time_stamps {
        if let Some(problem) = &stamp.problem {
            return Err(Untrusted::TimeStamp(problem.clone()));
        }
        let (Some(gen_time), Some(tsa)) = (stamp.gen_time, &stamp.tsa) else {
            continue;
        };
        let chain: Vec<Certificate> = std::iter::once(tsa.clone())
            .chain(stamp.certificates.iter().filter(|c| *c != tsa).cloned())
            .collect();
        let verdict = store
            .check_time_stamping(&chain, now, crls)
            .map_err(Untrusted::TimeStampAuthority)?;
        if let Some(claimed) = signature.signing_system_time
            && claimed > gen_time + CLOCK_SKEW
        {
            return Err(Untrusted::SignedAfterTimeStamp {
                claimed: format_time(claimed),
                gen_time: format_time(gen_time),
            });
        }
        if proven.as_ref().is_none_or(|(t, _)| gen_time < *t) {
            proven = Some((
                gen_time,
                Basis::TimeStamp {
                    authority: tsa.tbs_certificate().subject().to_string(),
                    service: verdict.service,
                    territory: verdict.territory,
                },
            ));
        }
    }
    Ok(proven.unwrap_or((now, Basis::Now)))
}

/// A path that fails now for a revocation or an expiry after the claimed signing
/// time: the claim alone cannot save it, and the refusal says so.
fn since_claim(error: TrustError, claimed: SystemTime) -> Untrusted {
    let after = |text: &str| parse_time(text).is_ok_and(|t| t > claimed);
    match error {
        TrustError::Revoked {
            subject,
            revoked,
            reason,
            ..
        } if after(&revoked) => Untrusted::RevokedSinceClaim {
            subject,
            revoked,
            reason,
            claimed: format_time(claimed),
        },
        TrustError::Expired {
            subject, not_after, ..
        } if after(&not_after) => Untrusted::ExpiredSinceClaim {
            subject,
            not_after,
            claimed: format_time(claimed),
        },
        other => Untrusted::Path(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revoked(on: &str) -> TrustError {
        TrustError::Revoked {
            subject: "CN=x".to_owned(),
            revoked: on.to_owned(),
            at: "2026-12-01T00:00:00Z".to_owned(),
            reason: ", reason KeyCompromise".to_owned(),
        }
    }

    #[test]
    fn a_revocation_after_the_claimed_time_says_that_nothing_proves_the_claim() {
        let claimed = parse_time("2026-06-01").unwrap();
        let refusal = since_claim(revoked("2026-07-01T00:00:00Z"), claimed);
        assert!(matches!(refusal, Untrusted::RevokedSinceClaim { .. }));
        assert_eq!(
            refusal.to_string(),
            "'CN=x' was revoked on 2026-07-01T00:00:00Z, reason KeyCompromise, after the claimed signing time 2026-06-01T00:00:00Z, but no time-stamp proves that the signature existed before; ask the sender for a file signed with a valid certificate, or with a signature time-stamp"
        );
    }

    #[test]
    fn a_revocation_before_the_claimed_time_is_the_path_error_itself() {
        let claimed = parse_time("2026-06-01").unwrap();
        let refusal = since_claim(revoked("2026-05-01T00:00:00Z"), claimed);
        assert!(matches!(
            refusal,
            Untrusted::Path(TrustError::Revoked { .. })
        ));
    }

    #[test]
    fn an_expiry_after_the_claimed_time_is_refused_as_such() {
        let expired = TrustError::Expired {
            subject: "CN=x".to_owned(),
            at: "2026-12-01T00:00:00Z".to_owned(),
            not_after: "2026-09-01T00:00:00Z".to_owned(),
        };
        let refusal = since_claim(expired, parse_time("2026-06-01").unwrap());
        assert!(matches!(refusal, Untrusted::ExpiredSinceClaim { .. }));
    }
}
