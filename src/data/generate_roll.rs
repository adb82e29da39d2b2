//! The generator's roll mode, for testing and benchmarking `data match`: a home
//! state's roll in its register's own format (`;`, its own column names, dates
//! `DD/MM/YYYY`), a received file of the exchange schema, and the truth: which roll
//! entry each received record is, and how it was planted.
//!
//! Planted: exact copies (with the spellings that normalisation must absorb), each kind
//! of probable variant (given names reordered or one missing, the birth name, a spelling
//! slip in the surname or the given names, day and month swapped, one digit of the date,
//! another transliteration), twins on the roll, `withdraw` and `correct` records, and
//! near-misses that must not match (same names and another date, persons not on the
//! roll). Made-up names, spliced from the sample and further names of the home state.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;

use time::{Date, Month};

use super::matching::{Kind, MatchError, Name, has_greek_or_cyrillic, to_latin};
use super::more_names::{MoreNames, more_names};
use super::names::{Nationals, nationals};
use crate::country::Country;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollOptions {
    pub roll_rows: u64,
    pub received_records: u64,
    pub seed: u64,
    /// The state whose roll it is: the nationality of every received record.
    pub home: Country,
    /// The state that sends the received file.
    pub residence: Country,
}

/// What was generated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RollGenerated {
    pub roll_rows: u64,
    pub received_rows: u64,
    /// Rows of the later file: `withdraw` and `correct`.
    pub update_rows: u64,
    pub certain: u64,
    pub probable: u64,
    pub none: u64,
}

/// How a received record was made from its roll entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Plan {
    Exact,
    Reordered,
    GivenNameMissing,
    BirthName,
    SurnameSpelling,
    GivenNamesSpelling,
    DayMonthSwapped,
    DateDigit,
    Transliteration,
    Twin,
    Withdraw,
    Correct,
    OtherDate,
    NotOnRoll,
}

impl Plan {
    fn name(self) -> &'static str {
        match self {
            Plan::Exact => "exact",
            Plan::Reordered => "given-names-reordered",
            Plan::GivenNameMissing => "given-name-missing",
            Plan::BirthName => "birth-name",
            Plan::SurnameSpelling => "surname-spelling",
            Plan::GivenNamesSpelling => "given-names-spelling",
            Plan::DayMonthSwapped => "day-month-swapped",
            Plan::DateDigit => "date-digit",
            Plan::Transliteration => "transliteration",
            Plan::Twin => "twin",
            Plan::Withdraw => "withdraw",
            Plan::Correct => "correct",
            Plan::OtherDate => "other-date",
            Plan::NotOnRoll => "not-on-roll",
        }
    }

    /// Whether the received record is its roll entry changed (a planted variant or a
    /// near-miss of another date).
    fn differs_from_entry(self) -> bool {
        !matches!(
            self,
            Plan::Exact | Plan::Twin | Plan::Withdraw | Plan::Correct | Plan::NotOnRoll
        )
    }

    /// The class that `data match` must give.
    fn expected(self) -> &'static str {
        match self {
            Plan::Exact | Plan::Twin | Plan::Withdraw | Plan::Correct => "certain",
            Plan::OtherDate | Plan::NotOnRoll => "none",
            _ => "probable",
        }
    }
}

/// The plans in their shares, out of 100.
const PLANS: [(Plan, usize); 14] = [
    (Plan::Exact, 52),
    (Plan::Reordered, 4),
    (Plan::GivenNameMissing, 4),
    (Plan::BirthName, 4),
    (Plan::SurnameSpelling, 4),
    (Plan::GivenNamesSpelling, 3),
    (Plan::DayMonthSwapped, 4),
    (Plan::DateDigit, 2),
    (Plan::Transliteration, 4),
    (Plan::Twin, 4),
    (Plan::Withdraw, 3),
    (Plan::Correct, 2),
    (Plan::OtherDate, 5),
    (Plan::NotOnRoll, 5),
];

/// The roll's header, as a register might name its columns.
pub const ROLL_HEADER: [&str; 6] = [
    "ROLL_ID",
    "NOM",
    "PRENOMS",
    "NE_LE",
    "NOM_NAISSANCE",
    "LIEU_NAISSANCE",
];

