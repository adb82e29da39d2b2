//! `epct`: sign and encrypt the voter and candidate files that EU Member States exchange
//! under Directive 93/109/EC, with private keys that stay on a smart card or HSM.
//!
//! The library holds all the logic; the `epct` binary only parses arguments, reads PINs
//! and prints. Nothing in the library prints or exits.
//!
//! One module per concern:
//! - [`token`]: PKCS#11 modules, tokens, PINs, keys, certificates, and the token-backed
//!   signer and decryptor;
//! - [`cms`]: sealed, signed and encrypted files (RFC 5652), streamed;
//! - [`trust`]: ETSI trusted lists and their signatures, the trust store, certificate
//!   path validation against the lists, CRLs, and the partner directory;
//! - [`verdict`]: the verdict on a signed file: integrity, trust and authority;
//! - [`data`]: voter and candidate files: the exchange schema, the streaming validator
//!   and a generator of test files;
//! - [`exchange`]: sending a file to every home state, and receiving theirs;
//! - [`x509`]: public keys, names and extensions, host-side signature checks, reading
//!   certificates;
//! - [`credentials`]: a token key at work for `cms` and `x509`: the cms key traits for
//!   the token signer and decryptor, certificate requests and self-signed certificates;
//! - [`country`]: the EU Member States, for the data files, partners and the exchange;
//! - [`algorithms`]: hash and signature algorithms, and which are too weak;
//! - [`output`]: output files that appear whole or not at all;
//! - [`input`]: files read whole, never beyond a named limit;
//! - [`lock`]: exclusive locks on the stores that epct changes;
//! - [`config`]: the optional TOML configuration file.

#![deny(unsafe_code)]

pub mod algorithms;
pub mod cms;
pub mod config;
pub mod country;
pub mod credentials;
pub mod data;
pub mod error;
mod error_kind;
pub mod exchange;
pub mod input;
pub mod lock;
pub mod oids;
pub mod output;
pub mod platform;
pub mod secret_source;
pub mod token;
pub mod trust;
pub mod verdict;
pub mod x509;

#[cfg(test)]
mod testing;

pub use error::{Error, ExitCode};
pub use error_kind::ErrorKind;
