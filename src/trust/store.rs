//! The trust store: a directory that holds only trusted lists whose signature
//! verified, one file per list (`lists/SK.xml`, `lists/EU-list-of-lists.xml`), and the
//! partner directory (`partners.csv`).
//!
//! A list replaces the stored one of its territory only when its sequence number is
//! higher; going back to an older list needs `force`. Files are written whole or not at
//! all.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use der::Decode;
use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::TrustError;
use super::path::{TrustVerdict, check};
use super::time::format_time;
use super::tl::TrustedList;
use super::xmldsig::{ListSignature, UnverifiedList};
use crate::output::write_file;

/// The lists of a trust store directory.
pub struct TrustStore {
    dir: PathBuf,
    lists: Vec<TrustedList>,
}

/// How to import a list.
pub struct ImportOptions {
    /// Certificates pinned by the user (`--signer-cert`); when empty, the imported list
    /// of lists names the certificates allowed to sign the list's territory.
    pub pinned: Vec<Certificate>,
    /// The time at which the signing certificate must be valid.
    pub at: SystemTime,
    /// Accept a list older than the stored one.
    pub force: bool,
}

/// What an import did.
#[derive(Clone, Debug, Serialize)]
pub struct ImportReport {
    pub territory: String,
    pub list_of_lists: bool,
    pub sequence: u64,
    /// The stored list's sequence number before the import, if there was one.
    pub previous_sequence: Option<u64>,
    pub outcome: ImportOutcome,
    /// Whose certificate the signature was checked against.
    pub checked_against: CheckedAgainst,
    pub signature: ListSignature,
    pub next_update: Option<String>,
    /// Whether the list is already past its next update at the import time.
    pub stale: bool,
    pub file: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportOutcome {
    Added,
    Replaced,
    /// The same sequence number was stored already; nothing was written.
    Unchanged,
    /// An older list replaced a newer one, on request.
    Downgraded,
}

/// Where the certificates allowed to sign an imported list came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckedAgainst {
    /// Certificates the user pinned (`--signer-cert`).
    Pinned,
    /// The stored EU list of lists.
    ListOfLists,
}

/// One stored list, as `trust list` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct ListSummary {
    pub territory: String,
    pub list_of_lists: bool,
    pub version: u32,
    pub sequence: u64,
    pub operator: String,
    pub issued: String,
    pub next_update: Option<String>,
    /// Past its next update at the time asked about.
    pub stale: bool,
    pub pointers: usize,
    pub providers: usize,
    pub services: usize,
    pub certificates: usize,
}

impl TrustStore {
    /// `epct/trust` under the XDG data directory.
    pub fn default_dir() -> Option<PathBuf> {
        dirs::data_dir().map(|d| d.join("epct").join("trust"))
    }

