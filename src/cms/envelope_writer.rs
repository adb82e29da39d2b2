//! Writing an envelope around a stream: AuthEnvelopedData with AES-GCM, or
//! EnvelopedData with AES-CBC, for a set of recipients.
//!
//! What is written to an [`EnvelopeWriter`] is encrypted on a second thread, so that
//! hashing (in the SignedData around the content) and encryption use both cores.
//! The content key never leaves this module and is zeroised when done.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use cms::content_info::CmsVersion;
use cms::enveloped_data::RecipientInfo;
use der::asn1::OctetString;
use x509_cert::Certificate;
use zeroize::Zeroizing;

use super::algorithms::{ContentCipher, to_der};
use super::ber_reader::Tag;
use super::ber_writer::{write_end_of_contents, write_header, write_indefinite_header};
use super::envelope_reader::{EnvelopeInfo, EnvelopeKind};
use super::error::CmsError;
use super::recipients;
use super::stream_cipher::ContentEncryptor;
use crate::oids;

/// How much a stream holds in memory: blocks handed between the threads, and how many
/// are in flight at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Buffering {
    pub block: usize,
    pub in_flight: usize,
}

impl Buffering {
    /// For one large file: 1 MiB blocks, four in flight.
    pub const BULK: Buffering = Buffering {
        block: 1 << 20,
        in_flight: 4,
    };
    /// For many files written at once: 64 KiB blocks, two in flight.
    pub const SMALL: Buffering = Buffering {
        block: 64 << 10,
        in_flight: 2,
    };
}

/// An envelope being written: write the content to it, then `finish`.
pub struct EnvelopeWriter<W: Write + Send + 'static> {
    block: Vec<u8>,
    block_size: usize,
    blocks: Option<SyncSender<Vec<u8>>>,
    spare: Receiver<Vec<u8>>,
    worker: Option<JoinHandle<Result<W, CmsError>>>,
}

impl<W: Write + Send + 'static> EnvelopeWriter<W> {
    /// Writes the envelope's header to `output` (a fresh content key encrypted for each
    /// recipient) and starts the encrypting thread.
    pub fn start(
        mut output: W,
        cipher: ContentCipher,
        recipients: &[Certificate],
        buffering: Buffering,
    ) -> Result<(Self, EnvelopeInfo), CmsError> {
        let mut key = Zeroizing::new(vec![0u8; cipher.key_len()]);
        getrandom::fill(&mut key).expect("the system random generator works");
        let params = cipher.fresh_params();
        let infos = recipients::build(recipients, &key)?;
        let structure = EnvelopeKind::of(cipher);
        let authenticated = structure.is_authenticated();
        let version = if authenticated
            || infos
                .0
                .iter()
                .all(|i| matches!(i, RecipientInfo::Ktri(k) if k.version == CmsVersion::V0))
        {
            CmsVersion::V0
        } else {
            CmsVersion::V2
        };
        let write = CmsError::writing;
        write_indefinite_header(&mut output, Tag::SEQUENCE).map_err(write)?;
        output
            .write_all(&to_der(&structure.content_type()))
            .map_err(write)?;
        write_indefinite_header(&mut output, Tag::context(0)).map_err(write)?;
        write_indefinite_header(&mut output, Tag::SEQUENCE).map_err(write)?;
        output.write_all(&to_der(&version)).map_err(write)?;
        output
            .write_all(&recipients::encode(&infos))
            .map_err(write)?;
        write_indefinite_header(&mut output, Tag::SEQUENCE).map_err(write)?;
        output.write_all(&to_der(&oids::ID_DATA)).map_err(write)?;
        output
            .write_all(&to_der(&cipher.identifier(&params)))
            .map_err(write)?;
        write_indefinite_header(&mut output, Tag::context(0)).map_err(write)?;

        let encryptor = ContentEncryptor::new(cipher, &key, &params)?;
        let (blocks, incoming) = sync_channel::<Vec<u8>>(buffering.in_flight);
        let (recycle, spare) = sync_channel::<Vec<u8>>(buffering.in_flight + 2);
        let worker = std::thread::spawn(move || {
            encrypt(output, encryptor, incoming, recycle, authenticated)
        });
        let summary = EnvelopeInfo {
            structure,
            cipher,
            content_type: oids::ID_DATA.to_string(),
            recipients: recipients
                .iter()
                .map(|c| c.tbs_certificate().subject().to_string())
                .collect(),
        };
        Ok((
            EnvelopeWriter {
                block: Vec::with_capacity(buffering.block),
                block_size: buffering.block,
                blocks: Some(blocks),
                spare,
                worker: Some(worker),
            },
            summary,
        ))
    }

    /// Hands the full block to the encrypting thread; if that thread has stopped, its
    /// error is returned.
    fn send_block(&mut self) -> Result<(), CmsError> {
        let next = self
            .spare
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(self.block_size));
        let full = std::mem::replace(&mut self.block, next);
        let sent = self.blocks.as_ref().map(|b| b.send(full));
        match sent {
            Some(Ok(())) => Ok(()),
            _ => Err(self.stop().err().unwrap_or_else(|| {
                CmsError::Write(io::Error::other("the encrypting thread stopped"))
            })),
        }
    }

    fn stop(&mut self) -> Result<W, CmsError> {
        self.blocks = None;
        match self.worker.take().map(|w| w.join()) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(CmsError::Write(io::Error::other(
                "the encrypting thread failed",
            ))),
            None => Err(CmsError::Write(io::Error::other(
                "the envelope was finished already",
            ))),
        }
    }

    /// Encrypts the rest, writes the closing elements (and the GCM tag), and gives
    /// back the output.
    pub fn finish(mut self) -> Result<W, CmsError> {
        if !self.block.is_empty() {
            self.send_block()?;
        }
        self.stop()
    }
}

impl<W: Write + Send + 'static> Write for EnvelopeWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let mut rest = data;
        while !rest.is_empty() {
            let take = rest.len().min(self.block_size - self.block.len());
            self.block.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.block.len() == self.block_size {
                self.send_block().map_err(CmsError::into_io)?;
            }
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The encrypting thread: each block becomes one segment of the encrypted content.
fn encrypt<W: Write>(
    mut output: W,
    mut encryptor: ContentEncryptor,
    blocks: Receiver<Vec<u8>>,
    recycle: SyncSender<Vec<u8>>,
    authenticated: bool,
) -> Result<W, CmsError> {
    let write = CmsError::writing;
    for mut block in blocks {
        encryptor.update(&mut block)?;
        if !block.is_empty() {
            write_header(&mut output, Tag::OCTET_STRING, false, block.len() as u64)
                .map_err(write)?;
            output.write_all(&block).map_err(write)?;
        }
        block.clear();
        let _ = recycle.try_send(block);
    }
    let (last, tag) = encryptor.finish()?;
    if !last.is_empty() {
        write_header(&mut output, Tag::OCTET_STRING, false, last.len() as u64).map_err(write)?;
        output.write_all(&last).map_err(write)?;
    }
    write_end_of_contents(&mut output).map_err(write)?; // [0] encryptedContent
    write_end_of_contents(&mut output).map_err(write)?; // EncryptedContentInfo
    if authenticated {
        let tag = tag.expect("GCM gives a tag");
        output
            .write_all(&to_der(&OctetString::new(tag.to_vec()).expect("16 bytes")))
            .map_err(write)?;
    }
    for _ in 0..3 {
        write_end_of_contents(&mut output).map_err(write)?; // envelope, [0], ContentInfo
    }
    output.flush().map_err(write)?;
    Ok(output)
}
