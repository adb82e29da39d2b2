//! The HTTP agent for one platform: its URL checked (https://, or http:// to a loopback
//! address only, no credentials in it), the system roots plus `--platform-ca`, a client
//! certificate, the proxy from `HTTPS_PROXY`/`NO_PROXY`, and the timeouts.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use ureq::tls::{Certificate, ClientCert, PemItem, PrivateKey, RootCerts, TlsConfig};
use ureq::{Agent, Proxy};
use zeroize::Zeroizing;

use super::error::PlatformError;
use crate::input::{self, InputError, read_bounded};

/// How to reach the platform; every field is also a configuration key.
#[derive(Debug)]
pub struct PlatformOptions {
    /// The root URL of the exchange space (`--platform`).
    pub url: String,
    /// CA certificates (PEM) trusted besides the system roots (`--platform-ca`).
    pub ca: Option<PathBuf>,
    /// A client certificate (PEM) and its key (PEM) for TLS client authentication.
    pub client_cert: Option<PathBuf>,
    pub client_key: Option<PathBuf>,
    /// The HTTP Basic user (`--platform-user`) and its password or ticket.
    pub user: Option<String>,
    pub password: Option<SecretString>,
    /// How long to wait for a connection, or for the next bytes (`--platform-timeout`).
    pub timeout: Duration,
    /// How many times a transient failure is tried again (`--platform-retries`).
    pub retries: u32,
}

/// The root URL, split into what requests are built from.
#[derive(Clone, Debug)]
pub(crate) struct Root {
    /// `scheme://authority`, without a trailing slash.
    pub origin: String,
    /// The root's path, without a trailing slash (empty for the server's root).
    pub path: String,
    /// The host, for messages.
    pub host: String,
}

impl Root {
    pub(crate) fn parse(url: &str) -> Result<Root, PlatformError> {
        let shown = without_userinfo(url);
        let bad = |reason: &str| PlatformError::BadUrl {
            url: shown.clone(),
            reason: reason.to_owned(),
        };
        let uri: ureq::http::Uri = url.parse().map_err(|_| bad("it is not a URL"))?;
        let authority = uri.authority().ok_or_else(|| bad("it has no host"))?;
        if authority.as_str().contains('@') {
            return Err(bad(
                "it holds credentials; give the user with --platform-user and the password \
                 with --platform-password-source",
            ));
        }
        if uri.query().is_some() {
            return Err(bad("it has a query (?...); give the folder's URL alone"));
        }
        let host = authority.host().to_owned();
        match uri.scheme_str() {
            Some("https") => {}
            Some("http") if is_loopback(&host) => {}
            Some("http") => return Err(PlatformError::PlainHttp { host }),
            _ => return Err(bad("use an https:// URL")),
        }
        Ok(Root {
            origin: format!("{}://{}", uri.scheme_str().unwrap_or("https"), authority),
            path: uri.path().trim_end_matches('/').to_owned(),
            host,
        })
    }
}

