//! `epct partners`: import and list the partner directory.

use std::path::PathBuf;

use clap::Subcommand;

use epct::trust::{Partner, Partners};

use super::context::Context;
use super::error::CliError;
use super::output::{emit, push_line};

#[derive(Subcommand)]
pub enum PartnersCommand {
    /// Replace the partner directory with a CSV file: country,authority,role,certificate
    /// (role sender, recipient or both; certificate as base64 DER or a PEM file path
    /// relative to the CSV file).
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    /// The partner directory.
    List,
}

pub fn run(ctx: &Context, command: PartnersCommand) -> Result<(), CliError> {
    let store = ctx.trust_store()?;
    let (partners, imported) = match command {
        PartnersCommand::Import { file } => (Partners::import(&store, &file)?, true),
        PartnersCommand::List => (Partners::load(&store)?, false),
    };
    emit(ctx, &partners.entries(), |entries| {
        describe(entries, imported)
    });
    Ok(())
}

fn describe(entries: &[Partner], imported: bool) -> String {
    if entries.is_empty() {
        return "the partner directory is empty; import one with `epct partners import FILE.csv`"
            .to_owned();
    }
    let mut out = if imported {
        format!("imported {} partner certificates\n", entries.len())
    } else {
        String::new()
    };
    out += &format!(
        "{:<7} {:<30} {:<9} {:<20} {}\n",
        "COUNTRY", "AUTHORITY", "ROLE", "VALID UNTIL", "CERTIFICATE"
    );
    for p in entries {
        push_line(
            &mut out,
            &format!(
                "{:<7} {:<30} {:<9} {:<20} {}",
                p.country,
                p.authority,
                p.role.name(),
                p.summary.not_after,
                p.summary.subject
            ),
        );
    }
    out
}
