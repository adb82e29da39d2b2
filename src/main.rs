//! The `epct` command: parses arguments, reads PINs, calls the library, prints.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
