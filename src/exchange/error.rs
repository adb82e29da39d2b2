//! The ways the exchange fails: its own, and those of the layers below, each wrapped
//! whole so that its kind survives.

use std::path::PathBuf;

use crate::ErrorKind;
use crate::cms::CmsError;
use crate::country::Country;
use crate::data::DataError;
use crate::lock::LockError;
use crate::output::OutputError;
use crate::platform::PlatformError;
use crate::token::TokenError;
use crate::trust::TrustError;
use crate::verdict::Refusal;

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error(
        "cannot tell which state sends: list the sender's certificate in the partner directory (epct partners import) or give --from"
    )]
    UnknownSender,
    #[error(
        "no recipient of {country} in the partner directory; import its certificate (epct partners import) before sending"
    )]
    NoRecipients { country: String },
    #[error(
        "the partner directory has no recipient of another state to test with; import it first (epct partners import)"
    )]
    NoPartners,
    #[error("the file has no valid row to send")]
    NothingToSend,
    #[error("the file cannot be sent: {0}")]
    BadHeader(String),
    #[error(
        "rows with a residence country other than {sender}, the sending state: {rows}; correct them, or leave them out with --skip-invalid"
    )]
    WrongResidence { rows: u64, sender: String },
    #[error("'{0}' is not a directory")]
    NotADirectory(String),
    #[error("{count} file(s) of the exchange failed; see the report")]
    FilesFailed {
        count: usize,
        /// Verification when any file failed it, else the first failure's kind.
        kind: ErrorKind,
    },
    #[error("its name does not say who sent it (SENDER-to-DESTINATION-[ELECTION-]DATE-TYPES.p7m)")]
    BadFileName,
    #[error(
        "it is signed by '{signer}', which is not a sender of {state} in the partner directory"
    )]
    NotASender { signer: String, state: Country },
    #[error(
        "it was received already, on {received_at} as '{first}' (the same SHA-256): a replay, not taken again"
    )]
    Replay { first: String, received_at: String },
    #[error(
        "the file was meant for someone else: its name says it is for {destination}, and this key receives for {receiver}"
    )]
    OtherDestination {
        destination: Country,
        receiver: Country,
    },
    #[error(
        "its name says it is for the election {election}, not {expected}, the one given: a file of another election is not taken"
    )]
    OtherElection { election: String, expected: String },
    #[error("its name is dated {date}, after today ({today}): a file from the future is not taken")]
    FutureDate { date: time::Date, today: time::Date },
    #[error(
        "line {line}: a national of {nationality}, not of {receiver}: the file holds rows meant for another state"
    )]
    OtherNationality {
        line: u64,
        nationality: Country,
        receiver: Country,
    },
    #[error(
        "the certificate of the key ('{subject}') is not a recipient in the partner directory, so the receiving state is unknown; import it (epct partners import)"
    )]
    UnknownReceiver { subject: String },
    #[error(
        "cannot keep the ledger of received files {path}: {source}; give a writable --state-dir"
    )]
    Ledger {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the ledger of received files {path} is damaged at line {line}; without it replays would pass: restore it from a backup"
    )]
    LedgerDamaged { path: PathBuf, line: u64 },
    #[error(
        "forged receipts, not signed by a recipient authority of the state they come from: {count}; tell that state and the platform's administrator"
    )]
    ForgedReceipts { count: usize },
    #[error(
        "files accepted so far: {accepted} of {files}{}; see the status per state",
        if *overdue > 0 { format!(", {overdue} overdue") } else { String::new() }
    )]
    NotAllAccepted {
        files: usize,
        accepted: usize,
        overdue: usize,
    },
    #[error(
        "files waiting in {receiver}'s folders without a receipt: {waiting}{}; run exchange receive --platform",
        if *overdue > 0 { format!(", {overdue} overdue") } else { String::new() }
    )]
    FilesWaiting {
        receiver: Country,
        waiting: usize,
        overdue: usize,
    },
    #[error(
        "the manifest {path} cannot be read ({reason}); give the output directory of exchange send"
    )]
    BadManifest { path: PathBuf, reason: String },
    #[error("cannot keep the audit log {path}: {source}; give a writable --state-dir")]
    Audit {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the audit log {path} is damaged at line {line}; restore it from a backup (epct only ever appends to it)"
    )]
    AuditDamaged { path: PathBuf, line: u64 },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Cms(#[from] CmsError),
    #[error(transparent)]
    Platform(#[from] PlatformError),
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Trust(#[from] TrustError),
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Lock(#[from] LockError),
}

impl ExchangeError {
    /// Invalid data for what was sent or received, usage for what the user set up,
    /// verification for a sender who is not one; the layers' errors keep their own.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ExchangeError::NothingToSend
            | ExchangeError::BadHeader(_)
            | ExchangeError::WrongResidence { .. }
            | ExchangeError::OtherElection { .. } => ErrorKind::InvalidData,
            ExchangeError::UnknownSender
            | ExchangeError::UnknownReceiver { .. }
            | ExchangeError::NoRecipients { .. }
            | ExchangeError::NoPartners
            | ExchangeError::NotADirectory(_) => ErrorKind::Usage,
            ExchangeError::NotASender { .. }
            | ExchangeError::Replay { .. }
            | ExchangeError::OtherDestination { .. }
            | ExchangeError::FutureDate { .. }
            | ExchangeError::OtherNationality { .. }
            | ExchangeError::ForgedReceipts { .. } => ErrorKind::Verification,
            ExchangeError::FilesFailed { kind, .. } => *kind,
            ExchangeError::BadFileName
            | ExchangeError::NotAllAccepted { .. }
            | ExchangeError::FilesWaiting { .. }
            | ExchangeError::BadManifest { .. }
            | ExchangeError::Read { .. }
            | ExchangeError::Ledger { .. }
            | ExchangeError::Audit { .. }
            | ExchangeError::AuditDamaged { .. }
            | ExchangeError::LedgerDamaged { .. } => ErrorKind::Other,
            ExchangeError::Cms(e) => e.kind(),
            ExchangeError::Platform(e) => e.kind(),
            ExchangeError::Refused(e) => e.kind(),
            ExchangeError::Trust(e) => e.kind(),
            ExchangeError::Data(e) => e.kind(),
            ExchangeError::Token(e) => e.kind(),
            ExchangeError::Output(e) => e.kind(),
            ExchangeError::Lock(e) => e.kind(),
        }
    }
}
