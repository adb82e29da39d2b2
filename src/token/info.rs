//! What a slot and its token say about themselves: labels, flags, PIN state, memory.

use std::fmt;

use cryptoki::context::Pkcs11;
use cryptoki::slot::{Slot, TokenInfo};
use serde::Serialize;

use super::TokenError;

/// A slot and, when present, its token.
#[derive(Clone, Debug, Serialize)]
pub struct TokenSummary {
    pub slot_id: u64,
    pub slot_description: String,
    pub token: Option<TokenDetails>,
    #[serde(skip)]
    slot: Slot,
}

/// The token in a slot.
#[derive(Clone, Debug, Serialize)]
pub struct TokenDetails {
    pub label: String,
    pub manufacturer: String,
    pub model: String,
    pub serial: String,
    pub flags: TokenFlags,
    pub user_pin: PinStatus,
    pub so_pin: PinStatus,
    pub memory: Memory,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub struct TokenFlags {
    pub initialized: bool,
    pub login_required: bool,
    pub user_pin_initialized: bool,
    /// A PIN pad: the PIN is typed on the reader, not given to epct.
    pub protected_authentication_path: bool,
    pub write_protected: bool,
}

/// The remaining-tries state that a token reports for one PIN.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PinStatus {
    /// A wrong PIN was entered since the last good one.
    pub count_low: bool,
    /// One more wrong PIN locks it.
    pub final_try: bool,
    pub locked: bool,
    pub to_be_changed: bool,
}

/// Free and total memory in bytes, where the token gives them.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Memory {
    pub public_free: Option<usize>,
    pub public_total: Option<usize>,
    pub private_free: Option<usize>,
    pub private_total: Option<usize>,
}

impl TokenSummary {
    pub(crate) fn read(pkcs11: &Pkcs11, slot: Slot) -> Result<Self, TokenError> {
        let slot_info = pkcs11
            .get_slot_info(slot)
            .map_err(TokenError::refused("describe its slot"))?;
        let token = if slot_info.token_present() {
            let info = pkcs11
                .get_token_info(slot)
                .map_err(TokenError::refused("describe the token"))?;
            Some(TokenDetails::from(&info))
        } else {
            None
        };
        Ok(TokenSummary {
            slot_id: slot.id(),
            slot_description: printable(slot_info.slot_description()),
            token,
            slot,
        })
    }

    pub(crate) fn slot(&self) -> Slot {
        self.slot
    }

    /// The token's label, or the slot when it has no token.
    pub fn label(&self) -> &str {
        self.token
            .as_ref()
            .map(|t| t.label.as_str())
            .unwrap_or(&self.slot_description)
    }

    /// `'label' (serial S, slot N)`: how errors name a token.
    pub fn describe(&self) -> String {
        match &self.token {
            Some(t) => format!("'{}' (serial {}, slot {})", t.label, t.serial, self.slot_id),
            None => format!("empty slot {}", self.slot_id),
        }
    }

    /// The tokens, for a message: `'A' (serial 1, slot 0), 'B' (serial 2, slot 1)`.
    pub(crate) fn describe_all<'t>(tokens: impl IntoIterator<Item = &'t TokenSummary>) -> String {
        tokens
            .into_iter()
            .map(TokenSummary::describe)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The refusal to guess among `many` tokens: `wanted` (a key or certificate) is on
    /// each of them, or, with `None`, the command named no token.
    pub(crate) fn several(wanted: Option<String>, many: &[&TokenSummary]) -> TokenError {
        let count = many.len();
        let candidates = TokenSummary::describe_all(many.iter().copied());
        let example = many
            .iter()
            .find_map(|t| t.token.as_ref().map(|d| d.label.clone()))
            .unwrap_or_else(|| "LABEL".to_owned());
        match wanted {
            Some(wanted) => TokenError::HeldBySeveralTokens {
                wanted,
                count,
                candidates,
                example,
            },
            None => TokenError::AmbiguousToken {
                count,
                candidates,
                example,
            },
        }
    }

    /// Refuses a security-officer job on a token that has no SO PIN: NSS softokn's
    /// database has one password, and its `C_InitToken` would erase the keys before
    /// any SO login could be checked.
    pub fn require_so_pin(&self) -> Result<(), TokenError> {
        match &self.token {
            Some(t)
                if t.manufacturer.starts_with("Mozilla Foundation")
                    && t.model.starts_with("NSS") =>
            {
                Err(TokenError::NoSoPin {
                    token: t.label.clone(),
                })
            }
            _ => Ok(()),
        }
    }

    pub fn so_pin_status(&self) -> PinStatus {
        self.token.as_ref().map(|t| t.so_pin).unwrap_or_default()
    }
}

impl From<&TokenInfo> for TokenDetails {
    fn from(info: &TokenInfo) -> Self {
        TokenDetails {
            label: printable(info.label()),
            manufacturer: printable(info.manufacturer_id()),
            model: printable(info.model()),
            serial: printable(info.serial_number()),
            flags: TokenFlags {
                initialized: info.token_initialized(),
                login_required: info.login_required(),
                user_pin_initialized: info.user_pin_initialized(),
                protected_authentication_path: info.protected_authentication_path(),
                write_protected: info.write_protected(),
            },
            user_pin: PinStatus {
                count_low: info.user_pin_count_low(),
                final_try: info.user_pin_final_try(),
                locked: info.user_pin_locked(),
                to_be_changed: info.user_pin_to_be_changed(),
            },
            so_pin: PinStatus {
                count_low: info.so_pin_count_low(),
                final_try: info.so_pin_final_try(),
                locked: info.so_pin_locked(),
                to_be_changed: info.so_pin_to_be_changed(),
            },
            memory: Memory {
                public_free: info.free_public_memory(),
                public_total: info.total_public_memory(),
                private_free: info.free_private_memory(),
                private_total: info.total_private_memory(),
            },
        }
    }
}

/// A text field of a token as epct shows it: PKCS#11 pads them with spaces, and some
/// tokens (tpm2-pkcs11's model) with NUL bytes; both are trimmed, and any other control
/// character becomes U+FFFD, so that neither text nor JSON output carries one.
pub(crate) fn printable(text: &str) -> String {
    text.trim_matches(|c: char| c == '\0' || c.is_whitespace())
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

impl PinStatus {
    /// Whether there is anything to warn about before a login.
    pub fn is_notable(&self) -> bool {
        self.count_low || self.final_try || self.locked || self.to_be_changed
    }
}

impl fmt::Display for PinStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.locked {
            parts.push("PIN locked");
        } else if self.final_try {
            parts.push("final try: one more wrong PIN locks it");
        } else if self.count_low {
            parts.push("PIN count low: a wrong PIN was entered before");
        }
        if self.to_be_changed {
            parts.push("PIN must be changed");
        }
        if parts.is_empty() {
            f.write_str("no wrong tries reported")
        } else {
            f.write_str(&parts.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn nul_and_space_padding_is_trimmed_and_control_characters_replaced() {
        assert_eq!(printable("SW   TPM\0\0\0\0"), "SW   TPM");
        assert_eq!(printable("  SoftHSM v2      "), "SoftHSM v2");
        assert_eq!(printable("a\u{1b}[31mb\0c\n"), "a\u{FFFD}[31mb\u{FFFD}c");
        assert_eq!(printable("\0\0"), "");
    }
}
