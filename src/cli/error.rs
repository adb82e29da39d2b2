//! The errors of the command line itself, beside the library's: one variant per mistake,
//! each with its message and its exit code.

use epct::algorithms::AlgorithmError;
use epct::cms::CmsError;
use epct::config::ConfigError;
use epct::credentials::CredentialsError;
use epct::data::DataError;
use epct::exchange::ExchangeError;
use epct::output::OutputError;
use epct::platform::PlatformError;
use epct::token::TokenError;
use epct::trust::TrustError;
use epct::verdict::Refusal;
use epct::x509::X509Error;
use epct::{Error, ErrorKind, ExitCode};
use serde::Serialize;

/// Any failure of a command.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Library(#[from] Error),
    #[error("no data directory is known; give --trust-store DIR")]
    NoDataDirectory,
    #[error("no state directory is known; give --state-dir DIR")]
    NoStateDirectory,
    #[error("a key label cannot be empty")]
    EmptyKeyLabel,
    #[error("a token labelled '{0}' exists already; choose another label")]
    TokenLabelTaken(String),
    #[error("the token has a PIN pad: change the PIN on the reader")]
    PinPad,
    #[error(
        "unknown cipher '{0}'; use aes256-gcm (the default) or aes256-cbc for receivers without GCM"
    )]
    UnknownCipher(String),
    #[error(transparent)]
    UnknownSignatureAlgorithm(AlgorithmError),
    #[error(
        "exchange status needs --out-dir (the output directory of exchange send) or --platform with --from"
    )]
    StatusSource,
    #[error(
        "exchange status --to reads the files waiting on the platform; give --platform (or set platform in the configuration)"
    )]
    ReceiverStatusPlatform,
    /// A command line that clap refused; its own lines are on standard error.
    #[error("{0}")]
    Arguments(String),
    #[error("cannot encode the output: {0}")]
    Encode(#[source] der::Error),
    #[error("cannot write to standard output: {0}")]
    Stdout(#[source] std::io::Error),
    #[error("the PKCS#11 module {path} does not exist; correct {origin}", path = .path.display())]
    ModuleMissing {
        path: std::path::PathBuf,
        origin: String,
    },
    /// An error about a setting that came from the configuration file or the
    /// environment, which it names.
    #[error("{error}; {what} comes from {origin}")]
    FromSetting {
        error: Box<CliError>,
        what: &'static str,
        origin: String,
    },
    #[error("{origin} is not a date; write it as YYYY-MM-DD")]
    SettingNotADate { origin: String },
    #[error(
        "no key is given; give --key LABEL (or a pkcs11: URI), or set key in the configuration"
    )]
    NoKey,
}

impl CliError {
    /// The class of the failure: the library's for its errors, usage for the command
    /// line's mistakes.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CliError::Library(e) => e.kind(),
            CliError::Encode(_) | CliError::Stdout(_) => ErrorKind::Other,
            CliError::ModuleMissing { .. } => ErrorKind::Token,
            CliError::FromSetting { error, .. } => error.kind(),
            CliError::NoDataDirectory
            | CliError::NoStateDirectory
            | CliError::EmptyKeyLabel
            | CliError::TokenLabelTaken(_)
            | CliError::PinPad
            | CliError::StatusSource
            | CliError::ReceiverStatusPlatform
            | CliError::SettingNotADate { .. }
            | CliError::NoKey
            | CliError::Arguments(_)
            | CliError::UnknownCipher(_)
            | CliError::UnknownSignatureAlgorithm(_) => ErrorKind::Usage,
        }
    }

    /// The exit code for this error (docs/contract.md, exit codes).
    pub fn exit_code(&self) -> ExitCode {
        self.kind().into()
    }

    /// The error as `--json` prints it: its kind, exit code, what is wrong and what to do.
    pub fn report(&self) -> ErrorReport {
        let text = self.to_string();
        let (message, hint) = match text.split_once("; ") {
            Some((message, hint)) => (message.to_owned(), hint.to_owned()),
            None => (text.clone(), kind_hint(self.kind()).to_owned()),
        };
        ErrorReport {
            error: ErrorFields {
                kind: kind_name(self.kind()),
                exit_code: self.exit_code() as u8,
                message,
                hint,
            },
        }
    }
}

/// `{"error": {...}}`: one JSON object for a failure under `--json`.
#[derive(Serialize)]
pub struct ErrorReport {
    error: ErrorFields,
}

#[derive(Serialize)]
struct ErrorFields {
    kind: &'static str,
    exit_code: u8,
    /// What is wrong.
    message: String,
    /// What to do. Messages give it after "; " (the house's "what is wrong; what to
    /// do"); one that gives none gets its kind's.
    hint: String,
}

/// The name of a kind in JSON.
fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Usage => "usage",
        ErrorKind::Verification => "verification",
        ErrorKind::InvalidData => "invalid-data",
        ErrorKind::Token => "token",
        ErrorKind::Platform => "platform",
        ErrorKind::Other => "other",
    }
}

/// What to do about an error whose message does not say.
fn kind_hint(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Usage => "see the command's --help for its options and examples",
        ErrorKind::Verification => {
            "do not rely on the file; check its signer with `epct trust check` and ask its sender"
        }
        ErrorKind::InvalidData => {
            "correct the file (`epct data validate FILE` lists every problem) and try again"
        }
        ErrorKind::Token => {
            "check that the token is present (`epct token list`) and the PIN; `epct token doctor` says more"
        }
        ErrorKind::Platform => {
            "check the platform URL, the network and the credentials, then run the command again"
        }
        ErrorKind::Other => "check the files and directories named, then run the command again",
    }
}

/// The layers' errors reach the CLI through the library's [`Error`].
macro_rules! through_library {
    ($($layer:ty),*) => {$(
        impl From<$layer> for CliError {
            fn from(error: $layer) -> Self {
                CliError::Library(error.into())
            }
        }
    )*};
}

through_library!(
    TokenError,
    X509Error,
    CredentialsError,
    CmsError,
    DataError,
    TrustError,
    ExchangeError,
    Refusal,
    OutputError,
    PlatformError,
    ConfigError
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoding_failure_is_no_usage_error() {
        let error = CliError::Encode(der::Error::from(der::ErrorKind::Overflow));
        assert_eq!(error.exit_code(), ExitCode::Failure);
        assert_eq!(CliError::EmptyKeyLabel.exit_code(), ExitCode::Usage);
        assert_eq!(CliError::NoDataDirectory.exit_code(), ExitCode::Usage);
    }

    #[test]
    fn a_remedy_after_the_semicolon_is_the_hint() {
        let report = CliError::UnknownCipher("des".into()).report();
        assert_eq!(report.error.message, "unknown cipher 'des'");
        assert!(report.error.hint.starts_with("use aes256-gcm"));
        assert_eq!((report.error.kind, report.error.exit_code), ("usage", 2));
        let report = CliError::EmptyKeyLabel.report();
        assert_eq!(report.error.message, "a key label cannot be empty");
        assert_eq!(report.error.hint, kind_hint(ErrorKind::Usage));
    }

    #[test]
    fn library_errors_keep_their_exit_codes() {
        let error = CliError::from(TokenError::PinsDiffer);
        assert_eq!(
            error.exit_code(),
            Error::from(TokenError::PinsDiffer).exit_code()
        );
    }
}
