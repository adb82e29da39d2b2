//! Validation of a voter/candidate file against the exchange schema, one row at a
//! time: the header first, then each row with its problems, then the summary.
//!
//! Streams in bounded memory: a read buffer, a few batches of rows read ahead (see
//! `read_ahead`), and 12 bytes per person for duplicate detection (see `normalise`);
//! problems are handed out with their row, never collected. Never changes a row: [`Row::record`] holds the fields as read, so that
//! `exchange send` can write them on unchanged, under the same header.

use std::hash::RandomState;
use std::io::Read;

use time::{Date, OffsetDateTime};

use super::DataError;
use super::normalise::{IdIndex, Person, PersonIndex};
use super::problem::{Clash, Detail, Problem, Rule, Severity};
use super::read_ahead::ReadAhead;
use super::records::{Record, RecordReader};
use super::report::{FileFacts, RowFacts, Summary, Tally};
use super::schema::{
    Action, Column, DateError, Declaration, Election, RecordType, age_on, parse_date,
};
use super::spreadsheet::formula_like;
use crate::country::Country;

/// The minimum age on the election date unless told otherwise.
pub const DEFAULT_MIN_AGE: u8 = 16;

/// What the rules depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ValidationOptions {
    /// Ages are counted on this day.
    pub election_date: Date,
    /// Dates of birth after this day are in the future.
    pub today: Date,
    pub min_age: u8,
    /// Look for the same person or record id twice (memory grows with the rows); off
    /// for a second pass over a file whose duplicates are known already.
    pub find_duplicates: bool,
    /// The election the file must be for (`--election`): a row that names another is
    /// an error.
    pub election: Option<Election>,
    /// A candidate's missing or `no` declaration is an error, not a warning.
    pub strict_declarations: bool,
}

impl ValidationOptions {
    /// An election on `today`, and the default minimum age.
    pub fn new(today: Date) -> Self {
        ValidationOptions {
            election_date: today,
            today,
            min_age: DEFAULT_MIN_AGE,
            find_duplicates: true,
            election: None,
            strict_declarations: false,
        }
    }

    /// [`ValidationOptions::new`] for today's date in UTC.
    pub fn today_utc() -> Self {
        Self::new(OffsetDateTime::now_utc().date())
    }
}

/// The header row: the column names as written, and where each schema column is.
#[derive(Clone, Debug)]
pub struct Header {
    record: Record,
    names: Vec<String>,
    columns: [Option<usize>; Column::ALL.len()],
    delimiter: u8,
    bom: bool,
}

impl Header {
    /// The header as read, to write it again unchanged.
    pub fn record(&self) -> &Record {
        &self.record
    }

    /// The column names as written (bytes that are not UTF-8 shown as U+FFFD).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Where `column` is in each row (from 0); the first, if the header names it twice.
    pub fn position(&self, column: Column) -> Option<usize> {
        self.columns[column.index()]
    }

    /// Whether the header names any column of the exchange schema, which makes the file
    /// a voter or candidate file (one with a missing column among them).
    pub fn names_schema_columns(&self) -> bool {
        self.columns.iter().any(Option::is_some)
    }

    /// The field delimiter found in the header: `,` or `;`.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }
}

/// One row and what validation found in it.
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    /// The physical line (from 1) where the row starts.
    pub line: u64,
    /// The fields as read, in the order of the header.
    pub record: &'a Record,
    pub record_type: Option<RecordType>,
    /// The nationality, when it is the code of a Member State.
    pub nationality: Option<Country>,
    /// The further nationalities that are valid (Member States other than the
    /// nationality and the residence country, each once), in the order written.
    pub other_nationalities: &'a [Country],
    /// The action, when the row gives a valid one.
    pub action: Option<Action>,
    /// The row's errors and warnings.
    pub problems: &'a [Problem],
}

impl Row<'_> {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// Every home state of the person: the nationality, then the further ones.
    pub fn home_states(&self) -> impl Iterator<Item = Country> + '_ {
        self.nationality
            .into_iter()
            .chain(self.other_nationalities.iter().copied())
    }
}

/// Validates a file row by row.
///
/// ```no_run
/// # fn main() -> Result<(), epct::data::DataError> {
/// use epct::data::{ValidationOptions, Validator};
/// let file = std::fs::File::open("voters.csv").map_err(epct::data::DataError::Read)?;
/// let mut validator = Validator::new(file, ValidationOptions::today_utc())?;
/// for problem in validator.header_problems() {
///     println!("{problem}");
/// }
/// while let Some(row) = validator.next_row() {
///     for problem in row?.problems {
///         println!("{problem}");
///     }
/// }
/// validator.finish().check()
/// # }
/// ```
pub struct Validator {
    records: ReadAhead,
    options: ValidationOptions,
    header: Header,
    header_problems: Vec<Problem>,
    problems: Vec<Problem>,
    other_nationalities: Vec<Country>,
    persons: PersonIndex<RandomState>,
    record_ids: IdIndex<RandomState>,
    election: ElectionSeen,
    tally: Tally,
}

/// The election of the first row, against which every other row is checked.
#[derive(Debug, Default)]
struct ElectionSeen {
    /// The line and the value of the first row with a valid `election` column (the
    /// value empty where the row names none).
    first: Option<(u64, String)>,
    /// The first election named.
    named: Option<Election>,
}

