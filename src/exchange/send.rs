//! `exchange send`: one residence state's file, validated, split by nationality, and
//! sealed once per home state for that state's recipients. A dual national's row goes
//! to each of their home states (`nationality` and every `other_nationalities`).
//!
//! Two passes over the file: the first validates every row and counts the rows for
//! each destination, so that nothing is written when a row is invalid (without
//! `skip_invalid`) or a destination has no recipient; the second writes each row
//! unchanged into the sealed file of its destination. Both read the same bytes
//! ([`TwoPassInput`]: a FIFO is copied once, a file changed meanwhile is refused). All sealed files are written
//! side by side and appear only when every one of them is complete; the manifest that
//! lists them appears after them, so a manifest in place means its files are too.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use time::Date;
use x509_cert::Certificate;

use super::audit::{AuditEntry, AuditLog, Step};
use super::error::ExchangeError;
use super::hashing::HashingWriter;
use super::naming::{FileName, RecordTypes};
use crate::cms::{
    BindingContext, Buffering, ContentCipher, ContentSigner, SealRequest, SealWriter,
};
use crate::country::Country;
use crate::data::{
    Column, DataError, Election, Header, Pass, RecordType, Row, Severity, TwoPassInput,
    ValidationOptions, Validator, write_report_record,
};
use crate::output::{OutputError, OutputFile, to_json};
use crate::trust::Partners;

/// How to send.
pub struct SendOptions<'a> {
    pub validation: ValidationOptions,
    /// Leave invalid rows out (listed with their reasons in `rejected.csv`) instead of
    /// refusing the file.
    pub skip_invalid: bool,
    /// The sending state, when the partner directory does not say it.
    pub sender: Option<Country>,
    pub cipher: ContentCipher,
    /// Certificates of the signer's chain to include.
    pub chain: &'a [Certificate],
    /// The date in the file names.
    pub date: Date,
    /// Replace files of the same names in the output directory.
    pub force: bool,
    /// Where the audit log is kept.
    pub state_dir: &'a Path,
    /// The files are a test campaign's (`test` in their names).
    pub test: bool,
}

/// What was sent: written as `manifest.json` and `manifest.csv` beside the files.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub sender: String,
    pub signer: String,
    /// The file sent; `source` in manifests written before the JSON vocabulary.
    #[serde(rename = "file", alias = "source")]
    pub source: String,
    pub date: String,
    /// The election: `--election`'s, else the one the rows name.
    #[serde(default)]
    pub election: Option<String>,
    pub rows: u64,
    pub sent_rows: u64,
    pub rejected_rows: u64,
    /// Sent rows of persons with further nationalities, each sent to every one of
    /// their home states.
    #[serde(default)]
    pub dual_nationals: u64,
    /// The report of the rejected rows, when rows were left out.
    pub rejected_report: Option<String>,
    pub files: Vec<SentFile>,
}

/// One sealed file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SentFile {
    pub destination: String,
    pub file: String,
    pub rows: u64,
    pub voters: u64,
    pub candidates: u64,
    /// Rows of persons who are sent to another home state too.
    #[serde(default)]
    pub dual_nationals: u64,
    /// SHA-256 of the sealed file, hexadecimal.
    pub sha256: String,
    /// The subjects of the certificates it is encrypted for (the sender's among them).
    pub recipients: Vec<String>,
}

#[derive(Default)]
struct Counts {
    voters: u64,
    candidates: u64,
    dual_nationals: u64,
}

impl Counts {
    fn count(&mut self, kind: RecordType, row: &Row<'_>) {
        match kind {
            RecordType::Voter => self.voters += 1,
            RecordType::Candidate => self.candidates += 1,
        }
        self.dual_nationals += u64::from(!row.other_nationalities.is_empty());
    }
}

/// The rows of the first pass that are not sent, and why.
struct FirstPass {
    rows: u64,
    rejected: HashSet<u64>,
    destinations: BTreeMap<Country, Counts>,
    dual_nationals: u64,
    election: Option<Election>,
}

