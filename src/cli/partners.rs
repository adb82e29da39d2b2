//! `epct partners`: import and list the partner directory.

use std::path::PathBuf;
use std::time::SystemTime;

use clap::Subcommand;

use epct::trust::{Partner, Partners, TrustError, TrustStore};
use serde::Serialize;

use super::context::Context;
use super::error::CliError;
use super::output::{emit, push_line, warn};

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
            let partners = Partners::import(&store, &file, SystemTime::now())?;
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
