//! A person as matching sees them: each name in a Latin form (folded, Greek and
//! Cyrillic transliterated, name particles dropped from surnames, `ue`-style
//! spellings as the vowel alone) and, when known, in its original script; the date
//! of birth. Built once per received record, and once per roll row into reused buffers.

use time::Date;

use super::transliterate::{has_greek_or_cyrillic, to_latin};
use crate::data::fold_name;

/// Particles of surnames that registers write, drop or join differently
/// (`van den Berg`, `Berg`; `de la Fuente`, `Fuente`).
const PARTICLES: &[&str] = &[
    "d", "da", "das", "de", "degli", "dei", "del", "della", "den", "der", "des", "di", "do", "dos",
    "du", "el", "la", "le", "lo", "o", "t", "te", "ten", "ter", "van", "vom", "von", "y", "zu",
    "zum", "zur",
];

/// One name in its comparable forms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Name {
    /// Folded and in Latin; surnames without particles or spaces, given names as words
    /// separated by one space.
    pub latin: String,
    /// Folded in its Greek or Cyrillic script, the same way, when the name was given in
    /// it (in the main column or in the `_original` one).
    pub script: Option<String>,
}

/// What a comparison needs of a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Person {
    pub surname: Name,
    pub given_names: Name,
    /// The surname at birth, in Latin, when given and different.
    pub birth_surname: Option<String>,
    pub date_of_birth: Date,
    /// The place of birth, folded as given names are; empty when not known. Not a part
    /// of the names: it corroborates a weak fit and tells candidates apart.
    pub place_of_birth: Name,
}

/// Working buffers, so that reading the roll allocates nothing per row.
#[derive(Default)]
pub(crate) struct Scratch {
    latin: String,
    folded: String,
}

/// Which kind of name: surnames lose their particles and spaces.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Surname,
    GivenNames,
}

impl Name {
    /// Fills `self` from `main` (any script) and `original` (the original-script
    /// column, empty when absent).
    pub(crate) fn set(&mut self, main: &str, original: &str, kind: Kind, scratch: &mut Scratch) {
        scratch.latin.clear();
        to_latin(main, &mut scratch.latin);
        fold_words(&scratch.latin, kind, &mut scratch.folded, &mut self.latin);
        let script_source = if has_greek_or_cyrillic(original) {
            Some(original)
        } else if has_greek_or_cyrillic(main) {
            Some(main)
        } else {
            None
        };
        match script_source {
            Some(text) => {
                let mut script = self.script.take().unwrap_or_default();
                fold_words(text, kind, &mut scratch.folded, &mut script);
                self.script = Some(script);
            }
            None => self.script = None,
        }
    }

    /// A new name from `main` and `original`.
    pub(crate) fn new(main: &str, original: &str, kind: Kind) -> Name {
        let mut name = Name::default();
        name.set(main, original, kind, &mut Scratch::default());
        name
    }
}

/// A surname at birth in its Latin form, or none when empty.
pub(crate) fn birth_surname(text: &str, scratch: &mut Scratch, out: &mut Option<String>) {
    let mut latin = out.take().unwrap_or_default();
    scratch.latin.clear();
    to_latin(text, &mut scratch.latin);
    fold_words(
        &scratch.latin,
        Kind::Surname,
        &mut scratch.folded,
        &mut latin,
    );
    if !latin.is_empty() {
        *out = Some(latin);
    }
}

/// `text` folded into `out`, word by word: `ue`-style spellings reduced, particles
/// dropped from surnames (unless nothing else is left) and their words joined.
fn fold_words(text: &str, kind: Kind, folded: &mut String, out: &mut String) {
    folded.clear();
    fold_name(text, folded);
    out.clear();
    let words = || folded.split(' ').filter(|w| !w.is_empty());
    let keep_all = kind == Kind::GivenNames || words().all(|w| PARTICLES.contains(&w));
    for word in words() {
        if !keep_all && PARTICLES.contains(&word) {
            continue;
        }
        if kind == Kind::GivenNames && !out.is_empty() {
            out.push(' ');
        }
        push_without_umlaut_e(word, out);
    }
}

