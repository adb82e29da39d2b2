//! Pinned certificates: the certificates that the security officer pinned
//! (`--signer-cert`) for one list, kept in the store beside the lists as
//! `pins/FR.pem` or `pins/EU-list-of-lists.pem`. A pin belongs to one list: the same
//! certificate is never pinned for two.

use std::path::{Path, PathBuf};

use der::Encode;
use x509_cert::Certificate;

use super::TrustError;
use crate::input::{self, read_bounded};
use crate::output::write_file;
use crate::x509::{read_certificates, to_pem};

/// The pins of a trust store, by list key (`FR`, `EU-list-of-lists`).
pub(super) struct Pins {
    dir: PathBuf,
    by_list: Vec<(String, Vec<Certificate>)>,
}

impl Pins {
    /// Reads `pins/` under the store directory; a missing directory has no pins.
    pub(super) fn open(store: &Path) -> Result<Pins, TrustError> {
        let dir = store.join("pins");
        let mut by_list = Vec::new();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Pins { dir, by_list });
            }
            Err(source) => return Err(TrustError::Read { path: dir, source }),
        };
        for entry in entries {
            let path = entry
                .map_err(|source| TrustError::Read {
                    path: dir.clone(),
                    source,
                })?
                .path();
            let Some(key) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".pem"))
            else {
                continue;
            };
            let bytes = read_bounded(&path, input::CERTIFICATE)?;
            let certs = read_certificates(&bytes, &path.display().to_string()).map_err(|e| {
                TrustError::DamagedStore {
                    path: path.clone(),
                    source: Box::new(e.into()),
                }
            })?;
            by_list.push((key.to_owned(), certs));
        }
        Ok(Pins { dir, by_list })
    }

    /// The certificates pinned for list `key`.
    pub(super) fn of(&self, key: &str) -> &[Certificate] {
        self.by_list
            .iter()
            .find(|(k, _)| k == key)
            .map_or(&[], |(_, certs)| certs)
    }

    /// The other list for which `cert` is pinned, if any.
    pub(super) fn holder(&self, cert: &Certificate, key: &str) -> Option<&str> {
        self.by_list
            .iter()
            .find(|(k, certs)| k != key && contains(certs, cert))
            .map(|(k, _)| k.as_str())
    }

    /// Pins `certs` for list `key` in place of what was pinned before.
    pub(super) fn store(&mut self, key: &str, certs: &[Certificate]) -> Result<(), TrustError> {
        std::fs::create_dir_all(&self.dir).map_err(|source| TrustError::Write {
            path: self.dir.clone(),
            source,
        })?;
        let mut pem = String::new();
        for cert in certs {
            pem += &to_pem(cert)?;
        }
        write_file(&self.dir.join(format!("{key}.pem")), pem.as_bytes(), true)?;
        self.by_list.retain(|(k, _)| k != key);
        self.by_list.push((key.to_owned(), certs.to_vec()));
        Ok(())
    }
}

/// Whether `certs` holds `cert`, byte for byte.
pub(super) fn contains(certs: &[Certificate], cert: &Certificate) -> bool {
    let der = cert.to_der().ok();
    certs.iter().any(|c| c.to_der().ok() == der)
}
