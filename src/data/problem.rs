//! The problems that validation finds: which rule a file breaks, where, and with which
//! value, in words an official can act on.
//!
//! A problem is a finding about the file, not a failure of the tool: it never aborts
//! validation, and its message is made only when it is displayed.

use std::fmt;

use serde::{Serialize, Serializer};
use time::Date;

use crate::country::Country;

/// Values longer than this many characters are cut in problems (with `…`).
pub const MAX_VALUE_CHARS: usize = 200;

/// A rule of the schema (docs/contract.md section 6) that a file or a row can break.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// The file has no header row.
    EmptyFile,
    /// Bytes that are not UTF-8.
    Encoding,
    /// A required column is not in the header.
    MissingColumn,
    /// A column is named twice in the header.
    DuplicateColumn,
    /// The header names a column the schema does not have (a warning).
    UnknownColumn,
    /// A row has more or fewer fields than the header.
    FieldCount,
    /// A required value is empty.
    Required,
    /// A name contains a control character.
    ControlCharacter,
    /// A text value begins like a spreadsheet formula (`=`, `+`, `-`, `@`, tab or
    /// carriage return; a warning).
    FormulaLike,
    /// `record_type` is neither `voter` nor `candidate`.
    RecordType,
    /// A date is not written `YYYY-MM-DD`.
    DateFormat,
    /// A date written `YYYY-MM-DD` that does not exist.
    DateNotReal,
    /// A date of birth after today.
    DateInFuture,
    /// `resident_since` before the date of birth.
    ResidentBeforeBirth,
    /// Younger than the minimum age on the election date.
    UnderAge,
    /// Not the code of an EU Member State as the EU writes it.
    CountryCode,
    /// The residence country is the nationality.
    SameCountry,
    /// The same person (normalised surname, given names, date of birth, nationality)
    /// twice.
    DuplicatePerson,
    /// A row with an `action` and no `record_id`.
    RecordIdRequired,
    /// The same `record_id` twice in one file.
    DuplicateRecordId,
    /// `action` is neither `add`, `withdraw` nor `correct`.
    Action,
    /// A further nationality that is the nationality, the residence country, or
    /// listed twice.
    OtherNationality,
    /// A declaration that is neither `yes` nor `no`.
    Declaration,
    /// A candidate without a declaration (a warning, an error with
    /// `--strict-declarations`).
    DeclarationMissing,
    /// A candidate who declares `no` (a warning, an error with
    /// `--strict-declarations`).
    DeclarationNo,
    /// `election` is not an election identifier.
    ElectionFormat,
    /// `election` differs from an earlier row's.
    ElectionMixed,
    /// `election` is not the election given with `--election`.
    ElectionOther,
}

impl Rule {
    /// Every rule, in a fixed order.
    pub const ALL: [Rule; 28] = [
        Rule::EmptyFile,
        Rule::Encoding,
        Rule::MissingColumn,
        Rule::DuplicateColumn,
        Rule::UnknownColumn,
        Rule::FieldCount,
        Rule::Required,
        Rule::ControlCharacter,
        Rule::FormulaLike,
        Rule::RecordType,
        Rule::DateFormat,
        Rule::DateNotReal,
        Rule::DateInFuture,
        Rule::ResidentBeforeBirth,
        Rule::UnderAge,
        Rule::CountryCode,
        Rule::SameCountry,
        Rule::DuplicatePerson,
        Rule::RecordIdRequired,
        Rule::DuplicateRecordId,
        Rule::Action,
        Rule::OtherNationality,
        Rule::Declaration,
        Rule::DeclarationMissing,
        Rule::DeclarationNo,
        Rule::ElectionFormat,
        Rule::ElectionMixed,
        Rule::ElectionOther,
    ];

