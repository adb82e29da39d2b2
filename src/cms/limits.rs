//! The most of everything that a file's author chooses and epct reads before it can
//! check anything (docs/contract.md section 4): counts and sizes past these are refused
//! at once, naming the limit, so that a hostile file costs little time and memory.

use super::ber_reader::BerError;
use super::error::CmsError;

/// Signers of a file given to `verify` (RFC 5652 allows any number; eID software and
/// OpenSSL with several `-signer` make a few).
pub const MAX_SIGNERS: usize = 16;
/// Signers of a sealed file (`open`, `exchange receive`): `seal` makes exactly one.
pub const MAX_SEALED_SIGNERS: usize = 1;
/// Certificates (and other certificate choices) in a SignedData's certificate set.
pub const MAX_CERTIFICATES: usize = 64;
/// One certificate in that set, in bytes.
pub const MAX_CERTIFICATE_LEN: usize = 64 << 10;
/// Revocation entries (CRLs and others) in a SignedData; they are skipped, not kept.
pub const MAX_CRLS: usize = 16;
/// One SignerInfo, in bytes (its attributes and countersignatures included).
pub const MAX_SIGNER_INFO_LEN: usize = 1 << 20;
/// Signed attributes, and unsigned attributes, of one signer.
pub const MAX_ATTRIBUTES: usize = 64;
/// Digest algorithms a SignedData lists.
pub const MAX_DIGEST_ALGORITHMS: usize = 16;
/// Recipients of an envelope.
pub const MAX_RECIPIENTS: usize = 256;
/// All recipient infos of an envelope together, in bytes.
pub const MAX_RECIPIENT_INFOS_LEN: usize = 4 << 20;
/// Zero bytes of padding after the end of a file's CMS structure (some eID software
/// pads its files; a few blocks at most).
pub const MAX_TRAILING_ZEROS: u64 = 1 << 20;
/// A small element: an algorithm identifier, a content type.
pub const SMALL: usize = 64 << 10;

/// An element read with a size limit: `TooLarge` naming `what` when it is larger.
pub(crate) fn sized(what: &'static str, limit: usize) -> impl Fn(BerError) -> CmsError {
    move |e| match e {
        BerError::TooLarge { .. } => CmsError::TooLarge { what, limit },
        e => CmsError::Ber(e),
    }
}

/// `Err` naming the limit when `count` is above `limit`.
pub(crate) fn at_most(what: &'static str, count: usize, limit: usize) -> Result<(), CmsError> {
    if count > limit {
        return Err(CmsError::TooMany { what, limit });
    }
    Ok(())
}
