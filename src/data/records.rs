//! RFC 4180 records read from a byte stream in bounded memory (`csv-core` does the
//! parsing), with what a report needs and the `csv` crate does not give: the physical
//! line where each record starts, and the byte offset of every byte sequence that is
//! not UTF-8. Also finds the delimiter (`,` or `;`) and skips a UTF-8 byte order mark.
//!
//! This module never interprets a field, and never holds more than its buffer and one
//! record: a record longer than [`MAX_RECORD_BYTES`] is an error, not a reason to grow.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::ops::Range;

use csv_core::ReadRecordResult;

use super::DataError;

/// The longest record accepted, in bytes once unquoted.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// The most fields a record may have.
pub const MAX_FIELDS: usize = 10_000;

const BUFFER_BYTES: usize = 64 * 1024;
/// A record that grew past this for a long row gives the memory back on the next one.
const KEEP_BYTES: usize = 4 * 1024;
const BOM: &[u8] = b"\xef\xbb\xbf";

/// One record of a CSV file: its fields in their order, unquoted, as bytes.
#[derive(Clone, Debug)]
pub struct Record {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    fields: usize,
    line: u64,
    invalid_utf8: Vec<u64>,
}

impl Default for Record {
    fn default() -> Self {
        Record {
            bytes: vec![0; 1024],
            ends: vec![0; 32],
            fields: 0,
            line: 0,
            invalid_utf8: Vec::new(),
        }
    }
}

impl Record {
    /// The number of fields.
    pub fn len(&self) -> usize {
        self.fields
    }

    pub fn is_empty(&self) -> bool {
        self.fields == 0
    }

    /// Field `index` (from 0).
    pub fn get(&self, index: usize) -> Option<&[u8]> {
        self.span(index).map(|span| &self.bytes[span])
    }

    /// Where field `index` is in [`Record::joined`].
    pub(crate) fn span(&self, index: usize) -> Option<Range<usize>> {
        if index >= self.fields {
            return None;
        }
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        Some(start..self.ends[index])
    }

    /// The fields one after the other, unseparated.
    pub(crate) fn joined(&self) -> &[u8] {
        let end = self.fields.checked_sub(1).map_or(0, |last| self.ends[last]);
        &self.bytes[..end]
    }

    /// The fields in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[u8]> {
        (0..self.fields).map(|i| self.get(i).unwrap_or_default())
    }

    /// The physical line (from 1) where the record starts.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Where the byte sequences that are not UTF-8 start, from the start of the file,
    /// in order.
    pub(crate) fn invalid_utf8(&self) -> &[u64] {
        &self.invalid_utf8
    }
}

/// Records read one at a time from `R`.
pub(crate) struct RecordReader<R> {
    inner: R,
    core: csv_core::Reader,
    buffer: Box<[u8]>,
    /// Offset in the file of `buffer[0]`.
    base: u64,
    /// The next byte to parse.
    pos: usize,
    /// The end of the bytes read.
    end: usize,
    /// The end of the bytes checked for UTF-8; at most 3 bytes of an unfinished
    /// sequence lie between it and `end`.
    checked: usize,
    eof: bool,
    /// The physical line of `buffer[pos]` between records (`core` counts the lines
    /// within one).
    line: u64,
    /// Offsets of byte sequences that are not UTF-8, read but not yet in a record.
    invalid_utf8: VecDeque<u64>,
    delimiter: u8,
    bom: bool,
}

impl<R> RecordReader<R> {
    pub(crate) fn delimiter(&self) -> u8 {
        self.delimiter
    }

    pub(crate) fn has_bom(&self) -> bool {
        self.bom
    }

    /// How many bytes of the file have been parsed.
    pub(crate) fn bytes_read(&self) -> u64 {
        self.base + self.pos as u64
    }
}

