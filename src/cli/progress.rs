//! Progress on a terminal for the long jobs, drawn by indicatif on standard error: only
//! when standard error is a terminal (indicatif draws nothing elsewhere), never under
//! `-q/--quiet`, and cleared when the job ends, so that the summary or the error line
//! that follows stands alone.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

/// Cleared by `-q/--quiet`.
static SHOWN: AtomicBool = AtomicBool::new(true);

/// Whether bars are drawn (on a terminal) in this run.
pub fn show_on_terminal(show: bool) {
    SHOWN.store(show, Ordering::Relaxed);
}

fn target() -> ProgressDrawTarget {
    if SHOWN.load(Ordering::Relaxed) {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// A spinner with the time spent, for a job of many files whose work the library does
/// (`exchange send`, `exchange receive`), labelled `what`; it turns on its own until
/// dropped.
pub fn working(what: String) -> ProgressBar {
    let style = ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
        .expect("the template is valid (tested)");
    let bar = ProgressBar::with_draw_target(None, target())
        .with_style(style)
        .with_message(what)
        .with_finish(ProgressFinish::AndClear);
    if !bar.is_hidden() {
        bar.enable_steady_tick(Duration::from_millis(120));
    }
    bar
}

/// A bar for a job that goes through `total` bytes, or a spinner that counts them where
/// the size is not known (standard input, a FIFO), labelled `what`.
pub fn bytes(what: &str, total: Option<u64>) -> ProgressBar {
    let template = match total {
        Some(_) => "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        None => "{msg} {spinner} {bytes} {bytes_per_sec}",
    };
    let style = ProgressStyle::with_template(template)
        .expect("the templates are valid (tested)")
        .progress_chars("=> ");
    ProgressBar::with_draw_target(total, target())
        .with_style(style)
        .with_message(what.to_owned())
        .with_finish(ProgressFinish::AndClear)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_templates_parse_and_count_bytes() {
        show_on_terminal(false);
        for total in [Some(10), None] {
            let bar = bytes("sealing", total);
            bar.inc(4);
            assert_eq!(bar.position(), 4);
            assert_eq!(bar.length(), total);
        }
        let spinner = working("sending voters.csv".to_owned());
        assert!(spinner.is_hidden());
        assert_eq!(spinner.message(), "sending voters.csv");
    }
}
