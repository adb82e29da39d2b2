//! The `epct` command: parses arguments, reads PINs, calls the library, prints.

#![deny(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
