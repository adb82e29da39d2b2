//! `exchange status` for a sender: per destination state, the files sent and what their
//! receipts say (none yet, accepted, accepted with problems, refused and why), against
//! the deadline. Every receipt is read through [`read_receipt`]: one that does not
//! verify as signed by a recipient authority of the state it comes from is reported as
//! forged and never counted. A receipt that verifies but is about other content than
//! what was sent under that name says the file was changed on its way.
//!
//! A test campaign's files (`test` in their names) are counted only with `test`, and
//! then only they: a destination completed the round trip when each has a receipt that
//! the receiver marked as a test and that accepts it.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::Date;
use x509_cert::crl::CertificateList;

use super::audit::{AuditEntry, AuditLog, Step};
use super::error::ExchangeError;
use super::naming::FileName;
use super::receipt::{RECEIPT_SUFFIX, ReceiptOutcome, VerifiedReceipt, read_receipt};
use crate::country::Country;
use crate::trust::{Partners, TrustStore, format_time};

/// The manifest that `exchange send` writes beside the sealed files.
const MANIFEST: &str = "manifest.json";

/// One file the sender sent.
#[derive(Clone, Debug, Serialize)]
pub struct Sent {
    pub destination: Country,
    pub file: String,
    pub size: u64,
    /// SHA-256 of the sealed file, hexadecimal.
    pub sha256: String,
    /// When it was sent (or written), RFC 3339, where known.
    pub time: Option<String>,
}

/// What status reads of a manifest.
#[derive(Deserialize)]
struct Manifest {
    sender: Country,
    files: Vec<ManifestFile>,
}

#[derive(Deserialize)]
struct ManifestFile {
    destination: Country,
    file: String,
    sha256: String,
}

/// The sender and the files of a local `exchange send` output directory, from its
/// manifest, each with its size and time on disk.
pub fn sent_from_dir(dir: &Path) -> Result<(Country, Vec<Sent>), ExchangeError> {
    let path = dir.join(MANIFEST);
    let read = |path: &Path| {
        let path = path.to_owned();
        move |source| ExchangeError::Read { path, source }
    };
    let manifest: Manifest = std::fs::read(&path)
        .map_err(read(&path))
        .and_then(|bytes| {
            serde_json::from_slice(&bytes).map_err(|e| ExchangeError::BadManifest {
                path: path.clone(),
                reason: e.to_string(),
            })
        })?;
    let mut sent = Vec::with_capacity(manifest.files.len());
    for f in manifest.files {
        let file = dir.join(&f.file);
        let metadata = std::fs::metadata(&file).map_err(read(&file))?;
        sent.push(Sent {
            destination: f.destination,
            time: metadata.modified().ok().map(format_time),
            size: metadata.len(),
            file: f.file,
            sha256: f.sha256,
        });
    }
    Ok((manifest.sender, sent))
}

/// The receipt files of a local folder (`NAME.p7m.receipt`), by name; none when the
/// folder does not exist.
pub fn receipts_in_dir(dir: &Path) -> Result<Vec<ReceiptFile>, ExchangeError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(ExchangeError::Read {
                path: dir.to_owned(),
                source,
            });
        }
    };
    let mut found: Vec<ReceiptFile> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter_map(ReceiptFile::local)
        .collect();
    found.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(found)
}

/// A receipt file found for the sender, from the folder of the state that returned it.
pub struct ReceiptFile {
    /// Its name (`NAME.p7m.receipt`).
    pub name: String,
    /// The state whose receipts folder held it; locally, the destination its name says.
    pub from: Country,
    pub path: PathBuf,
}

impl ReceiptFile {
    /// A receipt file of a local folder: the state is the destination of the file it is
    /// named for; `None` for a name that is no receipt of an exchanged file.
    pub fn local(path: PathBuf) -> Option<ReceiptFile> {
        let name = path.file_name()?.to_str()?.to_owned();
        let file = FileName::parse(name.strip_suffix(RECEIPT_SUFFIX)?)?;
        Some(ReceiptFile {
            name,
            from: file.destination,
            path,
        })
    }
}

