//! Printing results: JSON on request (`epct::output::to_json`), text otherwise; and the
//! one escaping of every text that comes from a file, a certificate, a list or a token
//! before it is printed.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Mutex;

use epct::output::{to_json, unsafe_in_terminal};
use serde::Serialize;

use super::context::Context;
use super::error::{CliError, ErrorReport};
use super::stdout::{print_error_line, print_line};

/// The version of the schema of every JSON document epct prints, its first member
/// (docs/json.md says what changes it).
pub const JSON_VERSION: u32 = 1;

/// The JSON reports of this run, each an object without its version, printed when it
/// ends ([`print_json`]).
static JSON_REPORTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Prints `value` (an object: a struct or a map) as JSON with `--json` (held until the
/// command ends, so that a failure after it can add its error object), else the text
/// that `text` makes of it, through [`print_line`] (a closed standard output is not an
/// error, a full one is).
pub fn emit<T: Serialize>(
    ctx: &Context,
    value: &T,
    text: impl FnOnce(&T) -> String,
) -> Result<(), CliError> {
    if ctx.json {
        lock_reports().push(to_json(value));
        return Ok(());
    }
    let text = text(value);
    match text.trim_end() {
        "" => Ok(()),
        text => print_line(text),
    }
}

fn lock_reports() -> std::sync::MutexGuard<'static, Vec<String>> {
    JSON_REPORTS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Prints the JSON reports of the run, each with `"version"` first, and under a
/// failure its error object: as the next member of the last report, so that standard
/// output holds one JSON document, else alone (`{"version": 1, "error": {...}}`).
pub fn print_json(error: Option<&ErrorReport>) -> Result<(), CliError> {
    let mut reports = std::mem::take(&mut *lock_reports());
    if let Some(error) = error {
        let error = to_json(error);
        match reports.last_mut() {
            Some(last) => *last = with_first_member(last, &error),
            None => reports.push(error),
        }
    }
    let version = to_json(&serde_json::json!({ "version": JSON_VERSION }));
    reports
        .iter()
        .try_for_each(|report| print_line(&with_first_member(report, &version)))
}

/// `object` (pretty JSON from `to_json`) with the one member of `member` (the same) as
/// its first. Every report is an object: a struct or a map, never a bare list.
fn with_first_member(object: &str, member: &str) -> String {
    let members = object
        .strip_prefix('{')
        .and_then(|o| o.strip_suffix('}'))
        .expect("every JSON report is an object");
    let member = member
        .strip_prefix("{\n")
        .and_then(|m| m.strip_suffix("\n}"))
        .expect("a JSON object of one member");
    // Both are pretty-printed alike: the member is indented as the object's are.
    match members.trim() {
        "" => format!("{{\n{member}\n}}"),
        _ => format!("{{\n{member},{members}}}"),
    }
}

/// `text` with every character that [`unsafe_in_terminal`] names escaped (`\n`,
/// `\u{1b}`), so that a value from outside can neither add a line nor change what the
/// lines around it say. Every printer passes such values through here.
pub fn escaped(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_in_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_in_terminal(c) {
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
    print_error_line(format_args!("warning: {}", escaped(text)));
}

/// Says, on one line of standard error, that this run waits for the lock `lock`,
/// which another epct run holds.
pub fn say_waiting(lock: &Path) {
    print_error_line(format_args!(
        "waiting for {}: another epct run is changing the same store",
        escaped_path(lock)
    ));
}

/// A path from outside (a file name read from a directory) as [`escaped`] text.
pub fn escaped_path(path: &Path) -> String {
    escaped(&path.display().to_string()).into_owned()
}

/// "yes"/"no" for flags in text output.
pub fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_and_the_error_object_come_first() {
        let error = to_json(&CliError::UnknownCipher("des".into()).report());
        let version = to_json(&serde_json::json!({ "version": JSON_VERSION }));
        let report = to_json(&serde_json::json!({"file": "a.csv", "rows": 2}));
        let merged = with_first_member(&with_first_member(&report, &error), &version);
        let value: serde_json::Value = serde_json::from_str(&merged).unwrap();
        assert_eq!(value["rows"], 2);
        assert_eq!(value["error"]["exit_code"], 2);
        assert!(
            merged.starts_with("{\n  \"version\": 1,\n  \"error\": {\n    \"kind\""),
            "{merged}"
        );
        let alone = with_first_member(&error, &version);
        let value: serde_json::Value = serde_json::from_str(&alone).unwrap();
        assert_eq!(value["version"], 1);
        assert_eq!(value["error"]["kind"], "usage");
        let empty = with_first_member("{}", &version);
        assert_eq!(empty, "{\n  \"version\": 1\n}");
    }

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(escaped("FPS Interior"), "FPS Interior");
        assert!(matches!(escaped("Müller, Zoë"), Cow::Borrowed(_)));
        assert_eq!(
            escaped("x\n  BE-to-FR.p7m: received\r\u{1b}[2K\u{85}\u{9b}\u{7f}\t\u{202e}"),
            "x\\n  BE-to-FR.p7m: received\\r\\u{1b}[2K\\u{85}\\u{9b}\\u{7f}\\t\\u{202e}"
        );
    }
}
