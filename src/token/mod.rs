//! PKCS#11 tokens: loading a module, choosing a token by URI, logging in with a PIN from
//! a safe source, managing keys and certificates, and signing and decrypting with keys
//! that never leave the token.
//!
//! This module never reads a private key out of a token and never writes a PIN
//! anywhere: PINs live in `SecretString`s, recovered keys in `Zeroizing` buffers.

mod certs;
mod decryptor;
mod doctor;
mod error;
mod fallback;
mod info;
mod init;
mod keys;
mod locate;
mod module;
mod raw;
mod readers;
mod rejection;
mod rsa_padding;
mod selection;
mod session;
mod signer;
mod uri;

pub use crate::secret_source::{
    MAX_PIN_LEN, SecretSource as PinSource, SourceError, note_inherited_descriptors,
};
pub use certs::TokenCertificate;
pub use decryptor::{DecryptMechanism, TokenDecryptor};
pub use doctor::{DoctorReport, KeyReport, Probe, diagnose};
pub use error::TokenError;
pub use info::{Memory, PinStatus, TokenDetails, TokenFlags, TokenSummary};
pub use init::{InitPins, Inventory};
pub use keys::{KeySummary, KeyType, TokenKey};
pub use locate::PresentCertificate;
pub use module::{Module, ModuleOptions, TokenLog};
pub use session::{LoginRequest, PinCallback, TokenSession, UserKind};
pub use signer::{SignMechanism, TokenSigner, default_signature_algorithm};
pub use uri::{ObjectType, Pkcs11Uri};
