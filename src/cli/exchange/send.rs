//! `epct exchange send`: validate, split by nationality, seal one file per home state.

use std::path::PathBuf;

use epct::Error;
use epct::country::Country;
use epct::data::{DataError, ValidationOptions};
use epct::exchange::{
    AuditLog, Delivered, ExchangeError, FileName, Manifest, SendOptions, deliver, earlier_manifest,
    send, send_test,
};
use epct::trust::Partners;

use crate::cli::args::{Cipher, ElectionDate, OneOf, ValidationArgs};
use crate::cli::context::Context;
use crate::cli::data::{PROBLEMS_PER_RULE, validate};
use crate::cli::error::CliError;
use crate::cli::files::{SignerArgs, make_missing_dir};
use crate::cli::output::{emit, escaped, escaped_path, push_line};
use crate::cli::platform::PlatformArgs;
use crate::cli::plural::count;
use crate::cli::progress;

#[derive(clap::Args)]
pub struct SendArgs {
    /// The voter/candidate file (CSV).
    #[arg(required_unless_present = "test", conflicts_with = "test")]
    file: Option<PathBuf>,
    /// The test campaign: send a made-up file to every partner state of the partner
    /// directory, with `test` in the names (kept as STATE-test-campaign-DATE.csv).
    #[arg(long)]
    test: bool,
    /// Where to write the sealed files and the manifest.
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    /// The signing key: a pkcs11: URI or a label (default: the configuration's key).
    #[arg(long)]
    key: Option<String>,
    /// Leave invalid rows out (listed with their reasons in rejected.csv) instead of
    /// refusing the file.
    #[arg(long)]
    skip_invalid: bool,
    /// The sending state, if the partner directory does not list the key's
    /// certificate as a sender.
    #[arg(long, value_name = "CC")]
    from: Option<Country>,
    #[command(flatten)]
    validation: ValidationArgs,
    /// aes256-gcm (default), or aes256-cbc for receivers whose tools lack GCM.
    #[arg(long, default_value = "aes256-gcm", value_parser = OneOf::<Cipher>::new())]
    cipher: Cipher,
    #[command(flatten)]
    signer: SignerArgs,
    /// Replace files of the same names in the output directory (and, with --platform,
    /// seal again rather than deliver the send that the directory holds).
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    platform: PlatformArgs,
    /// Where the audit log (audit.jsonl) is kept; default: the configuration's
    /// state-dir, else $XDG_STATE_HOME/epct.
    #[arg(long, value_name = "DIR")]
    state_dir: Option<PathBuf>,
}

/// What was sent, and with --platform what is on the platform.
#[derive(serde::Serialize)]
struct Sent {
    #[serde(flatten)]
    manifest: Manifest,
    #[serde(skip_serializing_if = "Option::is_none")]
    delivered: Option<Vec<Delivered>>,
    /// The day ages were counted on and where it came from; none when an earlier,
    /// interrupted send was delivered as sealed then.
    #[serde(skip_serializing_if = "Option::is_none")]
    election_date: Option<ElectionDate>,
}

pub fn run(ctx: &Context, args: &SendArgs) -> Result<(), CliError> {
    ctx.blame_state_dir(args.state_dir.as_deref(), send_and_deliver(ctx, args))
}

