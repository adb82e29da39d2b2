//! Receipts through the platform: `exchange receive --platform` returns each receipt
//! to `<ME>/<FROM>/receipts/` (never overwriting one there: a receipt made again goes
//! under the next free name), and `exchange status --platform` reads, for the sender,
//! the files it finds in `<TO>/<ME>/` with their manifest entries and the receipts in
//! `<TO>/<ME>/receipts/`, for every state with a recipient in the partner directory.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::audit::{AuditEntry, AuditLog, Step};
use super::error::ExchangeError;
use super::naming::FileName;
use super::platform_send::entry_name;
use super::receipt::RECEIPT_SUFFIX;
use super::status::{ReceiptFile, Sent};
use crate::country::Country;
use crate::platform::{Platform, PlatformError, layout};
use crate::trust::Partners;

/// How many names a receipt made again may try (`NAME.p7m.2.receipt`, ...).
const AGAIN_NAMES: u32 = 100;

/// A receipt put on the platform.
#[derive(Clone, Debug, Serialize)]
pub struct Returned {
    /// The file it is about.
    pub file: String,
    pub url: String,
    /// It was there already with this content: nothing was sent.
    pub already_there: bool,
}

/// Whether `receipts` (the names in a `receipts/` folder) hold one for `file`: its
/// `NAME.p7m.receipt`, or one made again (`NAME.p7m.2.receipt`, ...).
pub fn has_receipt(receipts: &[String], file: &str) -> bool {
    receipts.iter().any(|r| {
        r.strip_prefix(file)
            .and_then(|rest| rest.strip_suffix(RECEIPT_SUFFIX))
            .is_some_and(|n| {
                n.is_empty()
                    || n.strip_prefix('.')
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
    })
}

/// Uploads `local`, the receipt of `file` (whose SHA-256 was `sha256`, where known), to
/// `<me>/<FROM>/receipts/`, noting the upload in `audit`. A receipt of that name there
/// with other content (one made again) is never overwritten: this one goes under the
/// next free name.
pub fn return_receipt(
    platform: &Platform,
    me: Country,
    file: &str,
    sha256: Option<&str>,
    local: &Path,
    audit: &mut AuditLog,
) -> Result<Returned, ExchangeError> {
    let sender = FileName::parse(file)
        .map(|n| n.sender)
        .ok_or(ExchangeError::BadFileName)?;
    let folder = layout::receipts(me, sender);
    platform.make_folder(&folder)?;
    let mut attempt = 1;
    let delivery = loop {
        let remote = match attempt {
            1 => format!("{file}{RECEIPT_SUFFIX}"),
            n => format!("{file}.{n}{RECEIPT_SUFFIX}"),
        };
        match platform.upload(local, &folder, &remote) {
            Err(PlatformError::RemoteDiffers { .. }) if attempt < AGAIN_NAMES => attempt += 1,
            other => break other?,
        }
    };
    let outcome = if delivery.already_there {
        "already-there"
    } else {
        "uploaded"
    };
    let entry = AuditEntry::now(Step::Upload, file, sha256, Some(sender), outcome);
    audit.record(&entry)?;
    Ok(Returned {
        file: file.to_owned(),
        url: delivery.url,
        already_there: delivery.already_there,
    })
}

/// What the sender reads of a manifest entry on the platform.
#[derive(Deserialize)]
struct Entry {
    file: EntryFile,
}

#[derive(Deserialize)]
struct EntryFile {
    sha256: String,
}

/// The files `me` sent that are on the platform, and the receipts returned for them,
/// downloaded into `work_dir`, for every other state with a recipient in `partners`.
pub fn sent_on_platform(
    platform: &Platform,
    me: Country,
    partners: &Partners,
    work_dir: &Path,
) -> Result<(Vec<Sent>, Vec<ReceiptFile>), ExchangeError> {
    let mut states: Vec<Country> = (partners.entries().iter())
        .filter(|p| p.role.receives() && p.country != me)
        .map(|p| p.country)
        .collect();
    states.sort();
    states.dedup();
    let mut sent = Vec::new();
    let mut receipts = Vec::new();
    for to in states {
        let folder = layout::folder(to, me);
        let entries = match platform.list(&folder) {
            Err(PlatformError::NotFound { .. }) => continue,
            other => other?,
        };
        let dir = work_dir.join(to.code());
        make_dir(&dir)?;
        for entry in &entries {
            let is_ours =
                FileName::parse(&entry.name).is_some_and(|n| n.sender == me && n.destination == to);
            if entry.folder || !is_ours {
                continue;
            }
            let name = entry_name(&entry.name);
            let manifest = platform.download(&folder.join(&name), &dir, &name)?;
            let sha256 = std::fs::read(&manifest.path)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<Entry>(&bytes).ok())
                .map(|e| e.file.sha256)
                .ok_or_else(|| ExchangeError::BadManifest {
                    path: manifest.path.clone(),
                    reason: "not a manifest entry of exchange send".to_owned(),
                })?;
            sent.push(Sent {
                destination: to,
                file: entry.name.clone(),
                size: entry.size.unwrap_or(0),
                sha256,
                time: entry.modified.clone(),
            });
        }
        let receipts_folder = layout::receipts(to, me);
        let found = match platform.list(&receipts_folder) {
            Err(PlatformError::NotFound { .. }) => Vec::new(),
            other => other?,
        };
        let dir = dir.join(layout::RECEIPTS);
        make_dir(&dir)?;
        for entry in (found.iter()).filter(|e| !e.folder && e.name.ends_with(RECEIPT_SUFFIX)) {
            let downloaded =
                platform.download(&receipts_folder.join(&entry.name), &dir, &entry.name)?;
            receipts.push(ReceiptFile {
                name: entry.name.clone(),
                from: to,
                path: downloaded.path,
            });
        }
    }
    Ok((sent, receipts))
}

fn make_dir(dir: &Path) -> Result<(), ExchangeError> {
    std::fs::create_dir_all(dir).map_err(|source| ExchangeError::Read {
        path: dir.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_made_again_counts_and_other_names_do_not() {
        let file = "BE-to-FR-2026-11-25-voters.p7m";
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(has_receipt(&names(&[&format!("{file}.receipt")]), file));
        assert!(has_receipt(&names(&[&format!("{file}.2.receipt")]), file));
        for other in [
            format!("{file}.x.receipt"),
            format!("{file}..receipt"),
            format!("{file}.2"),
            "BE-to-FR-2026-11-25-candidates.p7m.receipt".to_owned(),
            format!(".{file}.receipt.epct-part"),
        ] {
            assert!(!has_receipt(&names(&[&other]), file), "{other}");
        }
    }
}
