//! The names of exchanged files: `BE-to-FR-2026-11-25-voters.p7m` says who sent it, for
//! whom, when, and what it holds, so that the receiver can check the sender. A file of a
//! test campaign says so after its date: `BE-to-FR-2026-11-25-test-voters.p7m`.

use std::fmt;

use serde::Serialize;
use time::Date;

use crate::cms::BoundRecordTypes;
use crate::country::Country;
use crate::data::parse_date;

/// Which record types a file holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RecordTypes {
    pub voters: bool,
    pub candidates: bool,
}

impl RecordTypes {
    fn as_str(self) -> &'static str {
        match (self.voters, self.candidates) {
            (true, true) => "voters-candidates",
            (false, true) => "candidates",
            _ => "voters",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "voters" => Some(RecordTypes {
                voters: true,
                candidates: false,
            }),
            "candidates" => Some(RecordTypes {
                voters: false,
                candidates: true,
            }),
            "voters-candidates" => Some(RecordTypes {
                voters: true,
                candidates: true,
            }),
            _ => None,
        }
    }
}

impl From<RecordTypes> for BoundRecordTypes {
    fn from(types: RecordTypes) -> Self {
        match (types.voters, types.candidates) {
            (true, true) => BoundRecordTypes::VotersCandidates,
            (false, true) => BoundRecordTypes::Candidates,
            _ => BoundRecordTypes::Voters,
        }
    }
}

/// The parts of an exchanged file's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileName {
    pub sender: Country,
    pub destination: Country,
    pub date: Date,
    pub types: RecordTypes,
    /// A file of a test campaign (generated data, `test` in its name).
    pub test: bool,
}

/// What a test campaign's file has between its date and its record types.
const TEST_MARK: &str = "test-";

impl FileName {
    /// Reads a name written by [`FileName`]'s `Display`, its `.p7m` in any letter case
    /// (as some transfers write it); `None` for any other name.
    pub fn parse(name: &str) -> Option<FileName> {
        let at = name.len().checked_sub(".p7m".len())?;
        let stem = name
            .get(at..)
            .filter(|ext| ext.eq_ignore_ascii_case(".p7m"))
            .and(name.get(..at))?;
        let (sender, rest) = stem.split_once("-to-")?;
        let (destination, rest) = rest.split_once('-')?;
        let (date, types) = (rest.get(..10)?, rest.get(11..)?);
        if rest.as_bytes().get(10) != Some(&b'-') {
            return None;
        }
        let (test, types) = match types.strip_prefix(TEST_MARK) {
            Some(types) => (true, types),
            None => (false, types),
        };
        Some(FileName {
            sender: Country::from_code(sender.as_bytes())?,
            destination: Country::from_code(destination.as_bytes())?,
            date: parse_date(date).ok()?,
            types: RecordTypes::parse(types)?,
            test,
        })
    }
}

impl fmt::Display for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}-to-{}-{}-{}{}.p7m",
            self.sender.code(),
            self.destination.code(),
            self.date,
            if self.test { TEST_MARK } else { "" },
            self.types.as_str()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn names_read_back() {
        let name = FileName {
            sender: Country::from_code(b"BE").unwrap(),
            destination: Country::from_code(b"EL").unwrap(),
            date: date!(2026 - 11 - 25),
            types: RecordTypes {
                voters: true,
                candidates: true,
            },
            test: false,
        };
        assert_eq!(
            name.to_string(),
            "BE-to-EL-2026-11-25-voters-candidates.p7m"
        );
        assert_eq!(FileName::parse(&name.to_string()), Some(name));
        let upper = name.to_string().replace(".p7m", ".P7M");
        assert_eq!(FileName::parse(&upper), Some(name));
        let test = FileName { test: true, ..name };
        assert_eq!(
            test.to_string(),
            "BE-to-EL-2026-11-25-test-voters-candidates.p7m"
        );
        assert_eq!(FileName::parse(&test.to_string()), Some(test));
    }

    #[test]
    fn other_names_are_not_exchange_files() {
        for name in [
            "BE-to-FR-2026-11-25-voters.csv",
            "XX-to-FR-2026-11-25-voters.p7m",
            "BE-FR-2026-11-25-voters.p7m",
            "BE-to-FR-2026-13-25-voters.p7m",
            "BE-to-FR-2026-11-25-electors.p7m",
            "BE-to-FR-2026-11-25.p7m",
            ".p7m",
            "p7m",
            "BE-to-FR-2026-11-25-test.p7m",
            "BE-to-FR-2026-11-25-voters-test.p7m",
        ] {
            assert_eq!(FileName::parse(name), None, "{name}");
        }
    }
}
