//! `epct exchange send`: validate, split by nationality, seal one file per home state.

use std::path::PathBuf;

use epct::country::Country;
use epct::exchange::{SendOptions, send};
use epct::trust::Partners;

use crate::cli::args::{Cipher, OneOf, ValidationArgs};
use crate::cli::context::Context;
use crate::cli::error::CliError;
use crate::cli::files::SignerArgs;
use crate::cli::output::{emit, escaped_path, push_line};

#[derive(clap::Args)]
pub struct SendArgs {
    /// The voter/candidate file (CSV).
    file: PathBuf,
    /// Where to write the sealed files and the manifest.
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    /// The signing key: a pkcs11: URI or a label.
    #[arg(long)]
    key: String,
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
    /// Replace files of the same names in the output directory.
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Context, args: &SendArgs) -> Result<(), CliError> {
    let options = args.validation.options();
    let (chain, algorithm) = args.signer.read()?;
    let send_options = SendOptions {
        validation: options,
        skip_invalid: args.skip_invalid,
        sender: args.from,
        cipher: args.cipher.into(),
        chain: &chain,
        date: options.today,
        force: args.force,
    };
    let partners = Partners::load(&ctx.trust_store()?)?;
    let manifest = ctx.with_signer(&args.key, algorithm, |signer, certificate| {
        Ok(send(
            &args.file,
            &args.out_dir,
            signer,
            &certificate,
            &partners,
            &send_options,
        )?)
    })?;
    emit(ctx, &manifest, |m| {
        let mut text = String::new();
        push_line(
            &mut text,
            &format!(
                "{} sent {} of {} rows to {} state(s) from {}",
                m.sender,
                m.sent_rows,
                m.rows,
                m.files.len(),
                m.source
            ),
        );
        for f in &m.files {
            push_line(
                &mut text,
                &format!(
                    "  {}: {} ({} voters, {} candidates) for {}",
                    f.destination,
                    f.file,
                    f.voters,
                    f.candidates,
                    f.recipients.join("; ")
                ),
            );
        }
        if let Some(report) = &m.rejected_report {
            push_line(
                &mut text,
                &format!(
                    "  {} rows left out; their reasons are in {report}",
                    m.rejected_rows
                ),
            );
        }
        text + &format!(
            "  manifest: {}",
            escaped_path(&args.out_dir.join("manifest.json"))
        )
    });
    Ok(())
}