/// What `status` checks receipts by.
pub struct StatusOptions<'a> {
    pub store: &'a TrustStore,
    pub crls: &'a [CertificateList],
    pub partners: &'a Partners,
    /// Files not accepted by then are overdue.
    pub deadline: Option<Date>,
    pub today: Date,
    /// The test campaign's files, instead of the others.
    pub test: bool,
}

/// Where a sent file stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// No receipt yet.
    Waiting,
    Accepted,
    AcceptedWithProblems,
    Refused,
    /// The receipt is for other content than what was sent: changed on its way.
    Changed,
}

impl State {
    /// The receiver took the file (with or without problems in its rows).
    pub fn is_accepted(self) -> bool {
        matches!(self, State::Accepted | State::AcceptedWithProblems)
    }
}

/// One sent file and its receipt.
#[derive(Debug, Serialize)]
pub struct FileStatus {
    #[serde(flatten)]
    pub sent: Sent,
    /// In JSON `status` (`state` is a Member State's code).
    #[serde(rename = "status")]
    pub state: State,
    /// Not accepted, and the deadline has passed.
    pub overdue: bool,
    /// The verified receipt, if any.
    pub receipt: Option<VerifiedReceipt>,
}

/// A receipt that did not verify.
#[derive(Debug, Serialize)]
pub struct ForgedReceipt {
    pub receipt: String,
    pub reason: String,
}

/// One destination state.
#[derive(Debug, Serialize)]
pub struct Destination {
    pub state: Country,
    pub files: Vec<FileStatus>,
    pub forged: Vec<ForgedReceipt>,
    /// Every file accepted (for a test campaign: the round trip completed).
    pub complete: bool,
}

/// The sender's status.
#[derive(Debug, Serialize)]
pub struct SenderStatus {
    pub sender: Country,
    pub test: bool,
    pub deadline: Option<String>,
    pub destinations: Vec<Destination>,
    pub files: usize,
    pub accepted: usize,
    pub waiting: usize,
    pub refused: usize,
    pub changed: usize,
    pub overdue: usize,
    pub forged: usize,
}

impl SenderStatus {
    /// `Ok` when every file is accepted and no receipt is forged; else why not (forged
    /// receipts first: exit 3; files not accepted: exit 1).
    pub fn outcome(&self) -> Result<(), ExchangeError> {
        if self.forged > 0 {
            return Err(ExchangeError::ForgedReceipts { count: self.forged });
        }
        if self.accepted < self.files {
            return Err(ExchangeError::NotAllAccepted {
                files: self.files,
                accepted: self.accepted,
                overdue: self.overdue,
            });
        }
        Ok(())
    }
}

