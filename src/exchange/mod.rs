//! The exchange between Member States: `send` validates a residence state's file,
//! splits it by nationality and seals one file per home state; `receive` opens every
//! file that arrived, checks that each came from an authority of the state it claims,
//! and validates its content.
//!
//! Sending writes nothing unless every destination has recipients and (without
//! `skip_invalid`) every row is valid, and then writes every file or none; each file is
//! bound to its recipients, destination, name and record types. Receiving writes the
//! plaintext of a file only when it decrypted, authenticated, verified, came from a
//! sender of its state, was meant for the receiver under the name it has, was not
//! taken before (the ledger of received files), and holds only the receiving state's nationals.
//! Each file received can get a signed receipt for its sender (`receipt.rs`), and
//! every step goes into the audit log (`audit.rs`).

mod audit;
mod campaign;
mod error;
mod hashing;
mod inbox;
mod ledger;
mod naming;
mod platform_receipts;
mod platform_receive;
mod platform_send;
mod platform_waiting;
mod receipt;
mod receive;
mod report_files;
mod send;
mod status;

pub use audit::{AUDIT_FILE, AuditEntry, AuditLog, Step};
pub use campaign::{TEST_ROWS_PER_STATE, send_test};
pub use error::ExchangeError;
pub use inbox::{SkipReason, SkippedEntry};
pub use naming::{FileName, RecordTypes};
pub use platform_receipts::{Returned, sent_on_platform};
pub use platform_receive::{PlatformReceipt, PlatformRun, receive_from_platform};
pub use platform_send::{Delivered, MANIFEST, deliver, earlier_manifest, entry_name};
pub use platform_waiting::{ReceiverStatus, SenderFolder, WaitingFile, receiver_status};
pub use receipt::{
    FORMAT as RECEIPT_FORMAT, Forged, Party, RECEIPT_SUFFIX, RECEIPTS_DIR, Receipt, ReceiptOutcome,
    ReceiptSigning, RowCounts, VerifiedReceipt, read_receipt,
};
pub use receive::{Outcome, ReceiveOptions, ReceiveReport, ReceivedFile, receive};
pub use send::{Manifest, SendOptions, SentFile, send};
pub use status::{
    Destination, FileStatus, ForgedReceipt, ReceiptFile, SenderStatus, Sent, State, StatusOptions,
    receipts_in_dir, sender_status, sent_from_dir,
};
