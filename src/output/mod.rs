//! Output files that appear whole or not at all. On Linux the content is written to an
//! unnamed file in the destination's directory (`unnamed`) that is linked into place only
//! at commit, so no interruption, not even SIGKILL or a power cut, leaves anything
//! behind; where the file system has no unnamed files, to a hidden named file that a
//! dropped output removes and that SIGINT, SIGTERM and SIGHUP remove too (`cleanup`).
//! Only absent paths and, with `--force`, regular files are written (`destination`).
//! Small state ([`write_file`], [`OutputFile::synced`]) is forced to disk with its
//! directory before it counts as written (`durable`); large outputs are when
//! [`sync_large_outputs`] says so. And the JSON that epct prints or writes (`json`).

mod cleanup;
mod destination;
mod durable;
mod json;
mod unnamed;

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use tempfile::TempPath;

pub use json::{to_json, unsafe_in_terminal};

use crate::ErrorKind;

/// Why an output file could not be written. Every message names the destination, never
/// a temporary file.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path} exists already; use --force to replace it")]
    Exists { path: PathBuf },
    #[error("{path} is {what}, not a regular file; give the path of a file to write")]
    NotRegular { path: PathBuf, what: &'static str },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error(
        "cannot write {path}: its file system has no unnamed files, and no more temporary \
         files can be guarded against interruption; write fewer outputs at once"
    )]
    Unguarded { path: PathBuf },
}

impl OutputError {
    /// None is a mistake of the command line: exit 1.
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::Other
    }

    /// `error`, met writing `path`: the [`OutputError`] it carries if it came from an
    /// [`OutputFile`] (which names its destination already), else a [`Self::Write`].
    pub fn writing(path: &Path, error: io::Error) -> OutputError {
        if error
            .get_ref()
            .is_some_and(|inner| inner.is::<OutputError>())
        {
            let inner = error.into_inner().expect("checked to hold an error");
            return *inner.downcast().expect("checked to be an OutputError");
        }
        OutputError::Write {
            path: path.to_owned(),
            source: error,
        }
    }
}

static SYNC_LARGE_OUTPUTS: AtomicBool = AtomicBool::new(false);

/// Whether every output, large ones too, is forced to disk before it counts as written
/// (the command line's `--sync`); small state always is. Off by default: see
/// docs/architecture.md, "How outputs appear", for the measured cost.
pub fn sync_large_outputs(sync: bool) {
    SYNC_LARGE_OUTPUTS.store(sync, Ordering::Relaxed);
}

/// A file being written to its final place.
pub struct OutputFile {
    file: File,
    temp: Temp,
    path: PathBuf,
    force: bool,
    sync: bool,
}

/// Where the content is until commit.
enum Temp {
    /// An unnamed file: `file` is all there is.
    Unnamed,
    /// A named hidden file, removed when dropped (`_guard` after `path`: the file goes
    /// before its registration does).
    Named {
        path: TempPath,
        _guard: cleanup::Registration,
    },
}

impl OutputFile {
    /// Starts writing `path`; refuses an existing file unless `force`, and anything that
    /// is not a regular file whatever `force`.
    pub fn create(path: &Path, force: bool) -> Result<Self, OutputError> {
        destination::check(path, force)?;
        let dir = destination::parent(path);
        let write_error = |source| OutputError::Write {
            path: path.to_owned(),
            source,
        };
        let (file, temp) = match unnamed::create(dir).map_err(write_error)? {
            Some(file) => (file, Temp::Unnamed),
            None => create_named(path, dir)?,
        };
        Ok(OutputFile {
            file,
            temp,
            path: path.to_owned(),
            force,
            sync: SYNC_LARGE_OUTPUTS.load(Ordering::Relaxed),
        })
    }

    /// This output is state that must survive a power cut once written: it is forced
    /// to disk, with its directory, at commit.
    pub fn synced(mut self) -> Self {
        self.sync = true;
        self
    }

    /// The content written so far, to read back before commit (the writer is not
    /// disturbed: the reader keeps its own position).
    pub fn read_back(&self) -> Result<ReadBack, OutputError> {
        Ok(ReadBack {
            file: self.file.try_clone().map_err(|source| OutputError::Write {
                path: self.path.clone(),
                source,
            })?,
            at: 0,
        })
    }

    /// Moves the file into place: forced to disk first when synced, then linked (or
    /// renamed over the old file with `force`), then the directory forced to disk.
    pub fn commit(self) -> Result<(), OutputError> {
        let write_error = |source| OutputError::Write {
            path: self.path.clone(),
            source,
        };
        if self.sync {
            self.file.sync_all().map_err(write_error)?;
        }
        destination::check(&self.path, self.force)?;
        let placed = match self.temp {
            Temp::Unnamed if self.force => unnamed::replace(&self.file, &self.path),
            Temp::Unnamed => unnamed::link(&self.file, &self.path),
            Temp::Named { path, _guard } => match self.force {
                true => path.persist(&self.path).map_err(|e| e.error),
                false => path.persist_noclobber(&self.path).map_err(|e| e.error),
            },
        };
        placed.map_err(|source| match source.kind() {
            io::ErrorKind::AlreadyExists => OutputError::Exists {
                path: self.path.clone(),
            },
            _ => write_error(source),
        })?;
        if self.sync {
            durable::sync_directory(destination::parent(&self.path)).map_err(write_error)?;
        }
        Ok(())
    }