impl Validator {
    /// Reads and checks the header, and goes on reading on a thread of its own. A
    /// header with problems (an empty file, a missing or duplicated column) is not an
    /// error here: they are in [`Validator::header_problems`] and counted, and the rows
    /// are still checked.
    pub fn new<R: Read + Send + 'static>(
        reader: R,
        options: ValidationOptions,
    ) -> Result<Self, DataError> {
        let mut reader = RecordReader::new(reader).map_err(DataError::Read)?;
        let mut record = Record::default();
        let mut header_problems = Vec::new();
        if !reader.read(&mut record)? {
            header_problems.push(Problem::new(Rule::EmptyFile, 1));
        }
        let header = read_header(&record, &reader, &mut header_problems);
        let mut tally = Tally::default();
        for problem in &header_problems {
            tally.problem(problem);
        }
        Ok(Validator {
            records: ReadAhead::spawn(reader)?,
            options,
            header,
            header_problems,
            problems: Vec::new(),
            other_nationalities: Vec::new(),
            persons: PersonIndex::new(RandomState::new()),
            record_ids: IdIndex::new(RandomState::new()),
            election: ElectionSeen::default(),
            tally,
        })
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The header's problems (and the empty file's).
    pub fn header_problems(&self) -> &[Problem] {
        &self.header_problems
    }

    /// How many bytes of the file have been read, for progress.
    pub fn bytes_read(&self) -> u64 {
        self.records.bytes_read()
    }

    /// The next row and its problems; `None` at the end of the file.
    pub fn next_row(&mut self) -> Option<Result<Row<'_>, DataError>> {
        let record = match self.records.next()? {
            Ok(record) => record,
            Err(e) => return Some(Err(e)),
        };
        self.problems.clear();
        self.other_nationalities.clear();
        let checked = RowCheck {
            text: joined_text(record),
            record,
            header: &self.header,
            options: &self.options,
            problems: &mut self.problems,
            other_nationalities: &mut self.other_nationalities,
        }
        .run(Seen {
            persons: &mut self.persons,
            record_ids: &mut self.record_ids,
            election: &mut self.election,
        });
        let found = match checked {
            Ok(found) => found,
            Err(e) => return Some(Err(e)),
        };
        for problem in &self.problems {
            self.tally.problem(problem);
        }
        let row = Row {
            line: record.line(),
            record,
            record_type: found.record_type,
            nationality: found.nationality,
            other_nationalities: &self.other_nationalities,
            action: found.action,
            problems: &self.problems,
        };
        self.tally.row(RowFacts {
            record_type: row.record_type,
            nationality: row.nationality,
            other_nationalities: row.other_nationalities,
            action: row.action,
            has_errors: row.has_errors(),
        });
        Some(Ok(row))
    }

    /// The counts of everything read.
    pub fn finish(self) -> Summary {
        self.tally.summary(FileFacts {
            delimiter: self.header.delimiter,
            bom: self.header.bom,
            election_date: self.options.election_date,
            min_age: self.options.min_age,
            election: self.options.election.or(self.election.named),
        })
    }
}

/// The header's names and columns, with its problems added to `problems`.
fn read_header<R>(
    record: &Record,
    reader: &RecordReader<R>,
    problems: &mut Vec<Problem>,
) -> Header {
    let line = record.line().max(1);
    encoding_problems(record, None, problems);
    let names: Vec<String> = record
        .iter()
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    let mut columns = [None; Column::ALL.len()];
    for (index, name) in names.iter().enumerate() {
        let Some(column) = Column::from_header(name) else {
            problems.push(Problem::new(Rule::UnknownColumn, line).at(index, name));
            continue;
        };
        match columns[column.index()] {
            Some(first) => problems.push(
                Problem::new(Rule::DuplicateColumn, line)
                    .at(index, column.name())
                    .detail(Detail::FirstField {
                        first_field: first + 1,
                    }),
            ),
            None => columns[column.index()] = Some(index),
        }
    }
    if !record.is_empty() {
        let has = |column: Column| columns[column.index()].is_some();
        for column in Column::ALL {
            let required =
                column.is_required() || (column == Column::RecordId && has(Column::Action));
            if required && !has(column) {
                let mut problem = Problem::new(Rule::MissingColumn, line);
                problem.column = Some(column.name().to_owned());
                problems.push(problem);
            }
        }
    }
    Header {
        record: record.clone(),
        names,
        columns,
        delimiter: reader.delimiter(),
        bom: reader.has_bom(),
    }
}

/// One problem per field with bytes that are not UTF-8, at the first such byte.
fn encoding_problems(record: &Record, header: Option<&Header>, problems: &mut Vec<Problem>) {
    let mut offsets = record.invalid_utf8().iter();
    if offsets.len() == 0 {
        return;
    }
    for (index, field) in record.iter().enumerate() {
        let invalid = field
            .utf8_chunks()
            .filter(|chunk| !chunk.invalid().is_empty())
            .count();
        if invalid == 0 {
            continue;
        }
        let first = offsets.next().copied();
        if invalid > 1 {
            offsets.nth(invalid - 2);
        }
        let name = header
            .and_then(|h| h.names.get(index))
            .map_or("header", String::as_str);
        let mut problem = Problem::new(Rule::Encoding, record.line())
            .at(index, name)
            .value(&String::from_utf8_lossy(field));
        if let Some(byte_offset) = first {
            problem = problem.detail(Detail::ByteOffset { byte_offset });
        }
        problems.push(problem);
    }
}

/// The fields of `record` as one text, when they are all UTF-8 (so that each field
/// is a slice of it, without checking each again).
fn joined_text(record: &Record) -> Option<&str> {
    if !record.invalid_utf8().is_empty() {
        return None;
    }
    simdutf8::basic::from_utf8(record.joined()).ok()
}

/// Whether `value` is empty or only white space.
pub(crate) fn is_blank(value: &str) -> bool {
    match value.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => value.chars().all(char::is_whitespace),
    }
}

/// Whether `value` has a control character (Unicode category Cc: U+0000 to U+001F,
/// U+007F, and U+0080 to U+009F, which UTF-8 writes as C2 80 to C2 9F).
fn has_control(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().any(|&b| b < 0x20 || b == 0x7f)
        || bytes.windows(2).any(|w| w[0] == 0xc2 && w[1] <= 0x9f)
}

/// The checks of one row.
struct RowCheck<'a> {
    /// The fields as text, unless some are not UTF-8.
    text: Option<&'a str>,
    record: &'a Record,
    header: &'a Header,
    options: &'a ValidationOptions,
    problems: &'a mut Vec<Problem>,
    other_nationalities: &'a mut Vec<Country>,
}

