//! `exchange receive`: every file in a directory, opened with the token key, checked to
//! come from a sender of the state its name claims, trusted, meant for the receiver
//! under its name, and its content validated.
//!
//! Before a file is opened: its SHA-256 must not be in the ledger of files taken (a
//! replay), its name must be for the receiver's own state and not dated after today.
//! After: the verdict must accept it, its recipient binding included (meant for this
//! key, under this name, for this state, with these record types; a file without one
//! only with `allow_unbound`), and every row must be a national of the receiving state.
//!
//! A file that fails any check produces no plaintext; the others still go through.
//! Every other entry of the inbox is listed as skipped, with its reason (`inbox`). The
//! run's own report (`receive-report-TIME.json` and `.csv`, see `report_files`) says,
//! per file, who sent it, when, the verdict, the row counts and the problems. With a
//! receipt signer, every file gets a signed receipt in `receipts/` of the output
//! directory (`receipt.rs`).

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::audit::{AuditEntry, AuditLog, Step};
use super::error::ExchangeError;
use super::hashing::sha256_of_file;
use super::inbox::{self, SkippedEntry};
use super::ledger::Ledger;
use super::naming::FileName;
use super::receipt::ReceiptSigning;
use super::report_files::ReportFiles;
use crate::ErrorKind;
use crate::cms::{Input, VerifyOptions, open};
use crate::country::Country;
use crate::data::{DataError, Rule, Severity, ValidationOptions, Validator, write_report_record};
use crate::output::{ReadBack, to_json};
use crate::token::TokenDecryptor;
use crate::trust::{Partners, TrustStore};
use crate::verdict::{
    AuthorityRule, ExchangeFile, HeldContent, Reader, Rules, SignerVerdict, TrustPolicy,
    ValidationTime, judge,
};

/// How many problems of one file the report lists (all are counted).
const PROBLEMS_LISTED: usize = 100;

/// How to receive.
pub struct ReceiveOptions<'a> {
    pub validation: ValidationOptions,
    pub verify: VerifyOptions,
    pub crls: &'a [CertificateList],
    /// Replace plaintext files of the same names.
    pub force: bool,
    /// Take again a file the ledger holds under the same name (asked for, not a
    /// replay): its plaintext and receipt are made again. The same content under
    /// another name is still a replay.
    pub again: bool,
    /// Take files that are not bound to their recipients (the report says so).
    pub allow_unbound: bool,
    /// Where the ledger of received files and the audit log are kept.
    pub state_dir: &'a Path,
    /// Called with the ledger's lock file when another run holds it, before waiting.
    pub waiting: &'a dyn Fn(&Path),
    /// Who signs the receipts, if receipts are made.
    pub receipts: Option<ReceiptSigning<'a>>,
}

/// The outcome for every file.
#[derive(Debug, Serialize)]
pub struct ReceiveReport {
    pub received: usize,
    pub received_with_problems: usize,
    pub failed: usize,
    pub skipped: usize,
    /// This run's report (`receive-report-TIME.json`).
    pub report: String,
    pub files: Vec<ReceivedFile>,
    /// The entries of the inbox that are not sealed files, and why.
    pub skipped_entries: Vec<SkippedEntry>,
}

/// What became of one file.
#[derive(Debug)]
pub enum Outcome {
    /// Opened, verified, from a sender of its state, every row valid.
    Received,
    /// As received, but some rows break the schema.
    ReceivedWithProblems,
    /// Refused; no plaintext was written.
    Failed(ExchangeError),
}

/// The outcome for one file.
#[derive(Debug, Serialize)]
pub struct ReceivedFile {
    pub file: String,
    /// SHA-256 of the sealed file as it arrived, when it could be read.
    pub sha256: Option<String>,
    /// `status` (`received`, `received-with-problems` or `failed`) and `reason`.
    #[serde(flatten)]
    pub outcome: Outcome,
    pub claimed_sender: Option<String>,
    /// The plaintext written, when not failed.
    pub output: Option<String>,
    /// The signed receipt written, when receipts are made and the file gets one.
    pub receipt: Option<String>,
    pub signers: Vec<SignerVerdict>,
    pub rows: u64,
    pub voters: u64,
    pub candidates: u64,
    pub errors: u64,
    pub rows_with_errors: u64,
    /// The errors per rule of the schema.
    pub errors_by_rule: BTreeMap<Rule, u64>,
    pub problems: Vec<String>,
}

