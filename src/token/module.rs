//! Finding and loading a PKCS#11 module, and choosing a token in it.

use std::path::{Path, PathBuf};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::RvError;
use cryptoki::slot::Slot;

use super::TokenError;
use super::error::rv;
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

/// A loaded and initialised PKCS#11 library, finalised when dropped.
pub struct Module {
    path: PathBuf,
    pkcs11: Pkcs11,
    raw: RawModule,
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

    /// Loads and initialises the module at `path`.
    pub fn load(path: &Path) -> Result<Self, TokenError> {
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
        match pkcs11.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
            Ok(()) => {}
            Err(e) if rv(&e) == Some(RvError::CryptokiAlreadyInitialized) => {}
            Err(e) => return Err(load_error(e.to_string())),
        }
        let raw = RawModule::load(path).map_err(load_error)?;
        Ok(Module {
            path: path.to_owned(),
            pkcs11,
            raw,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every slot, with its token where one is present.
    pub fn slots(&self) -> Result<Vec<TokenSummary>, TokenError> {
        let slots = self
            .pkcs11
            .get_all_slots()
            .map_err(TokenError::refused("list its slots"))?;
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
        let names = |list: &[&TokenSummary]| {
            list.iter()
                .map(|t| t.describe())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let matching: Vec<&TokenSummary> =
            tokens.iter().filter(|t| wanted.matches_token(t)).collect();
        match matching.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(TokenError::TokenNotFound {
                wanted: wanted.describe_token(),
                present: names(&tokens.iter().collect::<Vec<_>>()),
            }),
            many => Err(TokenError::AmbiguousToken {
                wanted: wanted.describe_token(),
                candidates: names(many),
            }),
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
    /// same process starts afresh.
    fn drop(&mut self) {
        let _ = self.pkcs11.clone().finalize();
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
