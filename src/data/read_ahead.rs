//! Records parsed on a second thread while the ones before them are checked, so that
//! parsing (about a third of the work) runs beside validation on another core.
//!
//! Memory stays bounded: batches of at most [`BATCH_RECORDS`] records or about
//! [`BATCH_BYTES`] bytes, [`BATCHES`] of them in all, handed back and forth and reused.
//! The thread never outlives its use: it stops at the end of the file, at the first
//! error, or as soon as the receiving side is dropped.

use std::io::{self, Read};
use std::mem;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread;

use super::DataError;
use super::records::{Record, RecordReader};

/// The most records in a batch.
pub const BATCH_RECORDS: usize = 256;
/// A batch is handed over once its records hold this many bytes.
pub const BATCH_BYTES: usize = 256 * 1024;
/// Batches in all: one being checked, the others being filled or waiting.
pub const BATCHES: usize = 4;

/// Records, in batches, with what ended them.
struct Batch {
    records: Vec<Record>,
    len: usize,
    /// Bytes of the file parsed when the batch was handed over.
    bytes_read: u64,
    /// What stopped the reading after these records, if anything did.
    error: Option<DataError>,
    last: bool,
}

impl Batch {
    fn new() -> Self {
        Batch {
            records: Vec::new(),
            len: 0,
            bytes_read: 0,
            error: None,
            last: false,
        }
    }
}

/// The records of a file, read ahead on their own thread.
pub(crate) struct ReadAhead {
    full: Receiver<Batch>,
    empty: SyncSender<Batch>,
    current: Batch,
    next: usize,
}

impl ReadAhead {
    /// Goes on reading `reader` on a new thread.
    pub(crate) fn spawn<R: Read + Send + 'static>(
        reader: RecordReader<R>,
    ) -> Result<Self, DataError> {
        let (full_sender, full) = sync_channel(BATCHES);
        let (empty, empty_receiver) = sync_channel(BATCHES);
        for _ in 1..BATCHES {
            empty.send(Batch::new()).map_err(|_| stopped())?;
        }
        thread::Builder::new()
            .name("epct-csv".to_owned())
            .spawn(move || fill(reader, &empty_receiver, &full_sender))
            .map_err(DataError::Read)?;
        Ok(ReadAhead {
            full,
            empty,
            current: Batch::new(),
            next: 0,
        })
    }

    /// The next record; `None` after the last one or after an error.
    pub(crate) fn next(&mut self) -> Option<Result<&Record, DataError>> {
        while self.next == self.current.len {
            if let Some(error) = self.current.error.take() {
                return Some(Err(error));
            }
            if self.current.last {
                return None;
            }
            let Ok(batch) = self.full.recv() else {
                self.current.last = true;
                return Some(Err(stopped()));
            };
            let used = mem::replace(&mut self.current, batch);
            // The thread may have stopped already; then it needs no more batches.
            let _ = self.empty.send(used);
            self.next = 0;
        }
        self.next += 1;
        Some(Ok(&self.current.records[self.next - 1]))
    }

    /// Bytes of the file parsed up to the current batch, for progress.
    pub(crate) fn bytes_read(&self) -> u64 {
        self.current.bytes_read
    }
}

/// The reading thread: fills empty batches until the end, an error, or until nobody
/// wants them any more.
fn fill<R: Read>(mut reader: RecordReader<R>, empty: &Receiver<Batch>, full: &SyncSender<Batch>) {
    while let Ok(mut batch) = empty.recv() {
        batch.len = 0;
        let mut bytes = 0;
        while batch.len < BATCH_RECORDS && bytes < BATCH_BYTES {
            if batch.records.len() == batch.len {
                batch.records.push(Record::default());
            }
            let record = &mut batch.records[batch.len];
            match reader.read(record) {
                Ok(true) => {
                    bytes += record.joined().len();
                    batch.len += 1;
                }
                Ok(false) => {
                    batch.last = true;
                    break;
                }
                Err(error) => {
                    batch.error = Some(error);
                    batch.last = true;
                    break;
                }
            }
        }
        batch.bytes_read = reader.bytes_read();
        let last = batch.last;
        if full.send(batch).is_err() || last {
            return;
        }
    }
}

/// The reading thread ended without saying why (it cannot, short of a bug).
fn stopped() -> DataError {
    DataError::Read(io::Error::other("the thread reading the file stopped"))
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn read_ahead(text: Vec<u8>) -> ReadAhead {
        ReadAhead::spawn(RecordReader::new(Cursor::new(text)).unwrap()).unwrap()
    }

    #[test]
    fn records_come_in_order_across_batches() {
        let rows = BATCH_RECORDS * BATCHES * 3 + 7;
        let text: String = (0..rows).map(|i| format!("{i},x\n")).collect();
        let mut records = read_ahead(text.into_bytes());
        for i in 0..rows {
            let record = records.next().unwrap().unwrap();
            assert_eq!(record.get(0).unwrap(), i.to_string().as_bytes());
            assert_eq!(record.line(), i as u64 + 1);
        }
        assert!(records.next().is_none());
        assert!(records.next().is_none());
    }

    #[test]
    fn big_records_make_small_batches() {
        let field = "y".repeat(BATCH_BYTES / 4);
        let text: String = (0..20).map(|i| format!("{i},{field}\n")).collect();
        let mut records = read_ahead(text.into_bytes());
        let mut count = 0;
        while let Some(record) = records.next() {
            assert_eq!(record.unwrap().get(1).unwrap().len(), field.len());
            count += 1;
        }
        assert_eq!(count, 20);
    }

    #[test]
    fn an_error_comes_after_the_records_before_it() {
        let mut text = b"a,b\nc,d\n\"open".to_vec();
        text.extend(std::iter::repeat_n(
            b'x',
            super::super::MAX_RECORD_BYTES + 1,
        ));
        let mut records = read_ahead(text);
        assert!(records.next().unwrap().is_ok());
        assert!(records.next().unwrap().is_ok());
        assert!(matches!(
            records.next(),
            Some(Err(DataError::RecordTooLong { line: 3, .. }))
        ));
        assert!(records.next().is_none());
    }

    #[test]
    fn dropping_the_reader_stops_the_thread() {
        let text: String = (0..100_000).map(|i| format!("{i},x\n")).collect();
        let mut records = read_ahead(text.into_bytes());
        assert!(records.next().unwrap().is_ok());
        drop(records);
    }
}
