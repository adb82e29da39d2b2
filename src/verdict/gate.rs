//! The one gate that releases content. A [`Verdict`] on the signers of a file becomes
//! [`Accepted`] only through [`Verdict::accept`]: every signature intact, every signer
//! trusted (or trust deliberately skipped) at a time that is plausible or proven,
//! where the rule asks every signer a sender of some state in the partner directory,
//! and, where the binding was checked, the file meant for its reader. Content read
//! from a file waits in a [`HeldContent`] (or, bound for a stream, a [`HeldStream`]) that
//! only an `Accepted` releases.
//!
//! The envelope's own check comes first: `cms::open` returns no report at all for an
//! envelope that does not authenticate.

use std::fs::File;
use std::io::{self, Seek, Write};
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use super::binding::{Binding, Mismatch, Reader};
use super::{AuthorityRule, SignerVerdict, Trust, Untrusted};
use crate::ErrorKind;
use crate::cms::SignerFailure;
use crate::country::Country;
use crate::output::{OutputError, OutputFile, ReadBack};

/// The judged signers of one file.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct Verdict {
    signers: Vec<SignerVerdict>,
    #[serde(skip)]
    authority: AuthorityRule,
}

/// Proof that a verdict accepted its file; only [`Verdict::accept`] makes one.
#[derive(Debug)]
pub struct Accepted {
    _made_by_accept: (),
}

/// Why a verdict refuses to release the content.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("the file is not signed; epct opens only signed files (use decrypt for an envelope)")]
    Unsigned,
    #[error("{}", not_intact(signer.as_deref(), failure))]
    NotIntact {
        /// The signer's subject, when its certificate is known.
        signer: Option<String>,
        failure: SignerFailure,
    },
    #[error(transparent)]
    NotTrusted(Arc<Untrusted>),
    #[error(
        "'{signer}' is not a sender of any state in the partner directory; ask your security officer to add it (epct partners import), or open it anyway with --any-signer"
    )]
    NotAnAuthority { signer: String },
    #[error(
        "'{signer}' is not a recipient authority of {state} in the partner directory, so it cannot speak for {state}"
    )]
    NotARecipient { signer: String, state: Country },
    #[error("{0}")]
    Misdirected(Mismatch),
    #[error(
        "the file is not bound to its recipients: its signature names none (another tool made it, or it was passed on); accept it with --allow-unbound only once its sender confirms it"
    )]
    NotBound,
}

fn not_intact(subject: Option<&str>, failure: &SignerFailure) -> String {
    let signer = subject
        .map(|s| format!("'{s}'"))
        .unwrap_or_else(|| "the signer".to_owned());
    match failure {
        SignerFailure::CertificateMissing => {
            "the signer's certificate is not in the file; give it with --signer-cert".to_owned()
        }
        SignerFailure::DigestMismatch => {
            format!("the signed content of {signer} was changed: its digest does not match")
        }
        SignerFailure::SignatureInvalid => {
            format!("the signature of {signer} does not verify: the signed data was changed")
        }
        other => format!("the signature of {signer} cannot be accepted: {other}"),
    }
}

impl Refusal {
    /// A refusal is a failed verification, whatever the trust layer says of its own.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Refusal::NotTrusted(e) => e.kind(),
            Refusal::Unsigned
            | Refusal::NotIntact { .. }
            | Refusal::NotAnAuthority { .. }
            | Refusal::NotARecipient { .. }
            | Refusal::Misdirected(_)
            | Refusal::NotBound => ErrorKind::Verification,
        }
    }
}

impl Verdict {
    pub(super) fn new(signers: Vec<SignerVerdict>, authority: AuthorityRule) -> Self {
        Verdict { signers, authority }
    }

    /// Whether the signers had to be authorities of the partner directory.
    pub fn authority_rule(&self) -> AuthorityRule {
        self.authority
    }

    pub fn signers(&self) -> &[SignerVerdict] {
        &self.signers
    }

    /// Every signature intact.
    pub fn is_intact(&self) -> bool {
        self.signers.iter().all(|s| s.signature.check.is_intact())
    }

