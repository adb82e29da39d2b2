//! `epct seal` and `epct open`: the main job of officials.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use clap::Args;
use epct::cms::{
    BindingContext, Buffering, EnvelopeInfo, SealReport, SealRequest, open, read_recipients, seal,
};
use epct::exchange::FileName;
use epct::verdict::{AuthorityRule, Reader, SignerVerdict, ValidationTime};
use serde::Serialize;

use super::args::{Cipher, OneOf, ValidationArgs};
use super::context::Context;
use super::error::CliError;
use super::files::{
    CheckArgs, Held, SignerArgs, commit_destination, create_destination, is_stream, open_input,
    resolve_recipients, warn_trailing_zeros, with_progress,
};
use super::output::{emit, escaped, escaped_path, warn};
use super::progress;
use super::seal_check::{self, DataCheck, SealInput};
use super::verdict::describe_verdicts;

#[derive(Args)]
pub struct SealArgs {
    /// The file to seal; - reads standard input.
    input: PathBuf,
    /// A recipient: a certificate file, or a country code or authority name of the partner
    /// directory (repeatable); the sender is always a recipient too.
    #[arg(long = "to", value_name = "RECIPIENT", required = true)]
    to: Vec<String>,
    /// The signing key: a pkcs11: URI or a label (default: the configuration's key).
    #[arg(long)]
    key: Option<String>,
    /// The sealed file to write; - writes it to standard output (the summary then goes
    /// to standard error).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// aes256-gcm (default), or aes256-cbc for receivers whose tools lack GCM.
    #[arg(long, default_value = "aes256-gcm", value_parser = OneOf::<Cipher>::new())]
    cipher: Cipher,
    #[command(flatten)]
    signer: SignerArgs,
    /// Write PEM instead of DER.
    #[arg(long)]
    pem: bool,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
    /// Seal the input as it is, without validating it even when it is a voter or
    /// candidate file (its header names columns of the exchange schema).
    #[arg(long)]
    no_validate: bool,
    #[command(flatten)]
    validation: ValidationArgs,
}

#[derive(Serialize)]
struct Sealed<'a> {
    file: String,
    output: String,
    /// What was checked of the input before it was sealed.
    validation: DataCheck,
    #[serde(flatten)]
    report: &'a SealReport,
}

pub fn run_seal(ctx: &Context, args: &SealArgs) -> Result<(), CliError> {
    let key = ctx.needed_key(args.key.as_deref())?;
    let (chain, algorithm) = args.signer.read()?;
    let mut recipients = resolve_recipients(ctx, &args.to)?;
    let validation = (!args.no_validate)
        .then(|| args.validation.options(ctx))
        .transpose()?;
    let (input, check) = seal_check::prepare(ctx, &args.input, &args.out, validation)?;
    let output = create_destination(&args.out, args.force, args.pem)?;
    let report = ctx.with_signer(key, algorithm, |signer, certificate| {
        if !signer.can_open_own_copy() {
            warn(
                "the sender's EC key is on a token without ECDH: the sender's copy is sealed, but this key cannot open it",
            );
        }
        recipients.push(certificate.clone());
        let request = SealRequest {
            recipients: &recipients,
            chain: &chain,
            cipher: args.cipher.into(),
            signing_time: SystemTime::now(),
            buffering: Buffering::BULK,
            binding: binding_context(&args.out),
        };
        let (output, report) = match input {
            SealInput::Once(file) => {
                let file = with_progress(file, "sealing");
                seal(file, output, signer, &certificate, &request)?
            }
            SealInput::Validated(mut input) => {
                let bar = progress::bytes("sealing", input.size().ok());
                let sealed = seal(
                    bar.wrap_read(input.pass()),
                    output,
                    signer,
                    &certificate,
                    &request,
                )?;
                input.check_same()?;
                sealed
            }
        };
        commit_destination(output, &args.out)?;
        Ok(report)
    })?;
    let sealed = Sealed {
        file: args.input.display().to_string(),
        output: args.out.display().to_string(),
        validation: check,
        report: &report,
    };
    emit(ctx, &sealed, |s| {
        format!(
            "sealed {} into {} ({} bytes)\n  {}\n  signed by: {} ({})\n  encrypted: {} {} for {}",
            escaped(&s.file),
            escaped(&s.output),
            s.report.signature.content_bytes,
            s.validation.describe(),
            escaped(&s.report.signature.signer),
            s.report.signature.signature_algorithm,
            s.report.envelope.structure,
            s.report.envelope.cipher,
            escaped(&s.report.envelope.recipients.join("; "))
        )
    })?;
    Ok(())
}

