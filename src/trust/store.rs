//! The trust store: a directory that holds only trusted lists whose signature
//! verified, one file per list (`lists/SK.xml`, `lists/EU-list-of-lists.xml`), and the
//! partner directory (`partners.csv`).
//!
//! A list of territory T is checked against T's own signers only: the certificates
//! pinned for T (kept in `pins/`, so that a refresh needs no `--signer-cert`) and those
//! that the stored EU list of lists points to for T. A certificate given with
//! `--signer-cert` that is neither is refused unless the pin is replaced on purpose
//! (`replace_pin`), and a certificate pinned for another list is refused outright.
//!
//! A list replaces the stored one of its territory only when its sequence number is
//! higher; going back to an older list needs `force`. Files are written whole or not at
//! all.
//!
//! A change is made through a [`LockedTrustStore`], which holds the store's lock file
//! (`.lock`) from before the store is read until after the change is written: two
//! imports at once run one after the other, and the second compares its sequence number
//! with what the first stored.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use der::Decode;
use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::TrustError;
use super::path::{Purpose, TrustVerdict, check};
use super::pins::{Pins, contains};
use super::time::format_time;
use super::tl::TrustedList;
use super::xmldsig::{ListSignature, UnverifiedList};
use crate::input::{self, read_bounded};
use crate::lock::Lock;
use crate::output::write_file;
use crate::x509::subject_country;

/// The name of the lock file in the store directory.
const LOCK_FILE: &str = ".lock";

/// The lists of a trust store directory.
pub struct TrustStore {
    dir: PathBuf,
    lists: Vec<TrustedList>,
    pins: Pins,
}

/// How to import a list.
pub struct ImportOptions {
    /// Certificates given by the user (`--signer-cert`); when empty, the list is checked
    /// against its territory's stored pin and the stored list of lists' pointers.
    pub pinned: Vec<Certificate>,
    /// Make `pinned` the territory's pin in place of the stored one.
    pub replace_pin: bool,
    /// The time at which the signing certificate must be valid.
    pub at: SystemTime,
    /// Accept a list older than the stored one.
    pub force: bool,
    /// Accept a signature made with SHA-1 or an RSA key under 2048 bits.
    pub allow_legacy: bool,
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
    /// What became of the territory's pin.
    pub pin: PinChange,
    /// The country (C=) in the signer's subject, when it is not the list's territory
    /// (national lists only: the list of lists is signed by people of many countries).
    pub signer_country_differs: Option<String>,
    pub next_update: Option<String>,
    /// Whether the list is already past its next update at the import time.
    pub stale: bool,
    /// Where the list is stored; in JSON `output` (`file` is the list read).
    #[serde(rename = "output")]
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

/// What an import did to the territory's pin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PinChange {
    Unchanged,
    /// The territory had no pin; the given certificates are its pin now.
    Added,
    /// The given certificates replace the territory's pin (`--replace-pin`).
    Replaced,
}