impl Outcome {
    /// The status as the report writes it.
    pub fn status(&self) -> &'static str {
        match self {
            Outcome::Received => "received",
            Outcome::ReceivedWithProblems => "received-with-problems",
            Outcome::Failed(_) => "failed",
        }
    }

    fn reason(&self) -> Option<String> {
        match self {
            Outcome::Failed(error) => Some(error.to_string()),
            Outcome::Received | Outcome::ReceivedWithProblems => None,
        }
    }
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("status", self.status())?;
        map.serialize_entry("reason", &self.reason())?;
        map.end()
    }
}

impl ReceiveReport {
    /// The error for the exit code: failed files first, then files with invalid rows.
    pub fn outcome(&self) -> Result<(), ExchangeError> {
        let failures: Vec<&ExchangeError> = (self.files.iter())
            .filter_map(|f| match &f.outcome {
                Outcome::Failed(e) => Some(e),
                _ => None,
            })
            .collect();
        if let Some(first) = failures.first() {
            let verification = failures.iter().any(|e| e.kind() == ErrorKind::Verification);
            return Err(ExchangeError::FilesFailed {
                count: failures.len(),
                kind: if verification {
                    ErrorKind::Verification
                } else {
                    first.kind()
                },
            });
        }
        if self.received_with_problems > 0 {
            let errors = self.files.iter().map(|f| f.errors).sum();
            let rows_with_errors = self.files.iter().map(|f| f.rows_with_errors).sum();
            return Err(DataError::Invalid {
                errors,
                rows_with_errors,
                rows: self.files.iter().map(|f| f.rows).sum(),
            }
            .into());
        }
        Ok(())
    }
}

/// Receives every `.p7m` file of `in_dir` (in any letter case) into `out_dir` with the
/// token key of `certificate`, a recipient of its state in `partners`.
pub fn receive(
    in_dir: &Path,
    out_dir: &Path,
    decryptor: &TokenDecryptor<'_, '_>,
    certificate: &Certificate,
    store: &TrustStore,
    partners: &Partners,
    options: &ReceiveOptions<'_>,
) -> Result<ReceiveReport, ExchangeError> {
    for dir in [in_dir, out_dir] {
        if !dir.is_dir() {
            return Err(ExchangeError::NotADirectory(dir.display().to_string()));
        }
    }
    let inbox = inbox::list(in_dir)?;
    let receiver = partners
        .identify(certificate)
        .filter(|p| p.role.receives())
        .map(|p| p.country)
        .ok_or_else(|| ExchangeError::UnknownReceiver {
            subject: certificate.tbs_certificate().subject().to_string(),
        })?;
    let mut ledger = Ledger::open(options.state_dir, options.waiting)?;
    let report_files = ReportFiles::reserve(out_dir, time::OffsetDateTime::now_utc())?;
    let mut audit = AuditLog::open(options.state_dir)?;
    let checks = Checks {
        decryptor,
        certificate,
        receiver,
        store,
        partners,
        options,
    };
    let mut files = Vec::with_capacity(inbox.sealed.len());
    for path in &inbox.sealed {
        let mut file = checks.receive_one(path, out_dir, &mut ledger)?;
        let sender = FileName::parse(&file.file).map(|n| n.sender);
        let sha256 = file.sha256.as_deref();
        let step = |step, outcome| AuditEntry::now(step, &file.file, sha256, sender, outcome);
        audit.record(&step(Step::Receive, file.outcome.status()))?;
        if let Some(receipts) = &options.receipts
            && let Some(outcome) =
                receipts.issue(&mut file, certificate, receiver, partners, out_dir)?
        {
            let sha256 = file.sha256.as_deref();
            audit.record(&AuditEntry::now(
                Step::ReceiptMade,
                &file.file,
                sha256,
                sender,
                outcome,
            ))?;
        }
        files.push(file);
    }
    let count = |wanted: fn(&Outcome) -> bool| files.iter().filter(|f| wanted(&f.outcome)).count();
    let report = ReceiveReport {
        received: count(|o| matches!(o, Outcome::Received)),
        received_with_problems: count(|o| matches!(o, Outcome::ReceivedWithProblems)),
        failed: count(|o| matches!(o, Outcome::Failed(_))),
        skipped: inbox.skipped.len(),
        report: report_files.json_path().display().to_string(),
        files,
        skipped_entries: inbox.skipped,
    };
    report_files.commit(to_json(&report).as_bytes(), &report_csv(&report)?)?;
    Ok(report)
}

struct Checks<'a, 's, 'm> {
    decryptor: &'a TokenDecryptor<'s, 'm>,
    certificate: &'a Certificate,
    receiver: Country,
    store: &'a TrustStore,
    partners: &'a Partners,
    options: &'a ReceiveOptions<'a>,
}