    /// Every signature intact, and no signer found untrusted.
    pub fn is_acceptable(&self) -> bool {
        self.is_intact()
            && !self
                .signers
                .iter()
                .any(|s| matches!(s.trust, Trust::NotTrusted { .. }))
    }

    /// Checks each intact signer's recipient binding against `reader`, the one who
    /// decrypted the file; [`Verdict::accept`] then refuses a file meant for someone
    /// else, or under another name, and one without a binding unless `reader` allows it.
    pub fn check_binding(&mut self, reader: &Reader<'_>) {
        for signer in self.signers.iter_mut() {
            if signer.signature.check.is_intact() {
                signer.binding = Binding::check(signer.signature.binding.as_ref(), reader);
            }
        }
    }

    /// Whether any signer's binding was found missing (allowed or not).
    pub fn is_unbound(&self) -> bool {
        (self.signers.iter()).any(|s| matches!(s.binding, Binding::NotBound { .. }))
    }

    /// Accepts the file, or says why not: the first signature that is not intact, else
    /// the first signer that is not trusted, else (where the rule asks it) the first
    /// signer that is not a sender in the partner directory, or not a recipient
    /// authority of the state the rule names, else the first binding that is not the
    /// reader's, else the first missing binding that the reader does not allow.
    pub fn accept(&self) -> Result<Accepted, Refusal> {
        if self.signers.is_empty() {
            return Err(Refusal::Unsigned);
        }
        let failed = (self.signers.iter()).find_map(|s| Some((s, s.signature.check.failure()?)));
        if let Some((verdict, failure)) = failed {
            return Err(Refusal::NotIntact {
                signer: verdict
                    .signature
                    .certificate
                    .as_ref()
                    .map(|c| c.subject.clone()),
                failure: failure.clone(),
            });
        }
        let untrusted = (self.signers.iter()).find_map(|s| match &s.trust {
            Trust::NotTrusted { error } => Some(error),
            _ => None,
        });
        if let Some(error) = untrusted {
            return Err(Refusal::NotTrusted(Arc::clone(error)));
        }
        let subject = |s: &SignerVerdict| {
            (s.signature.certificate.as_ref())
                .map(|c| c.subject.clone())
                .unwrap_or_else(|| "the signer".to_owned())
        };
        match self.authority {
            AuthorityRule::Required => {
                let outsider =
                    (self.signers.iter()).find(|s| !s.authority.as_ref().is_some_and(|a| a.sends));
                if let Some(outsider) = outsider {
                    return Err(Refusal::NotAnAuthority {
                        signer: subject(outsider),
                    });
                }
            }
            AuthorityRule::RecipientOf(state) => {
                let outsider = (self.signers.iter()).find(|s| {
                    !(s.authority.as_ref()).is_some_and(|a| a.receives && a.country == state)
                });
                if let Some(outsider) = outsider {
                    return Err(Refusal::NotARecipient {
                        signer: subject(outsider),
                        state,
                    });
                }
            }
            AuthorityRule::AnySigner | AuthorityRule::Reported => {}
        }
        for signer in &self.signers {
            match &signer.binding {
                Binding::Misdirected { mismatch } => {
                    return Err(Refusal::Misdirected(mismatch.clone()));
                }
                Binding::NotBound { allowed: false } => return Err(Refusal::NotBound),
                _ => {}
            }
        }
        Ok(Accepted {
            _made_by_accept: (),
        })
    }

    pub fn into_signers(self) -> Vec<SignerVerdict> {
        self.signers
    }
}

/// Content read from a signed file, kept in a temporary file beside its destination
/// until an [`Accepted`] verdict releases it. Dropped unreleased, it is removed.
pub struct HeldContent {
    file: OutputFile,
}

impl HeldContent {
    /// Starts holding content for `path`; refuses an existing file unless `force`.
    pub fn create(path: &Path, force: bool) -> Result<Self, OutputError> {
        Ok(HeldContent {
            file: OutputFile::create(path, force)?,
        })
    }

