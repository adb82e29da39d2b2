//! Output files that appear whole or not at all: written to a temporary file beside the
//! destination and renamed over it only when complete. Dropping an uncommitted output
//! removes the temporary file, so a failure leaves nothing behind.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::Error;

/// A file being written to its final place.
pub struct OutputFile {
    temp: NamedTempFile,
    path: PathBuf,
    force: bool,
}

impl OutputFile {
    /// Starts writing `path`; refuses an existing file unless `force`.
    pub fn create(path: &Path, force: bool) -> Result<Self, Error> {
        if !force && path.exists() {
            return Err(Error::OutputExists {
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
            .map_err(|source| Error::Write {
                path: path.to_owned(),
                source,
            })?;
        Ok(OutputFile {
            temp,
            path: path.to_owned(),
            force,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the content is until it is committed (to read it back before that).
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    /// Moves the file into place. It is not forced to disk first (no fsync), as other
    /// tools do not either: a many-GiB fsync would cost more than the whole job.
    pub fn commit(mut self) -> Result<(), Error> {
        self.temp.flush().map_err(|source| Error::Write {
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
                Error::OutputExists {
                    path: self.path.clone(),
                }
            } else {
                Error::Write {
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
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), Error> {
    let mut out = OutputFile::create(path, force)?;
    out.write_all(bytes).map_err(|source| Error::Write {
        path: path.to_owned(),
        source,
    })?;
    out.commit()
}
