//! Whether a received record and a roll entry name the same person: `certain` when
//! every part agrees once normalised, `probable` with the reasons when at most two
//! parts differ in one of the known ways, else no fit.

use std::borrow::Cow;

use serde::Serialize;
use strsim::osa_distance;
use time::Date;

use super::person::{Name, Person};

/// How well a roll entry fits a received record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fit {
    Probable,
    Certain,
}

/// The ways in which the two may differ, as bits of [`Reasons`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u16)]
pub enum Reason {
    GivenNamesReordered = 1,
    GivenNameMissing = 1 << 1,
    GivenNamesSpelling = 1 << 2,
    GivenNamesTransliteration = 1 << 3,
    SurnameIsBirthName = 1 << 4,
    SurnameSpelling = 1 << 5,
    SurnameTransliteration = 1 << 6,
    DayMonthSwapped = 1 << 7,
    DateDigit = 1 << 8,
}

impl Reason {
    pub const ALL: [Reason; 9] = [
        Reason::GivenNamesReordered,
        Reason::GivenNameMissing,
        Reason::GivenNamesSpelling,
        Reason::GivenNamesTransliteration,
        Reason::SurnameIsBirthName,
        Reason::SurnameSpelling,
        Reason::SurnameTransliteration,
        Reason::DayMonthSwapped,
        Reason::DateDigit,
    ];

    /// The reason in words, as the review prints it.
    pub fn words(self) -> &'static str {
        match self {
            Reason::GivenNamesReordered => "given names in another order",
            Reason::GivenNameMissing => "one given name missing on one side",
            Reason::GivenNamesSpelling => "given names spelt slightly differently",
            Reason::GivenNamesTransliteration => {
                "given names transliterated from Greek or Cyrillic differently"
            }
            Reason::SurnameIsBirthName => {
                "surname equal to the birth or former name on the other side"
            }
            Reason::SurnameSpelling => "surname spelt slightly differently",
            Reason::SurnameTransliteration => {
                "surname transliterated from Greek or Cyrillic differently"
            }
            Reason::DayMonthSwapped => "day and month of birth swapped",
            Reason::DateDigit => "one digit of the date of birth differs",
        }
    }
}

/// A set of [`Reason`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reasons(u16);

impl Reasons {
    fn add(&mut self, reason: Reason) {
        self.0 |= reason as u16;
    }

    pub fn contains(self, reason: Reason) -> bool {
        self.0 & reason as u16 != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Reason> {
        Reason::ALL.into_iter().filter(move |&r| self.contains(r))
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// Whether the places of birth of the two agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Place {
    Differs,
    /// One side or both do not give it.
    Unknown,
    Agrees,
}

/// The verdict on one pair.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Assessed {
    pub fit: Fit,
    pub reasons: Reasons,
    /// 1 for certain; lower the more the two differ.
    pub score: f32,
    pub place: Place,
}

/// How one part of the two compares.
enum Part {
    Same,
    /// Differs in the known ways, by this much (0.1 a reason, more for distances).
    Differs(f32),
    Unlike,
}

/// The fit of roll entry `entry` for received record `received`, if any.
pub(crate) fn assess(received: &Person, entry: &Person) -> Option<Assessed> {
    let mut reasons = Reasons::default();
    let parts = [
        surname(received, entry, &mut reasons),
        given_names(&received.given_names, &entry.given_names, &mut reasons),
        date_of_birth(received.date_of_birth, entry.date_of_birth, &mut reasons),
    ];
    let mut differing = 0;
    let mut penalty = 0.0;
    for part in parts {
        match part {
            Part::Same => {}
            Part::Differs(by) => {
                differing += 1;
                penalty += by;
            }
            Part::Unlike => return None,
        }
    }
    let place = place(&received.place_of_birth, &entry.place_of_birth);
    if differing == 0 {
        return Some(Assessed {
            fit: Fit::Certain,
            reasons,
            score: 1.0,
            place,
        });
    }
    // One digit of the date is weak evidence: the names must be the same, and the
    // places of birth must not contradict it.
    if differing > 2
        || (reasons.contains(Reason::DateDigit) && (differing > 1 || place == Place::Differs))
    {
        return None;
    }
    Some(Assessed {
        fit: Fit::Probable,
        reasons,
        score: (0.95 - penalty).max(0.5),
        place,
    })
}

/// Whether two places of birth agree once folded and in Latin.
fn place(a: &Name, b: &Name) -> Place {
    if a.latin.is_empty() || b.latin.is_empty() {
        Place::Unknown
    } else if a.latin == b.latin {
        Place::Agrees
    } else {
        Place::Differs
    }
}

/// The forms of two names to compare: in their script when both have one, else in
/// Latin; and whether one side was transliterated for it.
fn comparable<'a>(a: &'a Name, b: &'a Name) -> (&'a str, &'a str, bool) {
    match (&a.script, &b.script) {
        (Some(x), Some(y)) => (x, y, false),
        (None, None) => (&a.latin, &b.latin, false),
        _ => (&a.latin, &b.latin, true),
    }
}

