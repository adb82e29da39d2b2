//! `epct inspect`: what a CMS file holds, without a key.

use std::path::PathBuf;

use clap::Args;

use epct::cms::{EnvelopeOutline, Inspection, Structure, inspect};

use super::context::Context;
use super::error::CliError;
use super::files::open_input;
use super::output::emit;

#[derive(Args)]
pub struct InspectArgs {
    /// The CMS file (DER, BER or PEM).
    input: PathBuf,
}

pub fn run(ctx: &Context, args: &InspectArgs) -> Result<(), CliError> {
    let input = open_input(&args.input)?;
    let inspection = inspect(input)?;
    emit(ctx, &inspection, describe);
    Ok(())
}

fn describe(inspection: &Inspection) -> String {
    let mut out = format!("content type: {}\n", inspection.content_type);
    match &inspection.structure {
        Structure::SignedData {
            econtent_type,
            content_bytes,
            certificates,
            signers,
        } => {
            out += &format!("signed content: {econtent_type}, ");
            out += &match content_bytes {
                Some(n) => format!("{n} bytes attached\n"),
                None => "detached\n".to_owned(),
            };
            for c in certificates {
                out += &format!(
                    "certificate: {} (issued by {}, serial {})\n",
                    c.subject, c.issuer, c.serial
                );
            }
            for s in signers {
                out += &format!(
                    "signer: {}\n  digest: {}, signature: {}\n",
                    s.signer, s.digest_algorithm, s.signature_algorithm
                );
                if let Some(time) = &s.signing_time {
                    out += &format!("  signing time: {time}\n");
                }
                out += &format!("  signed attributes: {}\n", s.signed_attributes.join(", "));
                if !s.unsigned_attributes.is_empty() {
                    out += &format!(
                        "  unsigned attributes: {}\n",
                        s.unsigned_attributes.join(", ")
                    );
                }
            }
        }
        Structure::AuthEnvelopedData(e) | Structure::EnvelopedData(e) => {
            describe_envelope(&mut out, e)
        }
        Structure::Other => out += "(epct does not take this content type apart)\n",
    }
    out
}

fn describe_envelope(out: &mut String, e: &EnvelopeOutline) {
    *out += &format!(
        "version {}; encrypted content: {}, {} ({} bytes)\n",
        e.version, e.econtent_type, e.content_encryption, e.encrypted_bytes
    );
    for r in &e.recipients {
        *out += &format!(
            "recipient ({}, {}): {}\n",
            r.kind, r.key_encryption, r.recipient
        );
    }
}
