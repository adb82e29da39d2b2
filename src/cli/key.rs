//! `epct key`: generate, list, delete (after saying what goes, and asking).

use clap::Subcommand;
use epct::token::{KeySummary, KeyType, TokenError, TokenKey, TokenSession};
use epct::x509::KeyAlgorithm;
use serde::Serialize;

use super::args::{KeyKind, OneOf};
use super::context::{Access, Context, Login, confirm_or_force};
use super::error::CliError;
use super::output::{emit, push_line, warn, yes_no};

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Generate a key pair on the token (the private key never leaves it).
    Generate {
        /// Label of the new key.
        #[arg(long)]
        label: String,
        /// The key type: RSA of a size, or an EC key on a curve.
        #[arg(long = "type", value_name = "TYPE", value_parser = OneOf::<KeyKind>::new())]
        key_type: KeyKind,
        /// CKA_ID in hexadecimal (default: the key identifier, SHA-1 of the public key).
        #[arg(long, value_name = "HEX")]
        id: Option<String>,
        /// Make the token ask for the PIN at each use of the key.
        #[arg(long)]
        always_authenticate: bool,
    },
    /// Keys on the token, with their type, size, URI and certificate.
    List {
        /// Do not log in: list only the public keys and certificates.
        #[arg(long)]
        no_login: bool,
    },
    /// Delete a key pair and its certificate: says what it deletes, and asks at a
    /// terminal unless --force.
    Delete {
        /// The key: a pkcs11: URI or a label.
        key: String,
        /// Delete without asking.
        #[arg(long)]
        force: bool,
    },
}

pub fn run(ctx: &Context, command: KeyCommand) -> Result<(), CliError> {
    match command {
        KeyCommand::Generate {
            label,
            key_type,
            id,
            always_authenticate,
        } => generate(
            ctx,
            &label,
            key_type.into(),
            id.as_deref(),
            always_authenticate,
        ),
        KeyCommand::List { no_login } => list(ctx, no_login),
        KeyCommand::Delete { key, force } => delete(ctx, &key, force),
    }
}

fn generate(
    ctx: &Context,
    label: &str,
    key_type: KeyType,
    id: Option<&str>,
    always_authenticate: bool,
) -> Result<(), CliError> {
    let id = id
        .map(|hex| hex::decode(hex).map_err(|_| TokenError::BadKeyId(hex.to_owned())))
        .transpose()?;
    if label.is_empty() {
        return Err(CliError::EmptyKeyLabel);
    }
    let uri = ctx.token_uri();
    let (summary, token) = ctx.with_session(&uri, Access::ReadWrite, Login::User, |session| {
        let key = session.generate_key(label, key_type, id, always_authenticate)?;
        if matches!(key.algorithm, Some(KeyAlgorithm::Ec { .. })) && !session.can_agree_keys() {
            warn(&format!(
                "token '{}' has no ECDH (CKM_ECDH1_DERIVE): this key can sign, but cannot open files sealed for it",
                session.label()
            ));
        }
        Ok((key.summary(session.label()), session.label().to_owned()))
    })?;
    emit(ctx, &summary, |k| {
        format!(
            "generated {} key '{}' (id {}) on token '{token}'\n  {}",
            key_type_name(k),
            k.label,
            k.id,
            k.uri
        )
    })?;
    Ok(())
}

fn key_type_name(key: &KeySummary) -> String {
    key.algorithm
        .map(|a| a.to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

#[derive(Serialize)]
struct KeyList {
    token: String,
    keys: Vec<KeySummary>,
}

fn list(ctx: &Context, no_login: bool) -> Result<(), CliError> {
    let login = if no_login { Login::Skip } else { Login::User };
    let result = ctx.with_session(&ctx.token_uri(), Access::ReadOnly, login, |session| {
        let label = session.label().to_owned();
        let keys = session.keys()?.iter().map(|k| k.summary(&label)).collect();
        Ok(KeyList { token: label, keys })
    })?;
    emit(ctx, &result, |r| {
        if r.keys.is_empty() {
            return format!("no keys on token '{}'", r.token);
        }
        let mut out = String::new();
        for k in &r.keys {
            push_line(
                &mut out,
                &format!("{} (id {}): {}", k.label, k.id, key_type_name(k)),
            );
            push_line(&mut out, &format!("  uri: {}", k.uri));
            out += &format!(
                "  private key: {}; certificate: {}",
                yes_no(k.private_key),
                yes_no(k.certificate)
            );
            if let (Some(s), Some(e)) = (k.sensitive, k.extractable) {
                out += &format!("; sensitive: {}; extractable: {}", yes_no(s), yes_no(e));
            }
            if k.always_authenticate {
                out += "; PIN at each use";
            }
            out += "\n";
        }
        out
    })?;
    Ok(())
}

#[derive(Serialize)]
struct Deleted {
    token: String,
    key: KeySummary,
}

fn delete(ctx: &Context, key_arg: &str, force: bool) -> Result<(), CliError> {
    let result = ctx.with_token_key(key_arg, Access::ReadWrite, |session, key| {
        let what = describe_objects(session, key);
        let token = session.label().to_owned();
        confirm_or_force(
            force,
            || TokenError::ConfirmationNeeded {
                what: format!("deleting {what} from token '{token}'"),
            },
            &format!("This deletes {what} from token '{token}'."),
            "yes",
        )?;
        session.delete_key(key)?;
        Ok(Deleted {
            token: session.label().to_owned(),
            key: key.summary(session.label()),
        })
    })?;
    emit(ctx, &result, |r| {
        format!(
            "deleted key '{}' (id {}){} from token '{}'",
            r.key.label,
            r.key.id,
            if r.key.certificate {
                " and its certificate"
            } else {
                ""
            },
            r.token
        )
    })?;
    Ok(())
}

/// What deleting `key` destroys: its objects, and its certificate's subject.
fn describe_objects(session: &TokenSession<'_>, key: &TokenKey) -> String {
    let kind = key
        .algorithm
        .map(|a| a.to_string())
        .unwrap_or_else(|| "unknown type".to_owned());
    let mut parts = Vec::new();
    if key.private.is_some() {
        parts.push("private key".to_owned());
    }
    if key.public.is_some() {
        parts.push("public key".to_owned());
    }
    if key.certificate.is_some() {
        parts.push(match session.key_certificate(key) {
            Ok(cert) => format!("certificate '{}'", cert.tbs_certificate().subject()),
            Err(_) => "certificate".to_owned(),
        });
    }
    format!("key {key} ({kind}: {})", parts.join(", "))
}
