//! `token init` done whole or not at all: what an erase would destroy, every PIN checked
//! before the token is touched, and the erase and the new PINs as one step that SIGINT,
//! SIGTERM and SIGHUP wait for.

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use super::TokenError;
use super::info::TokenSummary;
use super::module::Module;
use super::session::UserKind;

/// What a token holds that an erase destroys, as far as it shows without the user PIN.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Inventory {
    /// Keys, `'label' (id HEX, TYPE)`.
    pub keys: Vec<String>,
    /// Certificates, `'label' (id HEX): SUBJECT`.
    pub certificates: Vec<String>,
}

impl Inventory {
    /// One line: the keys and certificates, and that private objects may be more.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.keys.is_empty() {
            parts.push(format!("keys {}", self.keys.join(", ")));
        }
        if !self.certificates.is_empty() {
            parts.push(format!("certificates {}", self.certificates.join(", ")));
        }
        if parts.is_empty() {
            parts.push("no keys or certificates".to_owned());
        }
        parts.join("; ") + ", and any private objects, which show only after a login"
    }
}

/// The PINs of one initialisation, every one read (and confirmed) beforehand.
pub struct InitPins {
    /// The SO PIN that `C_InitToken` takes: a new one for a fresh token, the current
    /// one for a token initialised before.
    pub so: SecretString,
    /// A new SO PIN for a token initialised before, set right after the erase.
    pub new_so: Option<SecretString>,
    pub user: SecretString,
}

impl Module {
    /// What the token in `slot` holds, read without logging in.
    pub fn inventory(&self, slot: &TokenSummary) -> Result<Inventory, TokenError> {
        let session = self.open(slot, false)?;
        let keys = session
            .keys()?
            .iter()
            .map(|k| {
                let kind = k
                    .algorithm
                    .map(|a| a.to_string())
                    .unwrap_or_else(|| "unknown type".to_owned());
                format!("{k} ({kind})")
            })
            .collect();
        let certificates = session
            .certificates()?
            .iter()
            .map(|c| {
                let subject = crate::x509::read_certificate(&c.der, "the token")
                    .map(|cert| cert.tbs_certificate().subject().to_string())
                    .unwrap_or_else(|_| "unreadable".to_owned());
                format!("'{}' (id {}): {subject}", c.label, hex::encode(&c.id))
            })
            .collect();
        Ok(Inventory { keys, certificates })
    }

    /// Refuses PINs the token would refuse after the erase, so that a PIN of the wrong
    /// length never leaves an erased token without a user PIN.
    pub fn check_pin_lengths(
        &self,
        slot: &TokenSummary,
        pins: &InitPins,
    ) -> Result<(), TokenError> {
        let info = self
            .pkcs11()
            .get_token_info(slot.slot())
            .map_err(TokenError::refused("describe the token"))?;
        let (min, max) = (info.min_pin_length(), info.max_pin_length());
        let new = [Some(&pins.user), pins.new_so.as_ref()];
        let fresh_so = slot
            .token
            .as_ref()
            .is_none_or(|t| !t.flags.initialized)
            .then_some(&pins.so);
        for pin in new.into_iter().chain([fresh_so]).flatten() {
            let len = pin.expose_secret().len();
            if (max > 0 && len > max) || len < min {
                return Err(TokenError::PinLength { min, max });
            }
        }
        Ok(())
    }

    /// Checks the current SO PIN of an initialised token with an SO login, erasing
    /// nothing: a wrong SO PIN leaves the token as it was.
    pub fn check_so_pin(
        &self,
        slot: &TokenSummary,
        so_pin: &SecretString,
    ) -> Result<(), TokenError> {
        let mut session = self.open(slot, true)?;
        session.login(UserKind::SecurityOfficer, &mut |_| Ok(so_pin.clone()))?;
        session.logout();
        Ok(())
    }

    /// Erases the token in `slot` and gives it `label` and the PINs, as one step:
    /// SIGINT, SIGTERM and SIGHUP are held until the user PIN (and a new SO PIN) are
    /// set, and delivered then.
    pub fn initialise(
        &self,
        slot: &TokenSummary,
        label: &str,
        pins: &InitPins,
    ) -> Result<TokenSummary, TokenError> {
        let _held = HeldSignals::hold();
        self.init_token(slot, &pins.so, label)?;
        let token = self.reread(slot)?;
        let unfinished = |source: TokenError| TokenError::InitUnfinished {
            token: token.label().to_owned(),
            reason: source.to_string(),
        };
        let mut session = self.open(&token, true).map_err(unfinished)?;
        session
            .login(UserKind::SecurityOfficer, &mut |_| Ok(pins.so.clone()))
            .map_err(unfinished)?;
        session.init_user_pin(&pins.user).map_err(unfinished)?;
        if let Some(new_so) = &pins.new_so {
            session.change_pin(&pins.so, new_so).map_err(unfinished)?;
        }
        session.logout();
        Ok(session.refresh()?.clone())
    }
}

/// SIGINT, SIGTERM and SIGHUP blocked while it lives; pending ones are delivered when
/// it is dropped. PKCS#11 calls run on the thread that holds it.
struct HeldSignals {
    previous: libc::sigset_t,
}

impl HeldSignals {
    // SAFETY: sigemptyset, sigaddset and pthread_sigmask only read and write the signal
    // sets given, which live on this stack frame or in `self`.
    #[allow(
        unsafe_code,
        reason = "signal masks have no safe wrapper in std or libc"
    )]
    fn hold() -> Self {
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            let mut previous: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                libc::sigaddset(&mut set, signal);
            }
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut previous);
            HeldSignals { previous }
        }
    }
}

impl Drop for HeldSignals {
    // SAFETY: restores the mask saved by `hold`.
    #[allow(
        unsafe_code,
        reason = "signal masks have no safe wrapper in std or libc"
    )]
    fn drop(&mut self) {
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &self.previous, std::ptr::null_mut());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Inventory;

    #[test]
    fn an_inventory_names_keys_and_certificates_and_what_a_login_would_show() {
        let empty = Inventory::default().describe();
        assert!(empty.starts_with("no keys or certificates"), "{empty}");
        assert!(empty.contains("private objects"), "{empty}");
        let full = Inventory {
            keys: vec!["'sign' (id 01) (EC P-256)".to_owned()],
            certificates: vec!["'sign' (id 01): CN=x".to_owned()],
        }
        .describe();
        assert!(
            full.starts_with("keys 'sign' (id 01) (EC P-256); certificates 'sign' (id 01): CN=x"),
            "{full}"
        );
    }
}
