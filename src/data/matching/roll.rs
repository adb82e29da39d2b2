//! The home state's roll, streamed row by row past the blocking index: never loaded,
//! never changed. Its delimiter is `,` or `;`, its columns those of `--columns`, its
//! dates `YYYY-MM-DD`, `DD/MM/YYYY`, `DD.MM.YYYY`, `DD-MM-YYYY` or `YYYYMMDD`.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use time::{Date, Month};

use super::MatchError;
use super::columns::{ColumnMap, Located, RollField};
use super::compare::{Assessed, Fit, Place, assess};
use super::index::{BlockingIndex, KeyScratch};
use super::person::{Kind, Person, Scratch, birth_surname};
use super::received::Received;
use crate::data::parse_date;
use crate::data::records::{Record, RecordReader};

/// The roll, its header checked against the mapping, ready to be streamed.
pub(crate) struct Roll {
    path: PathBuf,
    reader: RecordReader<BufReader<File>>,
    located: Located,
}

/// A roll entry that fits a received record.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub assessed: Assessed,
    pub line: u64,
    pub id: Box<str>,
}

/// What the roll gave each received record: the best fits (at most [`KEPT`]) and how
/// many fit in all.
#[derive(Clone, Debug, Default)]
pub(crate) struct Findings {
    pub found: Vec<Found>,
    pub certain: u32,
    pub probable: u32,
    /// Probable fits whose place of birth agrees, and those whose place differs.
    pub probable_place_agrees: u32,
    pub probable_place_differs: u32,
}

/// The most fits kept for one received record; more are counted.
pub(crate) const KEPT: usize = 8;

/// What reading the roll found beside the fits.
#[derive(Clone, Debug, Default)]
pub(crate) struct RollCounts {
    pub rows: u64,
    /// Rows without a usable surname, given name or date of birth: never compared.
    pub unreadable: u64,
    /// The first lines of those.
    pub unreadable_lines: Vec<u64>,
}

const UNREADABLE_LINES: usize = 20;

impl Roll {
    /// Opens the roll and finds the mapped columns in its header.
    pub(crate) fn open(path: &Path, columns: &ColumnMap) -> Result<Roll, MatchError> {
        let read_error = |source| MatchError::Read {
            path: path.to_owned(),
            source,
        };
        let file = File::open(path).map_err(read_error)?;
        let mut reader =
            RecordReader::new(BufReader::with_capacity(1 << 20, file)).map_err(read_error)?;
        let mut header = Record::default();
        let read = reader
            .read(&mut header)
            .map_err(|source| MatchError::Data {
                file: path.to_owned(),
                source,
            })?;
        if !read {
            return Err(MatchError::Empty {
                file: path.to_owned(),
            });
        }
        let names: Vec<String> = header
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        let located = columns.locate(path, names.iter().map(String::as_str))?;
        Ok(Roll {
            path: path.to_owned(),
            reader,
            located,
        })
    }

    /// Compares every row with the received records that the index gives for it;
    /// `progress` is told the bytes read every 65,536 rows.
    pub(crate) fn stream(
        mut self,
        received: &[Received],
        index: &BlockingIndex,
        findings: &mut [Findings],
        progress: &mut dyn FnMut(u64),
    ) -> Result<RollCounts, MatchError> {
        let mut counts = RollCounts::default();
        let mut record = Record::default();
        let mut entry = Entry::default();
        let mut candidates = Vec::new();
        let mut keys = KeyScratch::default();
        while self
            .reader
            .read(&mut record)
            .map_err(|source| MatchError::Data {
                file: self.path.clone(),
                source,
            })?
        {
            counts.rows += 1;
            if counts.rows.is_multiple_of(65_536) {
                progress(self.reader.bytes_read());
            }
            if !entry.read(&record, &self.located) {
                counts.unreadable += 1;
                if counts.unreadable_lines.len() < UNREADABLE_LINES {
                    counts.unreadable_lines.push(record.line());
                }
                continue;
            }
            index.candidates(&entry.person, &mut keys, &mut candidates);
            if candidates.is_empty() {
                continue;
            }
            entry.place_of_birth(&record, &self.located);
            for &i in &candidates {
                let Some(assessed) = assess(&received[i as usize].person, &entry.person) else {
                    continue;
                };
                let id = self
                    .located
                    .get(RollField::Id)
                    .and_then(|at| record.get(at))
                    .unwrap_or_default();
                findings[i as usize].add(Found {
                    assessed,
                    line: record.line(),
                    id: String::from_utf8_lossy(id).trim().into(),
                });
            }
        }
        Ok(counts)
    }
}

