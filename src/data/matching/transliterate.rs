//! Greek (ELOT 743, as Greek passports write names) and Cyrillic (ISO 9:1995) letters in
//! Latin, for comparing a name in its original script with the same name as another
//! register transliterated it.
//!
//! Written by hand because no well-kept crate implements either standard: each is one
//! small table (ELOT 743 adds its few digraph rules), tested below against published
//! examples. The result is lower case; ISO 9 keeps its diacritics (`ж` → `ž`), which
//! the name folding removes afterwards.

use unicode_normalization::char::decompose_canonical;

/// `text` with every Greek and Cyrillic letter in Latin (lower case), every other
/// character unchanged; and whether any letter was transliterated.
pub(crate) fn to_latin(text: &str, out: &mut String) -> bool {
    if !has_greek_or_cyrillic(text) {
        out.push_str(text);
        return false;
    }
    let letters = base_letters(text);
    let mut changed = false;
    let mut i = 0;
    while i < letters.len() {
        let c = letters[i].0;
        if let Some(latin) = cyrillic(c) {
            out.push_str(latin);
            changed = true;
            i += 1;
            continue;
        }
        if !is_greek(c) {
            out.push(c);
            i += 1;
            continue;
        }
        changed = true;
        let next = letters.get(i + 1).filter(|&&(_, diaeresis)| !diaeresis);
        let after = letters.get(i + 2).map(|&(a, _)| a);
        let (latin, used) = greek(c, next.map(|&(n, _)| n), after);
        out.push_str(latin);
        i += used;
    }
    changed
}

/// Whether `text` holds a Greek or Cyrillic letter.
pub(crate) fn has_greek_or_cyrillic(text: &str) -> bool {
    text.chars().any(
        |c| matches!(c, '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' | '\u{400}'..='\u{4ff}'),
    )
}

/// The characters of `text`, Greek and Cyrillic letters in lower case, Greek letters
/// without their accents (with a flag for a diaeresis, which splits a Greek digraph);
/// Cyrillic letters kept whole, since ISO 9 gives `й` and `ё` letters of their own.
fn base_letters(text: &str) -> Vec<(char, bool)> {
    let mut letters = Vec::with_capacity(text.len());
    let lower = |c: char| {
        let script =
            matches!(c, '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' | '\u{400}'..='\u{4ff}');
        let mut lowered = c.to_lowercase();
        match (script, lowered.next()) {
            (true, Some(l)) if lowered.next().is_none() => l,
            _ => c,
        }
    };
    for c in text.chars().map(lower) {
        if is_greek(c) || matches!(c, '\u{1f00}'..='\u{1fff}') {
            let mut base = None;
            let mut diaeresis = false;
            decompose_canonical(c, |d| match d {
                '\u{308}' => diaeresis = true,
                d if base.is_none() => base = Some(d),
                _ => {}
            });
            letters.push((base.unwrap_or(c), diaeresis));
        } else {
            letters.push((c, false));
        }
    }
    letters
}

fn is_greek(c: char) -> bool {
    matches!(c, '\u{370}'..='\u{3ff}')
}

/// ELOT 743 for the letter `c`, followed by `next` (none when it bears a diaeresis,
/// which splits a digraph) and `after`. Returns the Latin and how many letters it took.
fn greek(c: char, next: Option<char>, after: Option<char>) -> (&'static str, usize) {
    match (c, next) {
        // αυ, ευ, ηυ: v before a vowel or a voiced consonant, f before a voiceless one
        // or at the end.
        ('α' | 'ε' | 'η', Some('υ')) => {
            let voiceless = after.is_none_or(|a| "θκξπσςτφχψ".contains(a) || !is_greek(a));
            let latin = match (c, voiceless) {
                ('α', false) => "av",
                ('α', true) => "af",
                ('ε', false) => "ev",
                ('ε', true) => "ef",
                (_, false) => "iv",
                (_, true) => "if",
            };
            (latin, 2)
        }
        ('ο', Some('υ')) => ("ou", 2),
        ('γ', Some('γ')) => ("ng", 2),
        ('γ', Some('ξ')) => ("nx", 2),
        ('γ', Some('χ')) => ("nch", 2),
        _ => (greek_letter(c), 1),
    }
}