/// Sends `input` to the home states of its rows, signed by `signer` (the key of
/// `certificate`), into `out_dir`.
pub fn send(
    input: &Path,
    out_dir: &Path,
    signer: &dyn ContentSigner,
    certificate: &Certificate,
    partners: &Partners,
    options: &SendOptions<'_>,
) -> Result<Manifest, ExchangeError> {
    if !out_dir.is_dir() {
        return Err(ExchangeError::NotADirectory(out_dir.display().to_string()));
    }
    let sender = sending_state(certificate, partners, options.sender)?;
    let mut audit = AuditLog::open(options.state_dir)?;
    let rejected_path = out_dir.join("rejected.csv");
    let mut rejected_report = if options.skip_invalid {
        Some(OutputFile::create(&rejected_path, options.force)?.synced())
    } else {
        None
    };
    let file = File::open(input).map_err(|source| ExchangeError::Read {
        path: input.to_owned(),
        source,
    })?;
    let mut two_pass = TwoPassInput::new(file, out_dir)?;
    let first = first_pass(two_pass.pass(), sender, options, rejected_report.as_mut())?;
    if first.destinations.is_empty() {
        return Err(ExchangeError::NothingToSend);
    }
    let plan = SealPlan {
        out_dir,
        signer,
        certificate,
        sender,
        election: first.election,
        recipients: recipients(&first, partners, certificate)?,
        options,
    };
    let (sealed, files): (Vec<_>, Vec<_>) = plan.seal(&first, two_pass.pass())?.into_iter().unzip();
    two_pass.check_same()?;
    let manifest = Manifest {
        sender: sender.code().to_owned(),
        signer: certificate.tbs_certificate().subject().to_string(),
        source: input.display().to_string(),
        date: options.date.to_string(),
        election: first.election.map(|e| e.to_string()),
        rows: first.rows,
        sent_rows: first.rows - first.rejected.len() as u64,
        rejected_rows: first.rejected.len() as u64,
        dual_nationals: first.dual_nationals,
        rejected_report: (!first.rejected.is_empty() && rejected_report.is_some())
            .then(|| rejected_path.display().to_string()),
        files,
    };
    Release {
        sealed,
        rejected: rejected_report.filter(|_| !first.rejected.is_empty()),
        manifest: manifest_files(&manifest, out_dir, options.force)?,
    }
    .commit()?;
    for f in &manifest.files {
        let destination = f.destination.parse().ok();
        audit.record(&AuditEntry::now(
            Step::Seal,
            &f.file,
            Some(&f.sha256),
            destination,
            "sealed",
        ))?;
    }
    Ok(manifest)
}

/// The recipients of each destination: its partners' certificates and the sender's own.
fn recipients(
    first: &FirstPass,
    partners: &Partners,
    certificate: &Certificate,
) -> Result<BTreeMap<Country, Vec<Certificate>>, ExchangeError> {
    let mut recipients = BTreeMap::new();
    for country in first.destinations.keys() {
        let mut certs =
            partners
                .recipients(country.code())
                .map_err(|_| ExchangeError::NoRecipients {
                    country: country.code().to_owned(),
                })?;
        certs.push(certificate.clone());
        recipients.insert(*country, certs);
    }
    Ok(recipients)
}

/// The state that sends: given, else the partner directory's for the signer.
pub(super) fn sending_state(
    certificate: &Certificate,
    partners: &Partners,
    given: Option<Country>,
) -> Result<Country, ExchangeError> {
    if let Some(country) = given {
        return Ok(country);
    }
    partners
        .identify(certificate)
        .filter(|p| p.role.sends())
        .map(|p| p.country)
        .ok_or(ExchangeError::UnknownSender)
}

