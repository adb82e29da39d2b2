//! What can go wrong on the platform, told apart so that the user knows what to do.
//! No message holds a credential: the password or ticket never enters an error.

use std::path::PathBuf;

use crate::ErrorKind;
use crate::output::OutputError;
use crate::secret_source::SourceError;

/// Why a TLS handshake failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsCause {
    UnknownCa,
    NameMismatch,
    Expired,
    /// The server asked for a client certificate and refused the one given, or none.
    ClientCertificate,
    Other,
}

impl std::fmt::Display for TlsCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TlsCause::UnknownCa => {
                "its certificate is not issued by a known CA; give the platform's CA \
                 with --platform-ca FILE"
            }
            TlsCause::NameMismatch => {
                "its certificate is not valid for that host name; check the URL, or ask the \
                 administrator for a certificate with that name"
            }
            TlsCause::Expired => {
                "its certificate has expired (or is not valid yet); tell the platform's \
                 administrator, and check this machine's clock"
            }
            TlsCause::ClientCertificate => {
                "it refused the client certificate; check --platform-client-cert and \
                 --platform-client-key"
            }
            TlsCause::Other => "the TLS handshake failed",
        })
    }
}

/// A platform or network failure (exit 6), or a wrong platform setting (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    #[error("the platform URL '{url}' is not usable: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("plain http:// is allowed only to a loopback address, not to {host}; use https://")]
    PlainHttp { host: String },
    #[error("cannot use {what} {path}: {reason}")]
    BadFile {
        what: &'static str,
        path: PathBuf,
        reason: String,
    },
    #[error(transparent)]
    Password(#[from] SourceError),
    #[error(
        "the platform {host} cannot be reached: {reason}; check the URL, the network and HTTPS_PROXY"
    )]
    Unreachable { host: String, reason: String },
    #[error(
        "the platform {host} did not answer in time ({reason}); try again later, or raise \
         --platform-timeout"
    )]
    Timeout { host: String, reason: String },
    #[error("TLS with the platform {host} failed: {cause}")]
    Tls { host: String, cause: TlsCause },
    #[error(
        "the platform refused the credentials (401) at {path}: the user or the password \
         (ticket) is wrong, or none was given; check --platform-user and \
         --platform-password-source"
    )]
    Unauthorized { path: String },
    #[error(
        "no permission on {path} (403): ask the platform's administrator to give this \
         account access to that folder"
    )]
    Forbidden { path: String },
    #[error(
        "{path} does not exist on the platform (404): ask the administrator to create it \
         (epct exchange platform-layout lists the folders)"
    )]
    NotFound { path: String },
    #[error(
        "the platform refused {path} as too large for one upload (413 Content Too Large): \
         ask its administrator to raise the upload limit"
    )]
    TooLarge { path: String },
    #[error(
        "the platform's space is full: no room for {path} (507 Insufficient Storage); \
         ask its administrator for more room"
    )]
    Full { path: String },
    #[error(
        "the platform answered {status} to {method} {path}; try again later, or tell its administrator"
    )]
    Status {
        method: &'static str,
        path: String,
        status: u16,
    },
    #[error(
        "the connection to the platform was cut during the transfer of {path}: {reason}; \
         run the same command again, it goes on where it stopped"
    )]
    Cut { path: String, reason: String },
    #[error(
        "{path} on the platform differs from what was sent (size {remote_size}, SHA-256 \
         {remote_sha256}; expected size {size}, SHA-256 {sha256}); it was not overwritten: \
         find out who changed it"
    )]
    RemoteDiffers {
        path: String,
        size: u64,
        sha256: String,
        remote_size: u64,
        remote_sha256: String,
    },
    #[error("the platform sent a listing of {path} that cannot be read: {reason}")]
    BadListing { path: String, reason: String },
    #[error("cannot read {path}: {source}")]
    ReadLocal {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl PlatformError {
    /// Usage for the settings the user gave, platform for everything else.
    pub fn kind(&self) -> ErrorKind {
        match self {
            PlatformError::BadUrl { .. }
            | PlatformError::PlainHttp { .. }
            | PlatformError::BadFile { .. } => ErrorKind::Usage,
            PlatformError::Password(e) if e.is_usage() => ErrorKind::Usage,
            PlatformError::ReadLocal { .. } => ErrorKind::Other,
            PlatformError::Output(e) => e.kind(),
            _ => ErrorKind::Platform,
        }
    }

    /// Whether trying again may help: a cut, a timeout, a reset or a gateway failure.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            PlatformError::Timeout { .. } | PlatformError::Cut { .. } => true,
            PlatformError::Unreachable { .. } => true,
            PlatformError::Status { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }
}