    /// The content held so far, to read back before it is released.
    pub fn read_back(&self) -> Result<ReadBack, OutputError> {
        self.file.read_back()
    }

    /// Moves the content into place: the verdict accepted it.
    pub fn release(self, _accepted: &Accepted) -> Result<(), OutputError> {
        self.file.commit()
    }
}

/// Content bound for a stream (standard output), kept in an unnamed private file (mode
/// 0600, in the temporary directory, gone when closed) until an [`Accepted`] verdict
/// releases it: no byte reaches the stream before the file verified.
pub struct HeldStream {
    file: File,
}

impl HeldStream {
    pub fn create() -> io::Result<Self> {
        Ok(HeldStream {
            file: tempfile::tempfile()?,
        })
    }

    /// The content, from its start: the verdict accepted it.
    pub fn release(mut self, _accepted: &Accepted) -> io::Result<File> {
        self.file.rewind()?;
        Ok(self.file)
    }
}

impl Write for HeldStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Write for HeldContent {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// A small signed document (a receipt) read into memory, up to a limit, until an
/// [`Accepted`] verdict releases it: its content is not looked at before.
pub struct HeldBytes {
    bytes: Vec<u8>,
    limit: usize,
}

impl HeldBytes {
    /// Starts holding at most `limit` bytes; writing more fails.
    pub fn new(limit: usize) -> Self {
        HeldBytes {
            bytes: Vec::new(),
            limit,
        }
    }

    /// The content: the verdict accepted it.
    pub fn release(self, _accepted: &Accepted) -> Vec<u8> {
        self.bytes
    }
}

impl Write for HeldBytes {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            return Err(io::Error::other(format!(
                "the signed content is larger than {} bytes",
                self.limit
            )));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cms::{SignerCheck, SignerReport};
    use crate::trust::TrustError;
    use crate::verdict::SignerVerdict;

    fn signer(check: SignerCheck, trust: Trust) -> SignerVerdict {
        SignerVerdict {
            signature: SignerReport {
                certificate: None,
                digest_algorithm: None,
                signature_algorithm: None,
                signing_time: None,
                check,
                countersignatures: Vec::new(),
                time_stamps: Vec::new(),
                signer: None,
                signing_system_time: None,
                binding: None,
            },
            validated_at: None,
            trust,
            authority: None,
            binding: Binding::NotChecked,
        }
    }

    fn skipped() -> Trust {
        Trust::NotChecked {
            reason: "trust was not checked (--no-trust-check)",
        }
    }

    #[test]
    fn an_intact_signer_with_trust_skipped_is_accepted() {
        let verdict = Verdict::new(
            vec![signer(SignerCheck::Intact { legacy: false }, skipped())],
            AuthorityRule::Reported,
        );
        assert!(verdict.accept().is_ok());
    }

    #[test]
    fn a_signer_outside_the_partner_directory_is_refused_where_the_rule_requires_it() {
        let refusal = Verdict::new(
            vec![signer(SignerCheck::Intact { legacy: false }, skipped())],
            AuthorityRule::Required,
        )
        .accept()
        .unwrap_err();
        assert!(matches!(refusal, Refusal::NotAnAuthority { .. }));
        assert_eq!(refusal.kind(), ErrorKind::Verification);
        let relaxed = Verdict::new(
            vec![signer(SignerCheck::Intact { legacy: false }, skipped())],
            AuthorityRule::AnySigner,
        );
        assert!(relaxed.accept().is_ok());
    }

    #[test]
    fn a_receipt_is_accepted_only_from_a_recipient_authority_of_its_state() {
        let with_authority = |country: Country, sends: bool, receives: bool| {
            let mut verdict = signer(SignerCheck::Intact { legacy: false }, skipped());
            verdict.authority = Some(crate::verdict::Authority {
                country,
                authority: "Ministère".into(),
                role: "recipient",
                sends,
                receives,
            });
            verdict
        };
        let rule = AuthorityRule::RecipientOf(Country::FR);
        let judge = |v| Verdict::new(vec![v], rule).accept();
        assert!(judge(with_authority(Country::FR, false, true)).is_ok());
        for outsider in [
            with_authority(Country::FR, true, false),
            with_authority(Country::DE, false, true),
            signer(SignerCheck::Intact { legacy: false }, skipped()),
        ] {
            let refusal = judge(outsider).unwrap_err();
            assert!(
                matches!(
                    refusal,
                    Refusal::NotARecipient {
                        state: Country::FR,
                        ..
                    }
                ),
                "{refusal}"
            );
            assert_eq!(refusal.kind(), ErrorKind::Verification);
        }
    }