    /// The rule's name in reports (`date_not_real`).
    pub fn name(self) -> &'static str {
        match self {
            Rule::EmptyFile => "empty_file",
            Rule::Encoding => "encoding",
            Rule::MissingColumn => "missing_column",
            Rule::DuplicateColumn => "duplicate_column",
            Rule::UnknownColumn => "unknown_column",
            Rule::FieldCount => "field_count",
            Rule::Required => "required",
            Rule::ControlCharacter => "control_character",
            Rule::FormulaLike => "formula_like",
            Rule::RecordType => "record_type",
            Rule::DateFormat => "date_format",
            Rule::DateNotReal => "date_not_real",
            Rule::DateInFuture => "date_in_future",
            Rule::ResidentBeforeBirth => "resident_before_birth",
            Rule::UnderAge => "under_age",
            Rule::CountryCode => "country_code",
            Rule::SameCountry => "same_country",
            Rule::DuplicatePerson => "duplicate_person",
            Rule::RecordIdRequired => "record_id_required",
            Rule::DuplicateRecordId => "duplicate_record_id",
            Rule::Action => "action",
            Rule::OtherNationality => "other_nationality",
            Rule::Declaration => "declaration",
            Rule::DeclarationMissing => "declaration_missing",
            Rule::DeclarationNo => "declaration_no",
            Rule::ElectionFormat => "election_format",
            Rule::ElectionMixed => "election_mixed",
            Rule::ElectionOther => "election_other",
        }
    }

    /// Whether breaking the rule makes the file invalid, unless told otherwise (the
    /// declarations are errors with `--strict-declarations`).
    pub fn severity(self) -> Severity {
        match self {
            Rule::UnknownColumn
            | Rule::FormulaLike
            | Rule::DeclarationMissing
            | Rule::DeclarationNo => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Position in [`Rule::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a problem makes the file invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// What a problem needs beyond its place and value to be explained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Detail {
    /// Where the bytes that are not UTF-8 start, counted from the start of the file.
    ByteOffset { byte_offset: u64 },
    /// The line where the same person appeared first.
    FirstLine { first_line: u64 },
    /// The field where a duplicated column appeared first (from 1).
    FirstField { first_field: usize },
    /// How many fields a row has, and how many the header has.
    FieldCount { fields: usize, expected: usize },
    /// The date a date of birth is after.
    Today {
        #[serde(serialize_with = "as_text")]
        today: Date,
    },
    /// What a further nationality clashes with.
    Clash { clash: Clash },
    /// The election of the file's first row that names one.
    FirstElection {
        first_line: u64,
        first_election: String,
    },
    /// The election that `--election` gives.
    Expected { expected_election: String },
    /// The date of birth that `resident_since` is before.
    Birth {
        #[serde(serialize_with = "as_text")]
        date_of_birth: Date,
    },
    /// The age on the election date, and the minimum.
    Age {
        age: i32,
        min_age: u8,
        #[serde(serialize_with = "as_text")]
        election_date: Date,
    },
}

/// Why a code of `other_nationalities` cannot be a further nationality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clash {
    Nationality,
    ResidenceCountry,
    Repeated,
}

fn as_text<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

/// One problem in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub rule: Rule,
    /// The physical line (from 1) where the row starts; 1 for the header.
    pub line: u64,
    /// The field's position in the row (from 1), where the problem is in one field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<usize>,
    /// The column's name: the schema's name, or the header's for an unknown column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The value, cut after [`MAX_VALUE_CHARS`] characters; bytes that are not UTF-8
    /// are shown as U+FFFD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(flatten)]
    pub detail: Option<Detail>,
}

impl Problem {
    /// A problem with the rule's severity, at a line, and nothing else yet.
    pub(crate) fn new(rule: Rule, line: u64) -> Problem {
        Problem {
            severity: rule.severity(),
            rule,
            line,
            field: None,
            column: None,
            value: None,
            detail: None,
        }
    }

    /// The field (from 0 in the record) and its column name.
    pub(crate) fn at(mut self, index: usize, column: &str) -> Problem {
        self.field = Some(index + 1);
        self.column = Some(column.to_owned());
        self
    }

    pub(crate) fn value(mut self, value: &str) -> Problem {
        self.value = Some(clip(value));
        self
    }

    pub(crate) fn detail(mut self, detail: Detail) -> Problem {
        self.detail = Some(detail);
        self
    }

    pub(crate) fn severity(mut self, severity: Severity) -> Problem {
        self.severity = severity;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `value` cut after [`MAX_VALUE_CHARS`] characters.
fn clip(value: &str) -> String {
    match value.char_indices().nth(MAX_VALUE_CHARS) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_owned(),
    }
}

/// The value as shown in a message: quoted, with control characters escaped.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("'")?;
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        f.write_str("'")
    }
}

/// `line 5, column date_of_birth: '2023-02-30' is not a real date [date_not_real]`
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        match (&self.column, self.field) {
            (Some(column), _) if !column.is_empty() => write!(f, ", column {column}")?,
            (_, Some(field)) => write!(f, ", field {field}")?,
            _ => {}
        }
        f.write_str(": ")?;
        let value = Shown(self.value.as_deref().unwrap_or(""));
        let column = self.column.as_deref().unwrap_or("");
        let field = self.field.unwrap_or(0);
        match (self.rule, &self.detail) {
            (Rule::EmptyFile, _) => f.write_str(
                "the file is empty; a data file starts with a header row such as \
                 record_type,surname,given_names,date_of_birth,...",
            )?,
            (Rule::Encoding, Some(Detail::ByteOffset { byte_offset })) => write!(
                f,
                "bytes that are not UTF-8 at byte offset {byte_offset}; save the file as UTF-8"
            )?,
            (Rule::MissingColumn, _) => write!(
                f,
                "the required column {column} is not in the header; add it"
            )?,
            (Rule::DuplicateColumn, Some(Detail::FirstField { first_field })) => write!(
                f,
                "the header names this column twice (fields {first_field} and {field}); \
                 keep one"
            )?,
            (Rule::UnknownColumn, _) => write!(
                f,
                "not a column of the schema (field {field} of the header); it is not checked"
            )?,
            (Rule::FieldCount, Some(Detail::FieldCount { fields, expected })) => write!(
                f,
                "the row has {fields} fields where the header has {expected}; \
                 check the delimiters and quotes"
            )?,
            (Rule::Required, _) => f.write_str("the value is empty; the column is required")?,
            (Rule::ControlCharacter, _) => write!(f, "{value} contains a control character")?,
            (Rule::FormulaLike, _) => write!(
                f,
                "{value} begins like a spreadsheet formula; check the value, and open the \
                 file in a spreadsheet only as text"
            )?,
            (Rule::RecordType, _) => {
                write!(f, "{value} is not a record type; write voter or candidate")?
            }
            (Rule::DateFormat, _) => {
                write!(f, "{value} is not a date written YYYY-MM-DD")?;
            }
            (Rule::DateNotReal, _) => write!(f, "{value} is not a real date")?,
            (Rule::DateInFuture, Some(Detail::Today { today })) => {
                write!(f, "{value} is in the future (today is {today})")?
            }
            (Rule::ResidentBeforeBirth, Some(Detail::Birth { date_of_birth })) => write!(
                f,
                "{value} is before the date of birth {date_of_birth}; a person resides \
                 somewhere from birth at the earliest"
            )?,
            (
                Rule::UnderAge,
                Some(Detail::Age {
                    age,
                    min_age,
                    election_date,
                }),
            ) => write!(
                f,
                "born {value}, the person is {age} on the election date {election_date}, \
                 under the minimum age of {min_age}"
            )?,
            (Rule::CountryCode, _) => {
                write!(f, "{value} is not the code of an EU Member State")?;
                let upper = self
                    .value
                    .as_deref()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_uppercase();
                if upper == "GR" {
                    f.write_str("; the EU writes EL for Greece")?;
                } else if let Some(country) = Country::from_code(upper.as_bytes()) {
                    write!(f, "; write {country}")?;
                } else {
                    f.write_str(" (AT, BE, BG, ... SK; EL for Greece)")?;
                }
            }
            (Rule::SameCountry, _) => write!(
                f,
                "{value} is also the nationality; the residence country must be another \
                 Member State"
            )?,
            (Rule::DuplicatePerson, Some(Detail::FirstLine { first_line })) => write!(
                f,
                "the same person as on line {first_line} (surname, given names, date of \
                 birth and nationality)"
            )?,
            (Rule::RecordIdRequired, _) => f.write_str(
                "the row has an action but no record_id; give every record of a file with \
                 actions its record_id",
            )?,
            (Rule::DuplicateRecordId, Some(Detail::FirstLine { first_line })) => write!(
                f,
                "{value} is the record_id of line {first_line} too; a record_id is unique in a \
                 file"
            )?,
            (Rule::Action, _) => write!(
                f,
                "{value} is not an action; write add, withdraw or correct"
            )?,
            (Rule::OtherNationality, Some(Detail::Clash { clash })) => {
                write!(f, "{value} ")?;
                f.write_str(match clash {
                    Clash::Nationality => "is the nationality; list only further ones",
                    Clash::ResidenceCountry => {
                        "is the residence country; a resident's further nationalities are \
                         other Member States"
                    }
                    Clash::Repeated => "is listed twice; list each nationality once",
                })?
            }
            (Rule::Declaration, _) => write!(f, "{value} is not a declaration; write yes or no")?,
            (Rule::DeclarationMissing, _) => write!(
                f,
                "a candidate without the declaration {column}; ask for it and write yes or no"
            )?,
            (Rule::DeclarationNo, _) => write!(
                f,
                "the candidate does not declare {column}; check the candidacy before sending"
            )?,
            (Rule::ElectionFormat, _) => write!(
                f,
                "{value} is not an election identifier: 1 to 32 letters, digits and hyphens, \
                 such as EP-2029"
            )?,
            (
                Rule::ElectionMixed,
                Some(Detail::FirstElection {
                    first_line,
                    first_election,
                }),
            ) => write!(
                f,
                "{value} is not the election of line {first_line} ({}); a file holds one \
                 election",
                Shown(first_election)
            )?,
            (Rule::ElectionOther, Some(Detail::Expected { expected_election })) => write!(
                f,
                "{value} is another election than {}, the one given; this file is not for \
                 this election",
                Shown(expected_election)
            )?,
            (rule, _) => write!(f, "breaks rule {rule}")?,
        }
        write!(f, " [{}]", self.rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_cut_and_escaped() {
        let long = "é".repeat(MAX_VALUE_CHARS + 5);
        let problem = Problem::new(Rule::Required, 3).value(&long);
        assert_eq!(
            problem.value.as_deref().unwrap().chars().count(),
            MAX_VALUE_CHARS + 1
        );
        let problem = Problem::new(Rule::ControlCharacter, 4)
            .at(1, "surname")
            .value("Ann\ta");
        assert_eq!(
            problem.to_string(),
            "line 4, column surname: 'Ann\\ta' contains a control character [control_character]"
        );
    }

    #[test]
    fn a_nameless_column_is_shown_by_position() {
        let problem = Problem::new(Rule::UnknownColumn, 1).at(11, "");
        assert_eq!(
            problem.to_string(),
            "line 1, field 12: not a column of the schema (field 12 of the header); it is not \
             checked [unknown_column]"
        );
    }

    #[test]
    fn country_messages_give_a_hint() {
        let message = |value: &str| {
            Problem::new(Rule::CountryCode, 2)
                .at(5, "nationality")
                .value(value)
                .to_string()
        };
        assert!(message("GR").contains("the EU writes EL for Greece"));
        assert!(message("de").contains("write DE"));
        assert!(message("GB").contains("(AT, BE"));
    }

    #[test]
    fn rules_are_listed_in_their_order() {
        for rule in Rule::ALL {
            assert_eq!(Rule::ALL[rule.index()], rule);
        }
        assert_eq!(Rule::UnknownColumn.severity(), Severity::Warning);
        assert_eq!(Rule::FormulaLike.severity(), Severity::Warning);
        assert_eq!(Rule::DuplicatePerson.severity(), Severity::Error);
    }

    #[test]
    fn problems_serialise_flat() {
        let problem =
            Problem::new(Rule::DuplicatePerson, 9).detail(Detail::FirstLine { first_line: 4 });
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "severity": "error", "rule": "duplicate_person", "line": 9, "first_line": 4
            })
        );
    }
}
