//! What every command shares: output mode, configuration, module, token, PIN source and
//! trust store; and the one way to open a session, a signer or a decryptor on a token.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use clap::ArgMatches;
use epct::algorithms::SignatureAlgorithm;
use epct::cms::{CmsError, ContentSigner, FileRecipients};
use epct::config::{Config, ConfigFile};
use epct::credentials::SignerAfterLogin;
use epct::exchange::ExchangeError;
use epct::secret_source::Secret;
use epct::token::{
    LoginRequest, Module, ModuleOptions, PinSource, Pkcs11Uri, PresentCertificate, TokenDecryptor,
    TokenError, TokenKey, TokenLog, TokenSession, TokenSigner, UserKind,
    default_signature_algorithm,
};
use epct::trust::{LockedTrustStore, Partners, TrustError, TrustStore};
use epct::x509::{KeyAlgorithm, read_certificate};
use secrecy::SecretString;
use x509_cert::Certificate;

use super::Cli;
use super::error::CliError;
use super::output::{escaped, say_waiting, warn};
use super::platform::PlatformSettings;
use super::settings::{Setting, Source};
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
    /// The configuration file read, or where none was found.
    pub config_file: ConfigFile,
    /// How the configuration file was chosen: `--config`, `$EPCT_CONFIG` or the default.
    pub config_source: Source,
    /// The file's settings as written, for `config show`.
    pub config: Config,
    pub module: Setting<PathBuf>,
    pub module_init_args: Setting<String>,
    pub token: Setting<String>,
    /// The PIN source as given, for `config show` (never a PIN: it parsed as a source).
    pub pin_source_text: Setting<String>,
    pin_source: Option<PinSource>,
    pub trust_store: Setting<PathBuf>,
    state_dir: Setting<PathBuf>,
    /// The configuration's key, for the commands whose `--key` is not given.
    pub key: Setting<String>,
    /// The configuration's election date, as written.
    pub election_date: Setting<String>,
    /// The configuration's `strict-declarations`.
    pub strict_declarations: bool,
    /// The configuration's CRL files and CRL directory.
    pub crl: Setting<Vec<PathBuf>>,
    pub crl_dir: Setting<PathBuf>,
    /// The configuration's election, for `--election`.
    pub election: Option<String>,
    /// The platform keys of the configuration file.
    pub platform: PlatformSettings,
    /// The configuration's exchange deadline (`deadline`), as written.
    pub deadline: Setting<String>,
    /// The configuration's `[match-columns]` for `data match`.
    pub match_columns: Option<std::collections::BTreeMap<String, String>>,
}

