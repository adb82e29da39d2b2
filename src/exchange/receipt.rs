//! Signed receipts: what a receiving state returns to the sender for every file it
//! took or refused. A receipt is a small JSON document (the file's name and SHA-256 as
//! received, the sender's and the receiver's authority, the time, the outcome with the
//! counts per broken rule or the reason of a refusal, the row counts, and whether the
//! file was a test), signed as a CMS SignedData with the receiver's token key, with
//! the same CAdES-BES signed attributes as `seal`.
//!
//! A receipt never holds personal data: no value of any row, no problem text (only the
//! counts per rule), and a refusal's reason only for refusals about the file itself,
//! whose messages name no row's content and no local path.
//!
//! A receipt is read only through the verdict gate: its signature intact, its signer
//! trusted by the lists now and a *recipient* authority, in the partner directory, of
//! the state the receipt comes from. Anything else is [`Forged`], and its content is
//! never looked at.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::error::ExchangeError;
use super::naming::FileName;
use super::receive::{Outcome, ReceivedFile};
use crate::ErrorKind;
use crate::cms::{CmsError, ContentSigner, VerifyOptions, sign, verify};
use crate::country::Country;
use crate::output::{OutputError, write_file};
use crate::trust::{Partners, TrustStore, format_time};
use crate::verdict::{
    AuthorityRule, HeldBytes, Refusal, Rules, SignerVerdict, TrustPolicy, ValidationTime, judge,
};

/// What a receipt's `format` says: this document, version 1.
pub const FORMAT: &str = "epct-receipt/1";

/// The receipt of `NAME.p7m` is `NAME.p7m.receipt`.
pub const RECEIPT_SUFFIX: &str = ".receipt";

/// The folder of the receipts in `exchange receive`'s output directory.
pub const RECEIPTS_DIR: &str = "receipts";

/// A receipt is a few hundred bytes; a signed content larger than this is not one.
const MAX_RECEIPT_BYTES: usize = 64 * 1024;

/// A state, and its authority where the partner directory names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub state: Country,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
}

/// The rows of the file as the receiver counted them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCounts {
    pub rows: u64,
    pub voters: u64,
    pub candidates: u64,
    pub rows_with_errors: u64,
}

/// What the receiver made of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum ReceiptOutcome {
    /// Opened, verified, from a sender of its state, every row valid.
    Accepted,
    /// As accepted, but rows break the schema: the errors per rule (`date_not_real`).
    AcceptedWithProblems {
        errors_by_rule: BTreeMap<String, u64>,
    },
    /// Refused: no plaintext was kept.
    Refused { reason: String },
}

impl ReceiptOutcome {
    /// The outcome as the receipt writes it.
    pub fn name(&self) -> &'static str {
        match self {
            ReceiptOutcome::Accepted => "accepted",
            ReceiptOutcome::AcceptedWithProblems { .. } => "accepted-with-problems",
            ReceiptOutcome::Refused { .. } => "refused",
        }
    }
}

/// The signed summary of one received file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// [`FORMAT`].
    pub format: String,
    /// The name the file arrived under.
    pub file: String,
    /// SHA-256 of the sealed file as received, hexadecimal.
    pub sha256: String,
    pub sender: Party,
    pub receiver: Party,
    /// When the receipt was made, RFC 3339.
    pub time: String,
    #[serde(flatten)]
    pub outcome: ReceiptOutcome,
    pub rows: RowCounts,
    /// The file was part of a test campaign.
    pub test: bool,
}

impl Receipt {
    /// The receipt for `received` (whose SHA-256 was `sha256`), made by `receiver` at
    /// `time` for a file from `sender`; `None` for a failure that is not about the
    /// file (a local disk or token error, a replay of a file that has its receipt).
    pub fn for_file(
        received: &ReceivedFile,
        sender: Party,
        receiver: Party,
        time: SystemTime,
        test: bool,
    ) -> Option<Receipt> {
        let outcome = match &received.outcome {
            Outcome::Received => ReceiptOutcome::Accepted,
            Outcome::ReceivedWithProblems => ReceiptOutcome::AcceptedWithProblems {
                errors_by_rule: (received.errors_by_rule.iter())
                    .map(|(rule, count)| (rule.name().to_owned(), *count))
                    .collect(),
            },
            Outcome::Failed(error) if is_about_the_file(error) => ReceiptOutcome::Refused {
                reason: error.to_string(),
            },
            Outcome::Failed(_) => return None,
        };
        Some(Receipt {
            format: FORMAT.to_owned(),
            file: received.file.clone(),
            sha256: received.sha256.clone()?,
            sender,
            receiver,
            time: format_time(time),
            outcome,
            rows: RowCounts {
                rows: received.rows,
                voters: received.voters,
                candidates: received.candidates,
                rows_with_errors: received.rows_with_errors,
            },
            test,
        })
    }

