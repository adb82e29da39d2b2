//! `epct token`: list, doctor, init, change-pin.

use clap::Subcommand;
use epct::secret_source::Secret;
use epct::token::{
    DoctorReport, InitPins, Inventory, PinSource, Pkcs11Uri, TokenError, TokenSession,
    TokenSummary, UserKind, diagnose,
};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use super::context::{Access, Context, Login, ask_pin, confirm_or_force};
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
    /// Initialise a free slot, or erase and initialise the token --token names.
    ///
    /// A fresh token gets a new SO PIN (--so-pin-source) and user PIN (--pin-source),
    /// both asked twice at a terminal. A token initialised before is erased only with
    /// --force or its label typed at a terminal; --so-pin-source then gives its current
    /// SO PIN, which it keeps unless --new-so-pin-source gives a new one. Every PIN is
    /// read and checked before the token is touched.
    Init {
        /// The new token label.
        #[arg(long)]
        label: String,
        /// Where the SO PIN comes from: the new one of a fresh token, the current one of
        /// a token initialised before.
        #[arg(
            long,
            value_name = "SOURCE",
            default_value = "prompt",
            env = "EPCT_SO_PIN_SOURCE"
        )]
        so_pin_source: String,
        /// A new SO PIN for a token initialised before (it keeps its SO PIN without).
        #[arg(long, value_name = "SOURCE")]
        new_so_pin_source: Option<String>,
        /// Erase a token that is initialised already, without asking.
        #[arg(long)]
        force: bool,
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
            new_so_pin_source,
            force,
        } => {
            let parse = |text: &str| PinSource::parse(text, Secret::PIN).map_err(TokenError::from);
            let sources = InitSources {
                so: parse(&so_pin_source)?,
                new_so: new_so_pin_source.as_deref().map(parse).transpose()?,
            };
            init(ctx, &label, &sources, force)
        }
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
    /// `new`, `kept` or `changed`: what became of the SO PIN.
    so_pin: &'static str,
    /// What the erase destroyed, for a token initialised before.
    erased: Option<Inventory>,
}

/// Initialises a free slot, or the token `--token` names (never one that only
/// `$EPCT_TOKEN` or the configuration names: they choose the token of everyday work, not
/// the one to erase): every PIN is read (new ones twice at a terminal) and checked
/// before the token is touched, and an initialised token is erased only with `--force`
/// or a typed confirmation.
fn init(ctx: &Context, label: &str, sources: &InitSources, force: bool) -> Result<(), CliError> {
    let module = ctx.module(None)?;
    let named = if ctx.token.is_flag() {
        ctx.token_uri()
    } else {
        Pkcs11Uri::default()
    };
    let slot = module.slot_for_init(&named)?;
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
    let erased = if already {
        let inventory = module.inventory(&slot)?;
        confirm_erase(&slot, &inventory, force)?;
        Some(inventory)
    } else {
        None
    };
    let pins = if already {
        InitPins {
            so: sources
                .so
                .read(
                    Secret::PIN,
                    &format!("Current SO PIN of token '{}': ", slot.label()),
                )
                .map_err(TokenError::from)?,
            new_so: sources
                .new_so
                .as_ref()
                .map(|source| read_new_pin(source, "SO PIN"))
                .transpose()?,
            user: read_new_pin(&ctx.pin_source(None)?, "user PIN")?,
        }
    } else {
        InitPins {
            so: read_new_pin(&sources.so, "SO PIN")?,
            new_so: None,
            user: read_new_pin(&ctx.pin_source(None)?, "user PIN")?,
        }
    };
    module.check_pin_lengths(&slot, &pins)?;
    if already {
        module.check_so_pin(&slot, &pins.so)?;
    }
    let token = module.initialise(&slot, label, &pins)?;
    if token.label() != label {
        warn(&format!(
            "the token in slot {} kept the label '{}'; this module does not take the label '{label}'",
            token.slot_id,
            token.label()
        ));
    }
    let result = Initialised {
        label: token.label().to_owned(),
        serial: token.token.map(|t| t.serial).unwrap_or_default(),
        slot_id: token.slot_id,
        so_pin: match (already, pins.new_so.is_some()) {
            (false, _) => "new",
            (true, false) => "kept",
            (true, true) => "changed",
        },
        erased,
    };
    emit(ctx, &result, |r| {
        let so = match r.so_pin {
            "new" => "SO PIN and user PIN set",
            "kept" => "user PIN set, SO PIN kept",
            _ => "user PIN set, SO PIN changed",
        };
        escaped(&format!(
            "initialised token '{}' (serial {}, slot {}): {so}",
            r.label, r.serial, r.slot_id
        ))
        .into_owned()
    })?;
    Ok(())
}

/// Where the PINs of `token init` come from.
struct InitSources {
    /// The new SO PIN of a fresh token, or the current one of a token initialised before.
    so: PinSource,
    /// A new SO PIN for a token initialised before (its SO PIN is kept without one).
    new_so: Option<PinSource>,
}

/// Refuses to erase an initialised token without `--force`, unless the user types its
/// label at the terminal.
fn confirm_erase(slot: &TokenSummary, inventory: &Inventory, force: bool) -> Result<(), CliError> {
    let objects = inventory.describe();
    confirm_or_force(
        force,
        || TokenError::EraseNeedsForce {
            token: slot.label().to_owned(),
            objects: objects.clone(),
        },
        &format!(
            "token '{}' is initialised; erasing it destroys {objects}.",
            slot.label()
        ),
        slot.label(),
    )
}

#[derive(Serialize)]
struct PinChanged {
    token: String,
    /// `user` or `so`: whose PIN.
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
        pin: if so { "so" } else { "user" },
    };
    emit(ctx, &result, |r| {
        format!("changed the {what} of token '{}'", r.token)
    })?;
    Ok(())
}
