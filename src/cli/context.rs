//! What every command shares: output mode, configuration, module, token, PIN source and
//! trust store.

use std::path::PathBuf;

use epct::Error;
use epct::config::Config;
use epct::token::{
    LoginRequest, Module, PinSource, Pkcs11Uri, TokenError, TokenKey, TokenSession, UserKind,
};
use epct::trust::TrustStore;
use secrecy::SecretString;

use super::Cli;

pub struct Context {
    pub json: bool,
    pub verbose: u8,
    module: Option<PathBuf>,
    token: Option<String>,
    pin_source: Option<PinSource>,
    trust_store: Option<PathBuf>,
}

impl Context {
    pub fn new(cli: &Cli) -> Result<Self, Error> {
        let config = Config::load(cli.config.as_deref())?;
        let pin_source = cli
            .pin_source
            .as_ref()
            .or(config.pin_source.as_ref())
            .map(|text| text.parse::<PinSource>())
            .transpose()?;
        Ok(Context {
            json: cli.json,
            verbose: cli.verbose,
            module: cli.module.clone().or(config.module),
            token: cli.token.clone().or(config.token),
            pin_source,
            trust_store: cli.trust_store.clone().or(config.trust_store),
        })
    }

    /// Opens the trust store: `--trust-store`, `$EPCT_TRUST_STORE`, the configuration,
    /// else `epct/trust` under the XDG data directory.
    pub fn trust_store(&self) -> Result<TrustStore, Error> {
        let dir = self
            .trust_store
            .clone()
            .or_else(TrustStore::default_dir)
            .ok_or_else(|| {
                Error::Usage("no data directory is known; give --trust-store DIR".to_owned())
            })?;
        if self.verbose > 0 {
            eprintln!("using trust store {}", dir.display());
        }
        Ok(TrustStore::open(&dir)?)
    }

    /// Loads the module: `--module`, `$EPCT_PKCS11_MODULE`, the configuration, the URI's
    /// `module-path`, then the defaults.
    pub fn module(&self, uri: Option<&Pkcs11Uri>) -> Result<Module, Error> {
        let given = self
            .module
            .clone()
            .or_else(|| uri.and_then(|u| u.module_path.clone()));
        let path = Module::resolve(given.as_deref())?;
        if self.verbose > 0 {
            eprintln!("using PKCS#11 module {}", path.display());
        }
        Ok(Module::load(&path)?)
    }

    /// A key argument as a URI, with `--token` applied.
    pub fn key_uri(&self, arg: &str) -> Result<Pkcs11Uri, Error> {
        Ok(Pkcs11Uri::from_key_arg(arg)?.with_token(self.token.as_deref()))
    }

    /// The URI that names just the `--token` (any token when not given).
    pub fn token_uri(&self) -> Pkcs11Uri {
        Pkcs11Uri::default().with_token(self.token.as_deref())
    }

    /// Opens a session on the token that `uri` names.
    pub fn session<'m>(
        &self,
        module: &'m Module,
        uri: &Pkcs11Uri,
        read_write: bool,
    ) -> Result<TokenSession<'m>, Error> {
        let token = module.find_token(uri)?;
        Ok(module.open(&token, read_write)?)
    }

    /// The PIN source: `--pin-source`, the configuration, the URI's `pin-source`, else
    /// the terminal.
    pub fn pin_source(&self, uri: Option<&Pkcs11Uri>) -> Result<PinSource, Error> {
        if let Some(source) = &self.pin_source {
            return Ok(source.clone());
        }
        match uri.and_then(|u| u.pin_source.as_deref()) {
            Some(text) => Ok(text.parse()?),
            None => Ok(PinSource::Prompt),
        }
    }

    /// Logs in as the user, with one PIN from the source of `uri`.
    pub fn login(&self, session: &mut TokenSession<'_>, uri: &Pkcs11Uri) -> Result<(), Error> {
        let source = self.pin_source(Some(uri))?;
        session.login(UserKind::User, &mut |request| ask_pin(&source, request))?;
        Ok(())
    }
}

impl Context {
    /// Opens the token of `key_arg`, logs in, finds the key, and runs `job` with them.
    pub fn with_token_key<T>(
        &self,
        key_arg: &str,
        read_write: bool,
        job: impl FnOnce(&TokenSession<'_>, &TokenKey) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let uri = self.key_uri(key_arg)?;
        let module = self.module(Some(&uri))?;
        let mut session = self.session(&module, &uri, read_write)?;
        self.login(&mut session, &uri)?;
        let key = session.find_key(&uri)?;
        job(&session, &key)
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
        eprintln!("warning: {who} of token '{label}': {}", request.status);
    }
    source.read(&format!("{who} for token '{label}': "))
}
