//! Writing BER by hand, for content too large to hold in memory.
//!
//! `der` encodes whole values in memory, so the outer layers of a sealed file are
//! framed here: constructed elements of indefinite length closed by end-of-contents,
//! and the content as a constructed OCTET STRING of fixed-size segments, the form
//! OpenSSL `-stream` writes and reads. Small elements stay `der` values.
//!
//! This module never buffers more than one segment and never writes a primitive
//! element of indefinite length.

use std::io::{self, Write};
use std::num::NonZeroUsize;

use super::ber_reader::Tag;

/// The identifier and length octets of an element; `length` `None` is the indefinite
/// form, which only a constructed element may have.
fn encode_header(tag: Tag, constructed: bool, length: Option<u64>) -> ([u8; 15], usize) {
    let mut out = [0u8; 15];
    let mut n = 0;
    let first = tag.class.bits() << 6 | if constructed { 0x20 } else { 0 };
    if tag.number < 0x1f {
        out[0] = first | tag.number as u8;
        n = 1;
    } else {
        out[0] = first | 0x1f;
        n += 1;
        let groups = (32 - tag.number.leading_zeros()).div_ceil(7);
        for i in (0..groups).rev() {
            let more = if i > 0 { 0x80 } else { 0 };
            out[n] = more | (tag.number >> (7 * i)) as u8 & 0x7f;
            n += 1;
        }
    }
    match length {
        None => {
            out[n] = 0x80;
            n += 1;
        }
        Some(len @ 0..=0x7f) => {
            out[n] = len as u8;
            n += 1;
        }
        Some(len) => {
            let bytes = len.to_be_bytes();
            let skip = (len.leading_zeros() / 8) as usize;
            out[n] = 0x80 | (8 - skip) as u8;
            n += 1;
            out[n..n + 8 - skip].copy_from_slice(&bytes[skip..]);
            n += 8 - skip;
        }
    }
    (out, n)
}

/// Writes the header of a definite-length element (DER form of the length).
pub fn write_header<W: Write + ?Sized>(
    w: &mut W,
    tag: Tag,
    constructed: bool,
    length: u64,
) -> io::Result<()> {
    let (bytes, n) = encode_header(tag, constructed, Some(length));
    w.write_all(&bytes[..n])
}

/// Opens a constructed element of indefinite length; close it with
/// [`write_end_of_contents`].
pub fn write_indefinite_header<W: Write + ?Sized>(w: &mut W, tag: Tag) -> io::Result<()> {
    let (bytes, n) = encode_header(tag, true, None);
    w.write_all(&bytes[..n])
}

/// Closes the innermost constructed element of indefinite length.
pub fn write_end_of_contents<W: Write + ?Sized>(w: &mut W) -> io::Result<()> {
    w.write_all(&[0, 0])
}

/// Writes its input as the content of a constructed, indefinite-length OCTET STRING
/// (or `[n] IMPLICIT OCTET STRING`) made of primitive segments of one fixed size, the
/// last one shorter. Call [`finish`](OctetStringWriter::finish) to write the last
/// segment and the end-of-contents.
#[derive(Debug)]
pub struct OctetStringWriter<W: Write> {
    inner: W,
    segment_size: usize,
    /// A partial segment, always shorter than `segment_size`.
    pending: Vec<u8>,
}

impl<W: Write> OctetStringWriter<W> {
    pub fn with_segment_size(
        mut inner: W,
        tag: Tag,
        segment_size: NonZeroUsize,
    ) -> io::Result<Self> {
        write_indefinite_header(&mut inner, tag)?;
        Ok(OctetStringWriter {
            inner,
            segment_size: segment_size.get(),
            pending: Vec::new(),
        })
    }

    /// Writes what is pending as the last segment, then the end-of-contents, and gives
    /// back the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.pending.is_empty() {
            write_segment(&mut self.inner, &self.pending)?;
            self.pending.clear();
        }
        write_end_of_contents(&mut self.inner)?;
        Ok(self.inner)
    }
}

fn write_segment<W: Write>(w: &mut W, segment: &[u8]) -> io::Result<()> {
    write_header(w, Tag::OCTET_STRING, false, segment.len() as u64)?;
    w.write_all(segment)
}

