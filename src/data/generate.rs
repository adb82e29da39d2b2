//! Realistic voter/candidate files for tests, demonstrations and benchmarks: names in
//! the spelling and script of every Member State, one residence country per file (the
//! sending state), nationalities drawn from the others (a few dual nationals), voters
//! and some candidates with their declarations, a record id and an action on every
//! row, and on request a given number of rows that each break exactly one rule.
//!
//! The same options (seed included) and the same day give the same file. Never
//! describes real persons: names, places and streets are drawn independently.

use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, DefaultHasher};
use std::io::Write;

use time::{Date, Duration};

use super::DataError;
use super::names::{Nationals, nationals};
use super::normalise::{Person, PersonIndex};
use super::schema::{Column, Election, RecordType};
use crate::country::Country;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratorOptions {
    pub rows: u64,
    pub seed: u64,
    /// The residence country of every row: the state that sends the file.
    pub residence: Country,
    /// The nationalities to draw from; empty for every Member State but the residence
    /// country.
    pub nationalities: Vec<Country>,
    /// How many rows break one rule each, spread evenly through the file.
    pub invalid_rows: u64,
    /// The day the invalid rows' dates are relative to (under age, in the future).
    pub today: Date,
    /// The election written on every row, if any.
    pub election: Option<Election>,
}

impl GeneratorOptions {
    /// `rows` valid rows of residents of `residence`, with seed 1.
    pub fn new(rows: u64, residence: Country, today: Date) -> Self {
        GeneratorOptions {
            rows,
            seed: 1,
            residence,
            nationalities: Vec::new(),
            invalid_rows: 0,
            today,
            election: None,
        }
    }
}

/// What was generated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Generated {
    pub rows: u64,
    pub voters: u64,
    pub candidates: u64,
    pub invalid_rows: u64,
}

/// Writes a header and `options.rows` rows to `out`, comma-separated, in the schema's
/// column order.
pub fn generate<W: Write>(out: W, options: &GeneratorOptions) -> Result<Generated, DataError> {
    let nationalities = nationalities(options)?;
    if options.invalid_rows > options.rows {
        return Err(DataError::TooManyInvalidRows {
            invalid: options.invalid_rows,
            rows: options.rows,
        });
    }
    let write_error = |e: csv::Error| DataError::Write(e.into());
    let mut writer = csv::Writer::from_writer(out);
    writer
        .write_record(Column::ALL.map(Column::name))
        .map_err(write_error)?;
    let mut generator = Generator {
        rng: SplitMix64(options.seed),
        options,
        nationalities,
        persons: PersonIndex::new(BuildHasherDefault::default()),
        row: Fields::default(),
        last: None,
    };
    let mut generated = Generated::default();
    for index in 0..options.rows {
        let defect = is_invalid(index, options.invalid_rows, options.rows)
            .then(|| DEFECTS[(generated.invalid_rows % DEFECTS.len() as u64) as usize]);
        generator.next_row(index, defect);
        writer
            .write_record(generator.row.as_array())
            .map_err(write_error)?;
        generated.rows += 1;
        generated.invalid_rows += u64::from(defect.is_some());
        match RecordType::parse(generator.row.record_type) {
            Some(RecordType::Voter) => generated.voters += 1,
            Some(RecordType::Candidate) => generated.candidates += 1,
            None => {}
        }
    }
    writer.flush().map_err(DataError::Write)?;
    Ok(generated)
}

/// The nationalities to draw from: the given ones but the residence country.
fn nationalities(options: &GeneratorOptions) -> Result<Vec<Country>, DataError> {
    let given: &[Country] = if options.nationalities.is_empty() {
        &Country::ALL
    } else {
        &options.nationalities
    };
    let mut chosen: Vec<Country> = given
        .iter()
        .copied()
        .filter(|&c| c != options.residence)
        .collect();
    chosen.sort();
    chosen.dedup();
    if chosen.is_empty() {
        return Err(DataError::NoNationality {
            residence: options.residence,
        });
    }
    Ok(chosen)
}

/// Whether row `index` is one of `invalid` rows spread evenly over `rows`.
fn is_invalid(index: u64, invalid: u64, rows: u64) -> bool {
    let before = |i: u64| u128::from(i) * u128::from(invalid) / u128::from(rows);
    before(index + 1) > before(index)
}

