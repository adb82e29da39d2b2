//! The `epct` command: parses arguments, reads PINs, calls the library, prints.

#![deny(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    // Before anything opens a file: `--pin-source fd:N` may name only these.
    epct::token::note_inherited_descriptors();
    cli::run()
}