/// The `--columns` mapping of [`ROLL_HEADER`].
pub const ROLL_COLUMNS: &str = "id=ROLL_ID,surname=NOM,given_names=PRENOMS,date_of_birth=NE_LE,birth_surname=NOM_NAISSANCE,place_of_birth=LIEU_NAISSANCE";

const RECEIVED_HEADER: [&str; 14] = [
    "record_id",
    "action",
    "record_type",
    "surname",
    "given_names",
    "date_of_birth",
    "place_of_birth",
    "nationality",
    "residence_country",
    "residence_address",
    "birth_surname",
    "surname_original",
    "given_names_original",
    "home_locality",
];

/// A made-up person of the home state.
#[derive(Clone, Debug)]
struct Made {
    surname: String,
    given: Vec<String>,
    birth_surname: String,
    date_of_birth: Date,
    place: &'static str,
}

/// Writes the roll, the received file, a later received file with the updates
/// (`withdraw` and `correct` of records of the first), and the truth
/// (`record_id,expected,roll_id,variant`).
pub fn generate_roll<R: Write, F: Write, U: Write, T: Write>(
    roll: R,
    received: F,
    updates: U,
    truth: T,
    options: &RollOptions,
) -> Result<RollGenerated, MatchError> {
    if options.home == options.residence {
        return Err(MatchError::GeneratorOptions {
            reason: format!(
                "the home state {} cannot be the residence state too; give another --residence",
                options.home
            ),
        });
    }
    if options.received_records > options.roll_rows {
        return Err(MatchError::GeneratorOptions {
            reason: format!(
                "{} received records cannot come from a roll of {} rows; give more --roll-rows",
                options.received_records, options.roll_rows
            ),
        });
    }
    let write_error = |e: csv::Error| MatchError::Write(e.into());
    let mut out = Outputs {
        roll: csv::WriterBuilder::new().delimiter(b';').from_writer(roll),
        received: csv::Writer::from_writer(received),
        updates: csv::Writer::from_writer(updates),
        truth: csv::Writer::from_writer(truth),
        generated: RollGenerated::default(),
    };
    out.roll.write_record(ROLL_HEADER).map_err(write_error)?;
    out.received
        .write_record(RECEIVED_HEADER)
        .map_err(write_error)?;
    out.updates
        .write_record(RECEIVED_HEADER)
        .map_err(write_error)?;
    out.truth
        .write_record(["record_id", "expected", "roll_id", "variant"])
        .map_err(write_error)?;
    let mut maker = Maker {
        rng: Rng::new(options.seed),
        home: nationals(options.home),
        more: more_names(options.home),
        script: has_greek_or_cyrillic(nationals(options.home).surnames[0]),
        seen: HashSet::new(),
        options,
        records: 0,
    };
    let mut entry = 0u64;
    while entry < options.roll_rows {
        let source = spread(entry, options.received_records, options.roll_rows);
        let plan = if source { maker.plan() } else { Plan::Exact };
        let person = maker.person(plan);
        let roll_id = format!("{}{:09}", options.home.code(), entry);
        out.roll_row(&roll_id, &person)?;
        entry += 1;
        if !source {
            continue;
        }
        if plan == Plan::Twin && entry < options.roll_rows {
            let twin = maker.twin(&person);
            out.roll_row(&format!("{}{:09}", options.home.code(), entry), &twin)?;
            entry += 1;
        }
        maker.received(plan, &person, &roll_id, &mut out)?;
    }
    out.roll.flush().map_err(MatchError::Write)?;
    out.received.flush().map_err(MatchError::Write)?;
    out.updates.flush().map_err(MatchError::Write)?;
    out.truth.flush().map_err(MatchError::Write)?;
    Ok(out.generated)
}

/// Whether entry `index` of `rows` is one of `chosen` spread evenly.
fn spread(index: u64, chosen: u64, rows: u64) -> bool {
    let before = |i: u64| u128::from(i) * u128::from(chosen) / u128::from(rows.max(1));
    before(index + 1) > before(index)
}

struct Outputs<R: Write, F: Write, U: Write, T: Write> {
    roll: csv::Writer<R>,
    received: csv::Writer<F>,
    updates: csv::Writer<U>,
    truth: csv::Writer<T>,
    generated: RollGenerated,
}

