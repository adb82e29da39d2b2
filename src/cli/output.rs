//! Printing results: JSON on request (`epct::output::to_json`), text otherwise; and the
//! one escaping of every text that comes from a file, a certificate, a list or a token
//! before it is printed.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

use epct::output::{to_json, unsafe_in_terminal};
use serde::Serialize;

use super::context::Context;
use super::error::CliError;
use super::stdout::{print_error_line, print_line};

/// Prints `value` as JSON with `--json`, else the text that `text` makes of it, through
/// [`print_line`] (a closed standard output is not an error, a full one is).
pub fn emit<T: Serialize>(
    ctx: &Context,
    value: &T,
    text: impl FnOnce(&T) -> String,
) -> Result<(), CliError> {
    if ctx.json {
        return print_line(&to_json(value));
    }
    let text = text(value);
    match text.trim_end() {
        "" => Ok(()),
        text => print_line(text),
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
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(escaped("FPS Interior"), "FPS Interior");
        assert!(matches!(escaped("Müller, Zoë"), Cow::Borrowed(_)));
        assert_eq!(
            escaped("x\n  BE-to-FR.p7m: received\r\u{1b}[2K\u{85}\u{9b}\u{7f}\t\u{202e}"),
            "x\\n  BE-to-FR.p7m: received\\r\\u{1b}[2K\\u{85}\\u{9b}\\u{7f}\\t\\u{202e}"
        );
    }
}
