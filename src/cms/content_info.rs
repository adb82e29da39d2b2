//! The outermost ContentInfo of a file (RFC 5652 section 3): how it begins, which tells
//! a CMS file from a file that is not CMS at all, and how it ends. Zero bytes after it
//! are padding that some eID software adds, and that OpenSSL and EU DSS ignore: they are
//! counted, for a warning, up to [`MAX_TRAILING_ZEROS`]. Any other byte after it is
//! refused.

use std::io::Read;

use spki::ObjectIdentifier;

use super::algorithms::decode_ber;
use super::ber_reader::{BerReader, Rest, Tag};
use super::envelope_reader::ber;
use super::error::CmsError;
use super::limits::MAX_TRAILING_ZEROS;

/// How a file begins.
pub(crate) enum Start {
    /// A ContentInfo of this content type, its `[0] EXPLICIT` content entered.
    ContentInfo(ObjectIdentifier),
    /// A SignedData without its ContentInfo, its SEQUENCE entered (what some tools
    /// write for a detached signature).
    BareSignedData,
}

/// Why a file is not CMS, when it does not begin as a ContentInfo does.
const NOT_A_CONTENT_INFO: &str = "it does not begin with a CMS ContentInfo";

/// Reads the beginning of a file: `SEQUENCE { contentType, [0] EXPLICIT`, or the
/// `SEQUENCE { version` of a bare SignedData. Anything else is [`CmsError::NotCms`].
pub(crate) fn read_start<R: Read>(reader: &mut BerReader<R>) -> Result<Start, CmsError> {
    let not_cms = || CmsError::NotCms(NOT_A_CONTENT_INFO.to_owned());
    if reader.at_end().map_err(|_| not_cms())? {
        return Err(CmsError::NotCms("the file is empty".to_owned()));
    }
    let header = reader.peek_header().map_err(|_| not_cms())?;
    if header.tag != Tag::SEQUENCE || !header.constructed {
        return Err(not_cms());
    }
    reader.enter(Tag::SEQUENCE).map_err(|_| not_cms())?;
    if reader.next_is(Tag::INTEGER).map_err(|_| not_cms())? {
        return Ok(Start::BareSignedData);
    }
    if reader.next_is(Tag::SEQUENCE).map_err(|_| not_cms())? {
        // A certificate: `SEQUENCE { tbsCertificate SEQUENCE { [0] EXPLICIT version`.
        reader.enter(Tag::SEQUENCE).map_err(|_| not_cms())?;
        if reader.next_is(Tag::context(0)).map_err(|_| not_cms())? {
            return Err(CmsError::Certificate);
        }
        return Err(not_cms());
    }
    if !reader
        .next_is(Tag::OBJECT_IDENTIFIER)
        .map_err(|_| not_cms())?
    {
        return Err(not_cms());
    }
    let raw = reader.read_element_bytes(64).map_err(|_| not_cms())?;
    let oid: ObjectIdentifier = decode_ber(&raw, "the content type").map_err(|_| not_cms())?;
    reader.enter(Tag::context(0)).map_err(ber)?;
    Ok(Start::ContentInfo(oid))
}

/// Leaves the `closing` elements still open around the content (its `[0]` and the
/// ContentInfo, say), then reads the rest of the file: the number of zero bytes that
/// pad it, or an error for anything else.
pub(crate) fn read_end<R: Read>(
    reader: &mut BerReader<R>,
    closing: usize,
) -> Result<u64, CmsError> {
    for _ in 0..closing {
        reader.expect_end().map_err(ber)?;
    }
    match reader.rest(MAX_TRAILING_ZEROS).map_err(ber)? {
        Rest::Zeros(count) => Ok(count),
        Rest::TooManyZeros => Err(CmsError::TooMuchPadding {
            limit: MAX_TRAILING_ZEROS,
        }),
        Rest::Data { offset } => Err(CmsError::DataAfterEnd { offset }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(bytes: &[u8]) -> Result<Start, CmsError> {
        read_start(&mut BerReader::new(bytes))
    }

    fn not_cms_reason(bytes: &[u8]) -> String {
        match start(bytes) {
            Err(CmsError::NotCms(reason)) => reason,
            Err(e) => panic!("{bytes:02x?}: another error: {e}"),
            Ok(_) => panic!("{bytes:02x?}: read as CMS"),
        }
    }

    #[test]
    fn files_that_are_not_cms_are_told_apart() {
        assert_eq!(not_cms_reason(b""), "the file is empty");
        for bytes in [
            &b"hello, world\n"[..],
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            b"0,1,2\n",
            b"\x00\x00\x00\x00",
            b"\x30\x03\x04\x01\x00",
            b"\x30\x80",
            b"\xff\xff\xff",
            b"\x04\x02hi",
        ] {
            assert_eq!(not_cms_reason(bytes), NOT_A_CONTENT_INFO, "{bytes:02x?}");
        }
    }

    #[test]
    fn a_certificate_is_told_apart_from_other_sequences() {
        // Certificate { TBSCertificate { [0] { INTEGER 2 } } }
        let certificate = hex::decode("30073005a003020102").unwrap();
        assert!(matches!(start(&certificate), Err(CmsError::Certificate)));
        // A certificate request: CertificationRequestInfo begins with its version.
        let request = hex::decode("30053003020100").unwrap();
        assert_eq!(not_cms_reason(&request), NOT_A_CONTENT_INFO);
    }

    #[test]
    fn a_content_info_and_a_bare_signed_data_begin_cms() {
        // ContentInfo { id-data, [0] { OCTET STRING } }
        let data = hex::decode("300f06092a864886f70d010701a0020400").unwrap();
        assert!(matches!(start(&data), Ok(Start::ContentInfo(o)) if o == crate::oids::ID_DATA));
        assert!(matches!(
            start(&hex::decode("3003020101").unwrap()),
            Ok(Start::BareSignedData)
        ));
    }

    #[test]
    fn zero_padding_is_counted_and_other_data_refused() {
        let content_info = hex::decode("300f06092a864886f70d010701a0020400").unwrap();
        let end = |tail: &[u8]| {
            let file = [&content_info[..], tail].concat();
            let mut reader = BerReader::new(&file[..]);
            assert!(matches!(read_start(&mut reader), Ok(Start::ContentInfo(_))));
            reader.skip_element().unwrap();
            read_end(&mut reader, 2)
        };
        assert_eq!(end(b"").unwrap(), 0);
        assert_eq!(end(&[0; 3]).unwrap(), 3);
        assert_eq!(end(&[0; 20_000]).unwrap(), 20_000);
        assert!(matches!(
            end(&[0, 0, 7]),
            Err(CmsError::DataAfterEnd { offset: 19 })
        ));
        assert!(matches!(
            end(b"junk"),
            Err(CmsError::DataAfterEnd { offset: 17 })
        ));
        assert!(matches!(
            end(&vec![0; MAX_TRAILING_ZEROS as usize + 1]),
            Err(CmsError::TooMuchPadding { .. })
        ));
    }
}
