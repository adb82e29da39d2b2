//! Unnamed files (Linux `O_TMPFILE`): the content is written to an inode in the
//! destination's directory that has no name at all, and gets one only at commit. Until
//! then no interruption, not even SIGKILL or a power cut, can leave it behind: the kernel
//! frees a nameless inode when its last descriptor closes, and after a crash fsck does.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use rustix::fs::{AtFlags, CWD, Mode, OFlags};
use rustix::io::Errno;

use super::cleanup;

/// An unnamed file in `dir`, mode 0600; `None` where the file system has none
/// (`EOPNOTSUPP`; `EISDIR` or `EINVAL` from kernels or file systems that do not know the
/// flag).
pub(super) fn create(dir: &Path) -> io::Result<Option<File>> {
    let flags = OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC;
    match rustix::fs::openat(CWD, dir, flags, Mode::from_raw_mode(0o600)) {
        Ok(fd) => Ok(Some(File::from(fd))),
        Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Gives `file` the name `to`; fails with `AlreadyExists` if `to` exists.
pub(super) fn link(file: &File, to: &Path) -> io::Result<()> {
    // The kernel names an unnamed file through its /proc link (AT_SYMLINK_FOLLOW);
    // AT_EMPTY_PATH on the descriptor itself needs CAP_DAC_READ_SEARCH, and is the way
    // where /proc is not mounted.
    let proc_link = format!("/proc/self/fd/{}", file.as_raw_fd());
    match rustix::fs::linkat(CWD, &proc_link, CWD, to, AtFlags::SYMLINK_FOLLOW) {
        Err(Errno::NOENT) if !Path::new("/proc/self/fd").exists() => {
            rustix::fs::linkat(file, "", CWD, to, AtFlags::EMPTY_PATH)?
        }
        result => result?,
    }
    Ok(())
}

/// Puts `file` in the place of `to` in one step: linked to a fresh hidden name beside
/// it, then renamed over it (rename replaces atomically, link cannot). The hidden name
/// exists only between the two calls; SIGINT, SIGTERM or SIGHUP then removes it.
pub(super) fn replace(file: &File, to: &Path) -> io::Result<()> {
    let (temp, _guard) = loop {
        let temp = hidden_name(to);
        match link(file, &temp) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            result => result?,
        }
        let guard = cleanup::register(&temp);
        break (temp, guard);
    };
    std::fs::rename(&temp, to).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// `.NAME.XXXXXXXXXXXXXXXX.part` beside `to`.
fn hidden_name(to: &Path) -> PathBuf {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).expect("the system random generator works");
    let name = to
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    to.with_file_name(format!(".{name}.{}.part", hex::encode(random)))
}
