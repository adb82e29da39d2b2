//! `epct token`: list, doctor, init, change-pin.

use clap::Subcommand;
use epct::secret_source::Secret;
use epct::token::{
    DoctorReport, PinSource, Pkcs11Uri, TokenError, TokenSession, TokenSummary, UserKind, diagnose,
};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use super::context::{Access, Context, Login, ask_pin};
use super::error::CliError;
use super::output::{emit, escaped, push_line, warn, yes_no};

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Slots and tokens: labels, serials, flags, PIN state, memory.
    List,
    /// Try what the token really accepts for each key, and say what epct will use.
    Doctor {
        /// Do not log in: report only what the token lists.
        #[arg(long)]
        no_login: bool,
    },
    /// Initialise (erase) a token: a free slot, or the one --token names.
    Init {
        /// The new token label.
        #[arg(long)]
        label: String,
        /// Where the SO PIN comes from (the user PIN comes from --pin-source).
        #[arg(long, value_name = "SOURCE", default_value = "prompt")]
        so_pin_source: String,
    },
    /// Change the user PIN (or with --so, the SO PIN).
    ChangePin {
        /// Change the security officer's PIN.
        #[arg(long)]
        so: bool,
        /// Where the new PIN comes from (the current one comes from --pin-source).
        #[arg(long, value_name = "SOURCE", default_value = "prompt")]
        new_pin_source: String,
    },
}

pub fn run(ctx: &Context, command: TokenCommand) -> Result<(), CliError> {
    match command {
        TokenCommand::List => list(ctx),
        TokenCommand::Doctor { no_login } => doctor(ctx, no_login),
        TokenCommand::Init {
            label,
            so_pin_source,
        } => init(
            ctx,
            &label,
            &PinSource::parse(&so_pin_source, Secret::PIN).map_err(TokenError::from)?,
        ),
        TokenCommand::ChangePin { so, new_pin_source } => change_pin(
            ctx,
            so,
            &PinSource::parse(&new_pin_source, Secret::PIN).map_err(TokenError::from)?,
        ),
    }
}

#[derive(Serialize)]
struct TokenList {
    module: String,
    slots: Vec<TokenSummary>,
}

fn list(ctx: &Context) -> Result<(), CliError> {
    let module = ctx.module(None)?;
    let slots = module.slots()?;
    let result = TokenList {
        module: module.path().display().to_string(),
        slots,
    };
    emit(ctx, &result, |r| {
        let mut out = format!("module {}\n", r.module);
        for slot in &r.slots {
            out += &describe_slot(slot);
        }
        out
    })?;
    Ok(())
}

fn describe_slot(slot: &TokenSummary) -> String {
    let mut out = format!(
        "slot {}: {}\n",
        slot.slot_id,
        escaped(&slot.slot_description)
    );
    let Some(t) = &slot.token else {
        return out + "  no token\n";
    };
    if !t.flags.initialized {
        return out + "  token not initialised (epct token init)\n";
    }
    push_line(
        &mut out,
        &format!(
            "  token '{}' ({} {}, serial {})",
            t.label, t.manufacturer, t.model, t.serial
        ),
    );
    out += &format!(
        "  login required: {}; PIN pad: {}; write-protected: {}\n",
        yes_no(t.flags.login_required),
        yes_no(t.flags.protected_authentication_path),
        yes_no(t.flags.write_protected)
    );
    out += &format!(
        "  user PIN: {}\n",
        if t.flags.user_pin_initialized {
            t.user_pin.to_string()
        } else {
            "not set".to_owned()
        }
    );
    out += &format!("  SO PIN: {}\n", t.so_pin);
    let memory = |free: Option<usize>, total: Option<usize>| match (free, total) {
        (Some(f), Some(t)) => format!("{f} of {t} bytes free"),
        _ => "not given".to_owned(),
    };
    out += &format!(
        "  memory: public {}, private {}\n",
        memory(t.memory.public_free, t.memory.public_total),
        memory(t.memory.private_free, t.memory.private_total)
    );
    out
}

fn doctor(ctx: &Context, no_login: bool) -> Result<(), CliError> {
    let login = if no_login { Login::Skip } else { Login::User };
    let report = ctx.with_session(&ctx.token_uri(), Access::ReadOnly, login, |session| {
        Ok(diagnose(session)?)
    })?;
    emit(ctx, &report, describe_report)?;
    Ok(())
}

