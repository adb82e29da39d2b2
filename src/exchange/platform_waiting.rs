//! `exchange status --platform --to CC`, the receiver's side: the sealed files waiting
//! in its own folders `<ME>/*/`, each with the receipt it returned (read back from
//! `<ME>/<FROM>/receipts/` and verified as its own: signed by a recipient authority of
//! `ME`, about that file, for that sender) or none yet, against the deadline. A receipt
//! there that does not verify so is reported as forged and never counted.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

use serde::Serialize;

use super::error::ExchangeError;
use super::naming::FileName;
use super::receipt::{RECEIPT_SUFFIX, ReceiptOutcome, VerifiedReceipt, read_receipt};
use super::status::{ForgedReceipt, State, StatusOptions};
use crate::country::Country;
use crate::platform::{Platform, PlatformError, layout};

/// One file in the receiver's folder.
#[derive(Debug, Serialize)]
pub struct WaitingFile {
    pub file: String,
    pub size: Option<u64>,
    /// When it arrived on the platform, as the server says it.
    pub time: Option<String>,
    /// `waiting` without a receipt, else the receipt's outcome; in JSON `status`
    /// (`state` is a Member State's code).
    #[serde(rename = "status")]
    pub state: State,
    /// No receipt yet, and the deadline has passed.
    pub overdue: bool,
    pub receipt: Option<VerifiedReceipt>,
}

/// The folder of one sending state.
#[derive(Debug, Serialize)]
pub struct SenderFolder {
    pub state: Country,
    pub files: Vec<WaitingFile>,
    pub forged: Vec<ForgedReceipt>,
}

/// The receiver's status.
#[derive(Debug, Serialize)]
pub struct ReceiverStatus {
    pub receiver: Country,
    pub test: bool,
    pub deadline: Option<String>,
    pub senders: Vec<SenderFolder>,
    pub files: usize,
    /// Files without a receipt.
    pub waiting: usize,
    /// Files with a receipt (whatever its outcome).
    pub answered: usize,
    pub overdue: usize,
    pub forged: usize,
}

impl ReceiverStatus {
    /// `Ok` when every file has its receipt and none is forged; forged receipts are
    /// exit 3, files waiting exit 1.
    pub fn outcome(&self) -> Result<(), ExchangeError> {
        if self.forged > 0 {
            return Err(ExchangeError::ForgedReceipts { count: self.forged });
        }
        if self.waiting > 0 {
            return Err(ExchangeError::FilesWaiting {
                receiver: self.receiver,
                waiting: self.waiting,
                overdue: self.overdue,
            });
        }
        Ok(())
    }
}

/// The files waiting for `me` on the platform and the receipts `me` returned for them;
/// the receipts are downloaded into `work_dir` to be verified.
pub fn receiver_status(
    platform: &Platform,
    me: Country,
    work_dir: &Path,
    options: &StatusOptions<'_>,
) -> Result<ReceiverStatus, ExchangeError> {
    let mut senders = Vec::new();
    for sender in platform.list(&layout::inbox(me))? {
        let Some(from) = sender
            .folder
            .then(|| Country::from_code(sender.name.as_bytes()))
            .flatten()
            .filter(|&from| from != me)
        else {
            continue;
        };
        senders.push(sender_folder(platform, me, from, work_dir, options)?);
    }
    let files = || senders.iter().flat_map(|s| s.files.iter());
    let waiting = files().filter(|f| f.state == State::Waiting).count();
    Ok(ReceiverStatus {
        receiver: me,
        test: options.test,
        deadline: options.deadline.map(|d| d.to_string()),
        files: files().count(),
        waiting,
        answered: files().count() - waiting,
        overdue: files().filter(|f| f.overdue).count(),
        forged: senders.iter().map(|s| s.forged.len()).sum(),
        senders,
    })
}

/// The files `from` sent `me`, each with its newest verified receipt.
fn sender_folder(
    platform: &Platform,
    me: Country,
    from: Country,
    work_dir: &Path,
    options: &StatusOptions<'_>,
) -> Result<SenderFolder, ExchangeError> {
    let receipts_folder = layout::receipts(me, from);
    let found = match platform.list(&receipts_folder) {
        Err(PlatformError::NotFound { .. }) => Vec::new(),
        other => other?,
    };
    let dir = work_dir.join(from.code());
    std::fs::create_dir_all(&dir).map_err(|source| ExchangeError::Read {
        path: dir.clone(),
        source,
    })?;
    let mut verified: BTreeMap<String, VerifiedReceipt> = BTreeMap::new();
    let mut forged = Vec::new();
    for entry in (found.iter()).filter(|e| !e.folder && e.name.ends_with(RECEIPT_SUFFIX)) {
        let got = platform.download(&receipts_folder.join(&entry.name), &dir, &entry.name)?;
        let input = File::open(&got.path).map_err(|source| ExchangeError::Read {
            path: got.path.clone(),
            source,
        })?;
        let read = read_receipt(input, me, options.store, options.crls, options.partners)
            .map_err(|e| e.to_string())
            .and_then(|r| {
                let file = &r.receipt.file;
                if r.receipt.sender.state != from || !entry.name.starts_with(file.as_str()) {
                    Err(format!(
                        "forged receipt: it is about {file} from {}, not a file in {from}'s folder under this name",
                        r.receipt.sender.state
                    ))
                } else {
                    Ok(r)
                }
            });
        match read {
            Ok(receipt) => {
                let file = receipt.receipt.file.clone();
                let newer =
                    (verified.get(&file)).is_none_or(|v| v.receipt.time <= receipt.receipt.time);
                if newer {
                    verified.insert(file, receipt);
                }
            }
            Err(reason) => forged.push(ForgedReceipt {
                receipt: entry.name.clone(),
                reason,
            }),
        }
    }
    let mut files = Vec::new();
    for entry in platform.list(&layout::folder(me, from))? {
        let ours = FileName::parse(&entry.name)
            .filter(|n| n.sender == from && n.destination == me && n.test == options.test);
        if entry.folder || ours.is_none() {
            continue;
        }
        let receipt = verified.remove(&entry.name);
        let state = match receipt.as_ref().map(|r| &r.receipt.outcome) {
            None => State::Waiting,
            Some(ReceiptOutcome::Accepted) => State::Accepted,
            Some(ReceiptOutcome::AcceptedWithProblems { .. }) => State::AcceptedWithProblems,
            Some(ReceiptOutcome::Refused { .. }) => State::Refused,
        };
        let overdue =
            state == State::Waiting && options.deadline.is_some_and(|d| options.today > d);
        files.push(WaitingFile {
            file: entry.name,
            size: entry.size,
            time: entry.modified,
            state,
            overdue,
            receipt,
        });
    }
    Ok(SenderFolder {
        state: from,
        files,
        forged,
    })
}
