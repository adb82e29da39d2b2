//! `exchange send --platform`: every sealed file of a send, and the manifest entry for
//! it, delivered to `<TO>/<FROM>/` on the platform. An upload never overwrites and is
//! verified; a file already there with the same content counts as delivered, so that a
//! run after an interruption delivers only what is missing. Each upload goes into the
//! audit log when it is done, so that a run cut short leaves the uploads it made noted.

use std::path::Path;

use serde::Serialize;

use super::audit::{AuditEntry, AuditLog, Step};
use super::error::ExchangeError;
use super::send::{Manifest, SentFile};
use crate::country::Country;
use crate::output::{to_json, write_file};
use crate::platform::{Platform, PlatformError, layout};

/// The local manifest of a send, read back to deliver it again.
pub const MANIFEST: &str = "manifest.json";

/// One file on the platform after a send.
#[derive(Clone, Debug, Serialize)]
pub struct Delivered {
    pub destination: String,
    pub file: String,
    pub url: String,
    pub size: u64,
    pub sha256: String,
    /// It was there already from an earlier run, with the same content.
    pub already_there: bool,
}

/// What the receiver finds beside a sealed file: the manifest's entry for it.
#[derive(Serialize)]
struct ManifestEntry<'a> {
    sender: &'a str,
    signer: &'a str,
    date: &'a str,
    file: &'a SentFile,
}

/// The name of the manifest entry uploaded beside `file`.
pub fn entry_name(file: &str) -> String {
    format!(
        "{}.manifest.json",
        file.strip_suffix(".p7m").unwrap_or(file)
    )
}

/// The manifest that an earlier send left in `out_dir`, if any.
pub fn earlier_manifest(out_dir: &Path) -> Result<Option<Manifest>, ExchangeError> {
    let path = out_dir.join(MANIFEST);
    let text = match std::fs::read(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(ExchangeError::Read { path, source }),
    };
    serde_json::from_slice(&text)
        .map(Some)
        .map_err(|e| ExchangeError::Read {
            path,
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        })
}

/// Uploads each file of `manifest` (kept in `out_dir`) and its manifest entry, noting
/// each sealed file in `audit` as soon as the server holds it.
pub fn deliver(
    platform: &Platform,
    out_dir: &Path,
    manifest: &Manifest,
    audit: &mut AuditLog,
) -> Result<Vec<Delivered>, ExchangeError> {
    let sender = country(&manifest.sender)?;
    let mut delivered = Vec::new();
    for file in &manifest.files {
        let folder = layout::folder(country(&file.destination)?, sender);
        platform.make_folder(&folder)?;
        let sealed = platform.upload(&out_dir.join(&file.file), &folder, &file.file)?;
        if sealed.sha256 != file.sha256 {
            return Err(PlatformError::RemoteDiffers {
                path: sealed.url,
                size: sealed.size,
                sha256: file.sha256.clone(),
                remote_size: sealed.size,
                remote_sha256: sealed.sha256,
            }
            .into());
        }
        let name = entry_name(&file.file);
        let entry = out_dir.join(&name);
        let json = to_json(&ManifestEntry {
            sender: &manifest.sender,
            signer: &manifest.signer,
            date: &manifest.date,
            file,
        })
        .into_bytes();
        if std::fs::read(&entry).ok().as_deref() != Some(&json[..]) {
            write_file(&entry, &json, true)?;
        }
        platform.upload(&entry, &folder, &name)?;
        let outcome = if sealed.already_there {
            "already-there"
        } else {
            "uploaded"
        };
        let peer = file.destination.parse().ok();
        let sha256 = Some(sealed.sha256.as_str());
        audit.record(&AuditEntry::now(
            Step::Upload,
            &file.file,
            sha256,
            peer,
            outcome,
        ))?;
        delivered.push(Delivered {
            destination: file.destination.clone(),
            file: file.file.clone(),
            url: sealed.url,
            size: sealed.size,
            sha256: sealed.sha256,
            already_there: sealed.already_there,
        });
    }
    Ok(delivered)
}

fn country(code: &str) -> Result<Country, ExchangeError> {
    code.parse().map_err(|_| ExchangeError::BadFileName)
}
