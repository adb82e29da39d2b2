//! Every way that reading, verifying or using trusted lists, CRLs and the partner
//! directory fails.

use std::path::PathBuf;

use super::partners;
use crate::ErrorKind;
use crate::input::InputError;
use crate::lock::LockError;
use crate::output::OutputError;
use crate::x509::X509Error;

#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    // Reading a list.
    #[error("the file is not UTF-8 (at byte {offset}); trusted lists are UTF-8 XML")]
    NotUtf8 { offset: usize },
    #[error("malformed XML: {reason}")]
    MalformedXml { reason: String },
    #[error(
        "the element <{element}> has more than {limit} attributes, the most that epct reads on one element of a trusted list; is this a trusted list?"
    )]
    TooManyXmlAttributes { element: String, limit: usize },
    #[error(
        "the file has more than {limit} XML elements, comments and processing instructions, the most that epct reads in a trusted list; is this a trusted list?"
    )]
    TooManyXmlNodes { limit: usize },
    #[error(
        "the root element is <{root}>, not an ETSI TS 119 612 TrustServiceStatusList; is this a trusted list?"
    )]
    NotATrustedList { root: String },
    #[error("trusted list version {version} is not supported; epct reads versions 5 and 6")]
    UnsupportedListVersion { version: u64 },
    #[error("the trusted list has no {name} in {parent}")]
    MissingElement { name: &'static str, parent: String },
    #[error("the trusted list's {name} '{value}' is not valid")]
    BadValue { name: &'static str, value: String },
    #[error("a certificate in the trusted list is not valid base64")]
    BadCertificateValue,

    // The list's signature.
    #[error("the list has no XML signature; only signed trusted lists can be imported")]
    Unsigned,
    #[error("the list has {0} XML signatures; a trusted list has exactly one")]
    SeveralSignatures(usize),
    #[error("the list's XML signature is malformed: {reason}")]
    BadSignatureStructure { reason: &'static str },
    #[error(
        "the list's signature uses {0}, which is not accepted (Canonical XML 1.0 or exclusive canonicalization, SHA-2 digests, RSA or ECDSA with SHA-2)"
    )]
    UnsupportedXmlAlgorithm(String),
    #[error(
        "the list's signature uses {0}, a legacy algorithm too weak to trust; use --allow-legacy to import it anyway"
    )]
    LegacyXmlAlgorithm(&'static str),
    #[error(
        "the list is signed with an RSA key of {bits} bits ('{signer}'), too weak to trust; use --allow-legacy to import it anyway"
    )]
    WeakListKey { signer: String, bits: usize },
    #[error("the list was changed after it was signed: the digest of {part} does not match")]
    Altered { part: &'static str },
    #[error(
        "the signature value does not verify with the key of '{signer}': the list or its signature was altered"
    )]
    BadSignatureValue { signer: String },
    #[error(
        "the list is signed by '{signer}', which is not among the certificates allowed to sign it ({allowed}); check --signer-cert"
    )]
    SignerNotTrusted { signer: String, allowed: String },
    #[error(
        "the list's signing certificate '{subject}' is not valid at {at} (valid from {not_before} to {not_after}); for an archived list give --at with a time in that range"
    )]
    SignerNotValid {
        subject: String,
        at: String,
        not_before: String,
        not_after: String,
    },
    #[error(
        "no certificate to check the {territory} list's signature with: give --signer-cert, or import the EU list of lists first"
    )]
    NoSigner { territory: String },
    #[error(
        "the imported EU list of lists gives no usable certificate for the {territory} list; import a newer list of lists, or give --signer-cert"
    )]
    NoSignerForTerritory { territory: String },
    #[error(
        "'{subject}' is not a signer of the {territory} list (its pin, or the EU list of lists' pointer for {territory}); to change the pin of {territory} on purpose, give --replace-pin"
    )]
    NotTheTerritorysPin { subject: String, territory: String },
    #[error(
        "the {territory} list is signed by '{signer}', not by the certificate pinned for {territory} ({pinned}); if {territory} changed its signing certificate, check the new one and give it with --signer-cert FILE --replace-pin"
    )]
    NotSignedByThePin {
        signer: String,
        territory: String,
        pinned: String,
    },
    #[error(
        "'{subject}' is pinned for the {holder} list and cannot sign the {territory} list: a pin belongs to one territory"
    )]
    PinnedForAnother {
        subject: String,
        holder: String,
        territory: String,
    },

    // The store.
    #[error(
        "the {territory} list has sequence number {offered}, older than the imported {stored}; use --force to go back to it"
    )]
    OlderList {
        territory: String,
        offered: u64,
        stored: u64,
    },
    #[error("the trust store file {path} is damaged ({source}); import that list again")]
    DamagedStore {
        path: PathBuf,
        source: Box<TrustError>,
    },

    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Lock(#[from] LockError),

    // Certificate paths.
    #[error("{0}")]
    Certificate(#[from] X509Error),
    #[error(
        "no imported trusted list has a CA service that issued '{subject}'; import the list of its country, or give the intermediate certificates with --chain"
    )]
    UnknownIssuer { subject: String },
    #[error(
        "'{subject}' leads to no time-stamping service (TSA/QTST) that an imported trusted list grants; import the list of its country"
    )]
    UnknownTimeStampingAuthority { subject: String },
    #[error(
        "'{subject}' may not time-stamp: RFC 3161 asks for a critical extended key usage of timeStamping alone"
    )]
    NotForTimeStamping { subject: String },
    #[error("{0}")]
    ServiceNotTrusted(Box<UntrustedService>),
    #[error("'{subject}' had expired at {at} (valid until {not_after})")]
    Expired {
        subject: String,
        at: String,
        not_after: String,
    },
    #[error("'{subject}' was not yet valid at {at} (valid from {not_before})")]
    NotYetValid {
        subject: String,
        at: String,
        not_before: String,
    },
    #[error(
        "'{subject}' may not sign documents: its key usage has neither digitalSignature nor nonRepudiation"
    )]
    NotForSigning { subject: String },
    #[error("'{subject}' may not sign documents: its extended key usage does not allow it")]
    WrongExtendedKeyUsage { subject: String },
    #[error("'{subject}' is used as a CA but its key usage does not allow signing certificates")]
    NotForCertSigning { subject: String },
    #[error("the certificate path of '{subject}' is invalid: {reason}")]
    InvalidPath { subject: String, reason: String },
    #[error("'{subject}' was revoked on {revoked} (before {at}){reason}")]
    Revoked {
        subject: String,
        revoked: String,
        at: String,
        reason: String,
    },

    // CRLs.
    #[error("malformed CRL in {origin}: {reason}")]
    MalformedCrl { origin: String, reason: String },
    #[error("the CRL of '{issuer}' does not verify with the issuer's key; it is forged or damaged")]
    BadCrlSignature { issuer: String },

    // The partner directory.
    #[error("{file}: {}", describe_bad_lines(bad))]
    Partners { file: PathBuf, bad: Vec<BadLine> },
    #[error(
        "the partner directory has no recipient '{0}'; give a country code or authority name from `epct partners list`, or a certificate file"
    )]
    NoRecipient(String),

    // Times.
    #[error("'{text}' is not a time; write 2019-09-05 or 2019-09-05T10:00:00Z")]
    BadTime { text: String },
}

