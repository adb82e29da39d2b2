//! Every way `data match` fails, each before the review is written (but for unreadable
//! received rows, listed in it), with what to do.

use std::io;
use std::path::PathBuf;

use crate::ErrorKind;
use crate::data::DataError;

/// A failure of matching.
#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    #[error("--columns: '{pair}' is not KEY=COLUMN; write for example id=ROLL_ID,surname=NOM")]
    ColumnsSyntax { pair: String },
    #[error(
        "--columns: unknown key '{key}'; the keys are id, surname, given_names, date_of_birth, \
         birth_surname, place_of_birth, surname_original and given_names_original"
    )]
    UnknownColumnKey { key: String },
    #[error(
        "--columns: the key '{key}' is not mapped; id, surname, given_names and date_of_birth \
         are required (--columns or the configuration's [match-columns])"
    )]
    ColumnNotMapped { key: &'static str },
    #[error(
        "{}: line 1: the roll has no column {missing}; its header is '{header}': correct --columns",
        roll.display()
    )]
    RollColumnsMissing {
        roll: PathBuf,
        missing: String,
        header: String,
    },
    #[error("{}: the file is empty, without a header row", file.display())]
    Empty { file: PathBuf },
    #[error(
        "{}: line 1: no column '{column}', which matching needs; is this a received voter/candidate file?",
        file.display()
    )]
    ReceivedColumnMissing { file: PathBuf, column: &'static str },
    #[error(
        "{count} received rows could not be read and were not matched: the review {} lists \
         each with its file, line and reason, beside the others' results; validate those files \
         with epct data validate and ask their sender for corrected rows",
        review.display()
    )]
    UnreadableRows { count: u64, review: PathBuf },
    #[error(
        "{}: line {line}, column record_id: '{action}' for record_id '{record_id}', which no earlier \
         record of {sender} adds; give the file with its first record before this one",
        file.display()
    )]
    UnknownRecordId {
        file: PathBuf,
        line: u64,
        action: &'static str,
        record_id: String,
        sender: String,
    },
    #[error(
        "{}: line {line}, column record_id: record_id '{record_id}' is already on line {first}; \
         a file names each record once",
        file.display()
    )]
    DuplicateRecordId {
        file: PathBuf,
        line: u64,
        first: u64,
        record_id: String,
    },
    #[error(
        "{}: no receive report (receive-report-*.json) here; give the --out-dir of exchange receive",
        dir.display()
    )]
    NoReceiveReport { dir: PathBuf },
    #[error("{}: not a receive report of epct: {reason}", path.display())]
    BadReceiveReport { path: PathBuf, reason: String },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: {source}", file.display())]
    Data {
        file: PathBuf,
        #[source]
        source: DataError,
    },
    #[error("more than {max} received records; match the files in several runs")]
    TooManyRecords { max: u32 },
    #[error("data generate --roll: {reason}")]
    GeneratorOptions { reason: String },
    #[error("{0}")]
    Write(#[source] io::Error),
}

impl MatchError {
    /// Usage for a wrong mapping or directory, invalid data for files that cannot be
    /// matched as they are, other for files that cannot be read.
    pub fn kind(&self) -> ErrorKind {
        match self {
            MatchError::ColumnsSyntax { .. }
            | MatchError::UnknownColumnKey { .. }
            | MatchError::ColumnNotMapped { .. }
            | MatchError::NoReceiveReport { .. }
            | MatchError::TooManyRecords { .. }
            | MatchError::GeneratorOptions { .. } => ErrorKind::Usage,
            MatchError::RollColumnsMissing { .. }
            | MatchError::Empty { .. }
            | MatchError::ReceivedColumnMissing { .. }
            | MatchError::UnreadableRows { .. }
            | MatchError::UnknownRecordId { .. }
            | MatchError::DuplicateRecordId { .. } => ErrorKind::InvalidData,
            MatchError::Data { source, .. } => source.kind(),
            MatchError::BadReceiveReport { .. }
            | MatchError::Read { .. }
            | MatchError::Write(_) => ErrorKind::Other,
        }
    }
}
