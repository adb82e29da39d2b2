//! Finding and loading a PKCS#11 module, and choosing a token in it.

use std::cell::Cell;
use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::ptr::NonNull;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::RvError;
use cryptoki::slot::Slot;

use super::TokenError;
use super::error::{ckr_name, rv};
use super::info::TokenSummary;
use super::raw::RawModule;
use super::session::TokenSession;
use super::uri::Pkcs11Uri;

/// Module file names tried in order when none is given: the p11-kit proxy (every
/// module the system registered), OpenSC (smart cards), SoftHSM2 (software tokens).
const DEFAULT_MODULES: [&str; 3] = [
    "p11-kit-proxy.so",
    "opensc-pkcs11.so",
    "softhsm/libsofthsm2.so",
];

/// Where the PKCS#11 calls that cost time on a slow card (sessions, logins, object
/// searches, initialisation and finalisation) are reported, one line each; the library
/// never prints, so the command line decides what to do with them.
pub type TokenLog = Box<dyn Fn(&str)>;

/// How a module is loaded.
#[derive(Default)]
pub struct ModuleOptions {
    /// The string handed to `C_Initialize` in `pReserved` (NSS softokn's
    /// `configdir='sql:DIR' ...`); most modules want none.
    pub init_args: Option<String>,
    pub log: Option<TokenLog>,
}

/// A loaded and initialised PKCS#11 library, finalised once, when dropped.
pub struct Module {
    path: PathBuf,
    pkcs11: Pkcs11,
    raw: RawModule,
    log: Option<TokenLog>,
    /// Whether this load initialised the module (and so finalises it).
    initialised_here: bool,
    /// Calls counted for the log: sessions opened, logins, object searches.
    counts: Cell<[usize; 3]>,
}

/// What the call log counts.
#[derive(Clone, Copy)]
pub(crate) enum Counted {
    Session = 0,
    Login = 1,
    Search = 2,
}

impl Module {
    /// The module to load: the one given (flag, environment or configuration), else the
    /// first default that exists.
    pub fn resolve(given: Option<&Path>) -> Result<PathBuf, TokenError> {
        if let Some(path) = given {
            return Ok(path.to_owned());
        }
        let candidates = default_candidates();
        candidates
            .iter()
            .find(|p| p.exists())
            .cloned()
            .ok_or_else(|| TokenError::NoModule {
                looked: DEFAULT_MODULES.join(", "),
            })
    }

    /// Loads and initialises the module at `path`, with no initialisation arguments.
    pub fn load(path: &Path) -> Result<Self, TokenError> {
        Module::load_with(path, ModuleOptions::default())
    }

    /// Loads the module at `path` and initialises it with `options`. Every call goes
    /// through the module's function list (`C_GetFunctionList`), the one symbol a
    /// PKCS#11 module must export.
    pub fn load_with(path: &Path, options: ModuleOptions) -> Result<Self, TokenError> {
        if !path.exists() {
            return Err(TokenError::ModuleMissing {
                path: path.to_owned(),
            });
        }
        let load_error = |reason: String| TokenError::ModuleLoad {
            path: path.to_owned(),
            reason,
        };
        let pkcs11 = Pkcs11::new(path).map_err(|e| load_error(e.to_string()))?;
        let raw = RawModule::of(&pkcs11);
        let reserved = options
            .init_args
            .as_deref()
            .map(CString::new)
            .transpose()
            .map_err(|_| TokenError::BadInitArgs)?;
        let flags = CInitializeFlags::OS_LOCKING_OK;
        let args = match &reserved {
            // SAFETY: `reserved` is a NUL-terminated string that outlives the call; the
            // module reads it during C_Initialize only.
            #[allow(unsafe_code, reason = "pReserved is a raw C pointer")]
            Some(text) => unsafe {
                CInitializeArgs::new_with_reserved(
                    flags,
                    NonNull::new(text.as_ptr() as *mut std::ffi::c_void)
                        .ok_or(TokenError::BadInitArgs)?,
                )
            },
            None => CInitializeArgs::new(flags),
        };
        let log = options.log;
        let note = |line: &str| {
            if let Some(log) = &log {
                log(line);
            }
        };
        let initialised_here = match pkcs11.initialize(args) {
            Ok(()) => true,
            Err(e) if rv(&e) == Some(RvError::CryptokiAlreadyInitialized) => false,
            Err(e) => {
                return Err(TokenError::InitializeRefused {
                    path: path.to_owned(),
                    code: ckr_name(&e),
                    cause: init_refusal_cause(rv(&e), reserved.is_some()),
                });
            }
        };
        note(&format!("C_Initialize {}: CKR_OK", path.display()));
        Ok(Module {
            path: path.to_owned(),
            pkcs11,
            raw,
            log,
            initialised_here,
            counts: Cell::new([0; 3]),
        })
    }

