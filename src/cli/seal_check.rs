//! `seal`'s check of data files: an input whose header names columns of the exchange
//! schema is validated before anything is signed (exit 4 on errors, the problems shown
//! as `data validate` shows them), and the sealing pass must then read the same bytes.
//! `--no-validate` seals any input as it comes, without this check.

use std::fs::File;
use std::path::Path;

use epct::Error;
use epct::data::{DataError, TwoPassInput, ValidationOptions, Validator, spool_dir_for};
use serde::Serialize;

use super::args::ElectionDate;
use super::context::Context;
use super::data::{PROBLEMS_PER_RULE, check_rows};
use super::error::CliError;
use super::files::open_file;
use super::plural::count;

/// The input to seal.
pub enum SealInput {
    /// Read once, as it comes.
    Once(File),
    /// A data file validated in a first pass: the sealing pass reads it again, and
    /// [`TwoPassInput::check_same`] must accept the two before the output is kept.
    Validated(TwoPassInput),
}

/// What `seal` checked of its input, for its summary.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum DataCheck {
    /// A data file without errors.
    Valid {
        rows: u64,
        voters: u64,
        candidates: u64,
        warnings: u64,
        /// The day ages were counted on, and where it came from.
        election_date: ElectionDate,
    },
    /// Not a data file: its first line names no column of the schema.
    NotADataFile,
    /// `--no-validate`.
    Skipped,
}

impl DataCheck {
    /// The summary's line.
    pub fn describe(&self) -> String {
        match self {
            DataCheck::Valid {
                rows,
                voters,
                candidates,
                warnings,
                election_date,
            } => format!(
                "validated: {} ({}, {}), no errors, {}; {}",
                count(*rows, "row"),
                count(*voters, "voter"),
                count(*candidates, "candidate"),
                count(*warnings, "warning"),
                election_date.describe()
            ),
            DataCheck::NotADataFile => {
                "not validated: not a voter or candidate file (no column of the schema)".to_owned()
            }
            DataCheck::Skipped => "not validated (--no-validate)".to_owned(),
        }
    }
}

/// Opens the input at `path` and, unless `validation` is `None` (`--no-validate`),
/// validates it when it is a data file. A data file with errors is refused after its
/// problems are printed; a spool, when needed, goes beside `out`.
pub fn prepare(
    ctx: &Context,
    path: &Path,
    out: &Path,
    validation: Option<(ValidationOptions, ElectionDate)>,
) -> Result<(SealInput, DataCheck), CliError> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let file = open_file(path)?;
    let Some((options, election_date)) = validation else {
        return Ok((SealInput::Once(file), DataCheck::Skipped));
    };
    let mut input = TwoPassInput::new(file, &spool_dir_for(out))?;
    let validator = match Validator::new(input.pass(), options) {
        Ok(v) if v.header().names_schema_columns() => v,
        Ok(_) | Err(DataError::RecordTooLong { .. }) => {
            let once = input.unchecked().map_err(read_error)?;
            return Ok((SealInput::Once(once), DataCheck::NotADataFile));
        }
        Err(e) => return Err(e.into()),
    };
    let size = input.size().map_err(read_error)?;
    election_date.warn_if_default(ctx);
    let validated = check_rows(
        ctx,
        path,
        validator,
        Some(size),
        election_date.clone(),
        Some(PROBLEMS_PER_RULE),
    )?;
    let summary = &validated.report.summary;
    if !summary.is_valid() {
        validated.emit_checked(ctx)?;
    }
    let check = DataCheck::Valid {
        rows: summary.rows,
        voters: summary.voters,
        candidates: summary.candidates,
        warnings: summary.warnings,
        election_date,
    };
    Ok((SealInput::Validated(input), check))
}
