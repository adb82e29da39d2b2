//! Reading SignedData as a stream: the encapsulated content goes to a sink while it is
//! hashed with every digest algorithm the file lists; the certificates and SignerInfos
//! that follow are collected for checking.
//!
//! This module never judges a signature: it hands back digests, certificates and the
//! raw SignerInfos, and [`super::signer_info::verify`] decides.

use std::io::{self, Read, Write};

use der::Decode;
use spki::{AlgorithmIdentifierOwned, ObjectIdentifier};
use x509_cert::Certificate;

use super::algorithms::decode_ber;
use super::ber_reader::{BerReader, Tag};
use super::copy::copy;
use super::envelope_reader::{SMALL, ber};
use super::error::CmsError;
use crate::algorithms::{HashAlg, Hasher};
use crate::oids;

/// Limit on the certificates of one file.
const CERTIFICATES: usize = 64 << 20;
/// The blocks in which the signed content is read and hashed.
const BLOCK: usize = 1 << 20;

/// Everything a SignedData held but its content.
pub struct SignedParts {
    pub econtent_type: ObjectIdentifier,
    /// The content's digest with each supported algorithm the file lists.
    pub digests: Vec<(HashAlg, Vec<u8>)>,
    pub certificates: Vec<Certificate>,
    /// Each SignerInfo as it was encoded.
    pub signer_infos: Vec<Vec<u8>>,
    /// Bytes of content (attached, or from `detached_content`).
    pub content_bytes: u64,
    pub detached: bool,
}

/// Reads a SignedData ContentInfo (or a bare SignedData) from `input`, writing the
/// encapsulated content to `sink`. For a detached signature, `detached_content` is the
/// signed content (hashed, not written); without it, nothing is hashed. A stream that
/// is not a SignedData is [`CmsError::Unsigned`].
pub fn read_signed<R: Read>(
    input: R,
    sink: &mut dyn Write,
    detached_content: Option<&mut dyn Read>,
) -> Result<SignedParts, CmsError> {
    let mut reader = BerReader::new(input);
    let header = reader.peek_header().map_err(|_| CmsError::Unsigned)?;
    if header.tag != Tag::SEQUENCE || !header.constructed {
        return Err(CmsError::Unsigned);
    }
    reader.enter(Tag::SEQUENCE).map_err(ber)?;
    // A ContentInfo starts with its type; a bare SignedData with its version.
    let wrapped = reader.next_is(Tag::OBJECT_IDENTIFIER).map_err(ber)?;
    if wrapped {
        let raw = reader.read_element_bytes(64).map_err(ber)?;
        let oid: ObjectIdentifier = decode_ber(&raw, "the content type")?;
        if oid != oids::ID_SIGNED_DATA {
            return Err(CmsError::Unsigned);
        }
        reader.enter(Tag::context(0)).map_err(ber)?;
        reader.enter(Tag::SEQUENCE).map_err(ber)?;
    }
    read_signed_data(
        &mut reader,
        if wrapped { 2 } else { 0 },
        sink,
        detached_content,
    )
}

