//! A failed request in the words of [`PlatformError`]: unreachable, too slow, TLS (with
//! its cause), or cut in the middle of a transfer.

use std::io;

use rustls::{AlertDescription, CertificateError};

use super::error::{PlatformError, TlsCause};

/// What `error` means for a request to `path` on `host`.
pub(crate) fn classify(error: ureq::Error, host: &str, path: &str) -> PlatformError {
    if let Some(cause) = tls_cause(&error) {
        return PlatformError::Tls {
            host: host.to_owned(),
            cause,
        };
    }
    let unreachable = |reason: String| PlatformError::Unreachable {
        host: host.to_owned(),
        reason,
    };
    let cut = |reason: String| PlatformError::Cut {
        path: path.to_owned(),
        reason,
    };
    match error {
        ureq::Error::Timeout(which) => PlatformError::Timeout {
            host: host.to_owned(),
            reason: format!("{which:?}").to_lowercase(),
        },
        ureq::Error::HostNotFound => unreachable("its host name is not known".to_owned()),
        ureq::Error::ConnectionFailed => unreachable("no connection could be made".to_owned()),
        ureq::Error::Io(e) => match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => PlatformError::Timeout {
                host: host.to_owned(),
                reason: e.to_string(),
            },
            io::ErrorKind::ConnectionRefused
            | io::ErrorKind::NotFound
            | io::ErrorKind::AddrNotAvailable
            | io::ErrorKind::HostUnreachable
            | io::ErrorKind::NetworkUnreachable => unreachable(e.to_string()),
            // The system's resolver fails before any connection, with no kind of its
            // own in std (getaddrinfo's errors are "uncategorized"): only its words
            // tell it from a transfer cut in the middle.
            _ if e.to_string().starts_with("failed to lookup address") => {
                unreachable(format!("its host name is not known ({e})"))
            }
            _ => cut(e.to_string()),
        },
        ureq::Error::Protocol(e) => cut(e.to_string()),
        other => unreachable(other.to_string()),
    }
}

/// The cause of a TLS failure anywhere in the error's chain.
fn tls_cause(error: &ureq::Error) -> Option<TlsCause> {
    if let ureq::Error::Tls(_) = error {
        return Some(TlsCause::Other);
    }
    let mut next: Option<&(dyn std::error::Error + 'static)> = match error {
        ureq::Error::Rustls(rustls) => return Some(cause_of(rustls)),
        ureq::Error::Io(io) => Some(io),
        other => Some(other),
    };
    while let Some(e) = next {
        if let Some(rustls) = e.downcast_ref::<rustls::Error>() {
            return Some(cause_of(rustls));
        }
        if let Some(ureq::Error::Rustls(rustls)) = e.downcast_ref::<ureq::Error>() {
            return Some(cause_of(rustls));
        }
        next = match e.downcast_ref::<io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as _),
            None => e.source(),
        };
    }
    None
}

fn cause_of(error: &rustls::Error) -> TlsCause {
    match error {
        rustls::Error::InvalidCertificate(e) => match e {
            CertificateError::UnknownIssuer | CertificateError::BadSignature => TlsCause::UnknownCa,
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                TlsCause::NameMismatch
            }
            CertificateError::Expired
            | CertificateError::ExpiredContext { .. }
            | CertificateError::NotValidYet
            | CertificateError::NotValidYetContext { .. } => TlsCause::Expired,
            _ => TlsCause::Other,
        },
        rustls::Error::AlertReceived(
            AlertDescription::BadCertificate
            | AlertDescription::CertificateRequired
            | AlertDescription::UnknownCA
            | AlertDescription::AccessDenied,
        ) => TlsCause::ClientCertificate,
        _ => TlsCause::Other,
    }
}
