//! CMS (RFC 5652): the streaming pieces that sealing and opening are built on.
//!
//! - [`ber_reader`] and [`ber_writer`]: BER framing of files too large for memory;
//! - [`gcm`] and [`cbc`]: AES-GCM and AES-CBC content encryption, chunk by chunk;
//! - [`kdf`]: the X9.63 KDF and AES key wrap of ECDH recipients (RFC 5753).
//!
//! Nothing here holds a whole file in memory or prints.

pub mod ber_reader;
pub mod ber_writer;
pub mod cbc;
pub mod gcm;
pub mod kdf;