    /// Reads the store in `dir`; a missing directory is an empty store.
    pub fn open(dir: &Path) -> Result<TrustStore, TrustError> {
        let lists_dir = dir.join("lists");
        let mut lists = Vec::new();
        let entries = match std::fs::read_dir(&lists_dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(TrustStore {
                    dir: dir.to_owned(),
                    lists,
                });
            }
            Err(source) => {
                return Err(TrustError::Read {
                    path: lists_dir,
                    source,
                });
            }
        };
        for entry in entries {
            let path = entry
                .map_err(|source| TrustError::Read {
                    path: lists_dir.clone(),
                    source,
                })?
                .path();
            if path.extension().is_none_or(|e| e != "xml") {
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|source| TrustError::Read {
                path: path.clone(),
                source,
            })?;
            let list = TrustedList::parse(&bytes).map_err(|e| TrustError::DamagedStore {
                path: path.clone(),
                source: Box::new(e),
            })?;
            lists.push(list);
        }
        lists.sort_by(|a, b| {
            (b.is_list_of_lists, &a.territory).cmp(&(a.is_list_of_lists, &b.territory))
        });
        Ok(TrustStore {
            dir: dir.to_owned(),
            lists,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn list_of_lists(&self) -> Option<&TrustedList> {
        self.lists.iter().find(|l| l.is_list_of_lists)
    }

    /// Summaries of the stored lists, staleness judged at `at`.
    pub fn summaries(&self, at: SystemTime) -> Vec<ListSummary> {
        self.lists
            .iter()
            .map(|l| ListSummary {
                territory: l.territory.clone(),
                list_of_lists: l.is_list_of_lists,
                version: l.version,
                sequence: l.sequence,
                operator: l.operator.clone(),
                issued: format_time(l.issued),
                next_update: l.next_update.map(format_time),
                stale: l.is_stale(at),
                pointers: l.pointers.len(),
                providers: l.providers.len(),
                services: l.service_count(),
                certificates: l.certificate_count(),
            })
            .collect()
    }

    /// Verifies the signature of the list in `bytes` and stores it.
    pub fn import(
        &mut self,
        bytes: &[u8],
        options: &ImportOptions,
    ) -> Result<ImportReport, TrustError> {
        let unverified = UnverifiedList::read(bytes)?;
        let list = &unverified.list;
        let (allowed, checked_against) = self.allowed_signers(list, options)?;
        let signature = unverified.verify(&allowed)?;
        signer_validity(&signature.signer, options.at)?;

        let stored = self.lists.iter().position(|l| {
            l.territory == list.territory && l.is_list_of_lists == list.is_list_of_lists
        });
        let previous_sequence = stored.map(|i| self.lists[i].sequence);
        let outcome = match previous_sequence {
            None => ImportOutcome::Added,
            Some(old) if old < list.sequence => ImportOutcome::Replaced,
            Some(old) if old == list.sequence => ImportOutcome::Unchanged,
            Some(_) if options.force => ImportOutcome::Downgraded,
            Some(old) => {
                return Err(TrustError::OlderList {
                    territory: list.territory.clone(),
                    offered: list.sequence,
                    stored: old,
                });
            }
        };
        let file = self.list_path(list);
        if outcome != ImportOutcome::Unchanged {
            let parent = file.parent().unwrap_or(&self.dir);
            std::fs::create_dir_all(parent).map_err(|source| TrustError::Write {
                path: parent.to_owned(),
                source,
            })?;
            write_file(&file, bytes, true)?;
        }
        let report = ImportReport {
            territory: list.territory.clone(),
            list_of_lists: list.is_list_of_lists,
            sequence: list.sequence,
            previous_sequence,
            outcome,
            checked_against,
            signature,
            next_update: list.next_update.map(format_time),
            stale: list.is_stale(options.at),
            file,
        };
        match stored {
            Some(i) => self.lists[i] = unverified.list,
            None => self.lists.push(unverified.list),
        }
        Ok(report)
    }

    /// Checks that `chain` (the signer's certificate first, then any intermediates)
    /// leads at `at` to a CA service that a stored national list trusted then, with
    /// `crls` applied.
    pub fn check(
        &self,
        chain: &[Certificate],
        at: SystemTime,
        crls: &[CertificateList],
    ) -> Result<TrustVerdict, TrustError> {
        check(&self.lists, chain, at, crls)
    }

    fn list_path(&self, list: &TrustedList) -> PathBuf {
        let name = if list.is_list_of_lists {
            format!("{}-list-of-lists.xml", list.territory)
        } else {
            format!("{}.xml", list.territory)
        };
        self.dir.join("lists").join(name)
    }

    /// The certificates that may sign `list`: the pinned ones, else those that the
    /// stored list of lists gives for its territory.
    fn allowed_signers(
        &self,
        list: &TrustedList,
        options: &ImportOptions,
    ) -> Result<(Vec<Certificate>, CheckedAgainst), TrustError> {
        if !options.pinned.is_empty() {
            return Ok((options.pinned.clone(), CheckedAgainst::Pinned));
        }
        let lotl = self.list_of_lists().ok_or_else(|| TrustError::NoSigner {
            territory: list.territory.clone(),
        })?;
        let allowed: Vec<Certificate> = lotl
            .signers_for(&list.territory)
            .into_iter()
            .filter_map(|der| Certificate::from_der(der).ok())
            .collect();
        if allowed.is_empty() {
            return Err(TrustError::NoSignerForTerritory {
                territory: list.territory.clone(),
            });
        }
        Ok((allowed, CheckedAgainst::ListOfLists))
    }
}

fn signer_validity(signer: &Certificate, at: SystemTime) -> Result<(), TrustError> {
    let validity = signer.tbs_certificate().validity();
    let not_before = validity.not_before.to_system_time();
    let not_after = validity.not_after.to_system_time();
    if at < not_before || at > not_after {
        return Err(TrustError::SignerNotValid {
            subject: signer.tbs_certificate().subject().to_string(),
            at: format_time(at),
            not_before: format_time(not_before),
            not_after: format_time(not_after),
        });
    }
    Ok(())
}
