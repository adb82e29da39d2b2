//! Why a module shows no slot at all: a smart-card module (OpenSC) shows one slot per
//! reader, and none when no reader is connected or when the PC/SC service (pcscd) that
//! finds the readers is not running.

use std::os::unix::net::UnixStream;
use std::path::PathBuf;

use super::TokenError;

/// Where libpcsclite reaches pcscd: `$PCSCLITE_CSOCK_NAME`, else its default socket.
fn pcscd_socket() -> PathBuf {
    std::env::var_os("PCSCLITE_CSOCK_NAME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/run/pcscd/pcscd.comm"))
}

/// The error for a module with no slot: the service is not running, or no reader is
/// connected. Connecting to the socket is how libpcsclite itself finds the service (a
/// socket-activated pcscd starts on it).
pub(crate) fn no_slot(module: &std::path::Path) -> TokenError {
    let module = module.to_owned();
    if UnixStream::connect(pcscd_socket()).is_ok() {
        TokenError::NoReader { module }
    } else {
        TokenError::NoSmartCardService { module }
    }
}
