//! A data file read twice (validated, then sealed) that must give the same bytes both
//! times.
//!
//! A regular file is read in place, each pass from its own offset of the one open file
//! (so a file renamed over it after the open does not count). Anything else (a FIFO, a
//! device, a socket) cannot be read twice: it is copied once into a private temporary
//! file (mode 0600, unnamed where the system allows it) in a directory of the caller's
//! choosing, and both passes read that copy. Every pass hashes what it reads;
//! [`TwoPassInput::check_same`] refuses the file when two passes differ, as when the
//! file was rewritten in place while it was read.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use sha2::{Digest, Sha256};

use super::DataError;

/// The file that the passes read, and the hashes of the passes so far.
pub struct TwoPassInput {
    file: Arc<File>,
    spooled: bool,
    passes: Vec<Arc<Mutex<Sha256>>>,
}

/// One reading of the file from its start, hashing what it gives.
pub struct Pass {
    file: Arc<File>,
    offset: u64,
    hash: Arc<Mutex<Sha256>>,
}

impl TwoPassInput {
    /// The input `file`, opened by the caller; when it is not a regular file, it is
    /// copied whole into a private temporary file in `spool_dir` first.
    pub fn new(mut file: File, spool_dir: &Path) -> Result<Self, DataError> {
        let regular = file.metadata().map_err(DataError::Read)?.is_file();
        if !regular {
            let spool_error = |source| DataError::Spool {
                dir: spool_dir.to_owned(),
                source,
            };
            let mut spool = tempfile::tempfile_in(spool_dir).map_err(spool_error)?;
            let mut buf = vec![0; 64 * 1024];
            loop {
                let n = match file.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(DataError::Read(e)),
                };
                spool.write_all(&buf[..n]).map_err(spool_error)?;
            }
            file = spool;
        }
        Ok(TwoPassInput {
            file: Arc::new(file),
            spooled: !regular,
            passes: Vec::new(),
        })
    }

    /// Whether the input was copied into a temporary file (it was not a regular file).
    pub fn is_spooled(&self) -> bool {
        self.spooled
    }

    /// A new reading of the whole file from its first byte.
    pub fn pass(&mut self) -> Pass {
        let hash = Arc::new(Mutex::new(Sha256::new()));
        self.passes.push(Arc::clone(&hash));
        Pass {
            file: Arc::clone(&self.file),
            offset: 0,
            hash,
        }
    }

    /// The file's size in bytes.
    pub fn size(&self) -> io::Result<u64> {
        Ok(self.file.metadata()?.len())
    }

    /// The file from its first byte for one more reading that nothing compares: not
    /// hashed, so as fast as reading the file itself.
    pub fn unchecked(&self) -> io::Result<File> {
        let mut file = self.file.try_clone()?;
        file.seek(SeekFrom::Start(0))?;
        Ok(file)
    }

    /// Refuses the file unless every pass so far read the same bytes. Call it once the
    /// passes have read to the end of the file, before anything made from them is kept.
    pub fn check_same(&self) -> Result<(), DataError> {
        let digest = |hash: &Arc<Mutex<Sha256>>| {
            hash.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone()
                .finalize()
        };
        let mut digests = self.passes.iter().map(digest);
        let Some(first) = digests.next() else {
            return Ok(());
        };
        if digests.all(|d| d == first) {
            Ok(())
        } else {
            Err(DataError::Changed)
        }
    }
}

impl Read for Pass {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read_at(buf, self.offset)?;
        self.hash
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .update(&buf[..n]);
        self.offset += n as u64;
        Ok(n)
    }
}

/// Where a spool file goes when the caller has no better place: the output's own
/// directory.
pub fn spool_dir_for(output: &Path) -> PathBuf {
    match output.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(mut pass: Pass) -> Vec<u8> {
        let mut bytes = Vec::new();
        pass.read_to_end(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn two_passes_over_an_unchanged_file_agree() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        std::fs::write(&path, b"a,b\n1,2\n").unwrap();
        let mut input = TwoPassInput::new(File::open(&path).unwrap(), dir.path()).unwrap();
        assert!(!input.is_spooled());
        let (first, second) = (input.pass(), input.pass());
        assert_eq!(read_all(first), b"a,b\n1,2\n");
        assert_eq!(read_all(second), b"a,b\n1,2\n");
        input.check_same().unwrap();
    }

    #[test]
    fn a_file_rewritten_between_the_passes_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        std::fs::write(&path, b"a,b\n1,2\n").unwrap();
        let mut input = TwoPassInput::new(File::open(&path).unwrap(), dir.path()).unwrap();
        read_all(input.pass());
        let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.write_all(b"a,b\n3").unwrap();
        assert_eq!(read_all(input.pass()), b"a,b\n3,2\n");
        assert!(matches!(input.check_same(), Err(DataError::Changed)));
    }

    #[test]
    fn a_pass_that_stops_early_differs_from_a_whole_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.csv");
        std::fs::write(&path, b"a,b\n1,2\n").unwrap();
        let mut input = TwoPassInput::new(File::open(&path).unwrap(), dir.path()).unwrap();
        read_all(input.pass());
        let mut partial = input.pass();
        partial.read_exact(&mut [0; 3]).unwrap();
        assert!(matches!(input.check_same(), Err(DataError::Changed)));
    }

    #[test]
    fn a_pipe_is_copied_once_and_read_twice() {
        let dir = tempfile::tempdir().unwrap();
        let (reader, mut writer) = io::pipe().unwrap();
        writer.write_all(b"x,y\n").unwrap();
        drop(writer);
        let fd = std::os::fd::OwnedFd::from(reader);
        let path = PathBuf::from(format!(
            "/proc/self/fd/{}",
            std::os::fd::AsRawFd::as_raw_fd(&fd)
        ));
        let mut input = TwoPassInput::new(File::open(&path).unwrap(), dir.path()).unwrap();
        assert!(input.is_spooled());
        assert_eq!(read_all(input.pass()), b"x,y\n");
        assert_eq!(read_all(input.pass()), b"x,y\n");
        input.check_same().unwrap();
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the copy has no name"
        );
    }
}
