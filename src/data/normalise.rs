//! Finding the same person, or the same record id, twice: names folded for comparison,
//! and compact indexes of the persons and record ids seen so far.
//!
//! Folding only feeds a hash: it never changes a value that is reported, written or
//! sent. The index keeps 12 bytes per person (a 64-bit keyed hash of the folded key and
//! the line where the person was first seen), never the names themselves, so two
//! different persons whose keys hash alike are reported as one; with a random key per
//! run the chance is about n² / 2⁶⁵ for n rows (under 10⁻⁶ for ten million). Record
//! ids are kept the same way.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::sync::OnceLock;

use time::Date;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use super::schema::parse_date;
use super::validate::is_blank;
use crate::country::Country;

/// Appends `name` folded for comparison to `out`: compatibility-decomposed (NFKD) with
/// the combining marks dropped, lower case, letters without a decomposition folded to
/// their base (`ß`→`ss`, `ø`→`o`, `æ`→`ae`, `ł`→`l`, `đ`→`d`, final `ς`→`σ`, ...),
/// white space and hyphens as one space, apostrophes, dots and control characters
/// dropped, and no space at either end.
pub fn fold_name(name: &str, out: &mut String) {
    let start = out.len();
    let mut space = false;
    let table = FoldTable::get();
    for c in name.chars() {
        match table.entry(c) {
            Some(Entry::Separator) => space = true,
            Some(Entry::Dropped) => {}
            Some(Entry::Char(folded)) => {
                separate(start, &mut space, out);
                out.push(folded);
            }
            Some(Entry::Text { at, len }) => {
                separate(start, &mut space, out);
                out.push_str(&table.text[usize::from(at)..usize::from(at) + usize::from(len)]);
            }
            Some(Entry::General) | None => {
                decompose_compatible(c, |d| push_folded(d, start, &mut space, out));
            }
        }
    }
}

/// The folding of the first [`FoldTable::CHARS`] characters (ASCII, Latin, IPA,
/// Greek, Cyrillic: nearly every character of names in the EU), worked out once with
/// the general rules, which are slow for a character with a decomposition.
struct FoldTable {
    entries: Vec<Entry>,
    text: String,
}

#[derive(Clone, Copy)]
enum Entry {
    /// White space or a hyphen.
    Separator,
    /// Folds to nothing.
    Dropped,
    /// Folds to one character.
    Char(char),
    /// Folds to `text[at..at + len]`.
    Text { at: u16, len: u8 },
    /// Neither (none known): fold with the general rules.
    General,
}

impl FoldTable {
    const CHARS: u32 = 0x500;

    fn get() -> &'static FoldTable {
        static TABLE: OnceLock<FoldTable> = OnceLock::new();
        TABLE.get_or_init(FoldTable::build)
    }

    fn build() -> FoldTable {
        let mut table = FoldTable {
            entries: Vec::with_capacity(Self::CHARS as usize),
            text: String::new(),
        };
        for code in 0..Self::CHARS {
            let Some(c) = char::from_u32(code) else {
                table.entries.push(Entry::General);
                continue;
            };
            let mut parts = Vec::new();
            decompose_compatible(c, |d| parts.push(d));
            let entry = if parts.iter().all(|&d| is_separator(d)) {
                Entry::Separator
            } else if parts.iter().any(|&d| is_separator(d)) {
                Entry::General
            } else {
                let mut folded = String::new();
                let mut space = false;
                for d in parts {
                    push_folded(d, 0, &mut space, &mut folded);
                }
                let mut chars = folded.chars();
                match (chars.next(), chars.next()) {
                    (None, _) => Entry::Dropped,
                    (Some(one), None) => Entry::Char(one),
                    _ => {
                        let at = table.text.len();
                        table.text.push_str(&folded);
                        match (u16::try_from(at), u8::try_from(folded.len())) {
                            (Ok(at), Ok(len)) => Entry::Text { at, len },
                            _ => Entry::General,
                        }
                    }
                }
            };
            table.entries.push(entry);
        }
        table
    }

    fn entry(&self, c: char) -> Option<Entry> {
        self.entries.get(c as usize).copied()
    }
}

/// White space and hyphens, which separate words.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}')
}

