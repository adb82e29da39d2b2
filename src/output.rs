//! Output files that appear whole or not at all: written to a temporary file beside the
//! destination and renamed over it only when complete. Dropping an uncommitted output
//! removes the temporary file, so a failure leaves nothing behind. And the JSON that
//! epct prints or writes, with no raw character that a terminal would obey.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::ErrorKind;

/// Whether a terminal shown `c` raw could move the cursor, end a line or reorder what it
/// shows: the C0 and C1 controls and DEL, and the bidirectional formatting characters.
pub fn unsafe_in_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `value` as pretty JSON. serde_json escapes the C0 controls but writes DEL, the C1
/// controls and the bidirectional formatting characters raw; in its output they can only
/// be inside strings, where `\uXXXX` says the same, so they are written so.
pub fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string_pretty(value).expect("epct's reports serialise to JSON");
    let raw = |c: char| unsafe_in_terminal(c) && c >= '\u{7f}';
    if !json.chars().any(raw) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if raw(c) {
            out += &format!("\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_never_carries_a_raw_control_character() {
        let value = serde_json::json!({ "name": "a\nb\u{1b}c\u{7f}d\u{9b}e\u{202e}f" });
        let json = to_json(&value);
        assert!(
            !json.chars().any(|c| unsafe_in_terminal(c) && c != '\n'),
            "{json}"
        );
        assert_eq!(json.lines().count(), 3, "pretty JSON keeps its lines");
        assert!(json.contains(r"\u007fd\u009be\u202ef"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value);
    }
}
