//! `inspect`: the structure of any CMS file, read without a key and without judging it.

use std::io::{self, Read, Write};

use cms::enveloped_data::RecipientInfo;
use cms::signed_data::{SignerIdentifier, SignerInfo};
use const_oid::db::DB;
use serde::Serialize;
use spki::{AlgorithmIdentifierOwned, ObjectIdentifier};
use x509_cert::time::Time;

use super::algorithms::{ContentCipher, decode_ber, key_agreement_kdf};
use super::ber_reader::{BerReader, Tag};
use super::content_info::{Start, read_end, read_start};
use super::envelope_reader::{EnvelopeKind, ber, envelope_kind, read_envelope_header};
use super::error::CmsError;
use super::kdf::KdfHash;
use super::limits::MAX_SIGNERS;
use super::signed_reader::read_signed_data;
use crate::algorithms::{HashAlg, KeyTransport, NamedAlgorithm, SignatureAlgorithm};
use crate::oids;
use crate::x509::CertificateSummary;

/// What a CMS file holds.
#[derive(Debug, Serialize)]
pub struct Inspection {
    pub content_type: String,
    #[serde(flatten)]
    pub structure: Structure,
    /// Zero bytes of padding after the end of the CMS structure.
    pub trailing_zero_bytes: u64,
}

#[derive(Debug, Serialize)]
#[serde(tag = "structure")]
pub enum Structure {
    SignedData {
        econtent_type: String,
        /// Bytes of encapsulated content; `None` when detached.
        content_bytes: Option<u64>,
        certificates: Vec<CertificateSummary>,
        signers: Vec<SignerOutline>,
    },
    AuthEnvelopedData(EnvelopeOutline),
    EnvelopedData(EnvelopeOutline),
    /// A content type epct does not take apart.
    Other,
}

#[derive(Debug, Serialize)]
pub struct EnvelopeOutline {
    /// The CMS version of the envelope.
    pub cms_version: u8,
    pub recipients: Vec<RecipientOutline>,
    pub econtent_type: String,
    pub cipher: ContentCipher,
    pub encrypted_bytes: u64,
}

#[derive(Debug, Serialize)]
pub struct RecipientOutline {
    /// key transport, key agreement, KEK, password or other.
    pub kind: &'static str,
    pub recipient: String,
    pub key_encryption: NamedAlgorithm,
}

#[derive(Debug, Serialize)]
pub struct SignerOutline {
    pub signer: String,
    pub digest_algorithm: NamedAlgorithm,
    pub signature_algorithm: NamedAlgorithm,
    pub signing_time: Option<String>,
    pub signed_attributes: Vec<String>,
    pub unsigned_attributes: Vec<String>,
}

/// The name of an OID where `const-oid` knows one, else its dotted form.
fn name(oid: &ObjectIdentifier) -> String {
    DB.by_oid(oid)
        .map(str::to_owned)
        .unwrap_or_else(|| oid.to_string())
}

/// A digest algorithm by epct's name where epct knows it (`sha256`), else by [`name`].
fn digest_name(id: &AlgorithmIdentifierOwned) -> NamedAlgorithm {
    match HashAlg::from_identifier(id) {
        Ok(hash) => NamedAlgorithm::new(hash.short_name(), id.oid),
        Err(_) => NamedAlgorithm::new(name(&id.oid), id.oid),
    }
}

/// A signature algorithm by epct's name where epct knows it (`ecdsa-sha256`), else by
/// [`name`]; `digest` completes a bare `rsaEncryption` or `id-ecPublicKey`.
fn signature_name(
    id: &AlgorithmIdentifierOwned,
    digest: &AlgorithmIdentifierOwned,
) -> NamedAlgorithm {
    let digest = HashAlg::from_identifier(digest).ok();
    match SignatureAlgorithm::from_identifier(id, digest) {
        Ok(algorithm) => NamedAlgorithm::new(algorithm.short_name(), id.oid),
        Err(_) => NamedAlgorithm::new(name(&id.oid), id.oid),
    }
}