/// The rows of a received file, and the problems found in them.
#[derive(Default)]
struct Rows {
    rows: u64,
    voters: u64,
    candidates: u64,
    errors: u64,
    rows_with_errors: u64,
    errors_by_rule: BTreeMap<Rule, u64>,
    problems: Vec<String>,
}

impl Checks<'_, '_, '_> {
    /// Opens, checks and validates one file; whatever fails is its outcome. A file
    /// taken goes into the `ledger`; `Err` only when that fails.
    fn receive_one(
        &self,
        path: &Path,
        out_dir: &Path,
        ledger: &mut Ledger,
    ) -> Result<ReceivedFile, ExchangeError> {
        let file = (path.file_name().unwrap_or_default().to_string_lossy()).into_owned();
        let name = FileName::parse(&file);
        let mut signers = Vec::new();
        let (sha256, opened) = match sha256_of_file(path) {
            Err(source) => {
                let path = path.to_owned();
                (None, Err(ExchangeError::Read { path, source }))
            }
            Ok(sha256) => {
                let opened = match &name {
                    Some(name) => {
                        self.open_checked(path, &file, name, &sha256, out_dir, ledger, &mut signers)
                    }
                    None => Err(ExchangeError::BadFileName),
                };
                if let (Ok(_), Some(name)) = (&opened, &name) {
                    ledger.record(&sha256, &file, name.sender.code())?;
                }
                (Some(sha256), opened)
            }
        };
        let (outcome, output, rows) = match opened {
            Ok((output, rows)) if rows.errors > 0 => {
                (Outcome::ReceivedWithProblems, Some(output), rows)
            }
            Ok((output, rows)) => (Outcome::Received, Some(output), rows),
            Err(error) => (Outcome::Failed(error), None, Rows::default()),
        };
        Ok(ReceivedFile {
            file,
            sha256,
            outcome,
            claimed_sender: name.map(|n| n.sender.code().to_owned()),
            output: output.map(|o| o.display().to_string()),
            receipt: None,
            signers,
            rows: rows.rows,
            voters: rows.voters,
            candidates: rows.candidates,
            errors: rows.errors,
            rows_with_errors: rows.rows_with_errors,
            errors_by_rule: rows.errors_by_rule,
            problems: rows.problems,
        })
    }

    /// Checks the file's hash against the `ledger` and its name against the receiver
    /// and today, opens it into held plaintext, has the verdict accept it, its binding
    /// included (the judged `signers` go to the report either way), checks that every
    /// signer is a sender of the state the name claims, validates, and only then
    /// releases the plaintext.
    #[allow(clippy::too_many_arguments)]
    fn open_checked(
        &self,
        path: &Path,
        file: &str,
        name: &FileName,
        sha256: &str,
        out_dir: &Path,
        ledger: &Ledger,
        signers: &mut Vec<SignerVerdict>,
    ) -> Result<(PathBuf, Rows), ExchangeError> {
        if let Some(entry) = ledger.find(sha256)
            && !(self.options.again && entry.file == file)
        {
            return Err(ExchangeError::Replay {
                first: entry.file.clone(),
                received_at: entry.received_at.clone(),
            });
        }
        if name.destination != self.receiver {
            return Err(ExchangeError::OtherDestination {
                destination: name.destination,
                receiver: self.receiver,
            });
        }
        if let (Some(expected), Some(election)) = (self.options.validation.election, name.election)
            && expected != election
        {
            return Err(ExchangeError::OtherElection {
                election: election.to_string(),
                expected: expected.to_string(),
            });
        }
        let today = self.options.validation.today;
        if name.date > today {
            return Err(ExchangeError::FutureDate {
                date: name.date,
                today,
            });
        }
        let target = out_dir.join(plaintext_name(file));
        let mut held = HeldContent::create(&target, self.options.force)?;
        let input =
            File::open(path)
                .and_then(Input::sniff)
                .map_err(|source| ExchangeError::Read {
                    path: path.to_owned(),
                    source,
                })?;
        let report = open(
            input,
            &mut held,
            self.decryptor,
            self.certificate,
            &self.options.verify,
        )?;
        let rules = Rules {
            trust: TrustPolicy::Lists {
                store: self.store,
                crls: self.options.crls,
            },
            partners: Some(self.partners),
            time: ValidationTime::Now(SystemTime::now()),
            authority: AuthorityRule::Required,
        };
        let mut verdict = judge(report.signers, &report.certificates, &rules);
        verdict.check_binding(&Reader {
            certificate: self.certificate,
            exchange: Some(ExchangeFile {
                file_name: &name.to_string(),
                receiver: self.receiver,
                record_types: name.types.into(),
            }),
            allow_unbound: self.options.allow_unbound,
        });
        let accepted = verdict.accept();
        *signers = verdict.into_signers();
        let accepted = accepted?;
        let state = name.sender;
        for verdict in signers.iter() {
            let signer = verdict.signature.signer.as_ref();
            if !signer.is_some_and(|s| self.partners.is_sender_for(s, state)) {
                return Err(ExchangeError::NotASender {
                    signer: signer
                        .map(|s| s.tbs_certificate().subject().to_string())
                        .unwrap_or_else(|| "an unknown signer".to_owned()),
                    state,
                });
            }
        }
        let rows = self.validate(held.read_back()?)?;
        held.release(&accepted)?;
        Ok((target, rows))
    }

    /// Validates the plaintext (still held in its temporary file) against the schema;
    /// a row of a person who is not a national of the receiver (by `nationality` or
    /// `other_nationalities`) fails the file.
    fn validate(&self, plaintext: ReadBack) -> Result<Rows, ExchangeError> {
        let mut validator = Validator::new(plaintext, self.options.validation)?;
        let mut problems: Vec<String> = validator
            .header_problems()
            .iter()
            .map(|p| p.to_string())
            .collect();
        while let Some(row) = validator.next_row() {
            let row = row?;
            if let Some(nationality) = row.nationality
                && !row.home_states().any(|home| home == self.receiver)
            {
                return Err(ExchangeError::OtherNationality {
                    line: row.line,
                    nationality,
                    receiver: self.receiver,
                });
            }
            for problem in row
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
            {
                if problems.len() < PROBLEMS_LISTED {
                    problems.push(problem.to_string());
                }
            }
        }
        let summary = validator.finish();
        Ok(Rows {
            rows: summary.rows,
            voters: summary.voters,
            candidates: summary.candidates,
            errors: summary.errors,
            rows_with_errors: summary.rows_with_errors,
            errors_by_rule: summary.errors_by_rule,
            problems,
        })
    }
}

