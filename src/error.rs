//! The top-level error and the one place where errors become exit codes.

use std::path::PathBuf;

use crate::ErrorKind;
use crate::cms::CmsError;
use crate::credentials::CredentialsError;
use crate::data::DataError;
use crate::data::matching::MatchError;
use crate::exchange::ExchangeError;
use crate::input::InputError;
use crate::lock::LockError;
use crate::output::OutputError;
use crate::platform::PlatformError;
use crate::token::TokenError;
use crate::trust::TrustError;
use crate::verdict::Refusal;
use crate::x509::X509Error;

/// Exit codes of the `epct` binary (documented in `epct --help` and the docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    /// The command did what was asked.
    Success = 0,
    /// Any failure without a more precise code.
    Failure = 1,
    /// The command line was wrong.
    Usage = 2,
    /// A signature or trust verification failed.
    Verification = 3,
    /// A data file did not pass validation.
    InvalidData = 4,
    /// The token or the PIN failed.
    Token = 5,
    /// The exchange platform or the network failed.
    Platform = 6,
}

/// Any error of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(transparent)]
    X509(#[from] X509Error),
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    #[error(transparent)]
    Cms(#[from] CmsError),
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Match(#[from] MatchError),
    #[error(transparent)]
    Trust(#[from] TrustError),
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Platform(#[from] PlatformError),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
}

impl From<ErrorKind> for ExitCode {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::Usage => ExitCode::Usage,
            ErrorKind::Verification => ExitCode::Verification,
            ErrorKind::InvalidData => ExitCode::InvalidData,
            ErrorKind::Token => ExitCode::Token,
            ErrorKind::Platform => ExitCode::Platform,
            ErrorKind::Other => ExitCode::Failure,
        }
    }
}

impl Error {
    /// The class of the failure, from the layer that failed.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Token(e) => e.kind(),
            Error::X509(e) => e.kind(),
            Error::Credentials(e) => e.kind(),
            Error::Cms(e) => e.kind(),
            Error::Data(e) => e.kind(),
            Error::Match(e) => e.kind(),
            Error::Trust(e) => e.kind(),
            Error::Exchange(e) => e.kind(),
            Error::Refused(e) => e.kind(),
            Error::Output(e) => e.kind(),
            Error::Platform(e) => e.kind(),
            Error::Input(e) => e.kind(),
            Error::Lock(e) => e.kind(),
            Error::Config(_) => ErrorKind::Usage,
            Error::Read { .. } | Error::Write { .. } => ErrorKind::Other,
        }
    }

    /// The exit code for this error (docs/contract.md, exit codes).
    pub fn exit_code(&self) -> ExitCode {
        self.kind().into()
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