/// Reads a SignedData whose SEQUENCE was just entered, then `closing` more ends (the
/// ContentInfo around it), then the end of the input.
pub(crate) fn read_signed_data<R: Read>(
    reader: &mut BerReader<R>,
    closing: usize,
    sink: &mut dyn Write,
    detached_content: Option<&mut dyn Read>,
) -> Result<SignedParts, CmsError> {
    if !reader.next_is(Tag::INTEGER).map_err(ber)? {
        return Err(CmsError::Unsigned);
    }
    reader.skip_element().map_err(ber)?; // version
    let raw = reader.read_element_bytes(SMALL).map_err(ber)?;
    let algorithms = digest_algorithms(&raw)?;
    let mut hashers: Vec<(HashAlg, Hasher)> =
        algorithms.iter().map(|h| (*h, Hasher::new(*h))).collect();

    reader.enter(Tag::SEQUENCE).map_err(ber)?; // EncapsulatedContentInfo
    let raw = reader.read_element_bytes(64).map_err(ber)?;
    let econtent_type: ObjectIdentifier = decode_ber(&raw, "the signed content type")?;
    let mut content_bytes = 0u64;
    let detached = !reader.next_is(Tag::context(0)).map_err(ber)?;
    let mut hash = |block: &[u8]| hashers.iter_mut().for_each(|(_, h)| h.update(block));
    if let (true, Some(content)) = (detached, detached_content) {
        content_bytes = copy(content, &mut io::sink(), BLOCK, &mut hash)?;
    } else if !detached {
        reader.enter(Tag::context(0)).map_err(ber)?;
        {
            let mut content = reader.octet_string(Tag::OCTET_STRING).map_err(ber)?;
            content_bytes = copy(&mut content, sink, BLOCK, &mut hash)?;
        }
        reader.expect_end().map_err(ber)?; // [0]
    }
    reader.expect_end().map_err(ber)?; // EncapsulatedContentInfo

    let mut certificates = Vec::new();
    if reader.next_is(Tag::context(0)).map_err(ber)? {
        let raw = reader.read_element_bytes(CERTIFICATES).map_err(ber)?;
        certificates = read_certificates(&raw)?;
    }
    if reader.next_is(Tag::context(1)).map_err(ber)? {
        reader.skip_element().map_err(ber)?; // revocation information
    }
    let raw = reader.read_element_bytes(CERTIFICATES).map_err(ber)?;
    let signer_infos = elements(&raw, Tag::SET)?;
    reader.expect_end().map_err(ber)?; // SignedData
    for _ in 0..closing {
        reader.expect_end().map_err(ber)?; // [0], ContentInfo
    }
    if !reader.at_end().map_err(ber)? {
        return Err(CmsError::Malformed(
            "there are bytes after the signed data".to_owned(),
        ));
    }
    Ok(SignedParts {
        econtent_type,
        digests: hashers
            .into_iter()
            .map(|(a, h)| (a, h.finalize()))
            .collect(),
        certificates,
        signer_infos,
        content_bytes,
        detached,
    })
}

/// The supported hashes among `digestAlgorithms` (others are left to fail per signer).
fn digest_algorithms(raw: &[u8]) -> Result<Vec<HashAlg>, CmsError> {
    let mut hashes = Vec::new();
    for element in elements(raw, Tag::SET)? {
        let id: AlgorithmIdentifierOwned = decode_ber(&element, "a digest algorithm")?;
        if let Ok(hash) = HashAlg::from_identifier(&id)
            && !hashes.contains(&hash)
        {
            hashes.push(hash);
        }
    }
    Ok(hashes)
}

/// The raw elements inside a constructed element of the given tag.
pub(crate) fn elements(raw: &[u8], tag: Tag) -> Result<Vec<Vec<u8>>, CmsError> {
    let mut reader = BerReader::new(raw);
    reader.enter(tag).map_err(ber)?;
    let mut out = Vec::new();
    while !reader.at_end().map_err(ber)? {
        out.push(reader.read_element_bytes(raw.len()).map_err(ber)?);
    }
    reader.expect_end().map_err(ber)?;
    Ok(out)
}

/// The X.509 certificates of a `[0] IMPLICIT CertificateSet`; other choices (attribute
/// certificates) are skipped.
fn read_certificates(raw: &[u8]) -> Result<Vec<Certificate>, CmsError> {
    let mut certificates = Vec::new();
    for element in elements(raw, Tag::context(0))? {
        if element.first() == Some(&0x30) {
            let cert = Certificate::from_der(&element)
                .or_else(|_| Certificate::from_ber(&element))
                .map_err(|e| CmsError::Malformed(format!("a certificate in the file: {e}")))?;
            certificates.push(cert);
        }
    }
    Ok(certificates)
}
