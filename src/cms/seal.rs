//! The writing jobs: `seal` (sign, then encrypt), `sign` and `encrypt`, all streaming.

use std::io::{Read, Write};
use std::time::SystemTime;

use serde::Serialize;
use x509_cert::Certificate;

use super::algorithms::ContentCipher;
use super::envelope_reader::read_full;
use super::envelope_writer::{BLOCK, EnvelopeSummary, EnvelopeWriter};
use super::error::CmsError;
use super::signed_writer::{SignedSummary, SignedWriter};
use crate::token::TokenSigner;

/// What `seal` needs besides the data and the signer.
pub struct SealRequest<'a> {
    /// Everyone who may open the file; the sender's own certificate among them, so that
    /// the sender can open what it sent.
    pub recipients: &'a [Certificate],
    /// Certificates of the signer's chain to include after the signer's own.
    pub chain: &'a [Certificate],
    pub cipher: ContentCipher,
    pub signing_time: SystemTime,
}

/// What was sealed.
#[derive(Clone, Debug, Serialize)]
pub struct SealReport {
    pub envelope: EnvelopeSummary,
    pub signature: SignedSummary,
}

/// Signs `input` with the token key of `certificate` and encrypts the signed data for
/// the recipients, writing the sealed file to `output`.
pub fn seal<R: Read, W: Write + Send + 'static>(
    mut input: R,
    output: W,
    signer: &TokenSigner<'_, '_>,
    certificate: &Certificate,
    request: &SealRequest<'_>,
) -> Result<(W, SealReport), CmsError> {
    let (envelope, envelope_summary) =
        EnvelopeWriter::start(output, request.cipher, request.recipients)?;
    let mut signed =
        SignedWriter::new(envelope, signer.algorithm().hash(), true).map_err(CmsError::Write)?;
    pump(&mut input, &mut signed)?;
    let (envelope, signature) =
        signed.finish(signer, certificate, request.chain, request.signing_time)?;
    let output = envelope.finish()?;
    Ok((
        output,
        SealReport {
            envelope: envelope_summary,
            signature,
        },
    ))
}

/// Signs `input`: the content inside the signature (`attached`) or beside it.
pub fn sign<R: Read, W: Write>(
    mut input: R,
    output: W,
    signer: &TokenSigner<'_, '_>,
    certificate: &Certificate,
    chain: &[Certificate],
    attached: bool,
    signing_time: SystemTime,
) -> Result<(W, SignedSummary), CmsError> {
    let mut signed =
        SignedWriter::new(output, signer.algorithm().hash(), attached).map_err(CmsError::Write)?;
    pump(&mut input, &mut signed)?;
    signed.finish(signer, certificate, chain, signing_time)
}

/// What was encrypted.
#[derive(Clone, Debug, Serialize)]
pub struct EncryptReport {
    pub envelope: EnvelopeSummary,
    pub content_bytes: u64,
}

/// Encrypts `input` for the recipients, without a signature.
pub fn encrypt<R: Read, W: Write + Send + 'static>(
    mut input: R,
    output: W,
    recipients: &[Certificate],
    cipher: ContentCipher,
) -> Result<(W, EncryptReport), CmsError> {
    let (mut envelope, summary) = EnvelopeWriter::start(output, cipher, recipients)?;
    let content_bytes = pump(&mut input, &mut envelope)?;
    Ok((
        envelope.finish()?,
        EncryptReport {
            envelope: summary,
            content_bytes,
        },
    ))
}

/// Copies `input` to `output` in large blocks.
fn pump<R: Read, W: Write>(input: &mut R, output: &mut W) -> Result<u64, CmsError> {
    let mut buffer = vec![0u8; BLOCK];
    let mut total = 0u64;
    loop {
        let n = read_full(input, &mut buffer).map_err(CmsError::Read)?;
        if n == 0 {
            return Ok(total);
        }
        output.write_all(&buffer[..n]).map_err(CmsError::Write)?;
        total += n as u64;
    }
}