    /// Reports one call to the log, if there is one; counted calls are numbered.
    pub(crate) fn note(&self, counted: Option<Counted>, line: impl FnOnce() -> String) {
        let number = counted.map(|c| {
            let mut counts = self.counts.get();
            counts[c as usize] += 1;
            self.counts.set(counts);
            counts[c as usize]
        });
        if let Some(log) = &self.log {
            match number {
                Some(n) => log(&format!("{} (#{n})", line())),
                None => log(&line()),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every slot, with its token where one is present. A module with no slot at all is
    /// an error that says why: no reader, or no smart card service.
    pub fn slots(&self) -> Result<Vec<TokenSummary>, TokenError> {
        let slots = self
            .pkcs11
            .get_all_slots()
            .map_err(TokenError::refused("list its slots"))?;
        if slots.is_empty() {
            return Err(super::readers::no_slot(&self.path));
        }
        slots
            .into_iter()
            .map(|slot| TokenSummary::read(&self.pkcs11, slot))
            .collect()
    }

    /// The one initialised token that the URI's token attributes match.
    pub fn find_token(&self, wanted: &Pkcs11Uri) -> Result<TokenSummary, TokenError> {
        let tokens: Vec<TokenSummary> = self
            .slots()?
            .into_iter()
            .filter(|t| t.token.as_ref().is_some_and(|d| d.flags.initialized))
            .collect();
        if tokens.is_empty() {
            return Err(TokenError::NoToken);
        }
        let matching: Vec<&TokenSummary> =
            tokens.iter().filter(|t| wanted.matches_token(t)).collect();
        match matching.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(TokenError::TokenNotFound {
                wanted: wanted.describe_token(),
                present: TokenSummary::describe_all(&tokens),
            }),
            many => Err(TokenSummary::several(None, many)),
        }
    }

    /// A free slot (one whose token is not initialised) for `token init`, or the slot
    /// of the token that `wanted` names.
    pub fn slot_for_init(&self, wanted: &Pkcs11Uri) -> Result<TokenSummary, TokenError> {
        if wanted.names_token() {
            return self.find_token(wanted);
        }
        self.slots()?
            .into_iter()
            .find(|t| t.token.as_ref().is_some_and(|d| !d.flags.initialized))
            .ok_or(TokenError::NoToken)
    }

    /// The slot of `token` read again, by its slot id: after `token init` the label may
    /// be new, or (NSS softokn) the one it always had.
    pub fn reread(&self, token: &TokenSummary) -> Result<TokenSummary, TokenError> {
        TokenSummary::read(&self.pkcs11, token.slot())
    }

    /// Initialises (erases) the token in `slot` with a new label and SO PIN.
    pub fn init_token(
        &self,
        slot: &TokenSummary,
        so_pin: &secrecy::SecretString,
        label: &str,
    ) -> Result<(), TokenError> {
        let pin =
            cryptoki::types::AuthPin::new(secrecy::ExposeSecret::expose_secret(so_pin).into());
        self.pkcs11
            .init_token(slot.slot(), &pin, label)
            .map_err(|e| match rv(&e) {
                Some(RvError::PinIncorrect) => TokenError::WrongPin {
                    token: label.to_owned(),
                    status: slot.so_pin_status(),
                },
                Some(RvError::PinLocked) => TokenError::PinLocked {
                    token: label.to_owned(),
                },
                _ => TokenError::Refused {
                    operation: "initialise the token",
                    source: e,
                },
            })
    }

    /// Opens a session on the token in `slot`.
    pub fn open(
        &self,
        token: &TokenSummary,
        read_write: bool,
    ) -> Result<TokenSession<'_>, TokenError> {
        let slot: Slot = token.slot();
        self.note(Some(Counted::Session), || {
            format!(
                "C_OpenSession slot {} ({})",
                token.slot_id,
                if read_write {
                    "read-write"
                } else {
                    "read-only"
                }
            )
        });
        let session = if read_write {
            self.pkcs11.open_rw_session(slot)
        } else {
            self.pkcs11.open_ro_session(slot)
        }
        .map_err(TokenError::refused("open a session"))?;
        TokenSession::new(self, session, token.clone())
    }

    pub(crate) fn pkcs11(&self) -> &Pkcs11 {
        &self.pkcs11
    }

    pub(crate) fn raw(&self) -> &RawModule {
        &self.raw
    }
}

impl Drop for Module {
    /// Finalises the module, once, when epct is done with it (every session borrows the
    /// module, so all are closed by now): it writes its state, and a later load in the
    /// same process starts afresh. A module that was initialised before this load (by
    /// another user in the same process) is left to that user.
    fn drop(&mut self) {
        if !self.initialised_here {
            return;
        }
        let result = self.pkcs11.clone().finalize();
        self.note(None, || match &result {
            Ok(()) => "C_Finalize: CKR_OK".to_owned(),
            Err(e) => format!("C_Finalize: {}", ckr_name(e)),
        });
    }
}

/// The likely cause of a refused `C_Initialize`, for its error message.
fn init_refusal_cause(rv: Option<RvError>, with_args: bool) -> &'static str {
    match rv {
        Some(RvError::ArgumentsBad) if with_args => {
            "the module does not accept these module-init-args; check them against its documentation"
        }
        Some(RvError::ArgumentsBad) => {
            "the module wants initialisation arguments: give them with --module-init-args or the module-init-args setting (NSS softokn: \"configdir='sql:DIR' certPrefix='' keyPrefix='' secmod='secmod.db' flags=\")"
        }
        Some(RvError::CantLock | RvError::NeedToCreateThreads) => {
            "the module cannot run with the operating system's locking"
        }
        Some(RvError::DeviceError | RvError::GeneralError | RvError::FunctionFailed) => {
            "the module cannot reach its device or service (a TPM needs its resource manager, a card its reader service)"
        }
        Some(RvError::HostMemory) => "the host is out of memory",
        _ => "the module refused to start; run it with its own debug logging to see why",
    }
}

/// Where the default modules may be, on Debian-like systems and elsewhere.
fn default_candidates() -> Vec<PathBuf> {
    let multiarch = format!("/usr/lib/{}-linux-gnu", std::env::consts::ARCH);
    let dirs = [
        multiarch.as_str(),
        "/usr/lib",
        "/usr/lib64",
        "/usr/local/lib",
    ];
    DEFAULT_MODULES
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| Path::new(dir).join(name)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_initialisation_names_the_likely_cause() {
        assert!(
            init_refusal_cause(Some(RvError::ArgumentsBad), false).contains("module-init-args")
        );
        assert!(init_refusal_cause(Some(RvError::ArgumentsBad), true).contains("does not accept"));
        assert!(
            init_refusal_cause(Some(RvError::GeneralError), false).contains("resource manager")
        );
        assert!(init_refusal_cause(None, false).contains("refused to start"));
    }
}
