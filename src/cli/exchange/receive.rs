//! `epct exchange receive`: open, check and validate every sealed file of a directory.

use std::path::{Path, PathBuf};

use epct::cms::{FileRecipients, Input, VerifyOptions, read_recipients};
use epct::exchange::{
    Outcome, PlatformRun, RECEIPTS_DIR, ReceiptSigning, ReceiveOptions, ReceiveReport, receive,
    receive_from_platform,
};
use epct::trust::Partners;
use epct::verdict::Binding;

use crate::cli::args::{ElectionDate, ValidationArgs};
use crate::cli::context::Context;
use crate::cli::error::CliError;
use crate::cli::files::{make_missing_dir, open_file, read_crl_files};
use crate::cli::output::{emit, escaped, escaped_path, push_line, say_waiting};
use crate::cli::platform::PlatformArgs;
use crate::cli::plural::count;
use crate::cli::progress;

#[derive(clap::Args)]
pub struct ReceiveArgs {
    /// The directory of sealed files (SENDER-to-DEST-DATE-TYPES.p7m); with --platform,
    /// the files come from the platform instead.
    #[arg(required_unless_present = "platform", conflicts_with = "platform")]
    dir: Option<PathBuf>,
    /// Where to write the plaintext files and the report.
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    /// The decryption key: a pkcs11: URI or a label (default: the key beside the
    /// certificate, on any present token, that the directory's files are encrypted for;
    /// with --platform, --key or the configuration's key is needed).
    #[arg(long)]
    key: Option<String>,
    /// CRLs to check the senders' certificate paths against (repeatable; default: the
    /// configuration's crl and crl-dir).
    #[arg(long = "crl", value_name = "FILE")]
    crls: Vec<PathBuf>,
    #[command(flatten)]
    validation: ValidationArgs,
    /// Accept SHA-1 signatures and RSA keys under 2048 bits (reported as legacy).
    #[arg(long)]
    allow_legacy: bool,
    /// Take files whose signature does not name their recipients (made by other tools);
    /// the report says so.
    #[arg(long)]
    allow_unbound: bool,
    /// Where the ledger of received files (received.jsonl) and the audit log
    /// (audit.jsonl) are kept; default: the configuration's state-dir, else
    /// $XDG_STATE_HOME/epct.
    #[arg(long, value_name = "DIR")]
    state_dir: Option<PathBuf>,
    /// Replace plaintext files of the same names (each run writes a report of its own,
    /// receive-report-TIME.json and .csv).
    #[arg(long)]
    force: bool,
    /// With --platform: where the sealed files downloaded are kept; default: inbox
    /// under the state directory.
    #[arg(long, value_name = "DIR")]
    inbox: Option<PathBuf>,
    #[command(flatten)]
    platform: PlatformArgs,
    /// Receive again files taken before under the same name (with --platform: also
    /// those that have a receipt on the platform); each gets a new receipt, which
    /// replaces the older one in the sender's status. Give a new --out-dir, or --force.
    #[arg(long)]
    again: bool,
    /// Make no signed receipts (by default every file gets one in receipts/ of the
    /// output directory, signed with the same key).
    #[arg(long)]
    no_receipts: bool,
}

pub fn run(ctx: &Context, args: &ReceiveArgs) -> Result<(), CliError> {
    ctx.blame_state_dir(args.state_dir.as_deref(), receive_all(ctx, args))
}

