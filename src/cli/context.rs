//! What every command shares: output mode, configuration, module, token, PIN source and
//! trust store; and the one way to open a session, a signer or a decryptor on a token.

use std::path::{Path, PathBuf};

use epct::algorithms::SignatureAlgorithm;
use epct::config::Config;
use epct::secret_source::Secret;
use epct::token::{
    LoginRequest, Module, ModuleOptions, PinSource, Pkcs11Uri, TokenDecryptor, TokenError,
    TokenKey, TokenLog, TokenSession, TokenSigner, UserKind,
};
use epct::trust::{LockedTrustStore, TrustStore};
use secrecy::SecretString;
use x509_cert::Certificate;

use super::Cli;
use super::error::CliError;
use super::output::{escaped, say_waiting, warn};
use super::platform::PlatformSettings;
use super::stdout::print_error_line;

/// Whether a session may change the token.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadOnly,
    ReadWrite,
    /// Read-write unless the token is write-protected: decryption may keep its
    /// implicit-rejection key on the token (token/rejection.rs).
    WriteIfAllowed,
}

/// Whether a session logs in as the user, with a PIN from the PIN source.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Login {
    User,
    Skip,
}

pub struct Context {
    pub json: bool,
    pub verbose: u8,
    module: Option<PathBuf>,
    module_init_args: Option<String>,
    token: Option<String>,
    pin_source: Option<PinSource>,
    trust_store: Option<PathBuf>,
    state_dir: Option<PathBuf>,
    /// The platform keys of the configuration file.
    pub platform: PlatformSettings,
    /// The configuration's exchange deadline (`deadline`), as written.
    pub deadline: Option<String>,
    /// The configuration's `[match-columns]` for `data match`.
    pub match_columns: Option<std::collections::BTreeMap<String, String>>,
}

impl Context {
    pub fn new(cli: &Cli) -> Result<Self, CliError> {
        let mut config = Config::load(cli.config.as_deref())?;
        let platform = PlatformSettings::take(&mut config);
        let pin_source = cli
            .pin_source
            .as_ref()
            .or(config.pin_source.as_ref())
            .map(|text| PinSource::parse(text, Secret::PIN).map_err(TokenError::from))
            .transpose()?;
        Ok(Context {
            json: cli.json,
            verbose: cli.verbose,
            module: cli.module.clone().or(config.module),
            module_init_args: cli.module_init_args.clone().or(config.module_init_args),
            token: cli.token.clone().or(config.token),
            pin_source,
            trust_store: cli.trust_store.clone().or(config.trust_store),
            state_dir: config.state_dir,
            platform,
            deadline: config.deadline,
            match_columns: config.match_columns,
        })
    }

    /// Opens the trust store: `--trust-store`, `$EPCT_TRUST_STORE`, the configuration,
    /// else `epct/trust` under the XDG data directory.
    pub fn trust_store(&self) -> Result<TrustStore, CliError> {
        Ok(TrustStore::open(&self.trust_store_dir()?)?)
    }

    /// Opens the trust store for a change, under its lock; says so when it waits for
    /// another run that holds it.
    pub fn locked_trust_store(&self) -> Result<LockedTrustStore, CliError> {
        Ok(LockedTrustStore::open(
            &self.trust_store_dir()?,
            say_waiting,
        )?)
    }

    fn trust_store_dir(&self) -> Result<PathBuf, CliError> {
        let dir = self
            .trust_store
            .clone()
            .or_else(TrustStore::default_dir)
            .ok_or(CliError::NoDataDirectory)?;
        if self.verbose > 0 {
            print_error_line(format_args!("using trust store {}", dir.display()));
        }
        Ok(dir)
    }

    /// epct's state directory: `given` (`--state-dir`), the configuration's
    /// `state-dir`, else `epct` under the XDG state directory.
    pub fn state_dir(&self, given: Option<&Path>) -> Result<PathBuf, CliError> {
        given
            .map(Path::to_owned)
            .or_else(|| self.state_dir.clone())
            .or_else(|| dirs::state_dir().map(|d| d.join("epct")))
            .ok_or(CliError::NoStateDirectory)
    }

    /// Loads the module: `--module`, `$EPCT_PKCS11_MODULE`, the configuration, the URI's
    /// `module-path`, then the defaults.
    pub fn module(&self, uri: Option<&Pkcs11Uri>) -> Result<Module, CliError> {
        let given = self
            .module
            .clone()
            .or_else(|| uri.and_then(|u| u.module_path.clone()));
        let path = Module::resolve(given.as_deref())?;
        if self.verbose > 0 {
            print_error_line(format_args!("using PKCS#11 module {}", path.display()));
        }
        let log: Option<TokenLog> = (self.verbose > 1).then(|| {
            Box::new(|line: &str| print_error_line(format_args!("pkcs11: {}", escaped(line))))
                as TokenLog
        });
        Ok(Module::load_with(
            &path,
            ModuleOptions {
                init_args: self.module_init_args.clone(),
                log,
            },
        )?)
    }

