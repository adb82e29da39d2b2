//! Reading SignedData as a stream: the encapsulated content goes to a sink while it is
//! hashed with every digest algorithm the file lists; the certificates and SignerInfos
//! that follow are collected for checking, one at a time and within [`super::limits`].
//!
//! This module never judges a signature: it hands back digests, certificates and the
//! raw SignerInfos, and [`super::signer_info::verify`] decides.

use std::io::{self, Read, Write};

use der::Decode;
use spki::{AlgorithmIdentifierOwned, ObjectIdentifier};
use x509_cert::Certificate;

use super::algorithms::decode_ber;
use super::ber_reader::{BerReader, Tag};
use super::content_info::{Start, read_end, read_start};
use super::copy::copy;
use super::envelope_reader::ber;
use super::error::CmsError;
use super::limits::{
    self, MAX_CERTIFICATE_LEN, MAX_CERTIFICATES, MAX_CRLS, MAX_DIGEST_ALGORITHMS,
    MAX_SIGNER_INFO_LEN, SMALL,
};
use crate::algorithms::{HashAlg, Hasher};
use crate::oids;

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
    /// Zero bytes of padding after the end of the CMS structure.
    pub trailing_zero_bytes: u64,
}

/// Reads a SignedData ContentInfo (or a bare SignedData) from `input`, writing the
/// encapsulated content to `sink`. For a detached signature, `detached_content` is the
/// signed content (hashed, not written); without it, nothing is hashed. A stream that
/// is not CMS is [`CmsError::NotCms`], a CMS file of another type
/// [`CmsError::Unsigned`]; one with more than `max_signers` SignerInfos is refused.
pub fn read_signed<R: Read>(
    input: R,
    sink: &mut dyn Write,
    detached_content: Option<&mut dyn Read>,
    max_signers: usize,
) -> Result<SignedParts, CmsError> {
    let mut reader = BerReader::new(input);
    let closing = match read_start(&mut reader)? {
        Start::ContentInfo(oid) if oid == oids::ID_SIGNED_DATA => {
            reader.enter(Tag::SEQUENCE).map_err(ber)?;
            2
        }
        Start::ContentInfo(_) => return Err(CmsError::Unsigned),
        Start::BareSignedData => 0,
    };
    read_signed_data(&mut reader, closing, sink, detached_content, max_signers)
}

/// Reads a SignedData whose SEQUENCE was just entered, then `closing` more ends (the
/// ContentInfo around it), then the rest of the input: zero padding, counted, or
/// nothing.
pub(crate) fn read_signed_data<R: Read>(
    reader: &mut BerReader<R>,
    closing: usize,
    sink: &mut dyn Write,
    detached_content: Option<&mut dyn Read>,
    max_signers: usize,
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
        certificates = read_certificates(reader)?;
    }
    if reader.next_is(Tag::context(1)).map_err(ber)? {
        // Revocation information: counted and skipped, never held.
        reader.enter(Tag::context(1)).map_err(ber)?;
        let mut count = 0;
        while !reader.at_end().map_err(ber)? {
            count += 1;
            limits::at_most("revocation entries (CRLs)", count, MAX_CRLS)?;
            reader.skip_element().map_err(ber)?;
        }
        reader.expect_end().map_err(ber)?;
    }
    let signer_infos = read_signer_infos(reader, max_signers)?;
    // The SignedData, then its [0] and ContentInfo.
    let trailing_zero_bytes = read_end(reader, 1 + closing)?;
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
        trailing_zero_bytes,
    })
}

/// The supported hashes among `digestAlgorithms` (others are left to fail per signer).
fn digest_algorithms(raw: &[u8]) -> Result<Vec<HashAlg>, CmsError> {
    let mut hashes = Vec::new();
    let elements = elements(raw, Tag::SET)?;
    limits::at_most("digest algorithms", elements.len(), MAX_DIGEST_ALGORITHMS)?;
    for element in elements {
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

/// How many elements a constructed element of the given tag holds, without copying.
pub(crate) fn count_elements(raw: &[u8], tag: Tag) -> Result<usize, CmsError> {
    let mut reader = BerReader::new(raw);
    reader.enter(tag).map_err(ber)?;
    let mut count = 0;
    while !reader.at_end().map_err(ber)? {
        reader.skip_element().map_err(ber)?;
        count += 1;
    }
    reader.expect_end().map_err(ber)?;
    Ok(count)
}

/// The SignerInfos, each as encoded, read one at a time: at most `max_signers`, each
/// at most [`MAX_SIGNER_INFO_LEN`] bytes.
fn read_signer_infos<R: Read>(
    reader: &mut BerReader<R>,
    max_signers: usize,
) -> Result<Vec<Vec<u8>>, CmsError> {
    reader.enter(Tag::SET).map_err(ber)?;
    let mut signer_infos = Vec::new();
    while !reader.at_end().map_err(ber)? {
        limits::at_most("signers", signer_infos.len() + 1, max_signers)?;
        let raw = reader.read_element_bytes(MAX_SIGNER_INFO_LEN);
        signer_infos.push(raw.map_err(limits::sized("a signer info", MAX_SIGNER_INFO_LEN))?);
    }
    reader.expect_end().map_err(ber)?;
    Ok(signer_infos)
}

/// The X.509 certificates of a `[0] IMPLICIT CertificateSet`, parsed one at a time as
/// they are read: at most [`MAX_CERTIFICATES`] entries of [`MAX_CERTIFICATE_LEN`] bytes;
/// other choices (attribute certificates) are counted and skipped.
fn read_certificates<R: Read>(reader: &mut BerReader<R>) -> Result<Vec<Certificate>, CmsError> {
    reader.enter(Tag::context(0)).map_err(ber)?;
    let mut certificates = Vec::new();
    let mut count = 0;
    while !reader.at_end().map_err(ber)? {
        count += 1;
        limits::at_most("certificates", count, MAX_CERTIFICATES)?;
        if !reader.next_is(Tag::SEQUENCE).map_err(ber)? {
            reader.skip_element().map_err(ber)?;
            continue;
        }
        let element = (reader.read_element_bytes(MAX_CERTIFICATE_LEN))
            .map_err(limits::sized("a certificate", MAX_CERTIFICATE_LEN))?;
        let cert = Certificate::from_der(&element)
            .or_else(|_| Certificate::from_ber(&element))
            .map_err(|e| CmsError::Malformed(format!("a certificate in the file: {e}")))?;
        certificates.push(cert);
    }
    reader.expect_end().map_err(ber)?;
    Ok(certificates)
}
