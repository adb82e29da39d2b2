//! The names of exchanged files: `BE-to-FR-2026-11-25-voters.p7m` says who sent it, for
//! whom, when, and what it holds, so that the receiver can check the sender. A file of a
//! test campaign says so after its date: `BE-to-FR-2026-11-25-test-voters.p7m`; a file
//! for a named election says which, after the destination:
//! `BE-to-FR-EP-2029-2026-11-25-voters.p7m`.

use std::fmt;

use serde::Serialize;
use time::Date;

use crate::cms::BoundRecordTypes;
use crate::country::Country;
use crate::data::{Election, parse_date};

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
    /// The election, when the file is for a named one.
    pub election: Option<Election>,
    pub date: Date,
    pub types: RecordTypes,
    /// A file of a test campaign (generated data, `test` in its name).
    pub test: bool,
}

/// What a test campaign's file has between its date and its record types.
const TEST_MARK: &str = "-test";

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
        // Read from the end: the election, itself written with hyphens, comes first.
        let (rest, types) = ["voters-candidates", "candidates", "voters"]
            .into_iter()
            .find_map(|types| Some((rest.strip_suffix(types)?.strip_suffix('-')?, types)))?;
        let (test, rest) = match rest.strip_suffix(TEST_MARK) {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let at = rest.len().checked_sub(10)?;
        let (election, date) = (rest.get(..at)?, rest.get(at..)?);
        let election = match election {
            "" => None,
            named => Some(Election::parse(named.strip_suffix('-')?)?),
        };
        Some(FileName {
            sender: Country::from_code(sender.as_bytes())?,
            destination: Country::from_code(destination.as_bytes())?,
            election,
            date: parse_date(date).ok()?,
            types: RecordTypes::parse(types)?,
            test,
        })
    }
}

impl fmt::Display for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-to-{}-", self.sender.code(), self.destination.code())?;
        if let Some(election) = self.election {
            write!(f, "{election}-")?;
        }
        let test = if self.test { TEST_MARK } else { "" };
        write!(f, "{}{test}-{}.p7m", self.date, self.types.as_str())
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
            election: None,
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
    fn names_with_an_election_read_back() {
        for (election, test, types, text) in [
            ("EP-2029", false, "voters", "EP-2029-2026-11-25-voters"),
            (
                "2029-06-07",
                false,
                "candidates",
                "2029-06-07-2026-11-25-candidates",
            ),
            (
                "voters",
                true,
                "voters-candidates",
                "voters-2026-11-25-test-voters-candidates",
            ),
            ("test", true, "voters", "test-2026-11-25-test-voters"),
            (
                "candidates",
                false,
                "voters",
                "candidates-2026-11-25-voters",
            ),
        ] {
            let name = FileName {
                sender: Country::BE,
                destination: Country::EL,
                election: Election::parse(election),
                date: date!(2026 - 11 - 25),
                types: RecordTypes::parse(types).unwrap(),
                test,
            };
            assert_eq!(name.to_string(), format!("BE-to-EL-{text}.p7m"));
            assert_eq!(FileName::parse(&name.to_string()), Some(name), "{text}");
        }
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
            "BE-to-FR-EP_2029-2026-11-25-voters.p7m",
            "BE-to-FR--2026-11-25-voters.p7m",
            "BE-to-FR-EP2026-11-25-voters.p7m",
            "BE-to-FR-2026-11-25voters.p7m",
            "BE-to-FR-2026-11-25test-voters.p7m",
        ] {
            assert_eq!(FileName::parse(name), None, "{name}");
        }
    }
}
