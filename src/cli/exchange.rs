//! `epct exchange`: send a file to every home state, receive theirs.

use std::path::PathBuf;

use clap::Subcommand;
use epct::Error;
use epct::cms::VerifyOptions;
use epct::country::Country;
use epct::data::{DEFAULT_MIN_AGE, DataError, ValidationOptions, parse_date};
use epct::exchange::{Outcome, ReceiveOptions, SendOptions, receive, send};
use epct::token::{TokenDecryptor, TokenSigner};
use epct::trust::Partners;
use time::Date;

use super::context::Context;
use super::files::{SignerArgs, content_cipher, read_crl_files};
use super::output::emit;

#[derive(Subcommand)]
pub enum ExchangeCommand {
    /// Validate a residence state's file, split it by nationality, and seal one file
    /// per home state for its recipients in the partner directory, with a manifest.
    Send {
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
        #[arg(long, default_value = "aes256-gcm")]
        cipher: String,
        #[command(flatten)]
        signer: SignerArgs,
        /// Replace files of the same names in the output directory.
        #[arg(long)]
        force: bool,
    },
    /// Open every sealed file of a directory, check each came from a sender of the
    /// state it claims and is trusted, validate it, and write the plaintext and a
    /// report.
    Receive {
        /// The directory of sealed files (SENDER-to-DEST-DATE-TYPES.p7m).
        dir: PathBuf,
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
        /// Replace plaintext files and reports of the same names.
        #[arg(long)]
        force: bool,
    },
}

#[derive(clap::Args)]
pub struct ValidationArgs {
    /// The day ages are counted on (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date_argument)]
    election_date: Option<Date>,
    /// The minimum age on the election date.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MIN_AGE)]
    min_age: u8,
}

impl ValidationArgs {
    fn options(&self) -> ValidationOptions {
        let mut options = ValidationOptions::today_utc();
        options.election_date = self.election_date.unwrap_or(options.today);
        options.min_age = self.min_age;
        options
    }
}

fn date_argument(text: &str) -> Result<Date, DataError> {
    parse_date(text).map_err(|_| DataError::BadDate {
        value: text.to_owned(),
    })
}

pub fn run(ctx: &Context, command: ExchangeCommand) -> Result<(), Error> {
    match command {
        ExchangeCommand::Send {
            file,
            out_dir,
            key,
            skip_invalid,
            from,
            validation,
            cipher,
            signer,
            force,
        } => {
            let options = validation.options();
            let (chain, algorithm) = signer.read()?;
            let send_options = SendOptions {
                validation: options,
                skip_invalid,
                sender: from,
                cipher: content_cipher(&cipher)?,
                chain: &chain,
                date: options.today,
                force,
            };
            let partners = Partners::load(&ctx.trust_store()?)?;
            let manifest = ctx.with_token_key(&key, false, |session, token_key| {
                let certificate = session.key_certificate(token_key)?;
                let signer = TokenSigner::new(session, token_key, algorithm)?;
                send(
                    &file,
                    &out_dir,
                    &signer,
                    &certificate,
                    &partners,
                    &send_options,
                )
            })?;
            emit(ctx, &manifest, |m| {
                let mut text = format!(
                    "{} sent {} of {} rows to {} state(s) from {}\n",
                    m.sender,
                    m.sent_rows,
                    m.rows,
                    m.files.len(),
                    m.source
                );
                for f in &m.files {
                    text += &format!(
                        "  {}: {} ({} voters, {} candidates) for {}\n",
                        f.destination,
                        f.file,
                        f.voters,
                        f.candidates,
                        f.recipients.join("; ")
                    );
                }
                if let Some(report) = &m.rejected_report {
                    text += &format!(
                        "  {} rows left out; their reasons are in {report}\n",
                        m.rejected_rows
                    );
                }
                text + &format!("  manifest: {}", out_dir.join("manifest.json").display())
            });
            Ok(())
        }
        ExchangeCommand::Receive {
            dir,
            out_dir,
            key,
            crls,
            validation,
            allow_legacy,
            force,
        } => {
            let crls = read_crl_files(&crls)?;
            let options = ReceiveOptions {
                validation: validation.options(),
                verify: VerifyOptions {
                    allow_legacy,
                    extra_certificates: Vec::new(),
                },
                crls: &crls,
                force,
            };
            let store = ctx.trust_store()?;
            let partners = Partners::load(&store)?;
            let report = ctx.with_token_key(&key, false, |session, token_key| {
                let certificate = session.key_certificate(token_key)?;
                let decryptor = TokenDecryptor::new(session, token_key)?;
                Ok(receive(
                    &dir,
                    &out_dir,
                    &decryptor,
                    &certificate,
                    &store,
                    &partners,
                    &options,
                )?)
            })?;
            emit(ctx, &report, |r| {
                let mut text = format!(
                    "{} received, {} with problems, {} failed\n",
                    r.received, r.received_with_problems, r.failed
                );
                for f in &r.files {
                    let detail = match &f.outcome {
                        Outcome::Failed(error) => format!("FAILED: {error}"),
                        _ => format!(
                            "{} from {}: {} rows ({} voters, {} candidates), {} errors -> {}",
                            f.outcome.status(),
                            f.signers
                                .first()
                                .and_then(|s| s.authority.as_ref())
                                .map(|a| format!("{} ({})", a.authority, a.country))
                                .unwrap_or_default(),
                            f.rows,
                            f.voters,
                            f.candidates,
                            f.errors,
                            f.output.as_deref().unwrap_or("")
                        ),
                    };
                    text += &format!("  {}: {detail}\n", f.file);
                }
                text + &format!(
                    "  report: {}",
                    out_dir.join("receive-report.json").display()
                )
            });
            Ok(report.outcome()?)
        }
    }
}
