//! The audit trail of the exchange: one JSON line per step (a file sealed, uploaded,
//! downloaded, received; a receipt made or received) in `audit.jsonl` under the user's
//! state directory: when, which step, which file and its SHA-256, the peer state, the
//! outcome. It holds no personal data and no secret: no row, no problem text, no
//! reason, no credential.
//!
//! The file is only ever appended to (opened `O_APPEND`, private to the user); each
//! line is written whole under the exclusive lock of `audit.lock` (crate::lock), so
//! that two epct processes never interleave their lines, and synced to disk before the
//! step is reported done.

use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::error::ExchangeError;
use crate::country::Country;
use crate::lock::Lock;
use crate::trust::format_time;

/// The audit log's file name in the state directory.
pub const AUDIT_FILE: &str = "audit.jsonl";

/// The lock file that writers and readers of the log take.
const LOCK_FILE: &str = "audit.lock";

/// A step of the exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// A file sealed for a destination (`exchange send`).
    Seal,
    /// A sealed file put on the platform.
    Upload,
    /// A sealed file fetched from the platform.
    Download,
    /// A file opened and checked (`exchange receive`).
    Receive,
    /// A receipt signed for a file's sender.
    ReceiptMade,
    /// A receipt from a receiver read and checked (`exchange status`).
    ReceiptReceived,
}

impl Step {
    pub fn name(self) -> &'static str {
        match self {
            Step::Seal => "seal",
            Step::Upload => "upload",
            Step::Download => "download",
            Step::Receive => "receive",
            Step::ReceiptMade => "receipt-made",
            Step::ReceiptReceived => "receipt-received",
        }
    }
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// RFC 3339, UTC.
    pub time: String,
    pub step: Step,
    /// The exchanged file's name (for a receipt, the file it is about).
    pub file: String,
    /// SHA-256 of the file the step handled, hexadecimal, where known.
    pub sha256: Option<String>,
    /// The other state: the destination of a file sent, the sender of a file received.
    pub peer: Option<Country>,
    /// A word or two: `sealed`, `accepted`, `refused`, `forged`, ...
    pub outcome: String,
}

impl AuditEntry {
    /// An entry for a step done now.
    pub fn now(
        step: Step,
        file: &str,
        sha256: Option<&str>,
        peer: Option<Country>,
        outcome: &str,
    ) -> AuditEntry {
        AuditEntry {
            time: format_time(SystemTime::now()),
            step,
            file: file.to_owned(),
            sha256: sha256.map(str::to_owned),
            peer,
            outcome: outcome.to_owned(),
        }
    }
}

/// The audit log, open for appending.
pub struct AuditLog {
    file: File,
    path: PathBuf,
}

impl AuditLog {
    /// Opens (or starts) the log in `dir`, which is made private to the user if new.
    pub fn open(dir: &Path) -> Result<AuditLog, ExchangeError> {
        let path = dir.join(AUDIT_FILE);
        let io = |source| ExchangeError::Audit {
            path: path.clone(),
            source,
        };
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io)?;
        let new = !path.exists();
        let file = OpenOptions::new()
            .append(true)
            .create(true)
            .mode(0o600)
            .open(&path)
            .map_err(io)?;
        if new {
            File::open(dir).and_then(|d| d.sync_all()).map_err(io)?;
        }
        Ok(AuditLog { file, path })
    }

    /// Appends `entry` as one line, on disk before it returns.
    pub fn record(&mut self, entry: &AuditEntry) -> Result<(), ExchangeError> {
        let mut line = serde_json::to_vec(entry).expect("an audit entry serialises");
        line.push(b'\n');
        let io = |source: std::io::Error| ExchangeError::Audit {
            path: self.path.clone(),
            source,
        };
        let _lock = lock(&self.path)?;
        self.file
            .write_all(&line)
            .and_then(|()| self.file.sync_data())
            .map_err(io)
    }

    /// Every entry of the log in `dir`, oldest first; none when there is no log yet.
    pub fn read(dir: &Path) -> Result<Vec<AuditEntry>, ExchangeError> {
        let path = dir.join(AUDIT_FILE);
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(ExchangeError::Audit { path, source }),
        };
        let _lock = lock(&path)?;
        let mut entries = Vec::new();
        for (index, line) in BufReader::new(&file).lines().enumerate() {
            let line = line.map_err(|source| ExchangeError::Audit {
                path: path.clone(),
                source,
            })?;
            let entry = serde_json::from_str(&line).map_err(|_| ExchangeError::AuditDamaged {
                path: path.clone(),
                line: index as u64 + 1,
            })?;
            entries.push(entry);
        }
        Ok(entries)
    }
}

/// The lock beside the log at `log`, held while one line is written or the log is read.
fn lock(log: &Path) -> Result<Lock, ExchangeError> {
    let dir = log.parent().unwrap_or(Path::new("."));
    Lock::exclusive(&dir.join(LOCK_FILE), |_| {}).map_err(|e| ExchangeError::Audit {
        path: e.path,
        source: e.source,
    })
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn entry(file: &str) -> AuditEntry {
        AuditEntry::now(Step::Seal, file, Some("ab"), Some(Country::FR), "sealed")
    }

    #[test]
    fn entries_are_appended_and_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state/epct");
        assert!(AuditLog::read(&state).unwrap().is_empty());
        let mut log = AuditLog::open(&state).unwrap();
        log.record(&entry("a.p7m")).unwrap();
        drop(log);
        AuditLog::open(&state)
            .unwrap()
            .record(&entry("b.p7m"))
            .unwrap();
        let files: Vec<String> = (AuditLog::read(&state).unwrap().into_iter())
            .map(|e| e.file)
            .collect();
        assert_eq!(files, ["a.p7m", "b.p7m"]);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&state), 0o700);
        assert_eq!(mode(&state.join(AUDIT_FILE)), 0o600);
    }

    #[test]
    fn writers_at_once_never_interleave_their_lines() {
        let dir = tempfile::tempdir().unwrap();
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let dir = dir.path().to_owned();
                std::thread::spawn(move || {
                    let mut log = AuditLog::open(&dir).unwrap();
                    for i in 0..50 {
                        log.record(&entry(&format!("{t}-{i}-{}", "x".repeat(5000))))
                            .unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(AuditLog::read(dir.path()).unwrap().len(), 200);
    }

    #[test]
    fn a_damaged_log_is_reported_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        AuditLog::open(dir.path())
            .unwrap()
            .record(&entry("a.p7m"))
            .unwrap();
        let mut file = OpenOptions::new()
            .append(true)
            .open(dir.path().join(AUDIT_FILE))
            .unwrap();
        file.write_all(b"{\"time\":").unwrap();
        match AuditLog::read(dir.path()) {
            Err(ExchangeError::AuditDamaged { line: 2, .. }) => {}
            other => panic!("{other:?}"),
        }
    }
}
