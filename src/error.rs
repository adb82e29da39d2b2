//! The top-level error and the one place where errors become exit codes.

use std::path::PathBuf;

use crate::cms::CmsError;
use crate::data::DataError;
use crate::exchange::ExchangeError;
use crate::token::TokenError;
use crate::trust::TrustError;
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
}

/// Any error of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(transparent)]
    X509(#[from] X509Error),
    #[error(transparent)]
    Cms(#[from] CmsError),
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Trust(#[from] TrustError),
    #[error(transparent)]
    Exchange(#[from] ExchangeError),
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
    #[error("{path} exists already; use --force to replace it")]
    OutputExists { path: PathBuf },
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// The exit code for this error (PRODUCT.md section 1).
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Token(e) if e.is_usage() => ExitCode::Usage,
            Error::Token(_) => ExitCode::Token,
            Error::X509(X509Error::Token(e)) if e.is_usage() => ExitCode::Usage,
            Error::X509(X509Error::Token(_)) => ExitCode::Token,
            Error::X509(_) => ExitCode::Failure,
            Error::Cms(CmsError::Token(e)) if e.is_usage() => ExitCode::Usage,
            Error::Cms(CmsError::Token(_)) => ExitCode::Token,
            Error::Cms(CmsError::DetachedContentMissing) => ExitCode::Usage,
            Error::Cms(e) if e.is_verification() => ExitCode::Verification,
            Error::Cms(_) => ExitCode::Failure,
            Error::Data(e) if e.is_usage() => ExitCode::Usage,
            Error::Data(e) if e.is_invalid_data() => ExitCode::InvalidData,
            Error::Data(_) => ExitCode::Failure,
            Error::Trust(e) if e.is_usage() => ExitCode::Usage,
            Error::Trust(e) if e.is_verification() => ExitCode::Verification,
            Error::Trust(_) => ExitCode::Failure,
            Error::Exchange(e) if e.is_usage() => ExitCode::Usage,
            Error::Exchange(e) if e.is_invalid_data() => ExitCode::InvalidData,
            Error::Exchange(ExchangeError::FilesFailed { .. }) => ExitCode::Verification,
            Error::Exchange(_) => ExitCode::Failure,
            Error::Usage(_) | Error::Config(_) => ExitCode::Usage,
            Error::Read { .. } | Error::Write { .. } | Error::OutputExists { .. } => {
                ExitCode::Failure
            }
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
