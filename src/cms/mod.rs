//! CMS (RFC 5652) files of any size, streamed: `seal` signs then encrypts, `open`
//! decrypts then verifies; `sign`/`verify`, `encrypt`/`decrypt` do one half each, and
//! `inspect` describes any CMS file.
//!
//! Sealed files are AuthEnvelopedData with AES-GCM (or EnvelopedData with AES-CBC)
//! around a SignedData ContentInfo, as `openssl cms -sign | openssl cms -encrypt` makes
//! them, so that OpenSSL opens what epct seals and the other way round.
//!
//! The streaming pieces underneath are public for their own tests:
//! - [`ber_reader`] and [`ber_writer`]: BER framing of files too large for memory;
//! - [`gcm`] and [`cbc`]: AES-GCM and AES-CBC content encryption, chunk by chunk;
//! - [`kdf`]: the X9.63 KDF and AES key wrap of ECDH recipients (RFC 5753).
//!
//! Nothing here holds a whole file in memory or prints, and reading never hands content
//! to the user on its own: the reading jobs write into a sink that the caller commits
//! only when the job returned `Ok`.

pub mod ber_reader;
pub mod ber_writer;
pub mod cbc;
pub mod gcm;
pub mod kdf;
pub mod limits;

mod algorithms;
mod asn1;
mod binding;
mod content_info;
mod copy;
mod envelope_reader;
mod envelope_writer;
mod error;
mod file_recipients;
mod inspect;
mod keys;
mod open;
mod pem_stream;
mod recipients;
mod seal;
mod signed_reader;
mod signed_writer;
mod signer_check;
mod signer_info;
mod stream_cipher;
#[cfg(test)]
mod tests;
mod time_stamp;

pub use algorithms::{AesKeySize, ContentCipher};
pub use binding::{BindingContext, BoundRecordTypes, RecipientBinding};
pub use envelope_reader::{EnvelopeInfo, EnvelopeKind};
pub use envelope_writer::Buffering;
pub use error::CmsError;
pub use file_recipients::{FileRecipients, Replayed, read_recipients};
pub use inspect::{
    EnvelopeOutline, Inspection, RecipientOutline, SignerOutline, Structure, inspect,
};
pub use keys::{ContentSigner, KeyDecryptor};
pub use open::{DecryptReport, OpenReport, VerifyOptions, VerifyReport, decrypt, open, verify};
pub use pem_stream::{Input, Output};
pub use seal::{EncryptReport, SealReport, SealRequest, SealWriter, encrypt, seal, sign};
pub use signed_writer::SignedSummary;
pub use signer_check::{AttributeProblem, SignerCheck, SignerFailure};
pub use signer_info::SignerReport;
pub use time_stamp::{TIME_STAMPS_MAX, TimeStampProblem, TimeStampReport};