/// `ae`, `oe`, `ue` as `a`, `o`, `u`: the spelling of `ä`, `ö`, `ü` where they cannot
/// be written (folding already made `ü` a `u`).
fn push_without_umlaut_e(word: &str, out: &mut String) {
    let mut previous = None;
    for c in word.chars() {
        if c == 'e' && matches!(previous, Some('a' | 'o' | 'u')) {
            previous = None;
            continue;
        }
        out.push(c);
        previous = Some(c);
    }
}

/// A short key of a Latin name for blocking: its first letter, then its consonants by
/// sound class (`c`/`k`/`q`, `s`/`z`, `v`/`w`), without `h` and repeats, `ts` as the
/// `c` that ISO 9 writes for `ц`; so that `zhechev` and `zecev`, `tsvetkov` and
/// `cvetkov`, `papadopoulos` and `papadopulos` meet.
pub(crate) fn skeleton(latin: &str, out: &mut String) {
    out.clear();
    let mut last = None;
    let mut chars = latin.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let c = match (c, chars.peek()) {
            ('t', Some((_, 's'))) => {
                chars.next();
                'c'
            }
            _ => c,
        };
        let class = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'j' if i == 0 => 'a',
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'j' | 'h' | ' ' => {
                last = None;
                continue;
            }
            'c' | 'k' | 'q' | 'g' => 'k',
            's' | 'z' | 'x' => 's',
            'w' | 'v' | 'f' => 'v',
            'b' | 'p' => 'p',
            'd' | 't' => 't',
            other => other,
        };
        if last != Some(class) {
            out.push(class);
        }
        last = Some(class);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surname(text: &str) -> String {
        Name::new(text, "", Kind::Surname).latin
    }

    fn skeleton_of(latin: &str) -> String {
        let mut out = String::new();
        skeleton(latin, &mut out);
        out
    }

    #[test]
    fn surnames_fold_to_one_latin_form() {
        assert_eq!(surname("Müller"), surname("MUELLER"));
        assert_eq!(surname("Weiß"), surname("Weiss"));
        assert_eq!(surname("van den Berg"), "berg");
        assert_eq!(surname("de la Fuente Orduña"), "funteorduna");
        assert_eq!(surname("O'Brien"), "obrien");
        assert_eq!(surname("Lemaître"), surname("LEMAITRE"));
        assert_eq!(surname("Smith-Jones"), surname("Smith Jones"));
        assert_eq!(surname("Van"), "van");
        assert_eq!(surname("Παπαδόπουλος"), "papadopoulos");
    }

    #[test]
    fn given_names_keep_their_words() {
        let given = Name::new("Jean-Luc  Marie", "", Kind::GivenNames);
        assert_eq!(given.latin, "jean luc marie");
        assert_eq!(given.script, None);
    }

    #[test]
    fn the_original_script_is_kept_beside_the_latin() {
        let name = Name::new("Papadopoulos", "Παπαδόπουλος", Kind::Surname);
        assert_eq!(name.latin, "papadopoulos");
        assert_eq!(name.script.as_deref(), Some("παπαδοπουλοσ"));
        let roll = Name::new("ΠΑΠΑΔΟΠΟΥΛΟΣ", "", Kind::Surname);
        assert_eq!(roll.script, name.script);
        assert_eq!(roll.latin, name.latin);
    }

    #[test]
    fn skeletons_meet_across_spellings() {
        assert_eq!(skeleton_of("zhechev"), skeleton_of("zecev"));
        assert_eq!(skeleton_of("tsvetkov"), skeleton_of("cvetkov"));
        assert_eq!(skeleton_of("papadopoulos"), skeleton_of("papadopulos"));
        assert_eq!(skeleton_of("ivanova"), skeleton_of("yvanova"));
        assert_ne!(skeleton_of("martin"), skeleton_of("bernard"));
    }
}
