//! Printing results: JSON on request, text otherwise; and the one escaping of every text
//! that comes from a file, a certificate, a list or a token before it is printed.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::context::Context;

/// Prints `value` as JSON with `--json`, else the text that `text` makes of it.
pub fn emit<T: Serialize>(ctx: &Context, value: &T, text: impl FnOnce(&T) -> String) {
    if ctx.json {
        let json = serde_json::to_string_pretty(value).expect("results serialise to JSON");
        println!("{}", json_escaped(&json));
    } else {
        let text = text(value);
        if !text.is_empty() {
            println!("{}", text.trim_end());
        }
    }
}

/// Whether printing `c` raw could move the cursor, end a line, or reorder what a
/// terminal shows: the C0 and C1 controls and DEL, and the bidirectional formatting
/// characters.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every character that [`unsafe_char`] names escaped (`\n`, `\u{1b}`), so
/// that a value from outside can neither add a line nor change what the lines around it
/// say. Every printer passes such values through here.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            write!(out, "{}", c.escape_default()).expect("writing to a String");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Appends `text` to `out` as one printed line: [`escaped`], then a line end.
pub fn push_line(out: &mut String, text: &str) {
    out.push_str(&escaped(text));
    out.push('\n');
}

/// Prints `text` as one warning line on standard error, [`escaped`].
pub fn warn(text: &str) {
    eprintln!("warning: {}", escaped(text));
}

/// A path from outside (a file name read from a directory) as [`escaped`] text.
pub fn escaped_path(path: &Path) -> String {
    escaped(&path.display().to_string()).into_owned()
}

/// serde_json escapes the C0 controls but writes DEL, the C1 controls and the
/// bidirectional formatting characters raw; in its output they can only be inside
/// strings, where `\uXXXX` says the same.
fn json_escaped(json: &str) -> Cow<'_, str> {
    let raw = |c: char| unsafe_char(c) && c >= '\u{7f}';
    if !json.chars().any(raw) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if raw(c) {
            write!(out, "\\u{:04x}", u32::from(c)).expect("writing to a String");
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// "yes"/"no" for flags in text output.
pub fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(escaped("FPS Interior"), "FPS Interior");
        assert!(matches!(escaped("Müller, Zoë"), Cow::Borrowed(_)));
        assert_eq!(
            escaped("x\n  BE-to-FR.p7m: received\r\u{1b}[2K\u{85}\u{9b}\u{7f}\t\u{202e}"),
            "x\\n  BE-to-FR.p7m: received\\r\\u{1b}[2K\\u{85}\\u{9b}\\u{7f}\\t\\u{202e}"
        );
    }

    #[test]
    fn json_never_carries_a_raw_control_character() {
        let value = serde_json::json!({ "name": "a\nb\u{1b}c\u{7f}d\u{9b}e\u{202e}f" });
        let json = serde_json::to_string_pretty(&value).unwrap();
        let printed = json_escaped(&json);
        assert!(
            !printed.chars().any(|c| unsafe_char(c) && c != '\n'),
            "{printed}"
        );
        assert_eq!(printed.lines().count(), 3, "pretty JSON keeps its lines");
        let back: serde_json::Value = serde_json::from_str(&printed).unwrap();
        assert_eq!(back, value);
        assert!(
            !printed.contains("\\u{"),
            "JSON escapes, not Rust ones: {printed}"
        );
    }
}
