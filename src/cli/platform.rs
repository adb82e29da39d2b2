//! The options that reach the exchange platform, shared by the exchange commands: each
//! also a configuration key (docs/contract.md, configuration). The password or ticket
//! is read from its source like a PIN, never taken from the command line.

use std::path::PathBuf;
use std::time::Duration;

use epct::config::Config;
use epct::platform::{Platform, PlatformError, PlatformOptions};
use epct::secret_source::{Secret, SecretSource};

use super::context::Context;
use super::error::CliError;

/// Seconds to wait for a connection or the next bytes, unless set.
pub(super) const DEFAULT_TIMEOUT: u64 = 30;
/// How often a transient failure is tried again, unless set.
pub(super) const DEFAULT_RETRIES: u32 = 4;

#[derive(clap::Args, Default)]
pub struct PlatformArgs {
    /// The exchange platform's root URL (WebDAV over https://; http:// only to a
    /// loopback address); also config `platform`.
    #[arg(long, value_name = "URL")]
    pub platform: Option<String>,
    /// CA certificates (PEM) trusted for the platform besides the system's.
    #[arg(long, value_name = "FILE")]
    platform_ca: Option<PathBuf>,
    /// A TLS client certificate (PEM) for the platform, with --platform-client-key.
    #[arg(long, value_name = "FILE")]
    platform_client_cert: Option<PathBuf>,
    /// The key (PEM) of --platform-client-cert.
    #[arg(long, value_name = "FILE")]
    platform_client_key: Option<PathBuf>,
    /// The platform account (HTTP Basic).
    #[arg(long, value_name = "USER")]
    platform_user: Option<String>,
    /// Where the account's password or ticket comes from: prompt, env:VAR, file:PATH
    /// or fd:N (never the command line).
    #[arg(long, value_name = "SOURCE")]
    platform_password_source: Option<String>,
    /// Seconds to wait for a connection or for the next bytes (default 30).
    #[arg(long, value_name = "SECONDS")]
    platform_timeout: Option<u64>,
    /// How often a transient failure is tried again, with a growing wait (default 4).
    #[arg(long, value_name = "N")]
    platform_retries: Option<u32>,
}

/// The platform settings of the configuration file.
#[derive(Default)]
pub struct PlatformSettings {
    url: Option<String>,
    ca: Option<PathBuf>,
    client_cert: Option<PathBuf>,
    client_key: Option<PathBuf>,
    user: Option<String>,
    password_source: Option<String>,
    timeout: Option<u64>,
    retries: Option<u32>,
}

impl PlatformSettings {
    /// Takes the platform keys out of `config`.
    pub fn take(config: &mut Config) -> PlatformSettings {
        PlatformSettings {
            url: config.platform.take(),
            ca: config.platform_ca.take(),
            client_cert: config.platform_client_cert.take(),
            client_key: config.platform_client_key.take(),
            user: config.platform_user.take(),
            password_source: config.platform_password_source.take(),
            timeout: config.platform_timeout.take(),
            retries: config.platform_retries.take(),
        }
    }
}

impl PlatformArgs {
    /// The platform, when `--platform` or config `platform` names one; its password is
    /// read now, once.
    pub fn connect(&self, ctx: &Context) -> Result<Option<Platform>, CliError> {
        let settings = &ctx.platform;
        let Some(url) = self.platform.clone().or_else(|| settings.url.clone()) else {
            return Ok(None);
        };
        let user = self.platform_user.clone().or_else(|| settings.user.clone());
        let source = self
            .platform_password_source
            .as_deref()
            .or(settings.password_source.as_deref());
        let password = match (&user, source) {
            (Some(user), source) => {
                let source =
                    SecretSource::parse(source.unwrap_or("prompt"), Secret::PLATFORM_PASSWORD)
                        .map_err(PlatformError::from)?;
                Some(
                    source
                        .read(
                            Secret::PLATFORM_PASSWORD,
                            &format!("Platform password for {user}: "),
                        )
                        .map_err(PlatformError::from)?,
                )
            }
            (None, _) => None,
        };
        let options = PlatformOptions {
            url,
            ca: self.platform_ca.clone().or_else(|| settings.ca.clone()),
            client_cert: (self.platform_client_cert.clone())
                .or_else(|| settings.client_cert.clone()),
            client_key: (self.platform_client_key.clone()).or_else(|| settings.client_key.clone()),
            user,
            password,
            timeout: Duration::from_secs(
                self.platform_timeout
                    .or(settings.timeout)
                    .unwrap_or(DEFAULT_TIMEOUT),
            ),
            retries: self
                .platform_retries
                .or(settings.retries)
                .unwrap_or(DEFAULT_RETRIES),
        };
        Ok(Some(Platform::connect(&options)?))
    }
}
