//! Files read whole, never larger than a named limit: a path may name `/dev/zero`, a
//! FIFO or a file that grows, and a read without a bound would take all memory
//! (docs/threat-model.md, "Bounded reads"). Every whole-file read of outside input goes
//! through [`read_bounded`] with one of the limits here.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::ErrorKind;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

/// The most bytes read from one kind of input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// What is read, in the plural: "certificate files".
    pub what: &'static str,
    pub bytes: u64,
}

/// A certificate file (PEM or DER, a chain in one PEM file).
pub const CERTIFICATE: Limit = Limit {
    what: "certificate files",
    bytes: MIB,
};
/// A trusted list (the largest national lists are about 10 MiB).
pub const TRUSTED_LIST: Limit = Limit {
    what: "trusted lists",
    bytes: 64 * MIB,
};
/// A CRL file (the largest public CRLs are tens of MiB).
pub const CRL: Limit = Limit {
    what: "CRL files",
    bytes: 256 * MIB,
};
/// A partner directory (CSV; a row with an inline certificate is about 3 KiB).
pub const PARTNER_DIRECTORY: Limit = Limit {
    what: "partner directories",
    bytes: 16 * MIB,
};
/// The configuration file.
pub const CONFIG: Limit = Limit {
    what: "configuration files",
    bytes: MIB,
};
/// A report of `exchange receive` (JSON), as `data match --received-dir` reads it.
pub const RECEIVE_REPORT: Limit = Limit {
    what: "receive reports",
    bytes: 64 * MIB,
};
/// A PIN source's first line (`file:`, `fd:`), the PIN without its line end.
pub const PIN_SOURCE: Limit = Limit {
    what: "PINs",
    bytes: 256,
};

impl fmt::Display for Limit {
    /// "1 MiB", "256 bytes".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bytes >= MIB && self.bytes.is_multiple_of(MIB) {
            write!(f, "{} MiB", self.bytes / MIB)
        } else if self.bytes >= KIB && self.bytes.is_multiple_of(KIB) {
            write!(f, "{} KiB", self.bytes / KIB)
        } else {
            write!(f, "{} bytes", self.bytes)
        }
    }
}

/// Why a file could not be read whole.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "{path} is larger than {limit}, the most epct reads for {what}; is it the right file?",
        what = limit.what
    )]
    TooLarge { path: PathBuf, limit: Limit },
}

impl InputError {
    /// An input that cannot be used: exit 1.
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::Other
    }

    /// Whether the file was not there.
    pub fn is_not_found(&self) -> bool {
        matches!(self, InputError::Read { source, .. } if source.kind() == io::ErrorKind::NotFound)
    }
}

/// The whole of `path`, refused once it is larger than `limit`: a regular file by its
/// size before anything is read, anything else (a device, a FIFO) after `limit` bytes.
pub fn read_bounded(path: &Path, limit: Limit) -> Result<Vec<u8>, InputError> {
    let read_error = |source| InputError::Read {
        path: path.to_owned(),
        source,
    };
    let too_large = || InputError::TooLarge {
        path: path.to_owned(),
        limit,
    };
    let file = File::open(path).map_err(read_error)?;
    let meta = file.metadata().map_err(read_error)?;
    if meta.is_file() && meta.len() > limit.bytes {
        return Err(too_large());
    }
    let expected = if meta.is_file() { meta.len() } else { 0 };
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    file.take(limit.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(too_large());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: Limit = Limit {
        what: "test files",
        bytes: 8,
    };

    #[test]
    fn a_file_up_to_the_limit_is_read_and_a_longer_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let at_limit = dir.path().join("eight");
        std::fs::write(&at_limit, b"12345678").unwrap();
        assert_eq!(read_bounded(&at_limit, SMALL).unwrap(), b"12345678");
        let over = dir.path().join("nine");
        std::fs::write(&over, b"123456789").unwrap();
        let error = read_bounded(&over, SMALL).unwrap_err();
        assert!(matches!(error, InputError::TooLarge { .. }), "{error}");
        assert!(
            error
                .to_string()
                .ends_with("nine is larger than 8 bytes, the most epct reads for test files; is it the right file?"),
            "{error}"
        );
    }

    #[test]
    fn an_endless_device_stops_after_the_limit() {
        let error = read_bounded(Path::new("/dev/zero"), SMALL).unwrap_err();
        assert!(matches!(error, InputError::TooLarge { .. }), "{error}");
    }

    #[test]
    fn a_missing_file_says_so() {
        let error = read_bounded(Path::new("/nonexistent/epct"), SMALL).unwrap_err();
        assert!(error.is_not_found());
    }

    #[test]
    fn limits_are_named_in_their_unit() {
        assert_eq!(CERTIFICATE.to_string(), "1 MiB");
        assert_eq!(CRL.to_string(), "256 MiB");
        assert_eq!(PIN_SOURCE.to_string(), "256 bytes");
        assert_eq!(
            Limit {
                what: "",
                bytes: 2048
            }
            .to_string(),
            "2 KiB"
        );
    }
}
