//! `epct partners`: import and list the partner directory.

use std::path::PathBuf;
use std::time::SystemTime;

use clap::Subcommand;

use epct::trust::{BAD_LINES_SHOWN, Partner, Partners, TrustError, TrustStore};
use serde::Serialize;

use super::context::Context;
use super::error::CliError;
use super::output::{emit, escaped, warn};
use super::plural::count;
use super::stdout::print_line;
use super::table::{Align, Column, Table, output_width};

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

#[derive(Serialize)]
struct Listed<'a> {
    partners: &'a [Partner],
}

pub fn run(ctx: &Context, command: PartnersCommand) -> Result<(), CliError> {
    let (partners, imported) = match command {
        PartnersCommand::Import { file } => {
            let store = ctx.locked_trust_store()?;
            let partners = match Partners::import(&store, &file, SystemTime::now()) {
                Ok(partners) => partners,
                Err(error) => {
                    list_bad_lines(ctx, &error)?;
                    return Err(error.into());
                }
            };
            warn_untrusted(&store, &partners);
            (partners, true)
        }
        PartnersCommand::List => (Partners::load(&ctx.trust_store()?)?, false),
    };
    let listed = Listed {
        partners: partners.entries(),
    };
    emit(ctx, &listed, |listed| describe(listed.partners, imported))?;
    Ok(())
}

/// In text, every bad line of a refused directory when there are more than its one
/// line of error names: one a line on standard output, before the error.
fn list_bad_lines(ctx: &Context, error: &TrustError) -> Result<(), CliError> {
    if let TrustError::Partners { bad, .. } = error
        && !ctx.json
        && bad.len() > BAD_LINES_SHOWN
    {
        for line in bad {
            print_line(&format!("error: {}", escaped(&line.to_string())))?;
        }
    }
    Ok(())
}

/// Warns about every certificate that leads to no service a stored list trusts now; a
/// sender's must also pass the signer's checks (key usage, validity).
fn warn_untrusted(store: &TrustStore, partners: &Partners) {
    for p in partners.entries() {
        let checked = store.check(std::slice::from_ref(&p.certificate), SystemTime::now(), &[]);
        let untrusted = match &checked {
            Ok(_) => false,
            Err(TrustError::UnknownIssuer { .. } | TrustError::ServiceNotTrusted(_)) => true,
            Err(_) => p.role.sends(),
        };
        if let (true, Err(e)) = (untrusted, checked) {
            warn(&format!(
                "the certificate of {} ({}) leads to no trusted service: {e}",
                p.authority, p.country
            ));
        }
    }
}

fn describe(entries: &[Partner], imported: bool) -> String {
    if entries.is_empty() {
        return "the partner directory is empty; import one with `epct partners import FILE.csv`"
            .to_owned();
    }
    let mut out = if imported {
        format!(
            "imported {}\n",
            count(entries.len() as u64, "partner certificate")
        )
    } else {
        String::new()
    };
    let column = |header, cut| Column {
        header,
        align: Align::Left,
        cut,
    };
    let mut table = Table::new(vec![
        column("COUNTRY", false),
        column("AUTHORITY", true),
        column("ROLE", false),
        column("VALID UNTIL", false),
        column("CERTIFICATE", true),
    ]);
    for p in entries {
        table.row(vec![
            p.country.to_string(),
            p.authority.clone(),
            p.role.name().to_owned(),
            p.summary.not_after.clone(),
            p.summary.subject.clone(),
        ]);
    }
    out += &table.render(output_width());
    out
}
