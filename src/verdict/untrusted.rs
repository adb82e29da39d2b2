//! Why a signer is not trusted: its path, or a time that nothing proves.

use crate::ErrorKind;
use crate::cms::TimeStampProblem;
use crate::trust::TrustError;

/// Why the trust check of one signer failed.
#[derive(Debug, thiserror::Error)]
pub enum Untrusted {
    #[error(transparent)]
    Path(TrustError),
    #[error(
        "'{subject}' was revoked on {revoked}{reason}, after the claimed signing time {claimed}, but no time-stamp proves that the signature existed before; ask the sender for a file signed with a valid certificate, or with a signature time-stamp"
    )]
    RevokedSinceClaim {
        subject: String,
        revoked: String,
        reason: String,
        claimed: String,
    },
    #[error(
        "'{subject}' expired on {not_after}, after the claimed signing time {claimed}, but no time-stamp proves that the signature existed before; ask the sender for a file signed with a valid certificate, or with a signature time-stamp"
    )]
    ExpiredSinceClaim {
        subject: String,
        not_after: String,
        claimed: String,
    },
    #[error(
        "the claimed signing time {claimed} is after now ({now}) plus the {skew_minutes} minutes of clock skew allowed: the signer's clock is wrong or the time is forged"
    )]
    SigningTimeInFuture {
        claimed: String,
        now: String,
        skew_minutes: u64,
    },
    #[error(
        "the claimed signing time {claimed} is before '{subject}' was valid (from {not_before}): the time is forged"
    )]
    SigningTimeBeforeCertificate {
        claimed: String,
        subject: String,
        not_before: String,
    },
    #[error("the signature's time-stamp cannot be used: {0}")]
    TimeStamp(TimeStampProblem),
    #[error("the signature's time-stamp is not from a trusted time-stamping authority: {0}")]
    TimeStampAuthority(TrustError),
    #[error("the claimed signing time {claimed} is after the signature's time-stamp ({gen_time})")]
    SignedAfterTimeStamp { claimed: String, gen_time: String },
}

impl Untrusted {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Untrusted::Path(e) => e.kind(),
            _ => ErrorKind::Verification,
        }
    }
}
