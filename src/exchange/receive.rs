//! `exchange receive`: every file in a directory, opened with the token key, checked to
//! come from a sender of the state its name claims, trusted, and its content validated.
//!
//! A file that fails any check produces no plaintext; the others still go through. The
//! report (`receive-report.json` and `.csv`) says, per file, who sent it, when, the
//! verdict, the row counts and the problems.

use std::fs::File;
use std::path::{Path, PathBuf};

use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::error::ExchangeError;
use super::naming::FileName;
use crate::Error;
use crate::cms::{Input, VerifyOptions, open};
use crate::data::{DataError, Severity, ValidationOptions, Validator};
use crate::output::{OutputFile, write_file};
use crate::token::TokenDecryptor;
use crate::trust::{Partners, TrustStore};
use crate::verdict::{SignerVerdict, Trust, TrustPolicy, judge};

/// How many problems of one file the report lists (all are counted).
const PROBLEMS_LISTED: usize = 100;

/// How to receive.
pub struct ReceiveOptions<'a> {
    pub validation: ValidationOptions,
    pub verify: VerifyOptions,
    pub crls: &'a [CertificateList],
    /// Replace plaintext files and reports of the same names.
    pub force: bool,
}

/// The outcome for every file.
#[derive(Debug, Serialize)]
pub struct ReceiveReport {
    pub received: usize,
    pub received_with_problems: usize,
    pub failed: usize,
    pub files: Vec<ReceivedFile>,
}

/// The outcome for one file.
#[derive(Debug, Serialize)]
pub struct ReceivedFile {
    pub file: String,
    /// `received`, `received-with-problems` (valid crypto, invalid rows) or `failed`.
    pub status: &'static str,
    /// Why it failed.
    pub reason: Option<String>,
    pub claimed_sender: Option<String>,
    /// The plaintext written, when not failed.
    pub output: Option<String>,
    pub signers: Vec<SignerVerdict>,
    pub rows: u64,
    pub voters: u64,
    pub candidates: u64,
    pub errors: u64,
    pub problems: Vec<String>,
}

