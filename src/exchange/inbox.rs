//! The entries of an inbox, each accounted for: the sealed files to receive (`.p7m` in
//! any letter case, regular files or links to one inside the inbox), and every other
//! entry with the reason it is skipped. A link that leads outside the inbox is never
//! followed, and nothing that is not a regular file is opened (a FIFO would block).

use std::fmt;
use std::fs::{self, FileType};
use std::io;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::error::ExchangeError;

/// What an inbox holds.
#[derive(Debug, Default)]
pub(crate) struct Inbox {
    /// The sealed files, sorted by name.
    pub sealed: Vec<PathBuf>,
    /// Every other entry, sorted by name.
    pub skipped: Vec<SkippedEntry>,
}

/// An entry of the inbox that was not received, and why.
#[derive(Clone, Debug, Serialize)]
pub struct SkippedEntry {
    pub entry: String,
    pub reason: SkipReason,
}

/// Why an entry was not received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SkipReason {
    /// A regular file whose name does not end in `.p7m`.
    NotSealed,
    /// A directory, FIFO, device or socket (or a link inside the inbox to one).
    NotAFile { kind: &'static str, linked: bool },
    /// A symbolic link to nothing.
    Dangling,
    /// A symbolic link that leads outside the inbox: not followed.
    LeadsOutside { target: String },
    /// An entry that could not be examined.
    Unreadable { error: String },
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::NotSealed => write!(f, "not a sealed file (its name does not end in .p7m)"),
            SkipReason::NotAFile {
                kind,
                linked: false,
            } => write!(f, "not a regular file: {kind}"),
            SkipReason::NotAFile { kind, linked: true } => {
                write!(f, "a symbolic link to {kind}, not to a regular file")
            }
            SkipReason::Dangling => write!(f, "a symbolic link that leads to nothing"),
            SkipReason::LeadsOutside { target } => write!(
                f,
                "a symbolic link that leads outside the inbox (to {target}): not followed"
            ),
            SkipReason::Unreadable { error } => write!(f, "cannot be examined: {error}"),
        }
    }
}

impl Serialize for SkipReason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Lists `dir`: every entry is either a sealed file to receive or skipped with its
/// reason.
pub(crate) fn list(dir: &Path) -> Result<Inbox, ExchangeError> {
    let read_error = |source| ExchangeError::Read {
        path: dir.to_owned(),
        source,
    };
    let root = dir.canonicalize().map_err(read_error)?;
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(read_error)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(read_error)?;
    entries.sort();
    let mut inbox = Inbox::default();
    for path in entries {
        match classify(&path, &root) {
            Ok(()) => inbox.sealed.push(path),
            Err(reason) => inbox.skipped.push(SkippedEntry {
                entry: path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                reason,
            }),
        }
    }
    Ok(inbox)
}

/// `Ok` for a sealed file to receive, else why the entry at `path` is skipped.
fn classify(path: &Path, root: &Path) -> Result<(), SkipReason> {
    let unreadable = |e: io::Error| SkipReason::Unreadable {
        error: e.to_string(),
    };
    let own = fs::symlink_metadata(path).map_err(unreadable)?.file_type();
    let linked = own.is_symlink();
    let kind = if linked {
        let target = match path.canonicalize() {
            Ok(target) => target,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(SkipReason::Dangling),
            Err(e) => return Err(unreadable(e)),
        };
        if !target.starts_with(root) {
            return Err(SkipReason::LeadsOutside {
                target: target.display().to_string(),
            });
        }
        fs::metadata(&target).map_err(unreadable)?.file_type()
    } else {
        own
    };
    if !kind.is_file() {
        return Err(SkipReason::NotAFile {
            kind: kind_name(kind),
            linked,
        });
    }
    if is_sealed_name(path) {
        Ok(())
    } else {
        Err(SkipReason::NotSealed)
    }
}

/// Whether the name ends in `.p7m`, in any letter case.
fn is_sealed_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("p7m"))
}

fn kind_name(kind: FileType) -> &'static str {
    if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "an entry of unknown type"
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    fn reasons(dir: &Path) -> Vec<(String, SkipReason)> {
        list(dir)
            .unwrap()
            .skipped
            .into_iter()
            .map(|s| (s.entry, s.reason))
            .collect()
    }

    #[test]
    fn sealed_files_are_found_in_any_letter_case() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.p7m", "b.P7M", "c.P7m"] {
            fs::write(dir.path().join(name), b"").unwrap();
        }
        let inbox = list(dir.path()).unwrap();
        assert_eq!(inbox.sealed.len(), 3);
        assert!(inbox.skipped.is_empty());
    }

    #[test]
    fn every_other_entry_is_skipped_with_its_reason() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("notes.txt"), b"").unwrap();
        fs::create_dir(d.join("sub.p7m")).unwrap();
        symlink("/dev/null", d.join("null.p7m")).unwrap();
        symlink(d.join("gone.p7m"), d.join("dangling.p7m")).unwrap();
        fs::write(outside.path().join("x.p7m"), b"").unwrap();
        symlink(outside.path().join("x.p7m"), d.join("out.p7m")).unwrap();
        fs::write(d.join("real.p7m"), b"").unwrap();
        symlink(d.join("real.p7m"), d.join("inside.p7m")).unwrap();
        symlink(d.join("sub.p7m"), d.join("to-dir.p7m")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(d.join("pipe.p7m"))
            .status()
            .unwrap();
        assert!(made.success());
        let inbox = list(d).unwrap();
        assert_eq!(inbox.sealed, [d.join("inside.p7m"), d.join("real.p7m")]);
        let outside_target = outside.path().canonicalize().unwrap().join("x.p7m");
        assert_eq!(
            reasons(d),
            [
                ("dangling.p7m".into(), SkipReason::Dangling),
                ("notes.txt".into(), SkipReason::NotSealed),
                (
                    "null.p7m".into(),
                    SkipReason::LeadsOutside {
                        target: "/dev/null".into()
                    }
                ),
                (
                    "out.p7m".into(),
                    SkipReason::LeadsOutside {
                        target: outside_target.display().to_string()
                    }
                ),
                (
                    "pipe.p7m".into(),
                    SkipReason::NotAFile {
                        kind: "a FIFO (named pipe)",
                        linked: false
                    }
                ),
                (
                    "sub.p7m".into(),
                    SkipReason::NotAFile {
                        kind: "a directory",
                        linked: false
                    }
                ),
                (
                    "to-dir.p7m".into(),
                    SkipReason::NotAFile {
                        kind: "a directory",
                        linked: true
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_loop_of_links_is_skipped_as_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        symlink("b.p7m", dir.path().join("a.p7m")).unwrap();
        symlink("a.p7m", dir.path().join("b.p7m")).unwrap();
        let skipped = reasons(dir.path());
        assert_eq!(skipped.len(), 2);
        assert!(matches!(skipped[0].1, SkipReason::Unreadable { .. }));
    }
}