/// Appends the folding of one character of a decomposition.
fn push_folded(c: char, start: usize, space: &mut bool, out: &mut String) {
    if is_separator(c) {
        *space = true;
        return;
    }
    if c.is_control() || is_combining_mark(c) || matches!(c, '\'' | '.' | '`' | '’' | 'ʼ') {
        return;
    }
    separate(start, space, out);
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        match lower {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'ħ' => out.push('h'),
            'ı' => out.push('i'),
            'ŧ' => out.push('t'),
            'ς' => out.push('σ'),
            other => out.push(other),
        }
    }
}

/// Puts one space between words: before a character that follows white space.
fn separate(start: usize, space: &mut bool, out: &mut String) {
    if *space && out.len() > start {
        out.push(' ');
    }
    *space = false;
}

/// What identifies a person in a file.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Person<'a> {
    pub surname: &'a str,
    pub given_names: &'a str,
    pub date_of_birth: Date,
    pub nationality: Country,
}

impl<'a> Person<'a> {
    /// The person a row names, when its names are not empty, its date of birth is a
    /// real date and its nationality a Member State; otherwise the row cannot be
    /// compared (and has other errors). The validator checks the same one field at a
    /// time.
    pub(crate) fn from_fields(
        surname: &'a str,
        given_names: &'a str,
        date_of_birth: &str,
        nationality: &str,
    ) -> Option<Person<'a>> {
        if is_blank(surname) || is_blank(given_names) {
            return None;
        }
        Some(Person {
            surname,
            given_names,
            date_of_birth: parse_date(date_of_birth).ok()?,
            nationality: Country::from_code(nationality.as_bytes())?,
        })
    }
}

/// The persons seen so far, by a keyed hash of their folded key.
pub(crate) struct PersonIndex<S> {
    hasher: S,
    seen: HashMap<Fingerprint, u32, BuildHasherDefault<PassThrough>>,
    folded: String,
}

impl<S: BuildHasher> PersonIndex<S> {
    /// An empty index that hashes with `hasher` (keyed at random for validation,
    /// fixed for the generator, which must be reproducible).
    pub(crate) fn new(hasher: S) -> Self {
        PersonIndex {
            hasher,
            seen: HashMap::default(),
            folded: String::new(),
        }
    }

    /// Records `person`, seen on `line`; returns the line where the same person was
    /// seen first, if they were.
    pub(crate) fn insert(&mut self, person: &Person<'_>, line: u32) -> Option<u32> {
        self.folded.clear();
        fold_name(person.surname, &mut self.folded);
        self.folded.push('\u{1f}');
        fold_name(person.given_names, &mut self.folded);
        let mut hasher = self.hasher.build_hasher();
        hasher.write(self.folded.as_bytes());
        let julian_day = u64::from(person.date_of_birth.to_julian_day().cast_unsigned());
        hasher.write_u64(julian_day << 8 | person.nationality as u64);
        first_seen(&mut self.seen, hasher.finish(), line)
    }
}

/// The record ids seen so far, as exactly written, by the same kind of keyed hash as
/// the persons (12 bytes each).
pub(crate) struct IdIndex<S> {
    hasher: S,
    seen: HashMap<Fingerprint, u32, BuildHasherDefault<PassThrough>>,
}

impl<S: BuildHasher> IdIndex<S> {
    pub(crate) fn new(hasher: S) -> Self {
        IdIndex {
            hasher,
            seen: HashMap::default(),
        }
    }

    /// Records `id`, seen on `line`; returns the line where it was seen first, if it was.
    pub(crate) fn insert(&mut self, id: &str, line: u32) -> Option<u32> {
        let hash = self.hasher.hash_one(id.as_bytes());
        first_seen(&mut self.seen, hash, line)
    }
}

/// Enters `hash` as seen on `line`, unless it was seen before: then the first line.
fn first_seen(
    seen: &mut HashMap<Fingerprint, u32, BuildHasherDefault<PassThrough>>,
    hash: u64,
    line: u32,
) -> Option<u32> {
    let key = Fingerprint([(hash >> 32) as u32, hash as u32]);
    match seen.entry(key) {
        std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(line);
            None
        }
    }
}

/// A 64-bit hash as two halves, so that an index entry takes 12 bytes, not 16.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Fingerprint([u32; 2]);

impl Hash for Fingerprint {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64((u64::from(self.0[0]) << 32) | u64::from(self.0[1]));
    }
}

