//! `epct sign` and `epct verify`: signatures without encryption.

use std::path::PathBuf;
use std::time::SystemTime;

use clap::Args;
use epct::cms::{SignedSummary, sign, verify};
use epct::trust::parse_time;
use epct::verdict::{AuthorityRule, ValidationTime, Verdict};
use serde::Serialize;

use super::context::Context;
use super::error::CliError;
use super::files::{
    CheckArgs, Held, SignerArgs, commit_destination, create_destination, open_file, open_input,
    warn_trailing_zeros, with_progress,
};
use super::output::{emit, escaped};
use super::verdict::describe_verdicts;

#[derive(Args)]
pub struct SignArgs {
    /// The file to sign; - reads standard input.
    input: PathBuf,
    /// The signing key: a pkcs11: URI or a label (default: the configuration's key).
    #[arg(long)]
    key: Option<String>,
    /// The signature file to write; - writes it to standard output (the summary then
    /// goes to standard error).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Write only the signature, not the content.
    #[arg(long)]
    detached: bool,
    #[command(flatten)]
    signer: SignerArgs,
    /// Write PEM instead of DER.
    #[arg(long)]
    pem: bool,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
}

#[derive(Serialize)]
struct Signed<'a> {
    file: String,
    output: String,
    detached: bool,
    #[serde(flatten)]
    summary: &'a SignedSummary,
}

pub fn run_sign(ctx: &Context, args: &SignArgs) -> Result<(), CliError> {
    let key = ctx.needed_key(args.key.as_deref())?;
    let (chain, algorithm) = args.signer.read()?;
    let input = with_progress(open_file(&args.input)?, "signing");
    let output = create_destination(&args.out, args.force, args.pem)?;
    let summary = ctx.with_signer(key, algorithm, |signer, certificate| {
        let (output, summary) = sign(
            input,
            output,
            signer,
            &certificate,
            &chain,
            !args.detached,
            SystemTime::now(),
        )?;
        commit_destination(output, &args.out)?;
        Ok(summary)
    })?;
    let signed = Signed {
        file: args.input.display().to_string(),
        output: args.out.display().to_string(),
        detached: args.detached,
        summary: &summary,
    };
    emit(ctx, &signed, |s| {
        format!(
            "signed {} bytes into {}{} as {} ({})",
            s.summary.content_bytes,
            escaped(&s.output),
            if s.detached { " (detached)" } else { "" },
            escaped(&s.summary.signer),
            s.summary.signature_algorithm
        )
    })?;
    Ok(())
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The signature file (DER or PEM), from epct, OpenSSL or an eID card; - reads
    /// standard input.
    input: PathBuf,
    /// The signed content, for a detached signature.
    #[arg(long, value_name = "FILE")]
    content: Option<PathBuf>,
    /// Write the signed content here, if every signature is intact. With -, it is held
    /// in a private temporary file until the verdict accepts it, and only then copied
    /// to standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
    /// Validate the signers at this time (RFC 3339 or YYYY-MM-DD) instead of now or a
    /// time-stamp's, to investigate an old signature; the verdict says that the time is
    /// assumed, not proven.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Serialize)]
struct Verified<'a> {
    file: String,
    /// The detached content read (`--content`).
    content: Option<String>,
    /// Where the content is written once the verdict accepts it (`--out`).
    output: Option<String>,
    content_bytes: u64,
    detached: bool,
    /// Zero bytes of padding after the end of the CMS structure, ignored.
    trailing_zero_bytes: u64,
    /// Every signature intact.
    intact: bool,
    /// Every signer trusted (or trust not checked, with --no-trust-check).
    trusted: bool,
    signers: &'a Verdict,
}

pub fn run_verify(ctx: &Context, args: &VerifyArgs) -> Result<(), CliError> {
    let options = args.check.verify_options()?;
    let trust = args.check.trust(ctx)?;
    let input = open_input(&args.input, "verifying")?;
    let mut content = args
        .content
        .as_deref()
        .map(|path| open_file(path).map(|file| with_progress(file, "verifying")))
        .transpose()?;
    let mut held = args
        .out
        .as_ref()
        .map(|path| Held::create(path, args.force))
        .transpose()?;
    let mut discard = std::io::sink();
    let sink: &mut dyn std::io::Write = match &mut held {
        Some(h) => h.sink(),
        None => &mut discard,
    };
    let report = verify(
        input,
        sink,
        content.as_mut().map(|c| c as &mut dyn std::io::Read),
        &options,
    )?;
    warn_trailing_zeros(&args.input, report.trailing_zero_bytes);
    let now = SystemTime::now();
    let time = match &args.at {
        Some(at) => ValidationTime::Assumed {
            at: parse_time(at)?,
            now,
        },
        None => ValidationTime::Now(now),
    };
    let verdict = trust.judge(
        report.signers,
        &report.certificates,
        time,
        AuthorityRule::Reported,
    );
    let verified = Verified {
        file: args.input.display().to_string(),
        content: args.content.as_ref().map(|p| p.display().to_string()),
        output: args.out.as_ref().map(|p| p.display().to_string()),
        content_bytes: report.content_bytes,
        detached: report.detached,
        trailing_zero_bytes: report.trailing_zero_bytes,
        intact: verdict.is_intact(),
        trusted: verdict.is_acceptable(),
        signers: &verdict,
    };
    emit(ctx, &verified, |v| {
        format!(
            "{}: {} signature{} over {} bytes{}\n{}",
            escaped(&v.file),
            v.signers.signers().len(),
            if v.signers.signers().len() == 1 {
                ""
            } else {
                "s"
            },
            v.content_bytes,
            if v.detached { " (detached)" } else { "" },
            describe_verdicts(v.signers.signers(), AuthorityRule::Reported, "  "),
        )
    })?;
    let accepted = verdict.accept()?;
    if let Some(held) = held {
        held.release(&accepted)?;
    }
    Ok(())
}
