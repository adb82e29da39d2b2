//! Voter and candidate files (docs/contract.md section 6): the exchange schema, a
//! streaming validator that reports every problem with its line and column, and a
//! generator of realistic test files.
//!
//! This module never prints and never changes a row: a row is validated as read and
//! handed on as read, so that `exchange send` can split a file without rewriting it.

mod error;
mod generate;
mod generate_roll;
pub mod matching;
mod more_names;
mod names;
mod normalise;
mod problem;
mod read_ahead;
mod records;
mod report;
mod schema;
mod spreadsheet;
mod two_pass;
mod validate;

pub use error::DataError;
pub use generate::{Generated, GeneratorOptions, generate};
pub use generate_roll::{ROLL_COLUMNS, RollGenerated, RollOptions, generate_roll};
pub use normalise::fold_name;
pub use problem::{Clash, Detail, MAX_VALUE_CHARS, Problem, Rule, Severity};
pub use records::{MAX_FIELDS, MAX_RECORD_BYTES, Record};
pub use report::{Actions, REPORT_PROBLEM_LIMIT, Report, ReportBuilder, ReportedProblem, Summary};
pub use schema::{
    Action, Column, DateError, Declaration, Election, RecordType, age_on, parse_date,
};
pub use spreadsheet::{formula_like, neutralise, write_report_record};
pub use two_pass::{Pass, TwoPassInput, spool_dir_for};
pub use validate::{DEFAULT_MIN_AGE, Header, Row, ValidationOptions, Validator};
