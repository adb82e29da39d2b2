//! `epct exchange log`: the audit trail of the exchange, oldest step first.

use std::path::PathBuf;

use epct::exchange::{AUDIT_FILE, AuditEntry, AuditLog};
use serde::Serialize;

use crate::cli::context::Context;
use crate::cli::error::CliError;
use crate::cli::output::{emit, push_line};

#[derive(clap::Args)]
pub struct LogArgs {
    /// Where the audit log (audit.jsonl) is kept; default: the configuration's
    /// state-dir, else $XDG_STATE_HOME/epct.
    #[arg(long, value_name = "DIR")]
    state_dir: Option<PathBuf>,
}

#[derive(Serialize)]
struct Log {
    /// The audit log read.
    file: String,
    entries: Vec<AuditEntry>,
}

pub fn run(ctx: &Context, args: &LogArgs) -> Result<(), CliError> {
    let dir = ctx.state_dir(args.state_dir.as_deref())?;
    let log = Log {
        file: dir.join(AUDIT_FILE).display().to_string(),
        entries: AuditLog::read(&dir)?,
    };
    emit(ctx, &log, |log| {
        let mut text = String::new();
        if log.entries.is_empty() {
            push_line(&mut text, &format!("{}: no step recorded yet", log.file));
        }
        for e in &log.entries {
            push_line(
                &mut text,
                &format!(
                    "{} {:<16} {:<22} {} {}{}",
                    e.time,
                    e.step.name(),
                    e.outcome,
                    e.peer.map(|p| p.code()).unwrap_or("--"),
                    e.file,
                    e.sha256
                        .as_deref()
                        .map(|h| format!(" sha256:{h}"))
                        .unwrap_or_default()
                ),
            );
        }
        text.trim_end().to_owned()
    })?;
    Ok(())
}