/// Counts what is written to it.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.0 += data.len() as u64;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Walks a whole CMS file (any size) and describes it.
pub fn inspect<R: Read>(input: R) -> Result<Inspection, CmsError> {
    let mut reader = BerReader::new(input);
    // A bare SignedData is described as the SignedData it is, closed by no ContentInfo.
    let (content_type, closing) = match read_start(&mut reader)? {
        Start::ContentInfo(oid) => (oid, 2),
        Start::BareSignedData => (oids::ID_SIGNED_DATA, 0),
    };
    let (structure, trailing_zero_bytes) = match content_type {
        o if o == oids::ID_SIGNED_DATA => {
            if closing > 0 {
                reader.enter(Tag::SEQUENCE).map_err(ber)?;
            }
            let mut counter = Counter(0);
            let parts = read_signed_data(&mut reader, closing, &mut counter, None, MAX_SIGNERS)?;
            let structure = Structure::SignedData {
                econtent_type: name(&parts.econtent_type),
                content_bytes: (!parts.detached).then_some(counter.0),
                certificates: parts
                    .certificates
                    .iter()
                    .map(CertificateSummary::of)
                    .collect(),
                signers: parts
                    .signer_infos
                    .iter()
                    .map(|raw| decode_ber::<SignerInfo>(raw, "a signer info").map(outline_signer))
                    .collect::<Result<_, _>>()?,
            };
            (structure, parts.trailing_zero_bytes)
        }
        o if o == oids::ID_CT_AUTH_ENVELOPED_DATA || o == oids::ID_ENVELOPED_DATA => {
            let kind = envelope_kind(o)?;
            let header = read_envelope_header(&mut reader, kind)?;
            let mut counter = Counter(0);
            if reader.next_is(Tag::context(0)).map_err(ber)? {
                let mut content = reader.octet_string(Tag::context(0)).map_err(ber)?;
                io::copy(&mut content, &mut counter).map_err(CmsError::reading)?;
            }
            reader.expect_end().map_err(ber)?; // EncryptedContentInfo
            // The tag of AuthEnvelopedData, and the attributes of either.
            while !reader.at_end().map_err(ber)? {
                reader.skip_element().map_err(ber)?;
            }
            let outline = EnvelopeOutline {
                cms_version: header.version,
                recipients: header.infos.0.iter().map(outline_recipient).collect(),
                econtent_type: name(&header.content_type),
                cipher: header.cipher,
                encrypted_bytes: counter.0,
            };
            let structure = match kind {
                EnvelopeKind::AuthEnvelopedData => Structure::AuthEnvelopedData(outline),
                EnvelopeKind::EnvelopedData => Structure::EnvelopedData(outline),
            };
            // The envelope, [0], ContentInfo.
            (structure, read_end(&mut reader, 3)?)
        }
        _ => {
            reader.skip_element().map_err(ber)?; // the content, whatever it is
            (Structure::Other, read_end(&mut reader, 2)?)
        }
    };
    Ok(Inspection {
        content_type: name(&content_type),
        structure,
        trailing_zero_bytes,
    })
}

fn outline_signer(info: SignerInfo) -> SignerOutline {
    let signer = match &info.sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => format!(
            "serial {} of '{}'",
            hex::encode(isn.serial_number.as_bytes()),
            isn.issuer
        ),
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            format!("key id {}", hex::encode(ski.0.as_bytes()))
        }
    };
    let names = |attrs: &Option<x509_cert::attr::Attributes>| -> Vec<String> {
        attrs
            .iter()
            .flat_map(|a| a.iter())
            .map(|a| name(&a.oid))
            .collect()
    };
    let signing_time = info.signed_attrs.as_ref().and_then(|attrs| {
        attrs
            .iter()
            .find(|a| a.oid == oids::ID_SIGNING_TIME)
            .and_then(|a| a.values.iter().next())
            .and_then(|v| v.decode_as::<Time>().ok())
            .map(|t| crate::x509::rfc3339(t.to_date_time()))
    });
    SignerOutline {
        signer,
        digest_algorithm: digest_name(&info.digest_alg),
        signature_algorithm: signature_name(&info.signature_algorithm, &info.digest_alg),
        signing_time,
        signed_attributes: names(&info.signed_attrs),
        unsigned_attributes: names(&info.unsigned_attrs),
    }
}

fn outline_recipient(info: &RecipientInfo) -> RecipientOutline {
    let named = |oid: &ObjectIdentifier| NamedAlgorithm::new(name(oid), *oid);
    let (kind, key_encryption) = match info {
        RecipientInfo::Ktri(k) => ("key transport", key_transport_name(&k.key_enc_alg)),
        RecipientInfo::Kari(k) => ("key agreement", key_agreement_name(&k.key_enc_alg.oid)),
        RecipientInfo::Kekri(k) => ("KEK", named(&k.key_enc_alg.oid)),
        RecipientInfo::Pwri(p) => ("password", named(&p.key_enc_alg.oid)),
        RecipientInfo::Ori(o) => ("other", named(&o.ori_type)),
    };
    RecipientOutline {
        kind,
        recipient: super::recipients::describe_one(info).join("; "),
        key_encryption,
    }
}

/// An ECDH scheme by epct's name, for its X9.63 KDF hash (`ecdh-sha256`), where epct
/// knows it, else by [`name`].
fn key_agreement_name(oid: &ObjectIdentifier) -> NamedAlgorithm {
    let hash = match key_agreement_kdf(*oid) {
        Ok(KdfHash::Sha1) => "sha1",
        Ok(KdfHash::Sha224) => "sha224",
        Ok(KdfHash::Sha256) => "sha256",
        Ok(KdfHash::Sha384) => "sha384",
        Ok(KdfHash::Sha512) => "sha512",
        Err(_) => return NamedAlgorithm::new(name(oid), *oid),
    };
    NamedAlgorithm::new(format!("ecdh-{hash}"), *oid)
}

/// An RSA key transport by epct's name (`rsa-oaep-sha256`, `rsa-pkcs1`) where its
/// parameters are readable, else by [`name`].
fn key_transport_name(id: &AlgorithmIdentifierOwned) -> NamedAlgorithm {
    match super::recipients::key_transport(id) {
        Ok(KeyTransport::Oaep { hash, .. }) => {
            NamedAlgorithm::new(format!("rsa-oaep-{}", hash.short_name()), id.oid)
        }
        Ok(KeyTransport::Pkcs1v15) => NamedAlgorithm::new("rsa-pkcs1", id.oid),
        Err(_) => NamedAlgorithm::new(name(&id.oid), id.oid),
    }
}
