//! The optional configuration file (TOML): defaults for options that a site sets once.
//!
//! Looked up at `--config FILE`, else `$EPCT_CONFIG`, else
//! `$XDG_CONFIG_HOME/epct/config.toml`; a missing default file is no error. Every key
//! is listed in docs/configuration.md.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::input::{self, InputError, read_bounded};

/// Settings; each is overridden by its command-line option.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The PKCS#11 module (`--module`).
    pub module: Option<PathBuf>,
    /// The module's `C_Initialize` arguments (`--module-init-args`).
    pub module_init_args: Option<String>,
    /// The token label (`--token`).
    pub token: Option<String>,
    /// The key of the commands that sign (`--key` of `seal`, `sign`, `exchange send`)
    /// and, where `--key` is not given, of `open`, `decrypt` and `exchange receive`:
    /// a label or a pkcs11: URI.
    pub key: Option<String>,
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
    /// The day ages are counted on, YYYY-MM-DD (`--election-date`).
    pub election_date: Option<String>,
    /// Whether a candidate's missing or "no" declaration is an error
    /// (`--strict-declarations`).
    pub strict_declarations: Option<bool>,
    /// CRL files (PEM or DER) applied where `--crl` is not given.
    pub crl: Option<Vec<PathBuf>>,
    /// A directory whose every file is a CRL, applied with `crl` where `--crl` is not
    /// given.
    pub crl_dir: Option<PathBuf>,
    /// The home state's roll columns for `data match` (`--columns`): a table of key =
    /// column name (`id = "ROLL_ID"`, `surname = "NOM"`, ...).
    pub match_columns: Option<std::collections::BTreeMap<String, String>>,
}

/// Which configuration file was read, or where none was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigFile {
    /// The file read.
    Read(PathBuf),
    /// No file at the default place, `looked_at` (none when no configuration
    /// directory is known).
    NotFound { looked_at: Option<PathBuf> },
}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("cannot use the configuration file {path}: {reason}")]
pub struct ConfigError {
    pub path: PathBuf,
    pub reason: String,
}

impl Config {
    /// Loads the file given, or the default one if it exists; says which was read.
    pub fn load(given: Option<&Path>) -> Result<(Config, ConfigFile), ConfigError> {
        let (path, required) = match given {
            Some(p) => (p.to_owned(), true),
            None => match default_path() {
                Some(p) => (p, false),
                None => return Ok((Config::default(), ConfigFile::NotFound { looked_at: None })),
            },
        };
        let bytes = match read_bounded(&path, input::CONFIG) {
            Ok(bytes) => bytes,
            Err(e) if !required && e.is_not_found() => {
                let not_found = ConfigFile::NotFound {
                    looked_at: Some(path),
                };
                return Ok((Config::default(), not_found));
            }
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
        match toml::from_str(&text) {
            Ok(config) => Ok((config, ConfigFile::Read(path))),
            Err(e) => Err(ConfigError {
                path,
                reason: e.message().to_owned(),
            }),
        }
    }

    /// Every key a configuration file can set, by name.
    pub fn keys() -> Vec<String> {
        match serde_json::to_value(Config::default()) {
            Ok(serde_json::Value::Object(fields)) => fields.keys().cloned().collect(),
            _ => unreachable!("a struct serialises as an object"),
        }
    }
}

fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("epct").join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_one_the_file_may_set() {
        let keys = Config::keys();
        assert!(keys.contains(&"election-date".to_owned()), "{keys:?}");
        for key in keys {
            let value = if key == "match-columns" {
                "{}".to_owned()
            } else if key == "crl" {
                "[]".to_owned()
            } else if key.starts_with("platform-t") || key.starts_with("platform-r") {
                "1".to_owned()
            } else if key == "strict-declarations" {
                "true".to_owned()
            } else {
                "\"x\"".to_owned()
            };
            let text = format!("{key} = {value}");
            toml::from_str::<Config>(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        }
    }
}
