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
