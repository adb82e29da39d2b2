//! Reading an envelope (AuthEnvelopedData or EnvelopedData) as a stream: the header
//! and recipients are read here, the content key is recovered by the caller (on the
//! token), and the content is decrypted on a second thread and read back as a stream.
//!
//! The decrypted stream is not authenticated until [`DecryptedStream::finish`] says so:
//! whoever reads it must keep what it reads away from the user until then.

use std::fmt;
use std::io::{self, Read};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use cms::enveloped_data::RecipientInfos;
use der::asn1::OctetString;
use serde::Serialize;
use spki::{AlgorithmIdentifierOwned, ObjectIdentifier};
use zeroize::Zeroizing;

use super::algorithms::{CipherParams, ContentCipher, decode_ber};
use super::ber_reader::{BerReader, Tag};
use super::content_info::{Start, read_end, read_start};
use super::copy::read_full;
use super::envelope_writer::Buffering;
use super::error::CmsError;
use super::limits::{self, MAX_RECIPIENT_INFOS_LEN, MAX_RECIPIENTS, SMALL};
use super::recipients;
use super::signed_reader::count_elements;
use super::stream_cipher::ContentDecryptor;
use crate::oids;

/// The two envelope structures, serialised by their ASN.1 names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum EnvelopeKind {
    /// AES-GCM: the envelope authenticates its content.
    AuthEnvelopedData,
    /// AES-CBC: only a signature inside proves who wrote the content.
    EnvelopedData,
}

impl EnvelopeKind {
    /// The structure that carries `cipher`.
    pub fn of(cipher: ContentCipher) -> Self {
        if cipher.is_authenticated() {
            EnvelopeKind::AuthEnvelopedData
        } else {
            EnvelopeKind::EnvelopedData
        }
    }

    /// Whether the envelope itself authenticates its content.
    pub fn is_authenticated(self) -> bool {
        self == EnvelopeKind::AuthEnvelopedData
    }

    /// The content type of a ContentInfo holding this structure.
    pub fn content_type(self) -> ObjectIdentifier {
        match self {
            EnvelopeKind::AuthEnvelopedData => oids::ID_CT_AUTH_ENVELOPED_DATA,
            EnvelopeKind::EnvelopedData => oids::ID_ENVELOPED_DATA,
        }
    }
}

impl fmt::Display for EnvelopeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EnvelopeKind::AuthEnvelopedData => "AuthEnvelopedData",
            EnvelopeKind::EnvelopedData => "EnvelopedData",
        })
    }
}

/// What an envelope is: as written by `seal`/`encrypt`, as read by `open`/`decrypt`.
#[derive(Clone, Debug, Serialize)]
pub struct EnvelopeInfo {
    pub structure: EnvelopeKind,
    pub cipher: ContentCipher,
    /// The content type the envelope names (OpenSSL names a nested SignedData `data`).
    pub content_type: String,
    /// The recipients: their subjects, or how the envelope names them.
    pub recipients: Vec<String>,
}

/// Reads up to the encrypted content, asks `recover_key` for the content key (given the
/// recipients and the cipher), and starts decrypting. `R` is moved to the decrypting
/// thread.
pub fn open_envelope<R: Read + Send + 'static>(
    input: R,
    recover_key: impl FnOnce(&RecipientInfos, ContentCipher) -> Result<Zeroizing<Vec<u8>>, CmsError>,
) -> Result<(EnvelopeInfo, DecryptedStream), CmsError> {
    let mut reader = BerReader::new(input);
    let content_type = read_content_type(&mut reader)?;
    let structure = envelope_kind(content_type)?;
    let header = read_envelope_header(&mut reader, structure)?;
    if !reader.next_is(Tag::context(0)).map_err(ber)? {
        return Err(CmsError::Unsupported {
            what: "the envelope",
            algorithm: "detached encrypted content".to_owned(),
        });
    }
    let info = EnvelopeInfo {
        structure,
        cipher: header.cipher,
        content_type: header.content_type.to_string(),
        recipients: header
            .infos
            .0
            .iter()
            .flat_map(recipients::describe_one)
            .collect(),
    };
    let key = recover_key(&header.infos, header.cipher)?;
    let decryptor = ContentDecryptor::new(header.cipher, &key, &header.params)?;
    let tag_len = match header.params {
        CipherParams::Gcm { tag_len, .. } => Some(tag_len),
        CipherParams::Cbc { .. } => None,
    };
    let (sender, blocks) = sync_channel(Buffering::BULK.in_flight);
    let (recycle, spare) = sync_channel(Buffering::BULK.in_flight + 2);
    let worker = std::thread::spawn(move || decrypt(reader, decryptor, sender, spare, tag_len));
    Ok((
        info,
        DecryptedStream {
            current: Vec::new(),
            position: 0,
            blocks: Some(blocks),
            recycle,
            worker: Some(worker),
        },
    ))
}

