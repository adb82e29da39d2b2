//! `epct exchange receive`: open, check and validate every sealed file of a directory.

use std::path::PathBuf;

use epct::cms::VerifyOptions;
use epct::exchange::{
    AuditLog, Outcome, RECEIPTS_DIR, ReceiptSigning, ReceiveOptions, note_downloads, receive,
    receive_from_platform, return_receipts,
};
use epct::trust::Partners;
use epct::verdict::Binding;

use crate::cli::args::ValidationArgs;
use crate::cli::context::Context;
use crate::cli::error::CliError;
use crate::cli::files::read_crl_files;
use crate::cli::output::{emit, escaped, escaped_path, push_line, say_waiting};
use crate::cli::platform::PlatformArgs;

#[derive(clap::Args)]
pub struct ReceiveArgs {
    /// The directory of sealed files (SENDER-to-DEST-DATE-TYPES.p7m); with --platform,
    /// the files come from the platform instead.
    #[arg(required_unless_present = "platform", conflicts_with = "platform")]
    dir: Option<PathBuf>,
    /// Where to write the plaintext files and the report.
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    /// The decryption key: a pkcs11: URI or a label.
    #[arg(long)]
    key: String,
    /// CRLs to check the senders' certificate paths against (repeatable).
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
    /// Make no signed receipts (by default every file gets one in receipts/ of the
    /// output directory, signed with the same key).
    #[arg(long)]
    no_receipts: bool,
}

pub fn run(ctx: &Context, args: &ReceiveArgs) -> Result<(), CliError> {
    let crls = read_crl_files(&args.crls)?;
    let state_dir = ctx.state_dir(args.state_dir.as_deref())?;
    let validation = args.validation.options(ctx)?;
    let store = ctx.trust_store()?;
    let partners = Partners::load(&store)?;
    let platform = args.platform.connect(ctx)?;
    let inbox = (args.inbox.clone()).unwrap_or_else(|| state_dir.join("inbox"));
    let report = ctx.with_decryptor_and_signer(&args.key, |decryptor, signer, certificate| {
        let options = ReceiveOptions {
            validation,
            verify: VerifyOptions {
                allow_legacy: args.allow_legacy,
                extra_certificates: Vec::new(),
            },
            crls: &crls,
            force: args.force,
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
            let mut audit = AuditLog::open(&state_dir)?;
            note_downloads(&mut audit, &fetched.downloaded)?;
            if let Some(me) = partners.identify(&certificate).map(|p| p.country) {
                return_receipts(platform, me, &fetched.report, &mut audit)?;
            }
            return Ok(fetched.report);
        }
        Ok(receive(
            args.dir.as_deref().unwrap_or(&inbox),
            &args.out_dir,
            decryptor,
            &certificate,
            &store,
            &partners,
            &options,
        )?)
    })?;
    emit(ctx, &report, |r| {
        let mut text = format!(
            "{} received, {} with problems, {} failed, {} skipped\n",
            r.received, r.received_with_problems, r.failed, r.skipped
        );
        for f in &r.files {
            let detail = match &f.outcome {
                Outcome::Failed(error) => format!("FAILED: {error}"),
                _ => format!(
                    "{}{} from {}: {} rows ({} voters, {} candidates), {} errors in {} rows -> {}",
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
                    f.rows,
                    f.voters,
                    f.candidates,
                    f.errors,
                    f.rows_with_errors,
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
                    "  {receipts} signed receipt(s) in {}",
                    escaped_path(&args.out_dir.join(RECEIPTS_DIR))
                ),
            );
        }
        text + &format!("  report: {}", escaped(&r.report))
    })?;
    Ok(report.outcome()?)
}