/// How an invalid row breaks its one rule, in the order they are used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Defect {
    RecordType,
    EmptySurname,
    ControlCharacter,
    DateFormat,
    DateNotReal,
    DateInFuture,
    UnderAge,
    GreekCode,
    SameCountry,
    EmptyPlaceOfBirth,
    EmptyResidenceAddress,
    RegistrationDateNotReal,
    Duplicate,
    DuplicateRecordId,
    Action,
    OtherNationalityIsNationality,
    ResidentSinceInFuture,
}

const DEFECTS: [Defect; 17] = [
    Defect::RecordType,
    Defect::EmptySurname,
    Defect::ControlCharacter,
    Defect::DateFormat,
    Defect::DateNotReal,
    Defect::DateInFuture,
    Defect::UnderAge,
    Defect::GreekCode,
    Defect::SameCountry,
    Defect::EmptyPlaceOfBirth,
    Defect::EmptyResidenceAddress,
    Defect::RegistrationDateNotReal,
    Defect::Duplicate,
    Defect::DuplicateRecordId,
    Defect::Action,
    Defect::OtherNationalityIsNationality,
    Defect::ResidentSinceInFuture,
];

/// The fields of one row, reused from row to row.
#[derive(Clone, Debug, Default)]
struct Fields {
    record_type: &'static str,
    surname: String,
    given_names: String,
    date_of_birth: String,
    place_of_birth: String,
    nationality: String,
    residence_country: String,
    residence_address: String,
    home_locality: String,
    home_address: String,
    registration_date: String,
    record_id: String,
    action: &'static str,
    other_nationalities: String,
    resident_since: String,
    birth_surname: String,
    declarations: &'static str,
    election: String,
}

impl Fields {
    /// The fields in the order of [`Column::ALL`]; the generated names are in their
    /// own script, so the original-script columns stay empty.
    fn as_array(&self) -> [&str; Column::ALL.len()] {
        [
            self.record_type,
            &self.surname,
            &self.given_names,
            &self.date_of_birth,
            &self.place_of_birth,
            &self.nationality,
            &self.residence_country,
            &self.residence_address,
            &self.home_locality,
            &self.home_address,
            &self.registration_date,
            &self.record_id,
            self.action,
            &self.other_nationalities,
            &self.resident_since,
            "",
            "",
            &self.birth_surname,
            self.declarations,
            self.declarations,
            &self.election,
        ]
    }

    fn person(&self) -> Option<Person<'_>> {
        Person::from_fields(
            &self.surname,
            &self.given_names,
            &self.date_of_birth,
            &self.nationality,
        )
    }
}

/// The person of an earlier row, for a duplicate.
#[derive(Clone, Debug)]
struct Earlier {
    surname: String,
    given_names: String,
    date_of_birth: String,
    nationality: String,
}

struct Generator<'a> {
    rng: SplitMix64,
    options: &'a GeneratorOptions,
    nationalities: Vec<Country>,
    persons: PersonIndex<BuildHasherDefault<DefaultHasher>>,
    row: Fields,
    last: Option<Earlier>,
}

