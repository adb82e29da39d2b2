//! The optional configuration file (TOML): defaults for options that a site sets once.
//!
//! Looked up at `--config FILE`, else `$EPCT_CONFIG`, else
//! `$XDG_CONFIG_HOME/epct/config.toml`; a missing default file is no error.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::input::{self, InputError, read_bounded};

/// Settings; each is overridden by its command-line option.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The PKCS#11 module (`--module`).
    pub module: Option<PathBuf>,
    /// The module's `C_Initialize` arguments (`--module-init-args`).
    pub module_init_args: Option<String>,
    /// The token label (`--token`).
    pub token: Option<String>,
    /// Where PINs come from (`--pin-source`).
    pub pin_source: Option<String>,
    /// The trust store directory (`--trust-store`).
    pub trust_store: Option<PathBuf>,
    /// Where epct keeps its state, such as the ledger of received files
    /// (`--state-dir`).
    pub state_dir: Option<PathBuf>,
    /// The exchange platform's root URL (`--platform`).
    pub platform: Option<String>,
    /// CA certificates trusted for the platform besides the system's (`--platform-ca`).
    pub platform_ca: Option<PathBuf>,
    /// A TLS client certificate and key, PEM (`--platform-client-cert`, `-key`).
    pub platform_client_cert: Option<PathBuf>,
    pub platform_client_key: Option<PathBuf>,
    /// The platform account (`--platform-user`).
    pub platform_user: Option<String>,
    /// Where its password or ticket comes from (`--platform-password-source`).
    pub platform_password_source: Option<String>,
    /// Seconds to wait for a connection or the next bytes (`--platform-timeout`).
    pub platform_timeout: Option<u64>,
    /// How often a transient failure is tried again (`--platform-retries`).
    pub platform_retries: Option<u32>,
    /// The exchange's deadline, YYYY-MM-DD (`exchange status --deadline`).
    pub deadline: Option<String>,
    /// The election that data files are for (`--election`), such as `EP-2029`.
    pub election: Option<String>,
    /// The home state's roll columns for `data match` (`--columns`): a table of key =
    /// column name (`id = "ROLL_ID"`, `surname = "NOM"`, ...).
    pub match_columns: Option<std::collections::BTreeMap<String, String>>,
}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("cannot use the configuration file {path}: {reason}")]
pub struct ConfigError {
    pub path: PathBuf,
    pub reason: String,
}

impl Config {
    /// Loads the file given, or the default one if it exists.
    pub fn load(given: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, required) = match given {
            Some(p) => (p.to_owned(), true),
            None => match default_path() {
                Some(p) => (p, false),
                None => return Ok(Config::default()),
            },
        };
        let bytes = match read_bounded(&path, input::CONFIG) {
            Ok(bytes) => bytes,
            Err(e) if !required && e.is_not_found() => return Ok(Config::default()),
            Err(InputError::Read { source, .. }) => {
                return Err(ConfigError {
                    path,
                    reason: source.to_string(),
                });
            }
            Err(InputError::TooLarge { limit, .. }) => {
                return Err(ConfigError {
                    path,
                    reason: format!(
                        "it is larger than {limit}, the most epct reads for {}",
                        limit.what
                    ),
                });
            }
        };
        let text = String::from_utf8(bytes).map_err(|_| ConfigError {
            path: path.clone(),
            reason: "it is not UTF-8".to_owned(),
        })?;
        toml::from_str(&text).map_err(|e| ConfigError {
            path,
            reason: e.message().to_owned(),
        })
    }
}

fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("epct").join("config.toml"))
}
