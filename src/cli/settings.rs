//! Where each setting came from: a flag of the command line, the environment, the
//! configuration file, or the default. `config show` prints it; messages about a bad
//! value name it, so that a value from the file is not blamed on a flag.

use std::path::PathBuf;

use clap::ArgMatches;
use clap::parser::ValueSource;
use epct::config::ConfigFile;
use serde::Serialize;

/// Where a setting's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Default,
    /// The configuration file at this path.
    File(PathBuf),
    /// This environment variable.
    Environment(&'static str),
    /// This option of the command line.
    Flag(&'static str),
}

impl Source {
    /// The word `config show` gives it: `default`, `file`, `environment` or `flag`.
    pub fn word(&self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::File(_) => "file",
            Source::Environment(_) => "environment",
            Source::Flag(_) => "flag",
        }
    }

    /// The source of a value read from the configuration file: that file, or the
    /// default when none was found.
    pub fn of_file(file: &ConfigFile) -> Source {
        match file {
            ConfigFile::Read(path) => Source::File(path.clone()),
            ConfigFile::NotFound { .. } => Source::Default,
        }
    }

    /// The source of a global option that clap also reads from `variable`: the
    /// command line or the environment, by what clap saw.
    pub fn of_global(
        matches: &ArgMatches,
        id: &str,
        flag: &'static str,
        variable: &'static str,
    ) -> Source {
        match matches.value_source(id) {
            Some(ValueSource::EnvVariable) => Source::Environment(variable),
            _ => Source::Flag(flag),
        }
    }
}

/// One setting: its configuration key, its value if any, and where the value came from.
#[derive(Clone, Debug)]
pub struct Setting<T> {
    pub key: &'static str,
    pub value: Option<T>,
    pub source: Source,
}

impl<T: Serialize> Setting<T> {
    /// The first of `candidates` that has a value, else no value from the default.
    pub fn first<const N: usize>(key: &'static str, candidates: [(Option<T>, Source); N]) -> Self {
        let found = candidates.into_iter().find(|(value, _)| value.is_some());
        let (value, source) = found.unwrap_or((None, Source::Default));
        Setting { key, value, source }
    }

    /// Where the value came from, for a message: `--module`, `$EPCT_PKCS11_MODULE`,
    /// or `module = "/x.so" in /etc/epct.toml`.
    pub fn origin(&self) -> String {
        match &self.source {
            Source::Default => "the default".to_owned(),
            Source::Flag(flag) => flag.to_string(),
            Source::Environment(variable) => format!("${variable}"),
            Source::File(path) => {
                let value = (self.value.as_ref())
                    .and_then(|v| toml::Value::try_from(v).ok())
                    .map_or_else(String::new, |v| v.to_string());
                format!("{} = {value} in {}", self.key, path.display())
            }
        }
    }

    /// Where the value came from, without the value (which may be a secret typed by
    /// mistake): `--pin-source`, `$EPCT_PIN_SOURCE`, or `pin-source in /etc/epct.toml`.
    pub fn place(&self) -> String {
        match &self.source {
            Source::File(path) => format!("{} in {}", self.key, path.display()),
            _ => self.origin(),
        }
    }

    /// Whether the value was given on the command line.
    pub fn is_flag(&self) -> bool {
        matches!(self.source, Source::Flag(_))
    }
}