/// The binding of a sealed file besides its recipients: the name it is written as and,
/// when that is an exchange name (`BE-to-FR-2026-11-25-voters.p7m`), the destination
/// and the record types it gives, the name written as `exchange receive` reads it
/// (`.p7m` in lower case).
/// Standard output (`--out -`) gives no name.
fn binding_context(out: &Path) -> BindingContext {
    let file_name = (!is_stream(out))
        .then(|| out.file_name().map(|n| n.to_string_lossy().into_owned()))
        .flatten();
    let exchange = file_name.as_deref().and_then(FileName::parse);
    BindingContext {
        destination: exchange.map(|n| n.destination.code().to_owned()),
        record_types: exchange.map(|n| n.types.into()),
        file_name: exchange.map(|n| n.to_string()).or(file_name),
    }
}

#[derive(Args)]
pub struct OpenArgs {
    /// The sealed file (DER or PEM); - reads standard input.
    input: PathBuf,
    /// The decryption key: a pkcs11: URI or a label (default: the key beside the
    /// certificate, on any present token, that the file is encrypted for).
    #[arg(long)]
    key: Option<String>,
    /// Where to write the content, once everything checked out. With -, the content is
    /// held in a private temporary file (mode 0600, unnamed) until it verified, and
    /// only then copied to standard output; nothing reaches it from a file that fails.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
    /// Accept a trusted signer that is not a sender of any state in the partner
    /// directory; the verdict says so.
    #[arg(long)]
    any_signer: bool,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Serialize)]
struct Opened {
    file: String,
    output: String,
    envelope: EnvelopeInfo,
    content_bytes: u64,
    /// Zero bytes of padding after the envelope and the signed data inside, ignored.
    trailing_zero_bytes: u64,
    /// `required`, or `any-signer` when --any-signer relaxed the partner directory.
    authority_rule: AuthorityRule,
    signers: Vec<SignerVerdict>,
}

pub fn run_open(ctx: &Context, args: &OpenArgs) -> Result<(), CliError> {
    let options = args.check.verify_options()?;
    let trust = args.check.trust(ctx)?;
    let (recipients, input) = read_recipients(open_input(&args.input, "opening")?)?;
    let mut held = Held::create(&args.out, args.force)?;
    let key = args.key.as_deref();
    let (report, certificate) =
        ctx.with_decryptor_for(key, &[recipients], |decryptor, certificate| {
            Ok((
                open(input, held.sink(), decryptor, &certificate, &options)?,
                certificate,
            ))
        })?;
    let rule = if args.any_signer {
        AuthorityRule::AnySigner
    } else {
        AuthorityRule::Required
    };
    let now = ValidationTime::Now(SystemTime::now());
    let mut verdict = trust.judge(report.signers, &report.certificates, now, rule);
    // open reads files from any tool: one that names no recipients is opened, loudly.
    verdict.check_binding(&Reader {
        certificate: &certificate,
        exchange: None,
        allow_unbound: true,
    });
    warn_trailing_zeros(&args.input, report.trailing_zero_bytes);
    held.release(&verdict.accept()?)?;
    if verdict.is_unbound() {
        warn(&format!(
            "{} is NOT BOUND TO ITS RECIPIENTS: its signature does not say for whom it was made, so it may have been meant for someone else and passed on; ask its sender before you rely on it",
            args.input.display()
        ));
    }
    let signers = verdict.into_signers();
    let opened = Opened {
        file: args.input.display().to_string(),
        output: args.out.display().to_string(),
        envelope: report.envelope,
        content_bytes: report.content_bytes,
        trailing_zero_bytes: report.trailing_zero_bytes,
        authority_rule: rule,
        signers,
    };
    emit(ctx, &opened, |o| describe_opened(o, &args.out))?;
    Ok(())
}

fn describe_opened(o: &Opened, out: &Path) -> String {
    format!(
        "opened {} into {} ({} bytes)\n  envelope: {}, {}, {}\n{}",
        escaped(&o.file),
        escaped_path(out),
        o.content_bytes,
        o.envelope.structure,
        o.envelope.cipher,
        if o.envelope.structure.is_authenticated() {
            "authenticated"
        } else {
            "integrity from the signature"
        },
        describe_verdicts(&o.signers, o.authority_rule, "  "),
    )
}
