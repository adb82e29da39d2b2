//! A streaming reader of BER (X.690) for CMS files of any size.
//!
//! Hand-written because `der` decodes in-memory slices only, while a sealed file can be
//! many GiB of indefinite-length BER (what OpenSSL `-stream` writes). The reader walks
//! headers, hands each small element (a certificate, a recipient or signer info) whole
//! to the caller for decoding with `der`, and streams the content of OCTET STRINGs
//! through [`OctetStringReader`].
//!
//! It never panics on input, never allocates more than the limit the caller gives,
//! never lets an element run past the element that contains it, and never follows more
//! than [`MAX_DEPTH`] nested constructed elements.

use std::fmt;
use std::io::{self, Read};

/// The deepest nesting of constructed elements the reader follows.
pub const MAX_DEPTH: usize = 64;

/// The longest header: one identifier byte, five more for a 32-bit tag number, one
/// length byte and eight more for the length.
const MAX_HEADER_LEN: usize = 15;

/// The class of a tag (X.690 section 8.1.2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    Universal,
    Application,
    ContextSpecific,
    Private,
}

impl Class {
    fn from_bits(bits: u8) -> Self {
        match bits & 0b11 {
            0 => Class::Universal,
            1 => Class::Application,
            2 => Class::ContextSpecific,
            _ => Class::Private,
        }
    }

    pub(crate) fn bits(self) -> u8 {
        match self {
            Class::Universal => 0,
            Class::Application => 1,
            Class::ContextSpecific => 2,
            Class::Private => 3,
        }
    }
}

/// A tag: class and number, without the constructed bit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tag {
    pub class: Class,
    pub number: u32,
}

impl Tag {
    pub const INTEGER: Tag = Tag::universal(2);
    pub const OCTET_STRING: Tag = Tag::universal(4);
    pub const NULL: Tag = Tag::universal(5);
    pub const OBJECT_IDENTIFIER: Tag = Tag::universal(6);
    pub const SEQUENCE: Tag = Tag::universal(16);
    pub const SET: Tag = Tag::universal(17);

    pub const fn universal(number: u32) -> Tag {
        Tag {
            class: Class::Universal,
            number,
        }
    }

    /// A context-specific tag, `[number]`.
    pub const fn context(number: u32) -> Tag {
        Tag {
            class: Class::ContextSpecific,
            number,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.number;
        match self.class {
            Class::Universal => match n {
                2 => f.write_str("INTEGER"),
                4 => f.write_str("OCTET STRING"),
                5 => f.write_str("NULL"),
                6 => f.write_str("OBJECT IDENTIFIER"),
                16 => f.write_str("SEQUENCE"),
                17 => f.write_str("SET"),
                _ => write!(f, "[UNIVERSAL {n}]"),
            },
            Class::Application => write!(f, "[APPLICATION {n}]"),
            Class::ContextSpecific => write!(f, "[{n}]"),
            Class::Private => write!(f, "[PRIVATE {n}]"),
        }
    }
}

/// The identifier and length octets of one element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub tag: Tag,
    pub constructed: bool,
    /// The content length; `None` for the indefinite form.
    pub length: Option<u64>,
    /// How many bytes the header itself takes.
    pub header_len: usize,
    /// Where the element starts in the stream.
    pub offset: u64,
    raw: [u8; MAX_HEADER_LEN],
}

impl Header {
    /// The header bytes exactly as they were read.
    pub fn raw(&self) -> &[u8] {
        &self.raw[..self.header_len]
    }

    fn is_end_of_contents(&self) -> bool {
        self.tag == Tag::universal(0)
    }
}

