//! The exchange schema (docs/contract.md section 6): its columns, record types and
//! dates; the Member States are [`crate::country::Country`].
//!
//! Pure definitions and parsing: this module never reads a file and never decides what
//! a problem is called; `validate` does that.

use std::fmt;

use serde::Serialize;
use time::{Date, Month};

/// What a row records: a voter or a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordType {
    Voter,
    Candidate,
}

impl RecordType {
    /// The record type written exactly as the schema spells it.
    pub fn parse(value: &str) -> Option<RecordType> {
        match value {
            "voter" => Some(RecordType::Voter),
            "candidate" => Some(RecordType::Candidate),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::Voter => "voter",
            RecordType::Candidate => "candidate",
        }
    }
}

/// What a row asks of the home state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// A person newly on the residence state's roll (the default).
    Add,
    /// The person left the residence state's roll; the home state may restore them.
    Withdraw,
    /// Replaces the earlier record with the same `record_id`.
    Correct,
}

impl Action {
    /// The action written exactly as the schema spells it.
    pub fn parse(value: &str) -> Option<Action> {
        match value {
            "add" => Some(Action::Add),
            "withdraw" => Some(Action::Withdraw),
            "correct" => Some(Action::Correct),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Add => "add",
            Action::Withdraw => "withdraw",
            Action::Correct => "correct",
        }
    }
}

/// A candidate's answer to a declaration of Article 10 of the Directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Declaration {
    Yes,
    No,
}

impl Declaration {
    pub fn parse(value: &str) -> Option<Declaration> {
        match value {
            "yes" => Some(Declaration::Yes),
            "no" => Some(Declaration::No),
            _ => None,
        }
    }
}

/// The identifier of an election (`EP-2029`): 1 to [`Election::MAX_LEN`] ASCII letters,
/// digits and hyphens, beginning with a letter or digit, so that it can stand in a file
/// name as it is. Compared exactly.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Election {
    bytes: [u8; Election::MAX_LEN],
    len: u8,
}

impl Election {
    pub const MAX_LEN: usize = 32;

    pub fn parse(text: &str) -> Option<Election> {
        let b = text.as_bytes();
        let allowed = |c: &u8| c.is_ascii_alphanumeric() || *c == b'-';
        if b.is_empty()
            || b.len() > Election::MAX_LEN
            || !b[0].is_ascii_alphanumeric()
            || !b.iter().all(allowed)
        {
            return None;
        }
        let mut bytes = [0; Election::MAX_LEN];
        bytes[..b.len()].copy_from_slice(b);
        Some(Election {
            bytes,
            len: b.len() as u8,
        })
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored (see `parse`).
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl fmt::Display for Election {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Election {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Election({})", self.as_str())
    }
}

impl Serialize for Election {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::str::FromStr for Election {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Election::parse(text).ok_or_else(|| {
            format!(
                "'{}' is not an election identifier: 1 to {} letters, digits and hyphens, \
                 such as EP-2029",
                text.escape_default(),
                Election::MAX_LEN
            )
        })
    }
}

/// A column of the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    RecordType,
    Surname,
    GivenNames,
    DateOfBirth,
    PlaceOfBirth,
    Nationality,
    ResidenceCountry,
    ResidenceAddress,
    HomeLocality,
    HomeAddress,
    RegistrationDate,
    RecordId,
    Action,
    OtherNationalities,
    ResidentSince,
    SurnameOriginal,
    GivenNamesOriginal,
    BirthSurname,
    DeclarationNotStandingElsewhere,
    DeclarationNotDeprived,
    Election,
}

impl Column {
    /// Every column, in the order the schema lists them.
    pub const ALL: [Column; 21] = [
        Column::RecordType,
        Column::Surname,
        Column::GivenNames,
        Column::DateOfBirth,
        Column::PlaceOfBirth,
        Column::Nationality,
        Column::ResidenceCountry,
        Column::ResidenceAddress,
        Column::HomeLocality,
        Column::HomeAddress,
        Column::RegistrationDate,
        Column::RecordId,
        Column::Action,
        Column::OtherNationalities,
        Column::ResidentSince,
        Column::SurnameOriginal,
        Column::GivenNamesOriginal,
        Column::BirthSurname,
        Column::DeclarationNotStandingElsewhere,
        Column::DeclarationNotDeprived,
        Column::Election,
    ];

    /// The column name as the schema writes it.
    pub fn name(self) -> &'static str {
        match self {
            Column::RecordType => "record_type",
            Column::Surname => "surname",
            Column::GivenNames => "given_names",
            Column::DateOfBirth => "date_of_birth",
            Column::PlaceOfBirth => "place_of_birth",
            Column::Nationality => "nationality",
            Column::ResidenceCountry => "residence_country",
            Column::ResidenceAddress => "residence_address",
            Column::HomeLocality => "home_locality",
            Column::HomeAddress => "home_address",
            Column::RegistrationDate => "registration_date",
            Column::RecordId => "record_id",
            Column::Action => "action",
            Column::OtherNationalities => "other_nationalities",
            Column::ResidentSince => "resident_since",
            Column::SurnameOriginal => "surname_original",
            Column::GivenNamesOriginal => "given_names_original",
            Column::BirthSurname => "birth_surname",
            Column::DeclarationNotStandingElsewhere => "declaration_not_standing_elsewhere",
            Column::DeclarationNotDeprived => "declaration_not_deprived",
            Column::Election => "election",
        }
    }