impl Context {
    /// The context of `cli`, whose `matches` say which global options came from the
    /// environment.
    pub fn new(cli: &Cli, matches: &ArgMatches) -> Result<Self, CliError> {
        let (config, config_file) = Config::load(cli.config.as_deref())?;
        let config_source = match &cli.config {
            Some(_) => Source::of_global(matches, "config", "--config", "EPCT_CONFIG"),
            None => Source::Default,
        };
        let file = Source::of_file(&config_file);
        let from_env = |name: &'static str| {
            let value = std::env::var(name).ok().filter(|v| !v.is_empty());
            (value, Source::Environment(name))
        };
        let global = |id, flag, variable| Source::of_global(matches, id, flag, variable);
        let mut c = config.clone();
        let platform = PlatformSettings::take(&mut c);
        let pin_source_text = Setting::first(
            "pin-source",
            [
                (cli.pin_source.clone(), Source::Flag("--pin-source")),
                from_env("EPCT_PIN_SOURCE"),
                (c.pin_source, file.clone()),
            ],
        );
        let pin_source = (pin_source_text.value.as_ref())
            .map(|text| PinSource::parse(text, Secret::PIN).map_err(TokenError::from))
            .transpose()
            .map_err(|e| match pin_source_text.source {
                Source::File(_) | Source::Environment(_) => CliError::FromSetting {
                    error: Box::new(e.into()),
                    what: "the PIN source",
                    origin: pin_source_text.place(),
                },
                Source::Default | Source::Flag(_) => e.into(),
            })?;
        Ok(Context {
            json: cli.json,
            verbose: cli.verbose,
            module: Setting::first(
                "module",
                [
                    (
                        cli.module.clone(),
                        global("module", "--module", "EPCT_PKCS11_MODULE"),
                    ),
                    (c.module, file.clone()),
                ],
            ),
            module_init_args: Setting::first(
                "module-init-args",
                [
                    (
                        cli.module_init_args.clone(),
                        global(
                            "module_init_args",
                            "--module-init-args",
                            "EPCT_PKCS11_INIT_ARGS",
                        ),
                    ),
                    (c.module_init_args, file.clone()),
                ],
            ),
            token: Setting::first(
                "token",
                [
                    (cli.token.clone(), Source::Flag("--token")),
                    from_env("EPCT_TOKEN"),
                    (c.token, file.clone()),
                ],
            ),
            pin_source_text,
            pin_source,
            trust_store: Setting::first(
                "trust-store",
                [
                    (
                        cli.trust_store.clone(),
                        global("trust_store", "--trust-store", "EPCT_TRUST_STORE"),
                    ),
                    (c.trust_store, file.clone()),
                ],
            ),
            state_dir: Setting::first("state-dir", [(c.state_dir, file.clone())]),
            key: Setting::first("key", [(c.key, file.clone())]),
            election_date: Setting::first("election-date", [(c.election_date, file.clone())]),
            strict_declarations: c.strict_declarations.unwrap_or(false),
            crl: Setting::first("crl", [(c.crl, file.clone())]),
            crl_dir: Setting::first("crl-dir", [(c.crl_dir, file.clone())]),
            election: c.election,
            platform,
            deadline: Setting::first("deadline", [(c.deadline, file)]),
            match_columns: c.match_columns,
            config,
            config_file,
            config_source,
        })
    }

    /// Where the configuration file is or would be: `key = ... in PATH`'s path, for a
    /// message that says where to set something.
    pub fn config_place(&self) -> String {
        match &self.config_file {
            ConfigFile::Read(path) => path.display().to_string(),
            ConfigFile::NotFound {
                looked_at: Some(path),
            } => path.display().to_string(),
            ConfigFile::NotFound { looked_at: None } => "the file --config names".to_owned(),
        }
    }

    /// Opens the trust store: `--trust-store`, `$EPCT_TRUST_STORE`, the configuration,
    /// else `epct/trust` under the XDG data directory.
    pub fn trust_store(&self) -> Result<TrustStore, CliError> {
        self.blame_store_place(TrustStore::open(&self.trust_store_dir()?))
    }

    /// Opens the trust store for a change, under its lock; says so when it waits for
    /// another run that holds it.
    pub fn locked_trust_store(&self) -> Result<LockedTrustStore, CliError> {
        self.blame_store_place(LockedTrustStore::open(
            &self.trust_store_dir()?,
            say_waiting,
        ))
    }

    /// `opened`, a store that cannot be read or written where it is naming where its
    /// directory was set (its content being damaged is no fault of the setting).
    fn blame_store_place<T>(&self, opened: Result<T, TrustError>) -> Result<T, CliError> {
        match opened {
            Err(e @ (TrustError::Read { .. } | TrustError::Write { .. })) => {
                blamed(&self.trust_store, "the trust store", Err(e))
            }
            other => Ok(other?),
        }
    }

    fn trust_store_dir(&self) -> Result<PathBuf, CliError> {
        let dir = (self.trust_store.value.clone())
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
            .or_else(|| self.state_dir.value.clone())
            .or_else(|| dirs::state_dir().map(|d| d.join("epct")))
            .ok_or(CliError::NoStateDirectory)
    }

    /// `result`, a failure to keep the ledger or the audit log naming the
    /// configuration's `state-dir` when the directory came from there (`given` is the
    /// command's `--state-dir`).
    pub fn blame_state_dir<T>(
        &self,
        given: Option<&Path>,
        result: Result<T, CliError>,
    ) -> Result<T, CliError> {
        match result {
            Err(
                error @ CliError::Library(epct::Error::Exchange(
                    ExchangeError::Ledger { .. } | ExchangeError::Audit { .. },
                )),
            ) if given.is_none() => blamed(&self.state_dir, "the state directory", Err(error)),
            other => other,
        }
    }

    /// Loads the module: `--module`, `$EPCT_PKCS11_MODULE`, the configuration, the URI's
    /// `module-path`, then the defaults.
    pub fn module(&self, uri: Option<&Pkcs11Uri>) -> Result<Module, CliError> {
        let given = (self.module.value.clone()).or_else(|| uri.and_then(|u| u.module_path.clone()));
        let path = Module::resolve(given.as_deref())?;
        if !path.exists() && self.module.value.is_some() && !self.module.is_flag() {
            return Err(CliError::ModuleMissing {
                path,
                origin: self.module.origin(),
            });
        }
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
                init_args: self.module_init_args.value.clone(),
                log,
            },
        )?)
    }

    /// A key argument as a URI, with `--token` applied.
    pub fn key_uri(&self, arg: &str) -> Result<Pkcs11Uri, CliError> {
        Ok(Pkcs11Uri::from_key_arg(arg)?.with_token(self.token.value.as_deref()))
    }

    /// The URI that names just the `--token` (any token when not given).
    pub fn token_uri(&self) -> Pkcs11Uri {
        Pkcs11Uri::default().with_token(self.token.value.as_deref())
    }

    /// The CRL files of a command whose `--crl` options are `given`: they, else the
    /// configuration's `crl` files and every file of its `crl-dir`, by name.
    pub fn crl_files(&self, given: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
        if !given.is_empty() {
            return Ok(given.to_owned());
        }
        let mut files = self.crl.value.clone().unwrap_or_default();
        if let Some(dir) = &self.crl_dir.value {
            let read_error = |source| epct::Error::Read {
                path: dir.clone(),
                source,
            };
            let entries = std::fs::read_dir(dir).map_err(read_error);
            let mut in_dir = Vec::new();
            for entry in blamed(&self.crl_dir, "the CRL directory", entries)? {
                let path = blamed(
                    &self.crl_dir,
                    "the CRL directory",
                    entry.map_err(read_error),
                )?
                .path();
                if path.is_file() {
                    in_dir.push(path);
                }
            }
            in_dir.sort();
            files.extend(in_dir);
        }
        Ok(files)
    }

    /// The key of a command that needs one: `--key` (`given`), else the
    /// configuration's `key`.
    pub fn needed_key<'a>(&'a self, given: Option<&'a str>) -> Result<&'a str, CliError> {
        given.or(self.key.value.as_deref()).ok_or(CliError::NoKey)
    }

    /// Opens a session on the token that `uri` names, in a module already loaded.
    pub fn session<'m>(
        &self,
        module: &'m Module,
        uri: &Pkcs11Uri,
        access: Access,
    ) -> Result<TokenSession<'m>, CliError> {
        let token = match module.token_holding(uri) {
            Err(e @ TokenError::TokenNotFound { .. }) => blamed(&self.token, "the token", Err(e))?,
            found => found?,
        };
        let write_protected = (token.token.as_ref()).is_some_and(|t| t.flags.write_protected);
        let read_write = match access {
            Access::ReadOnly => false,
            Access::ReadWrite => true,
            Access::WriteIfAllowed => !write_protected,
        };
        Ok(module.open(&token, read_write)?)
    }

    /// The PIN source: `--pin-source`, `$EPCT_PIN_SOURCE`, the configuration, the URI's
    /// `pin-source`, else the terminal.
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
    /// Runs `job` with a decryptor and a signer for the one key (one login) that
    /// [`Context::with_decryptor_for`] finds, and the key's certificate: `exchange
    /// receive` decrypts and signs its receipts with the receiver's key.
    pub fn with_decryptor_and_signer_for<T>(
        &self,
        key_arg: Option<&str>,
        recipients: &[FileRecipients],
        job: impl FnOnce(
            &TokenDecryptor<'_, '_>,
            &TokenSigner<'_, '_>,
            Certificate,
        ) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        self.with_key_for(key_arg, recipients, |session, key, certificate| {
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

impl Context {
    /// Runs `job` with a signer that logs in at its first signature, and the key's
    /// certificate, read before any login. A key that shows only after a login (no
    /// public key or certificate object) is opened with a login first, as by
    /// [`Context::with_signer`].
    pub fn with_signer_after_login<T>(
        &self,
        key_arg: &str,
        algorithm: Option<SignatureAlgorithm>,
        job: impl FnOnce(&dyn ContentSigner, Certificate) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        let uri = self.key_uri(key_arg)?;
        let module = self.module(Some(&uri))?;
        let session = self.session(&module, &uri, Access::ReadOnly)?;
        // One listing of the certificates before the login, one of the keys after it.
        let found = session.find_certificate(&uri).ok();
        let Some(certificate) = found.and_then(|c| read_certificate(&c.der, "the token").ok())
        else {
            drop(session);
            return self.with_signer(key_arg, algorithm, |signer, certificate| {
                job(signer, certificate)
            });
        };
        let algorithm = match algorithm {
            Some(a) => a,
            None => default_signature_algorithm(
                KeyAlgorithm::of(certificate.tbs_certificate().subject_public_key_info())
                    .map_err(epct::Error::from)?,
            ),
        };
        let source = self.pin_source(Some(&uri))?;
        let key_uri = uri.clone().with_token(Some(session.label()));
        let signer = SignerAfterLogin::new(
            session,
            key_uri,
            algorithm,
            Box::new(move |request| ask_pin(&source, request)),
        );
        job(&signer, certificate)
    }

    /// Runs `job` with a decryptor for the key of files whose recipients are
    /// `recipients`: the key `key_arg` names, or else the key beside the first
    /// certificate on a present token that a file is for. Either is checked against
    /// the recipients before the PIN is asked.
    pub fn with_decryptor_for<T>(
        &self,
        key_arg: Option<&str>,
        recipients: &[FileRecipients],
        job: impl FnOnce(&TokenDecryptor<'_, '_>, Certificate) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        self.with_key_for(key_arg, recipients, |session, key, certificate| {
            job(&TokenDecryptor::new(session, key)?, certificate)
        })
    }

    /// Finds the key of [`Context::with_decryptor_for`], logs in, and runs `job` with
    /// the session, the key and its certificate.
    fn with_key_for<T>(
        &self,
        key_arg: Option<&str>,
        recipients: &[FileRecipients],
        job: impl FnOnce(&TokenSession<'_>, &TokenKey, Certificate) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        let not_for_it = || {
            CliError::from(CmsError::NotForThisKey {
                recipients: names(recipients).join("; "),
            })
        };
        let for_file = |certificate: &Certificate| {
            recipients.is_empty() || recipients.iter().any(|r| r.includes(certificate))
        };
        let (module, key_uri) = match key_arg {
            Some(arg) => {
                let uri = self.key_uri(arg)?;
                (self.module(Some(&uri))?, uri)
            }
            None => {
                let module = self.module(None)?;
                let key_uri = self.key_from_file(&module, recipients, for_file)?;
                (module, key_uri)
            }
        };
        let mut session = self.session(&module, &key_uri, Access::WriteIfAllowed)?;
        if key_arg.is_some() {
            // The key's certificate, where it shows before a login, must be a recipient.
            let certificates: Vec<Certificate> = (session.certificates()?.iter())
                .filter(|c| key_uri.matches_object(&c.label, &c.id))
                .filter_map(|c| read_certificate(&c.der, "the token").ok())
                .collect();
            if !certificates.is_empty() && !certificates.iter().any(for_file) {
                return Err(not_for_it());
            }
        }
        self.login(&mut session, &key_uri)?;
        let key = session.find_key(&key_uri)?;
        let certificate = session.key_certificate(&key)?;
        if !for_file(&certificate) {
            return Err(not_for_it());
        }
        job(&session, &key, certificate)
    }

    /// The key beside the first certificate on a present token that the files are for,
    /// a recipient of the partner directory first: a file sealed for us also names its
    /// sender, whose key may be on a token here too.
    fn key_from_file(
        &self,
        module: &Module,
        recipients: &[FileRecipients],
        for_file: impl Fn(&Certificate) -> bool,
    ) -> Result<Pkcs11Uri, CliError> {
        let present = module.present_certificates(&self.token_uri())?;
        let partners = self.partners_or_empty();
        let receives = |p: &&PresentCertificate| {
            (partners.identify(&p.certificate)).is_some_and(|e| e.role.receives())
        };
        let mut candidates = present.iter().filter(|p| for_file(&p.certificate));
        let chosen = (candidates.clone().find(receives)).or_else(|| candidates.next());
        match chosen {
            Some(found) => Ok(found.key_uri()),
            None => Err(self.no_key_for(recipients, &present)),
        }
    }

    /// The partner directory, or none where the trust store has none.
    fn partners_or_empty(&self) -> Partners {
        self.trust_store()
            .ok()
            .and_then(|store| Partners::load(&store).ok())
            .unwrap_or_default()
    }

    /// Why no present key opens a file: whom it is for, with the subjects that the
    /// partner directory gives for them, against the certificates on the tokens.
    fn no_key_for(
        &self,
        recipients: &[FileRecipients],
        present: &[PresentCertificate],
    ) -> CliError {
        let partners = self.partners_or_empty();
        let known = |name: String| {
            let subject = (partners.entries().iter())
                .find(|p| name == describe_certificate(&p.certificate))
                .map(|p| {
                    format!(
                        " (subject '{}', {} {})",
                        p.summary.subject,
                        p.country.code(),
                        p.authority
                    )
                });
            name + &subject.unwrap_or_default()
        };
        let on_tokens = present
            .iter()
            .map(|p| {
                format!(
                    "'{}': {} (subject '{}')",
                    p.token.label(),
                    describe_certificate(&p.certificate),
                    p.certificate.tbs_certificate().subject()
                )
            })
            .collect::<Vec<_>>();
        TokenError::NoKeyForFile {
            recipients: names(recipients)
                .into_iter()
                .map(known)
                .collect::<Vec<_>>()
                .join("; "),
            present: if on_tokens.is_empty() {
                "none".to_owned()
            } else {
                on_tokens.join("; ")
            },
        }
        .into()
    }
}

/// `result`, its error naming where `setting` came from when that was the configuration
/// file or the environment (a flag the user has just typed needs no naming).
fn blamed<T, S: serde::Serialize, E: Into<CliError>>(
    setting: &Setting<S>,
    what: &'static str,
    result: Result<T, E>,
) -> Result<T, CliError> {
    result.map_err(|e| {
        let error = e.into();
        match setting.source {
            Source::File(_) | Source::Environment(_) => CliError::FromSetting {
                error: Box::new(error),
                what,
                origin: setting.origin(),
            },
            Source::Default | Source::Flag(_) => error,
        }
    })
}

/// Every recipient of the files, once each.
fn names(recipients: &[FileRecipients]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for name in recipients.iter().flat_map(FileRecipients::names) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// How a recipient info names `certificate`: `serial HEX of 'ISSUER'`, as
/// `FileRecipients::names` and `cert list` do.
pub fn describe_certificate(certificate: &Certificate) -> String {
    let tbs = certificate.tbs_certificate();
    format!(
        "serial {} of '{}'",
        hex::encode(tbs.serial_number().as_bytes()),
        tbs.issuer()
    )
}

/// Goes on when `force` is given, or when the user types `answer` at the terminal after
/// `question`; without a terminal, fails with `refusal`.
pub fn confirm_or_force(
    force: bool,
    refusal: impl Fn() -> TokenError,
    question: &str,
    answer: &str,
) -> Result<(), CliError> {
    if force {
        return Ok(());
    }
    let Ok(mut tty) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
    else {
        return Err(refusal().into());
    };
    write!(
        tty,
        "{}\nType '{}' to go on, anything else to stop: ",
        escaped(question),
        escaped(answer)
    )
    .and_then(|()| tty.flush())
    .map_err(|_| refusal())?;
    let mut line = String::new();
    BufReader::new(tty.take(1024))
        .read_line(&mut line)
        .map_err(|_| refusal())?;
    if line.trim_end_matches(['\r', '\n']) == answer {
        Ok(())
    } else {
        Err(TokenError::NotConfirmed.into())
    }
}