/// Every way BER input can be malformed, with the byte offset where it was found.
#[derive(Debug, thiserror::Error)]
pub enum BerError {
    #[error("the file ends early, at byte {offset}: it is truncated or was cut short in transfer")]
    Truncated { offset: u64 },
    #[error(
        "malformed BER at byte {offset}: an element runs past the end of its enclosing element"
    )]
    Overrun { offset: u64 },
    #[error("malformed BER at byte {offset}: bad tag (wrongly encoded, or a number above 2^32)")]
    BadTag { offset: u64 },
    #[error("malformed BER at byte {offset}: bad length (reserved form, or longer than 8 bytes)")]
    BadLength { offset: u64 },
    #[error("malformed BER at byte {offset}: the element's end lies beyond 2^64 bytes")]
    LengthOverflow { offset: u64 },
    #[error("malformed BER at byte {offset}: a primitive element has an indefinite length")]
    IndefinitePrimitive { offset: u64 },
    #[error("malformed BER at byte {offset}: a malformed end-of-contents marker")]
    BadEndOfContents { offset: u64 },
    #[error("malformed BER at byte {offset}: an end-of-contents marker where none may be")]
    UnexpectedEndOfContents { offset: u64 },
    #[error("malformed BER at byte {offset}: an element is missing")]
    MissingElement { offset: u64 },
    #[error("malformed BER at byte {offset}: unexpected data before the end of an element")]
    TrailingData { offset: u64 },
    #[error("malformed BER at byte {offset}: expected {expected}, found {found}")]
    UnexpectedTag {
        offset: u64,
        expected: Tag,
        found: Tag,
    },
    #[error("malformed BER at byte {offset}: expected a constructed {tag}")]
    NotConstructed { offset: u64, tag: Tag },
    #[error("malformed BER at byte {offset}: a segment of an OCTET STRING is {found}")]
    BadSegment { offset: u64, found: Tag },
    #[error("malformed BER at byte {offset}: nested more than {MAX_DEPTH} levels deep")]
    TooDeep { offset: u64 },
    #[error("malformed BER at byte {offset}: an element is larger than {limit} bytes")]
    TooLarge { offset: u64, limit: usize },
    #[error("an OCTET STRING was left before its end; the rest of the file cannot be read")]
    Unfinished,
    #[error(transparent)]
    Io(io::Error),
}

impl From<io::Error> for BerError {
    /// Unwraps the `BerError` that [`OctetStringReader`] carries inside an `io::Error`.
    fn from(error: io::Error) -> Self {
        match error.downcast::<BerError>() {
            Ok(ber) => ber,
            Err(error) => BerError::Io(error),
        }
    }
}

impl From<BerError> for io::Error {
    fn from(error: BerError) -> Self {
        match error {
            BerError::Io(e) => e,
            e => io::Error::new(io::ErrorKind::InvalidData, e),
        }
    }
}

/// What follows the outermost element of a stream ([`BerReader::rest`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rest {
    /// Only zero bytes, this many (none at all: 0).
    Zeros(u64),
    /// More zero bytes than the limit.
    TooManyZeros,
    /// A byte other than zero, at this offset.
    Data { offset: u64 },
}

/// One constructed element that the reader is inside.
#[derive(Clone, Copy, Debug)]
struct Frame {
    /// Where the element ends; `None` when its length is indefinite.
    end: Option<u64>,
    /// Where the innermost definite-length element around here ends.
    bound: Option<u64>,
}

/// A BER reader over a byte stream. Give it a buffered reader: headers are read a byte
/// at a time.
///
/// Between calls it always stands at an element boundary: [`peek_header`] looks at the
/// next element, [`enter`] goes into a constructed one (left with [`expect_end`]),
/// [`read_element_bytes`] and [`skip_element`] take a whole element, and
/// [`octet_string`] streams one.
///
/// [`peek_header`]: BerReader::peek_header
/// [`enter`]: BerReader::enter
/// [`expect_end`]: BerReader::expect_end
/// [`read_element_bytes`]: BerReader::read_element_bytes
/// [`skip_element`]: BerReader::skip_element
/// [`octet_string`]: BerReader::octet_string
#[derive(Debug)]
pub struct BerReader<R> {
    inner: R,
    /// Bytes consumed from `inner`, a peeked header included.
    pos: u64,
    frames: Vec<Frame>,
    peeked: Option<Header>,
    /// An [`OctetStringReader`] was dropped before its end.
    unfinished: bool,
}

impl<R: Read> BerReader<R> {
    pub fn new(inner: R) -> Self {
        BerReader {
            inner,
            pos: 0,
            frames: Vec::new(),
            peeked: None,
            unfinished: false,
        }
    }

    /// The underlying reader, past every byte this reader consumed (a peeked header
    /// too).
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// The offset of the next element (or end-of-contents) in the stream.
    pub fn position(&self) -> u64 {
        match &self.peeked {
            Some(h) => h.offset,
            None => self.pos,
        }
    }

    /// How many constructed elements the reader is inside.
    pub fn depth(&self) -> usize {
        self.frames.len()
    }

    /// The header of the next element, without consuming it. Fails where the enclosing
    /// element ends (check [`at_end`](BerReader::at_end) first for optional elements).
    pub fn peek_header(&mut self) -> Result<Header, BerError> {
        self.check_finished()?;
        self.next_header()
    }