/// Validates every row: counts the rows of each destination, notes the rows not to
/// send, and writes them with their reasons to `rejected` when given.
fn first_pass(
    input: Pass,
    sender: Country,
    options: &SendOptions<'_>,
    rejected: Option<&mut OutputFile>,
) -> Result<FirstPass, ExchangeError> {
    let mut validator = Validator::new(input, options.validation)?;
    if let Some(problem) = validator
        .header_problems()
        .iter()
        .find(|p| p.severity == Severity::Error)
    {
        return Err(ExchangeError::BadHeader(problem.to_string()));
    }
    let header = validator.header().clone();
    let residence = header.position(Column::ResidenceCountry);
    let mut report = match rejected {
        Some(file) => Some(rejected_writer(file, &header)?),
        None => None,
    };
    let mut pass = FirstPass {
        rows: 0,
        rejected: HashSet::new(),
        destinations: BTreeMap::new(),
        dual_nationals: 0,
        election: None,
    };
    let mut wrong_residence = 0u64;
    while let Some(row) = validator.next_row() {
        let row = row?;
        pass.rows += 1;
        let mut reasons: Vec<String> = row
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.to_string())
            .collect();
        let resides = residence
            .and_then(|i| row.record.get(i))
            .and_then(Country::from_code);
        if !row.has_errors() && resides != Some(sender) {
            wrong_residence += 1;
            reasons.push(format!(
                "line {}: the residence country is not {}, the sending state",
                row.line,
                sender.code()
            ));
        }
        if !reasons.is_empty() {
            pass.rejected.insert(row.line);
            if let Some(report) = report.as_mut() {
                let mut fields = vec![
                    row.line.to_string().into_bytes(),
                    reasons.join("; ").into_bytes(),
                ];
                fields.extend(row.record.iter().map(<[u8]>::to_vec));
                write_report_record(report, &fields).map_err(csv_error)?;
            }
            continue;
        }
        let Some(kind) = row.record_type else {
            continue;
        };
        for home in row.home_states() {
            pass.destinations.entry(home).or_default().count(kind, &row);
        }
        pass.dual_nationals += u64::from(!row.other_nationalities.is_empty());
    }
    if let Some(mut report) = report {
        report.flush().map_err(DataError::Write)?;
    }
    let summary = validator.finish();
    pass.election = summary.election;
    if !options.skip_invalid {
        summary.check()?;
        if wrong_residence > 0 {
            return Err(ExchangeError::WrongResidence {
                rows: wrong_residence,
                sender: sender.code().to_owned(),
            });
        }
    }
    Ok(pass)
}

fn csv_error(e: csv::Error) -> DataError {
    DataError::Write(e.into())
}

/// `rejected.csv`: line, reasons, then the row's own fields, under the file's header.
fn rejected_writer<'w>(
    file: &'w mut OutputFile,
    header: &Header,
) -> Result<csv::Writer<&'w mut OutputFile>, ExchangeError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(header.delimiter())
        .from_writer(file);
    let mut names = vec![b"line".to_vec(), b"reasons".to_vec()];
    names.extend(header.record().iter().map(<[u8]>::to_vec));
    write_report_record(&mut writer, &names).map_err(csv_error)?;
    Ok(writer)
}

/// One destination's sealed file as it is written.
struct Outgoing {
    name: FileName,
    csv: csv::Writer<SealWriter<HashingWriter<OutputFile>>>,
    counts: Counts,
    recipients: Vec<String>,
}

/// What the second pass needs: where to write, who signs, and the recipients of each
/// destination that the first pass found.
struct SealPlan<'a> {
    out_dir: &'a Path,
    signer: &'a dyn ContentSigner,
    certificate: &'a Certificate,
    sender: Country,
    election: Option<Election>,
    recipients: BTreeMap<Country, Vec<Certificate>>,
    options: &'a SendOptions<'a>,
}