impl ReceiveReport {
    /// The error for the exit code: failed files first, then files with invalid rows.
    pub fn outcome(&self) -> Result<(), Error> {
        if self.failed > 0 {
            return Err(ExchangeError::FilesFailed { count: self.failed }.into());
        }
        if self.received_with_problems > 0 {
            let errors = self.files.iter().map(|f| f.errors).sum();
            let rows_with_errors = self
                .files
                .iter()
                .filter(|f| f.errors > 0)
                .map(|f| f.rows)
                .sum();
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

/// Receives every `.p7m` file of `in_dir` into `out_dir` with the token key of
/// `certificate`.
pub fn receive(
    in_dir: &Path,
    out_dir: &Path,
    decryptor: &TokenDecryptor<'_, '_>,
    certificate: &Certificate,
    store: &TrustStore,
    partners: &Partners,
    options: &ReceiveOptions<'_>,
) -> Result<ReceiveReport, Error> {
    for dir in [in_dir, out_dir] {
        if !dir.is_dir() {
            return Err(ExchangeError::NotADirectory(dir.display().to_string()).into());
        }
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(in_dir)
        .map_err(|source| Error::Read {
            path: in_dir.to_owned(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "p7m"))
        .collect();
    names.sort();
    let mut files = Vec::new();
    for path in names {
        let mut received = ReceivedFile {
            file: path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            status: "failed",
            reason: None,
            claimed_sender: None,
            output: None,
            signers: Vec::new(),
            rows: 0,
            voters: 0,
            candidates: 0,
            errors: 0,
            problems: Vec::new(),
        };
        let checks = Checks {
            decryptor,
            certificate,
            store,
            partners,
            options,
        };
        if let Err(reason) = checks.receive_one(&path, out_dir, &mut received) {
            received.status = "failed";
            received.reason = Some(reason);
            received.output = None;
        }
        files.push(received);
    }
    let count = |status| files.iter().filter(|f| f.status == status).count();
    let report = ReceiveReport {
        received: count("received"),
        received_with_problems: count("received-with-problems"),
        failed: count("failed"),
        files,
    };
    let json = serde_json::to_vec_pretty(&report).expect("a report serialises");
    write_file(&out_dir.join("receive-report.json"), &json, options.force)?;
    write_file(
        &out_dir.join("receive-report.csv"),
        &report_csv(&report)?,
        options.force,
    )?;
    Ok(report)
}

struct Checks<'a, 's, 'm> {
    decryptor: &'a TokenDecryptor<'s, 'm>,
    certificate: &'a Certificate,
    store: &'a TrustStore,
    partners: &'a Partners,
    options: &'a ReceiveOptions<'a>,
}

impl Checks<'_, '_, '_> {
    /// Opens, checks and validates one file; `Err` with the reason it failed.
    fn receive_one(
        &self,
        path: &Path,
        out_dir: &Path,
        received: &mut ReceivedFile,
    ) -> Result<(), String> {
        let name = FileName::parse(&received.file).ok_or_else(|| {
            "its name does not say who sent it (SENDER-to-DESTINATION-DATE-TYPES.p7m)".to_owned()
        })?;
        received.claimed_sender = Some(name.sender.code().to_owned());
        let target = out_dir.join(received.file.replace(".p7m", ".csv"));
        let mut output =
            OutputFile::create(&target, self.options.force).map_err(|e| e.to_string())?;
        let input = File::open(path)
            .and_then(Input::sniff)
            .map_err(|e| format!("cannot read it: {e}"))?;
        let report = open(
            input,
            &mut output,
            self.decryptor,
            self.certificate,
            &self.options.verify,
        )
        .map_err(|e| e.to_string())?;
        let policy = TrustPolicy::Lists {
            store: self.store,
            crls: self.options.crls,
        };
        received.signers = judge(
            report.signers,
            &report.certificates,
            &policy,
            Some(self.partners),
        );
        for verdict in &received.signers {
            if let Trust::NotTrusted { reason, .. } = &verdict.trust {
                return Err(reason.clone());
            }
            let signer = verdict
                .signature
                .signer
                .as_ref()
                .ok_or("the signer is unknown")?;
            if !self.partners.is_sender_for(signer, name.sender.code()) {
                return Err(format!(
                    "it is signed by '{}', which is not a sender of {} in the partner directory",
                    signer.tbs_certificate().subject(),
                    name.sender.code()
                ));
            }
        }
        self.validate(&output, received)?;
        received.status = if received.errors > 0 {
            "received-with-problems"
        } else {
            "received"
        };
        received.output = Some(target.display().to_string());
        output.commit().map_err(|e| e.to_string())
    }

    /// Validates the plaintext (still in its temporary file) against the schema.
    fn validate(&self, output: &OutputFile, received: &mut ReceivedFile) -> Result<(), String> {
        let file = File::open(output.temp_path()).map_err(|e| e.to_string())?;
        let mut validator =
            Validator::new(file, self.options.validation).map_err(|e| e.to_string())?;
        let mut problems: Vec<String> = validator
            .header_problems()
            .iter()
            .map(|p| p.to_string())
            .collect();
        while let Some(row) = validator.next_row() {
            let row = row.map_err(|e| e.to_string())?;
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
        received.rows = summary.rows;
        received.voters = summary.voters;
        received.candidates = summary.candidates;
        received.errors = summary.errors;
        received.problems = problems;
        Ok(())
    }
}

/// The report as CSV: one line per file.
fn report_csv(report: &ReceiveReport) -> Result<Vec<u8>, Error> {
    let csv_error = |e: csv::Error| Error::from(DataError::Write(e.into()));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
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
            "output",
        ])
        .map_err(csv_error)?;
    for f in &report.files {
        let signer = f.signers.first();
        writer
            .write_record([
                f.file.as_str(),
                f.status,
                f.reason.as_deref().unwrap_or(""),
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
                f.output.as_deref().unwrap_or(""),
            ])
            .map_err(csv_error)?;
    }
    writer
        .into_inner()
        .map_err(|e| DataError::Write(e.into_error()).into())
}
