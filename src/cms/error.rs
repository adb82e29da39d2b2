//! Every way reading or writing a CMS file fails, with a message that says what to do.

use crate::ErrorKind;
use crate::algorithms::AlgorithmError;
use crate::token::TokenError;
use crate::x509::X509Error;

#[derive(Debug, thiserror::Error)]
pub enum CmsError {
    #[error(
        "the input is not a CMS file ({0}); epct reads signed or encrypted CMS files (.p7m, .p7s; DER, BER or PEM): give a file made by epct, openssl cms or eID software"
    )]
    NotCms(String),
    #[error(
        "the input is an X.509 certificate, not a CMS file; read it with openssl x509 -noout -text -in FILE, or check it against the trusted lists with epct trust check FILE"
    )]
    Certificate,
    #[error("the file is signed, not encrypted; use epct verify")]
    SignedNotEncrypted,
    #[error(
        "the file is CMS of the content type {0}, not an envelope; epct decrypts AuthEnvelopedData and EnvelopedData"
    )]
    NotAnEnvelope(String),
    #[error("the file is damaged ({0}); fetch it again")]
    Malformed(String),
    #[error(
        "the file goes on after the end of its CMS structure: data that is not zero padding at byte {offset}; it was damaged or joined to something else: fetch it again"
    )]
    DataAfterEnd { offset: u64 },
    #[error(
        "the file has more than {limit} zero bytes after the end of its CMS structure, more padding than epct reads; fetch it again"
    )]
    TooMuchPadding { limit: u64 },
    #[error(
        "the file has more than {limit} {what}, more than epct reads; it was not made by epct or a common tool: ask the sender for a file of its own making"
    )]
    TooMany { what: &'static str, limit: usize },
    #[error(
        "{what} in the file is larger than {limit} bytes, more than epct reads; ask the sender for a file of its own making"
    )]
    TooLarge { what: &'static str, limit: usize },
    #[error(transparent)]
    Ber(#[from] super::ber_reader::BerError),
    #[error("{what} uses {algorithm}, which epct does not support")]
    Unsupported {
        what: &'static str,
        algorithm: String,
    },
    #[error("{0}")]
    Cipher(String),
    #[error("{0} is too weak and never accepted; ask the sender to use AES")]
    WeakCipher(&'static str),
    #[error(transparent)]
    Algorithm(#[from] AlgorithmError),
    #[error("the file is not encrypted for this key; its recipients are: {recipients}")]
    NotForThisKey { recipients: String },
    #[error(
        "the content does not authenticate: the file was changed or damaged after it was sealed, or it is not for this key"
    )]
    AuthenticationFailed,
    #[error("the file is not signed; epct opens only signed files (use decrypt for an envelope)")]
    Unsigned,
    #[error("the signature is detached: give the signed content with --content FILE")]
    DetachedContentMissing,
    #[error("no recipient given; name one with --to")]
    NoRecipients,
    #[error("cannot encrypt for '{subject}': {reason}")]
    BadRecipient { subject: String, reason: String },
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(transparent)]
    X509(#[from] X509Error),
    #[error("cannot read the input: {0}")]
    Read(std::io::Error),
    #[error("cannot write the output: {0}")]
    Write(std::io::Error),
    /// A writer's error that already says where it could not write (an output file's).
    #[error(transparent)]
    Destination(std::io::Error),
}

impl CmsError {
    /// An error met while writing the output: a CmsError carried through `io::Write`
    /// comes back as itself, and an error that names its destination (an output file
    /// names itself) is not wrapped again.
    pub fn writing(error: std::io::Error) -> CmsError {
        match error.get_ref() {
            Some(inner) if inner.is::<CmsError>() => {
                let inner = error.into_inner().expect("checked to hold an error");
                *inner
                    .downcast::<CmsError>()
                    .expect("checked to be a CmsError")
            }
            Some(_) => CmsError::Destination(error),
            None => CmsError::Write(error),
        }
    }

    /// This error, to be carried through `io::Write` and taken back by [`Self::writing`];
    /// a writer's own error passes as it came.
    pub fn into_io(self) -> std::io::Error {
        match self {
            CmsError::Write(error) | CmsError::Destination(error) => error,
            other => std::io::Error::other(other),
        }
    }

    /// An error met while reading the input: a BER error carried through `io::Read`
    /// comes back as itself.
    pub fn reading(error: std::io::Error) -> CmsError {
        use super::ber_reader::BerError;
        if error.get_ref().is_some_and(|inner| inner.is::<BerError>()) {
            let inner = error.into_inner().expect("checked to hold an error");
            return CmsError::Ber(*inner.downcast::<BerError>().expect("checked to be BER"));
        }
        CmsError::Read(error)
    }

    /// Verification for a file that does not authenticate or is not signed, usage for
    /// a missing detached content, the token's or certificate's own kind, else other.
    pub fn kind(&self) -> ErrorKind {
        match self {
            CmsError::AuthenticationFailed
            | CmsError::Unsigned
            | CmsError::Algorithm(AlgorithmError::Legacy(_) | AlgorithmError::Md5) => {
                ErrorKind::Verification
            }
            CmsError::DetachedContentMissing => ErrorKind::Usage,
            CmsError::Token(e) => e.kind(),
            CmsError::X509(e) => e.kind(),
            CmsError::NotCms(_)
            | CmsError::Certificate
            | CmsError::SignedNotEncrypted
            | CmsError::NotAnEnvelope(_)
            | CmsError::Malformed(_)
            | CmsError::DataAfterEnd { .. }
            | CmsError::TooMuchPadding { .. }
            | CmsError::TooMany { .. }
            | CmsError::TooLarge { .. }
            | CmsError::Ber(_)
            | CmsError::Unsupported { .. }
            | CmsError::Cipher(_)
            | CmsError::WeakCipher(_)
            | CmsError::Algorithm(_)
            | CmsError::NotForThisKey { .. }
            | CmsError::NoRecipients
            | CmsError::BadRecipient { .. }
            | CmsError::Read(_)
            | CmsError::Write(_)
            | CmsError::Destination(_) => ErrorKind::Other,
        }
    }
}