impl SealPlan<'_> {
    /// Writes each row of `input` that `first` kept to the sealed file of its
    /// destination, then signs each. The files are not yet committed. A row of a
    /// destination that the first pass did not see means that the file changed.
    fn seal(
        &self,
        first: &FirstPass,
        input: Pass,
    ) -> Result<Vec<(OutputFile, SentFile)>, ExchangeError> {
        let mut validation = self.options.validation;
        validation.find_duplicates = false;
        let mut validator = Validator::new(input, validation)?;
        let header = validator.header().clone();
        let signing_time = SystemTime::now();
        let mut outgoing: BTreeMap<Country, Outgoing> = BTreeMap::new();
        for (country, counts) in &first.destinations {
            let out = self.start(*country, counts, &header, signing_time)?;
            outgoing.insert(*country, out);
        }
        while let Some(row) = validator.next_row() {
            let row = row?;
            if first.rejected.contains(&row.line) {
                continue;
            }
            let Some(kind) = row.record_type else {
                continue;
            };
            for home in row.home_states() {
                let out = outgoing.get_mut(&home).ok_or(DataError::Changed)?;
                out.csv.write_record(row.record.iter()).map_err(csv_error)?;
                out.counts.count(kind, &row);
            }
        }
        outgoing
            .into_iter()
            .map(|(country, out)| self.finish(country, out))
            .collect()
    }

    /// Opens the sealed file for `destination` and writes the header into it.
    fn start(
        &self,
        destination: Country,
        counts: &Counts,
        header: &Header,
        signing_time: SystemTime,
    ) -> Result<Outgoing, ExchangeError> {
        let name = FileName {
            sender: self.sender,
            destination,
            election: self.election,
            date: self.options.date,
            types: RecordTypes {
                voters: counts.voters > 0,
                candidates: counts.candidates > 0,
            },
            test: self.options.test,
        };
        let output = OutputFile::create(&self.out_dir.join(name.to_string()), self.options.force)?;
        let recipients = &self.recipients[&destination];
        let request = SealRequest {
            recipients,
            chain: self.options.chain,
            cipher: self.options.cipher,
            signing_time,
            buffering: Buffering::SMALL,
            binding: BindingContext {
                destination: Some(destination.code().to_owned()),
                file_name: Some(name.to_string()),
                record_types: Some(name.types.into()),
            },
        };
        let sealer = SealWriter::start(HashingWriter::new(output), self.signer, &request)?;
        let mut csv = csv::WriterBuilder::new()
            .delimiter(header.delimiter())
            .from_writer(sealer);
        csv.write_record(header.record().iter())
            .map_err(csv_error)?;
        Ok(Outgoing {
            name,
            csv,
            counts: Counts::default(),
            recipients: recipients
                .iter()
                .map(|c| c.tbs_certificate().subject().to_string())
                .collect(),
        })
    }

    /// Signs and closes the sealed file for `destination`, and describes it.
    fn finish(
        &self,
        destination: Country,
        out: Outgoing,
    ) -> Result<(OutputFile, SentFile), ExchangeError> {
        let sealer = out
            .csv
            .into_inner()
            .map_err(|e| DataError::Write(e.into_error()))?;
        let (hashing, _) = sealer.finish(self.signer, self.certificate)?;
        let (output, sha256) = hashing.finish();
        let sent = SentFile {
            destination: destination.code().to_owned(),
            file: out.name.to_string(),
            rows: out.counts.voters + out.counts.candidates,
            voters: out.counts.voters,
            candidates: out.counts.candidates,
            dual_nationals: out.counts.dual_nationals,
            sha256,
            recipients: out.recipients,
        };
        Ok((output, sent))
    }
}

/// The outputs of one send, put in place so that the manifest is true when it appears:
/// the sealed files first, then the rejected rows, then the manifest that lists them.
struct Release {
    sealed: Vec<OutputFile>,
    rejected: Option<OutputFile>,
    manifest: Vec<OutputFile>,
}

impl Release {
    /// Commits every file in that order, stopping at the first that fails: the
    /// manifest never appears unless every file before it did.
    fn commit(self) -> Result<(), OutputError> {
        for file in self
            .sealed
            .into_iter()
            .chain(self.rejected)
            .chain(self.manifest)
        {
            file.commit()?;
        }
        Ok(())
    }
}

