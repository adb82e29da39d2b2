//! Making a written file survive a power cut: its content is forced to disk before it
//! gets its name, and the directory after, so that the name and the content arrive
//! together (ext4, XFS and Btrfs alike promise nothing less).

use std::fs::File;
use std::io;
use std::path::Path;

/// Forces the directory `dir` (the entry just linked or renamed in it) to disk.
pub(super) fn sync_directory(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}