impl<R: Write, F: Write, U: Write, T: Write> Outputs<R, F, U, T> {
    fn roll_row(&mut self, id: &str, person: &Made) -> Result<(), MatchError> {
        let d = person.date_of_birth;
        let date = format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year());
        self.roll
            .write_record([
                id,
                &person.surname,
                &person.given.join(" "),
                &date,
                &person.birth_surname,
                person.place,
            ])
            .map_err(|e| MatchError::Write(e.into()))?;
        self.generated.roll_rows += 1;
        Ok(())
    }

    fn truth(&mut self, record_id: &str, plan: Plan, roll_id: &str) -> Result<(), MatchError> {
        let expected = plan.expected();
        let roll_id = if expected == "none" { "" } else { roll_id };
        self.truth
            .write_record([record_id, expected, roll_id, plan.name()])
            .map_err(|e| MatchError::Write(e.into()))?;
        match expected {
            "certain" => self.generated.certain += 1,
            "probable" => self.generated.probable += 1,
            _ => self.generated.none += 1,
        }
        Ok(())
    }
}

/// The fields of a received row that differ from record to record.
struct ReceivedRow {
    surname: String,
    given: String,
    date_of_birth: Date,
    birth_surname: String,
    surname_original: String,
    given_original: String,
    place: &'static str,
}

impl ReceivedRow {
    /// The key of the person the row names, as [`identity`] gives it for the roll.
    fn identity(&self) -> u64 {
        let either = |original: &'_ str, main: &'_ str| -> String {
            if original.is_empty() { main } else { original }.to_owned()
        };
        identity_of(
            &either(&self.surname_original, &self.surname),
            &either(&self.given_original, &self.given),
            self.date_of_birth,
        )
    }
}

struct Maker<'a> {
    rng: Rng,
    home: &'static Nationals,
    more: &'static MoreNames,
    /// Whether the home state's register writes Greek or Cyrillic.
    script: bool,
    /// The persons on the roll, by a hash of their folded names and date of birth.
    seen: HashSet<u64>,
    options: &'a RollOptions,
    records: u64,
}