/// The largest spelling distance taken for a slip, by length.
fn allowed_distance(a: &str, b: &str, transliterated: bool) -> usize {
    let len = a.chars().count().min(b.chars().count());
    let base = match len {
        0..=4 => 0,
        5..=9 => 1,
        _ => 2,
    };
    if transliterated && len >= 4 {
        base + 1
    } else {
        base
    }
}

/// Whether `a` and `b` differ by a slip; its distance.
fn slip(a: &str, b: &str, transliterated: bool) -> Option<usize> {
    let allowed = allowed_distance(a, b, transliterated);
    if allowed == 0 || a.len().abs_diff(b.len()) > allowed * 4 {
        return None;
    }
    let distance = osa_distance(a, b);
    (distance <= allowed).then_some(distance)
}

fn surname(received: &Person, entry: &Person, reasons: &mut Reasons) -> Part {
    let (a, b, transliterated) = comparable(&received.surname, &entry.surname);
    let translit_reason = || Reason::SurnameTransliteration;
    if a == b {
        if transliterated {
            reasons.add(translit_reason());
            return Part::Differs(0.05);
        }
        return Part::Same;
    }
    if transliterated || received.surname.script.is_some() {
        let (la, lb) = (&received.surname.latin, &entry.surname.latin);
        if la == lb || (transliterated && romanised(la) == romanised(lb)) {
            reasons.add(translit_reason());
            return Part::Differs(0.05);
        }
    }
    let births = [
        (
            received.birth_surname.as_deref(),
            Some(entry.surname.latin.as_str()),
        ),
        (
            Some(received.surname.latin.as_str()),
            entry.birth_surname.as_deref(),
        ),
        (
            received.birth_surname.as_deref(),
            entry.birth_surname.as_deref(),
        ),
    ];
    if births.iter().any(|&(x, y)| x.is_some() && x == y) {
        reasons.add(Reason::SurnameIsBirthName);
        return Part::Differs(0.1);
    }
    let (la, lb) = (&received.surname.latin, &entry.surname.latin);
    let (la, lb) = if transliterated {
        (romanised(la), romanised(lb))
    } else {
        (Cow::from(la.as_str()), Cow::from(lb.as_str()))
    };
    if let Some(distance) = slip(&la, &lb, transliterated) {
        reasons.add(if transliterated {
            Reason::SurnameTransliteration
        } else {
            Reason::SurnameSpelling
        });
        return Part::Differs(0.05 + 0.05 * distance as f32);
    }
    Part::Unlike
}

fn given_names(received: &Name, entry: &Name, reasons: &mut Reasons) -> Part {
    let (a, b, transliterated) = comparable(received, entry);
    let (a, b) = if transliterated {
        (romanised(a), romanised(b))
    } else {
        (Cow::from(a), Cow::from(b))
    };
    let (a, b) = (a.as_ref(), b.as_ref());
    let translit = |reasons: &mut Reasons| {
        if transliterated {
            reasons.add(Reason::GivenNamesTransliteration);
        }
    };
    if a == b {
        if transliterated {
            translit(reasons);
            return Part::Differs(0.05);
        }
        return Part::Same;
    }
    let mut words_a: Vec<&str> = a.split(' ').collect();
    let mut words_b: Vec<&str> = b.split(' ').collect();
    words_a.sort_unstable();
    words_b.sort_unstable();
    if words_a == words_b {
        reasons.add(Reason::GivenNamesReordered);
        translit(reasons);
        return Part::Differs(0.1);
    }
    let (fewer, more) = if words_a.len() < words_b.len() {
        (&words_a, &words_b)
    } else {
        (&words_b, &words_a)
    };
    if more.len() == fewer.len() + 1 && is_sub_multiset(fewer, more) {
        reasons.add(Reason::GivenNameMissing);
        translit(reasons);
        return Part::Differs(0.15);
    }
    if let Some(distance) = slip(a, b, transliterated) {
        reasons.add(if transliterated {
            Reason::GivenNamesTransliteration
        } else {
            Reason::GivenNamesSpelling
        });
        return Part::Differs(0.05 + 0.05 * distance as f32);
    }
    Part::Unlike
}

