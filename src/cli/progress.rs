//! Progress on a terminal for the long jobs, drawn by indicatif on standard error: only
//! when standard error is a terminal (indicatif draws nothing elsewhere), never under
//! `-q/--quiet`, and cleared when the job ends, so that the summary or the error line
//! that follows stands alone.

use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

/// Cleared by `-q/--quiet`.
static SHOWN: AtomicBool = AtomicBool::new(true);

/// Whether bars are drawn (on a terminal) in this run.
pub fn show_on_terminal(show: bool) {
    SHOWN.store(show, Ordering::Relaxed);
}

/// A bar for a job that goes through `total` bytes, or a spinner that counts them where
/// the size is not known (standard input, a FIFO), labelled `what`.
pub fn bytes(what: &str, total: Option<u64>) -> ProgressBar {
    let target = if SHOWN.load(Ordering::Relaxed) {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let template = match total {
        Some(_) => "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        None => "{msg} {spinner} {bytes} {bytes_per_sec}",
    };
    let style = ProgressStyle::with_template(template)
        .expect("the templates are valid (tested)")
        .progress_chars("=> ");
    ProgressBar::with_draw_target(total, target)
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
    }
}
