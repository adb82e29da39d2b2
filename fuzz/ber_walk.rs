//! The body of the `ber_reader` fuzz target, shared with the plain test that runs it
//! where cargo-fuzz cannot (tests/ber_fuzz_corpus.rs): drive `BerReader` over arbitrary
//! bytes in every way a caller can, and check that it neither panics nor reads beyond
//! its input.

use std::io::Read;

use epct::cms::ber_reader::{BerError, BerReader, Tag};

/// Walks `data` as a caller would, three ways: element by element (entering constructed
/// elements and streaming OCTET STRINGs and `[0]` strings), as one element read whole,
/// and as one element skipped.
pub fn walk(data: &[u8]) {
    let mut r = BerReader::new(data);
    let _ = walk_elements(&mut r, data.len() as u64);
    assert!(r.position() <= data.len() as u64);

    let limit = data.len().min(1 << 16);
    if let Ok(element) = BerReader::new(data).read_element_bytes(limit) {
        assert!(element.len() <= limit);
        assert_eq!(element[..], data[..element.len()]);
        // An element read whole reads back as the same element.
        let again = BerReader::new(&element[..]).read_element_bytes(limit);
        assert_eq!(again.ok().as_deref(), Some(&element[..]));
    }
    let mut r = BerReader::new(data);
    if r.skip_element().is_ok() {
        assert!(r.position() <= data.len() as u64);
    }
}

fn walk_elements(r: &mut BerReader<&[u8]>, len: u64) -> Result<(), BerError> {
    let mut buf = [0u8; 100];
    loop {
        assert!(r.position() <= len);
        if r.at_end()? {
            if r.depth() == 0 {
                return Ok(());
            }
            r.expect_end()?;
            continue;
        }
        let h = r.peek_header()?;
        // `[0]` is an implicit OCTET STRING in some places and an explicit wrapper in
        // others: take it as either, by the parity of its offset.
        let string = h.tag == Tag::OCTET_STRING
            || (h.tag == Tag::context(0) && (!h.constructed || h.offset % 2 == 0));
        if string {
            let mut content = r.octet_string(h.tag)?;
            let mut total = 0u64;
            loop {
                let n = content.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                total += n as u64;
            }
            assert!(total <= len);
        } else if h.constructed && h.tag.number % 2 == 0 {
            r.enter(h.tag)?;
        } else if h.constructed {
            r.skip_element()?;
        } else {
            r.read_element_bytes(1 << 12)?;
        }
    }
}