    /// The receipt signed by `signer`, the key of `certificate` (DER SignedData).
    pub fn sign(
        &self,
        signer: &dyn ContentSigner,
        certificate: &Certificate,
    ) -> Result<Vec<u8>, ExchangeError> {
        let json = serde_json::to_vec(self).expect("a receipt serialises");
        let (signed, _) = sign(
            json.as_slice(),
            Vec::new(),
            signer,
            certificate,
            &[],
            true,
            SystemTime::now(),
        )?;
        Ok(signed)
    }

    /// Whether the receipt is about this file: its name and its content as sent.
    pub fn is_for(&self, file: &str, sha256: &str) -> bool {
        self.file == file && self.sha256.eq_ignore_ascii_case(sha256)
    }
}

/// Who signs the receipts of `exchange receive`: the receiver's token key, the one that
/// decrypted the files, whose certificate the partner directory lists as a recipient.
pub struct ReceiptSigning<'a> {
    pub signer: &'a dyn ContentSigner,
}

impl ReceiptSigning<'_> {
    /// Signs the receipt of `file` (received by `receiver` with the key of
    /// `certificate`) into `receipts/NAME.receipt` of `out_dir`, replacing an earlier
    /// receipt of the same name, and notes it in `file`; gives the receipt's outcome. A
    /// file whose name gives no sender, or whose failure is not about the file, gets
    /// none.
    pub(super) fn issue(
        &self,
        file: &mut ReceivedFile,
        certificate: &Certificate,
        receiver: Country,
        partners: &Partners,
        out_dir: &Path,
    ) -> Result<Option<&'static str>, ExchangeError> {
        let Some(name) = FileName::parse(&file.file) else {
            return Ok(None);
        };
        let sender_authority = (file.signers.first())
            .and_then(|s| s.authority.as_ref())
            .filter(|a| a.country == name.sender)
            .map(|a| a.authority.clone());
        let receiver = Party {
            state: receiver,
            authority: partners.identify(certificate).map(|p| p.authority.clone()),
        };
        let sender = Party {
            state: name.sender,
            authority: sender_authority,
        };
        let Some(receipt) = Receipt::for_file(file, sender, receiver, SystemTime::now(), name.test)
        else {
            return Ok(None);
        };
        let signed = receipt.sign(self.signer, certificate)?;
        let dir = out_dir.join(RECEIPTS_DIR);
        std::fs::create_dir_all(&dir).map_err(|source| OutputError::Write {
            path: dir.clone(),
            source,
        })?;
        let path = dir.join(format!("{}{RECEIPT_SUFFIX}", file.file));
        write_file(&path, &signed, true)?;
        file.receipt = Some(path.display().to_string());
        Ok(Some(receipt.outcome.name()))
    }
}

/// Whether a failure says something about the file the sender should hear of; local
/// failures (disk, token, the ledger, the trust store) do not, and a replay has had
/// its receipt the first time it came.
fn is_about_the_file(error: &ExchangeError) -> bool {
    match error {
        ExchangeError::Cms(e) => !matches!(
            e,
            CmsError::Read(_) | CmsError::Write(_) | CmsError::Token(_)
        ),
        ExchangeError::Refused(_)
        | ExchangeError::BadFileName
        | ExchangeError::NotASender { .. }
        | ExchangeError::OtherDestination { .. }
        | ExchangeError::FutureDate { .. }
        | ExchangeError::OtherNationality { .. }
        | ExchangeError::Data(_) => true,
        _ => false,
    }
}

/// A receipt that verified: its content, and the verdict on its signer.
#[derive(Debug, Serialize)]
pub struct VerifiedReceipt {
    pub receipt: Receipt,
    pub signers: Vec<SignerVerdict>,
}

/// Why a receipt is not to be believed.
#[derive(Debug, thiserror::Error)]
pub enum Forged {
    #[error("forged receipt: it cannot be read as a signed document ({0})")]
    Unreadable(CmsError),
    #[error("forged receipt: {0}")]
    Refused(Refusal),
    #[error("forged receipt: its signed content is not an epct receipt ({0})")]
    NotAReceipt(String),
    #[error("forged receipt: it says it comes from {claimed}, but {expected} signed it")]
    OtherReceiver { claimed: Country, expected: Country },
}

impl Forged {
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::Verification
    }
}

