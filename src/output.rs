//! Output files that appear whole or not at all: written to a temporary file beside the
//! destination and renamed over it only when complete. Dropping an uncommitted output
//! removes the temporary file, so a failure leaves nothing behind.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::ErrorKind;

/// Why an output file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{path} exists already; use --force to replace it")]
    Exists { path: PathBuf },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

impl OutputError {
    /// Neither is a mistake of the command line: exit 1.
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::Other
    }
}

/// A file being written to its final place.
pub struct OutputFile {
    temp: NamedTempFile,
    path: PathBuf,
    force: bool,
}

impl OutputFile {
    /// Starts writing `path`; refuses an existing file unless `force`.
    pub fn create(path: &Path, force: bool) -> Result<Self, OutputError> {
        if !force && path.exists() {
            return Err(OutputError::Exists {
                path: path.to_owned(),
            });
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(|source| OutputError::Write {
                path: path.to_owned(),
                source,
            })?;
        Ok(OutputFile {
            temp,
            path: path.to_owned(),
            force,
        })
    }

    /// Where the content is until it is committed (to read it back before that).
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    /// Moves the file into place. It is not forced to disk first (no fsync), as other
    /// tools do not either: a many-GiB fsync would cost more than the whole job.
    pub fn commit(mut self) -> Result<(), OutputError> {
        self.temp.flush().map_err(|source| OutputError::Write {
            path: self.path.clone(),
            source,
        })?;
        let result = if self.force {
            self.temp.persist(&self.path).map(|_| ())
        } else {
            self.temp.persist_noclobber(&self.path).map(|_| ())
        };
        result.map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                OutputError::Exists {
                    path: self.path.clone(),
                }
            } else {
                OutputError::Write {
                    path: self.path.clone(),
                    source: e.error,
                }
            }
        })
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

/// Writes `bytes` to `path` whole, refusing to replace a file unless `force`.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), OutputError> {
    let mut out = OutputFile::create(path, force)?;
    out.write_all(bytes).map_err(|source| OutputError::Write {
        path: path.to_owned(),
        source,
    })?;
    out.commit()
}
