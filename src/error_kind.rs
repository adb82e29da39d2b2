//! How every error of the library is classified. Each layer's error says its kind,
//! nested errors delegate, and the exit code follows from the kind alone
//! ([`crate::ExitCode::from`]).

/// The class of a failure, which decides the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The command line or the set-up was wrong (exit 2).
    Usage,
    /// A signature, a signer or a trusted list failed verification (exit 3).
    Verification,
    /// A data file did not pass validation (exit 4).
    InvalidData,
    /// The token or the PIN failed (exit 5).
    Token,
    /// The exchange platform or the network failed (exit 6).
    Platform,
    /// Anything else: unreadable input, a damaged file, a disk error (exit 1).
    Other,
}
