//! `exchange receive --platform`: every sealed file in `<ME>/*/` on the platform that
//! has no receipt in its folder's `receipts/` yet (or every file, with `again`) is
//! downloaded (to a temporary file, renamed when whole) into the inbox's `.incoming/`,
//! received there as from a directory, moved into the inbox, and its receipt returned.
//!
//! A file the inbox holds already was received by an earlier run: it is not fetched
//! again, and the receipt that run made but could not return (the connection cut) is
//! returned now. Each download and each receipt returned goes into the audit log as it
//! happens, between the receive's own lines, in the order of the steps.

use std::fs::DirBuilder;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use x509_cert::Certificate;

use super::audit::{AuditEntry, AuditLog, Step};
use super::error::ExchangeError;
use super::naming::FileName;
use super::platform_receipts::{Returned, has_receipt, return_receipt};
use super::receipt::{RECEIPT_SUFFIX, RECEIPTS_DIR};
use super::receive::{ReceiveOptions, ReceiveReport, receive};
use crate::country::Country;
use crate::platform::{Downloaded, Platform, PlatformError, layout};
use crate::token::TokenDecryptor;
use crate::trust::{Partners, TrustStore};

/// Where downloads wait to be received, inside the inbox.
const INCOMING: &str = ".incoming";

/// What a receive from the platform fetched, skipped and returned, and the receive's
/// report.
pub struct PlatformReceipt {
    pub report: ReceiveReport,
    pub platform: PlatformRun,
}

/// The platform's side of a receive.
#[derive(Debug, Default, Serialize)]
pub struct PlatformRun {
    /// The sealed files downloaded.
    pub downloaded: Vec<Downloaded>,
    /// Files on the platform that have their receipt there already: not fetched.
    pub with_receipt: Vec<String>,
    /// The receipts put on the platform, this run's and those an earlier run made.
    pub receipts_returned: Vec<Returned>,
}

/// Fetches the new files sent to the state of `certificate` into `inbox`, receives
/// them into `out_dir` as [`receive`] does, and returns their receipts; with `again`,
/// files that have a receipt are fetched and received again.
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
    let mut audit = AuditLog::open(options.state_dir)?;
    let places = Places {
        inbox,
        incoming: &incoming,
        receipts: options
            .receipts
            .is_some()
            .then(|| out_dir.join(RECEIPTS_DIR)),
    };
    let mut run = PlatformRun::default();
    let pending = fetch(platform, me, &places, options.again, &mut run, &mut audit)?;
    for (file, local) in pending {
        let returned = return_receipt(platform, me, &file, None, &local, &mut audit)?;
        run.receipts_returned.push(returned);
    }
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
    for file in &report.files {
        if let Some(receipt) = &file.receipt {
            let sha256 = file.sha256.as_deref();
            let returned = return_receipt(
                platform,
                me,
                &file.file,
                sha256,
                Path::new(receipt),
                &mut audit,
            )?;
            run.receipts_returned.push(returned);
        }
    }
    Ok(PlatformReceipt {
        report,
        platform: run,
    })
}

/// Where the files of a receive from the platform are kept.
struct Places<'a> {
    inbox: &'a Path,
    incoming: &'a Path,
    /// Where this receive writes its receipts, when it makes them.
    receipts: Option<PathBuf>,
}

/// Downloads into `incoming` every sealed file for `me` that needs receiving, noting
/// each in `audit`; gives the receipts of earlier runs that are still to be returned.
fn fetch(
    platform: &Platform,
    me: Country,
    places: &Places<'_>,
    again: bool,
    run: &mut PlatformRun,
    audit: &mut AuditLog,
) -> Result<Vec<(String, PathBuf)>, ExchangeError> {
    let mut pending = Vec::new();
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
        let entries = platform.list(&folder)?;
        let receipts: Vec<String> = match platform.list(&layout::receipts(me, from)) {
            Err(PlatformError::NotFound { .. }) => Vec::new(),
            other => other?.into_iter().map(|e| e.name).collect(),
        };
        for entry in entries {
            let name = entry.name;
            let meant_for_me =
                FileName::parse(&name).is_some_and(|n| n.sender == from && n.destination == me);
            if entry.folder || !meant_for_me || places.incoming.join(&name).exists() {
                continue;
            }
            if !again && has_receipt(&receipts, &name) {
                run.with_receipt.push(name);
                continue;
            }
            if !again && places.inbox.join(&name).exists() {
                let earlier = (places.receipts.as_ref())
                    .map(|dir| dir.join(format!("{name}{RECEIPT_SUFFIX}")))
                    .filter(|local| local.is_file());
                if let Some(local) = earlier {
                    pending.push((name, local));
                }
                continue;
            }
            let got = platform.download(&folder.join(&name), places.incoming, &name)?;
            let sha256 = Some(got.sha256.as_str());
            audit.record(&AuditEntry::now(
                Step::Download,
                &name,
                sha256,
                Some(from),
                "downloaded",
            ))?;
            run.downloaded.push(got);
        }
    }
    Ok(pending)
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