fn describe_report(report: &DoctorReport) -> String {
    let mut out = describe_slot(&report.token);
    out += "mechanisms listed:\n";
    for (name, listed) in &report.listed {
        out += &format!("  {name}: {}\n", if *listed { "listed" } else { "absent" });
    }
    if report.keys.is_empty() {
        out += "no private keys seen (log in, or generate one with epct key generate)\n";
    }
    for key in &report.keys {
        let algorithm = key
            .algorithm
            .map(|a| a.to_string())
            .unwrap_or_else(|| "unknown".into());
        push_line(
            &mut out,
            &format!("key '{}' (id {}, {algorithm}):", key.label, key.id),
        );
        for probe in &key.probes {
            let result = if probe.accepted {
                "works".to_owned()
            } else {
                format!("refused: {}", probe.detail.as_deref().unwrap_or("?"))
            };
            out += &format!("  {} via {}: {result}\n", probe.operation, probe.mechanism);
        }
        for line in &key.verdict {
            out += &format!("  => {line}\n");
        }
    }
    out
}

/// A new PIN: asked twice at the terminal, read once from any other source.
fn read_new_pin(source: &PinSource, what: &str) -> Result<SecretString, CliError> {
    let pin = source
        .read(Secret::PIN, &format!("New {what}: "))
        .map_err(TokenError::from)?;
    if *source == PinSource::Prompt {
        let again = source
            .read(Secret::PIN, &format!("Repeat the new {what}: "))
            .map_err(TokenError::from)?;
        if pin.expose_secret() != again.expose_secret() {
            return Err(TokenError::PinsDiffer.into());
        }
    }
    Ok(pin)
}

#[derive(Serialize)]
struct Initialised {
    label: String,
    serial: String,
    slot_id: u64,
}

fn init(ctx: &Context, label: &str, so_pin_source: &PinSource) -> Result<(), CliError> {
    let module = ctx.module(None)?;
    let slot = module.slot_for_init(&ctx.token_uri())?;
    slot.require_so_pin()?;
    let already = slot.token.as_ref().is_some_and(|t| t.flags.initialized);
    let taken = module.slots()?.into_iter().any(|s| {
        s.slot_id != slot.slot_id
            && s.token
                .as_ref()
                .is_some_and(|t| t.flags.initialized && t.label == label)
    });
    if taken {
        return Err(CliError::TokenLabelTaken(label.to_owned()));
    }
    let so_pin = if already {
        so_pin_source
            .read(
                Secret::PIN,
                &format!("SO PIN for token '{}': ", slot.label()),
            )
            .map_err(TokenError::from)?
    } else {
        read_new_pin(so_pin_source, "SO PIN")?
    };
    module.init_token(&slot, &so_pin, label)?;
    let token = module.reread(&slot)?;
    if token.label() != label {
        warn(&format!(
            "the token in slot {} kept the label '{}'; this module does not take the label '{label}'",
            token.slot_id,
            token.label()
        ));
    }
    let mut session = module.open(&token, true)?;
    session.login(UserKind::SecurityOfficer, &mut |_| Ok(so_pin.clone()))?;
    let user_pin = read_new_pin(&ctx.pin_source(None)?, "user PIN")?;
    session.init_user_pin(&user_pin)?;
    let token = session.refresh()?.clone();
    let result = Initialised {
        label: token.label().to_owned(),
        serial: token.token.map(|t| t.serial).unwrap_or_default(),
        slot_id: token.slot_id,
    };
    emit(ctx, &result, |r| {
        format!(
            "initialised token '{}' (serial {}, slot {})",
            r.label, r.serial, r.slot_id
        )
    })?;
    Ok(())
}

#[derive(Serialize)]
struct PinChanged {
    token: String,
    pin: &'static str,
}

fn change_pin(ctx: &Context, so: bool, new_source: &PinSource) -> Result<(), CliError> {
    let uri = ctx.token_uri();
    ctx.with_session(&uri, Access::ReadWrite, Login::Skip, |session| {
        change_pin_in(ctx, session, &uri, so, new_source)
    })
}

/// Logs in with the current PIN (the user's, or with `so` the SO's) and sets the new one.
fn change_pin_in(
    ctx: &Context,
    session: &mut TokenSession<'_>,
    uri: &Pkcs11Uri,
    so: bool,
    new_source: &PinSource,
) -> Result<(), CliError> {
    if so {
        session.token().require_so_pin()?;
    }
    let (user, what) = if so {
        (UserKind::SecurityOfficer, "SO PIN")
    } else {
        (UserKind::User, "user PIN")
    };
    let source = ctx.pin_source(Some(uri))?;
    let mut old = None;
    session.login(user, &mut |request| {
        let pin = ask_pin(&source, request)?;
        old = Some(pin.clone());
        Ok(pin)
    })?;
    let new = read_new_pin(new_source, what)?;
    let old = old.ok_or(CliError::PinPad)?;
    session.change_pin(&old, &new)?;
    let result = PinChanged {
        token: session.label().to_owned(),
        pin: what,
    };
    emit(ctx, &result, |r| {
        format!("changed the {} of token '{}'", r.pin, r.token)
    })?;
    Ok(())
}