/// The index's own hasher: a fingerprint is already a good hash.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use std::hash::RandomState;

    use super::*;

    fn folded(name: &str) -> String {
        let mut out = String::new();
        fold_name(name, &mut out);
        out
    }

    #[test]
    fn case_diacritics_and_space_fold_away() {
        assert_eq!(folded("  Müller-Lüdenscheidt "), "muller ludenscheidt");
        assert_eq!(folded("MULLER   LUDENSCHEIDT"), "muller ludenscheidt");
        assert_eq!(folded("Ó Súilleabháin"), "o suilleabhain");
        assert_eq!(folded("O'Brien"), "obrien");
        assert_eq!(folded("Dvořák"), "dvorak");
        assert_eq!(folded("Weiß"), "weiss");
        assert_eq!(folded("WEISS"), "weiss");
        assert_eq!(folded("Søren Kjærgaard"), "soren kjaergaard");
        assert_eq!(folded("Łukasz Żak"), "lukasz zak");
        assert_eq!(folded("Đurić"), "duric");
        assert_eq!(folded("Ħili"), "hili");
        assert_eq!(folded("Ana\tMaria"), "ana maria");
    }

    #[test]
    fn greek_and_cyrillic_fold_in_their_script() {
        assert_eq!(folded("ΠΑΠΑΔΌΠΟΥΛΟΣ"), folded("Παπαδόπουλος"));
        assert_eq!(folded("Παπαδόπουλος"), "παπαδοπουλοσ");
        assert_eq!(folded("ИВАНОВА"), "иванова");
        assert_eq!(folded("ΩΡΑΊΑ ΣΑΣ"), "ωραια σασ");
        assert_eq!(folded("Ёлка Йорданова"), "елка иорданова");
        assert_ne!(folded("Иванова"), folded("Ivanova"));
    }

    /// `name` folded with the general rules only.
    fn folded_generally(name: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in name.chars() {
            decompose_compatible(c, |d| push_folded(d, 0, &mut space, &mut out));
        }
        out
    }

    #[test]
    fn the_table_folds_as_the_general_rules() {
        for c in (0..FoldTable::CHARS + 0x100).filter_map(char::from_u32) {
            for name in [
                format!("{c}"),
                format!("a{c}b"),
                format!("a {c} b"),
                format!(" {c}"),
            ] {
                assert_eq!(folded(&name), folded_generally(&name), "{c:?} in {name:?}");
            }
        }
    }

    #[test]
    fn compatibility_forms_fold() {
        assert_eq!(folded("ﬁlip"), "filip");
        assert_eq!(folded("Ａnna"), "anna");
    }

    #[test]
    fn index_finds_the_same_person_by_folded_key() {
        let dob = parse_date("1980-01-02").unwrap();
        let person = |surname, given_names, nationality| Person {
            surname,
            given_names,
            date_of_birth: dob,
            nationality,
        };
        let mut index = PersonIndex::new(RandomState::new());
        assert_eq!(
            index.insert(&person("Müller", "Jürgen", Country::DE), 2),
            None
        );
        assert_eq!(
            index.insert(&person("MULLER", " jurgen ", Country::DE), 7),
            Some(2)
        );
        assert_eq!(
            index.insert(&person("Müller", "Jürgen", Country::AT), 8),
            None
        );
        assert_eq!(
            index.insert(&person("Jürgen", "Müller", Country::DE), 9),
            None
        );
        assert_eq!(
            index.insert(&person("Müller", "Jürgen", Country::DE), 10),
            Some(2)
        );
    }

    #[test]
    fn ids_are_found_exactly_as_written() {
        let mut index = IdIndex::new(RandomState::new());
        assert_eq!(index.insert("BE-1", 2), None);
        assert_eq!(index.insert("be-1", 3), None);
        assert_eq!(index.insert("BE-1 ", 4), None);
        assert_eq!(index.insert("BE-1", 5), Some(2));
    }

    #[test]
    fn only_complete_rows_name_a_person() {
        assert!(Person::from_fields("A", "B", "1980-01-02", "DE").is_some());
        assert!(Person::from_fields(" ", "B", "1980-01-02", "DE").is_none());
        assert!(Person::from_fields("A", "", "1980-01-02", "DE").is_none());
        assert!(Person::from_fields("A", "B", "1980-02-30", "DE").is_none());
        assert!(Person::from_fields("A", "B", "1980-01-02", "GR").is_none());
    }
}
