//! Exclusive locks on the stores that epct changes (the trust store, the partner
//! directory, the ledger of received files, the implicit-rejection secrets), so that two
//! runs at once never interleave a read and the write that depends on it
//! (docs/threat-model.md, "Locked stores").
//!
//! A lock is `flock(2)` on a lock file beside what it guards: the kernel releases it
//! when the process ends, however it ends, so a killed run never leaves a store locked.
//! (std's `File::lock` would do the same from Rust 1.89; epct builds with 1.88.) The
//! library never prints: a caller that wants to say that it waits passes `waiting`,
//! called once, before blocking, when another process holds the lock.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::ErrorKind;

/// A lock file could not be opened or locked.
#[derive(Debug, thiserror::Error)]
#[error("cannot lock {path}: {source}")]
pub struct LockError {
    pub path: PathBuf,
    pub source: io::Error,
}

impl LockError {
    /// A file-system failure: exit 1.
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::Other
    }
}

/// An exclusive lock, held until dropped.
#[derive(Debug)]
pub struct Lock {
    /// Closing the file releases the lock.
    _file: File,
}

impl Lock {
    /// Takes the exclusive lock on `path`, made (mode 0600) if missing, in a directory
    /// that must exist. When another process holds it, `waiting` is called with `path`
    /// and the call blocks until that process lets it go.
    pub fn exclusive(path: &Path, waiting: impl FnOnce(&Path)) -> Result<Lock, LockError> {
        let error = |source| LockError {
            path: path.to_owned(),
            source,
        };
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)
            .map_err(error)?;
        match flock(&file, libc::LOCK_EX | libc::LOCK_NB) {
            Ok(()) => return Ok(Lock { _file: file }),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => waiting(path),
            Err(e) => return Err(error(e)),
        }
        flock(&file, libc::LOCK_EX).map_err(error)?;
        Ok(Lock { _file: file })
    }
}

/// `flock(2)` on `file`, retried when a signal interrupts it.
fn flock(file: &File, operation: libc::c_int) -> io::Result<()> {
    loop {
        // SAFETY: flock only reads the descriptor number, which `file` keeps open.
        #[allow(
            unsafe_code,
            reason = "flock(2) has no safe wrapper in std before 1.89"
        )]
        let result = unsafe { libc::flock(file.as_raw_fd(), operation) };
        if result == 0 {
            return Ok(());
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_second_holder_is_told_and_waits_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".lock");
        let first = Lock::exclusive(&path, |_| panic!("nobody holds it yet")).unwrap();
        let (told, heard) = mpsc::channel();
        let (taken, got) = mpsc::channel();
        let second = {
            let path = path.clone();
            std::thread::spawn(move || {
                let lock = Lock::exclusive(&path, |p| told.send(p.to_owned()).unwrap()).unwrap();
                taken.send(()).unwrap();
                drop(lock);
            })
        };
        assert_eq!(heard.recv().unwrap(), path);
        assert!(got.recv_timeout(Duration::from_millis(200)).is_err());
        drop(first);
        got.recv_timeout(Duration::from_secs(10)).unwrap();
        second.join().unwrap();
        Lock::exclusive(&path, |_| panic!("released when dropped")).unwrap();
    }

    #[test]
    fn a_lock_in_a_missing_directory_says_which() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent/.lock");
        let error = Lock::exclusive(&path, |_| {}).unwrap_err();
        assert_eq!(error.path, path);
    }
}
