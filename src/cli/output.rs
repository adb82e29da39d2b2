//! Printing results: JSON on request, text otherwise.

use serde::Serialize;

use super::context::Context;

/// Prints `value` as JSON with `--json`, else the text that `text` makes of it.
pub fn emit<T: Serialize>(ctx: &Context, value: &T, text: impl FnOnce(&T) -> String) {
    if ctx.json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).expect("results serialise to JSON")
        );
    } else {
        let text = text(value);
        if !text.is_empty() {
            println!("{}", text.trim_end());
        }
    }
}

/// "yes"/"no" for flags in text output.
pub fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}