/// What the rows before have shown, for the rules across rows.
struct Seen<'s> {
    persons: &'s mut PersonIndex<RandomState>,
    record_ids: &'s mut IdIndex<RandomState>,
    election: &'s mut ElectionSeen,
}

/// The facts of a row that are valid.
#[derive(Default)]
struct Found {
    record_type: Option<RecordType>,
    nationality: Option<Country>,
    action: Option<Action>,
}

impl<'a> RowCheck<'a> {
    /// Checks every rule; returns the facts of the row that are valid.
    fn run(mut self, seen: Seen<'_>) -> Result<Found, DataError> {
        let line = self.record.line();
        let expected = self.header.names.len();
        if self.record.len() != expected {
            self.problems.push(
                Problem::new(Rule::FieldCount, line).detail(Detail::FieldCount {
                    fields: self.record.len(),
                    expected,
                }),
            );
            return Ok(Found::default());
        }
        encoding_problems(self.record, Some(self.header), self.problems);

        let record_type = self.required(Column::RecordType).and_then(|(i, value)| {
            let parsed = RecordType::parse(value);
            if parsed.is_none() {
                self.push(Rule::RecordType, i, Column::RecordType, value);
            }
            parsed
        });
        let surname = self.name(Column::Surname);
        let given_names = self.name(Column::GivenNames);
        let date_of_birth = self.birth_date();
        self.text(Column::PlaceOfBirth, true);
        let nationality = self.country(Column::Nationality).map(|(_, c)| c);
        let residence = self.country(Column::ResidenceCountry);
        if let (Some(n), Some((i, r))) = (nationality, residence)
            && n == r
        {
            self.push(Rule::SameCountry, i, Column::ResidenceCountry, r.code());
        }
        self.other_nationalities(nationality, residence.map(|(_, r)| r));
        self.text(Column::ResidenceAddress, true);
        self.text(Column::HomeLocality, false);
        self.text(Column::HomeAddress, false);
        if let Some((i, value)) = self.value(Column::RegistrationDate)
            && !value.is_empty()
        {
            self.date(i, Column::RegistrationDate, value);
        }
        self.resident_since(date_of_birth);
        for column in [
            Column::SurnameOriginal,
            Column::GivenNamesOriginal,
            Column::BirthSurname,
        ] {
            self.optional_name(column);
        }
        self.declarations(record_type);
        self.election(seen.election);
        let action = self.action_and_id(seen.record_ids)?;
        let persons = seen.persons;

        if let (true, Some(surname), Some(given_names), Some(date_of_birth), Some(nationality)) = (
            self.options.find_duplicates,
            surname,
            given_names,
            date_of_birth,
            nationality,
        ) {
            let person = Person {
                surname,
                given_names,
                date_of_birth,
                nationality,
            };
            let at = u32::try_from(line).map_err(|_| DataError::TooManyLines)?;
            if let Some(first) = persons.insert(&person, at) {
                self.problems
                    .push(
                        Problem::new(Rule::DuplicatePerson, line).detail(Detail::FirstLine {
                            first_line: u64::from(first),
                        }),
                    );
            }
        }
        Ok(Found {
            record_type,
            nationality,
            action,
        })
    }

    /// `other_nationalities`: Member State codes separated by `|`, each neither the
    /// nationality nor the residence country, each once. The valid ones are kept.
    fn other_nationalities(&mut self, nationality: Option<Country>, residence: Option<Country>) {
        let column = Column::OtherNationalities;
        let Some((index, value)) = self.value(column) else {
            return;
        };
        if value.is_empty() {
            return;
        }
        for code in value.split('|') {
            let Some(country) = Country::from_code(code.as_bytes()) else {
                self.push(Rule::CountryCode, index, column, code);
                continue;
            };
            let clash = if Some(country) == nationality {
                Some(Clash::Nationality)
            } else if Some(country) == residence {
                Some(Clash::ResidenceCountry)
            } else if self.other_nationalities.contains(&country) {
                Some(Clash::Repeated)
            } else {
                None
            };
            match clash {
                Some(clash) => self.problems.push(
                    Problem::new(Rule::OtherNationality, self.record.line())
                        .at(index, column.name())
                        .value(code)
                        .detail(Detail::Clash { clash }),
                ),
                None => self.other_nationalities.push(country),
            }
        }
    }

    /// `resident_since`: a real date, not in the future, not before the (valid) date
    /// of birth.
    fn resident_since(&mut self, date_of_birth: Option<Date>) {
        let column = Column::ResidentSince;
        let Some((index, value)) = self.value(column).filter(|(_, v)| !v.is_empty()) else {
            return;
        };
        let Some(date) = self.date(index, column, value) else {
            return;
        };
        let detail = if date > self.options.today {
            (
                Rule::DateInFuture,
                Detail::Today {
                    today: self.options.today,
                },
            )
        } else if let Some(birth) = date_of_birth.filter(|&birth| date < birth) {
            (
                Rule::ResidentBeforeBirth,
                Detail::Birth {
                    date_of_birth: birth,
                },
            )
        } else {
            return;
        };
        self.problems.push(
            Problem::new(detail.0, self.record.line())
                .at(index, column.name())
                .value(value)
                .detail(detail.1),
        );
    }

    /// An optional name (original script, birth surname): without control characters,
    /// else warned about when it begins like a formula.
    fn optional_name(&mut self, column: Column) {
        let Some((index, value)) = self.value(column) else {
            return;
        };
        if has_control(value) {
            self.push(Rule::ControlCharacter, index, column, value);
        } else {
            self.formula(index, column, value);
        }
    }

