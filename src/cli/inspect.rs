//! `epct inspect`: what a CMS file holds, without a key.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use epct::cms::{EnvelopeOutline, Inspection, Structure, inspect};

use super::context::Context;
use super::error::CliError;
use super::files::{open_input, warn_trailing_zeros};
use super::output::{emit, push_line};

#[derive(Args)]
pub struct InspectArgs {
    /// The CMS file (DER, BER or PEM); - reads standard input.
    input: PathBuf,
}

pub fn run(ctx: &Context, args: &InspectArgs) -> Result<(), CliError> {
    let input = open_input(&args.input, "reading")?;
    let inspection = inspect(input)?;
    warn_trailing_zeros(&args.input, inspection.trailing_zero_bytes);
    let inspected = Inspected {
        file: args.input.display().to_string(),
        inspection,
    };
    emit(ctx, &inspected, |i| describe(&i.inspection))?;
    Ok(())
}

#[derive(Serialize)]
struct Inspected {
    file: String,
    #[serde(flatten)]
    inspection: Inspection,
}

fn describe(inspection: &Inspection) -> String {
    let mut out = String::new();
    push_line(
        &mut out,
        &format!("content type: {}", inspection.content_type),
    );
    match &inspection.structure {
        Structure::SignedData {
            econtent_type,
            content_bytes,
            certificates,
            signers,
        } => {
            let attached = match content_bytes {
                Some(n) => format!("{n} bytes attached"),
                None => "detached".to_owned(),
            };
            push_line(
                &mut out,
                &format!("signed content: {econtent_type}, {attached}"),
            );
            for c in certificates {
                push_line(
                    &mut out,
                    &format!(
                        "certificate: {} (issued by {}, serial {})",
                        c.subject, c.issuer, c.serial
                    ),
                );
            }
            for s in signers {
                push_line(&mut out, &format!("signer: {}", s.signer));
                push_line(
                    &mut out,
                    &format!(
                        "  digest: {}, signature: {}",
                        s.digest_algorithm, s.signature_algorithm
                    ),
                );
                if let Some(time) = &s.signing_time {
                    push_line(&mut out, &format!("  signing time: {time}"));
                }
                push_line(
                    &mut out,
                    &format!("  signed attributes: {}", s.signed_attributes.join(", ")),
                );
                if !s.unsigned_attributes.is_empty() {
                    push_line(
                        &mut out,
                        &format!(
                            "  unsigned attributes: {}",
                            s.unsigned_attributes.join(", ")
                        ),
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
    push_line(
        out,
        &format!(
            "version {}; encrypted content: {}, {} ({} bytes)",
            e.cms_version, e.econtent_type, e.cipher, e.encrypted_bytes
        ),
    );
    for r in &e.recipients {
        push_line(
            out,
            &format!(
                "recipient ({}, {}): {}",
                r.kind, r.key_encryption, r.recipient
            ),
        );
    }
}
