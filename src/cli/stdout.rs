//! Standard output that never panics (`println!` does when it cannot write). A reader
//! that went away (EPIPE: `epct ... | head -1`) is no failure: what is left to print is
//! dropped and the command ends as it would have, with its own exit code, so that a
//! closed pipe can neither hide a refusal nor turn a success into one. Any other failure
//! to write (a full disk: ENOSPC) is an error of exit code 1.
//!
//! With `--out -` standard output carries the content: [`carry_content`] then sends
//! every report line to standard error instead, so that the two never mix.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use super::error::CliError;

/// Set once the reader of standard output went away.
static CLOSED: AtomicBool = AtomicBool::new(false);
/// Set once standard output carries a command's content (`--out -`).
static CONTENT: AtomicBool = AtomicBool::new(false);

/// Standard output, as a writer that drops what a closed pipe cannot take. It may be
/// handed to another thread (a sealing pipeline's writer).
pub struct Stdout(io::Stdout);

impl Stdout {
    pub fn get() -> Self {
        Stdout(io::stdout())
    }
}

/// From now on standard output carries the command's content: reports go to standard
/// error.
pub fn carry_content() {
    CONTENT.store(true, Ordering::Relaxed);
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if CLOSED.load(Ordering::Relaxed) {
            return Ok(buf.len());
        }
        match self.0.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                CLOSED.store(true, Ordering::Relaxed);
                Ok(buf.len())
            }
            result => result,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if CLOSED.load(Ordering::Relaxed) {
            return Ok(());
        }
        match self.0.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                CLOSED.store(true, Ordering::Relaxed);
                Ok(())
            }
            result => result,
        }
    }
}

/// Prints `text` and a line end on standard output, or on standard error where standard
/// output carries content.
pub fn print_line(text: &str) -> Result<(), CliError> {
    if CONTENT.load(Ordering::Relaxed) {
        print_error_line(format_args!("{text}"));
        return Ok(());
    }
    let mut out = Stdout::get();
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(CliError::Stdout)
}

/// Writes one line on standard error; a standard error that cannot be written is given
/// up on, as there is nowhere left to say so.
pub fn print_error_line(text: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr(), "{text}");
}