/// A CA service that a path leads to, but whose status was not trusted at the time.
#[derive(Debug, thiserror::Error)]
#[error(
    "'{subject}' leads to service '{service}' of '{provider}' in the {territory} list, whose status at {at} was {status}{since}: not trusted"
)]
pub struct UntrustedService {
    pub subject: String,
    pub territory: String,
    pub provider: String,
    pub service: String,
    pub at: String,
    /// The status URI's last part, or why there was none.
    pub status: String,
    /// " since TIME", or empty.
    pub since: String,
}

/// The most bad lines of a partner directory that its error message names.
pub const BAD_LINES_SHOWN: usize = 20;

/// "line 3, column 3 (role): ... | line 5, column 1 (country): ...", the first
/// [`BAD_LINES_SHOWN`] of them. "; " ends a message before its hint: one bad line keeps
/// its remedy as the hint, several keep theirs each in its line.
fn describe_bad_lines(bad: &[BadLine]) -> String {
    if let [line] = bad {
        return line.to_string();
    }
    let mut text = bad
        .iter()
        .take(BAD_LINES_SHOWN)
        .map(|line| line.to_string().replace("; ", ", "))
        .collect::<Vec<_>>()
        .join(" | ");
    match bad.len().saturating_sub(BAD_LINES_SHOWN) {
        0 => {}
        1 => text += " | and 1 more problem",
        more => text += &format!(" | and {more} more problems"),
    }
    text
}