/// Reads a receipt that `from` returned: the signature must be intact, the signer
/// trusted by the lists of `store` now (with `crls`) and a recipient authority of
/// `from` in `partners`, and the document a receipt by `from`.
pub fn read_receipt<R: Read>(
    input: R,
    from: Country,
    store: &TrustStore,
    crls: &[CertificateList],
    partners: &Partners,
) -> Result<VerifiedReceipt, Forged> {
    let mut held = HeldBytes::new(MAX_RECEIPT_BYTES);
    let report =
        verify(input, &mut held, None, &VerifyOptions::default()).map_err(Forged::Unreadable)?;
    let rules = Rules {
        trust: TrustPolicy::Lists { store, crls },
        partners: Some(partners),
        time: ValidationTime::Now(SystemTime::now()),
        authority: AuthorityRule::RecipientOf(from),
    };
    let verdict = judge(report.signers, &report.certificates, &rules);
    let accepted = verdict.accept().map_err(Forged::Refused)?;
    let receipt: Receipt = serde_json::from_slice(&held.release(&accepted))
        .map_err(|e| Forged::NotAReceipt(e.to_string()))?;
    if receipt.format != FORMAT {
        return Err(Forged::NotAReceipt(format!(
            "its format is '{}', not {FORMAT}",
            receipt.format
        )));
    }
    if receipt.receiver.state != from {
        return Err(Forged::OtherReceiver {
            claimed: receipt.receiver.state,
            expected: from,
        });
    }
    Ok(VerifiedReceipt {
        receipt,
        signers: verdict.into_signers(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Rule;
    use crate::verdict::Refusal;

    fn received(outcome: Outcome) -> ReceivedFile {
        ReceivedFile {
            file: "BE-to-FR-2026-11-25-voters.p7m".into(),
            sha256: Some("ab".repeat(32)),
            outcome,
            claimed_sender: Some("BE".into()),
            output: None,
            receipt: None,
            signers: Vec::new(),
            rows: 10,
            voters: 9,
            candidates: 1,
            errors: 3,
            rows_with_errors: 2,
            errors_by_rule: BTreeMap::from([(Rule::DateNotReal, 2), (Rule::Required, 1)]),
            problems: vec!["line 4: 'Dupont' ...".into()],
        }
    }

    fn party(state: Country) -> Party {
        Party {
            state,
            authority: Some(format!("Authority of {state}")),
        }
    }

    fn receipt(outcome: Outcome) -> Option<Receipt> {
        Receipt::for_file(
            &received(outcome),
            party(Country::BE),
            party(Country::FR),
            SystemTime::UNIX_EPOCH,
            false,
        )
    }

    #[test]
    fn a_receipt_counts_errors_per_rule_and_carries_no_problem_text() {
        let receipt = receipt(Outcome::ReceivedWithProblems).unwrap();
        let json = serde_json::to_value(&receipt).unwrap();
        assert_eq!(json["outcome"], "accepted-with-problems");
        assert_eq!(json["errors_by_rule"]["date_not_real"], 2);
        assert_eq!(json["errors_by_rule"]["required"], 1);
        assert_eq!(json["rows"]["rows_with_errors"], 2);
        assert!(!json.to_string().contains("Dupont"));
        let back: Receipt = serde_json::from_value(json).unwrap();
        assert_eq!(back, receipt);
    }

    #[test]
    fn refusals_about_the_file_get_a_receipt_and_local_failures_none() {
        let refused = receipt(Outcome::Failed(Refusal::Unsigned.into())).unwrap();
        assert_eq!(refused.outcome.name(), "refused");
        let json = serde_json::to_value(&refused).unwrap();
        assert!(json["reason"].as_str().unwrap().contains("not signed"));
        for local in [
            ExchangeError::Read {
                path: "/home/official/inbox/x.p7m".into(),
                source: std::io::Error::other("disk"),
            },
            ExchangeError::Replay {
                first: "x.p7m".into(),
                received_at: "2026-11-25T10:00:00Z".into(),
            },
            CmsError::Read(std::io::Error::other("disk")).into(),
        ] {
            assert!(receipt(Outcome::Failed(local)).is_none());
        }
    }

    #[test]
    fn a_receipt_is_for_one_name_and_one_content() {
        let receipt = receipt(Outcome::Received).unwrap();
        assert!(receipt.is_for("BE-to-FR-2026-11-25-voters.p7m", &"AB".repeat(32)));
        assert!(!receipt.is_for("BE-to-FR-2026-11-25-voters.p7m", &"cd".repeat(32)));
        assert!(!receipt.is_for("BE-to-FR-2026-11-26-voters.p7m", &"ab".repeat(32)));
    }
}