    /// The declarations: `yes` or `no` where given; for a candidate, a missing one or a
    /// `no` is a warning (an error when strict).
    fn declarations(&mut self, record_type: Option<RecordType>) {
        let line = self.record.line();
        let severity = if self.options.strict_declarations {
            Severity::Error
        } else {
            Severity::Warning
        };
        for column in [
            Column::DeclarationNotStandingElsewhere,
            Column::DeclarationNotDeprived,
        ] {
            let field = self.value(column);
            let value = field.map_or("", |(_, v)| v);
            let declared = if value.is_empty() {
                None
            } else {
                let parsed = Declaration::parse(value);
                if let (None, Some((index, _))) = (parsed, field) {
                    self.push(Rule::Declaration, index, column, value);
                    continue;
                }
                parsed
            };
            if record_type != Some(RecordType::Candidate) {
                continue;
            }
            let rule = match declared {
                Some(Declaration::Yes) => continue,
                Some(Declaration::No) => Rule::DeclarationNo,
                None => Rule::DeclarationMissing,
            };
            let mut problem = Problem::new(rule, line).severity(severity);
            match field {
                Some((index, value)) => problem = problem.at(index, column.name()).value(value),
                None => problem.column = Some(column.name().to_owned()),
            }
            self.problems.push(problem);
        }
    }

    /// `election`: an identifier, the one given with `--election` if any, and the same
    /// on every row (an empty value is the same as none named, and must be so on every
    /// row too).
    fn election(&mut self, seen: &mut ElectionSeen) {
        let column = Column::Election;
        let Some((index, value)) = self.value(column) else {
            return;
        };
        let line = self.record.line();
        let election = if value.is_empty() {
            None
        } else {
            let Some(election) = Election::parse(value) else {
                self.push(Rule::ElectionFormat, index, column, value);
                return;
            };
            Some(election)
        };
        if let (Some(expected), Some(election)) = (self.options.election, election)
            && expected != election
        {
            self.problems.push(
                Problem::new(Rule::ElectionOther, line)
                    .at(index, column.name())
                    .value(value)
                    .detail(Detail::Expected {
                        expected_election: expected.to_string(),
                    }),
            );
            return;
        }
        match &seen.first {
            Some((first_line, first)) if first != value => self.problems.push(
                Problem::new(Rule::ElectionMixed, line)
                    .at(index, column.name())
                    .value(value)
                    .detail(Detail::FirstElection {
                        first_line: *first_line,
                        first_election: first.clone(),
                    }),
            ),
            Some(_) => {}
            None => {
                seen.first = Some((line, value.to_owned()));
                seen.named = election;
            }
        }
    }

    /// `action` (add, withdraw or correct) and `record_id` (required with an action,
    /// unique in the file); returns the action, `add` where the row names none.
    fn action_and_id(
        &mut self,
        record_ids: &mut IdIndex<RandomState>,
    ) -> Result<Option<Action>, DataError> {
        let line = self.record.line();
        let named = self
            .value(Column::Action)
            .filter(|(_, value)| !value.is_empty());
        let action = match named {
            Some((index, value)) => {
                let action = Action::parse(value);
                if action.is_none() {
                    self.push(Rule::Action, index, Column::Action, value);
                }
                action
            }
            None => Some(Action::Add),
        };
        let id = self.value(Column::RecordId);
        match id {
            Some((index, value)) if !is_blank(value) => {
                if has_control(value) {
                    self.push(Rule::ControlCharacter, index, Column::RecordId, value);
                } else {
                    self.formula(index, Column::RecordId, value);
                }
                if self.options.find_duplicates {
                    let at = u32::try_from(line).map_err(|_| DataError::TooManyLines)?;
                    if let Some(first) = record_ids.insert(value, at) {
                        self.problems.push(
                            Problem::new(Rule::DuplicateRecordId, line)
                                .at(index, Column::RecordId.name())
                                .value(value)
                                .detail(Detail::FirstLine {
                                    first_line: u64::from(first),
                                }),
                        );
                    }
                }
            }
            Some((index, _)) if named.is_some() => self.problems.push(
                Problem::new(Rule::RecordIdRequired, line).at(index, Column::RecordId.name()),
            ),
            _ => {}
        }
        Ok(action)
    }

    /// The field of `column` and its position, when the header has the column and the
    /// field is UTF-8 (else its problem is reported already).
    fn value(&self, column: Column) -> Option<(usize, &'a str)> {
        let index = self.header.position(column)?;
        let value = match self.text {
            Some(text) => text.get(self.record.span(index)?)?,
            None => std::str::from_utf8(self.record.get(index)?).ok()?,
        };
        Some((index, value))
    }

    /// A required field: reported when empty (or only white space).
    fn required(&mut self, column: Column) -> Option<(usize, &'a str)> {
        let (index, value) = self.value(column)?;
        if is_blank(value) {
            self.problems
                .push(Problem::new(Rule::Required, self.record.line()).at(index, column.name()));
            return None;
        }
        Some((index, value))
    }

    fn push(&mut self, rule: Rule, index: usize, column: Column, value: &str) {
        self.problems.push(
            Problem::new(rule, self.record.line())
                .at(index, column.name())
                .value(value),
        );
    }