/// The fields of an envelope before its encrypted content.
pub(crate) struct EnvelopeHeader {
    pub version: u8,
    pub infos: RecipientInfos,
    pub content_type: ObjectIdentifier,
    pub cipher: ContentCipher,
    pub params: CipherParams,
}

/// Reads an envelope from its SEQUENCE up to its encrypted content.
pub(crate) fn read_envelope_header<R: Read>(
    reader: &mut BerReader<R>,
    structure: EnvelopeKind,
) -> Result<EnvelopeHeader, CmsError> {
    reader.enter(Tag::SEQUENCE).map_err(ber)?;
    let raw = reader.read_element_bytes(16).map_err(ber)?;
    let version: u8 = decode_ber(&raw, "the version")?;
    if reader.next_is(Tag::context(0)).map_err(ber)? {
        reader.skip_element().map_err(ber)?; // originatorInfo
    }
    let raw = reader
        .read_element_bytes(MAX_RECIPIENT_INFOS_LEN)
        .map_err(ber)?;
    limits::at_most(
        "recipients",
        count_elements(&raw, Tag::SET)?,
        MAX_RECIPIENTS,
    )?;
    let infos: RecipientInfos = decode_ber(&raw, "the recipient infos")?;
    reader.enter(Tag::SEQUENCE).map_err(ber)?;
    let raw = reader.read_element_bytes(SMALL).map_err(ber)?;
    let content_type: ObjectIdentifier = decode_ber(&raw, "the content type")?;
    let raw = reader.read_element_bytes(SMALL).map_err(ber)?;
    let algorithm: AlgorithmIdentifierOwned = decode_ber(&raw, "the content encryption algorithm")?;
    let (cipher, params) = ContentCipher::from_identifier(&algorithm)?;
    if EnvelopeKind::of(cipher) != structure {
        return Err(CmsError::Malformed(format!(
            "{structure} cannot use {cipher}"
        )));
    }
    Ok(EnvelopeHeader {
        version,
        infos,
        content_type,
        cipher,
        params,
    })
}

/// The envelope structure a content type names.
pub(crate) fn envelope_kind(content_type: ObjectIdentifier) -> Result<EnvelopeKind, CmsError> {
    match content_type {
        o if o == oids::ID_CT_AUTH_ENVELOPED_DATA => Ok(EnvelopeKind::AuthEnvelopedData),
        o if o == oids::ID_ENVELOPED_DATA => Ok(EnvelopeKind::EnvelopedData),
        o if o == oids::ID_SIGNED_DATA => Err(CmsError::SignedNotEncrypted),
        o => Err(CmsError::NotAnEnvelope(
            const_oid::db::DB
                .by_oid(&o)
                .map_or_else(|| o.to_string(), str::to_owned),
        )),
    }
}

pub(crate) fn ber(e: super::ber_reader::BerError) -> CmsError {
    CmsError::from(e)
}