/// `latin` with the spellings in which romanisations of Greek and Cyrillic differ
/// reduced to one (`ts` and `c` for `ц`, `zh` and `z` for `ж`, `ya` and `a` for `я`,
/// `ou` and `u` for `ου`, ...), for comparing a transliterated name with one
/// transliterated otherwise.
fn romanised(latin: &str) -> Cow<'_, str> {
    const SPELLINGS: [(&str, &str); 9] = [
        ("sht", "s"),
        ("sh", "s"),
        ("zh", "z"),
        ("ch", "c"),
        ("ts", "c"),
        ("yu", "u"),
        ("ya", "a"),
        ("ou", "u"),
        ("y", "i"),
    ];
    let mut text = Cow::from(latin);
    for (from, to) in SPELLINGS {
        if text.contains(from) {
            text = Cow::from(text.replace(from, to));
        }
    }
    text
}

/// Whether every word of sorted `fewer` is in sorted `more`, counting repeats.
fn is_sub_multiset(fewer: &[&str], more: &[&str]) -> bool {
    let mut rest = more.iter();
    fewer.iter().all(|w| rest.by_ref().any(|m| m == w))
}

fn date_of_birth(received: Date, entry: Date, reasons: &mut Reasons) -> Part {
    if received == entry {
        return Part::Same;
    }
    if swapped(entry) == Some(received) {
        reasons.add(Reason::DayMonthSwapped);
        return Part::Differs(0.1);
    }
    if digits_differing(received, entry) == 1 {
        reasons.add(Reason::DateDigit);
        return Part::Differs(0.15);
    }
    Part::Unlike
}

/// The date with its day and month swapped, when that is another real date.
pub(crate) fn swapped(date: Date) -> Option<Date> {
    let (day, month) = (date.day(), u8::from(date.month()));
    if day == month || day > 12 {
        return None;
    }
    let month = time::Month::try_from(day).ok()?;
    Date::from_calendar_date(date.year(), month, u8::from(date.month())).ok()
}

