//! The writing jobs: `seal` (sign, then encrypt), `sign` and `encrypt`, all streaming.

use std::io::{self, Read, Write};
use std::time::SystemTime;

use serde::Serialize;
use x509_cert::Certificate;

use super::algorithms::ContentCipher;
use super::binding::{BindingContext, RecipientBinding};
use super::copy::copy;
use super::envelope_reader::EnvelopeInfo;
use super::envelope_writer::{Buffering, EnvelopeWriter};
use super::error::CmsError;
use super::keys::ContentSigner;
use super::signed_writer::{SignedSummary, SignedWriter};

/// What `seal` needs besides the data and the signer.
pub struct SealRequest<'a> {
    /// Everyone who may open the file; the sender's own certificate among them, so that
    /// the sender can open what it sent.
    pub recipients: &'a [Certificate],
    /// Certificates of the signer's chain to include after the signer's own.
    pub chain: &'a [Certificate],
    pub cipher: ContentCipher,
    pub signing_time: SystemTime,
    pub buffering: Buffering,
    /// What the recipient binding says besides the recipients; the binding signed into
    /// the file names every certificate of `recipients`.
    pub binding: BindingContext,
}

/// What was sealed.
#[derive(Clone, Debug, Serialize)]
pub struct SealReport {
    pub envelope: EnvelopeInfo,
    pub signature: SignedSummary,
}

/// A file being sealed: write its content, then `finish` to sign it.
pub struct SealWriter<W: Write + Send + 'static> {
    signed: SignedWriter<EnvelopeWriter<W>>,
    envelope: EnvelopeInfo,
    chain: Vec<Certificate>,
    signing_time: SystemTime,
    binding: RecipientBinding,
}

impl<W: Write + Send + 'static> SealWriter<W> {
    /// Writes the envelope's header to `output` for a signature by `signer`.
    pub fn start(
        output: W,
        signer: &dyn ContentSigner,
        request: &SealRequest<'_>,
    ) -> Result<Self, CmsError> {
        let binding = RecipientBinding::new(request.recipients, &request.binding)?;
        let (envelope, summary) = EnvelopeWriter::start(
            output,
            request.cipher,
            request.recipients,
            request.buffering,
        )?;
        let signed = SignedWriter::new(
            envelope,
            signer.algorithm().hash(),
            true,
            request.buffering.block,
        )
        .map_err(CmsError::writing)?;
        Ok(SealWriter {
            signed,
            envelope: summary,
            chain: request.chain.to_vec(),
            signing_time: request.signing_time,
            binding,
        })
    }

    /// Signs with `signer`, the key of `certificate`, closes the envelope, and gives
    /// back the output.
    pub fn finish(
        self,
        signer: &dyn ContentSigner,
        certificate: &Certificate,
    ) -> Result<(W, SealReport), CmsError> {
        let (envelope, signature) = self.signed.finish(
            signer,
            certificate,
            &self.chain,
            self.signing_time,
            Some(&self.binding),
        )?;
        Ok((
            envelope.finish()?,
            SealReport {
                envelope: self.envelope,
                signature,
            },
        ))
    }
}

impl<W: Write + Send + 'static> Write for SealWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.signed.write(data)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.signed.flush()
    }
}

/// Signs `input` with `signer`, the key of `certificate`, and encrypts the signed data
/// for the recipients, writing the sealed file to `output`.
pub fn seal<R: Read, W: Write + Send + 'static>(
    mut input: R,
    output: W,
    signer: &dyn ContentSigner,
    certificate: &Certificate,
    request: &SealRequest<'_>,
) -> Result<(W, SealReport), CmsError> {
    let mut sealer = SealWriter::start(output, signer, request)?;
    copy(&mut input, &mut sealer, request.buffering.block, |_| {})?;
    sealer.finish(signer, certificate)
}

/// Signs `input`: the content inside the signature (`attached`) or beside it.
pub fn sign<R: Read, W: Write>(
    mut input: R,
    output: W,
    signer: &dyn ContentSigner,
    certificate: &Certificate,
    chain: &[Certificate],
    attached: bool,
    signing_time: SystemTime,
) -> Result<(W, SignedSummary), CmsError> {
    let block = Buffering::BULK.block;
    let mut signed = SignedWriter::new(output, signer.algorithm().hash(), attached, block)
        .map_err(CmsError::writing)?;
    copy(&mut input, &mut signed, block, |_| {})?;
    signed.finish(signer, certificate, chain, signing_time, None)
}

/// What was encrypted.
#[derive(Clone, Debug, Serialize)]
pub struct EncryptReport {
    pub envelope: EnvelopeInfo,
    pub content_bytes: u64,
}

/// Encrypts `input` for the recipients, without a signature.
pub fn encrypt<R: Read, W: Write + Send + 'static>(
    mut input: R,
    output: W,
    recipients: &[Certificate],
    cipher: ContentCipher,
) -> Result<(W, EncryptReport), CmsError> {
    let buffering = Buffering::BULK;
    let (mut envelope, summary) = EnvelopeWriter::start(output, cipher, recipients, buffering)?;
    let content_bytes = copy(&mut input, &mut envelope, buffering.block, |_| {})?;
    Ok((
        envelope.finish()?,
        EncryptReport {
            envelope: summary,
            content_bytes,
        },
    ))
}
