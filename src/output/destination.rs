//! What may be written over: an absent path, or a regular file with `--force`. A
//! directory, a device, a FIFO, a socket or a symbolic link is refused whatever the
//! options, so that `--force` can never replace one with a file.

use std::fs::{self, FileType};
use std::io;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;

use super::OutputError;

/// Refuses `path` unless it is absent, or a regular file and `force`.
pub(super) fn check(path: &Path, force: bool) -> Result<(), OutputError> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(OutputError::Write {
            path: path.to_owned(),
            source,
        }),
        Ok(meta) if meta.file_type().is_file() => match force {
            true => Ok(()),
            false => Err(OutputError::Exists {
                path: path.to_owned(),
            }),
        },
        Ok(meta) => Err(OutputError::NotRegular {
            path: path.to_owned(),
            what: describe(meta.file_type()),
        }),
    }
}

/// The directory `path` is written in.
pub(super) fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

fn describe(kind: FileType) -> &'static str {
    if kind.is_dir() {
        "a directory"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absent_paths_and_regular_files_may_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        fs::write(&file, b"x").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(check(&dir.path().join("absent"), false).is_ok());
        assert!(check(&file, true).is_ok());
        assert!(matches!(
            check(&file, false),
            Err(OutputError::Exists { .. })
        ));
        for (path, what) in [
            (dir.path(), "a directory"),
            (link.as_path(), "a symbolic link"),
            (Path::new("/dev/null"), "a device"),
        ] {
            match check(path, true) {
                Err(OutputError::NotRegular { what: found, .. }) => assert_eq!(found, what),
                other => panic!("{} accepted: {other:?}", path.display()),
            }
        }
    }

    #[test]
    fn a_bare_file_name_is_written_in_the_current_directory() {
        assert_eq!(parent(Path::new("out.p7m")), Path::new("."));
        assert_eq!(parent(Path::new("dir/out.p7m")), Path::new("dir"));
    }
}
