//! `epct config show`: the configuration file in effect, and every setting with its
//! value and where that came from (a flag, the environment, the file, the default).
//! Every key of [`Config`] is listed; a secret never is (a PIN or password source is
//! shown only when it parses as a source, which a secret does not).

use clap::Subcommand;
use epct::config::{Config, ConfigFile};
use epct::data::ValidationOptions;
use epct::secret_source::{Secret, SecretSource};
use epct::token::Module;
use epct::trust::TrustStore;
use serde::Serialize;
use serde_json::{Map, Value};

use super::context::Context;
use super::error::CliError;
use super::output::{emit, escaped};
use super::platform::{DEFAULT_RETRIES, DEFAULT_TIMEOUT};
use super::settings::{Setting, Source};

#[derive(Subcommand)]
pub enum ConfigCommand {
    /// Print the configuration file in effect and every setting with its value and
    /// source: default, file, environment or flag.
    Show,
}

/// What `config show` reports.
#[derive(Serialize)]
struct Shown {
    /// The configuration file read, if one was.
    file: Option<String>,
    /// Where the default file was looked for, when none was read.
    looked_at: Option<String>,
    /// How the file was chosen: `flag` (`--config`), `environment` (`$EPCT_CONFIG`)
    /// or `default`.
    file_source: &'static str,
    settings: Vec<ShownSetting>,
}

/// One setting.
#[derive(Serialize)]
struct ShownSetting {
    /// The key as the configuration file spells it.
    name: String,
    /// Its value, or null when it is not set.
    value: Value,
    source: &'static str,
    /// The flag, environment variable or file it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
}

pub fn run(ctx: &Context, command: ConfigCommand) -> Result<(), CliError> {
    let ConfigCommand::Show = command;
    let (file, looked_at) = match &ctx.config_file {
        ConfigFile::Read(path) => (Some(absolute(path)), None),
        ConfigFile::NotFound { looked_at } => {
            (None, looked_at.as_ref().map(|p| p.display().to_string()))
        }
    };
    let in_file = match serde_json::to_value(&ctx.config) {
        Ok(Value::Object(fields)) => fields,
        _ => unreachable!("a struct serialises as an object"),
    };
    let shown = Shown {
        file,
        looked_at,
        file_source: ctx.config_source.word(),
        settings: Config::keys()
            .into_iter()
            .map(|key| setting(ctx, &in_file, key))
            .collect(),
    };
    emit(ctx, &shown, describe)
}

/// `path` made absolute, so that it says which file it was wherever it is read.
fn absolute(path: &std::path::Path) -> String {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    path.display().to_string()
}

/// The value and source of `key`: a global option or its environment variable, else
/// the file's (`in_file`, every key of the file's [`Config`]), else the default.
fn setting(ctx: &Context, in_file: &Map<String, Value>, key: String) -> ShownSetting {
    let global = match key.as_str() {
        "module" => Some(as_json(&ctx.module)),
        "module-init-args" => Some(as_json(&ctx.module_init_args)),
        "token" => Some(as_json(&ctx.token)),
        "pin-source" => Some(as_json(&ctx.pin_source_text)),
        "trust-store" => Some(as_json(&ctx.trust_store)),
        _ => None,
    };
    let in_file = in_file.get(&key).filter(|v| !v.is_null()).cloned();
    let (value, source) = match (global, in_file) {
        (
            Some(Setting {
                value: Some(value),
                source,
                ..
            }),
            _,
        ) => (value, source),
        (_, Some(value)) => (value, Source::of_file(&ctx.config_file)),
        _ => (default_value(ctx, &key), Source::Default),
    };
    let value = match key.as_str() {
        "platform-password-source" => shown_source(value),
        _ => value,
    };
    ShownSetting {
        from: match &source {
            Source::Default => None,
            Source::Flag(flag) => Some(flag.to_string()),
            Source::Environment(variable) => Some(variable.to_string()),
            Source::File(path) => Some(absolute(path)),
        },
        source: source.word(),
        name: key,
        value,
    }
}

fn as_json<T: Serialize>(setting: &Setting<T>) -> Setting<Value> {
    Setting {
        key: setting.key,
        value: (setting.value.as_ref()).and_then(|v| serde_json::to_value(v).ok()),
        source: setting.source.clone(),
    }
}

/// A password source as written when it is one; anything else may be the password
/// itself, typed by mistake, and is not shown.
fn shown_source(value: Value) -> Value {
    match value.as_str() {
        Some(text) if SecretSource::parse(text, Secret::PLATFORM_PASSWORD).is_err() => {
            Value::from("(not a source: prompt, env:VAR, file:PATH or fd:N; not shown)")
        }
        _ => value,
    }
}

/// What epct uses for `key` when nothing sets it; null where it then does without.
fn default_value(ctx: &Context, key: &str) -> Value {
    let path =
        |p: Option<std::path::PathBuf>| p.map_or(Value::Null, |p| p.display().to_string().into());
    match key {
        "module" => path(Module::resolve(None).ok()),
        "pin-source" => "prompt".into(),
        "trust-store" => path(TrustStore::default_dir()),
        "state-dir" => path(ctx.state_dir(None).ok()),
        "platform-timeout" => DEFAULT_TIMEOUT.into(),
        "platform-retries" => DEFAULT_RETRIES.into(),
        "election-date" => ValidationOptions::today_utc().today.to_string().into(),
        "strict-declarations" => false.into(),
        _ => Value::Null,
    }
}

/// The report in words: the file, then one line a setting.
fn describe(shown: &Shown) -> String {
    let mut text = match (&shown.file, &shown.looked_at) {
        (Some(file), _) => format!(
            "configuration file: {} ({})\n",
            escaped(file),
            match shown.file_source {
                "flag" => "--config",
                "environment" => "$EPCT_CONFIG",
                _ => "the default place",
            }
        ),
        (None, Some(place)) => format!(
            "configuration file: none found (looked for {})\n",
            escaped(place)
        ),
        (None, None) => {
            "configuration file: none (no configuration directory is known)\n".to_owned()
        }
    };
    let width = (shown.settings.iter())
        .map(|s| s.name.len())
        .max()
        .unwrap_or(0);
    for s in &shown.settings {
        let value = match toml::Value::try_from(&s.value) {
            _ if s.value.is_null() => "(not set)".to_owned(),
            Ok(value) => value.to_string(),
            Err(_) => s.value.to_string(),
        };
        let source = match (&s.from, s.source) {
            (Some(from), "environment") => format!("environment ${from}"),
            (Some(from), source) => format!("{source} {from}"),
            (None, source) => source.to_owned(),
        };
        text += &format!(
            "{:width$}  {}  [{}]\n",
            s.name,
            escaped(&value),
            escaped(&source)
        );
    }
    text
}