/// `url` with whatever stands before an `@` in its authority left out.
fn without_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let end = rest.find('/').unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => format!("{scheme}://…@{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The agent: statuses are answers, not errors; no redirects (credentials stay with the
/// platform); no compression (what is read back is what is stored).
pub(crate) fn agent(options: &PlatformOptions) -> Result<Agent, PlatformError> {
    let tls = TlsConfig::builder()
        .root_certs(roots(options.ca.as_deref())?)
        .client_cert(client_cert(options)?)
        .build();
    let config = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .allow_non_standard_methods(true)
        .accept_encoding("identity")
        .user_agent(concat!("epct/", env!("CARGO_PKG_VERSION")))
        .proxy(Proxy::try_from_env())
        .tls_config(tls)
        .timeout_connect(Some(options.timeout))
        .timeout_recv_response(Some(options.timeout))
        .timeout_per_read(Some(options.timeout))
        .timeout_per_write(Some(options.timeout))
        .build();
    Ok(config.new_agent())
}

/// The system's roots (`SSL_CERT_FILE`/`SSL_CERT_DIR` honoured), and those of `ca`.
fn roots(ca: Option<&Path>) -> Result<RootCerts, PlatformError> {
    let mut roots: Vec<Certificate<'static>> = rustls_native_certs::load_native_certs()
        .certs
        .iter()
        .map(|c| Certificate::from_der(c.as_ref()).to_owned())
        .collect();
    if let Some(path) = ca {
        let before = roots.len();
        for item in pem_items("CA file", path)? {
            if let PemItem::Certificate(c) = item {
                roots.push(c);
            }
        }
        if roots.len() == before {
            return Err(bad_file("CA file", path, "it holds no PEM certificate"));
        }
    }
    Ok(RootCerts::Specific(Arc::new(roots)))
}

fn client_cert(options: &PlatformOptions) -> Result<Option<ClientCert>, PlatformError> {
    let (cert, key) = match (&options.client_cert, &options.client_key) {
        (None, None) => return Ok(None),
        (Some(cert), Some(key)) => (cert, key),
        (Some(path), None) | (None, Some(path)) => {
            return Err(bad_file(
                "client certificate or key",
                path,
                "give both --platform-client-cert and --platform-client-key",
            ));
        }
    };
    let chain: Vec<Certificate<'static>> = pem_items("client certificate", cert)?
        .into_iter()
        .filter_map(|item| match item {
            PemItem::Certificate(c) => Some(c),
            _ => None,
        })
        .collect();
    if chain.is_empty() {
        return Err(bad_file(
            "client certificate",
            cert,
            "it holds no PEM certificate",
        ));
    }
    let pem = read_pem("client key", key)?;
    let key = PrivateKey::from_pem(&pem)
        .map_err(|_| bad_file("client key", key, "it holds no PEM private key"))?;
    Ok(Some(ClientCert::new_with_certs(&chain, key)))
}

fn pem_items(what: &'static str, path: &Path) -> Result<Vec<PemItem<'static>>, PlatformError> {
    let pem = read_pem(what, path)?;
    ureq::tls::parse_pem(&pem)
        .collect::<Result<_, _>>()
        .map_err(|e| bad_file(what, path, &format!("it is not PEM: {e}")))
}

/// A PEM file, bounded as every certificate file; a key's bytes are zeroised when dropped.
fn read_pem(what: &'static str, path: &Path) -> Result<Zeroizing<Vec<u8>>, PlatformError> {
    match read_bounded(path, input::CERTIFICATE) {
        Ok(bytes) => Ok(Zeroizing::new(bytes)),
        Err(InputError::TooLarge { limit, .. }) => {
            Err(bad_file(what, path, &format!("it is larger than {limit}")))
        }
        Err(InputError::Read { source, .. }) => Err(bad_file(what, path, &source.to_string())),
    }
}

fn bad_file(what: &'static str, path: &Path, reason: &str) -> PlatformError {
    PlatformError::BadFile {
        what,
        path: path.to_owned(),
        reason: reason.to_owned(),
    }
}

/// The `Authorization` header for HTTP Basic, zeroised when dropped.
pub(crate) fn basic_auth(options: &PlatformOptions) -> Option<Zeroizing<String>> {
    use base64ct::{Base64, Encoding};
    let user = options.user.as_deref()?;
    let password = options
        .password
        .as_ref()
        .map(|p| p.expose_secret())
        .unwrap_or("");
    let pair = Zeroizing::new(format!("{user}:{password}"));
    Some(Zeroizing::new(format!(
        "Basic {}",
        Base64::encode_string(pair.as_bytes())
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_http_only_to_loopback_and_no_credentials_in_the_url() {
        let root = Root::parse("https://circabc.europa.eu/webdav/EP/").unwrap();
        assert_eq!(root.origin, "https://circabc.europa.eu");
        assert_eq!(root.path, "/webdav/EP");
        for loopback in [
            "http://127.0.0.1:8080/dav",
            "http://[::1]/",
            "http://localhost/",
        ] {
            assert!(Root::parse(loopback).is_ok(), "{loopback}");
        }
        assert!(matches!(
            Root::parse("http://10.0.0.1/dav"),
            Err(PlatformError::PlainHttp { .. })
        ));
        let err = Root::parse("https://u:secret@host/dav").unwrap_err();
        assert!(!err.to_string().contains("secret"));
        assert!(Root::parse("ftp://host/").is_err());
    }
}
