//! The received records, read whole (up to a few million) from the plaintexts that
//! `exchange receive` wrote: their columns found by the schema's header names, each
//! `correct` and `withdraw` put in place of the record it names.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::MatchError;
use super::person::{Kind, Name, Person, Scratch, birth_surname};
use crate::data::parse_date;
use crate::data::records::{Record, RecordReader};

/// A received file to match, and the state that sent it when known (from the receive
/// report; else each row's `residence_country`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedInput {
    pub path: PathBuf,
    pub sender: Option<String>,
}

/// What a received record asks of the home state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Add,
    Correct,
    Withdraw,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Add => "add",
            Action::Correct => "correct",
            Action::Withdraw => "withdraw",
        }
    }
}

/// One received record.
#[derive(Debug)]
pub(crate) struct Received {
    pub file: usize,
    pub line: u64,
    pub record_id: Option<Box<str>>,
    pub action: Action,
    pub sender: Box<str>,
    pub person: Person,
    /// A later `correct` or `withdraw` (or a later file's record) with the same
    /// `record_id` replaces this one: it is not matched.
    pub superseded: bool,
}

/// A received row that cannot be read for matching: listed in the review, not matched.
#[derive(Debug)]
pub(crate) struct Unreadable {
    pub file: usize,
    pub line: u64,
    pub reason: String,
    /// The sending state, as for a record, where the row still tells it; else `unknown`.
    pub sender: Box<str>,
    /// Its `record_id`, where it can be read: what to ask the sender about.
    pub record_id: Option<Box<str>>,
}

/// The received records, and the rows that could not be read.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub records: Vec<Received>,
    pub unreadable: Vec<Unreadable>,
}

/// The most received records one run takes (the blocking index counts in `u32`).
pub const MAX_RECEIVED: u32 = 50_000_000;

/// The columns that matching reads of a received file.
#[derive(Default)]
struct ReceivedColumns {
    surname: usize,
    given_names: usize,
    date_of_birth: usize,
    record_id: Option<usize>,
    action: Option<usize>,
    residence_country: Option<usize>,
    birth_surname: Option<usize>,
    place_of_birth: Option<usize>,
    surname_original: Option<usize>,
    given_names_original: Option<usize>,
}

/// Reads every file of `inputs`, in order. A row that cannot be read (a value that is
/// not UTF-8, a missing name, a date that is not one, a wrong number of fields) is set
/// aside; what would make the matching of the others wrong (a `record_id` twice, a
/// `correct` or `withdraw` of an unknown one) refuses the run.
pub(crate) fn load(inputs: &[ReceivedInput]) -> Result<Loaded, MatchError> {
    let mut records = Vec::new();
    let mut unreadable = Vec::new();
    let mut latest: HashMap<(Box<str>, Box<str>), usize> = HashMap::new();
    let mut scratch = Scratch::default();
    for (file, input) in inputs.iter().enumerate() {
        let path = &input.path;
        let data_error = |source| MatchError::Data {
            file: path.clone(),
            source,
        };
        let opened = File::open(path).map_err(|source| MatchError::Read {
            path: path.clone(),
            source,
        })?;
        let mut reader =
            RecordReader::new(BufReader::new(opened)).map_err(|source| MatchError::Read {
                path: path.clone(),
                source,
            })?;
        let mut record = Record::default();
        if !reader.read(&mut record).map_err(data_error)? {
            return Err(MatchError::Empty { file: path.clone() });
        }
        let columns = columns(path, &record)?;
        let fields = record.len();
        let mut in_file: HashMap<Box<str>, u64> = HashMap::new();
        while reader.read(&mut record).map_err(data_error)? {
            let row = Row {
                file,
                record: &record,
                sender: input.sender.as_deref(),
                residence: columns.residence_country,
                record_id: columns.record_id,
            };
            let read = if record.len() == fields {
                row.received(&columns, input, &mut scratch)
            } else {
                Err(row.unreadable(format!(
                    "the row has {} fields where the header has {fields}",
                    record.len()
                )))
            };
            let received = match read {
                Ok(received) => received,
                Err(row) => {
                    unreadable.push(row);
                    continue;
                }
            };
            if let Some(id) = &received.record_id {
                match in_file.entry(id.clone()) {
                    Entry::Occupied(first) => {
                        return Err(MatchError::DuplicateRecordId {
                            file: path.clone(),
                            line: received.line,
                            first: *first.get(),
                            record_id: id.to_string(),
                        });
                    }
                    Entry::Vacant(slot) => {
                        slot.insert(received.line);
                    }
                }
                let key = (received.sender.clone(), id.clone());
                match (latest.get(&key), received.action) {
                    (Some(&earlier), _) => records_superseded(&mut records, earlier),
                    (None, Action::Add) => {}
                    (None, action) => {
                        return Err(MatchError::UnknownRecordId {
                            file: path.clone(),
                            line: received.line,
                            action: action.as_str(),
                            record_id: id.to_string(),
                            sender: received.sender.to_string(),
                        });
                    }
                }
                latest.insert(key, records.len());
            }
            if records.len() >= MAX_RECEIVED as usize {
                return Err(MatchError::TooManyRecords { max: MAX_RECEIVED });
            }
            records.push(received);
        }
    }
    Ok(Loaded {
        records,
        unreadable,
    })
}