/// `manifest.json` and `manifest.csv`, written but not yet committed.
fn manifest_files(
    manifest: &Manifest,
    out_dir: &Path,
    force: bool,
) -> Result<Vec<OutputFile>, ExchangeError> {
    let json = to_json(manifest).into_bytes();
    [
        ("manifest.json", json),
        ("manifest.csv", manifest_csv(manifest)?),
    ]
    .into_iter()
    .map(|(name, bytes)| {
        let path = out_dir.join(name);
        let mut file = OutputFile::create(&path, force)?.synced();
        file.write_all(&bytes)
            .map_err(|e| OutputError::writing(&path, e))?;
        Ok(file)
    })
    .collect()
}

/// The manifest as CSV: one line per sealed file.
fn manifest_csv(manifest: &Manifest) -> Result<Vec<u8>, ExchangeError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    write_report_record(
        &mut writer,
        [
            "sender",
            "election",
            "destination",
            "file",
            "rows",
            "voters",
            "candidates",
            "dual_nationals",
            "sha256",
            "recipients",
        ],
    )
    .map_err(csv_error)?;
    for f in &manifest.files {
        write_report_record(
            &mut writer,
            [
                manifest.sender.as_str(),
                manifest.election.as_deref().unwrap_or(""),
                &f.destination,
                &f.file,
                &f.rows.to_string(),
                &f.voters.to_string(),
                &f.candidates.to_string(),
                &f.dual_nationals.to_string(),
                &f.sha256,
                &f.recipients.join("; "),
            ],
        )
        .map_err(csv_error)?;
    }
    writer
        .into_inner()
        .map_err(|e| DataError::Write(e.into_error()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_written_before_the_json_vocabulary_still_reads() {
        let old = r#"{"sender":"BE","signer":"CN=be","source":"be.csv","date":"2026-11-25",
            "rows":1,"sent_rows":1,"rejected_rows":0,"rejected_report":null,"files":[]}"#;
        let manifest: Manifest = serde_json::from_str(old).unwrap();
        assert_eq!(manifest.source, "be.csv");
        let now = serde_json::to_value(&manifest).unwrap();
        assert_eq!(now["file"], "be.csv");
        assert!(now.get("source").is_none());
    }

    fn output(dir: &Path, name: &str) -> OutputFile {
        let mut file = OutputFile::create(&dir.join(name), false).unwrap();
        file.write_all(name.as_bytes()).unwrap();
        file
    }

    fn release(dir: &Path) -> Release {
        Release {
            sealed: vec![output(dir, "BE-to-DE"), output(dir, "BE-to-FR")],
            rejected: Some(output(dir, "rejected.csv")),
            manifest: vec![output(dir, "manifest.json"), output(dir, "manifest.csv")],
        }
    }

    #[test]
    fn a_release_puts_every_file_in_place() {
        let dir = tempfile::tempdir().unwrap();
        release(dir.path()).commit().unwrap();
        for name in [
            "BE-to-DE",
            "BE-to-FR",
            "rejected.csv",
            "manifest.json",
            "manifest.csv",
        ] {
            assert_eq!(
                std::fs::read(dir.path().join(name)).unwrap(),
                name.as_bytes()
            );
        }
    }

    #[test]
    fn the_manifest_does_not_appear_when_a_file_it_lists_fails_to() {
        let dir = tempfile::tempdir().unwrap();
        let release = release(dir.path());
        std::fs::write(dir.path().join("BE-to-FR"), "another's").unwrap();
        assert!(matches!(release.commit(), Err(OutputError::Exists { .. })));
        assert!(dir.path().join("BE-to-DE").exists());
        for name in ["rejected.csv", "manifest.json", "manifest.csv"] {
            assert!(!dir.path().join(name).exists(), "{name}");
        }
    }
}
