//! Whom an encrypted file is for, read from its recipient infos before anything is
//! decrypted, so that the key can be found from the file (as `gpgsm` does) and a file
//! for no key at hand is refused before any PIN is asked.

use std::io::{self, Cursor, Read};

use cms::enveloped_data::{
    KeyAgreeRecipientIdentifier, RecipientIdentifier, RecipientInfo, RecipientInfos,
};
use x509_cert::Certificate;

use super::ber_reader::BerReader;
use super::envelope_reader::{envelope_kind, read_content_type, read_envelope_header};
use super::error::CmsError;
use super::recipients::{describe_one, matches_isn, matches_key_id};

/// The recipients an envelope names.
#[derive(Debug)]
pub struct FileRecipients {
    infos: RecipientInfos,
}

/// The input again from its first byte: the bytes read for the recipients, then the
/// rest, for any reader (a pipe too).
pub type Replayed<R> = io::Chain<Cursor<Vec<u8>>, R>;

impl FileRecipients {
    /// Whether `certificate` is one of the recipients (issuer and serial, or subject key
    /// identifier).
    pub fn includes(&self, certificate: &Certificate) -> bool {
        self.infos.0.iter().any(|info| match info {
            RecipientInfo::Ktri(k) => match &k.rid {
                RecipientIdentifier::IssuerAndSerialNumber(isn) => matches_isn(certificate, isn),
                RecipientIdentifier::SubjectKeyIdentifier(ski) => {
                    matches_key_id(certificate, ski.0.as_bytes())
                }
            },
            RecipientInfo::Kari(k) => k.recipient_enc_keys.iter().any(|r| match &r.rid {
                KeyAgreeRecipientIdentifier::IssuerAndSerialNumber(isn) => {
                    matches_isn(certificate, isn)
                }
                KeyAgreeRecipientIdentifier::RKeyId(id) => {
                    matches_key_id(certificate, id.subject_key_identifier.0.as_bytes())
                }
            }),
            _ => false,
        })
    }

    /// How each recipient is named: `serial HEX of 'ISSUER'` or `key id HEX`.
    pub fn names(&self) -> Vec<String> {
        self.infos.0.iter().flat_map(describe_one).collect()
    }
}

/// Reads the recipients of the envelope `input` starts with, and gives the input back
/// whole.
pub fn read_recipients<R: Read>(input: R) -> Result<(FileRecipients, Replayed<R>), CmsError> {
    let mut reader = BerReader::new(Recording {
        inner: input,
        seen: Vec::new(),
    });
    let structure = envelope_kind(read_content_type(&mut reader)?)?;
    let header = read_envelope_header(&mut reader, structure)?;
    let Recording { inner, seen } = reader.into_inner();
    Ok((
        FileRecipients {
            infos: header.infos,
        },
        Cursor::new(seen).chain(inner),
    ))
}

/// Keeps every byte read through it.
struct Recording<R> {
    inner: R,
    seen: Vec<u8>,
}

impl<R: Read> Read for Recording<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}