    /// The header of the next element, which must start one, not end one.
    fn next_header(&mut self) -> Result<Header, BerError> {
        let offset = self.position();
        if self.frame_ended() {
            return Err(BerError::MissingElement { offset });
        }
        match self.peek(false)? {
            Some(h) if !h.is_end_of_contents() => Ok(h),
            _ => Err(BerError::MissingElement { offset }),
        }
    }

    /// Whether the next element has this tag (false at the end of the enclosing element).
    pub fn next_is(&mut self, tag: Tag) -> Result<bool, BerError> {
        Ok(!self.at_end()? && self.peek_header()?.tag == tag)
    }

    /// Whether the innermost constructed element has no more elements; at the top level,
    /// whether the stream has ended.
    pub fn at_end(&mut self) -> Result<bool, BerError> {
        self.check_finished()?;
        if self.frame_ended() {
            return Ok(true);
        }
        match self.frames.last() {
            Some(Frame { end: Some(_), .. }) => Ok(false),
            Some(Frame { end: None, .. }) => {
                Ok(self.peek(false)?.is_some_and(|h| h.is_end_of_contents()))
            }
            None => Ok(self.peek(true)?.is_none()),
        }
    }

    /// Consumes the header of the next element, which must be a constructed `tag`, and
    /// steps inside it.
    pub fn enter(&mut self, tag: Tag) -> Result<Header, BerError> {
        self.check_finished()?;
        let h = self.take_header()?;
        if h.tag != tag {
            return Err(BerError::UnexpectedTag {
                offset: h.offset,
                expected: tag,
                found: h.tag,
            });
        }
        if !h.constructed {
            return Err(BerError::NotConstructed {
                offset: h.offset,
                tag,
            });
        }
        self.push(&h)?;
        Ok(h)
    }

    /// Leaves the innermost constructed element: reads its end-of-contents when its
    /// length is indefinite, checks that all of it was read when definite.
    pub fn expect_end(&mut self) -> Result<(), BerError> {
        self.check_finished()?;
        self.leave()
    }

    /// The next element whole, header included, exactly as encoded; at most `limit`
    /// bytes, checked before anything that large is allocated.
    pub fn read_element_bytes(&mut self, limit: usize) -> Result<Vec<u8>, BerError> {
        self.check_finished()?;
        let mut out = Vec::new();
        self.consume_element(Some((&mut out, limit)))?;
        Ok(out)
    }

    /// After the outermost element: reads what follows it to the end of the stream,
    /// counting zero bytes up to `zero_limit`, and stops at the first other byte. Call
    /// it once the outermost element was left, instead of [`at_end`](BerReader::at_end).
    pub fn rest(&mut self, zero_limit: u64) -> Result<Rest, BerError> {
        self.check_finished()?;
        if !self.frames.is_empty() {
            return Err(BerError::TrailingData {
                offset: self.position(),
            });
        }
        if let Some(h) = self.peeked {
            // A header at the top level is never two zero bytes (parse_header refuses
            // an end-of-contents there), so it is data.
            return Ok(Rest::Data { offset: h.offset });
        }
        let mut zeros = 0u64;
        let mut block = [0u8; 8192];
        loop {
            let n = match self.inner.read(&mut block) {
                Ok(0) => return Ok(Rest::Zeros(zeros)),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(BerError::Io(e)),
            };
            if let Some(i) = block[..n].iter().position(|b| *b != 0) {
                return Ok(Rest::Data {
                    offset: self.pos + i as u64,
                });
            }
            self.pos += n as u64;
            zeros += n as u64;
            if zeros > zero_limit {
                return Ok(Rest::TooManyZeros);
            }
        }
    }

    /// Reads past the next element, whatever its size.
    pub fn skip_element(&mut self) -> Result<(), BerError> {
        self.check_finished()?;
        self.consume_element(None)
    }