impl Maker<'_> {
    fn plan(&mut self) -> Plan {
        let mut n = self.rng.below(100);
        for (plan, share) in PLANS {
            if n < share {
                return match plan {
                    Plan::Transliteration if !self.script => Plan::Exact,
                    plan => plan,
                };
            }
            n -= share;
        }
        Plan::Exact
    }

    /// A person new on the roll, fit for `plan`.
    fn person(&mut self, plan: Plan) -> Made {
        loop {
            let female = self.rng.percent(50);
            let words = match plan {
                Plan::Reordered | Plan::GivenNameMissing => 2 + self.rng.below(2),
                _ => [1, 1, 1, 1, 1, 2, 2, 2, 2, 3][self.rng.below(10)],
            };
            let given = self.given_names(female, words);
            let surname = self.surname(female);
            let birth_surname = if plan == Plan::BirthName || (female && self.rng.percent(15)) {
                self.surname(female)
            } else {
                String::new()
            };
            let mut date_of_birth = self.date();
            if plan == Plan::DayMonthSwapped {
                let day = 1 + self.rng.below(12) as u8;
                let month = Month::try_from(1 + self.rng.below(12) as u8).unwrap_or(Month::May);
                match Date::from_calendar_date(date_of_birth.year(), month, day) {
                    Ok(d) if u8::from(month) != day => date_of_birth = d,
                    _ => continue,
                }
            }
            let made = Made {
                surname,
                given,
                birth_surname,
                date_of_birth,
                place: self.rng.pick(self.home.places),
            };
            if (plan == Plan::BirthName && key_of(&made.birth_surname) == key_of(&made.surname))
                || !self.seen.insert(identity(&made))
            {
                continue;
            }
            return made;
        }
    }

    /// A twin of `person`: the same surname and date, given names that share nothing.
    fn twin(&mut self, person: &Made) -> Made {
        loop {
            let female = self.rng.percent(50);
            let given = self.given_names(female, 1);
            let theirs = Name::new(&person.given.join(" "), "", Kind::GivenNames).latin;
            let mine = Name::new(&given.join(" "), "", Kind::GivenNames).latin;
            if theirs.split(' ').any(|w| w == mine) || strsim::osa_distance(&theirs, &mine) < 4 {
                continue;
            }
            let twin = Made {
                given,
                birth_surname: String::new(),
                ..person.clone()
            };
            if self.seen.insert(identity(&twin)) {
                return twin;
            }
        }
    }

    fn given_names(&mut self, female: bool, words: usize) -> Vec<String> {
        let tables = if female {
            [self.home.female, self.more.female]
        } else {
            [self.home.male, self.more.male]
        };
        let mut given: Vec<String> = Vec::with_capacity(words);
        while given.len() < words {
            let name = self.rng.pick_in(&tables);
            if name.contains([' ', '-']) {
                if words == 1 {
                    given.push(name.to_owned());
                }
                continue;
            }
            if !given.iter().any(|g| g == name) {
                given.push(name.to_owned());
            }
        }
        given
    }

    /// A made-up surname: two sample surnames spliced (the start of one, the end of
    /// another), or one as it is.
    fn surname(&mut self, female: bool) -> String {
        let tables = if female && !self.home.female_surnames.is_empty() {
            [self.home.female_surnames, self.more.female_surnames]
        } else {
            [self.home.surnames, self.more.surnames]
        };
        let first = self.rng.pick_in(&tables);
        if self.rng.percent(20) {
            return first.to_owned();
        }
        let second = self.rng.pick_in(&tables);
        let head: Vec<char> = first.chars().filter(|c| *c != ' ').collect();
        let tail: Vec<char> = second.chars().collect();
        let cut_head = 2 + self.rng.below(head.len().saturating_sub(2).max(1));
        let cut_tail = self.rng.below(tail.len().saturating_sub(2).max(1));
        let mut out: String = head[..cut_head.min(head.len())].iter().collect();
        out.extend(
            tail[cut_tail..]
                .iter()
                .map(|c| c.to_lowercase().next().unwrap_or(*c)),
        );
        out
    }

    /// A date of birth from 1930 to 2005.
    fn date(&mut self) -> Date {
        let first = 2_425_978;
        let day = first + self.rng.below(27_759) as i32;
        Date::from_julian_day(day).unwrap_or(Date::MIN)
    }

    /// Writes the received record (or records) of `plan` made from `person`.
    fn received<R: Write, F: Write, U: Write, T: Write>(
        &mut self,
        plan: Plan,
        person: &Made,
        roll_id: &str,
        out: &mut Outputs<R, F, U, T>,
    ) -> Result<(), MatchError> {
        self.records += 1;
        let record_id = format!("R{:09}", self.records);
        let mut row = self.exact(person);
        let mut plan = self.vary(plan, person, &mut row);
        if plan.differs_from_entry() {
            // A variant equal to another person of the roll would be that person: plant
            // it only when it is no one's (another date for a near-miss).
            while !self.seen.insert(row.identity()) {
                if plan != Plan::OtherDate {
                    plan = Plan::Exact;
                    row = self.exact(person);
                    break;
                }
                row.date_of_birth = self.far_date(person.date_of_birth);
            }
        }
        match plan {
            Plan::Withdraw => {
                self.write(out, &record_id, "add", &row)?;
                self.write(out, &record_id, "withdraw", &row)?;
            }
            Plan::Correct => {
                let wrong = ReceivedRow {
                    date_of_birth: self.far_date(person.date_of_birth),
                    ..self.exact(person)
                };
                self.write(out, &record_id, "add", &wrong)?;
                self.write(out, &record_id, "correct", &row)?;
            }
            _ => self.write(out, &record_id, "add", &row)?,
        }
        out.truth(&record_id, plan, roll_id)
    }

    /// The record of `person` as the residence state writes it: in Latin, with the
    /// original script beside it where the home state writes Greek or Cyrillic, and
    /// the spellings that normalisation absorbs.
    fn exact(&mut self, person: &Made) -> ReceivedRow {
        let given = person.given.join(" ");
        let mut row = ReceivedRow {
            surname: person.surname.clone(),
            given: given.clone(),
            date_of_birth: person.date_of_birth,
            birth_surname: person.birth_surname.clone(),
            surname_original: String::new(),
            given_original: String::new(),
            place: person.place,
        };
        if self.script {
            row.surname_original = person.surname.clone();
            row.given_original = given;
            row.surname = capitalised(&latin(&person.surname));
            row.given = capitalised(&latin(&row.given_original));
            row.birth_surname = capitalised(&latin(&person.birth_surname));
            return row;
        }
        match self.rng.below(4) {
            0 => row.surname = row.surname.to_uppercase(),
            1 => {
                for (from, to) in [
                    ("ä", "ae"),
                    ("ö", "oe"),
                    ("ü", "ue"),
                    ("ß", "ss"),
                    ("Ä", "Ae"),
                    ("Ö", "Oe"),
                    ("Ü", "Ue"),
                ] {
                    row.surname = row.surname.replace(from, to);
                    row.given = row.given.replace(from, to);
                }
            }
            2 => row.given = format!(" {} ", row.given.replace(' ', "  ").to_lowercase()),
            _ => row.surname = row.surname.replace(' ', "-"),
        }
        row
    }

    /// Changes `row` as `plan` says; the plan carried out (exact when it cannot be).
    fn vary(&mut self, plan: Plan, person: &Made, row: &mut ReceivedRow) -> Plan {
        match plan {
            Plan::Reordered => {
                let mut words = person.given.clone();
                words.rotate_left(1);
                self.set_given(row, &words.join(" "));
            }
            Plan::GivenNameMissing => {
                let words = &person.given[..person.given.len() - 1];
                self.set_given(row, &words.join(" "));
            }
            Plan::BirthName => {
                let birth = person.birth_surname.clone();
                self.set_surname(row, &birth);
                row.birth_surname.clear();
            }
            Plan::SurnameSpelling => match self.slip(&person.surname, Kind::Surname) {
                Some(slipped) => self.set_surname(row, &slipped),
                None => return Plan::Exact,
            },
            Plan::GivenNamesSpelling => {
                match self.slip(&person.given.join(" "), Kind::GivenNames) {
                    Some(slipped) => self.set_given(row, &slipped),
                    None => return Plan::Exact,
                }
            }
            Plan::DayMonthSwapped => {
                let d = person.date_of_birth;
                let month = Month::try_from(d.day()).unwrap_or(Month::January);
                match Date::from_calendar_date(d.year(), month, u8::from(d.month())) {
                    Ok(swapped) if swapped != d => row.date_of_birth = swapped,
                    _ => return Plan::Exact,
                }
            }
            Plan::DateDigit => {
                let d = person.date_of_birth;
                let year = d.year() - d.year() % 10 + (d.year() % 10 + 1) % 10;
                match Date::from_calendar_date(year, d.month(), d.day()) {
                    Ok(other) if year <= 2005 => row.date_of_birth = other,
                    _ => return Plan::Exact,
                }
            }
            Plan::Transliteration => {
                row.surname = capitalised(&other_latin(&person.surname));
                row.given = capitalised(&other_latin(&person.given.join(" ")));
                row.birth_surname = capitalised(&other_latin(&person.birth_surname));
                row.surname_original.clear();
                row.given_original.clear();
            }
            Plan::OtherDate => row.date_of_birth = self.far_date(person.date_of_birth),
            Plan::NotOnRoll => {
                let stranger = self.person(Plan::Exact);
                *row = self.exact(&stranger);
            }
            Plan::Exact | Plan::Twin | Plan::Withdraw | Plan::Correct => {}
        }
        plan
    }

    fn set_surname(&self, row: &mut ReceivedRow, surname: &str) {
        if self.script {
            row.surname_original = surname.to_owned();
            row.surname = capitalised(&latin(surname));
        } else {
            row.surname = surname.to_owned();
        }
    }

    fn set_given(&self, row: &mut ReceivedRow, given: &str) {
        if self.script {
            row.given_original = given.to_owned();
            row.given = capitalised(&latin(given));
        } else {
            row.given = given.to_owned();
        }
    }

    /// `name` with one slip (two letters swapped, one left out or one doubled) that
    /// normalisation does not undo, when the name is long enough to be compared so.
    fn slip(&mut self, name: &str, kind: Kind) -> Option<String> {
        let chars: Vec<char> = name.chars().collect();
        let original = Name::new(name, "", kind).latin;
        if original.chars().count() < 6 {
            return None;
        }
        for _ in 0..20 {
            let at = 1 + self.rng.below(chars.len() - 2);
            let mut slipped = chars.clone();
            match self.rng.below(3) {
                0 => slipped.swap(at, at + 1),
                1 => {
                    slipped.remove(at);
                }
                _ => slipped.insert(at, chars[at]),
            }
            if slipped.iter().any(|c| !c.is_alphabetic() && *c != ' ') {
                continue;
            }
            let slipped: String = slipped.into_iter().collect();
            let folded = Name::new(&slipped, "", kind).latin;
            if folded != original && strsim::osa_distance(&folded, &original) == 1 {
                return Some(slipped);
            }
        }
        None
    }

    /// A date from 1930 to 2005 at least two digits away from `date`, not its swap.
    fn far_date(&mut self, date: Date) -> Date {
        loop {
            let other = self.date();
            let digits = |d: Date| format!("{d}").replace('-', "");
            let differing = digits(other)
                .chars()
                .zip(digits(date).chars())
                .filter(|(a, b)| a != b)
                .count();
            let swap = other.year() == date.year()
                && u8::from(other.month()) == date.day()
                && other.day() == u8::from(date.month());
            if differing >= 3 && !swap {
                return other;
            }
        }
    }

    fn write<R: Write, F: Write, U: Write, T: Write>(
        &mut self,
        out: &mut Outputs<R, F, U, T>,
        record_id: &str,
        action: &str,
        row: &ReceivedRow,
    ) -> Result<(), MatchError> {
        let address = self
            .rng
            .pick(nationals(self.options.residence).addresses)
            .replace('#', "12");
        let date_of_birth = row.date_of_birth.to_string();
        let record = [
            record_id,
            action,
            "voter",
            &row.surname,
            &row.given,
            &date_of_birth,
            row.place,
            self.options.home.code(),
            self.options.residence.code(),
            &address,
            &row.birth_surname,
            &row.surname_original,
            &row.given_original,
            "",
        ];
        let written = if action == "add" {
            out.generated.received_rows += 1;
            out.received.write_record(record)
        } else {
            out.generated.update_rows += 1;
            out.updates.write_record(record)
        };
        written.map_err(|e| MatchError::Write(e.into()))?;
        Ok(())
    }
}

