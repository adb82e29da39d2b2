//! Receipts through the platform: `exchange receive --platform` returns each receipt
//! to `<ME>/<FROM>/receipts/` (never overwriting one there: a receipt made again goes
//! under the next free name), and `exchange status --platform` reads, for the sender,
//! the files it finds in `<TO>/<ME>/` with their manifest entries and the receipts in
//! `<TO>/<ME>/receipts/`, for every state with a recipient in the partner directory.

use std::path::Path;

use serde::Deserialize;

use super::audit::{AuditEntry, AuditLog, Step};
use super::error::ExchangeError;
use super::naming::FileName;
use super::platform_send::{Delivered, entry_name};
use super::receipt::RECEIPT_SUFFIX;
use super::receive::ReceiveReport;
use super::status::{ReceiptFile, Sent};
use crate::country::Country;
use crate::platform::{Downloaded, Platform, PlatformError, layout};
use crate::trust::Partners;

/// How many names a receipt made again may try (`NAME.p7m.2.receipt`, ...).
const AGAIN_NAMES: u32 = 100;

/// Uploads the receipt of every file of `report` to `<me>/<FROM>/receipts/`, noting
/// each upload in `audit`; gives how many were uploaded.
pub fn return_receipts(
    platform: &Platform,
    me: Country,
    report: &ReceiveReport,
    audit: &mut AuditLog,
) -> Result<usize, ExchangeError> {
    let mut uploaded = 0;
    for file in &report.files {
        let (Some(receipt), Some(name)) = (&file.receipt, FileName::parse(&file.file)) else {
            continue;
        };
        let folder = layout::receipts(me, name.sender);
        platform.make_folder(&folder)?;
        let local = Path::new(receipt);
        let mut attempt = 1;
        let delivery = loop {
            let remote = match attempt {
                1 => format!("{}{RECEIPT_SUFFIX}", file.file),
                n => format!("{}.{n}{RECEIPT_SUFFIX}", file.file),
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
        let sha256 = file.sha256.as_deref();
        let entry = AuditEntry::now(Step::Upload, &file.file, sha256, Some(name.sender), outcome);
        audit.record(&entry)?;
        uploaded += 1;
    }
    Ok(uploaded)
}

/// Notes in the audit log each sealed file `exchange send --platform` delivered.
pub fn note_uploads(audit: &mut AuditLog, delivered: &[Delivered]) -> Result<(), ExchangeError> {
    for d in delivered {
        let outcome = if d.already_there {
            "already-there"
        } else {
            "uploaded"
        };
        let peer = d.destination.parse().ok();
        audit.record(&AuditEntry::now(
            Step::Upload,
            &d.file,
            Some(&d.sha256),
            peer,
            outcome,
        ))?;
    }
    Ok(())
}

/// Notes in the audit log each sealed file `exchange receive --platform` fetched.
pub fn note_downloads(
    audit: &mut AuditLog,
    downloaded: &[Downloaded],
) -> Result<(), ExchangeError> {
    for d in downloaded {
        let file = (d.path.file_name().unwrap_or_default().to_string_lossy()).into_owned();
        let peer = FileName::parse(&file).map(|n| n.sender);
        let entry = AuditEntry::now(Step::Download, &file, Some(&d.sha256), peer, "downloaded");
        audit.record(&entry)?;
    }
    Ok(())
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