    /// Streams the content of the next element, an OCTET STRING tagged `tag` (the
    /// universal tag, or a context tag for an `[n] IMPLICIT OCTET STRING`), primitive or
    /// constructed of segments. Read it until it returns 0 before using this reader
    /// again.
    pub fn octet_string(&mut self, tag: Tag) -> Result<OctetStringReader<'_, R>, BerError> {
        self.check_finished()?;
        let h = self.take_header()?;
        if h.tag != tag {
            return Err(BerError::UnexpectedTag {
                offset: h.offset,
                expected: tag,
                found: h.tag,
            });
        }
        let base_depth = self.frames.len();
        let remaining = if h.constructed {
            self.push(&h)?;
            0
        } else {
            h.length.unwrap_or(0)
        };
        self.unfinished = h.constructed || remaining > 0;
        Ok(OctetStringReader {
            ber: self,
            base_depth,
            remaining,
        })
    }

    fn check_finished(&self) -> Result<(), BerError> {
        if self.unfinished {
            return Err(BerError::Unfinished);
        }
        Ok(())
    }

    /// Whether the innermost definite-length element has been read to its end.
    fn frame_ended(&self) -> bool {
        matches!(self.frames.last(), Some(Frame { end: Some(end), .. }) if self.position() >= *end)
    }

    fn bound(&self) -> Option<u64> {
        self.frames.last().and_then(|f| f.bound)
    }

    fn push(&mut self, h: &Header) -> Result<(), BerError> {
        if self.frames.len() >= MAX_DEPTH {
            return Err(BerError::TooDeep { offset: h.offset });
        }
        let end = h.length.map(|len| h.offset + h.header_len as u64 + len);
        let bound = end.or(self.bound());
        self.frames.push(Frame { end, bound });
        Ok(())
    }

    fn leave(&mut self) -> Result<(), BerError> {
        let offset = self.position();
        match self.frames.last() {
            None => Err(BerError::UnexpectedEndOfContents { offset }),
            Some(Frame { end: Some(end), .. }) => {
                if offset != *end {
                    return Err(BerError::TrailingData { offset });
                }
                self.frames.pop();
                Ok(())
            }
            Some(Frame { end: None, .. }) => match self.peek(false)? {
                Some(h) if h.is_end_of_contents() => {
                    self.peeked = None;
                    self.frames.pop();
                    Ok(())
                }
                _ => Err(BerError::TrailingData { offset }),
            },
        }
    }

    /// Consumes the next header, which must start an element, not end one.
    fn take_header(&mut self) -> Result<Header, BerError> {
        let h = self.next_header()?;
        self.peeked = None;
        Ok(h)
    }

    /// Reads the next header (or end-of-contents) unless it was read already. At
    /// `eof_ok`, a stream that ends cleanly before it gives `None`.
    fn peek(&mut self, eof_ok: bool) -> Result<Option<Header>, BerError> {
        if self.peeked.is_none() {
            self.peeked = self.parse_header(eof_ok)?;
        }
        Ok(self.peeked)
    }

    fn parse_header(&mut self, eof_ok: bool) -> Result<Option<Header>, BerError> {
        let offset = self.pos;
        let mut raw = [0u8; MAX_HEADER_LEN];
        let mut n = 0;
        let first = match self.read_byte(eof_ok)? {
            Some(b) => b,
            None => return Ok(None),
        };
        raw[n] = first;
        n += 1;
        let mut number = u32::from(first & 0x1f);
        if number == 0x1f {
            // High tag number form (X.690 section 8.1.2.4): base 128, most significant
            // group first, no leading zero group, only for numbers of 31 and above.
            number = 0;
            loop {
                let b = self.next_byte()?;
                raw[n] = b;
                n += 1;
                if (n == 2 && b == 0x80) || number > u32::MAX >> 7 {
                    return Err(BerError::BadTag { offset });
                }
                number = number << 7 | u32::from(b & 0x7f);
                if b & 0x80 == 0 {
                    break;
                }
            }
            if number < 0x1f {
                return Err(BerError::BadTag { offset });
            }
        }
        let tag = Tag {
            class: Class::from_bits(first >> 6),
            number,
        };
        let constructed = first & 0x20 != 0;
        let l = self.next_byte()?;
        raw[n] = l;
        n += 1;
        let length = match l {
            0..=0x7f => Some(u64::from(l)),
            0x80 if constructed => None,
            0x80 => return Err(BerError::IndefinitePrimitive { offset }),
            0x81..=0x88 => {
                let mut len = 0u64;
                for _ in 0..(l & 0x7f) {
                    let b = self.next_byte()?;
                    raw[n] = b;
                    n += 1;
                    len = len << 8 | u64::from(b);
                }
                Some(len)
            }
            _ => return Err(BerError::BadLength { offset }),
        };
        let header = Header {
            tag,
            constructed,
            length,
            header_len: n,
            offset,
            raw,
        };
        if tag == Tag::universal(0) {
            // End-of-contents is exactly two zero bytes, and only ends an
            // indefinite-length element.
            if raw[..n] != [0, 0] {
                return Err(BerError::BadEndOfContents { offset });
            }
            if !matches!(self.frames.last(), Some(Frame { end: None, .. })) {
                return Err(BerError::UnexpectedEndOfContents { offset });
            }
        }
        if let Some(len) = length {
            let end = self
                .pos
                .checked_add(len)
                .ok_or(BerError::LengthOverflow { offset })?;
            if self.bound().is_some_and(|bound| end > bound) {
                return Err(BerError::Overrun { offset });
            }
        }
        Ok(Some(header))
    }

    /// Consumes the next element, copying it into `out` (with a size limit) if given.
    fn consume_element(&mut self, mut out: Option<(&mut Vec<u8>, usize)>) -> Result<(), BerError> {
        let first = self.take_header()?;
        let mut header = first;
        // Indefinite-length elements open around here; definite ones are taken whole
        // without looking inside.
        let mut open = 0usize;
        loop {
            if let Some((buf, limit)) = out.as_mut() {
                let size = header.header_len as u64 + header.length.unwrap_or(0);
                if buf.len() as u64 + size > *limit as u64 {
                    return Err(BerError::TooLarge {
                        offset: first.offset,
                        limit: *limit,
                    });
                }
                buf.extend_from_slice(header.raw());
            }
            match header.length {
                None => {
                    open += 1;
                    if self.frames.len() + open > MAX_DEPTH {
                        return Err(BerError::TooDeep {
                            offset: header.offset,
                        });
                    }
                }
                Some(len) => {
                    match out.as_mut() {
                        Some((buf, _)) => self.read_into(buf, len)?,
                        None => self.skip_bytes(len)?,
                    }
                    if header.is_end_of_contents() {
                        open -= 1;
                    }
                }
            }
            if open == 0 {
                return Ok(());
            }
            // Inside indefinite-length elements, end-of-contents markers are expected;
            // parse_header accepts them only there.
            self.frames.push(Frame {
                end: None,
                bound: self.bound(),
            });
            let next = self.parse_header(false);
            self.frames.pop();
            header = next?.ok_or(BerError::Truncated { offset: self.pos })?;
        }
    }

    /// Reads one byte within the current bound; `None` on a clean end of stream when
    /// `eof_ok`.
    fn read_byte(&mut self, eof_ok: bool) -> Result<Option<u8>, BerError> {
        if self.bound().is_some_and(|bound| self.pos >= bound) {
            return Err(BerError::Overrun { offset: self.pos });
        }
        let mut b = [0u8];
        loop {
            match self.inner.read(&mut b) {
                Ok(0) if eof_ok => return Ok(None),
                Ok(0) => return Err(BerError::Truncated { offset: self.pos }),
                Ok(_) => {
                    self.pos += 1;
                    return Ok(Some(b[0]));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(BerError::Io(e)),
            }
        }
    }

    fn next_byte(&mut self) -> Result<u8, BerError> {
        self.read_byte(false)?
            .ok_or(BerError::Truncated { offset: self.pos })
    }

    /// Reads up to `buf.len()` content bytes in one call; 0 only for an empty `buf`.
    fn read_some(&mut self, buf: &mut [u8]) -> Result<usize, BerError> {
        loop {
            match self.inner.read(buf) {
                Ok(0) if !buf.is_empty() => return Err(BerError::Truncated { offset: self.pos }),
                Ok(n) => {
                    self.pos += n as u64;
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(BerError::Io(e)),
            }
        }
    }

    /// Appends `len` content bytes to `buf`; the caller has checked `len` against its
    /// limit and the header against the bound.
    fn read_into(&mut self, buf: &mut Vec<u8>, len: u64) -> Result<(), BerError> {
        let start = buf.len();
        let len =
            usize::try_from(len).map_err(|_| BerError::LengthOverflow { offset: self.pos })?;
        buf.resize(start + len, 0);
        let mut done = start;
        while done < buf.len() {
            done += self.read_some(&mut buf[done..])?;
        }
        Ok(())
    }

    fn skip_bytes(&mut self, mut len: u64) -> Result<(), BerError> {
        let mut scratch = [0u8; 8192];
        while len > 0 {
            let n = len.min(scratch.len() as u64) as usize;
            len -= self.read_some(&mut scratch[..n])? as u64;
        }
        Ok(())
    }
}

/// The content of one OCTET STRING, streamed: the bytes of a primitive encoding, or
/// those of every segment of a constructed one in order, nested or not.
///
/// Errors come as `io::Error`s of kind `InvalidData` that carry a [`BerError`];
/// `BerError::from` takes it back out.
#[derive(Debug)]
pub struct OctetStringReader<'a, R> {
    ber: &'a mut BerReader<R>,
    /// The reader's depth outside the string.
    base_depth: usize,
    /// Bytes left in the current primitive segment.
    remaining: u64,
}

