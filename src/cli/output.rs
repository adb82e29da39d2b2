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

/// The JSON reports of this run, printed when it ends ([`print_json`]).
static JSON_REPORTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Prints `value` as JSON with `--json` (held until the command ends, so that a failure
/// after it can add its error object), else the text that `text` makes of it, through
/// [`print_line`] (a closed standard output is not an error, a full one is).
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

/// Prints the JSON reports of the run, and under a failure its error object: as the
/// first key of the last report where that is an object, so that standard output
/// holds one JSON document, else alone.
pub fn print_json(error: Option<&ErrorReport>) -> Result<(), CliError> {
    let mut reports = std::mem::take(&mut *lock_reports());
    if let Some(error) = error {
        let error = to_json(error);
        match reports.last_mut().and_then(|last| with_error(last, &error)) {
            Some(merged) => *reports.last_mut().expect("checked") = merged,
            None => reports.push(error),
        }
    }
    reports.iter().try_for_each(|report| print_line(report))
}

/// `report` (pretty JSON from `to_json`) with the `"error"` member of `error` (the
/// same, an object of one member) first, when `report` is an object.
fn with_error(report: &str, error: &str) -> Option<String> {
    let members = report.strip_prefix('{')?.strip_suffix('}')?;
    let member = error.strip_prefix("{\n")?.strip_suffix("\n}")?;
    // Both are pretty-printed alike: the member is indented as the report's are.
    Some(match members.trim() {
        "" => format!("{{\n{member}\n}}"),
        _ => format!("{{\n{member},{members}}}"),
    })
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
    fn the_error_object_joins_the_report_as_its_first_member() {
        let error = CliError::UnknownCipher("des".into()).report();
        let report = to_json(&serde_json::json!({"file": "a.csv", "rows": 2}));
        let merged = with_error(&report, &to_json(&error)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&merged).unwrap();
        assert_eq!(value["rows"], 2);
        assert_eq!(value["error"]["exit_code"], 2);
        assert!(
            merged.starts_with("{\n  \"error\": {\n    \"kind\""),
            "{merged}"
        );
        let empty = with_error("{}", &to_json(&error)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&empty).unwrap();
        assert_eq!(value["error"]["kind"], "usage");
        assert_eq!(with_error("[\n  1\n]", &to_json(&error)), None);
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
