//! The ledger of received files: the SHA-256 of every file that `exchange receive` took,
//! one JSON line each in `received.jsonl` under the user's state directory, so that the
//! same file is never taken twice, whatever name or date it comes under (a replay).
//!
//! Each entry is synced to disk before the next file is looked at. A damaged ledger
//! stops the receive: without it, a replay would pass. An open ledger holds the lock
//! `received.lock` beside it, so that a second receive on the same state directory
//! waits until the first is done instead of taking the same file again
//! (docs/threat-model.md, "Locked stores").

use std::collections::HashMap;
use std::fs::{DirBuilder, File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::error::ExchangeError;
use crate::lock::Lock;

const FILE: &str = "received.jsonl";
const LOCK_FILE: &str = "received.lock";

/// One file taken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// SHA-256 of the sealed file as it arrived, hexadecimal.
    pub sha256: String,
    /// The name it arrived under.
    pub file: String,
    /// The state its name gave as the sender.
    pub sender: String,
    /// When it was taken, RFC 3339.
    pub received_at: String,
}

/// The ledger, open for reading and appending, and locked until dropped.
pub struct Ledger {
    file: File,
    path: PathBuf,
    taken: HashMap<String, LedgerEntry>,
    _lock: Lock,
}

impl Ledger {
    /// Opens (or starts) the ledger in `dir`, made private to the user if new, once it
    /// holds the ledger's lock; when another run holds it, `waiting` is called with the
    /// lock file's path and the call blocks until it is free.
    pub fn open(dir: &Path, waiting: impl FnOnce(&Path)) -> Result<Ledger, ExchangeError> {
        let path = dir.join(FILE);
        let io = |source| ExchangeError::Ledger {
            path: path.clone(),
            source,
        };
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io)?;
        let lock = Lock::exclusive(&dir.join(LOCK_FILE), waiting)?;
        let new = !path.exists();
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .mode(0o600)
            .open(&path)
            .map_err(io)?;
        if new {
            File::open(dir).and_then(|d| d.sync_all()).map_err(io)?;
        }
        let mut taken = HashMap::new();
        for (index, line) in BufReader::new(&file).lines().enumerate() {
            let entry: LedgerEntry = line.map_err(io).and_then(|l| {
                serde_json::from_str(&l).map_err(|_| ExchangeError::LedgerDamaged {
                    path: path.clone(),
                    line: index as u64 + 1,
                })
            })?;
            taken.insert(entry.sha256.clone(), entry);
        }
        Ok(Ledger {
            file,
            path,
            taken,
            _lock: lock,
        })
    }

    /// The entry of a file with this SHA-256, if one was taken.
    pub fn find(&self, sha256: &str) -> Option<&LedgerEntry> {
        self.taken.get(sha256)
    }

    /// Notes a file as taken, on disk before it returns.
    pub fn record(&mut self, sha256: &str, file: &str, sender: &str) -> Result<(), ExchangeError> {
        let entry = LedgerEntry {
            sha256: sha256.to_owned(),
            file: file.to_owned(),
            sender: sender.to_owned(),
            received_at: der::DateTime::from_system_time(SystemTime::now())
                .map(|t| t.to_string())
                .unwrap_or_default(),
        };
        let mut line = serde_json::to_vec(&entry).expect("an entry serialises");
        line.push(b'\n');
        (self.file.write_all(&line))
            .and_then(|()| self.file.sync_data())
            .map_err(|source| ExchangeError::Ledger {
                path: self.path.clone(),
                source,
            })?;
        self.taken.insert(entry.sha256.clone(), entry);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_recorded_file_is_found_again_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state/epct");
        let mut ledger = Ledger::open(&state, |_| {}).unwrap();
        assert!(ledger.find("ab").is_none());
        ledger
            .record("ab", "BE-to-FR-2026-11-25-voters.p7m", "BE")
            .unwrap();
        assert_eq!(ledger.find("ab").unwrap().sender, "BE");
        drop(ledger);
        let ledger = Ledger::open(&state, |_| {}).unwrap();
        let entry = ledger.find("ab").unwrap();
        assert_eq!(entry.file, "BE-to-FR-2026-11-25-voters.p7m");
        assert!(entry.received_at.ends_with('Z'), "{}", entry.received_at);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&state), 0o700);
        assert_eq!(mode(&state.join(FILE)), 0o600);
    }

    #[test]
    fn a_second_open_waits_for_the_first_and_then_sees_what_it_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = Ledger::open(dir.path(), |_| panic!("nobody holds it")).unwrap();
        let (told, heard) = std::sync::mpsc::channel();
        let second = {
            let dir = dir.path().to_owned();
            std::thread::spawn(move || {
                let ledger = Ledger::open(&dir, |lock| told.send(lock.to_owned()).unwrap());
                ledger.unwrap().find("ab").cloned()
            })
        };
        assert_eq!(heard.recv().unwrap(), dir.path().join(LOCK_FILE));
        first.record("ab", "x.p7m", "BE").unwrap();
        drop(first);
        assert_eq!(second.join().unwrap().unwrap().sender, "BE");
    }

    #[test]
    fn a_damaged_ledger_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(dir.path(), |_| {}).unwrap();
        ledger.record("ab", "x.p7m", "BE").unwrap();
        drop(ledger);
        let mut file = OpenOptions::new()
            .append(true)
            .open(dir.path().join(FILE))
            .unwrap();
        file.write_all(b"{\"sha256\": \"cd\"").unwrap();
        match Ledger::open(dir.path(), |_| {}) {
            Err(ExchangeError::LedgerDamaged { line: 2, .. }) => {}
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("a damaged ledger opened"),
        }
    }
}