    /// A name: required, without control characters, else warned about when it begins
    /// like a formula.
    fn name(&mut self, column: Column) -> Option<&'a str> {
        let (index, value) = self.required(column)?;
        if has_control(value) {
            self.push(Rule::ControlCharacter, index, column, value);
        } else {
            self.formula(index, column, value);
        }
        Some(value)
    }

    /// Free text, required or not, warned about when it begins like a formula.
    fn text(&mut self, column: Column, required: bool) {
        let field = if required {
            self.required(column)
        } else {
            self.value(column)
        };
        if let Some((index, value)) = field {
            self.formula(index, column, value);
        }
    }

    fn formula(&mut self, index: usize, column: Column, value: &str) {
        if formula_like(value.as_bytes()) {
            self.push(Rule::FormulaLike, index, column, value);
        }
    }

    /// A date; reported when it is not one.
    fn date(&mut self, index: usize, column: Column, value: &str) -> Option<Date> {
        match parse_date(value) {
            Ok(date) => Some(date),
            Err(DateError::Format) => {
                self.push(Rule::DateFormat, index, column, value);
                None
            }
            Err(DateError::NotReal) => {
                self.push(Rule::DateNotReal, index, column, value);
                None
            }
        }
    }

    /// The date of birth: a real date, not in the future, old enough on the election
    /// date. Returns it when it is a real date, for duplicate detection.
    fn birth_date(&mut self) -> Option<Date> {
        let column = Column::DateOfBirth;
        let (index, value) = self.required(column)?;
        let birth = self.date(index, column, value)?;
        let line = self.record.line();
        if birth > self.options.today {
            self.problems.push(
                Problem::new(Rule::DateInFuture, line)
                    .at(index, column.name())
                    .value(value)
                    .detail(Detail::Today {
                        today: self.options.today,
                    }),
            );
            return Some(birth);
        }
        let age = age_on(birth, self.options.election_date);
        if age < i32::from(self.options.min_age) {
            self.problems.push(
                Problem::new(Rule::UnderAge, line)
                    .at(index, column.name())
                    .value(value)
                    .detail(Detail::Age {
                        age,
                        min_age: self.options.min_age,
                        election_date: self.options.election_date,
                    }),
            );
        }
        Some(birth)
    }

    /// A Member State code, and its position.
    fn country(&mut self, column: Column) -> Option<(usize, Country)> {
        let (index, value) = self.required(column)?;
        let country = Country::from_code(value.as_bytes());
        if country.is_none() {
            self.push(Rule::CountryCode, index, column, value);
        }
        country.map(|c| (index, c))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use time::macros::date;

    use super::*;

    const HEADER: &str = "record_type,surname,given_names,date_of_birth,place_of_birth,\
                          nationality,residence_country,residence_address,home_locality,\
                          home_address,registration_date";
    const GOOD: &str =
        "voter,Müller,Jürgen,1970-05-01,München,DE,BE,Rue de la Loi 1 1040 Bruxelles,,,";

    fn options() -> ValidationOptions {
        ValidationOptions {
            election_date: date!(2029 - 06 - 07),
            today: date!(2026 - 03 - 01),
            min_age: 16,
            find_duplicates: true,
            election: None,
            strict_declarations: false,
        }
    }

    /// Every problem of a file: (line, column, rule), header first.
    fn problems(text: &str) -> Vec<(u64, Option<String>, Rule)> {
        let (problems, _) = validate(text.as_bytes());
        problems
            .into_iter()
            .map(|p| (p.line, p.column, p.rule))
            .collect()
    }

    fn validate(bytes: &[u8]) -> (Vec<Problem>, Summary) {
        let mut validator = Validator::new(Cursor::new(bytes.to_vec()), options()).unwrap();
        let mut found = validator.header_problems().to_vec();
        while let Some(row) = validator.next_row() {
            found.extend_from_slice(row.unwrap().problems);
        }
        (found, validator.finish())
    }

    /// The problems of a file with `GOOD` on line 2, and on line 3 another person
    /// with `column` set to `value`.
    fn with(column: Column, value: &str) -> Vec<(u64, Option<String>, Rule)> {
        let other = GOOD.replace("Jürgen", "Klaus");
        let mut fields: Vec<String> = other.split(',').map(str::to_owned).collect();
        fields[column.index()] = value.to_owned();
        problems(&format!("{HEADER}\n{GOOD}\n{}\n", fields.join(",")))
    }

    fn at(line: u64, column: Column, rule: Rule) -> (u64, Option<String>, Rule) {
        (line, Some(column.name().to_owned()), rule)
    }

    const FULL: &str = "record_type,surname,given_names,date_of_birth,place_of_birth,\
                        nationality,residence_country,residence_address,record_id,action,\
                        other_nationalities,resident_since,surname_original,\
                        given_names_original,birth_surname,declaration_not_standing_elsewhere,\
                        declaration_not_deprived,election";

    /// A row of `FULL` for person `n`, with `changes` by column name.
    fn full_row(n: usize, changes: &[(&str, &str)]) -> String {
        let given = format!("Jürgen{}", "a".repeat(n));
        let id = format!("BE-{n}");
        let mut fields = vec![
            "voter",
            "Müller",
            &given,
            "1970-05-01",
            "München",
            "DE",
            "BE",
            "Rue 1",
            &id,
            "add",
            "",
            "2015-03-01",
            "",
            "",
            "",
            "",
            "",
            "EP-2029",
        ];
        let names: Vec<&str> = FULL.split(',').collect();
        for (column, value) in changes {
            fields[names.iter().position(|c| c == column).unwrap()] = value;
        }
        fields.join(",")
    }

    /// A problem's line, column, rule and severity.
    type Located = (u64, Option<String>, Rule, Severity);

    /// The problems of a `FULL` file whose rows have the changes given, validated with
    /// `tune` applied to the options.
    fn full(
        rows: &[&[(&str, &str)]],
        tune: impl Fn(&mut ValidationOptions),
    ) -> (Vec<Located>, Summary) {
        let mut text = format!("{FULL}\n");
        for (n, changes) in rows.iter().enumerate() {
            text += &full_row(n, changes);
            text += "\n";
        }
        let mut options = options();
        tune(&mut options);
        let mut validator = Validator::new(Cursor::new(text.into_bytes()), options).unwrap();
        let mut found: Vec<_> = validator.header_problems().to_vec();
        while let Some(row) = validator.next_row() {
            found.extend_from_slice(row.unwrap().problems);
        }
        let found = found
            .into_iter()
            .map(|p| (p.line, p.column, p.rule, p.severity))
            .collect();
        (found, validator.finish())
    }

    fn err(line: u64, column: &str, rule: Rule) -> Located {
        (line, Some(column.to_owned()), rule, Severity::Error)
    }

    #[test]
    fn the_new_columns_are_optional_and_valid_when_filled() {
        let (problems, summary) = full(
            &[
                &[],
                &[("action", "withdraw"), ("other_nationalities", "FR|IT")],
                &[
                    ("action", "correct"),
                    ("surname_original", "Μυλλερ"),
                    ("birth_surname", "Schmidt"),
                    ("record_type", "candidate"),
                    ("declaration_not_standing_elsewhere", "yes"),
                    ("declaration_not_deprived", "yes"),
                ],
                &[("action", ""), ("resident_since", "")],
            ],
            |_| {},
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(summary.dual_nationals, 1);
        assert_eq!(summary.other_nationalities.len(), 2);
        assert_eq!(
            (
                summary.actions.add,
                summary.actions.withdraw,
                summary.actions.correct
            ),
            (2, 1, 1)
        );
        assert_eq!(
            summary.election.map(|e| e.to_string()).as_deref(),
            Some("EP-2029")
        );
    }

    #[test]
    fn record_ids_are_unique_and_required_with_an_action() {
        let (problems, _) = full(
            &[&[], &[("record_id", "BE-0")], &[("record_id", "")]],
            |_| {},
        );
        assert_eq!(
            problems,
            [
                err(3, "record_id", Rule::DuplicateRecordId),
                err(4, "record_id", Rule::RecordIdRequired)
            ]
        );
        let (problems, _) = full(&[&[("record_id", ""), ("action", "")]], |_| {});
        assert!(problems.is_empty());
        let (problems, _) = full(&[&[("record_id", "BE\u{1}")]], |_| {});
        assert_eq!(problems, [err(2, "record_id", Rule::ControlCharacter)]);
        let (problems, _) = full(&[&[], &[("record_id", "BE-0")]], |o| {
            o.find_duplicates = false;
        });
        assert!(problems.is_empty());
    }

    #[test]
    fn an_action_column_needs_a_record_id_column() {
        let text = "record_type,surname,given_names,date_of_birth,place_of_birth,nationality,\
                    residence_country,residence_address,action\n";
        let (problems, _) = validate(text.as_bytes());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].rule, Rule::MissingColumn);
        assert_eq!(problems[0].column.as_deref(), Some("record_id"));
    }

    #[test]
    fn actions_are_add_withdraw_or_correct() {
        let (problems, _) = full(&[&[("action", "delete")], &[("action", "Add")]], |_| {});
        assert_eq!(
            problems,
            [
                err(2, "action", Rule::Action),
                err(3, "action", Rule::Action)
            ]
        );
    }

    #[test]
    fn other_nationalities_are_further_member_states_once() {
        let column = "other_nationalities";
        let (problems, summary) = full(
            &[
                &[(column, "FR|GR")],
                &[(column, "DE")],
                &[(column, "BE")],
                &[(column, "FR|FR")],
                &[(column, "FR,IT")],
                &[(column, "FR|")],
            ],
            |_| {},
        );
        assert_eq!(
            problems,
            [
                err(2, column, Rule::CountryCode),
                err(3, column, Rule::OtherNationality),
                err(4, column, Rule::OtherNationality),
                err(5, column, Rule::OtherNationality),
                (6, None, Rule::FieldCount, Severity::Error),
                err(7, column, Rule::CountryCode),
            ]
        );
        assert_eq!(summary.other_nationalities[&Country::FR], 3);
    }

    #[test]
    fn resident_since_is_a_real_date_not_in_the_future() {
        let column = "resident_since";
        let (problems, _) = full(
            &[
                &[(column, "2026-03-02")],
                &[(column, "2015-02-29")],
                &[(column, "1.3.2015")],
                &[(column, "2026-03-01")],
                &[(column, "1970-04-30")],
                &[(column, "1970-05-01")],
                &[(column, "1970-04-30"), ("date_of_birth", "1970-13-01")],
            ],
            |_| {},
        );
        assert_eq!(
            problems,
            [
                err(2, column, Rule::DateInFuture),
                err(3, column, Rule::DateNotReal),
                err(4, column, Rule::DateFormat),
                err(6, column, Rule::ResidentBeforeBirth),
                err(8, "date_of_birth", Rule::DateNotReal),
            ]
        );
    }

    #[test]
    fn original_names_and_birth_surnames_have_no_control_characters() {
        for column in ["surname_original", "given_names_original", "birth_surname"] {
            let (problems, _) = full(&[&[(column, "Πα\u{85}πας")], &[(column, "Παπάς")]], |_| {});
            assert_eq!(
                problems,
                [err(2, column, Rule::ControlCharacter)],
                "{column}"
            );
        }
    }

    #[test]
    fn declarations_of_candidates_warn_unless_strict() {
        let standing = "declaration_not_standing_elsewhere";
        let deprived = "declaration_not_deprived";
        let rows: [&[(&str, &str)]; 4] = [
            &[
                ("record_type", "candidate"),
                (standing, "yes"),
                (deprived, "no"),
            ],
            &[
                ("record_type", "candidate"),
                (standing, ""),
                (deprived, "yes"),
            ],
            &[(standing, "no"), (deprived, "")],
            &[(standing, "Yes"), (deprived, "yes")],
        ];
        let warn =
            |line, column: &str, rule| (line, Some(column.to_owned()), rule, Severity::Warning);
        let (problems, summary) = full(&rows, |_| {});
        assert_eq!(
            problems,
            [
                warn(2, deprived, Rule::DeclarationNo),
                warn(3, standing, Rule::DeclarationMissing),
                err(5, standing, Rule::Declaration)
            ]
        );
        assert_eq!((summary.errors, summary.warnings), (1, 2));
        let (problems, summary) = full(&rows, |o| o.strict_declarations = true);
        assert_eq!(
            problems,
            [
                err(2, deprived, Rule::DeclarationNo),
                err(3, standing, Rule::DeclarationMissing),
                err(5, standing, Rule::Declaration)
            ]
        );
        assert_eq!((summary.errors, summary.warnings), (3, 0));
    }

    #[test]
    fn a_file_holds_one_election_the_one_given() {
        let (problems, summary) = full(
            &[
                &[],
                &[("election", "EP-2024")],
                &[("election", "")],
                &[("election", "EP 2029")],
            ],
            |_| {},
        );
        assert_eq!(
            problems,
            [
                err(3, "election", Rule::ElectionMixed),
                err(4, "election", Rule::ElectionMixed),
                err(5, "election", Rule::ElectionFormat)
            ]
        );
        assert_eq!(summary.election, Election::parse("EP-2029"));
        let expected = |o: &mut ValidationOptions| o.election = Election::parse("EP-2024");
        let (problems, summary) = full(&[&[], &[("election", "EP-2024")]], expected);
        assert_eq!(problems, [err(2, "election", Rule::ElectionOther)]);
        assert_eq!(summary.election, Election::parse("EP-2024"));
        let (problems, _) = full(&[&[("election", "")], &[("election", "")]], expected);
        assert!(problems.is_empty());
    }

    #[test]
    fn control_characters_are_those_of_unicode() {
        let all = (0..=0x10ffff).filter_map(char::from_u32);
        for c in all.filter(|c| u32::from(*c) < 0x800) {
            assert_eq!(has_control(&format!("a{c}b")), c.is_control(), "{c:?}");
        }
        for blank in ["", " ", "\t\u{a0} ", "\u{3000}"] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for text in ["a", " a", "\u{a0}é", "é"] {
            assert!(!is_blank(text), "{text:?}");
        }
    }

    #[test]
    fn a_good_file_has_no_problem() {
        let (problems, summary) = validate(format!("{HEADER}\n{GOOD}\n").as_bytes());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!((summary.rows, summary.voters, summary.errors), (1, 1, 0));
        assert_eq!(summary.nationalities[&Country::DE], 1);
    }

    #[test]
    fn record_type_is_voter_or_candidate() {
        assert_eq!(
            with(Column::RecordType, "candidate"),
            [
                (
                    3,
                    Some("declaration_not_standing_elsewhere".into()),
                    Rule::DeclarationMissing
                ),
                (
                    3,
                    Some("declaration_not_deprived".into()),
                    Rule::DeclarationMissing
                ),
            ]
        );
        assert_eq!(
            with(Column::RecordType, "Voter"),
            [at(3, Column::RecordType, Rule::RecordType)]
        );
        assert_eq!(
            with(Column::RecordType, ""),
            [at(3, Column::RecordType, Rule::Required)]
        );
    }

    #[test]
    fn formula_like_text_is_a_warning() {
        for column in [
            Column::Surname,
            Column::GivenNames,
            Column::PlaceOfBirth,
            Column::ResidenceAddress,
            Column::HomeLocality,
            Column::HomeAddress,
        ] {
            for value in ["=cmd|' /C calc'!A0", "=HYPERLINK(A1)", "+1", "@A1", "-2"] {
                assert_eq!(
                    with(column, value),
                    [at(3, column, Rule::FormulaLike)],
                    "{value}"
                );
            }
        }
        assert!(with(Column::Surname, "Dupont-Aignan").is_empty());
    }

    #[test]
    fn names_are_required_without_control_characters() {
        assert!(with(Column::Surname, "Ó Súilleabháin").is_empty());
        assert_eq!(
            with(Column::Surname, "  "),
            [at(3, Column::Surname, Rule::Required)]
        );
        assert_eq!(
            with(Column::GivenNames, "Anna\u{7}"),
            [at(3, Column::GivenNames, Rule::ControlCharacter)]
        );
        assert_eq!(
            with(Column::GivenNames, "Anna\u{85}Maria"),
            [at(3, Column::GivenNames, Rule::ControlCharacter)]
        );
    }

    #[test]
    fn date_of_birth_is_real_past_and_old_enough() {
        let dob = Column::DateOfBirth;
        assert_eq!(with(dob, "1970-5-1"), [at(3, dob, Rule::DateFormat)]);
        assert_eq!(with(dob, "01.05.1970"), [at(3, dob, Rule::DateFormat)]);
        assert_eq!(with(dob, "1970-02-29"), [at(3, dob, Rule::DateNotReal)]);
        assert_eq!(with(dob, "2026-03-02"), [at(3, dob, Rule::DateInFuture)]);
        assert!(with(dob, "2013-06-07").is_empty());
        assert_eq!(with(dob, "2013-06-08"), [at(3, dob, Rule::UnderAge)]);
        assert_eq!(with(dob, ""), [at(3, dob, Rule::Required)]);
    }

    #[test]
    fn under_age_says_how_old() {
        let text = format!("{HEADER}\n{}\n", GOOD.replace("1970-05-01", "2015-01-01"));
        let (problems, _) = validate(text.as_bytes());
        assert_eq!(
            problems[0].to_string(),
            "line 2, column date_of_birth: born '2015-01-01', the person is 14 on the \
             election date 2029-06-07, under the minimum age of 16 [under_age]"
        );
    }

    #[test]
    fn place_of_birth_and_residence_address_are_required() {
        assert_eq!(
            with(Column::PlaceOfBirth, ""),
            [at(3, Column::PlaceOfBirth, Rule::Required)]
        );
        assert_eq!(
            with(Column::ResidenceAddress, " "),
            [at(3, Column::ResidenceAddress, Rule::Required)]
        );
    }

    #[test]
    fn countries_are_eu_codes_and_differ() {
        let nat = Column::Nationality;
        assert!(with(nat, "EL").is_empty());
        assert_eq!(with(nat, "GR"), [at(3, nat, Rule::CountryCode)]);
        assert_eq!(with(nat, "de"), [at(3, nat, Rule::CountryCode)]);
        assert_eq!(with(nat, "CH"), [at(3, nat, Rule::CountryCode)]);
        assert_eq!(
            with(nat, "BE"),
            [at(3, Column::ResidenceCountry, Rule::SameCountry)]
        );
        assert_eq!(
            with(Column::ResidenceCountry, "UK"),
            [at(3, Column::ResidenceCountry, Rule::CountryCode)]
        );
    }

    #[test]
    fn optional_columns_may_be_empty_but_dates_must_be_real() {
        let reg = Column::RegistrationDate;
        assert!(with(reg, "2024-01-31").is_empty());
        assert_eq!(with(reg, "2024-02-30"), [at(3, reg, Rule::DateNotReal)]);
        assert_eq!(with(reg, "31/01/2024"), [at(3, reg, Rule::DateFormat)]);
    }

    #[test]
    fn duplicates_name_the_first_line() {
        let second = GOOD
            .replace("Müller", "MULLER")
            .replace("Jürgen", " jurgen ");
        let text = format!(
            "{HEADER}\n{GOOD}\n{}\n{second}\n",
            GOOD.replace(",DE,", ",AT,")
        );
        let (problems, summary) = validate(text.as_bytes());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 4);
        assert_eq!(problems[0].rule, Rule::DuplicatePerson);
        assert_eq!(
            problems[0].detail,
            Some(Detail::FirstLine { first_line: 2 })
        );
        assert_eq!(summary.rows_with_errors, 1);
    }

    #[test]
    fn header_in_any_order_and_case_with_unknown_columns() {
        let text = "Nationality;SURNAME;Given_Names;date_of_birth;place_of_birth;\
                    residence_country;residence_address;record_type;Remarks\n\
                    DE;Müller;Jürgen;1970-05-01;München;BE;Rue de la Loi 1;voter;x\n";
        let (problems, summary) = validate(text.as_bytes());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].rule, Rule::UnknownColumn);
        assert_eq!(problems[0].field, Some(9));
        assert_eq!(problems[0].column.as_deref(), Some("Remarks"));
        assert_eq!(
            (summary.errors, summary.warnings, summary.delimiter),
            (0, 1, ';')
        );
    }

    #[test]
    fn missing_and_duplicated_columns_are_errors() {
        let text = "record_type,surname,surname,given_names,date_of_birth,place_of_birth,\
                    residence_country,residence_address\n";
        let (problems, summary) = validate(text.as_bytes());
        let duplicate = &problems[0];
        assert_eq!(duplicate.rule, Rule::DuplicateColumn);
        assert_eq!(
            (duplicate.field, duplicate.detail.clone()),
            (Some(3), Some(Detail::FirstField { first_field: 2 }))
        );
        assert_eq!(problems[1].rule, Rule::MissingColumn);
        assert_eq!(problems[1].column.as_deref(), Some("nationality"));
        assert_eq!(summary.errors, 2);
    }

    #[test]
    fn empty_files_and_bare_headers() {
        let (problems, summary) = validate(b"");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].rule, Rule::EmptyFile);
        assert_eq!(summary.errors, 1);
        let (problems, summary) = validate(format!("\u{feff}{HEADER}\r\n").as_bytes());
        assert!(problems.is_empty());
        assert_eq!((summary.rows, summary.bom), (0, true));
    }

    #[test]
    fn rows_of_the_wrong_width_are_reported_once() {
        let text = format!("{HEADER}\nvoter,Müller\n");
        let (problems, _) = validate(text.as_bytes());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].rule, Rule::FieldCount);
        assert_eq!(
            problems[0].detail,
            Some(Detail::FieldCount {
                fields: 2,
                expected: 11
            })
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_located() {
        let mut text = format!("{HEADER}\n").into_bytes();
        let offset = text.len() + GOOD.find("Müller").unwrap() + 1;
        text.extend_from_slice(GOOD.replace("Müller", "M\u{1}ller").as_bytes());
        text[offset] = 0xfc;
        let (problems, _) = validate(&text);
        assert_eq!(problems.len(), 1);
        let problem = &problems[0];
        assert_eq!(problem.rule, Rule::Encoding);
        assert_eq!(problem.column.as_deref(), Some("surname"));
        assert_eq!(
            problem.detail,
            Some(Detail::ByteOffset {
                byte_offset: offset as u64
            })
        );
        assert_eq!(problem.value.as_deref(), Some("M\u{fffd}ller"));
    }

    /// What `exchange send` does with rows: write them again under the same header.
    #[test]
    fn rows_can_be_written_again_unchanged() {
        let text = format!(
            "{};;extra\r\n{};;\"a \"\"b\"\"\nc\"\r\n",
            HEADER.replace(',', ";"),
            GOOD.replace(',', ";")
        );
        let mut validator = Validator::new(Cursor::new(text.into_bytes()), options()).unwrap();
        let header = validator.header().clone();
        let mut out = csv::WriterBuilder::new()
            .delimiter(header.delimiter())
            .from_writer(Vec::new());
        out.write_record(header.record().iter()).unwrap();
        let mut rows = Vec::new();
        while let Some(row) = validator.next_row() {
            let row = row.unwrap();
            out.write_record(row.record.iter()).unwrap();
            rows.push(row.record.iter().map(<[u8]>::to_vec).collect::<Vec<_>>());
        }
        let written = out.into_inner().unwrap();
        let mut again = Validator::new(Cursor::new(written), options()).unwrap();
        assert_eq!(again.header().names(), header.names());
        let row = again.next_row().unwrap().unwrap();
        let fields: Vec<Vec<u8>> = row.record.iter().map(<[u8]>::to_vec).collect();
        assert_eq!(fields, rows[0]);
        assert_eq!(fields[12], b"a \"b\"\nc");
    }

    #[test]
    fn rows_keep_their_fields_and_facts() {
        let text = format!("{HEADER}\n{GOOD}\n{}\n", GOOD.replace("1970", "1970x"));
        let mut validator = Validator::new(Cursor::new(text.into_bytes()), options()).unwrap();
        assert_eq!(validator.header().position(Column::Nationality), Some(5));
        let row = validator.next_row().unwrap().unwrap();
        assert_eq!(row.record.get(1), Some("Müller".as_bytes()));
        assert_eq!(row.record.len(), 11);
        assert_eq!(
            (row.line, row.record_type, row.nationality, row.has_errors()),
            (2, Some(RecordType::Voter), Some(Country::DE), false)
        );
        let row = validator.next_row().unwrap().unwrap();
        assert!(row.has_errors());
        assert!(validator.next_row().is_none());
        assert_eq!(validator.finish().rows_with_errors, 1);
    }
}
