//! The JSON that epct prints or writes, with no raw character that a terminal would obey.

/// Whether a terminal shown `c` raw could move the cursor, end a line or reorder what it
/// shows: the C0 and C1 controls and DEL, and the bidirectional formatting characters.
pub fn unsafe_in_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `value` as pretty JSON. serde_json escapes the C0 controls but writes DEL, the C1
/// controls and the bidirectional formatting characters raw; in its output they can only
/// be inside strings, where `\uXXXX` says the same, so they are written so.
pub fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let json = serde_json::to_string_pretty(value).expect("epct's reports serialise to JSON");
    let raw = |c: char| unsafe_in_terminal(c) && c >= '\u{7f}';
    if !json.chars().any(raw) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if raw(c) {
            out += &format!("\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_never_carries_a_raw_control_character() {
        let value = serde_json::json!({ "name": "a\nb\u{1b}c\u{7f}d\u{9b}e\u{202e}f" });
        let json = to_json(&value);
        assert!(
            !json.chars().any(|c| unsafe_in_terminal(c) && c != '\n'),
            "{json}"
        );
        assert_eq!(json.lines().count(), 3, "pretty JSON keeps its lines");
        assert!(json.contains(r"\u007fd\u009be\u202ef"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back, value);
    }
}