impl<W: Write> Write for OctetStringWriter<W> {
    /// Takes all of `data`: whole segments go out without a copy, the rest waits.
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let size = self.segment_size;
        let mut rest = data;
        if !self.pending.is_empty() {
            let take = rest.len().min(size - self.pending.len());
            self.pending.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.pending.len() < size {
                return Ok(data.len());
            }
            write_segment(&mut self.inner, &self.pending)?;
            self.pending.clear();
        }
        while rest.len() >= size {
            write_segment(&mut self.inner, &rest[..size])?;
            rest = &rest[size..];
        }
        if !rest.is_empty() {
            self.pending.reserve_exact(size);
            self.pending.extend_from_slice(rest);
        }
        Ok(data.len())
    }

    /// Flushes the inner writer; a partial segment stays pending so that all segments
    /// but the last have the same size.
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use proptest::prelude::*;

    use super::*;
    use crate::cms::ber_reader::{BerReader, Class};

    fn class() -> impl Strategy<Value = Class> {
        prop_oneof![
            Just(Class::Universal),
            Just(Class::Application),
            Just(Class::ContextSpecific),
            Just(Class::Private),
        ]
    }

    #[test]
    fn headers_are_encoded_as_der_writes_them() {
        let mut out = Vec::new();
        write_header(&mut out, Tag::SEQUENCE, true, 0x7f).unwrap();
        write_header(&mut out, Tag::OCTET_STRING, false, 0x80).unwrap();
        write_header(&mut out, Tag::context(31), false, 0x1_0000).unwrap();
        write_indefinite_header(&mut out, Tag::context(0)).unwrap();
        write_end_of_contents(&mut out).unwrap();
        assert_eq!(hex::encode(out), "307f0481809f1f83010000a0800000");
    }

    proptest! {
        #[test]
        fn headers_read_back(class in class(), number: u32, constructed: bool, length: Option<u64>) {
            // Universal 0 is end-of-contents, and the indefinite form is for constructed
            // elements only.
            prop_assume!(class != Class::Universal || number != 0);
            let length = if constructed { length } else { Some(length.unwrap_or(0)) };
            let tag = Tag { class, number };
            let (bytes, n) = encode_header(tag, constructed, length);
            let mut r = BerReader::new(&bytes[..n]);
            let h = r.peek_header().unwrap();
            prop_assert_eq!((h.tag, h.constructed, h.length, h.header_len), (tag, constructed, length, n));
        }

        #[test]
        fn octet_strings_read_back(
            content in proptest::collection::vec(any::<u8>(), 0..5000),
            segment_size in 1usize..700,
            writes in proptest::collection::vec(0usize..900, 1..20),
            tag in prop_oneof![Just(Tag::OCTET_STRING), Just(Tag::context(0)), Just(Tag::context(2))],
        ) {
            let size = NonZeroUsize::new(segment_size).unwrap();
            let mut w = OctetStringWriter::with_segment_size(Vec::new(), tag, size).unwrap();
            let mut rest = &content[..];
            for n in writes.iter().cycle() {
                if rest.is_empty() {
                    break;
                }
                let n = (*n).clamp(1, rest.len());
                w.write_all(&rest[..n]).unwrap();
                rest = &rest[n..];
            }
            let encoded = w.finish().unwrap();
            let mut r = BerReader::new(&encoded[..]);
            let mut back = Vec::new();
            r.octet_string(tag).unwrap().read_to_end(&mut back).unwrap();
            prop_assert_eq!(back, content.clone());
            prop_assert!(r.at_end().unwrap());
            // Every segment but the last is full.
            let segments = content.len().div_ceil(segment_size);
            let header = |len: usize| encode_header(Tag::OCTET_STRING, false, Some(len as u64)).1;
            let full = content.len() / segment_size;
            let last = content.len() % segment_size;
            let expected_len = 2 + full * (header(segment_size) + segment_size)
                + if last > 0 { header(last) + last } else { 0 }
                + 2;
            prop_assert_eq!(encoded.len(), expected_len, "{} segments", segments);
        }
    }
}
