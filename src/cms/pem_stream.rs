//! PEM around a CMS stream of any size: read wherever DER is read, written with `--pem`.
//!
//! `pem-rfc7468` and `base64ct` encode and decode slices in memory; a sealed file may be
//! many GiB, so these adapters carry the base64 through in bounded pieces: whole
//! 48-byte groups (one 64-character line) out, whole 4-character quanta in.

use std::io::{self, BufRead, BufReader, Read, Write};

use base64ct::{Base64, Encoding};

/// The PEM label OpenSSL uses for CMS (`openssl cms -outform PEM`).
pub const CMS_LABEL: &str = "CMS";

/// Writes PEM of everything written to it; `finish` writes the last line and footer.
pub struct PemWriter<W: Write> {
    inner: W,
    label: &'static str,
    pending: Vec<u8>,
}

impl<W: Write> PemWriter<W> {
    pub fn new(mut inner: W, label: &'static str) -> io::Result<Self> {
        writeln!(inner, "-----BEGIN {label}-----")?;
        Ok(PemWriter {
            inner,
            label,
            pending: Vec::with_capacity(48),
        })
    }

    fn write_lines(&mut self, data: &[u8]) -> io::Result<()> {
        let mut line = [0u8; 65];
        for group in data.chunks(48) {
            let text = Base64::encode(group, &mut line[..64]).map_err(io::Error::other)?;
            let len = text.len();
            line[len] = b'\n';
            self.inner.write_all(&line[..=len])?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> io::Result<W> {
        let rest = std::mem::take(&mut self.pending);
        self.write_lines(&rest)?;
        writeln!(self.inner, "-----END {}-----", self.label)?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for PemWriter<W> {
    fn write(&mut self, mut data: &[u8]) -> io::Result<usize> {
        let written = data.len();
        if !self.pending.is_empty() {
            let take = (48 - self.pending.len()).min(data.len());
            self.pending.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.pending.len() < 48 {
                return Ok(written);
            }
            let full = std::mem::take(&mut self.pending);
            self.write_lines(&full)?;
            self.pending = full;
            self.pending.clear();
        }
        let whole = data.len() - data.len() % 48;
        self.write_lines(&data[..whole])?;
        self.pending.extend_from_slice(&data[whole..]);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Output as DER/BER bytes, or as PEM with `--pem`.
pub enum Output<W: Write> {
    Der(W),
    Pem(PemWriter<W>),
}

impl<W: Write> Output<W> {
    pub fn new(inner: W, pem: bool) -> io::Result<Self> {
        Ok(if pem {
            Output::Pem(PemWriter::new(inner, CMS_LABEL)?)
        } else {
            Output::Der(inner)
        })
    }

    /// Writes what is left (the PEM footer) and gives back the inner writer.
    pub fn finish(self) -> io::Result<W> {
        match self {
            Output::Der(w) => Ok(w),
            Output::Pem(p) => p.finish(),
        }
    }
}

impl<W: Write> Write for Output<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        match self {
            Output::Der(w) => w.write(data),
            Output::Pem(p) => p.write(data),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Der(w) => w.flush(),
            Output::Pem(p) => p.flush(),
        }
    }
}

/// Either the bytes as they are, or the DER inside PEM text: decided by the first bytes.
pub enum Input<R: Read> {
    Der(BufReader<R>),
    Pem(PemReader<R>),
}

impl<R: Read> Input<R> {
    /// Looks at the start of `reader` to tell PEM from DER/BER.
    pub fn sniff(reader: R) -> io::Result<Self> {
        let mut buffered = BufReader::with_capacity(1 << 16, reader);
        let start = buffered.fill_buf()?;
        let text = start.iter().position(|b| !b.is_ascii_whitespace());
        if text.is_some_and(|i| start[i..].starts_with(b"-----BEGIN ")) {
            Ok(Input::Pem(PemReader {
                inner: buffered,
                line: Vec::new(),
                quanta: Vec::new(),
                decoded: Vec::new(),
                position: 0,
                state: PemState::Before,
            }))
        } else {
            Ok(Input::Der(buffered))
        }
    }

    pub fn is_pem(&self) -> bool {
        matches!(self, Input::Pem(_))
    }
}

impl<R: Read> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Input::Der(r) => r.read(buf),
            Input::Pem(r) => r.read(buf),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PemState {
    Before,
    Body,
    Done,
}

/// Decodes the first PEM block of a text stream, line by line.
pub struct PemReader<R: Read> {
    inner: BufReader<R>,
    line: Vec<u8>,
    /// Base64 characters not yet decoded (fewer than four).
    quanta: Vec<u8>,
    decoded: Vec<u8>,
    position: usize,
    state: PemState,
}

/// The longest line accepted; PEM lines are 64 characters.
const MAX_LINE: u64 = 4096;

impl<R: Read> PemReader<R> {
    fn next_line(&mut self) -> io::Result<bool> {
        self.line.clear();
        let read = (&mut self.inner)
            .take(MAX_LINE)
            .read_until(b'\n', &mut self.line)?;
        if read as u64 == MAX_LINE && self.line.last() != Some(&b'\n') {
            return Err(invalid("a PEM line is too long"));
        }
        while self.line.last().is_some_and(|b| b.is_ascii_whitespace()) {
            self.line.pop();
        }
        Ok(read > 0)
    }

    /// Decodes the next line of the body into `decoded`.
    fn refill(&mut self) -> io::Result<()> {
        self.decoded.clear();
        self.position = 0;
        while self.decoded.is_empty() && self.state != PemState::Done {
            if !self.next_line()? {
                return Err(invalid("the PEM text ends before its END line"));
            }
            match self.state {
                PemState::Before if self.line.starts_with(b"-----BEGIN ") => {
                    self.state = PemState::Body;
                }
                PemState::Before => {}
                PemState::Body if self.line.starts_with(b"-----END ") => {
                    if !self.quanta.is_empty() {
                        return Err(invalid("the PEM base64 is cut short"));
                    }
                    self.state = PemState::Done;
                }
                PemState::Body => {
                    self.quanta
                        .extend(self.line.iter().filter(|b| !b.is_ascii_whitespace()));
                    let whole = self.quanta.len() - self.quanta.len() % 4;
                    if whole > 0 {
                        self.decoded = Base64::decode_vec(
                            std::str::from_utf8(&self.quanta[..whole])
                                .map_err(|_| invalid("the PEM text is not base64"))?,
                        )
                        .map_err(|_| invalid("the PEM text is not base64"))?;
                        self.quanta.drain(..whole);
                    }
                }
                PemState::Done => {}
            }
        }
        Ok(())
    }
}

fn invalid(reason: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, reason.to_owned())
}

impl<R: Read> Read for PemReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.position == self.decoded.len() {
            self.refill()?;
        }
        let n = (self.decoded.len() - self.position).min(buf.len());
        buf[..n].copy_from_slice(&self.decoded[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pem_of(data: &[u8], pieces: usize) -> Vec<u8> {
        let mut writer = PemWriter::new(Vec::new(), CMS_LABEL).unwrap();
        for chunk in data.chunks(pieces.max(1)) {
            writer.write_all(chunk).unwrap();
        }
        writer.finish().unwrap()
    }

    #[test]
    fn writes_what_pem_rfc7468_writes_and_reads_it_back() {
        for len in [1usize, 47, 48, 49, 1000, 100_000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            for pieces in [1, 13, 48, 4096] {
                let pem = pem_of(&data, pieces);
                let expected =
                    der::pem::encode_string(CMS_LABEL, der::pem::LineEnding::LF, &data).unwrap();
                assert_eq!(
                    String::from_utf8(pem.clone()).unwrap(),
                    expected,
                    "{len}/{pieces}"
                );
                let mut back = Vec::new();
                let mut input = Input::sniff(&pem[..]).unwrap();
                assert!(input.is_pem());
                input.read_to_end(&mut back).unwrap();
                assert_eq!(back, data);
            }
        }
    }

    #[test]
    fn reads_crlf_and_long_lines_and_tells_der_apart() {
        let data = vec![0x30u8, 0x80, 1, 2, 3, 0, 0];
        let text = format!(
            "\r\n-----BEGIN CMS-----\r\n{}\r\n-----END CMS-----\r\n",
            Base64::encode_string(&data)
        );
        let mut back = Vec::new();
        Input::sniff(text.as_bytes())
            .unwrap()
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
        let input = Input::sniff(&data[..]).unwrap();
        assert!(!input.is_pem());
    }

    #[test]
    fn truncated_or_broken_pem_is_an_error() {
        let pem = pem_of(&[7u8; 100], 100);
        let cut = &pem[..pem.len() - 20];
        assert!(
            Input::sniff(cut)
                .unwrap()
                .read_to_end(&mut Vec::new())
                .is_err()
        );
        let broken = String::from_utf8(pem).unwrap().replacen('A', "*", 1);
        let text = broken.replace("-----BEGIN CMS-----\n", "-----BEGIN CMS-----\n*");
        assert!(
            Input::sniff(text.as_bytes())
                .unwrap()
                .read_to_end(&mut Vec::new())
                .is_err()
        );
    }
}
