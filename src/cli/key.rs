//! `epct key`: generate, list, delete.

use clap::Subcommand;
use epct::Error;
use epct::token::{KeySummary, KeyType, TokenError};
use serde::Serialize;

use super::context::Context;
use super::output::{emit, yes_no};

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Generate a key pair on the token (the private key never leaves it).
    Generate {
        /// Label of the new key.
        #[arg(long)]
        label: String,
        /// rsa2048, rsa3072, rsa4096, p256 or p384.
        #[arg(long = "type", value_name = "TYPE")]
        key_type: String,
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
    /// Delete a key pair and its certificate.
    Delete {
        /// The key: a pkcs11: URI or a label.
        key: String,
    },
}

pub fn run(ctx: &Context, command: KeyCommand) -> Result<(), Error> {
    match command {
        KeyCommand::Generate {
            label,
            key_type,
            id,
            always_authenticate,
        } => generate(ctx, &label, &key_type, id.as_deref(), always_authenticate),
        KeyCommand::List { no_login } => list(ctx, no_login),
        KeyCommand::Delete { key } => delete(ctx, &key),
    }
}

fn generate(
    ctx: &Context,
    label: &str,
    key_type: &str,
    id: Option<&str>,
    always_authenticate: bool,
) -> Result<(), Error> {
    let key_type: KeyType = key_type.parse()?;
    let id = id
        .map(|hex| hex::decode(hex).map_err(|_| TokenError::BadKeyId(hex.to_owned())))
        .transpose()?;
    if label.is_empty() {
        return Err(Error::Usage("a key label cannot be empty".to_owned()));
    }
    let module = ctx.module(None)?;
    let uri = ctx.token_uri();
    let mut session = ctx.session(&module, &uri, true)?;
    ctx.login(&mut session, &uri)?;
    let key = session.generate_key(label, key_type, id, always_authenticate)?;
    let summary = key.summary(session.label());
    emit(ctx, &summary, |k| {
        format!(
            "generated {} key '{}' (id {}) on token '{}'\n  {}",
            key_type_name(k),
            k.label,
            k.id,
            session.label(),
            k.uri
        )
    });
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

fn list(ctx: &Context, no_login: bool) -> Result<(), Error> {
    let module = ctx.module(None)?;
    let uri = ctx.token_uri();
    let mut session = ctx.session(&module, &uri, false)?;
    if !no_login {
        ctx.login(&mut session, &uri)?;
    }
    let label = session.label().to_owned();
    let keys = session.keys()?.iter().map(|k| k.summary(&label)).collect();
    let result = KeyList { token: label, keys };
    emit(ctx, &result, |r| {
        if r.keys.is_empty() {
            return format!("no keys on token '{}'", r.token);
        }
        let mut out = String::new();
        for k in &r.keys {
            out += &format!("{} (id {}): {}\n", k.label, k.id, key_type_name(k));
            out += &format!("  uri: {}\n", k.uri);
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
    });
    Ok(())
}

#[derive(Serialize)]
struct Deleted {
    token: String,
    key: KeySummary,
}

fn delete(ctx: &Context, key_arg: &str) -> Result<(), Error> {
    let uri = ctx.key_uri(key_arg)?;
    let module = ctx.module(Some(&uri))?;
    let mut session = ctx.session(&module, &uri, true)?;
    ctx.login(&mut session, &uri)?;
    let key = session.find_key(&uri)?;
    session.delete_key(&key)?;
    let result = Deleted {
        token: session.label().to_owned(),
        key: key.summary(session.label()),
    };
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
    });
    Ok(())
}