impl Generator<'_> {
    /// Makes row `index` (from 0): a person not seen before, with `defect` if given.
    fn next_row(&mut self, index: u64, defect: Option<Defect>) {
        let defect = match (defect, &self.last) {
            (Some(Defect::Duplicate | Defect::DuplicateRecordId), None) => Some(Defect::RecordType),
            _ => defect,
        };
        if defect == Some(Defect::Duplicate) {
            self.fill(index);
            self.repeat_last();
            // Drawn for another date of birth: it could be before the one repeated.
            self.row.resident_since.clear();
            return;
        }
        loop {
            self.fill(index);
            if let Some(defect) = defect {
                self.break_rule(defect);
            }
            let Some(person) = self.row.person() else {
                return;
            };
            if self.persons.insert(&person, 0).is_none() {
                self.last = Some(Earlier {
                    surname: self.row.surname.clone(),
                    given_names: self.row.given_names.clone(),
                    date_of_birth: self.row.date_of_birth.clone(),
                    nationality: self.row.nationality.clone(),
                });
                return;
            }
        }
    }

    /// A valid row `index` for a random person.
    fn fill(&mut self, index: u64) {
        let rng = &mut self.rng;
        let nationality = rng.pick(&self.nationalities);
        let home: &Nationals = nationals(nationality);
        let row = &mut self.row;
        row.record_type = if rng.percent(3) {
            RecordType::Candidate.as_str()
        } else {
            RecordType::Voter.as_str()
        };
        let female = rng.percent(50);
        let given = if female { home.female } else { home.male };
        row.given_names.clear();
        row.given_names.push_str(rng.pick(given));
        if rng.percent(25) {
            let second = rng.pick(given);
            if !row.given_names.contains(second) {
                row.given_names.push(' ');
                row.given_names.push_str(second);
            }
        }
        let surname = rng.below(home.surnames.len());
        row.surname.clear();
        row.surname
            .push_str(if female && !home.female_surnames.is_empty() {
                home.female_surnames[surname]
            } else {
                home.surnames[surname]
            });
        let born = random_date(rng, BIRTHS);
        set_date(&mut row.date_of_birth, born);
        set(&mut row.place_of_birth, rng.pick(home.places));
        set(&mut row.nationality, nationality.code());
        set(&mut row.residence_country, self.options.residence.code());
        let abroad = nationals(self.options.residence);
        set_address(&mut row.residence_address, rng, abroad.addresses);
        row.home_locality.clear();
        if rng.percent(70) {
            row.home_locality.push_str(rng.pick(home.places));
        }
        row.home_address.clear();
        if rng.percent(50) {
            set_address(&mut row.home_address, rng, home.addresses);
        }
        row.registration_date.clear();
        if rng.percent(60) {
            set_date(&mut row.registration_date, random_date(rng, REGISTRATIONS));
        }
        row.record_id.clear();
        // The seed is in the id, so that files made with different seeds can be put
        // together (as the test campaign does) without two rows of the same id.
        let (residence, seed) = (self.options.residence, self.options.seed);
        let _ = write!(row.record_id, "{residence}-{seed}-{:09}", index + 1);
        row.action = match rng.below(100) {
            0 => "withdraw",
            1 | 2 => "correct",
            _ => "add",
        };
        row.other_nationalities.clear();
        if rng.percent(2) {
            let other = rng.pick(&self.nationalities);
            if other != nationality {
                row.other_nationalities.push_str(other.code());
            }
        }
        row.resident_since.clear();
        if rng.percent(80) {
            set_date(
                &mut row.resident_since,
                random_date(rng, RESIDENCES).max(born),
            );
        }
        row.birth_surname.clear();
        if female && rng.percent(20) {
            row.birth_surname.push_str(rng.pick(home.surnames));
        }
        row.declarations = match row.record_type {
            "candidate" => "yes",
            _ => "",
        };
        row.election.clear();
        if let Some(election) = self.options.election {
            row.election.push_str(election.as_str());
        }
    }

    fn break_rule(&mut self, defect: Defect) {
        let today = self.options.today;
        let row = &mut self.row;
        match defect {
            Defect::RecordType => row.record_type = "elector",
            Defect::EmptySurname => row.surname.clear(),
            Defect::ControlCharacter => row.given_names.insert(0, '\t'),
            Defect::DateFormat => {
                let iso = row.date_of_birth.clone();
                row.date_of_birth.clear();
                let _ = write!(
                    row.date_of_birth,
                    "{}/{}/{}",
                    &iso[8..],
                    &iso[5..7],
                    &iso[..4]
                );
            }
            Defect::DateNotReal => row.date_of_birth.replace_range(5.., "02-30"),
            // A residence from before the new date of birth would break a second rule.
            Defect::DateInFuture => {
                set_date(&mut row.date_of_birth, today + Duration::days(400));
                row.resident_since.clear();
            }
            Defect::UnderAge => {
                set_date(&mut row.date_of_birth, today - Duration::days(3650));
                row.resident_since.clear();
            }
            Defect::GreekCode => set(&mut row.nationality, "GR"),
            Defect::SameCountry => set(&mut row.nationality, self.options.residence.code()),
            Defect::EmptyPlaceOfBirth => row.place_of_birth.clear(),
            Defect::EmptyResidenceAddress => row.residence_address.clear(),
            Defect::RegistrationDateNotReal => set(&mut row.registration_date, "2019-02-29"),
            Defect::DuplicateRecordId => {
                let previous = row.record_id.len() - 9;
                let index: u64 = row.record_id[previous..].parse().unwrap_or(2);
                row.record_id.truncate(previous);
                let _ = write!(row.record_id, "{:09}", index.saturating_sub(1).max(1));
            }
            Defect::Action => row.action = "delete",
            Defect::OtherNationalityIsNationality => {
                let nationality = row.nationality.clone();
                set(&mut row.other_nationalities, &nationality);
            }
            Defect::ResidentSinceInFuture => {
                set_date(&mut row.resident_since, today + Duration::days(30))
            }
            Defect::Duplicate => {}
        }
    }

    /// The person of the last row again, written otherwise: surname in capitals, given
    /// names in small letters with extra spaces.
    fn repeat_last(&mut self) {
        let Some(last) = &self.last else {
            return;
        };
        let row = &mut self.row;
        row.surname = last.surname.to_uppercase();
        row.given_names = format!(" {}", last.given_names.to_lowercase().replace(' ', "  "));
        set(&mut row.date_of_birth, &last.date_of_birth);
        set(&mut row.nationality, &last.nationality);
    }
}