fn receive_all(ctx: &Context, args: &ReceiveArgs) -> Result<(), CliError> {
    let key = match &args.dir {
        Some(_) => args.key.as_deref(),
        None => Some(ctx.needed_key(args.key.as_deref())?),
    };
    let crls = read_crl_files(&ctx.crl_files(&args.crls)?)?;
    let state_dir = ctx.state_dir(args.state_dir.as_deref())?;
    let (validation, election_date) = args.validation.options(ctx)?;
    election_date.warn_if_default(ctx);
    let store = ctx.trust_store()?;
    let partners = Partners::load(&store)?;
    let platform = args.platform.connect(ctx)?;
    let inbox = (args.inbox.clone()).unwrap_or_else(|| state_dir.join("inbox"));
    make_missing_dir(&args.out_dir)?;
    let recipients = match (&args.dir, &platform) {
        (Some(dir), None) => recipients_of_files(dir),
        _ => Vec::new(),
    };
    let received =
        ctx.with_decryptor_and_signer_for(key, &recipients, |decryptor, signer, certificate| {
            let _working = progress::working("receiving".to_owned());
            let options = ReceiveOptions {
                validation,
                verify: VerifyOptions {
                    allow_legacy: args.allow_legacy,
                    extra_certificates: Vec::new(),
                },
                crls: &crls,
                force: args.force,
                again: args.again,
                allow_unbound: args.allow_unbound,
                state_dir: &state_dir,
                waiting: &say_waiting,
                receipts: (!args.no_receipts).then_some(ReceiptSigning { signer }),
            };
            if let Some(platform) = &platform {
                let fetched = receive_from_platform(
                    platform,
                    &inbox,
                    &args.out_dir,
                    decryptor,
                    &certificate,
                    &store,
                    &partners,
                    &options,
                )?;
                return Ok(Received {
                    report: fetched.report,
                    platform: Some(fetched.platform),
                    election_date: election_date.clone(),
                });
            }
            let report = receive(
                args.dir.as_deref().unwrap_or(&inbox),
                &args.out_dir,
                decryptor,
                &certificate,
                &store,
                &partners,
                &options,
            )?;
            Ok(Received {
                report,
                platform: None,
                election_date: election_date.clone(),
            })
        })?;
    emit(ctx, &received, |received| {
        let r = &received.report;
        let mut text = format!(
            "{} received, {} with problems, {} failed, {} skipped\n",
            r.received, r.received_with_problems, r.failed, r.skipped
        );
        for f in &r.files {
            let detail = match &f.outcome {
                Outcome::Failed(error) => format!("FAILED: {error}"),
                _ => format!(
                    "{}{} from {}: {} ({}, {}), {} in {} -> {}",
                    f.outcome.status(),
                    if (f.signers.iter()).any(|s| matches!(s.binding, Binding::NotBound { .. })) {
                        " NOT BOUND to its recipients (--allow-unbound)"
                    } else {
                        ""
                    },
                    f.signers
                        .first()
                        .and_then(|s| s.authority.as_ref())
                        .map(|a| format!("{} ({})", a.authority, a.country))
                        .unwrap_or_default(),
                    count(f.rows, "row"),
                    count(f.voters, "voter"),
                    count(f.candidates, "candidate"),
                    count(f.errors, "error"),
                    count(f.rows_with_errors, "row"),
                    f.output.as_deref().unwrap_or("")
                ),
            };
            push_line(&mut text, &format!("  {}: {detail}", f.file));
        }
        for s in &r.skipped_entries {
            push_line(&mut text, &format!("  {}: skipped: {}", s.entry, s.reason));
        }
        let receipts = (r.files.iter()).filter(|f| f.receipt.is_some()).count();
        if receipts > 0 {
            push_line(
                &mut text,
                &format!(
                    "  {} in {}",
                    count(receipts as u64, "signed receipt"),
                    escaped_path(&args.out_dir.join(RECEIPTS_DIR))
                ),
            );
        }
        if let Some(run) = &received.platform {
            describe_platform(&mut text, run);
        }
        push_line(
            &mut text,
            &format!("  {}", received.election_date.describe()),
        );
        text + &format!("  report: {}", escaped(&r.report))
    })?;
    Ok(received.report.outcome()?)
}

/// What `exchange receive` did, and with --platform what it fetched and returned.
#[derive(serde::Serialize)]
struct Received {
    #[serde(flatten)]
    report: ReceiveReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform: Option<PlatformRun>,
    /// The day the received files' ages were counted on, and where it came from.
    election_date: ElectionDate,
}

/// The platform's side of a receive, in text.
fn describe_platform(text: &mut String, run: &PlatformRun) {
    push_line(
        text,
        &format!(
            "  platform: {} downloaded, {} returned, {} with a receipt already (skipped; --again to receive them again)",
            run.downloaded.len(),
            count(run.receipts_returned.len() as u64, "receipt"),
            run.with_receipt.len()
        ),
    );
    for r in &run.receipts_returned {
        let how = if r.already_there {
            "already there"
        } else {
            "returned"
        };
        push_line(text, &format!("  receipt {how}: {}", escaped(&r.url)));
    }
}

/// The recipients of every sealed (`.p7m`) regular file of `dir` that names them; the
/// entries that cannot be read are left to the receive report.
fn recipients_of_files(dir: &Path) -> Vec<FileRecipients> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("p7m")))
        // Regular files only: opening a FIFO would wait for a writer.
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file()))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| open_file(p).ok())
        .filter_map(|file| Input::sniff(file).ok())
        .filter_map(|input| read_recipients(input).ok())
        .map(|(recipients, _)| recipients)
        .collect()
}