/// Reads `ContentInfo { contentType, [0] EXPLICIT` and returns the content type.
pub(crate) fn read_content_type<R: Read>(
    reader: &mut BerReader<R>,
) -> Result<ObjectIdentifier, CmsError> {
    match read_start(reader)? {
        Start::ContentInfo(oid) => Ok(oid),
        Start::BareSignedData => Err(CmsError::SignedNotEncrypted),
    }
}

/// The decrypting thread: streams the encrypted content through the cipher, then reads
/// the rest of the envelope (the GCM tag) and checks it; `Ok` gives the zero bytes of
/// padding after the envelope.
fn decrypt<R: Read>(
    mut reader: BerReader<R>,
    mut decryptor: ContentDecryptor,
    sender: SyncSender<Vec<u8>>,
    spare: Receiver<Vec<u8>>,
    tag_len: Option<usize>,
) -> Result<u64, CmsError> {
    {
        let mut ciphertext = reader.octet_string(Tag::context(0)).map_err(ber)?;
        loop {
            let mut block = spare.try_recv().unwrap_or_default();
            block.resize(Buffering::BULK.block, 0);
            let n = read_full(&mut ciphertext, &mut block).map_err(CmsError::reading)?;
            if n == 0 {
                break;
            }
            block.truncate(n);
            decryptor.update(&mut block)?;
            if !block.is_empty() && sender.send(block).is_err() {
                return Ok(0); // the reader stopped reading: its own error stands
            }
        }
    }
    reader.expect_end().map_err(ber)?; // EncryptedContentInfo
    let tag = match tag_len {
        Some(len) => {
            if reader.next_is(Tag::context(1)).map_err(ber)? {
                return Err(CmsError::Unsupported {
                    what: "the envelope",
                    algorithm: "authenticated attributes".to_owned(),
                });
            }
            let raw = reader.read_element_bytes(64).map_err(ber)?;
            let mac: OctetString = decode_ber(&raw, "the authentication tag")?;
            if mac.as_bytes().len() != len {
                return Err(CmsError::AuthenticationFailed);
            }
            Some(mac.as_bytes().to_vec())
        }
        None => None,
    };
    // Unprotected or unauthenticated attributes are skipped.
    while !reader.at_end().map_err(ber)? {
        reader.skip_element().map_err(ber)?;
    }
    let trailing_zero_bytes = read_end(&mut reader, 3)?; // envelope, [0], ContentInfo
    let last = decryptor.finish(tag.as_deref())?;
    if !last.is_empty() {
        let _ = sender.send(last);
    }
    Ok(trailing_zero_bytes)
}

/// The decrypted content, read as it is decrypted.
pub struct DecryptedStream {
    current: Vec<u8>,
    position: usize,
    blocks: Option<Receiver<Vec<u8>>>,
    /// Read blocks go back to the decrypting thread for reuse.
    recycle: SyncSender<Vec<u8>>,
    worker: Option<JoinHandle<Result<u64, CmsError>>>,
}

impl DecryptedStream {
    /// Reads what is left, then waits for the decrypting thread: `Ok` only when the
    /// whole envelope was read and (for GCM) the content authenticated, with the zero
    /// bytes of padding after the envelope.
    pub fn finish(mut self) -> Result<u64, CmsError> {
        if let Some(blocks) = self.blocks.take() {
            for _ in blocks {}
        }
        match self.worker.take().map(|w| w.join()) {
            Some(Ok(result)) => result,
            _ => Err(CmsError::Malformed(
                "the decrypting thread failed".to_owned(),
            )),
        }
    }
}

impl Read for DecryptedStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.position == self.current.len() {
            match self.blocks.as_ref().and_then(|b| b.recv().ok()) {
                Some(block) => {
                    let used = std::mem::replace(&mut self.current, block);
                    let _ = self.recycle.try_send(used);
                    self.position = 0;
                }
                None => return Ok(0),
            }
        }
        let n = (self.current.len() - self.position).min(buf.len());
        buf[..n].copy_from_slice(&self.current[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}
