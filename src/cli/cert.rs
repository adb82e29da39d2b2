//! `epct cert`: request, import, list, delete, export, self-sign.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use der::{Encode, EncodePem};
use epct::Error;
use epct::algorithms::SignatureAlgorithm;
use epct::credentials::{RequestOptions, SelfSignedOptions, build_request, build_self_signed};
use epct::input::{self, read_bounded};
use epct::output::write_file;
use epct::token::{TokenError, TokenKey, TokenSession, TokenSigner};
use epct::x509::{CertificateSummary, read_certificate};
use serde::Serialize;

use super::args::SignatureArgs;
use super::context::{Access, Context, Login, confirm_or_force};
use super::error::CliError;
use super::output::{emit, escaped, push_line, warn};

#[derive(Subcommand)]
pub enum CertCommand {
    /// Make a PKCS#10 certificate request signed with a token key.
    Request {
        #[command(flatten)]
        key: KeyArgs,
        #[command(flatten)]
        subject: SubjectArgs,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Store an issued certificate beside its key on the token.
    Import {
        /// The key the certificate was issued for: a pkcs11: URI or a label.
        #[arg(long)]
        key: String,
        /// The certificate, PEM or DER.
        certificate: PathBuf,
        /// Replace a certificate already stored for the key.
        #[arg(long)]
        force: bool,
    },
    /// Certificates on the token.
    List,
    /// Delete a certificate from the token (its key stays): says what it deletes, and
    /// asks at a terminal unless --force.
    Delete {
        /// The certificate: a pkcs11: URI or a label.
        certificate: String,
        /// Delete without asking.
        #[arg(long)]
        force: bool,
    },
    /// Write a certificate from the token to a file.
    Export {
        /// The certificate: a pkcs11: URI or a label.
        certificate: String,
        #[command(flatten)]
        out: OutArgs,
    },
    /// Make a self-signed certificate for a token key: for test and demonstration
    /// set-ups only, never for a real exchange.
    SelfSign {
        #[command(flatten)]
        key: KeyArgs,
        #[command(flatten)]
        subject: SubjectArgs,
        /// Days of validity from now.
        #[arg(long, default_value_t = 365)]
        days: u32,
        /// Also write the certificate to this file.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Write PEM instead of DER.
        #[arg(long)]
        pem: bool,
        /// Replace a certificate already stored for the key, and an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args)]
pub struct KeyArgs {
    /// The key: a pkcs11: URI or a label.
    #[arg(long)]
    key: String,
    #[command(flatten)]
    signature: SignatureArgs,
}

#[derive(Args)]
pub struct SubjectArgs {
    /// Subject: "CN=Name,O=Authority,C=BE" or "/C=BE/O=Authority/CN=Name".
    #[arg(long)]
    subject: String,
    /// E-mail address for the subjectAltName (repeatable).
    #[arg(long)]
    email: Vec<String>,
}

#[derive(Args)]
pub struct OutArgs {
    /// Output file.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Write PEM instead of DER.
    #[arg(long)]
    pem: bool,
    /// Replace an existing file.
    #[arg(long)]
    force: bool,
}

pub fn run(ctx: &Context, command: CertCommand) -> Result<(), CliError> {
    match command {
        CertCommand::Request { key, subject, out } => request(ctx, &key, &subject, &out),
        CertCommand::Import {
            key,
            certificate,
            force,
        } => import(ctx, &key, &certificate, force),
        CertCommand::List => list(ctx),
        CertCommand::Delete { certificate, force } => delete(ctx, &certificate, force),
        CertCommand::Export { certificate, out } => export(ctx, &certificate, &out),
        CertCommand::SelfSign {
            key,
            subject,
            days,
            out,
            pem,
            force,
        } => self_sign(ctx, &key, &subject, days, out.as_deref(), pem, force),
    }
}

/// Opens the token of `key`, logs in, and runs `job` with a signer for the key, which
/// may have no certificate yet.
fn with_signer<T>(
    ctx: &Context,
    key: &KeyArgs,
    access: Access,
    job: impl FnOnce(&TokenSession<'_>, &TokenKey, &TokenSigner<'_, '_>) -> Result<T, CliError>,
) -> Result<T, CliError> {
    ctx.with_token_key(&key.key, access, |session, token_key| {
        let signer = TokenSigner::new(session, token_key, key.signature.algorithm())?;
        job(session, token_key, &signer)
    })
}

fn encode<T: Encode + EncodePem>(value: &T, pem: bool) -> Result<Vec<u8>, CliError> {
    let failed = CliError::Encode;
    if pem {
        Ok(value
            .to_pem(der::pem::LineEnding::LF)
            .map_err(failed)?
            .into_bytes())
    } else {
        value.to_der().map_err(failed)
    }
}

#[derive(Serialize)]
struct Written {
    output: String,
    subject: String,
    signature_algorithm: SignatureAlgorithm,
}

fn request(
    ctx: &Context,
    key: &KeyArgs,
    subject: &SubjectArgs,
    out: &OutArgs,
) -> Result<(), CliError> {
    let options = RequestOptions {
        subject: subject.subject.clone(),
        emails: subject.email.clone(),
    };
    let (request, algorithm) = with_signer(ctx, key, Access::ReadOnly, |_, _, signer| {
        Ok((build_request(signer, &options)?, signer.algorithm()))
    })?;
    write_file(&out.out, &encode(&request, out.pem)?, out.force)?;
    let result = Written {
        output: out.out.display().to_string(),
        subject: request.info.subject.to_string(),
        signature_algorithm: algorithm,
    };
    emit(ctx, &result, |r| {
        escaped(&format!(
            "wrote the request for '{}' to {} ({})",
            r.subject, r.output, r.signature_algorithm
        ))
        .into_owned()
    })?;
    Ok(())
}

#[derive(Serialize)]
struct Imported {
    file: String,
    token: String,
    key: String,
    certificate: CertificateSummary,
}

fn import(ctx: &Context, key_arg: &str, path: &Path, force: bool) -> Result<(), CliError> {
    let bytes = read_bounded(path, input::CERTIFICATE).map_err(Error::from)?;
    let cert = read_certificate(&bytes, &path.display().to_string())?;
    let result = ctx.with_token_key(key_arg, Access::ReadWrite, |session, key| {
        session.import_certificate(key, &cert, force)?;
        Ok(Imported {
            file: path.display().to_string(),
            token: session.label().to_owned(),
            key: key.uri(session.label()).to_string(),
            certificate: CertificateSummary::of(&cert),
        })
    })?;
    emit(ctx, &result, |r| {
        escaped(&format!(
            "stored the certificate of '{}' beside {}",
            r.certificate.subject, r.key
        ))
        .into_owned()
    })?;
    Ok(())
}

#[derive(Serialize)]
struct ListedCertificate {
    label: String,
    id: String,
    uri: String,
    #[serde(flatten)]
    summary: Option<CertificateSummary>,
}

fn list(ctx: &Context) -> Result<(), CliError> {
    let (label, certs) =
        ctx.with_session(&ctx.token_uri(), Access::ReadOnly, Login::Skip, |session| {
            let label = session.label().to_owned();
            let certs: Vec<ListedCertificate> = session
                .certificates()?
                .into_iter()
                .map(|c| ListedCertificate {
                    label: c.label.clone(),
                    id: hex::encode(&c.id),
                    uri: c.uri(&label).to_string(),
                    summary: read_certificate(&c.der, "the token")
                        .ok()
                        .map(|c| CertificateSummary::of(&c)),
                })
                .collect();
            Ok((label, certs))
        })?;
    let listed = CertificateList {
        token: label,
        certificates: certs,
    };
    emit(ctx, &listed, |l| {
        describe_certificates(&l.token, &l.certificates)
    })?;
    Ok(())
}

/// The certificates of token `label` in text.
fn describe_certificates(label: &str, certs: &[ListedCertificate]) -> String {
    if certs.is_empty() {
        return escaped(&format!("no certificates on token '{label}'")).into_owned();
    }
    let mut out = String::new();
    for c in certs {
        push_line(&mut out, &format!("{} (id {})", c.label, c.id));
        push_line(&mut out, &format!("  uri: {}", c.uri));
        match &c.summary {
            Some(s) => {
                push_line(&mut out, &format!("  subject: {}", s.subject));
                push_line(&mut out, &format!("  issuer: {}", s.issuer));
                push_line(&mut out, &format!("  serial: {}", s.serial));
                push_line(
                    &mut out,
                    &format!("  valid: {} to {}", s.not_before, s.not_after),
                );
            }
            None => out += "  (not a readable X.509 certificate)\n",
        }
    }
    out
}

#[derive(Serialize)]
struct CertificateList {
    token: String,
    certificates: Vec<ListedCertificate>,
}

#[derive(Serialize)]
struct DeletedCertificate {
    token: String,
    label: String,
    id: String,
    certificate: Option<CertificateSummary>,
}

fn delete(ctx: &Context, cert_arg: &str, force: bool) -> Result<(), CliError> {
    let uri = ctx.key_uri(cert_arg)?;
    let result = ctx.with_session(&uri, Access::ReadWrite, Login::User, |session| {
        let stored = session.find_certificate(&uri)?;
        let summary = read_certificate(&stored.der, "the token")
            .ok()
            .map(|c| CertificateSummary::of(&c));
        let what = match &summary {
            Some(s) => format!(
                "certificate '{}' (id {}, subject '{}', serial {} of '{}')",
                stored.label,
                hex::encode(&stored.id),
                s.subject,
                s.serial,
                s.issuer
            ),
            None => format!(
                "certificate '{}' (id {})",
                stored.label,
                hex::encode(&stored.id)
            ),
        };
        let token = session.label().to_owned();
        confirm_or_force(
            force,
            || TokenError::ConfirmationNeeded {
                what: format!("deleting {what} from token '{token}'"),
            },
            &format!("This deletes {what} from token '{token}'; its key stays."),
            "yes",
        )?;
        session.delete_certificate(&stored)?;
        Ok(DeletedCertificate {
            token,
            label: stored.label.clone(),
            id: hex::encode(&stored.id),
            certificate: summary,
        })
    })?;
    emit(ctx, &result, |r| {
        escaped(&format!(
            "deleted certificate '{}' (id {}) from token '{}'",
            r.label, r.id, r.token
        ))
        .into_owned()
    })?;
    Ok(())
}

#[derive(Serialize)]
struct Exported {
    output: String,
    certificate: CertificateSummary,
}

fn export(ctx: &Context, cert_arg: &str, out: &OutArgs) -> Result<(), CliError> {
    let uri = ctx.key_uri(cert_arg)?;
    let stored = ctx.with_session(&uri, Access::ReadOnly, Login::Skip, |session| {
        Ok(session.find_certificate(&uri)?)
    })?;
    let cert = read_certificate(&stored.der, "the token")?;
    write_file(&out.out, &encode(&cert, out.pem)?, out.force)?;
    let exported = Exported {
        output: out.out.display().to_string(),
        certificate: CertificateSummary::of(&cert),
    };
    emit(ctx, &exported, |e| {
        escaped(&format!(
            "wrote the certificate of '{}' to {}",
            e.certificate.subject, e.output
        ))
        .into_owned()
    })?;
    Ok(())
}

#[derive(Serialize)]
struct SelfSigned {
    token: String,
    key: String,
    certificate: CertificateSummary,
    output: Option<String>,
    warning: &'static str,
}

const SELF_SIGNED_WARNING: &str = "self-signed certificates are for test and demonstration set-ups only; a real exchange uses a certificate issued by a CA named in a trusted list";

fn self_sign(
    ctx: &Context,
    key: &KeyArgs,
    subject: &SubjectArgs,
    days: u32,
    out: Option<&Path>,
    pem: bool,
    force: bool,
) -> Result<(), CliError> {
    let options = SelfSignedOptions {
        subject: subject.subject.clone(),
        days,
        emails: subject.email.clone(),
    };
    let (cert, token, key_uri) =
        with_signer(ctx, key, Access::ReadWrite, |session, token_key, signer| {
            if token_key.certificate.is_some() && !force {
                return Err(epct::token::TokenError::CertificateExists {
                    id: hex::encode(&token_key.id),
                    token: session.label().to_owned(),
                }
                .into());
            }
            let cert = build_self_signed(signer, &options)?;
            session.import_certificate(token_key, &cert, force)?;
            Ok((
                cert,
                session.label().to_owned(),
                token_key.uri(session.label()).to_string(),
            ))
        })?;
    if let Some(path) = out {
        write_file(path, &encode(&cert, pem)?, force)?;
    }
    let result = SelfSigned {
        token,
        key: key_uri,
        certificate: CertificateSummary::of(&cert),
        output: out.map(|p| p.display().to_string()),
        warning: SELF_SIGNED_WARNING,
    };
    warn(SELF_SIGNED_WARNING);
    emit(ctx, &result, |r| {
        let mut text = String::new();
        push_line(
            &mut text,
            &format!(
                "stored a self-signed certificate for '{}' beside {}",
                r.certificate.subject, r.key
            ),
        );
        if let Some(output) = &r.output {
            push_line(&mut text, &format!("wrote it to {output}"));
        }
        text
    })?;
    Ok(())
}