/// One stored list, as `trust list` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct ListSummary {
    pub territory: String,
    pub list_of_lists: bool,
    /// The list's TSLVersionIdentifier; in JSON `tsl_version` (`version` is the schema's).
    #[serde(rename = "tsl_version")]
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
                    pins: Pins::open(dir)?,
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
            let bytes = read_bounded(&path, input::TRUSTED_LIST)?;
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
            pins: Pins::open(dir)?,
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

    /// Verifies the signature of the list in `bytes` and stores it; the caller holds
    /// the store's lock.
    fn import(
        &mut self,
        bytes: &[u8],
        options: &ImportOptions,
    ) -> Result<ImportReport, TrustError> {
        let unverified = UnverifiedList::read(bytes)?;
        let list = &unverified.list;
        let key = list_key(list);
        let signers = self.allowed_signers(list, &key, options)?;
        let signature = match unverified.verify(&signers.allowed, options.allow_legacy) {
            Err(TrustError::SignerNotTrusted { signer, .. }) if signers.stored_pin_only => {
                return Err(TrustError::NotSignedByThePin {
                    signer,
                    territory: list.territory.clone(),
                    pinned: subjects(&signers.allowed),
                });
            }
            verified => verified?,
        };
        signer_validity(&signature.signer, options.at)?;
        let checked_against = if contains(&signers.pointers, &signature.signer) {
            CheckedAgainst::ListOfLists
        } else {
            CheckedAgainst::Pinned
        };

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
        if signers.pin != PinChange::Unchanged {
            self.pins.store(&key, &options.pinned)?;
        }
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
            signer_country_differs: country_differs(list, &signature.signer),
            signature,
            pin: signers.pin,
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
        check(&self.lists, chain, at, crls, Purpose::Signing)
    }

    /// Checks that `chain` (a time-stamping authority's certificate first, then any
    /// intermediates) leads at `at` to a qualified time-stamping service (TSA/QTST) that
    /// a stored national list trusted then, with `crls` applied.
    pub fn check_time_stamping(
        &self,
        chain: &[Certificate],
        at: SystemTime,
        crls: &[CertificateList],
    ) -> Result<TrustVerdict, TrustError> {
        check(&self.lists, chain, at, crls, Purpose::TimeStamping)
    }

    fn list_path(&self, list: &TrustedList) -> PathBuf {
        self.dir
            .join("lists")
            .join(format!("{}.xml", list_key(list)))
    }

    /// The certificates that may sign `list`, whose pin is stored under `key`.
    fn allowed_signers(
        &self,
        list: &TrustedList,
        key: &str,
        options: &ImportOptions,
    ) -> Result<Signers, TrustError> {
        let territory = || list.territory.clone();
        let pinned = self.pins.of(key);
        let pointers: Vec<Certificate> = self
            .list_of_lists()
            .map(|lotl| lotl.signers_for(&list.territory))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|der| Certificate::from_der(der).ok())
            .collect();
        let known: Vec<Certificate> = pinned.iter().chain(&pointers).cloned().collect();
        let given = &options.pinned;
        if let Some((cert, holder)) = given
            .iter()
            .find_map(|c| self.pins.holder(c, key).map(|h| (c, h)))
        {
            return Err(TrustError::PinnedForAnother {
                subject: cert.tbs_certificate().subject().to_string(),
                holder: holder.to_owned(),
                territory: territory(),
            });
        }
        let (allowed, pin) = if given.is_empty() {
            if known.is_empty() {
                return Err(match self.list_of_lists() {
                    None => TrustError::NoSigner {
                        territory: territory(),
                    },
                    Some(_) => TrustError::NoSignerForTerritory {
                        territory: territory(),
                    },
                });
            }
            (known, PinChange::Unchanged)
        } else if options.replace_pin {
            let pin = if pinned.is_empty() {
                PinChange::Added
            } else if same_certificates(pinned, given) {
                PinChange::Unchanged
            } else {
                PinChange::Replaced
            };
            (given.clone(), pin)
        } else if known.is_empty() {
            (given.clone(), PinChange::Added)
        } else if let Some(stranger) = given.iter().find(|c| !contains(&known, c)) {
            return Err(TrustError::NotTheTerritorysPin {
                subject: stranger.tbs_certificate().subject().to_string(),
                territory: territory(),
            });
        } else {
            (given.clone(), PinChange::Unchanged)
        };
        Ok(Signers {
            stored_pin_only: given.is_empty() && !pinned.is_empty() && pointers.is_empty(),
            allowed,
            pointers,
            pin,
        })
    }
}

/// The trust store, locked for a change until dropped; it reads as a [`TrustStore`].
pub struct LockedTrustStore {
    store: TrustStore,
    _lock: Lock,
}

impl LockedTrustStore {
    /// Takes the lock of the store in `dir` (made if missing), then reads the store.
    /// When another epct holds the lock, `waiting` is called with the lock file's path
    /// and the call blocks until it is free.
    pub fn open(dir: &Path, waiting: impl FnOnce(&Path)) -> Result<LockedTrustStore, TrustError> {
        std::fs::create_dir_all(dir).map_err(|source| TrustError::Write {
            path: dir.to_owned(),
            source,
        })?;
        let lock = Lock::exclusive(&dir.join(LOCK_FILE), waiting)?;
        Ok(LockedTrustStore {
            store: TrustStore::open(dir)?,
            _lock: lock,
        })
    }

    /// Verifies the signature of the list in `bytes` and stores it.
    pub fn import(
        &mut self,
        bytes: &[u8],
        options: &ImportOptions,
    ) -> Result<ImportReport, TrustError> {
        self.store.import(bytes, options)
    }
}

impl Deref for LockedTrustStore {
    type Target = TrustStore;

    fn deref(&self) -> &TrustStore {
        &self.store
    }
}

/// The certificates that may sign a list, and what the import does to its pin.
struct Signers {
    allowed: Vec<Certificate>,
    /// Those of them that the stored list of lists points to.
    pointers: Vec<Certificate>,
    pin: PinChange,
    /// Whether the allowed signers are the stored pin and nothing else (a refresh
    /// without --signer-cert of a list that the list of lists does not point to).
    stored_pin_only: bool,
}

/// The subjects of `certs`, `'A' and 'B'` (not "; ", which ends a message before its
/// hint).
fn subjects(certs: &[Certificate]) -> String {
    certs
        .iter()
        .map(|c| format!("'{}'", c.tbs_certificate().subject()))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// The name under which a list and its pin are stored: `FR`, `EU-list-of-lists`.
fn list_key(list: &TrustedList) -> String {
    if list.is_list_of_lists {
        format!("{}-list-of-lists", list.territory)
    } else {
        list.territory.clone()
    }
}

fn same_certificates(a: &[Certificate], b: &[Certificate]) -> bool {
    a.len() == b.len() && b.iter().all(|c| contains(a, c))
}

/// The signer's country when a national list's territory is another one; Greece's
/// certificates say GR for the list's EL.
fn country_differs(list: &TrustedList, signer: &Certificate) -> Option<String> {
    if list.is_list_of_lists {
        return None;
    }
    let country = subject_country(signer)?;
    let same = country.eq_ignore_ascii_case(&list.territory)
        || (list.territory == "EL" && country.eq_ignore_ascii_case("GR"));
    (!same).then_some(country)
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
