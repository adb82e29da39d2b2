//! `exchange receive --platform`: every sealed file in `<ME>/*/` on the platform that is
//! not in the local inbox yet is downloaded (to a temporary file, renamed when whole)
//! into the inbox's `.incoming/`, received there as from a directory, then moved into
//! the inbox, so that the next run fetches only what is new.

use std::fs::DirBuilder;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use x509_cert::Certificate;

use super::error::ExchangeError;
use super::naming::FileName;
use super::receive::{ReceiveOptions, ReceiveReport, receive};
use crate::country::Country;
use crate::platform::{Downloaded, Platform, layout};
use crate::token::TokenDecryptor;
use crate::trust::{Partners, TrustStore};

/// Where downloads wait to be received, inside the inbox.
const INCOMING: &str = ".incoming";

/// What a receive from the platform fetched, and the receive's report.
pub struct PlatformReceipt {
    pub downloaded: Vec<Downloaded>,
    pub report: ReceiveReport,
}

/// Fetches the new files sent to the state of `certificate` into `inbox`, and receives
/// them into `out_dir` as [`receive`] does.
#[allow(clippy::too_many_arguments)]
pub fn receive_from_platform(
    platform: &Platform,
    inbox: &Path,
    out_dir: &Path,
    decryptor: &TokenDecryptor<'_, '_>,
    certificate: &Certificate,
    store: &TrustStore,
    partners: &Partners,
    options: &ReceiveOptions<'_>,
) -> Result<PlatformReceipt, ExchangeError> {
    let me = partners
        .identify(certificate)
        .filter(|p| p.role.receives())
        .map(|p| p.country)
        .ok_or_else(|| ExchangeError::UnknownReceiver {
            subject: certificate.tbs_certificate().subject().to_string(),
        })?;
    let incoming = inbox.join(INCOMING);
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&incoming)
        .map_err(|source| ExchangeError::Read {
            path: incoming.clone(),
            source,
        })?;
    let downloaded = fetch(platform, me, inbox, &incoming)?;
    let report = receive(
        &incoming,
        out_dir,
        decryptor,
        certificate,
        store,
        partners,
        options,
    )?;
    settle(&incoming, inbox)?;
    Ok(PlatformReceipt { downloaded, report })
}

/// Downloads into `incoming` every sealed file for `me` that neither it nor `inbox` holds.
fn fetch(
    platform: &Platform,
    me: Country,
    inbox: &Path,
    incoming: &Path,
) -> Result<Vec<Downloaded>, ExchangeError> {
    let mut downloaded = Vec::new();
    for sender in platform.list(&layout::inbox(me))? {
        let Some(from) = sender
            .folder
            .then(|| Country::from_code(sender.name.as_bytes()))
            .flatten()
            .filter(|&from| from != me)
        else {
            continue;
        };
        let folder = layout::folder(me, from);
        for entry in platform.list(&folder)? {
            let meant_for_me = FileName::parse(&entry.name)
                .is_some_and(|n| n.sender == from && n.destination == me);
            if entry.folder
                || !meant_for_me
                || inbox.join(&entry.name).exists()
                || incoming.join(&entry.name).exists()
            {
                continue;
            }
            downloaded.push(platform.download(&folder.join(&entry.name), incoming, &entry.name)?);
        }
    }
    Ok(downloaded)
}

/// Moves the received files from `incoming` into `inbox`.
fn settle(incoming: &Path, inbox: &Path) -> Result<(), ExchangeError> {
    let read = |source| ExchangeError::Read {
        path: incoming.to_owned(),
        source,
    };
    let names: Vec<PathBuf> = std::fs::read_dir(incoming)
        .map_err(read)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "p7m"))
        .collect();
    for path in names {
        if let Some(name) = path.file_name() {
            std::fs::rename(&path, inbox.join(name)).map_err(read)?;
        }
    }
    Ok(())
}