    /// Whether every file must have this column, with a value in every row.
    pub fn is_required(self) -> bool {
        matches!(
            self,
            Column::RecordType
                | Column::Surname
                | Column::GivenNames
                | Column::DateOfBirth
                | Column::PlaceOfBirth
                | Column::Nationality
                | Column::ResidenceCountry
                | Column::ResidenceAddress
        )
    }

    /// The column a header names, ignoring case and surrounding white space.
    pub fn from_header(name: &str) -> Option<Column> {
        let name = name.trim();
        Column::ALL
            .iter()
            .copied()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }

    /// Position in [`Column::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a text is not a date of the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not written as `YYYY-MM-DD`.
    Format,
    /// Written so, but no such day exists (`2023-02-30`).
    NotReal,
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateError::Format);
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Err(DateError::Format);
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or(DateError::NotReal)?;
    let year = i32::try_from(year).map_err(|_| DateError::Format)?;
    let day = u8::try_from(day).map_err(|_| DateError::NotReal)?;
    Date::from_calendar_date(year, month, day).map_err(|_| DateError::NotReal)
}

/// Age in whole years on `day` of a person born on `birth`. Someone born on 29 February
/// turns a year older on 1 March in other years.
pub fn age_on(birth: Date, day: Date) -> i32 {
    let before_birthday = (day.month() as u8, day.day()) < (birth.month() as u8, birth.day());
    day.year() - birth.year() - i32::from(before_birthday)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn columns_are_found_whatever_the_case() {
        assert_eq!(
            Column::from_header(" Date_Of_Birth "),
            Some(Column::DateOfBirth)
        );
        assert_eq!(Column::from_header("SURNAME"), Some(Column::Surname));
        assert_eq!(Column::from_header("dob"), None);
        assert!(Column::Nationality.is_required());
        assert!(!Column::HomeAddress.is_required());
        for c in Column::ALL {
            assert_eq!(Column::ALL[c.index()], c);
        }
    }

    #[test]
    fn only_the_first_eight_columns_are_required() {
        let required: Vec<Column> = Column::ALL
            .into_iter()
            .filter(|c| c.is_required())
            .collect();
        assert_eq!(required, Column::ALL[..8]);
        assert_eq!(
            Column::from_header("Other_Nationalities"),
            Some(Column::OtherNationalities)
        );
    }

    #[test]
    fn actions_and_declarations_are_exact() {
        assert_eq!(Action::parse("withdraw"), Some(Action::Withdraw));
        assert_eq!(Action::parse("correct"), Some(Action::Correct));
        assert_eq!(Action::parse("add"), Some(Action::Add));
        assert_eq!(Action::parse("Add"), None);
        assert_eq!(Action::parse("delete"), None);
        assert_eq!(Declaration::parse("yes"), Some(Declaration::Yes));
        assert_eq!(Declaration::parse("no"), Some(Declaration::No));
        assert_eq!(Declaration::parse("Y"), None);
    }

    #[test]
    fn elections_are_short_file_name_safe_identifiers() {
        for good in ["EP-2029", "ep2024", "2029", "EP-2029-FR-municipal"] {
            assert_eq!(Election::parse(good).unwrap().as_str(), good);
        }
        for bad in [
            "",
            "-EP",
            "EP 2029",
            "EP_2029",
            "EP/2029",
            "ΕΚ-2029",
            &"E".repeat(33),
        ] {
            assert_eq!(Election::parse(bad), None, "{bad}");
        }
        assert_eq!(Election::parse(&"E".repeat(32)).unwrap().as_str().len(), 32);
        assert!(
            "EP 2029"
                .parse::<Election>()
                .unwrap_err()
                .contains("such as EP-2029")
        );
    }

    #[test]
    fn record_types_are_exact() {
        assert_eq!(RecordType::parse("voter"), Some(RecordType::Voter));
        assert_eq!(RecordType::parse("candidate"), Some(RecordType::Candidate));
        assert_eq!(RecordType::parse("Voter"), None);
        assert_eq!(RecordType::parse("elector"), None);
    }

    #[test]
    fn dates_must_be_real_and_written_yyyy_mm_dd() {
        assert_eq!(parse_date("2024-02-29"), Ok(date!(2024 - 02 - 29)));
        assert_eq!(parse_date("2023-02-29"), Err(DateError::NotReal));
        assert_eq!(parse_date("2023-13-01"), Err(DateError::NotReal));
        assert_eq!(parse_date("2023-00-10"), Err(DateError::NotReal));
        assert_eq!(parse_date("2023-04-31"), Err(DateError::NotReal));
        assert_eq!(parse_date("2023-4-1"), Err(DateError::Format));
        assert_eq!(parse_date("01/04/2023"), Err(DateError::Format));
        assert_eq!(parse_date("2023-04-01 "), Err(DateError::Format));
        assert_eq!(parse_date("２０２３-04-01"), Err(DateError::Format));
        assert_eq!(parse_date(""), Err(DateError::Format));
    }

    #[test]
    fn age_counts_whole_years() {
        let birth = date!(2008 - 05 - 20);
        assert_eq!(age_on(birth, date!(2024 - 05 - 19)), 15);
        assert_eq!(age_on(birth, date!(2024 - 05 - 20)), 16);
        let leap = date!(2008 - 02 - 29);
        assert_eq!(age_on(leap, date!(2025 - 02 - 28)), 16);
        assert_eq!(age_on(leap, date!(2025 - 03 - 01)), 17);
    }
}