/// The key of a person on the roll: folded names and date of birth.
fn identity(person: &Made) -> u64 {
    identity_of(
        &person.surname,
        &person.given.join(" "),
        person.date_of_birth,
    )
}

fn identity_of(surname: &str, given: &str, date_of_birth: Date) -> u64 {
    let mut hasher = DefaultHasher::new();
    key_of(surname).hash(&mut hasher);
    Name::new(given, "", Kind::GivenNames)
        .latin
        .hash(&mut hasher);
    date_of_birth.hash(&mut hasher);
    hasher.finish()
}

fn key_of(surname: &str) -> String {
    Name::new(surname, "", Kind::Surname).latin
}

/// ELOT 743 or ISO 9, as the residence state's register would write the name.
fn latin(text: &str) -> String {
    let mut out = String::new();
    to_latin(text, &mut out);
    out
}

/// Another usual transliteration: Bulgarian's streamlined system for Cyrillic
/// (`zh`, `ch`, `sh`, `sht`, `ts`, `yu`, `ya`), a phonetic one for Greek (`u` for
/// `ου`, `h` for `χ`, `i` for `υ`).
fn other_latin(text: &str) -> String {
    // `c` first: the `ch` written for `č` is no `c`.
    const CYRILLIC: &[(&str, &str)] = &[
        ("c", "ts"),
        ("ž", "zh"),
        ("č", "ch"),
        ("š", "sh"),
        ("ŝ", "sht"),
        ("û", "yu"),
        ("â", "ya"),
        ("ʺ", "a"),
    ];
    const GREEK: &[(&str, &str)] = &[("ou", "u"), ("ch", "h"), ("y", "i")];
    let greek = text.chars().any(|c| ('\u{370}'..='\u{3ff}').contains(&c));
    let rules = if greek { GREEK } else { CYRILLIC };
    rules
        .iter()
        .fold(latin(text), |text, (from, to)| text.replace(from, to))
}

/// Each word with a capital first letter.
fn capitalised(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A reproducible stream of numbers: SipHash of the seed and a counter (speed does not
/// matter here as in the validator's generator).
struct Rng {
    seed: u64,
    counter: u64,
}

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng { seed, counter: 0 }
    }

    fn next(&mut self) -> u64 {
        self.counter += 1;
        let mut hasher = DefaultHasher::new();
        (self.seed, self.counter).hash(&mut hasher);
        hasher.finish()
    }

    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// One item of the tables taken end to end, each item as likely.
    fn pick_in<T: Copy>(&mut self, tables: &[&[T]; 2]) -> T {
        let at = self.below(tables[0].len() + tables[1].len());
        match tables[0].get(at) {
            Some(&item) => item,
            None => tables[1][at - tables[0].len()],
        }
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }
}
