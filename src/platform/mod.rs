//! The exchange platform: a WebDAV collection (RFC 4918) over HTTPS, as CIRCABC, Nextcloud
//! or Apache httpd mod_dav offer. [`Platform`] lists folders (PROPFIND), makes them
//! (MKCOL), uploads without ever overwriting (PUT under a temporary name, then MOVE with
//! `Overwrite: F`), verifies what the server holds by reading it back, and downloads to
//! a temporary file renamed when whole. Transient failures are tried again with a
//! bounded backoff. [`layout`] names the folders of the exchange and their access rules.
//!
//! Requests stream: no file is ever held in memory. The password or ticket lives in a
//! zeroised buffer and never enters an error or a log.

mod classify;
mod connect;
mod error;
pub mod layout;
mod listing;
mod path;
mod transfer;

use std::time::Duration;

use ureq::http::{Request, Response};
use ureq::{Agent, AsSendBody, Body};
use zeroize::Zeroizing;

pub use connect::PlatformOptions;
pub use error::{PlatformError, TlsCause};
pub use listing::Entry;
pub use path::RemotePath;
pub use transfer::{Delivery, Downloaded};

use connect::Root;

/// The longest folder listing read, in bytes.
const MAX_LISTING: u64 = 32 << 20;
/// The first wait before trying again; it doubles each time, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// One platform, ready to be asked (nothing is sent until a request is made).
pub struct Platform {
    agent: Agent,
    root: Root,
    auth: Option<Zeroizing<String>>,
    retries: u32,
}

impl Platform {
    /// The platform at `options.url`, with its TLS, credentials and timeouts.
    pub fn connect(options: &PlatformOptions) -> Result<Platform, PlatformError> {
        Ok(Platform {
            root: Root::parse(&options.url)?,
            agent: connect::agent(options)?,
            auth: connect::basic_auth(options),
            retries: options.retries,
        })
    }

    /// The full URL of `path`, for messages.
    pub fn url(&self, path: &RemotePath, folder: bool) -> String {
        path.shown(&self.root, folder)
    }

    /// The members of `folder`.
    pub fn list(&self, folder: &RemotePath) -> Result<Vec<Entry>, PlatformError> {
        self.retrying(|| {
            let mut response = self.propfind(folder, "1")?;
            let xml = response
                .body_mut()
                .with_config()
                .limit(MAX_LISTING)
                .read_to_vec()
                .map_err(|e| self.failure(e, folder, true))?;
            listing::parse(&xml, &folder.decoded(&self.root)).map_err(|reason| {
                PlatformError::BadListing {
                    path: self.url(folder, true),
                    reason,
                }
            })
        })
    }

    /// Whether `path` exists, and as a folder or a file.
    pub fn stat(&self, path: &RemotePath) -> Result<Option<Entry>, PlatformError> {
        self.retrying(|| match self.propfind(path, "0") {
            Ok(mut response) => {
                let xml = response
                    .body_mut()
                    .with_config()
                    .limit(MAX_LISTING)
                    .read_to_vec()
                    .map_err(|e| self.failure(e, path, false))?;
                let entries =
                    listing::parse(&xml, &path.parent().decoded(&self.root)).map_err(|reason| {
                        PlatformError::BadListing {
                            path: self.url(path, false),
                            reason,
                        }
                    })?;
                Ok(entries.into_iter().next())
            }
            Err(PlatformError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        })
    }

    /// Makes `folder`, and the folders above it that are missing; `true` if it was made.
    /// A folder that exists is left as it is.
    pub fn make_folder(&self, folder: &RemotePath) -> Result<bool, PlatformError> {
        if folder.is_root() || self.stat(folder)?.is_some_and(|e| e.folder) {
            return Ok(false);
        }
        let status = self.retrying(|| {
            let response = self.send("MKCOL", folder, true, &[], ())?;
            Ok(response.status().as_u16())
        })?;
        match status {
            201 => Ok(true),
            // 405: it exists (made meanwhile); 409: its parent is missing.
            405 => Ok(false),
            409 => {
                self.make_folder(&folder.parent())?;
                self.make_folder(folder)
            }
            other => Err(self.status_error("MKCOL", folder, true, other)),
        }
    }

    /// PROPFIND with `depth`; a 207 answer, else the error its status means.
    fn propfind(&self, path: &RemotePath, depth: &str) -> Result<Response<Body>, PlatformError> {
        let response = self.send(
            "PROPFIND",
            path,
            depth == "1",
            &[
                ("Depth", depth),
                ("Content-Type", "application/xml; charset=utf-8"),
            ],
            listing::PROPFIND_BODY,
        )?;
        match response.status().as_u16() {
            207 => Ok(response),
            other => Err(self.status_error("PROPFIND", path, depth == "1", other)),
        }
    }

    /// One request; its answer whatever the status, or the error that stopped it.
    fn send(
        &self,
        method: &'static str,
        path: &RemotePath,
        folder: bool,
        headers: &[(&str, &str)],
        body: impl AsSendBody,
    ) -> Result<Response<Body>, PlatformError> {
        let mut request = Request::builder().method(method).uri(format!(
            "{}{}",
            self.root.origin,
            path.encoded(&self.root, folder)
        ));
        if let Some(auth) = &self.auth {
            request = request.header("Authorization", auth.as_str());
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(body).map_err(|e| PlatformError::BadUrl {
            url: self.url(path, folder),
            reason: e.to_string(),
        })?;
        self.agent
            .run(request)
            .map_err(|e| self.failure(e, path, folder))
    }

    /// A failed request in the platform's words.
    fn failure(&self, error: ureq::Error, path: &RemotePath, folder: bool) -> PlatformError {
        classify::classify(error, &self.root.host, &self.url(path, folder))
    }

    /// The error an unexpected `status` means.
    fn status_error(
        &self,
        method: &'static str,
        path: &RemotePath,
        folder: bool,
        status: u16,
    ) -> PlatformError {
        let shown = self.url(path, folder);
        match status {
            401 => PlatformError::Unauthorized { path: shown },
            403 => PlatformError::Forbidden { path: shown },
            404 => PlatformError::NotFound { path: shown },
            // A PUT or MKCOL whose folder is missing (RFC 4918 sections 9.3.1, 9.7.1).
            409 => PlatformError::NotFound {
                path: self.url(&path.parent(), true),
            },
            413 => PlatformError::TooLarge { path: shown },
            507 => PlatformError::Full { path: shown },
            _ => PlatformError::Status {
                method,
                path: shown,
                status,
            },
        }
    }

    /// `op`, tried again after a transient failure, at most `retries` more times.
    fn retrying<T>(
        &self,
        mut op: impl FnMut() -> Result<T, PlatformError>,
    ) -> Result<T, PlatformError> {
        let mut wait = FIRST_BACKOFF;
        let mut tries = 0;
        loop {
            match op() {
                Err(e) if e.is_transient() && tries < self.retries => {
                    tries += 1;
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(MAX_BACKOFF);
                }
                other => return other,
            }
        }
    }
}
