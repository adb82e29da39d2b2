//! The exchange schema (PRODUCT.md section 5): its columns, record types, the codes of
//! the EU Member States as the EU writes them, and dates.
//!
//! Pure definitions and parsing: this module never reads a file and never decides what
//! a problem is called; `validate` does that.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};
use time::{Date, Month};

use super::DataError;

/// A Member State of the European Union, by the code the EU uses: ISO 3166-1 alpha-2,
/// except `EL` for Greece.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Country {
    AT,
    BE,
    BG,
    CY,
    CZ,
    DE,
    DK,
    EE,
    EL,
    ES,
    FI,
    FR,
    HR,
    HU,
    IE,
    IT,
    LT,
    LU,
    LV,
    MT,
    NL,
    PL,
    PT,
    RO,
    SE,
    SI,
    SK,
}

impl Country {
    /// The 27 Member States, in the order of their codes.
    pub const ALL: [Country; 27] = [
        Country::AT,
        Country::BE,
        Country::BG,
        Country::CY,
        Country::CZ,
        Country::DE,
        Country::DK,
        Country::EE,
        Country::EL,
        Country::ES,
        Country::FI,
        Country::FR,
        Country::HR,
        Country::HU,
        Country::IE,
        Country::IT,
        Country::LT,
        Country::LU,
        Country::LV,
        Country::MT,
        Country::NL,
        Country::PL,
        Country::PT,
        Country::RO,
        Country::SE,
        Country::SI,
        Country::SK,
    ];

    /// The two-letter code, as written in data files.
    pub fn code(self) -> &'static str {
        const CODES: [&str; 27] = [
            "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU",
            "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
        ];
        CODES[self.index()]
    }

    /// The Member State whose code is exactly `code` (upper case, `EL` for Greece).
    pub fn from_code(code: &[u8]) -> Option<Country> {
        use Country::*;
        Some(match code {
            b"AT" => AT,
            b"BE" => BE,
            b"BG" => BG,
            b"CY" => CY,
            b"CZ" => CZ,
            b"DE" => DE,
            b"DK" => DK,
            b"EE" => EE,
            b"EL" => EL,
            b"ES" => ES,
            b"FI" => FI,
            b"FR" => FR,
            b"HR" => HR,
            b"HU" => HU,
            b"IE" => IE,
            b"IT" => IT,
            b"LT" => LT,
            b"LU" => LU,
            b"LV" => LV,
            b"MT" => MT,
            b"NL" => NL,
            b"PL" => PL,
            b"PT" => PT,
            b"RO" => RO,
            b"SE" => SE,
            b"SI" => SI,
            b"SK" => SK,
            _ => return None,
        })
    }

    /// Position in [`Country::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl FromStr for Country {
    type Err = DataError;

    /// Accepts a code in either case; `GR` is refused with the hint to write `EL`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Country::from_code(text.trim().to_ascii_uppercase().as_bytes()).ok_or_else(|| {
            DataError::BadCountry {
                value: text.to_owned(),
            }
        })
    }
}

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
    fn country_codes_are_the_eu_ones() {
        assert_eq!(Country::from_code(b"EL"), Some(Country::EL));
        assert_eq!(Country::from_code(b"GR"), None);
        assert_eq!(Country::from_code(b"de"), None);
        assert_eq!(Country::from_code(b"GB"), None);
        assert_eq!(Country::from_code(b"DEU"), None);
        for c in Country::ALL {
            assert_eq!(Country::from_code(c.code().as_bytes()), Some(c));
            assert_eq!(Country::ALL[c.index()], c);
        }
    }

    #[test]
    fn country_arguments_accept_either_case_but_not_gr() {
        assert_eq!("de".parse::<Country>().unwrap(), Country::DE);
        assert_eq!(" EL ".parse::<Country>().unwrap(), Country::EL);
        let error = "GR".parse::<Country>().unwrap_err().to_string();
        assert!(error.contains("EL"), "{error}");
    }

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