    #[test]
    fn held_bytes_refuse_more_than_their_limit() {
        let mut held = HeldBytes::new(4);
        held.write_all(b"abcd").unwrap();
        assert!(held.write_all(b"e").is_err());
    }

    #[test]
    fn a_file_without_signers_is_refused_as_unsigned() {
        let refusal = Verdict::new(Vec::new(), AuthorityRule::Reported)
            .accept()
            .unwrap_err();
        assert!(matches!(refusal, Refusal::Unsigned));
        assert_eq!(refusal.kind(), ErrorKind::Verification);
    }

    #[test]
    fn a_broken_signature_is_refused_before_an_untrusted_signer() {
        let untrusted = Trust::NotTrusted {
            error: Arc::new(Untrusted::Path(TrustError::UnknownIssuer {
                subject: "CN=x".into(),
            })),
        };
        let verdict = Verdict::new(
            vec![
                signer(SignerCheck::Intact { legacy: false }, untrusted),
                signer(
                    SignerCheck::Failed(SignerFailure::DigestMismatch),
                    skipped(),
                ),
            ],
            AuthorityRule::Reported,
        );
        let refusal = verdict.accept().unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "the signed content of the signer was changed: its digest does not match"
        );
        assert!(!verdict.is_intact());
        assert!(!verdict.is_acceptable());
    }

    #[test]
    fn an_untrusted_signer_is_refused_with_the_trust_error() {
        let error = TrustError::UnknownIssuer {
            subject: "CN=x".into(),
        };
        let text = error.to_string();
        let verdict = Verdict::new(
            vec![signer(
                SignerCheck::Intact { legacy: false },
                Trust::NotTrusted {
                    error: Arc::new(Untrusted::Path(error)),
                },
            )],
            AuthorityRule::Reported,
        );
        assert!(verdict.is_intact());
        let refusal = verdict.accept().unwrap_err();
        assert!(matches!(refusal, Refusal::NotTrusted(_)));
        assert_eq!(refusal.to_string(), text);
        assert_eq!(refusal.kind(), ErrorKind::Verification);
    }

    #[test]
    fn a_misdirected_or_unbound_file_is_refused_after_trust() {
        let mismatch = Mismatch::Renamed {
            sealed: "BE-to-FR-2026-11-25-voters.p7m".into(),
            name: "BE-to-FR-2026-11-26-voters.p7m".into(),
        };
        let mut misdirected = signer(SignerCheck::Intact { legacy: false }, skipped());
        misdirected.binding = Binding::Misdirected {
            mismatch: mismatch.clone(),
        };
        let refusal = Verdict::new(vec![misdirected], AuthorityRule::Reported)
            .accept()
            .unwrap_err();
        assert_eq!(refusal.to_string(), mismatch.to_string());
        assert_eq!(refusal.kind(), ErrorKind::Verification);

        let mut unbound = signer(SignerCheck::Intact { legacy: false }, skipped());
        unbound.binding = Binding::NotBound { allowed: false };
        let verdict = Verdict::new(vec![unbound], AuthorityRule::Reported);
        assert!(verdict.is_unbound());
        let refusal = verdict.accept().unwrap_err();
        assert!(matches!(refusal, Refusal::NotBound));
        assert!(refusal.to_string().contains("not bound to its recipients"));

        let mut allowed = signer(SignerCheck::Intact { legacy: false }, skipped());
        allowed.binding = Binding::NotBound { allowed: true };
        assert!(
            Verdict::new(vec![allowed], AuthorityRule::Reported)
                .accept()
                .is_ok()
        );
    }
}