impl<R: Read> OctetStringReader<'_, R> {
    /// Moves to the next segment with content; false at the end of the string.
    fn next_segment(&mut self) -> Result<bool, BerError> {
        let ber = &mut *self.ber;
        loop {
            if ber.frames.len() == self.base_depth {
                ber.unfinished = false;
                return Ok(false);
            }
            let at_end = match ber.frames.last() {
                Some(Frame { end: Some(_), .. }) => ber.frame_ended(),
                _ => ber.peek(false)?.is_some_and(|h| h.is_end_of_contents()),
            };
            if at_end {
                ber.leave()?;
                continue;
            }
            let h = ber.take_header()?;
            if h.tag != Tag::OCTET_STRING {
                return Err(BerError::BadSegment {
                    offset: h.offset,
                    found: h.tag,
                });
            }
            if h.constructed {
                ber.push(&h)?;
            } else if let Some(len @ 1..) = h.length {
                self.remaining = len;
                return Ok(true);
            }
        }
    }
}

impl<R: Read> Read for OctetStringReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.remaining == 0 && !self.next_segment()? {
            return Ok(0);
        }
        let n = self.remaining.min(buf.len() as u64) as usize;
        let n = self.ber.read_some(&mut buf[..n])?;
        self.remaining -= n as u64;
        if self.remaining == 0 && self.ber.frames.len() == self.base_depth {
            self.ber.unfinished = false;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(hex: &str) -> BerReader<&'static [u8]> {
        let bytes = hex::decode(hex.replace(' ', "")).unwrap();
        BerReader::new(Box::leak(bytes.into_boxed_slice()))
    }

    /// Walks every element, entering constructed ones and streaming OCTET STRINGs;
    /// returns the tags met and the octet string contents.
    fn walk(r: &mut BerReader<&[u8]>) -> Result<Vec<String>, BerError> {
        let mut out = Vec::new();
        loop {
            if r.at_end()? {
                if r.depth() == 0 {
                    return Ok(out);
                }
                r.expect_end()?;
                out.push("end".into());
                continue;
            }
            let h = r.peek_header()?;
            if h.tag == Tag::OCTET_STRING {
                let mut content = Vec::new();
                r.octet_string(h.tag)?.read_to_end(&mut content)?;
                out.push(format!("octets {}", hex::encode(content)));
            } else if h.constructed {
                r.enter(h.tag)?;
                out.push(format!("{}", h.tag));
            } else {
                let bytes = r.read_element_bytes(1 << 20)?;
                out.push(format!("{} {}", h.tag, hex::encode(bytes)));
            }
        }
    }

    const NESTED_INDEFINITE: &str = "30 80 02 01 05 24 80 04 02 6162 24 80 04 01 63 00 00 04 00 00 00 a0 80 30 03 02 01 07 00 00 00 00";

    #[test]
    fn walks_definite_and_indefinite_encodings_alike() {
        let definite = "30 17 02 01 05 24 0b 04 02 6162 24 03 04 01 63 04 00 a0 05 30 03 02 01 07";
        let expected = vec![
            "SEQUENCE",
            "INTEGER 020105",
            "octets 616263",
            "[0]",
            "SEQUENCE",
            "INTEGER 020107",
            "end",
            "end",
            "end",
        ];
        assert_eq!(walk(&mut reader(definite)).unwrap(), expected);
        assert_eq!(walk(&mut reader(NESTED_INDEFINITE)).unwrap(), expected);
    }

    #[test]
    fn every_truncation_is_an_error() {
        for sample in [NESTED_INDEFINITE, "30 0c 02 01 05 04 03 616263 bf 81 00 00"] {
            let bytes = hex::decode(sample.replace(' ', "")).unwrap();
            assert!(walk(&mut BerReader::new(&bytes[..])).is_ok());
            for cut in 1..bytes.len() {
                let err = walk(&mut BerReader::new(&bytes[..cut])).unwrap_err();
                assert!(
                    matches!(err, BerError::Truncated { offset } if offset == cut as u64),
                    "cut at {cut}: {err:?}"
                );
            }
        }
    }

    #[test]
    fn reads_high_tag_numbers() {
        let mut r = reader("9f 1f 00 bf 81 00 02 05 00 df 8f ff ff ff 7f 00");
        let h = r.peek_header().unwrap();
        assert_eq!(
            (h.tag, h.constructed, h.header_len),
            (Tag::context(31), false, 3)
        );
        r.skip_element().unwrap();
        let h = r.enter(Tag::context(128)).unwrap();
        assert_eq!(h.length, Some(2));
        assert_eq!(r.read_element_bytes(2).unwrap(), [5, 0]);
        r.expect_end().unwrap();
        let h = r.peek_header().unwrap();
        assert_eq!(
            h.tag,
            Tag {
                class: Class::Private,
                number: u32::MAX
            }
        );
        assert_eq!(h.raw(), hex::decode("df8fffffff7f00").unwrap());
    }

    #[test]
    fn refuses_malformed_tags() {
        for bad in [
            "1f 80 01 00",          // leading zero group
            "1f 1e 00",             // long form for a low number
            "1f 90 80 80 80 00 00", // above 2^32
        ] {
            let err = reader(bad).peek_header().unwrap_err();
            assert!(
                matches!(err, BerError::BadTag { offset: 0 }),
                "{bad}: {err:?}"
            );
        }
    }

    #[test]
    fn reads_long_form_lengths_up_to_eight_bytes() {
        let mut r = reader("04 88 0000000000000002 6162");
        assert_eq!(r.peek_header().unwrap().length, Some(2));
        assert_eq!(r.read_element_bytes(12).unwrap().len(), 12);
        assert!(r.at_end().unwrap());
    }

    #[test]
    fn refuses_malformed_lengths() {
        for (hex, expected) in [
            ("04 89 000000000000000001 00", "BadLength { offset: 0 }"),
            ("04 ff 00", "BadLength { offset: 0 }"),
            ("04 80 00 00", "IndefinitePrimitive { offset: 0 }"),
            (
                "30 0c 04 88 ffffffffffffffff",
                "LengthOverflow { offset: 2 }",
            ),
            ("30 03 04 05 0102030405", "Overrun { offset: 2 }"),
        ] {
            let err = walk(&mut reader(hex)).unwrap_err();
            assert_eq!(format!("{err:?}"), expected, "{hex}");
        }
    }

    #[test]
    fn an_indefinite_element_cannot_outrun_its_definite_parent() {
        let err = walk(&mut reader("30 04 30 80 05 00 00 00")).unwrap_err();
        assert!(matches!(err, BerError::Overrun { offset: 6 }), "{err:?}");
    }

    #[test]
    fn end_of_contents_only_ends_indefinite_elements() {
        for (hex, offset) in [("00 00", 0), ("30 02 00 00", 2)] {
            let err = walk(&mut reader(hex)).unwrap_err();
            assert!(
                matches!(err, BerError::UnexpectedEndOfContents { offset: o } if o == offset),
                "{hex}: {err:?}"
            );
        }
        for hex in ["30 80 00 01", "30 80 20 00", "30 80 00 81 00"] {
            let err = walk(&mut reader(hex)).unwrap_err();
            assert!(
                matches!(err, BerError::BadEndOfContents { offset: 2 }),
                "{hex}: {err:?}"
            );
        }
    }

    #[test]
    fn expect_end_refuses_unread_elements() {
        let mut r = reader("30 03 05 01 00");
        r.enter(Tag::SEQUENCE).unwrap();
        assert!(matches!(
            r.expect_end(),
            Err(BerError::TrailingData { offset: 2 })
        ));
        let mut r = reader("30 80 05 00 00 00");
        r.enter(Tag::SEQUENCE).unwrap();
        assert!(matches!(
            r.expect_end(),
            Err(BerError::TrailingData { offset: 2 })
        ));
        assert!(matches!(r.peek_header(), Ok(h) if h.tag == Tag::NULL));
    }

    #[test]
    fn missing_and_unexpected_elements_are_errors() {
        let mut r = reader("30 80 00 00");
        r.enter(Tag::SEQUENCE).unwrap();
        assert!(!r.next_is(Tag::NULL).unwrap());
        assert!(matches!(
            r.peek_header(),
            Err(BerError::MissingElement { offset: 2 })
        ));
        let mut r = reader("31 00");
        assert!(matches!(
            r.enter(Tag::SEQUENCE),
            Err(BerError::UnexpectedTag {
                offset: 0,
                expected: Tag::SEQUENCE,
                found: Tag::SET
            })
        ));
        assert!(matches!(
            reader("04 00").enter(Tag::OCTET_STRING),
            Err(BerError::NotConstructed { .. })
        ));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "30 80 ".repeat(MAX_DEPTH + 1) + &"00 00 ".repeat(MAX_DEPTH + 1);
        assert!(matches!(
            walk(&mut reader(&deep)),
            Err(BerError::TooDeep { .. })
        ));
        assert!(matches!(
            reader(&deep).read_element_bytes(1000),
            Err(BerError::TooDeep { .. })
        ));
        assert!(matches!(
            reader(&deep).skip_element(),
            Err(BerError::TooDeep { .. })
        ));
        let fits = "30 80 ".repeat(MAX_DEPTH) + &"00 00 ".repeat(MAX_DEPTH);
        assert!(walk(&mut reader(&fits)).is_ok());
        assert_eq!(
            reader(&fits).read_element_bytes(1000).unwrap().len(),
            4 * MAX_DEPTH
        );
    }

    #[test]
    fn element_bytes_are_exact_and_limited() {
        let mut r = reader(NESTED_INDEFINITE);
        let all = hex::decode(NESTED_INDEFINITE.replace(' ', "")).unwrap();
        assert!(matches!(
            r.read_element_bytes(all.len() - 1),
            Err(BerError::TooLarge { offset: 0, .. })
        ));
        let mut r = reader(NESTED_INDEFINITE);
        assert_eq!(r.read_element_bytes(all.len()).unwrap(), all);
        assert!(r.at_end().unwrap());
        // A huge declared length is refused before anything is allocated.
        let mut r = reader("04 88 0fffffffffffffff");
        assert!(matches!(
            r.read_element_bytes(1 << 20),
            Err(BerError::TooLarge { .. })
        ));
        let mut r = reader("04 88 0fffffffffffffff 00");
        assert!(matches!(
            r.skip_element(),
            Err(BerError::Truncated { offset: 11 })
        ));
    }

    #[test]
    fn octet_strings_stream_in_every_form() {
        for (hex, tag) in [
            ("04 03 616263", Tag::OCTET_STRING),
            ("80 03 616263", Tag::context(0)),
            (
                "a0 80 04 01 61 24 80 04 00 24 03 04 01 62 00 00 04 01 63 00 00",
                Tag::context(0),
            ),
            ("24 0a 04 01 61 24 05 04 03 626300", Tag::OCTET_STRING),
        ] {
            let mut r = reader(hex);
            let mut content = Vec::new();
            r.octet_string(tag)
                .unwrap()
                .read_to_end(&mut content)
                .unwrap();
            assert_eq!(&content[..3], b"abc", "{hex}");
            assert!(r.at_end().unwrap(), "{hex}");
        }
        let mut r = reader("24 80 00 00 05 00");
        let mut content = Vec::new();
        r.octet_string(Tag::OCTET_STRING)
            .unwrap()
            .read_to_end(&mut content)
            .unwrap();
        assert!(content.is_empty());
        assert_eq!(r.peek_header().unwrap().tag, Tag::NULL);
    }

    #[test]
    fn octet_string_segments_must_be_octet_strings() {
        let mut r = reader("24 80 04 01 61 05 00 00 00");
        let mut content = Vec::new();
        let err = r
            .octet_string(Tag::OCTET_STRING)
            .unwrap()
            .read_to_end(&mut content)
            .unwrap_err();
        assert!(matches!(
            BerError::from(err),
            BerError::BadSegment {
                offset: 5,
                found: Tag::NULL
            }
        ));
    }

    #[test]
    fn a_half_read_octet_string_blocks_the_reader() {
        let mut r = reader("30 80 04 02 6162 00 00");
        r.enter(Tag::SEQUENCE).unwrap();
        let mut one = [0u8];
        r.octet_string(Tag::OCTET_STRING)
            .unwrap()
            .read_exact(&mut one)
            .unwrap();
        assert!(matches!(r.at_end(), Err(BerError::Unfinished)));
        let mut r = reader("04 02 6162 05 00");
        let mut two = [0u8; 2];
        r.octet_string(Tag::OCTET_STRING)
            .unwrap()
            .read_exact(&mut two)
            .unwrap();
        assert_eq!(r.peek_header().unwrap().tag, Tag::NULL);
    }

    #[test]
    fn position_counts_from_the_start() {
        let mut r = reader("30 80 05 00 00 00 05 00");
        r.enter(Tag::SEQUENCE).unwrap();
        assert_eq!(r.position(), 2);
        r.peek_header().unwrap();
        assert_eq!(r.position(), 2);
        r.skip_element().unwrap();
        r.expect_end().unwrap();
        assert_eq!((r.position(), r.depth()), (6, 0));
    }
}