    /// A key argument as a URI, with `--token` applied.
    pub fn key_uri(&self, arg: &str) -> Result<Pkcs11Uri, CliError> {
        Ok(Pkcs11Uri::from_key_arg(arg)?.with_token(self.token.as_deref()))
    }

    /// The URI that names just the `--token` (any token when not given).
    pub fn token_uri(&self) -> Pkcs11Uri {
        Pkcs11Uri::default().with_token(self.token.as_deref())
    }

    /// Opens a session on the token that `uri` names, in a module already loaded.
    pub fn session<'m>(
        &self,
        module: &'m Module,
        uri: &Pkcs11Uri,
        access: Access,
    ) -> Result<TokenSession<'m>, CliError> {
        let token = module.find_token(uri)?;
        let write_protected = (token.token.as_ref()).is_some_and(|t| t.flags.write_protected);
        let read_write = match access {
            Access::ReadOnly => false,
            Access::ReadWrite => true,
            Access::WriteIfAllowed => !write_protected,
        };
        Ok(module.open(&token, read_write)?)
    }

    /// The PIN source: `--pin-source`, the configuration, the URI's `pin-source`, else
    /// the terminal.
    pub fn pin_source(&self, uri: Option<&Pkcs11Uri>) -> Result<PinSource, CliError> {
        if let Some(source) = &self.pin_source {
            return Ok(source.clone());
        }
        match uri.and_then(|u| u.pin_source.as_deref()) {
            Some(text) => Ok(PinSource::parse(text, Secret::PIN).map_err(TokenError::from)?),
            None => Ok(PinSource::Prompt),
        }
    }

    /// Logs in as the user, with one PIN from the source of `uri`.
    pub fn login(&self, session: &mut TokenSession<'_>, uri: &Pkcs11Uri) -> Result<(), CliError> {
        let source = self.pin_source(Some(uri))?;
        session.login(UserKind::User, &mut |request| ask_pin(&source, request))?;
        Ok(())
    }
}

impl Context {
    /// Loads the module of `uri`, opens a session on its token, logs in if asked, and
    /// runs `job` with the session.
    pub fn with_session<T>(
        &self,
        uri: &Pkcs11Uri,
        access: Access,
        login: Login,
        job: impl FnOnce(&mut TokenSession<'_>) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        let module = self.module(Some(uri))?;
        let mut session = self.session(&module, uri, access)?;
        if login == Login::User {
            self.login(&mut session, uri)?;
        }
        job(&mut session)
    }

    /// Opens the token of `key_arg`, logs in, finds the key, and runs `job` with them.
    pub fn with_token_key<T>(
        &self,
        key_arg: &str,
        access: Access,
        job: impl FnOnce(&TokenSession<'_>, &TokenKey) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        let uri = self.key_uri(key_arg)?;
        self.with_session(&uri, access, Login::User, |session| {
            let key = session.find_key(&uri)?;
            job(session, &key)
        })
    }

    /// Runs `job` with a signer for the key `key_arg` names and the key's certificate.
    pub fn with_signer<T>(
        &self,
        key_arg: &str,
        algorithm: Option<SignatureAlgorithm>,
        job: impl FnOnce(&TokenSigner<'_, '_>, Certificate) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        self.with_token_key(key_arg, Access::ReadOnly, |session, key| {
            let certificate = session.key_certificate(key)?;
            job(&TokenSigner::new(session, key, algorithm)?, certificate)
        })
    }

    /// Runs `job` with a decryptor for the key `key_arg` names and the key's certificate.
    pub fn with_decryptor<T>(
        &self,
        key_arg: &str,
        job: impl FnOnce(&TokenDecryptor<'_, '_>, Certificate) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        self.with_token_key(key_arg, Access::WriteIfAllowed, |session, key| {
            let certificate = session.key_certificate(key)?;
            job(&TokenDecryptor::new(session, key)?, certificate)
        })
    }

    /// Runs `job` with a decryptor and a signer for the one key `key_arg` names (one
    /// login), and the key's certificate: `exchange receive` decrypts and signs its
    /// receipts with the receiver's key.
    pub fn with_decryptor_and_signer<T>(
        &self,
        key_arg: &str,
        job: impl FnOnce(
            &TokenDecryptor<'_, '_>,
            &TokenSigner<'_, '_>,
            Certificate,
        ) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        self.with_token_key(key_arg, Access::WriteIfAllowed, |session, key| {
            let certificate = session.key_certificate(key)?;
            let signer = TokenSigner::new(session, key, None)?;
            job(&TokenDecryptor::new(session, key)?, &signer, certificate)
        })
    }
}

/// Reads one PIN, first warning about the token's remaining-tries state.
pub fn ask_pin(source: &PinSource, request: &LoginRequest<'_>) -> Result<SecretString, TokenError> {
    let label = request.token.label();
    let who = match request.user {
        UserKind::User => "PIN",
        UserKind::SecurityOfficer => "SO PIN",
    };
    if request.status.is_notable() {
        warn(&format!("{who} of token '{label}': {}", request.status));
    }
    Ok(source.read(Secret::PIN, &format!("{who} for token '{label}': "))?)
}
