//! `epct exchange`: send a file to every home state, receive theirs, follow the receipts.

mod log;
mod platform_layout;
mod receive;
mod send;
mod status;

use clap::Subcommand;

use super::context::Context;
use super::error::CliError;

#[derive(Subcommand)]
pub enum ExchangeCommand {
    /// Validate a residence state's file, split it by nationality, and seal one file
    /// per home state for its recipients in the partner directory, with a manifest.
    Send(send::SendArgs),
    /// Open every sealed file of a directory, check each came from a sender of the
    /// state it claims and is trusted, validate it, and write the plaintext and a
    /// report.
    Receive(receive::ReceiveArgs),
    /// Print the exchange platform's folders and, for Apache httpd, the access rules
    /// that its administrator sets (docs/platform.md).
    PlatformLayout(platform_layout::LayoutArgs),
    /// For a sender: per destination state, the files sent and their receipts
    /// (accepted, with problems, refused, forged), against the deadline. Exits 0 when
    /// every file is accepted, 3 when a receipt is forged, 1 otherwise.
    Status(status::StatusArgs),
    /// The audit trail: every seal, upload, download, receive, receipt made and
    /// receipt received, with its time, file, SHA-256, peer state and outcome.
    Log(log::LogArgs),
}

pub fn run(ctx: &Context, command: ExchangeCommand) -> Result<(), CliError> {
    match command {
        ExchangeCommand::Send(args) => send::run(ctx, &args),
        ExchangeCommand::Receive(args) => receive::run(ctx, &args),
        ExchangeCommand::PlatformLayout(args) => platform_layout::run(ctx, &args),
        ExchangeCommand::Status(args) => status::run(ctx, &args),
        ExchangeCommand::Log(args) => log::run(ctx, &args),
    }
}
