//! A session on one token: login with the PIN rules of docs/contract.md section 1, and
//! the PIN kept (as a secret, zeroised on drop) for keys that ask for it again at each
//! use.

use std::cell::OnceCell;

use cryptoki::error::RvError;
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::ObjectHandle;
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use secrecy::{ExposeSecret, SecretString};

use super::TokenError;
use super::error::rv;
use super::info::{PinStatus, TokenSummary};
use super::module::{Counted, Module};
use super::raw::Operation;

/// Who logs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserKind {
    User,
    SecurityOfficer,
}

/// What the PIN callback is told before it is asked for a PIN.
#[derive(Debug)]
pub struct LoginRequest<'a> {
    pub token: &'a TokenSummary,
    pub user: UserKind,
    /// The remaining-tries state the token reports now.
    pub status: PinStatus,
}

/// Asks for one PIN; called at most once per login.
pub type PinCallback<'a> = dyn FnMut(&LoginRequest<'_>) -> Result<SecretString, TokenError> + 'a;

/// An open session on one token.
pub struct TokenSession<'m> {
    module: &'m Module,
    session: Session,
    token: TokenSummary,
    /// The user PIN, kept for context-specific logins; `None` before login or on a PIN pad.
    pin: Option<SecretString>,
    mechanisms: OnceCell<Vec<MechanismType>>,
}

impl<'m> TokenSession<'m> {
    pub(crate) fn new(
        module: &'m Module,
        session: Session,
        token: TokenSummary,
    ) -> Result<Self, TokenError> {
        Ok(TokenSession {
            module,
            session,
            token,
            pin: None,
            mechanisms: OnceCell::new(),
        })
    }