/// The plaintext's name: the sealed file's, its `.p7m` (in any case) made `.csv`.
fn plaintext_name(sealed: &str) -> String {
    let stem = sealed.len().saturating_sub(".p7m".len());
    match sealed.get(stem..) {
        Some(ext) if ext.eq_ignore_ascii_case(".p7m") => format!("{}.csv", &sealed[..stem]),
        _ => format!("{sealed}.csv"),
    }
}

/// The report as CSV: one line per file, then one per skipped entry.
fn report_csv(report: &ReceiveReport) -> Result<Vec<u8>, ExchangeError> {
    let csv_error = |e: csv::Error| ExchangeError::from(DataError::Write(e.into()));
    let mut writer = csv::Writer::from_writer(Vec::new());
    write_report_record(
        &mut writer,
        [
            "file",
            "status",
            "reason",
            "claimed_sender",
            "signer",
            "authority",
            "signing_time",
            "rows",
            "voters",
            "candidates",
            "errors",
            "rows_with_errors",
            "output",
        ],
    )
    .map_err(csv_error)?;
    for f in &report.files {
        let signer = f.signers.first();
        write_report_record(
            &mut writer,
            [
                f.file.as_str(),
                f.outcome.status(),
                &f.outcome.reason().unwrap_or_default(),
                f.claimed_sender.as_deref().unwrap_or(""),
                &signer
                    .and_then(|s| s.signature.certificate.as_ref())
                    .map(|c| c.subject.clone())
                    .unwrap_or_default(),
                &signer
                    .and_then(|s| s.authority.as_ref())
                    .map(|a| format!("{} ({})", a.authority, a.country))
                    .unwrap_or_default(),
                signer
                    .and_then(|s| s.signature.signing_time.as_deref())
                    .unwrap_or(""),
                &f.rows.to_string(),
                &f.voters.to_string(),
                &f.candidates.to_string(),
                &f.errors.to_string(),
                &f.rows_with_errors.to_string(),
                f.output.as_deref().unwrap_or(""),
            ],
        )
        .map_err(csv_error)?;
    }
    for s in &report.skipped_entries {
        let mut row = vec![s.entry.clone(), "skipped".to_owned(), s.reason.to_string()];
        row.resize(13, String::new());
        write_report_record(&mut writer, &row).map_err(csv_error)?;
    }
    writer
        .into_inner()
        .map_err(|e| DataError::Write(e.into_error()).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cms::CmsError;
    use crate::verdict::Refusal;

    fn file(outcome: Outcome, rows: u64, errors: u64, rows_with_errors: u64) -> ReceivedFile {
        ReceivedFile {
            file: "BE-to-FR-2026-11-25-voters.p7m".into(),
            sha256: None,
            outcome,
            claimed_sender: Some("BE".into()),
            output: None,
            receipt: None,
            signers: Vec::new(),
            rows,
            voters: rows,
            candidates: 0,
            errors,
            rows_with_errors,
            errors_by_rule: BTreeMap::new(),
            problems: Vec::new(),
        }
    }

    fn report(files: Vec<ReceivedFile>) -> ReceiveReport {
        let count = |w: fn(&Outcome) -> bool| files.iter().filter(|f| w(&f.outcome)).count();
        ReceiveReport {
            received: count(|o| matches!(o, Outcome::Received)),
            received_with_problems: count(|o| matches!(o, Outcome::ReceivedWithProblems)),
            failed: count(|o| matches!(o, Outcome::Failed(_))),
            skipped: 0,
            report: "receive-report-20261125T100000Z.json".into(),
            files,
            skipped_entries: Vec::new(),
        }
    }

    #[test]
    fn rows_with_errors_are_counted_per_file_not_per_failing_file() {
        let report = report(vec![
            file(Outcome::ReceivedWithProblems, 10, 5, 2),
            file(Outcome::Received, 7, 0, 0),
        ]);
        match report.outcome().unwrap_err() {
            ExchangeError::Data(DataError::Invalid {
                errors,
                rows_with_errors,
                rows,
            }) => assert_eq!((errors, rows_with_errors, rows), (5, 2, 17)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_failed_verification_decides_the_kind_of_the_failed_files() {
        let report = report(vec![
            file(Outcome::Failed(ExchangeError::BadFileName), 0, 0, 0),
            file(Outcome::Failed(Refusal::Unsigned.into()), 0, 0, 0),
        ]);
        let error = report.outcome().unwrap_err();
        assert!(matches!(error, ExchangeError::FilesFailed { count: 2, .. }));
        assert_eq!(error.kind(), ErrorKind::Verification);
    }

    #[test]
    fn files_that_only_failed_to_decrypt_are_not_a_verification_failure() {
        let not_ours = CmsError::NotForThisKey {
            recipients: "CN=DE".into(),
        };
        let report = report(vec![file(Outcome::Failed(not_ours.into()), 0, 0, 0)]);
        assert_eq!(report.outcome().unwrap_err().kind(), ErrorKind::Other);
    }

    #[test]
    fn replays_misdirected_names_and_foreign_rows_fail_verification() {
        let (fr, de) = (
            Country::from_code(b"FR").unwrap(),
            Country::from_code(b"DE").unwrap(),
        );
        let day = time::macros::date!(2026 - 11 - 25);
        for error in [
            ExchangeError::Replay {
                first: "BE-to-FR-2026-11-25-voters.p7m".into(),
                received_at: "2026-11-25T10:00:00Z".into(),
            },
            ExchangeError::OtherDestination {
                destination: de,
                receiver: fr,
            },
            ExchangeError::FutureDate {
                date: day,
                today: day,
            },
            ExchangeError::OtherNationality {
                line: 7,
                nationality: de,
                receiver: fr,
            },
        ] {
            assert_eq!(error.kind(), ErrorKind::Verification, "{error}");
        }
        let unknown = ExchangeError::UnknownReceiver {
            subject: "CN=fr".into(),
        };
        assert_eq!(unknown.kind(), ErrorKind::Usage);
    }

    #[test]
    fn the_plaintext_is_named_for_the_sealed_file_whatever_the_case_of_p7m() {
        assert_eq!(
            plaintext_name("BE-to-FR-2026-11-25-voters.p7m"),
            "BE-to-FR-2026-11-25-voters.csv"
        );
        assert_eq!(
            plaintext_name("BE-to-FR-2026-11-25-voters.P7M"),
            "BE-to-FR-2026-11-25-voters.csv"
        );
        assert_eq!(plaintext_name("a.p7m.p7m"), "a.p7m.csv");
    }

    #[test]
    fn the_outcome_serialises_as_status_and_reason() {
        let json = serde_json::to_value(file(Outcome::Failed(ExchangeError::BadFileName), 0, 0, 0))
            .unwrap();
        assert_eq!(json["status"], "failed");
        assert!(json["reason"].as_str().unwrap().starts_with("its name"));
        let json = serde_json::to_value(file(Outcome::Received, 1, 0, 0)).unwrap();
        assert_eq!(json["status"], "received");
        assert!(json["reason"].is_null());
    }
}