/// One problem of one line of a partner directory.
#[derive(Debug, thiserror::Error)]
#[error("line {line}{}: {problem}", self.column_text())]
pub struct BadLine {
    pub line: u64,
    /// The column, from 0, when the problem is in one.
    pub column: Option<usize>,
    pub problem: PartnerProblem,
}

impl BadLine {
    /// A problem of the whole line.
    pub fn of_line(line: u64, problem: PartnerProblem) -> BadLine {
        BadLine {
            line,
            column: None,
            problem,
        }
    }

    /// A problem in column `column` (from 0).
    pub fn at(line: u64, column: usize, problem: PartnerProblem) -> BadLine {
        BadLine {
            line,
            column: Some(column),
            problem,
        }
    }

    /// ", column 3 (role)", or nothing.
    fn column_text(&self) -> String {
        self.column.map_or_else(String::new, |c| {
            format!(", column {} ({})", c + 1, partners::HEADER[c])
        })
    }
}

/// What is wrong with one line of a partner directory.
#[derive(Debug, thiserror::Error)]
pub enum PartnerProblem {
    #[error(
        "the header must be 'country,authority,role,certificate' (or the same separated by ';')"
    )]
    Header,
    #[error("{0}")]
    Csv(String),
    #[error(
        "the line has {0} fields, and a partner line has 4 (country, authority, role, certificate); check the separator and the quotes"
    )]
    Fields(usize),
    #[error("the field is not UTF-8; save the file as UTF-8")]
    NotUtf8,
    #[error("'{0}' is not an EU Member State code (ISO 3166-1 alpha-2, EL for Greece)")]
    Country(String),
    #[error("the authority name is empty")]
    Authority,
    #[error(
        "the authority name '{0}' begins like a spreadsheet formula (=, +, -, @, tab or carriage return); write the name without it"
    )]
    FormulaAuthority(String),
    #[error("the role '{0}' is not sender, recipient or both")]
    Role(String),
    #[error("the certificate is neither base64 DER nor a readable PEM file ({0})")]
    Certificate(String),
    #[error("{0}")]
    CertificateFile(InputError),
    #[error(
        "this certificate is already listed for {owner} as {role} on line {line}; a certificate belongs to one authority, and one authority lists it once, or once as sender and once as recipient"
    )]
    Duplicate {
        owner: String,
        role: &'static str,
        line: u64,
    },
    #[error(
        "the certificate '{subject}' expired on {not_after}; ask that authority for its current certificate"
    )]
    Expired { subject: String, not_after: String },
}

impl TrustError {
    /// Verification for a refusal to trust, usage for what the command line got wrong,
    /// other for an input that cannot be read.
    pub fn kind(&self) -> ErrorKind {
        use TrustError::*;
        match self {
            Unsigned
            | SeveralSignatures(_)
            | BadSignatureStructure { .. }
            | UnsupportedXmlAlgorithm(_)
            | LegacyXmlAlgorithm(_)
            | WeakListKey { .. }
            | Altered { .. }
            | BadSignatureValue { .. }
            | SignerNotTrusted { .. }
            | SignerNotValid { .. }
            | NoSignerForTerritory { .. }
            | NotTheTerritorysPin { .. }
            | NotSignedByThePin { .. }
            | PinnedForAnother { .. }
            | OlderList { .. }
            | UnknownIssuer { .. }
            | UnknownTimeStampingAuthority { .. }
            | NotForTimeStamping { .. }
            | ServiceNotTrusted(_)
            | Expired { .. }
            | NotYetValid { .. }
            | NotForSigning { .. }
            | WrongExtendedKeyUsage { .. }
            | NotForCertSigning { .. }
            | InvalidPath { .. }
            | Revoked { .. }
            | BadCrlSignature { .. } => ErrorKind::Verification,
            NoSigner { .. } | BadTime { .. } | NoRecipient(_) => ErrorKind::Usage,
            Certificate(e) => e.kind(),
            NotUtf8 { .. }
            | MalformedXml { .. }
            | TooManyXmlAttributes { .. }
            | TooManyXmlNodes { .. }
            | NotATrustedList { .. }
            | UnsupportedListVersion { .. }
            | MissingElement { .. }
            | BadValue { .. }
            | BadCertificateValue
            | DamagedStore { .. }
            | MalformedCrl { .. }
            | Partners { .. }
            | Read { .. }
            | Write { .. } => ErrorKind::Other,
            Output(e) => e.kind(),
            Input(e) => e.kind(),
            Lock(e) => e.kind(),
        }
    }
}