fn send_and_deliver(ctx: &Context, args: &SendArgs) -> Result<(), CliError> {
    let key = ctx.needed_key(args.key.as_deref())?;
    let (options, election_date) = args.validation.options(ctx)?;
    let platform = args.platform.connect(ctx)?;
    // A run after an interruption delivers the send the directory holds, sealed once.
    let earlier = match &platform {
        Some(_) if !args.force => earlier_manifest(&args.out_dir)?.filter(|m| match &args.file {
            Some(file) => m.source == file.display().to_string(),
            None => (m.files.iter()).all(|f| FileName::parse(&f.file).is_some_and(|n| n.test)),
        }),
        _ => None,
    };
    let (manifest, election_date) = match earlier {
        Some(manifest) => (manifest, None),
        None => {
            election_date.warn_if_default(ctx);
            (
                seal(ctx, args, key, options, &election_date)?,
                Some(election_date),
            )
        }
    };
    let delivered = match &platform {
        Some(platform) => {
            let state_dir = ctx.state_dir(args.state_dir.as_deref())?;
            let mut audit = AuditLog::open(&state_dir)?;
            Some(deliver(platform, &args.out_dir, &manifest, &mut audit)?)
        }
        None => None,
    };
    let sent = Sent {
        manifest,
        delivered,
        election_date,
    };
    emit(ctx, &sent, |s| {
        let m = &s.manifest;
        let mut text = String::new();
        push_line(
            &mut text,
            &format!(
                "{} sent {} of {} to {} from {}",
                m.sender,
                m.sent_rows,
                count(m.rows, "row"),
                count(m.files.len() as u64, "state"),
                m.source
            ),
        );
        if let Some(election) = &m.election {
            push_line(&mut text, &format!("  election: {election}"));
        }
        if m.dual_nationals > 0 {
            push_line(
                &mut text,
                &format!(
                    "  {}, each sent to every home state",
                    count(m.dual_nationals, "dual national")
                ),
            );
        }
        for f in &m.files {
            push_line(
                &mut text,
                &format!(
                    "  {}: {} ({}, {}) for {}",
                    f.destination,
                    f.file,
                    count(f.voters, "voter"),
                    count(f.candidates, "candidate"),
                    f.recipients.join("; ")
                ),
            );
        }
        if let Some(report) = &m.rejected_report {
            push_line(
                &mut text,
                &format!(
                    "  {} left out; their reasons are in {report}",
                    count(m.rejected_rows, "row")
                ),
            );
        }
        for d in s.delivered.iter().flatten() {
            let how = if d.already_there {
                "already there"
            } else {
                "uploaded"
            };
            push_line(
                &mut text,
                &format!("  {how}: {} ({} bytes)", escaped(&d.url), d.size),
            );
        }
        if let Some(date) = &s.election_date {
            push_line(&mut text, &format!("  {}", date.describe()));
        }
        text + &format!(
            "  manifest: {}",
            escaped_path(&args.out_dir.join("manifest.json"))
        )
    })?;
    Ok(())
}

/// Seals the file as without a platform, the outputs kept in the output directory.
fn seal(
    ctx: &Context,
    args: &SendArgs,
    key: &str,
    options: ValidationOptions,
    election_date: &ElectionDate,
) -> Result<Manifest, CliError> {
    let (chain, algorithm) = args.signer.read()?;
    let state_dir = ctx.state_dir(args.state_dir.as_deref())?;
    let send_options = SendOptions {
        validation: options,
        skip_invalid: args.skip_invalid,
        sender: args.from,
        cipher: args.cipher.into(),
        chain: &chain,
        date: options.today,
        force: args.force,
        state_dir: &state_dir,
        test: false,
    };
    let partners = Partners::load(&ctx.trust_store()?)?;
    make_missing_dir(&args.out_dir)?;
    // The PIN is asked at the first signature, once every row has been validated.
    let manifest = ctx.with_signer_after_login(key, algorithm, |signer, certificate| {
        let what = (args.file.as_deref())
            .map_or("the test campaign".to_owned(), |f| f.display().to_string());
        let _working = progress::working(format!("sending {what}"));
        Ok(match &args.file {
            Some(file) => send(
                file,
                &args.out_dir,
                signer,
                &certificate,
                &partners,
                &send_options,
            )?,
            None => send_test(
                &args.out_dir,
                signer,
                &certificate,
                &partners,
                &send_options,
            )?,
        })
    });
    match (manifest, &args.file) {
        // Refused on its rows before any signature, so before the PIN: the problems are
        // listed as data validate lists them, and the refusal follows them.
        (
            Err(
                error @ CliError::Library(Error::Exchange(ExchangeError::Data(
                    DataError::Invalid { .. },
                ))),
            ),
            Some(file),
        ) => {
            validate(
                ctx,
                file,
                options,
                election_date.clone(),
                Some(PROBLEMS_PER_RULE),
            )?;
            Err(error)
        }
        (manifest, _) => manifest,
    }
}
