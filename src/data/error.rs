//! Every way handling a data file fails, as opposed to the problems found in it (see
//! `problem`), with a message that says what to do.

use std::io;

use crate::ErrorKind;
use crate::country::Country;

/// A failure of the data layer.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("cannot read the data file: {0}")]
    Read(#[source] io::Error),
    #[error("{}", writing(.0))]
    Write(#[source] io::Error),
    #[error(
        "the data file changed while it was read (its second reading differs from the first); \
         nothing was written: make sure nothing writes to it, then run again"
    )]
    Changed,
    #[error(
        "cannot copy the input (not a regular file, so it cannot be read twice) into a private temporary file in {}: {source}",
        dir.display()
    )]
    Spool {
        dir: std::path::PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "line {line}: a row longer than {max_bytes} bytes or with more than {max_fields} fields; \
         is a quote left open?"
    )]
    RecordTooLong {
        line: u64,
        max_bytes: usize,
        max_fields: usize,
    },
    #[error("the file has more than {max} lines; split it into smaller files", max = u32::MAX)]
    TooManyLines,
    #[error(
        "validation failed: {errors} error{} in {rows_with_errors} of {rows} row{}; \
         correct the file and validate it again",
        plural(*.errors),
        plural(*.rows)
    )]
    Invalid {
        errors: u64,
        rows_with_errors: u64,
        rows: u64,
    },
    #[error("'{value}' is not a date; write it as YYYY-MM-DD")]
    BadDate { value: String },
    #[error(
        "'{}' is not an election identifier (1 to 32 letters, digits and hyphens, such as EP-2029); correct the election of the configuration",
        .value.escape_default()
    )]
    BadElection { value: String },
    #[error("no nationality other than the residence country {residence} is left to generate")]
    NoNationality { residence: Country },
    #[error("cannot make {invalid} of {rows} rows invalid")]
    TooManyInvalidRows { invalid: u64, rows: u64 },
}

impl DataError {
    /// Usage for bad options, invalid data for a file that breaks the schema, other for
    /// files that cannot be read or written.
    pub fn kind(&self) -> ErrorKind {
        match self {
            DataError::BadDate { .. }
            | DataError::BadElection { .. }
            | DataError::NoNationality { .. }
            | DataError::TooManyInvalidRows { .. } => ErrorKind::Usage,
            DataError::RecordTooLong { .. }
            | DataError::TooManyLines
            | DataError::Invalid { .. } => ErrorKind::InvalidData,
            DataError::Read(_)
            | DataError::Write(_)
            | DataError::Changed
            | DataError::Spool { .. } => ErrorKind::Other,
        }
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What a write error says: an error that names its destination (an output file names
/// itself) as it is, any other as "cannot write the data file".
fn writing(error: &io::Error) -> String {
    match error.get_ref() {
        Some(_) => error.to_string(),
        None => format!("cannot write the data file: {error}"),
    }
}
