//! `epct exchange status`: for a sender, per destination state, the files sent and what
//! their receipts say, forged receipts apart, against the deadline; for a receiver
//! (`--to CC` with --platform), the files waiting in its folders and the receipts it
//! returned.

use std::path::PathBuf;

use epct::country::Country;
use epct::data::{ValidationOptions, parse_date};
use epct::exchange::{
    RECEIPTS_DIR, ReceiptOutcome, ReceiverStatus, SenderStatus, State, StatusOptions,
    VerifiedReceipt, receipts_in_dir, receiver_status, sender_status, sent_from_dir,
    sent_on_platform,
};
use epct::trust::Partners;
use time::Date;

use crate::cli::args::date_argument;
use crate::cli::context::Context;
use crate::cli::error::CliError;
use crate::cli::files::read_crl_files;
use crate::cli::output::{emit, push_line};
use crate::cli::platform::PlatformArgs;
use crate::cli::plural::count;

#[derive(clap::Args)]
pub struct StatusArgs {
    /// The output directory of exchange send (its manifest and sealed files); with
    /// --platform, the files and receipts come from the platform instead.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// With --platform: the sending state (default: the manifest's in --out-dir).
    #[arg(long, value_name = "CC", conflicts_with = "to")]
    from: Option<Country>,
    /// With --platform: the receiving state; lists the files waiting in its folders
    /// (<CC>/*/) and whether each has its receipt.
    #[arg(long, value_name = "CC", conflicts_with_all = ["out_dir", "receipts"])]
    to: Option<Country>,
    /// Where the receipts returned to the sender are (default: receipts/ in --out-dir).
    #[arg(long, value_name = "DIR")]
    receipts: Option<PathBuf>,
    /// Files not accepted by this day are overdue (default: the configuration's
    /// deadline).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_argument)]
    deadline: Option<Date>,
    /// The test campaign: only its files, and which partners completed the round trip.
    #[arg(long)]
    test: bool,
    /// CRLs to check the receivers' certificate paths against (repeatable; default:
    /// the configuration's crl and crl-dir).
    #[arg(long = "crl", value_name = "FILE")]
    crls: Vec<PathBuf>,
    /// Where the audit log (audit.jsonl) is kept; default: the configuration's
    /// state-dir, else $XDG_STATE_HOME/epct.
    #[arg(long, value_name = "DIR")]
    state_dir: Option<PathBuf>,
    #[command(flatten)]
    platform: PlatformArgs,
}

pub fn run(ctx: &Context, args: &StatusArgs) -> Result<(), CliError> {
    let deadline = match (args.deadline, &ctx.deadline.value) {
        (Some(d), _) => Some(d),
        (None, Some(text)) => Some(parse_date(text).map_err(|_| CliError::SettingNotADate {
            origin: ctx.deadline.origin(),
        })?),
        (None, None) => None,
    };
    let crls = read_crl_files(&ctx.crl_files(&args.crls)?)?;
    let state_dir = ctx.state_dir(args.state_dir.as_deref())?;
    let store = ctx.trust_store()?;
    let partners = Partners::load(&store)?;
    let platform = args.platform.connect(ctx)?;
    // Receipts fetched from the platform are read from here, and removed after.
    let work_dir = tempfile::tempdir().map_err(|source| epct::Error::Read {
        path: std::env::temp_dir(),
        source,
    })?;
    if let Some(me) = args.to {
        let platform = platform.as_ref().ok_or(CliError::ReceiverStatusPlatform)?;
        let options = StatusOptions {
            store: &store,
            crls: &crls,
            partners: &partners,
            deadline,
            today: ValidationOptions::today_utc().today,
            test: args.test,
        };
        let status = receiver_status(platform, me, work_dir.path(), &options)?;
        emit(ctx, &status, describe_waiting)?;
        return Ok(status.outcome()?);
    }
    let local = args.out_dir.as_deref().map(sent_from_dir).transpose()?;
    let (sender, sent, receipts) = match (&platform, local) {
        (Some(platform), local) => {
            let sender = (args.from)
                .or(local.map(|(sender, _)| sender))
                .ok_or(CliError::StatusSource)?;
            let (sent, receipts) = sent_on_platform(platform, sender, &partners, work_dir.path())?;
            (sender, sent, receipts)
        }
        (None, Some((sender, sent))) => {
            let out_dir = args.out_dir.as_deref().ok_or(CliError::StatusSource)?;
            let dir = (args.receipts.clone()).unwrap_or_else(|| out_dir.join(RECEIPTS_DIR));
            (sender, sent, receipts_in_dir(&dir)?)
        }
        (None, None) => return Err(CliError::StatusSource),
    };
    let options = StatusOptions {
        store: &store,
        crls: &crls,
        partners: &partners,
        deadline,
        today: ValidationOptions::today_utc().today,
        test: args.test,
    };
    let status = sender_status(sender, sent, receipts, &options, &state_dir)?;
    emit(ctx, &status, describe)?;
    Ok(status.outcome()?)
}