fn records_superseded(records: &mut [Received], index: usize) {
    records[index].superseded = true;
}

/// Finds the columns by their names in the schema (any case).
fn columns(path: &Path, header: &Record) -> Result<ReceivedColumns, MatchError> {
    let find = |name: &str| {
        header
            .iter()
            .position(|h| std::str::from_utf8(h).is_ok_and(|h| h.trim().eq_ignore_ascii_case(name)))
    };
    let required = |name: &'static str| {
        find(name).ok_or_else(|| MatchError::ReceivedColumnMissing {
            file: path.to_owned(),
            column: name,
        })
    };
    Ok(ReceivedColumns {
        surname: required("surname")?,
        given_names: required("given_names")?,
        date_of_birth: required("date_of_birth")?,
        record_id: find("record_id"),
        action: find("action"),
        residence_country: find("residence_country"),
        birth_surname: find("birth_surname"),
        place_of_birth: find("place_of_birth"),
        surname_original: find("surname_original"),
        given_names_original: find("given_names_original"),
    })
}

/// One row of a received file (the `file`th), read for matching.
struct Row<'a> {
    file: usize,
    record: &'a Record,
    /// The sender from the receive report, if known.
    sender: Option<&'a str>,
    /// The `residence_country` column, each row's sender otherwise.
    residence: Option<usize>,
    record_id: Option<usize>,
}

impl Row<'_> {
    fn unreadable(&self, reason: String) -> Unreadable {
        Unreadable {
            file: self.file,
            line: self.record.line(),
            reason,
            sender: (self.sender.or(self.readable(self.residence)))
                .unwrap_or("unknown")
                .into(),
            record_id: self.readable(self.record_id).map(Into::into),
        }
    }

    /// Field `index`, where it is present, UTF-8 and not empty once trimmed.
    fn readable(&self, index: Option<usize>) -> Option<&str> {
        (index.and_then(|i| self.record.get(i)))
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .map(str::trim)
            .filter(|text| !text.is_empty())
    }

    fn problem(&self, column: &'static str, problem: &'static str) -> Unreadable {
        self.unreadable(format!("column {column}: {problem}"))
    }

    /// Field `index` as text, empty when absent; `column` names it in errors.
    fn text(&self, index: Option<usize>, column: &'static str) -> Result<&str, Unreadable> {
        let bytes = index.and_then(|i| self.record.get(i)).unwrap_or_default();
        std::str::from_utf8(bytes)
            .map(str::trim)
            .map_err(|_| self.problem(column, "not UTF-8"))
    }

    fn received(
        &self,
        columns: &ReceivedColumns,
        input: &ReceivedInput,
        scratch: &mut Scratch,
    ) -> Result<Received, Unreadable> {
        let surname = self.text(Some(columns.surname), "surname")?;
        let given = self.text(Some(columns.given_names), "given_names")?;
        if surname.is_empty() {
            return Err(self.problem("surname", "empty"));
        }
        if given.is_empty() {
            return Err(self.problem("given_names", "empty"));
        }
        let date_of_birth = parse_date(self.text(Some(columns.date_of_birth), "date_of_birth")?)
            .map_err(|_| self.problem("date_of_birth", "not a real date written YYYY-MM-DD"))?;
        let action = match self.text(columns.action, "action")? {
            "" | "add" => Action::Add,
            "correct" => Action::Correct,
            "withdraw" => Action::Withdraw,
            _ => return Err(self.problem("action", "neither add, correct nor withdraw")),
        };
        let record_id = self.text(columns.record_id, "record_id")?;
        if record_id.is_empty() && columns.action.is_some() && action != Action::Add {
            return Err(self.problem("record_id", "empty, but required with this action"));
        }
        let sender = match &input.sender {
            Some(sender) => sender.as_str(),
            None => self.text(columns.residence_country, "residence_country")?,
        };
        let mut person = Person {
            surname: Name::default(),
            given_names: Name::default(),
            birth_surname: None,
            date_of_birth,
            place_of_birth: Name::default(),
        };
        person.surname.set(
            surname,
            self.text(columns.surname_original, "surname_original")?,
            Kind::Surname,
            scratch,
        );
        person.given_names.set(
            given,
            self.text(columns.given_names_original, "given_names_original")?,
            Kind::GivenNames,
            scratch,
        );
        birth_surname(
            self.text(columns.birth_surname, "birth_surname")?,
            scratch,
            &mut person.birth_surname,
        );
        if person.birth_surname.as_ref() == Some(&person.surname.latin) {
            person.birth_surname = None;
        }
        person.place_of_birth.set(
            self.text(columns.place_of_birth, "place_of_birth")?,
            "",
            Kind::GivenNames,
            scratch,
        );
        Ok(Received {
            file: self.file,
            line: self.record.line(),
            record_id: (!record_id.is_empty()).then(|| record_id.into()),
            action,
            sender: if sender.is_empty() { "unknown" } else { sender }.into(),
            person,
            superseded: false,
        })
    }
}
