//! The reading jobs: `open` (decrypt, then verify), `verify` and `decrypt`, all
//! streaming into a sink that the caller keeps from the user until the job succeeds.

use std::io::{Read, Write};

use serde::Serialize;
use x509_cert::Certificate;

use super::copy::copy;
use super::envelope_reader::{EnvelopeInfo, open_envelope};
use super::error::CmsError;
use super::keys::KeyDecryptor;
use super::limits::{MAX_SEALED_SIGNERS, MAX_SIGNERS};
use super::recipients;
use super::signed_reader::{SignedParts, read_signed};
use super::signer_info::{self, SignerReport};

/// What `open` and `verify` accept besides the file.
#[derive(Default)]
pub struct VerifyOptions {
    /// Accept SHA-1 and RSA keys under 2048 bits (reported as legacy).
    pub allow_legacy: bool,
    /// Certificates to find signers among, besides those the file carries.
    pub extra_certificates: Vec<Certificate>,
}

/// What `open` found.
#[derive(Clone, Debug, Serialize)]
pub struct OpenReport {
    pub envelope: EnvelopeInfo,
    pub content_bytes: u64,
    /// Zero bytes of padding after the envelope, and after the signed data inside it.
    pub trailing_zero_bytes: u64,
    pub signers: Vec<SignerReport>,
    /// The certificates the file carried, and those given besides.
    #[serde(skip)]
    pub certificates: Vec<Certificate>,
}

/// Decrypts `input` with the token key of `certificate`, checks that it authenticates,
/// and checks the signatures inside, writing the content to `sink`. `Ok` only when the
/// envelope authenticated; each signer's check is in the report, and only
/// [`crate::verdict`] decides whether the content may be released.
pub fn open<R: Read + Send + 'static>(
    input: R,
    sink: &mut dyn Write,
    decryptor: &dyn KeyDecryptor,
    certificate: &Certificate,
    options: &VerifyOptions,
) -> Result<OpenReport, CmsError> {
    let (envelope, mut stream) = open_envelope(input, |infos, cipher| {
        recipients::unwrap(infos, certificate, decryptor, cipher.key_len())
    })?;
    let parts = read_signed(&mut stream, sink, None, MAX_SEALED_SIGNERS);
    // The envelope's own verdict first: a tampered file fails as tampered, whatever
    // the garbled plaintext looked like.
    let envelope_padding = stream.finish()?;
    let parts = parts.map_err(|e| match e {
        // Content that is not CMS at all, inside an envelope: not signed.
        CmsError::NotCms(_) | CmsError::Certificate => CmsError::Unsigned,
        e => e,
    })?;
    let (signers, certificates) = check_signers(&parts, options)?;
    Ok(OpenReport {
        envelope,
        content_bytes: parts.content_bytes,
        trailing_zero_bytes: envelope_padding + parts.trailing_zero_bytes,
        signers,
        certificates,
    })
}

/// What `verify` found.
#[derive(Clone, Debug, Serialize)]
pub struct VerifyReport {
    pub content_bytes: u64,
    pub detached: bool,
    /// Zero bytes of padding after the end of the CMS structure.
    pub trailing_zero_bytes: u64,
    pub signers: Vec<SignerReport>,
    /// The certificates the file carried, and those given besides.
    #[serde(skip)]
    pub certificates: Vec<Certificate>,
}

/// Verifies a SignedData, writing its attached content to `sink`, or hashing the
/// detached `content`. Each signer's verdict is in the report; `Err` only when the
/// file cannot be read as a SignedData.
pub fn verify<R: Read>(
    input: R,
    sink: &mut dyn Write,
    content: Option<&mut dyn Read>,
    options: &VerifyOptions,
) -> Result<VerifyReport, CmsError> {
    let content_given = content.is_some();
    let parts = read_signed(input, sink, content, MAX_SIGNERS)?;
    if parts.detached && !content_given {
        return Err(CmsError::DetachedContentMissing);
    }
    let (signers, certificates) = check_signers(&parts, options)?;
    Ok(VerifyReport {
        content_bytes: parts.content_bytes,
        detached: parts.detached,
        trailing_zero_bytes: parts.trailing_zero_bytes,
        signers,
        certificates,
    })
}

/// Each signer's report, and the certificates they were looked for among. Checking
/// stops after the first signer that is not intact: the verdict is decided (refused),
/// and the signers after it are not reported.
fn check_signers(
    parts: &SignedParts,
    options: &VerifyOptions,
) -> Result<(Vec<SignerReport>, Vec<Certificate>), CmsError> {
    if parts.signer_infos.is_empty() {
        return Err(CmsError::Unsigned);
    }
    let mut certificates = parts.certificates.clone();
    certificates.extend(options.extra_certificates.iter().cloned());
    let mut signers = Vec::new();
    for raw in &parts.signer_infos {
        let report = signer_info::verify(
            raw,
            Some(parts.econtent_type),
            &parts.digests,
            &certificates,
            options.allow_legacy,
        )?;
        let intact = report.check.is_intact();
        signers.push(report);
        if !intact {
            break;
        }
    }
    Ok((signers, certificates))
}

/// What `decrypt` found.
#[derive(Clone, Debug, Serialize)]
pub struct DecryptReport {
    pub envelope: EnvelopeInfo,
    pub content_bytes: u64,
    /// Zero bytes of padding after the envelope.
    pub trailing_zero_bytes: u64,
}

/// Decrypts `input` with the token key of `certificate` into `sink`; `Ok` only when the
/// whole envelope was read and (for AES-GCM) the content authenticated.
pub fn decrypt<R: Read + Send + 'static>(
    input: R,
    sink: &mut dyn Write,
    decryptor: &dyn KeyDecryptor,
    certificate: &Certificate,
) -> Result<DecryptReport, CmsError> {
    let (envelope, mut stream) = open_envelope(input, |infos, cipher| {
        recipients::unwrap(infos, certificate, decryptor, cipher.key_len())
    })?;
    let copied = copy(&mut stream, sink, 1 << 20, |_| {});
    let trailing_zero_bytes = stream.finish()?;
    let content_bytes = copied?;
    Ok(DecryptReport {
        envelope,
        content_bytes,
        trailing_zero_bytes,
    })
}