    /// `error` as one that names the destination, of the same kind.
    fn naming(&self, error: io::Error) -> io::Error {
        io::Error::new(
            error.kind(),
            OutputError::Write {
                path: self.path.clone(),
                source: error,
            },
        )
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf).map_err(|e| self.naming(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush().map_err(|e| self.naming(e))
    }
}

/// A reader of an [`OutputFile`]'s content before commit.
pub struct ReadBack {
    file: File,
    at: u64,
}

impl Read for ReadBack {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read_at(buf, self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

/// The fallback: `.NAME.XXXXXX.part` in `dir`, mode 0600, registered for removal on
/// SIGINT, SIGTERM and SIGHUP.
fn create_named(path: &Path, dir: &Path) -> Result<(File, Temp), OutputError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (file, temp) = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|source| OutputError::Write {
            path: path.to_owned(),
            source,
        })?
        .into_parts();
    let guard = cleanup::register(&temp).ok_or_else(|| OutputError::Unguarded {
        path: path.to_owned(),
    })?;
    Ok((
        file,
        Temp::Named {
            path: temp,
            _guard: guard,
        },
    ))
}

/// Writes `bytes` to `path` whole and forces it to disk with its directory, refusing to
/// replace a file unless `force`: for state (trust store, partner directory, manifests,
/// reports, receipts).
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), OutputError> {
    let mut out = OutputFile::create(path, force)?.synced();
    out.write_all(bytes)
        .map_err(|e| OutputError::writing(path, e))?;
    out.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};

    /// Set in the child process that holds a named output until a signal ends it.
    const CHILD_DIR: &str = "EPCT_TEST_NAMED_OUTPUT_DIR";
    const THIS_TEST: &str = "output::tests::a_signal_removes_the_named_fallback_file";

    /// The fallback for file systems without unnamed files, in a real process: this
    /// test runs itself again as a child that writes a named output and waits; SIGINT,
    /// SIGTERM and SIGHUP each end the child by that signal with the file removed.
    #[test]
    fn a_signal_removes_the_named_fallback_file() {
        if let Some(dir) = std::env::var_os(CHILD_DIR) {
            let dir = Path::new(&dir);
            let (mut file, _temp) = create_named(&dir.join("out.bin"), dir).unwrap();
            file.write_all(b"unverified plaintext").unwrap();
            println!("ready");
            std::thread::sleep(std::time::Duration::from_secs(60));
            panic!("no signal came");
        }
        for (name, number) in [
            ("INT", libc::SIGINT),
            ("TERM", libc::SIGTERM),
            ("HUP", libc::SIGHUP),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let mut child = Command::new("env")
                .arg("--default-signal=INT,TERM,HUP")
                .arg(std::env::current_exe().unwrap())
                .args(["--exact", THIS_TEST, "--nocapture", "--test-threads=1"])
                .env(CHILD_DIR, dir.path())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            let stdout = BufReader::new(child.stdout.take().unwrap());
            let ready = stdout
                .lines()
                .map(Result::unwrap)
                .any(|l| l.ends_with("ready"));
            assert!(ready, "the child wrote its output");
            let left = |dir: &Path| std::fs::read_dir(dir).unwrap().count();
            assert_eq!(left(dir.path()), 1, "the named file exists meanwhile");
            let sent = Command::new("kill")
                .args(["-s", name, &child.id().to_string()])
                .status()
                .unwrap();
            assert!(sent.success());
            let status = child.wait().unwrap();
            assert_eq!(status.signal(), Some(number), "SIG{name}: {status}");
            assert_eq!(left(dir.path()), 0, "SIG{name} left the named file");
        }
    }

    #[test]
    fn content_is_read_back_before_commit_without_moving_the_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.bin");
        let mut out = OutputFile::create(&path, false).unwrap();
        out.write_all(b"first ").unwrap();
        let mut read = String::new();
        out.read_back().unwrap().read_to_string(&mut read).unwrap();
        assert_eq!(read, "first ");
        out.write_all(b"second").unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        out.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first second");
    }

    #[test]
    fn force_replaces_a_file_in_one_step_and_leaves_no_hidden_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        write_file(&path, b"old", false).unwrap();
        assert!(matches!(
            write_file(&path, b"new", false),
            Err(OutputError::Exists { .. })
        ));
        write_file(&path, b"new", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_error_from_an_output_file_is_not_wrapped_again() {
        let inner = OutputError::Write {
            path: PathBuf::from("out.p7m"),
            source: io::Error::from_raw_os_error(libc::ENOSPC),
        };
        let carried = io::Error::new(io::ErrorKind::StorageFull, inner);
        let again = OutputError::writing(Path::new("out.p7m"), carried);
        assert_eq!(
            again.to_string(),
            "cannot write out.p7m: No space left on device (os error 28)"
        );
    }
}
