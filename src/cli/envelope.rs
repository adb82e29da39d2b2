//! `epct encrypt` and `epct decrypt`: envelopes without signatures.

use std::io::Seek as _;
use std::path::PathBuf;

use clap::Args;
use epct::cms::{DecryptReport, EncryptReport, decrypt, encrypt, read_recipients};
use epct::output::OutputError;
use serde::Serialize;

use super::args::{Cipher, OneOf};
use super::context::Context;
use super::error::CliError;
use super::files::{
    commit_destination, copy_to_stdout, create_destination, is_stream, open_file, open_input,
    resolve_recipients, warn_trailing_zeros, with_progress,
};
use super::output::{emit, escaped};

#[derive(Args)]
pub struct EncryptArgs {
    /// The file to encrypt; - reads standard input.
    input: PathBuf,
    /// A recipient: a certificate file, or a country code or authority name of the partner
    /// directory (repeatable).
    #[arg(long = "to", value_name = "RECIPIENT", required = true)]
    to: Vec<String>,
    /// The encrypted file to write; - writes it to standard output (the summary then
    /// goes to standard error).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// aes256-gcm (default), or aes256-cbc for receivers whose tools lack GCM.
    #[arg(long, default_value = "aes256-gcm", value_parser = OneOf::<Cipher>::new())]
    cipher: Cipher,
    /// Write PEM instead of DER.
    #[arg(long)]
    pem: bool,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
}

#[derive(Serialize)]
struct Encrypted<'a> {
    file: String,
    output: String,
    #[serde(flatten)]
    report: &'a EncryptReport,
}

pub fn run_encrypt(ctx: &Context, args: &EncryptArgs) -> Result<(), CliError> {
    let recipients = resolve_recipients(ctx, &args.to)?;
    let input = with_progress(open_file(&args.input)?, "encrypting");
    let output = create_destination(&args.out, args.force, args.pem)?;
    let (output, report) = encrypt(input, output, &recipients, args.cipher.into())?;
    commit_destination(output, &args.out)?;
    let encrypted = Encrypted {
        file: args.input.display().to_string(),
        output: args.out.display().to_string(),
        report: &report,
    };
    emit(ctx, &encrypted, |e| {
        format!(
            "encrypted {} bytes into {} ({} {}) for {}",
            e.report.content_bytes,
            escaped(&e.output),
            e.report.envelope.structure,
            e.report.envelope.cipher,
            escaped(&e.report.envelope.recipients.join("; "))
        )
    })?;
    Ok(())
}

#[derive(Args)]
pub struct DecryptArgs {
    /// The encrypted file (DER or PEM); - reads standard input.
    input: PathBuf,
    /// The decryption key: a pkcs11: URI or a label (default: the key beside the
    /// certificate, on any present token, that the file is encrypted for).
    #[arg(long)]
    key: Option<String>,
    /// Where to write the content, once it decrypted whole. With -, the content is held
    /// in a private temporary file (mode 0600, unnamed) until the whole envelope
    /// decrypted and authenticated, and only then copied to standard output.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
}

#[derive(Serialize)]
struct Decrypted<'a> {
    file: String,
    output: String,
    /// AES-CBC: the content can be changed undetected (threat-model "Deterministic
    /// implicit rejection").
    malleable: bool,
    #[serde(flatten)]
    report: &'a DecryptReport,
}

pub fn run_decrypt(ctx: &Context, args: &DecryptArgs) -> Result<(), CliError> {
    let (recipients, input) = read_recipients(open_input(&args.input, "decrypting")?)?;
    let key = args.key.as_deref();
    let report = if is_stream(&args.out) {
        let mut held = tempfile::tempfile().map_err(|e| OutputError::writing(&args.out, e))?;
        let report = ctx.with_decryptor_for(key, &[recipients], |decryptor, certificate| {
            Ok(decrypt(input, &mut held, decryptor, &certificate)?)
        })?;
        held.rewind()
            .map_err(|e| OutputError::writing(&args.out, e))?;
        copy_to_stdout(held)?;
        report
    } else {
        let mut output = create_destination(&args.out, args.force, false)?;
        let report = ctx.with_decryptor_for(key, &[recipients], |decryptor, certificate| {
            Ok(decrypt(input, &mut output, decryptor, &certificate)?)
        })?;
        commit_destination(output, &args.out)?;
        report
    };
    warn_trailing_zeros(&args.input, report.trailing_zero_bytes);
    let decrypted = Decrypted {
        file: args.input.display().to_string(),
        output: args.out.display().to_string(),
        malleable: !report.envelope.structure.is_authenticated(),
        report: &report,
    };
    emit(ctx, &decrypted, |d| {
        let warning = if d.malleable {
            "\n  warning: AES-CBC is malleable: whoever handled the file can have changed \
             this content undetected; only a signature inside proves who wrote it and that \
             nothing changed (epct verify)"
        } else {
            ""
        };
        format!(
            "decrypted {} bytes into {} ({} {}){warning}",
            d.report.content_bytes,
            escaped(&d.output),
            d.report.envelope.structure,
            d.report.envelope.cipher
        )
    })?;
    Ok(())
}