impl<R: Read> RecordReader<R> {
    /// Starts reading: looks at the first line for the delimiter, and skips a byte
    /// order mark.
    pub(crate) fn new(inner: R) -> io::Result<Self> {
        let mut reader = RecordReader {
            inner,
            core: csv_core::Reader::new(),
            buffer: vec![0; BUFFER_BYTES].into_boxed_slice(),
            base: 0,
            pos: 0,
            end: 0,
            checked: 0,
            eof: false,
            line: 1,
            invalid_utf8: VecDeque::new(),
            delimiter: b',',
            bom: false,
        };
        while !reader.eof
            && reader.end < reader.buffer.len()
            && !reader.buffer[..reader.end].contains(&b'\n')
        {
            reader.refill()?;
        }
        if reader.buffer[..reader.end].starts_with(BOM) {
            reader.pos = BOM.len();
            reader.bom = true;
        }
        reader.delimiter = sniff_delimiter(&reader.buffer[reader.pos..reader.end]);
        reader.core = csv_core::ReaderBuilder::new()
            .delimiter(reader.delimiter)
            .build();
        Ok(reader)
    }

    /// Reads the next record into `record`; false at the end of the file.
    pub(crate) fn read(&mut self, record: &mut Record) -> Result<bool, DataError> {
        loop {
            if self.pos == self.end {
                if self.eof {
                    return Ok(false);
                }
                self.refill().map_err(DataError::Read)?;
                continue;
            }
            match self.buffer[self.pos] {
                b'\n' => self.line += 1,
                b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
        if record.bytes.len() > KEEP_BYTES {
            record.bytes.truncate(KEEP_BYTES);
            record.bytes.shrink_to_fit();
        }
        record.line = self.line;
        self.core.set_line(self.line);
        record.invalid_utf8.clear();
        let (mut out, mut ends) = (0, 0);
        loop {
            let input = &self.buffer[self.pos..self.end];
            let (result, read, written, ended) =
                self.core
                    .read_record(input, &mut record.bytes[out..], &mut record.ends[ends..]);
            self.pos += read;
            out += written;
            ends += ended;
            match result {
                ReadRecordResult::InputEmpty => {
                    if !self.eof {
                        self.refill().map_err(DataError::Read)?;
                    }
                }
                ReadRecordResult::OutputFull => {
                    if record.bytes.len() >= MAX_RECORD_BYTES {
                        return Err(self.too_long(record));
                    }
                    record.bytes.resize(record.bytes.len() * 2, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    if record.ends.len() >= MAX_FIELDS {
                        return Err(self.too_long(record));
                    }
                    record.ends.resize(record.ends.len() * 2, 0);
                }
                ReadRecordResult::Record => {
                    record.fields = ends;
                    self.line = self.core.line();
                    break;
                }
                ReadRecordResult::End => return Ok(false),
            }
        }
        let end = self.bytes_read();
        while let Some(&offset) = self.invalid_utf8.front() {
            if offset >= end {
                break;
            }
            record.invalid_utf8.push(offset);
            self.invalid_utf8.pop_front();
        }
        Ok(true)
    }

    fn too_long(&self, record: &Record) -> DataError {
        DataError::RecordTooLong {
            line: record.line,
            max_bytes: MAX_RECORD_BYTES,
            max_fields: MAX_FIELDS,
        }
    }

    /// Reads more bytes after those not yet parsed or checked, and checks them.
    fn refill(&mut self) -> io::Result<()> {
        let keep = self.pos.min(self.checked);
        if keep > 0 {
            self.buffer.copy_within(keep..self.end, 0);
            self.base += keep as u64;
            self.pos -= keep;
            self.checked -= keep;
            self.end -= keep;
        }
        let read = loop {
            match self.inner.read(&mut self.buffer[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        };
        self.end += read;
        self.eof = read == 0;
        self.check_utf8();
        Ok(())
    }

    /// Notes where the bytes read stop being UTF-8, leaving an unfinished sequence at
    /// the end for the next read.
    fn check_utf8(&mut self) {
        while self.checked < self.end {
            let Err(error) = simdutf8::compat::from_utf8(&self.buffer[self.checked..self.end])
            else {
                self.checked = self.end;
                return;
            };
            let at = self.checked + error.valid_up_to();
            match error.error_len() {
                Some(len) => {
                    self.invalid_utf8.push_back(self.base + at as u64);
                    self.checked = at + len;
                }
                None if self.eof => {
                    self.invalid_utf8.push_back(self.base + at as u64);
                    self.checked = self.end;
                }
                None => {
                    self.checked = at;
                    return;
                }
            }
        }
    }
}

/// `;` when the first line has more semicolons than commas outside quotes, else `,`.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\n' if !quoted => break,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record as (line, fields, invalid UTF-8 offsets).
    type Read = (u64, Vec<String>, Vec<u64>);

    /// The delimiter, whether there is a byte order mark, and every record.
    fn read_all(bytes: &[u8]) -> (u8, bool, Vec<Read>) {
        let mut reader = RecordReader::new(bytes).unwrap();
        let mut record = Record::default();
        let mut records = Vec::new();
        while reader.read(&mut record).unwrap() {
            let fields = record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            records.push((record.line(), fields, record.invalid_utf8().to_vec()));
        }
        (reader.delimiter(), reader.has_bom(), records)
    }

    fn lines_and_fields(bytes: &[u8]) -> Vec<(u64, Vec<String>)> {
        read_all(bytes)
            .2
            .into_iter()
            .map(|(line, fields, _)| (line, fields))
            .collect()
    }

    fn row(line: u64, fields: &[&str]) -> (u64, Vec<String>) {
        (line, fields.iter().map(|f| f.to_string()).collect())
    }

    #[test]
    fn lines_are_where_records_start() {
        let text = b"a,b\n\"x\ny\",z\n\n\nc,d\n\"p\r\nq\",\"r\"\"s\"\ne,f";
        assert_eq!(
            lines_and_fields(text),
            vec![
                row(1, &["a", "b"]),
                row(2, &["x\ny", "z"]),
                row(6, &["c", "d"]),
                row(7, &["p\r\nq", "r\"s"]),
                row(9, &["e", "f"]),
            ]
        );
    }

    #[test]
    fn crlf_lines_count_once() {
        let text = b"a,b\r\nc,d\r\n\r\n\"x\r\ny\",z\r\ne,f\r\n";
        assert_eq!(
            lines_and_fields(text),
            vec![
                row(1, &["a", "b"]),
                row(2, &["c", "d"]),
                row(4, &["x\r\ny", "z"]),
                row(6, &["e", "f"]),
            ]
        );
    }

    #[test]
    fn semicolons_and_bom_are_found() {
        let (delimiter, bom, records) = read_all(b"\xef\xbb\xbfa;b,c;d\n1;2,3;4\n");
        assert_eq!((delimiter, bom), (b';', true));
        assert_eq!(records[0].1, ["a", "b,c", "d"]);
        assert_eq!(records[1].1, ["1", "2,3", "4"]);
        let (delimiter, bom, _) = read_all(b"a,b,\"c;d;e\"\n");
        assert_eq!((delimiter, bom), (b',', false));
    }

    #[test]
    fn empty_input_has_no_record() {
        assert!(read_all(b"").2.is_empty());
        assert!(read_all(b"\xef\xbb\xbf").2.is_empty());
        assert!(read_all(b"\r\n\n").2.is_empty());
    }

    #[test]
    fn invalid_utf8_is_located_to_the_byte() {
        let (_, _, records) = read_all(b"a,b\nok,\xff\xfex\n\"q\xc3\",\xe2\x82\n");
        assert_eq!(records[0].2, Vec::<u64>::new());
        assert_eq!(records[1].2, vec![7, 8]);
        assert_eq!(records[2].2, vec![13, 16]);
    }

    #[test]
    fn utf8_split_across_reads_is_valid() {
        let mut text = b"name\n".to_vec();
        while text.len() < BUFFER_BYTES - 1 {
            text.push(b'a');
        }
        text.extend_from_slice("é€😀\n".as_bytes());
        text.extend_from_slice(b"z\xff\n");
        let (_, _, records) = read_all(&text);
        assert_eq!(records.len(), 3);
        assert!(records[1].2.is_empty());
        assert_eq!(records[2].2, vec![text.len() as u64 - 2]);
    }

    #[test]
    fn an_open_quote_cannot_swallow_memory() {
        let mut text = b"a,b\n\"open,".to_vec();
        text.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES + 10));
        let mut reader = RecordReader::new(&text[..]).unwrap();
        let mut record = Record::default();
        assert!(reader.read(&mut record).unwrap());
        assert!(matches!(
            reader.read(&mut record),
            Err(DataError::RecordTooLong { line: 2, .. })
        ));
    }
}
