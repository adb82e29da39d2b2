//! The one copy loop of the streaming jobs (sealing, signing, encrypting, reading a
//! signed content, decrypting), and the read that fills a buffer under it.

use std::io::{self, Read, Write};

use super::error::CmsError;

/// Copies `input` to `output` in blocks of `block` bytes, showing each block to `each`
/// before it is written; gives the number of bytes copied.
pub(crate) fn copy<R: Read + ?Sized, W: Write + ?Sized>(
    input: &mut R,
    output: &mut W,
    block: usize,
    mut each: impl FnMut(&[u8]),
) -> Result<u64, CmsError> {
    let mut buffer = vec![0u8; block];
    let mut total = 0u64;
    loop {
        let n = read_full(input, &mut buffer).map_err(CmsError::reading)?;
        if n == 0 {
            return Ok(total);
        }
        each(&buffer[..n]);
        output.write_all(&buffer[..n]).map_err(CmsError::writing)?;
        total += n as u64;
    }
}

/// Fills `buf` as far as the reader goes.
pub(crate) fn read_full<R: Read + ?Sized>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}