    /// Another session on the same token, sharing this one's login (PKCS#11 logs in an
    /// application, not a session) and its PIN for context-specific logins.
    pub fn fresh(&self) -> Result<TokenSession<'m>, TokenError> {
        let mut session = self.module.open(&self.token, false)?;
        session.pin = self.pin.clone();
        Ok(session)
    }

    pub fn token(&self) -> &TokenSummary {
        &self.token
    }

    pub fn label(&self) -> &str {
        self.token.label()
    }

    /// Reads the token's flags again (the PIN state changes with each login).
    pub fn refresh(&mut self) -> Result<&TokenSummary, TokenError> {
        self.token = TokenSummary::read(self.module.pkcs11(), self.token.slot())?;
        Ok(&self.token)
    }

    fn pin_status(&self, user: UserKind) -> PinStatus {
        let details = self.token.token.as_ref();
        match user {
            UserKind::User => details.map(|d| d.user_pin).unwrap_or_default(),
            UserKind::SecurityOfficer => details.map(|d| d.so_pin).unwrap_or_default(),
        }
    }

    fn protected_path(&self) -> bool {
        self.token
            .token
            .as_ref()
            .is_some_and(|d| d.flags.protected_authentication_path)
    }

    /// Logs in once. A locked PIN is refused before asking; a PIN pad is used without
    /// asking; a wrong PIN is reported with the token's new state and never retried.
    pub fn login(&mut self, user: UserKind, ask: &mut PinCallback<'_>) -> Result<(), TokenError> {
        self.refresh()?;
        let status = self.pin_status(user);
        if status.locked {
            return Err(TokenError::PinLocked {
                token: self.label().to_owned(),
            });
        }
        let pin = if self.protected_path() {
            None
        } else {
            Some(ask(&LoginRequest {
                token: &self.token,
                user,
                status,
            })?)
        };
        let user_type = match user {
            UserKind::User => UserType::User,
            UserKind::SecurityOfficer => UserType::So,
        };
        let auth = pin.as_ref().map(|p| AuthPin::new(p.expose_secret().into()));
        self.note(Some(Counted::Login), || format!("C_Login {user:?}"));
        match self.session.login(user_type, auth.as_ref()) {
            Ok(()) => {}
            Err(e) if rv(&e) == Some(RvError::UserAlreadyLoggedIn) => {}
            Err(e) => return Err(self.login_error(user, e)),
        }
        if user == UserKind::User {
            self.pin = pin;
        }
        Ok(())
    }

    fn login_error(&mut self, user: UserKind, error: cryptoki::error::Error) -> TokenError {
        let token = self.label().to_owned();
        match rv(&error) {
            Some(RvError::PinIncorrect) => {
                let status = match self.refresh() {
                    Ok(_) => self.pin_status(user),
                    Err(_) => PinStatus::default(),
                };
                if status.locked {
                    TokenError::PinLocked { token }
                } else {
                    TokenError::WrongPin { token, status }
                }
            }
            Some(RvError::PinLocked) => TokenError::PinLocked { token },
            Some(RvError::PinLenRange) => self.pin_length_error(),
            _ => TokenError::Refused {
                operation: "log in",
                source: error,
            },
        }
    }

    fn pin_length_error(&self) -> TokenError {
        let (min, max) = self
            .module
            .pkcs11()
            .get_token_info(self.token.slot())
            .map(|i| (i.min_pin_length(), i.max_pin_length()))
            .unwrap_or((4, 255));
        TokenError::PinLength { min, max }
    }

    /// Logs out whoever is logged in; a token that had no login has nothing to undo.
    pub fn logout(&self) {
        let _ = self.session.logout();
    }

    /// Changes the PIN of whoever is logged in (`old` is the PIN used to log in).
    pub fn change_pin(&self, old: &SecretString, new: &SecretString) -> Result<(), TokenError> {
        let old = AuthPin::new(old.expose_secret().into());
        let new = AuthPin::new(new.expose_secret().into());
        self.session.set_pin(&old, &new).map_err(|e| match rv(&e) {
            Some(RvError::PinLenRange) => self.pin_length_error(),
            _ => TokenError::Refused {
                operation: "change the PIN",
                source: e,
            },
        })
    }

    /// Sets the user PIN; the security officer must be logged in.
    pub fn init_user_pin(&self, pin: &SecretString) -> Result<(), TokenError> {
        let pin = AuthPin::new(pin.expose_secret().into());
        self.session.init_pin(&pin).map_err(|e| match rv(&e) {
            Some(RvError::PinLenRange) => self.pin_length_error(),
            _ => TokenError::Refused {
                operation: "set the user PIN",
                source: e,
            },
        })
    }

    /// Reports one call to the module's log.
    pub(crate) fn note(&self, counted: Option<Counted>, line: impl FnOnce() -> String) {
        self.module.note(counted, line);
    }

    pub(crate) fn session(&self) -> &Session {
        &self.session
    }

    /// The mechanisms the token lists, asked once per session.
    pub(crate) fn mechanisms(&self) -> &[MechanismType] {
        self.mechanisms.get_or_init(|| {
            self.module
                .pkcs11()
                .get_mechanism_list(self.token.slot())
                .unwrap_or_default()
        })
    }

    /// Whether the token lists the mechanism.
    pub(crate) fn supports(&self, mechanism: MechanismType) -> bool {
        self.mechanisms().contains(&mechanism)
    }

    /// The key sizes the token reports for `mechanism` (`ulMinKeySize`, `ulMaxKeySize`),
    /// where it reports them.
    pub(crate) fn key_sizes(&self, mechanism: MechanismType) -> Option<(usize, usize)> {
        self.module
            .pkcs11()
            .get_mechanism_info(self.token.slot(), mechanism)
            .ok()
            .map(|info| (info.min_key_size(), info.max_key_size()))
            .filter(|&(_, max)| max > 0)
    }

    /// Whether the token can agree on keys with ECDH (`CKM_ECDH1_DERIVE`): an EC key on a
    /// token without it can sign, but cannot open files.
    pub fn can_agree_keys(&self) -> bool {
        self.supports(MechanismType::ECDH1_DERIVE)
    }

    /// A single-part sign or decrypt; for a key that wants the PIN at each use, with a
    /// context-specific login using the PIN of this session's login (no second prompt).
    pub(crate) fn single_part(
        &self,
        operation: Operation,
        mechanism: &Mechanism,
        key: ObjectHandle,
        always_authenticate: bool,
        input: &[u8],
    ) -> Result<Vec<u8>, cryptoki::error::Error> {
        if always_authenticate {
            return self.module.raw().run_with_context_login(
                &self.session,
                operation,
                mechanism,
                key,
                self.pin.as_ref(),
                input,
            );
        }
        match operation {
            Operation::Sign => self.session.sign(mechanism, key, input),
            Operation::Decrypt => self.session.decrypt(mechanism, key, input),
        }
    }
}
