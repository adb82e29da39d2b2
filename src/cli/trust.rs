//! `epct trust`: import trusted lists, list them, check a certificate against them.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use clap::Subcommand;
use epct::Error;
use epct::input::{self, Limit, read_bounded};
use epct::trust::{
    CheckedAgainst, ImportOptions, ImportOutcome, ImportReport, ListSummary, PinChange, parse_time,
    read_crls,
};
use epct::x509::read_certificates;
use serde::Serialize;

use super::context::Context;
use super::error::CliError;
use super::output::{emit, escaped, escaped_path, warn, yes_no};
use super::table::{Align, Column, Table, output_width};
use super::verdict::describe_trust_check;

#[derive(Subcommand)]
pub enum TrustCommand {
    /// Import an ETSI TS 119 612 trusted list (a national list, or the EU list of lists)
    /// once its XML signature verifies.
    Import {
        /// The list (XML).
        file: PathBuf,
        /// A certificate allowed to sign the list (PEM or DER; repeatable), pinned for
        /// the list's territory when it has no signer yet. Without it, the territory's
        /// stored pin and the imported EU list of lists say who may sign the list.
        #[arg(long = "signer-cert", value_name = "PEM")]
        signer_cert: Vec<PathBuf>,
        /// Make the --signer-cert certificates the territory's pin in place of the
        /// stored one.
        #[arg(long = "replace-pin", requires = "signer_cert")]
        replace_pin: bool,
        /// When the signing certificate must be valid: RFC 3339 or YYYY-MM-DD (default:
        /// now). Give the list's issue date for an archived list.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Accept a list older than the one stored.
        #[arg(long)]
        force: bool,
        /// Accept a list signed with SHA-1 or an RSA key under 2048 bits (reported as
        /// legacy).
        #[arg(long)]
        allow_legacy: bool,
    },
    /// The imported lists, with stale ones (past their next update) flagged.
    List {
        /// Judge staleness at this time (default: now).
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Is a certificate trusted at a time, and through which service of which list?
    Check {
        /// The certificate (PEM or DER); more certificates in the same PEM file are taken
        /// as intermediates.
        certificate: PathBuf,
        /// The time to check at: RFC 3339 or YYYY-MM-DD (default: now).
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// A CRL to apply (PEM or DER; repeatable; default: the configuration's crl
        /// and crl-dir).
        #[arg(long, value_name = "FILE")]
        crl: Vec<PathBuf>,
        /// Intermediate CA certificates (PEM; repeatable).
        #[arg(long, value_name = "PEM")]
        chain: Vec<PathBuf>,
    },
}

pub fn run(ctx: &Context, command: TrustCommand) -> Result<(), CliError> {
    match command {
        TrustCommand::Import {
            file,
            signer_cert,
            replace_pin,
            at,
            force,
            allow_legacy,
        } => import(
            ctx,
            &file,
            &signer_cert,
            ImportFlags {
                replace_pin,
                force,
                allow_legacy,
            },
            at.as_deref(),
        ),
        TrustCommand::List { at } => list(ctx, at.as_deref()),
        TrustCommand::Check {
            certificate,
            at,
            crl,
            chain,
        } => check(
            ctx,
            &certificate,
            at.as_deref(),
            &ctx.crl_files(&crl)?,
            &chain,
        ),
    }
}

fn time(at: Option<&str>) -> Result<SystemTime, CliError> {
    Ok(at
        .map(parse_time)
        .transpose()?
        .unwrap_or_else(SystemTime::now))
}

fn read(path: &Path, limit: Limit) -> Result<Vec<u8>, CliError> {
    Ok(read_bounded(path, limit).map_err(Error::from)?)
}

fn certificates(path: &Path) -> Result<Vec<x509_cert::Certificate>, CliError> {
    Ok(read_certificates(
        &read(path, input::CERTIFICATE)?,
        &path.display().to_string(),
    )?)
}

/// The switches of `trust import`.
struct ImportFlags {
    replace_pin: bool,
    force: bool,
    allow_legacy: bool,
}

fn import(
    ctx: &Context,
    file: &Path,
    signer_certs: &[PathBuf],
    flags: ImportFlags,
    at: Option<&str>,
) -> Result<(), CliError> {
    let ImportFlags {
        replace_pin,
        force,
        allow_legacy,
    } = flags;
    let options = ImportOptions {
        pinned: signer_certs
            .iter()
            .map(|p| certificates(p))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .collect(),
        replace_pin,
        at: time(at)?,
        force,
        allow_legacy,
    };
    let bytes = read(file, input::TRUSTED_LIST)?;
    let report = ctx.locked_trust_store()?.import(&bytes, &options)?;
    if report.stale {
        warn(&format!(
            "the {} list is past its next update ({}); look for a newer one",
            report.territory,
            report.next_update.as_deref().unwrap_or("?")
        ));
    }
    if let Some(country) = &report.signer_country_differs {
        warn(&format!(
            "the {} list is signed by a certificate of country {} ({}); check that this is the {} supervisory body's",
            report.territory, country, report.signature.signer_subject, report.territory
        ));
    }
    if report.signature.legacy {
        warn(&format!(
            "the {} list is signed with a legacy algorithm or key (accepted with --allow-legacy)",
            report.territory
        ));
    }
    if report.pin == PinChange::Replaced {
        warn(&format!(
            "the pinned certificate of {} was replaced (--replace-pin)",
            report.territory
        ));
    }
    let imported = Imported {
        file: file.display().to_string(),
        report,
    };
    emit(ctx, &imported, |i| describe_import(&i.report))?;
    Ok(())
}

#[derive(Serialize)]
struct Imported {
    /// The list read.
    file: String,
    #[serde(flatten)]
    report: ImportReport,
}

fn describe_import(r: &ImportReport) -> String {
    let what = if r.list_of_lists {
        "the EU list of lists".to_owned()
    } else {
        format!("the {} trusted list", r.territory)
    };
    let done = match (r.outcome, r.previous_sequence) {
        (ImportOutcome::Added, _) => "added".to_owned(),
        (ImportOutcome::Replaced, Some(old)) => format!("replaces sequence {old}"),
        (ImportOutcome::Unchanged, _) => "already imported, nothing changed".to_owned(),
        (ImportOutcome::Downgraded, Some(old)) => format!("replaces the newer sequence {old}"),
        (_, None) => "stored".to_owned(),
    };
    let against = match r.checked_against {
        CheckedAgainst::Pinned => "a pinned certificate",
        CheckedAgainst::ListOfLists => "the EU list of lists",
    };
    let pin = match r.pin {
        PinChange::Unchanged => String::new(),
        PinChange::Added => format!(
            "\n  pinned the signer certificates for {}",
            escaped(&r.territory)
        ),
        PinChange::Replaced => format!(
            "\n  replaced the pinned certificates of {} (--replace-pin)",
            escaped(&r.territory)
        ),
    };
    format!(
        "imported {}, sequence {} ({done})\n  signed by {} (checked against {against}){pin}\n  signing time {}\n  next update {}\n  stored in {}",
        escaped(&what),
        r.sequence,
        escaped(&r.signature.signer_subject),
        escaped(r.signature.signing_time.as_deref().unwrap_or("not given")),
        r.next_update.as_deref().unwrap_or("none (closed list)"),
        escaped_path(&r.file)
    )
}

#[derive(Serialize)]
struct Lists {
    lists: Vec<ListSummary>,
}

fn list(ctx: &Context, at: Option<&str>) -> Result<(), CliError> {
    let at = time(at)?;
    let store = ctx.trust_store()?;
    let listed = Lists {
        lists: store.summaries(at),
    };
    emit(ctx, &listed, |listed| {
        describe_lists(&listed.lists, store.dir())
    })?;
    Ok(())
}

fn describe_lists(lists: &[ListSummary], dir: &Path) -> String {
    if lists.is_empty() {
        return format!(
            "no trusted list in {}; start with `epct trust import EU-LOTL.xml --signer-cert OJ-CERT.pem`",
            escaped_path(dir)
        );
    }
    // The operator's name is last and kept whole: a long one makes a long line only.
    let column = |header, align| Column {
        header,
        align,
        cut: false,
    };
    let mut table = Table::new(vec![
        column("TERRITORY", Align::Left),
        column("KIND", Align::Left),
        column("SEQ", Align::Right),
        column("ISSUED", Align::Left),
        column("NEXT UPDATE", Align::Left),
        column("STALE", Align::Left),
        column("POINTERS", Align::Right),
        column("PROVIDERS", Align::Right),
        column("SERVICES", Align::Right),
        column("CERTIFICATES", Align::Right),
        column("OPERATOR", Align::Left),
    ]);
    for l in lists {
        table.row(vec![
            l.territory.clone(),
            if l.list_of_lists {
                "list of lists"
            } else {
                "national"
            }
            .to_owned(),
            l.sequence.to_string(),
            l.issued.clone(),
            l.next_update.as_deref().unwrap_or("(closed)").to_owned(),
            yes_no(l.stale).to_owned(),
            l.pointers.to_string(),
            l.providers.to_string(),
            l.services.to_string(),
            l.certificates.to_string(),
            l.operator.clone(),
        ]);
    }
    table.render(output_width())
}

fn check(
    ctx: &Context,
    certificate: &Path,
    at: Option<&str>,
    crl_files: &[PathBuf],
    chain_files: &[PathBuf],
) -> Result<(), CliError> {
    let at = time(at)?;
    let mut chain = certificates(certificate)?;
    for file in chain_files {
        chain.extend(certificates(file)?);
    }
    let mut crls = Vec::new();
    for file in crl_files {
        crls.extend(read_crls(
            &read(file, input::CRL)?,
            &file.display().to_string(),
        )?);
    }
    let store = ctx.trust_store()?;
    let verdict = store.check(&chain, at, &crls)?;
    emit(ctx, &verdict, describe_trust_check)?;
    Ok(())
}