impl Findings {
    fn add(&mut self, found: Found) {
        match (found.assessed.fit, found.assessed.place) {
            (Fit::Certain, _) => self.certain += 1,
            (Fit::Probable, place) => {
                self.probable += 1;
                match place {
                    Place::Agrees => self.probable_place_agrees += 1,
                    Place::Differs => self.probable_place_differs += 1,
                    Place::Unknown => {}
                }
            }
        }
        let rank = |f: &Found| (f.assessed.fit, f.assessed.place, f.assessed.score);
        if self.found.len() == KEPT {
            let worst = (0..KEPT)
                .min_by(|&a, &b| {
                    rank(&self.found[a])
                        .partial_cmp(&rank(&self.found[b]))
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
                .unwrap_or(0);
            if rank(&found) > rank(&self.found[worst]) {
                self.found[worst] = found;
            }
            return;
        }
        self.found.push(found);
    }
}

/// One roll row, read into reused buffers.
struct Entry {
    person: Person,
    scratch: Scratch,
}

impl Default for Entry {
    fn default() -> Self {
        Entry {
            person: Person {
                surname: Default::default(),
                given_names: Default::default(),
                birth_surname: None,
                date_of_birth: Date::MIN,
                place_of_birth: Default::default(),
            },
            scratch: Scratch::default(),
        }
    }
}

impl Entry {
    /// Reads `record`; false when it has no surname, given name or date of birth.
    fn read(&mut self, record: &Record, located: &Located) -> bool {
        let field = |f: RollField| text_of(record, located, f);
        let (surname, given) = (field(RollField::Surname), field(RollField::GivenNames));
        let Some(date) = roll_date(field(RollField::DateOfBirth)) else {
            return false;
        };
        if surname.is_empty() || given.is_empty() {
            return false;
        }
        let person = &mut self.person;
        person.date_of_birth = date;
        person.surname.set(
            surname,
            field(RollField::SurnameOriginal),
            Kind::Surname,
            &mut self.scratch,
        );
        person.given_names.set(
            given,
            field(RollField::GivenNamesOriginal),
            Kind::GivenNames,
            &mut self.scratch,
        );
        birth_surname(
            field(RollField::BirthSurname),
            &mut self.scratch,
            &mut person.birth_surname,
        );
        if person.birth_surname.as_ref() == Some(&person.surname.latin) {
            person.birth_surname = None;
        }
        true
    }

    /// Reads the place of birth of `record`, once it has candidates: blocking does not
    /// need it, and most rows have none.
    fn place_of_birth(&mut self, record: &Record, located: &Located) {
        let place = text_of(record, located, RollField::PlaceOfBirth);
        (self.person.place_of_birth).set(place, "", Kind::GivenNames, &mut self.scratch);
    }
}

/// The mapped field `field` of `record`, trimmed; empty when absent or not UTF-8.
fn text_of<'r>(record: &'r Record, located: &Located, field: RollField) -> &'r str {
    located
        .get(field)
        .and_then(|at| record.get(at))
        .and_then(|b| std::str::from_utf8(b).ok())
        .map(str::trim)
        .unwrap_or_default()
}

/// A date of birth as registers write it.
fn roll_date(text: &str) -> Option<Date> {
    if let Ok(date) = parse_date(text) {
        return Some(date);
    }
    let b = text.as_bytes();
    let number = |r: std::ops::Range<usize>| -> Option<u32> {
        let digits = text.get(r)?;
        digits
            .bytes()
            .all(|d| d.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let (year, month, day) = match b.len() {
        10 if matches!(b[2], b'/' | b'.' | b'-') && b[5] == b[2] => {
            (number(6..10)?, number(3..5)?, number(0..2)?)
        }
        8 if b.iter().all(u8::is_ascii_digit) => (number(0..4)?, number(4..6)?, number(6..8)?),
        _ => return None,
    };
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn registers_write_dates_their_way() {
        for text in [
            "1980-03-07",
            "07/03/1980",
            "07.03.1980",
            "07-03-1980",
            "19800307",
        ] {
            assert_eq!(roll_date(text), Some(date!(1980 - 03 - 07)), "{text}");
        }
        for text in [
            "1980-02-30",
            "7/3/1980",
            "",
            "03/07/80",
            "1980/03/07",
            "+7/03/1980",
        ] {
            assert_eq!(roll_date(text), None, "{text}");
        }
    }
}
