//! Writing SignedData around a stream: the content is hashed as it passes and framed
//! as an indefinite-length OCTET STRING (attached) or not written at all (detached);
//! the SignerInfo is signed at the end, when the digest is known.

use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::time::SystemTime;

use cms::cert::CertificateChoices;
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{CertificateSet, EncapsulatedContentInfo, SignedData, SignerInfos};
use der::Any;
use der::asn1::SetOfVec;
use serde::Serialize;
use x509_cert::Certificate;

use super::algorithms::to_der;
use super::asn1::RecipientBinding;
use super::ber_reader::Tag;
use super::ber_writer::{OctetStringWriter, write_end_of_contents, write_indefinite_header};
use super::error::CmsError;
use super::keys::ContentSigner;
use super::signer_info;
use crate::algorithms::{HashAlg, Hasher, SignatureAlgorithm};
use crate::oids;

/// What was signed.
#[derive(Clone, Debug, Serialize)]
pub struct SignedSummary {
    pub content_bytes: u64,
    pub digest_algorithm: HashAlg,
    /// Hexadecimal.
    pub content_digest: String,
    pub signature_algorithm: SignatureAlgorithm,
    pub signer: String,
}

/// A SignedData being written: write the content to it, then `finish`.
pub struct SignedWriter<W: Write> {
    content: Content<W>,
    hasher: Hasher,
    hash: HashAlg,
    bytes: u64,
}

enum Content<W: Write> {
    Attached(OctetStringWriter<W>),
    Detached(W),
}

impl<W: Write> SignedWriter<W> {
    /// Starts a SignedData of id-data content hashed with `hash`; with `attached`, the
    /// content goes into it (indefinite-length BER, in segments of `segment` bytes),
    /// else only the signature does.
    pub fn new(mut inner: W, hash: HashAlg, attached: bool, segment: usize) -> io::Result<Self> {
        let content = if attached {
            write_indefinite_header(&mut inner, Tag::SEQUENCE)?;
            inner.write_all(&to_der(&oids::ID_SIGNED_DATA))?;
            write_indefinite_header(&mut inner, Tag::context(0))?;
            write_indefinite_header(&mut inner, Tag::SEQUENCE)?;
            inner.write_all(&to_der(&CmsVersion::V1))?;
            inner.write_all(&to_der(&digest_algorithms(hash)))?;
            write_indefinite_header(&mut inner, Tag::SEQUENCE)?;
            inner.write_all(&to_der(&oids::ID_DATA))?;
            write_indefinite_header(&mut inner, Tag::context(0))?;
            let segment = NonZeroUsize::new(segment).expect("a segment holds bytes");
            Content::Attached(OctetStringWriter::with_segment_size(
                inner,
                Tag::OCTET_STRING,
                segment,
            )?)
        } else {
            Content::Detached(inner)
        };
        Ok(SignedWriter {
            content,
            hasher: Hasher::new(hash),
            hash,
            bytes: 0,
        })
    }

    /// Signs with `signer` and writes the certificates and the SignerInfo. `chain` are
    /// further certificates to include after the signer's; `binding` is signed along.
    pub fn finish(
        self,
        signer: &dyn ContentSigner,
        certificate: &Certificate,
        chain: &[Certificate],
        signing_time: SystemTime,
        binding: Option<&RecipientBinding>,
    ) -> Result<(W, SignedSummary), CmsError> {
        let digest = self.hasher.finalize();
        let info = signer_info::sign(
            signer,
            certificate,
            oids::ID_DATA,
            &digest,
            signing_time,
            binding,
        )?;
        let mut certs = SetOfVec::new();
        for cert in std::iter::once(certificate).chain(chain) {
            // The set ignores a certificate given twice.
            let _ = certs.insert(CertificateChoices::Certificate(cert.clone()));
        }
        let mut infos = SetOfVec::new();
        infos.insert(info).expect("one signer");
        let summary = SignedSummary {
            content_bytes: self.bytes,
            digest_algorithm: self.hash,
            content_digest: hex::encode(&digest),
            signature_algorithm: signer.algorithm(),
            signer: certificate.tbs_certificate().subject().to_string(),
        };
        let write = CmsError::writing;
        let inner = match self.content {
            Content::Attached(octets) => {
                let mut inner = octets.finish().map_err(write)?;
                write_end_of_contents(&mut inner).map_err(write)?; // [0] eContent
                write_end_of_contents(&mut inner).map_err(write)?; // EncapsulatedContentInfo
                inner
                    .write_all(&implicit_certificates(&certs))
                    .map_err(write)?;
                inner.write_all(&to_der(&infos)).map_err(write)?;
                for _ in 0..3 {
                    write_end_of_contents(&mut inner).map_err(write)?; // SignedData, [0], ContentInfo
                }
                inner
            }
            Content::Detached(mut inner) => {
                let signed = SignedData {
                    version: CmsVersion::V1,
                    digest_algorithms: digest_algorithms(self.hash),
                    encap_content_info: EncapsulatedContentInfo {
                        econtent_type: oids::ID_DATA,
                        econtent: None,
                    },
                    certificates: Some(CertificateSet(certs)),
                    crls: None,
                    signer_infos: SignerInfos(infos),
                };
                let info = ContentInfo {
                    content_type: oids::ID_SIGNED_DATA,
                    content: Any::encode_from(&signed)
                        .map_err(|e| CmsError::Malformed(e.to_string()))?,
                };
                inner.write_all(&to_der(&info)).map_err(write)?;
                inner
            }
        };
        Ok((inner, summary))
    }
}

fn digest_algorithms(hash: HashAlg) -> SetOfVec<spki::AlgorithmIdentifierOwned> {
    let mut set = SetOfVec::new();
    set.insert(hash.identifier()).expect("one algorithm");
    set
}

/// `certificates [0] IMPLICIT CertificateSet`: the SET's DER with the tag replaced.
fn implicit_certificates(certs: &SetOfVec<CertificateChoices>) -> Vec<u8> {
    let mut der = to_der(certs);
    der[0] = 0xa0;
    der
}

impl<W: Write> Write for SignedWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.hasher.update(data);
        self.bytes += data.len() as u64;
        match &mut self.content {
            Content::Attached(octets) => octets.write_all(data)?,
            Content::Detached(_) => {}
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.content {
            Content::Attached(octets) => octets.flush(),
            Content::Detached(inner) => inner.flush(),
        }
    }
}
