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
}

impl Column {
    /// Every column, in the order the schema lists them.
    pub const ALL: [Column; 11] = [
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
        }
    }

    /// Whether every file must have this column, with a value in every row.
    pub fn is_required(self) -> bool {
        !matches!(
            self,
            Column::HomeLocality | Column::HomeAddress | Column::RegistrationDate
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