/// In how many of the eight digits of `YYYYMMDD` the two dates differ.
fn digits_differing(a: Date, b: Date) -> usize {
    let digits = |d: Date| {
        let n =
            d.year() as u32 * 10_000 + u32::from(u8::from(d.month())) * 100 + u32::from(d.day());
        (0..8).map(move |i| n / 10u32.pow(i) % 10)
    };
    digits(a).zip(digits(b)).filter(|(x, y)| x != y).count()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::super::person::Kind;
    use super::*;

    fn person(surname: &str, given: &str, dob: Date) -> Person {
        Person {
            surname: Name::new(surname, "", Kind::Surname),
            given_names: Name::new(given, "", Kind::GivenNames),
            birth_surname: None,
            date_of_birth: dob,
            place_of_birth: Name::default(),
        }
    }

    const DOB: Date = date!(1980 - 03 - 07);

    fn reasons(a: &Person, b: &Person) -> Option<(Fit, Vec<Reason>)> {
        assess(a, b).map(|x| (x.fit, x.reasons.iter().collect()))
    }

    #[test]
    fn normalised_equality_is_certain() {
        let roll = person("Müller-Lüdenscheidt", "Hans Jürgen", DOB);
        let received = person("MUELLER LUEDENSCHEIDT", "hans  jurgen", DOB);
        assert_eq!(reasons(&received, &roll), Some((Fit::Certain, vec![])));
        let roll = person("van den Berg", "Sanne", DOB);
        assert_eq!(
            reasons(&person("Berg", "Sanne", DOB), &roll).unwrap().0,
            Fit::Certain
        );
    }

    #[test]
    fn each_known_difference_is_probable_with_its_reason() {
        let roll = person("Kowalski", "Jan Piotr", DOB);
        let cases = [
            (
                person("Kowalski", "Piotr Jan", DOB),
                Reason::GivenNamesReordered,
            ),
            (person("Kowalski", "Jan", DOB), Reason::GivenNameMissing),
            (
                person("Kowalsky", "Jan Piotr", DOB),
                Reason::SurnameSpelling,
            ),
            (
                person("Kowalski", "Jan Piotr", date!(1980 - 07 - 03)),
                Reason::DayMonthSwapped,
            ),
            (
                person("Kowalski", "Jan Piotr", date!(1986 - 03 - 07)),
                Reason::DateDigit,
            ),
        ];
        for (received, reason) in cases {
            assert_eq!(
                reasons(&received, &roll),
                Some((Fit::Probable, vec![reason])),
                "{reason:?}"
            );
        }
        let mut married = person("Nowak", "Anna", DOB);
        married.birth_surname = Some("kowalska".into());
        assert_eq!(
            reasons(&person("Kowalska", "Anna", DOB), &married),
            Some((Fit::Probable, vec![Reason::SurnameIsBirthName]))
        );
    }

    #[test]
    fn transliteration_is_a_reason_and_originals_decide() {
        let roll = person("Παπαδόπουλος", "Γεώργιος", DOB);
        assert_eq!(
            reasons(&person("Papadopoulos", "Georgios", DOB), &roll),
            Some((
                Fit::Probable,
                vec![
                    Reason::GivenNamesTransliteration,
                    Reason::SurnameTransliteration
                ]
            ))
        );
        let with_originals = Person {
            surname: Name::new("Papadopulos", "Παπαδόπουλος", Kind::Surname),
            given_names: Name::new("Giorgos", "Γεώργιος", Kind::GivenNames),
            birth_surname: None,
            date_of_birth: DOB,
            place_of_birth: Name::default(),
        };
        assert_eq!(reasons(&with_originals, &roll).unwrap().0, Fit::Certain);
        assert_eq!(
            reasons(
                &person("Zhelyachev", "Todor", DOB),
                &person("Желячев", "Тодор", DOB)
            ),
            Some((
                Fit::Probable,
                vec![
                    Reason::GivenNamesTransliteration,
                    Reason::SurnameTransliteration
                ]
            ))
        );
        let bulgarian = person("Жечев", "Иван", DOB);
        assert_eq!(
            reasons(&person("Zhechev", "Ivan", DOB), &bulgarian),
            Some((
                Fit::Probable,
                vec![
                    Reason::GivenNamesTransliteration,
                    Reason::SurnameTransliteration
                ]
            ))
        );
    }

    #[test]
    fn near_misses_do_not_fit() {
        let roll = person("Kowalski", "Jan", DOB);
        assert_eq!(
            reasons(&person("Kowalski", "Jan", date!(1975 - 11 - 21)), &roll),
            None
        );
        assert_eq!(reasons(&person("Kowalski", "Marek", DOB), &roll), None);
        assert_eq!(reasons(&person("Nowak", "Jan", DOB), &roll), None);
        assert_eq!(
            reasons(&person("Kowalsky", "Jam", date!(1980 - 07 - 03)), &roll),
            None
        );
        assert_eq!(
            reasons(&person("Kowalsky", "Jan", date!(1986 - 03 - 07)), &roll),
            None
        );
    }

    #[test]
    fn a_date_digit_needs_places_of_birth_that_do_not_differ() {
        let born_in = |place: &str| {
            let mut p = person("Kowalski", "Jan", DOB);
            p.place_of_birth = Name::new(place, "", Kind::GivenNames);
            p
        };
        let mut received = born_in("Kraków");
        received.date_of_birth = date!(1986 - 03 - 07);
        let fit = |entry: &Person| assess(&received, entry).map(|a| (a.fit, a.place));
        assert_eq!(
            fit(&born_in("KRAKOW")),
            Some((Fit::Probable, Place::Agrees))
        );
        assert_eq!(fit(&born_in("")), Some((Fit::Probable, Place::Unknown)));
        assert_eq!(fit(&born_in("Gdańsk")), None);
        let mut swapped = born_in("Kraków");
        swapped.date_of_birth = date!(1980 - 07 - 03);
        assert_eq!(
            assess(&swapped, &born_in("Gdańsk")).map(|a| (a.fit, a.place)),
            Some((Fit::Probable, Place::Differs)),
            "other reasons do not need the place"
        );
    }

    #[test]
    fn swapping_needs_a_real_other_date() {
        assert_eq!(swapped(date!(1980 - 03 - 07)), Some(date!(1980 - 07 - 03)));
        assert_eq!(swapped(date!(1980 - 03 - 03)), None);
        assert_eq!(swapped(date!(1980 - 03 - 17)), None);
    }
}