/// Dates of birth: from 1930 to 2005 (old enough for any election from 2022 on).
const BIRTHS: (i32, i32) = (2_425_978, 2_453_736);
/// Registration dates: from 2014 to 2024.
const REGISTRATIONS: (i32, i32) = (2_456_659, 2_460_676);
/// Dates of residence: from 2000 to 2024.
const RESIDENCES: (i32, i32) = (2_451_545, 2_460_676);

fn random_date(rng: &mut SplitMix64, (first, last): (i32, i32)) -> Date {
    let span = usize::try_from(last - first).unwrap_or(0) + 1;
    let day = first + i32::try_from(rng.below(span)).unwrap_or(0);
    Date::from_julian_day(day).unwrap_or(Date::MIN)
}

fn set(field: &mut String, value: &str) {
    field.clear();
    field.push_str(value);
}

fn set_date(field: &mut String, date: Date) {
    field.clear();
    let _ = write!(field, "{date}");
}

/// An address from `templates`, with a house number for `#`.
fn set_address(field: &mut String, rng: &mut SplitMix64, templates: &[&str]) {
    let template = rng.pick(templates);
    let number = 1 + rng.below(180);
    field.clear();
    let (before, after) = template.split_once('#').unwrap_or((template, ""));
    let _ = write!(field, "{before}{number}{after}");
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and the same everywhere.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use time::macros::date;

    use super::*;
    use crate::data::problem::Rule;
    use crate::data::{ValidationOptions, Validator};

    const TODAY: Date = date!(2026 - 03 - 01);

    fn generated(options: &GeneratorOptions) -> (Vec<u8>, Generated) {
        let mut out = Vec::new();
        let summary = generate(&mut out, options).unwrap();
        (out, summary)
    }

    #[test]
    fn date_ranges_are_what_they_say() {
        assert_eq!(
            Date::from_julian_day(BIRTHS.0).unwrap(),
            date!(1930 - 01 - 01)
        );
        assert_eq!(
            Date::from_julian_day(BIRTHS.1).unwrap(),
            date!(2005 - 12 - 31)
        );
        assert_eq!(
            Date::from_julian_day(REGISTRATIONS.0).unwrap(),
            date!(2014 - 01 - 01)
        );
        assert_eq!(
            Date::from_julian_day(REGISTRATIONS.1).unwrap(),
            date!(2024 - 12 - 31)
        );
        assert_eq!(
            Date::from_julian_day(RESIDENCES.0).unwrap(),
            date!(2000 - 01 - 01)
        );
    }

    #[test]
    fn same_seed_same_file() {
        let options = GeneratorOptions::new(200, Country::BE, TODAY);
        assert_eq!(generated(&options).0, generated(&options).0);
        let other = GeneratorOptions {
            seed: 2,
            ..options.clone()
        };
        assert_ne!(generated(&options).0, generated(&other).0);
    }

    #[test]
    fn generated_files_are_valid_and_varied() {
        let options = GeneratorOptions::new(5_000, Country::LU, TODAY);
        let (bytes, made) = generated(&options);
        assert_eq!((made.rows, made.invalid_rows), (5_000, 0));
        assert!(made.candidates > 0 && made.voters > made.candidates);
        let mut validator =
            Validator::new(Cursor::new(bytes.clone()), ValidationOptions::new(TODAY)).unwrap();
        while let Some(row) = validator.next_row() {
            let row = row.unwrap();
            assert!(row.problems.is_empty(), "{:?}", row.problems);
        }
        let summary = validator.finish();
        assert_eq!(summary.rows, 5_000);
        assert_eq!(summary.nationalities.len(), 26);
        assert!(!summary.nationalities.contains_key(&Country::LU));
        assert!(summary.dual_nationals > 20 && summary.dual_nationals < 200);
        assert!(summary.actions.withdraw > 0 && summary.actions.correct > 0);
        assert!(summary.actions.add > 4_500);
        assert_eq!(summary.election, None);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("Παπαδ") && text.contains("ов,") && text.contains('ł'));
    }

    #[test]
    fn each_invalid_row_breaks_one_rule() {
        let options = GeneratorOptions {
            invalid_rows: 34,
            nationalities: vec![Country::EL, Country::BG, Country::PL],
            ..GeneratorOptions::new(300, Country::DE, TODAY)
        };
        let (bytes, made) = generated(&options);
        assert_eq!(made.invalid_rows, 34);
        let mut validator =
            Validator::new(Cursor::new(bytes.clone()), ValidationOptions::new(TODAY)).unwrap();
        let mut rules = Vec::new();
        while let Some(row) = validator.next_row() {
            let row = row.unwrap();
            assert!(row.problems.len() <= 1, "{:?}", row.problems);
            rules.extend(row.problems.iter().map(|p| p.rule));
        }
        let summary = validator.finish();
        assert_eq!((summary.errors, summary.rows_with_errors), (34, 34));
        for rule in [
            Rule::RecordType,
            Rule::Required,
            Rule::ControlCharacter,
            Rule::DateFormat,
            Rule::DateNotReal,
            Rule::DateInFuture,
            Rule::UnderAge,
            Rule::CountryCode,
            Rule::SameCountry,
            Rule::DuplicatePerson,
            Rule::DuplicateRecordId,
            Rule::Action,
            Rule::OtherNationality,
        ] {
            assert!(rules.contains(&rule), "{rule} not generated");
        }
        assert_eq!(
            summary.nationalities.keys().copied().collect::<Vec<_>>(),
            [Country::BG, Country::DE, Country::EL, Country::PL]
        );
    }

    #[test]
    fn files_of_different_seeds_share_no_record_id() {
        let ids = |seed| -> Vec<String> {
            let options = GeneratorOptions {
                seed,
                ..GeneratorOptions::new(50, Country::BE, TODAY)
            };
            let (bytes, _) = generated(&options);
            let mut reader = csv::Reader::from_reader(&bytes[..]);
            let at = reader
                .headers()
                .unwrap()
                .iter()
                .position(|h| h == "record_id");
            reader
                .records()
                .map(|r| r.unwrap()[at.unwrap()].to_owned())
                .collect()
        };
        let (first, second) = (ids(1), ids(2));
        assert_eq!(first[0], "BE-1-000000001");
        assert!(first.iter().all(|id| !second.contains(id)));
    }

    #[test]
    fn impossible_options_are_refused() {
        let only_home = GeneratorOptions {
            nationalities: vec![Country::FR],
            ..GeneratorOptions::new(10, Country::FR, TODAY)
        };
        assert!(matches!(
            generate(Vec::new(), &only_home),
            Err(DataError::NoNationality { .. })
        ));
        let too_many = GeneratorOptions {
            invalid_rows: 11,
            ..GeneratorOptions::new(10, Country::FR, TODAY)
        };
        assert!(matches!(
            generate(Vec::new(), &too_many),
            Err(DataError::TooManyInvalidRows { .. })
        ));
    }

    #[test]
    fn invalid_rows_are_spread_evenly() {
        let rows: Vec<u64> = (0..10).filter(|&i| is_invalid(i, 3, 10)).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!((0..10).filter(|&i| is_invalid(i, 10, 10)).count(), 10);
        assert_eq!((0..10).filter(|&i| is_invalid(i, 0, 10)).count(), 0);
    }
}