fn greek_letter(c: char) -> &'static str {
    match c {
        'α' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' => "e",
        'ζ' => "z",
        'η' => "i",
        'θ' => "th",
        'ι' => "i",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        'υ' => "y",
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        'ω' => "o",
        _ => "",
    }
}

/// ISO 9:1995 for a lower-case Cyrillic letter.
fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ґ' => "g̀",
        'д' => "d",
        'ѓ' => "ǵ",
        'е' => "e",
        'ё' => "ë",
        'є' => "ê",
        'ж' => "ž",
        'з' => "z",
        'ѕ' => "ẑ",
        'и' => "i",
        'і' => "ì",
        'ї' => "ï",
        'й' => "j",
        'ј' => "ǰ",
        'к' => "k",
        'л' => "l",
        'љ' => "l̂",
        'м' => "m",
        'н' => "n",
        'њ' => "n̂",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ќ' => "ḱ",
        'у' => "u",
        'ў' => "ŭ",
        'ф' => "f",
        'х' => "h",
        'ц' => "c",
        'ч' => "č",
        'џ' => "d̂",
        'ш' => "š",
        'щ' => "ŝ",
        'ъ' => "ʺ",
        'ы' => "y",
        'ь' => "ʹ",
        'э' => "è",
        'ю' => "û",
        'я' => "â",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin(text: &str) -> String {
        let mut out = String::new();
        to_latin(text, &mut out);
        out
    }

    /// ELOT 743 as Greek passports apply it: the examples of the standard's table and
    /// names as they appear in passports.
    #[test]
    fn greek_follows_elot_743() {
        assert_eq!(latin("Παπαδόπουλος"), "papadopoulos");
        assert_eq!(latin("Θεσσαλονίκη"), "thessaloniki");
        assert_eq!(latin("Χανιά"), "chania");
        assert_eq!(latin("Ηράκλειο"), "irakleio");
        assert_eq!(latin("Γεώργιος"), "georgios");
        assert_eq!(latin("Κωνσταντίνος"), "konstantinos");
        assert_eq!(latin("Ευάγγελος"), "evangelos");
        assert_eq!(latin("Ευθύμιος"), "efthymios");
        assert_eq!(latin("Αύγουστος"), "avgoustos");
        assert_eq!(latin("Ντόρα Μπακογιάννη"), "ntora mpakogianni");
        assert_eq!(latin("Ψυχάρης"), "psycharis");
        assert_eq!(latin("Ξάνθη"), "xanthi");
        assert_eq!(latin("Άγχος"), "anchos");
        assert_eq!(latin("Σφίγξ"), "sfinx");
        assert_eq!(latin("Ταΰγετος"), "taygetos");
    }

    /// ISO 9:1995, one Latin letter (with its diacritic) for each Cyrillic one.
    #[test]
    fn cyrillic_follows_iso_9() {
        assert_eq!(latin("Иванова"), "ivanova");
        assert_eq!(latin("Жечев"), "žečev");
        assert_eq!(latin("Щерев"), "ŝerev");
        assert_eq!(latin("Йорданов"), "jordanov");
        assert_eq!(latin("Хаджиев"), "hadžiev");
        assert_eq!(latin("Юлия"), "ûliâ");
        assert_eq!(latin("Цветанка"), "cvetanka");
        assert_eq!(latin("Чернишевски"), "černiševski");
        assert_eq!(latin("Объект"), "obʺekt");
    }

    #[test]
    fn other_scripts_are_left_alone() {
        let mut out = String::new();
        assert!(!to_latin("Müller-Lüdenscheidt", &mut out));
        assert_eq!(out, "Müller-Lüdenscheidt");
        out.clear();
        assert!(to_latin("Ivan Иванов", &mut out));
        assert_eq!(out, "Ivan ivanov");
        assert!(has_greek_or_cyrillic("Ivan Иванов"));
        assert!(!has_greek_or_cyrillic("Dvořák"));
    }
}