/// The status of the files `sender` sent, with the receipts found.
pub fn sender_status(
    sender: Country,
    sent: Vec<Sent>,
    receipts: Vec<ReceiptFile>,
    options: &StatusOptions<'_>,
    state_dir: &Path,
) -> Result<SenderStatus, ExchangeError> {
    let is_test = |file: &str| FileName::parse(file).is_some_and(|n| n.test);
    let mut destinations: BTreeMap<Country, Destination> = BTreeMap::new();
    let mut verified: BTreeMap<String, VerifiedReceipt> = BTreeMap::new();
    let mut audit = ReceiptAudit::open(state_dir)?;
    for found in receipts {
        let input = File::open(&found.path).map_err(|source| ExchangeError::Read {
            path: found.path.clone(),
            source,
        })?;
        let read = read_receipt(
            input,
            found.from,
            options.store,
            options.crls,
            options.partners,
        )
        .map_err(|e| e.to_string())
        .and_then(|r| {
            if r.receipt.sender.state == sender {
                Ok(r)
            } else {
                Err(format!(
                    "forged receipt: it is addressed to {}, not to {sender}",
                    r.receipt.sender.state
                ))
            }
        });
        match read {
            Ok(receipt) => {
                let r = &receipt.receipt;
                audit.note(&r.file, Some(&r.sha256), found.from, r.outcome.name())?;
                // A receipt made again (`--again`) replaces the older one.
                let newer = (verified.get(&r.file)).is_none_or(|v| v.receipt.time <= r.time);
                if newer {
                    verified.insert(r.file.clone(), receipt);
                }
            }
            Err(reason) => {
                let file = found.name.trim_end_matches(RECEIPT_SUFFIX);
                audit.note(file, None, found.from, "forged")?;
                destination(&mut destinations, found.from)
                    .forged
                    .push(ForgedReceipt {
                        receipt: found.name,
                        reason,
                    })
            }
        }
    }
    for sent in sent
        .into_iter()
        .filter(|s| is_test(&s.file) == options.test)
    {
        let receipt = verified.remove(&sent.file);
        let state = match &receipt {
            None => State::Waiting,
            Some(r) if !r.receipt.is_for(&sent.file, &sent.sha256) => State::Changed,
            Some(r) if options.test && !r.receipt.test => State::Waiting,
            Some(r) => match r.receipt.outcome {
                ReceiptOutcome::Accepted => State::Accepted,
                ReceiptOutcome::AcceptedWithProblems { .. } => State::AcceptedWithProblems,
                ReceiptOutcome::Refused { .. } => State::Refused,
            },
        };
        let overdue = !state.is_accepted() && options.deadline.is_some_and(|d| options.today > d);
        destination(&mut destinations, sent.destination)
            .files
            .push(FileStatus {
                sent,
                state,
                overdue,
                receipt,
            });
    }
    let mut destinations: Vec<Destination> = destinations.into_values().collect();
    for d in &mut destinations {
        d.complete = !d.files.is_empty() && d.files.iter().all(|f| f.state.is_accepted());
    }
    let files = || destinations.iter().flat_map(|d| d.files.iter());
    let count = |wanted: fn(&FileStatus) -> bool| files().filter(|f| wanted(f)).count();
    Ok(SenderStatus {
        sender,
        test: options.test,
        deadline: options.deadline.map(|d| d.to_string()),
        files: files().count(),
        accepted: count(|f| f.state.is_accepted()),
        waiting: count(|f| f.state == State::Waiting),
        refused: count(|f| f.state == State::Refused),
        changed: count(|f| f.state == State::Changed),
        overdue: count(|f| f.overdue),
        forged: destinations.iter().map(|d| d.forged.len()).sum(),
        destinations,
    })
}

fn destination(all: &mut BTreeMap<Country, Destination>, state: Country) -> &mut Destination {
    all.entry(state).or_insert_with(|| Destination {
        state,
        files: Vec::new(),
        forged: Vec::new(),
        complete: false,
    })
}

/// The audit log as `status` writes it: a receipt read goes in once, not at every run.
struct ReceiptAudit {
    log: AuditLog,
    seen: Vec<AuditEntry>,
}

impl ReceiptAudit {
    fn open(dir: &Path) -> Result<ReceiptAudit, ExchangeError> {
        let log = AuditLog::open(dir)?;
        let seen = (AuditLog::read(dir)?.into_iter())
            .filter(|e| e.step == Step::ReceiptReceived)
            .collect();
        Ok(ReceiptAudit { log, seen })
    }

    fn note(
        &mut self,
        file: &str,
        sha256: Option<&str>,
        from: Country,
        outcome: &str,
    ) -> Result<(), ExchangeError> {
        let entry = AuditEntry::now(Step::ReceiptReceived, file, sha256, Some(from), outcome);
        let same = |e: &AuditEntry| {
            (&e.file, &e.sha256, e.peer, &e.outcome)
                == (&entry.file, &entry.sha256, entry.peer, &entry.outcome)
        };
        if !self.seen.iter().any(same) {
            self.log.record(&entry)?;
            self.seen.push(entry);
        }
        Ok(())
    }
}