/// The status in text: a summary line, then per state its files and forged receipts.
fn describe(s: &SenderStatus) -> String {
    let mut text = String::new();
    push_line(
        &mut text,
        &format!(
            "{}{}: {} sent, {} accepted, {} waiting, {} refused, {} changed on the way, {} overdue{}, {}",
            s.sender,
            if s.test { " (test campaign)" } else { "" },
            count(s.files as u64, "file"),
            s.accepted,
            s.waiting,
            s.refused,
            s.changed,
            s.overdue,
            s.deadline
                .as_deref()
                .map(|d| format!(" (deadline {d})"))
                .unwrap_or_default(),
            count(s.forged as u64, "forged receipt")
        ),
    );
    for d in &s.destinations {
        let done = match (d.complete, s.test) {
            (true, true) => "round trip completed",
            (true, false) => "all accepted",
            (false, true) => "round trip not completed",
            (false, false) => "not all accepted",
        };
        push_line(&mut text, &format!("  {}: {done}", d.state));
        for f in &d.files {
            let by = by(f.receipt.as_ref());
            let outcome = f.receipt.as_ref().map(|r| &r.receipt.outcome);
            let detail = match (f.state, outcome) {
                (State::Waiting, _) => "no receipt yet".to_owned(),
                (State::Changed, _) => format!(
                    "CHANGED on the way: the receipt{by} is for content with SHA-256 {}",
                    f.receipt.as_ref().map_or("", |r| r.receipt.sha256.as_str())
                ),
                (_, Some(ReceiptOutcome::AcceptedWithProblems { errors_by_rule })) => format!(
                    "accepted with problems{by}: {}",
                    (errors_by_rule.iter())
                        .map(|(rule, n)| format!("{rule} {n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                (_, Some(ReceiptOutcome::Refused { reason })) => format!("REFUSED{by}: {reason}"),
                (_, _) => format!("accepted{by}"),
            };
            push_line(
                &mut text,
                &format!(
                    "    {} ({} bytes, SHA-256 {}, sent {}): {detail}{}",
                    f.sent.file,
                    f.sent.size,
                    f.sent.sha256,
                    f.sent.time.as_deref().unwrap_or("at an unknown time"),
                    if f.overdue { " OVERDUE" } else { "" }
                ),
            );
        }
        for forged in &d.forged {
            push_line(
                &mut text,
                &format!("    {}: {}", forged.receipt, forged.reason),
            );
        }
    }
    text.trim_end().to_owned()
}

/// Who made a receipt, and when: ` by AUTHORITY (CC) at TIME`.
fn by(receipt: Option<&VerifiedReceipt>) -> String {
    (receipt)
        .map(|r| {
            let who = (r.receipt.receiver.authority.as_deref())
                .map(|a| format!("{a} ({})", r.receipt.receiver.state))
                .unwrap_or_else(|| r.receipt.receiver.state.to_string());
            format!(" by {who} at {}", r.receipt.time)
        })
        .unwrap_or_default()
}

/// The receiver's status in text: a summary line, then per sending state its files.
fn describe_waiting(s: &ReceiverStatus) -> String {
    let mut text = String::new();
    push_line(
        &mut text,
        &format!(
            "{}{}: {} on the platform, {} with a receipt, {} waiting, {} overdue{}, {}",
            s.receiver,
            if s.test { " (test campaign)" } else { "" },
            count(s.files as u64, "file"),
            s.answered,
            s.waiting,
            s.overdue,
            s.deadline
                .as_deref()
                .map(|d| format!(" (deadline {d})"))
                .unwrap_or_default(),
            count(s.forged as u64, "forged receipt")
        ),
    );
    for sender in &s.senders {
        push_line(&mut text, &format!("  from {}:", sender.state));
        for f in &sender.files {
            let detail = match (f.state, f.receipt.as_ref().map(|r| &r.receipt.outcome)) {
                (State::Waiting, _) => "waiting, no receipt yet".to_owned(),
                (_, Some(ReceiptOutcome::Refused { reason })) => {
                    format!("refused{}: {reason}", by(f.receipt.as_ref()))
                }
                (state, _) => format!(
                    "{}{}",
                    if state == State::Accepted {
                        "accepted"
                    } else {
                        "accepted with problems"
                    },
                    by(f.receipt.as_ref())
                ),
            };
            push_line(
                &mut text,
                &format!(
                    "    {} ({} bytes, arrived {}): {detail}{}",
                    f.file,
                    f.size.map_or("?".to_owned(), |n| n.to_string()),
                    f.time.as_deref().unwrap_or("at an unknown time"),
                    if f.overdue { " OVERDUE" } else { "" }
                ),
            );
        }
        for forged in &sender.forged {
            push_line(
                &mut text,
                &format!("    {}: {}", forged.receipt, forged.reason),
            );
        }
    }
    text.trim_end().to_owned()
}
