//! The secret behind implicit rejection of PKCS#1 v1.5 key transport.
//!
//! A bad padding must yield the same synthetic key in every run, or the difference
//! between runs is an oracle. After draft-irtf-cfrg-rsa-guidance (section 7, as in
//! OpenSSL 3.2 and RustCrypto `rsa`), the synthetic key is derived from a key derivation
//! key `KDK = HMAC-SHA256(secret, ciphertext)`, with the IRPRF of section 7.1 under the
//! label "message". The draft's secret is a hash of the private exponent, which never
//! leaves the token; this secret stays with the key instead (docs/threat-model.md,
//! "Deterministic implicit rejection"):
//! - on the token, a sensitive, non-extractable `CKK_GENERIC_SECRET` key beside the RSA
//!   key (the same `CKA_ID`, the label [`TOKEN_LABEL`]), used with `CKM_SHA256_HMAC`;
//! - where the token cannot make or use one, 32 random bytes in
//!   `$XDG_STATE_HOME/epct/rejection/SHA256-OF-THE-PUBLIC-KEY.key`, mode 0600.
//!
//! A secret once found is kept: a key already on the token wins, then a file already
//! there, then a new key on the token, then a new file. A new one is made under the
//! lock `rejection/.lock`, so that two first runs at once end with the same secret.

use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, KeyType, ObjectClass, ObjectHandle};
use der::Encode;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use spki::SubjectPublicKeyInfoOwned;
use zeroize::Zeroizing;

use super::TokenError;
use super::session::TokenSession;
use crate::algorithms::HashAlg;
use crate::lock::Lock;

/// The label of the HMAC key that epct makes beside an RSA key.
pub const TOKEN_LABEL: &str = "epct-rejection";
/// The length of the secret, and of the key derivation key.
const SECRET_LEN: usize = 32;

/// Where the secret of one RSA key is.
enum RejectionSecret {
    Token(ObjectHandle),
    Host(Zeroizing<[u8; SECRET_LEN]>),
}

impl RejectionSecret {
    /// Finds or makes the secret of the RSA key with `id` and `public_key`; `state_dir`
    /// is the user's state directory (`None` when there is none).
    fn for_key(
        session: &TokenSession<'_>,
        id: &[u8],
        public_key: &SubjectPublicKeyInfoOwned,
        state_dir: Option<&Path>,
    ) -> Result<Self, TokenError> {
        let can_hmac = session.supports(MechanismType::SHA256_HMAC);
        let file = state_dir
            .map(|dir| host_file(dir, public_key))
            .transpose()?;
        if let Some(found) = Self::find(session, id, can_hmac, file.as_deref())? {
            return Ok(found);
        }
        // Two first runs at once must agree on one secret: the one that takes the lock
        // makes it, the other finds it. The lock is held only while a key or a 32-byte
        // file is made, so nobody is told about the wait.
        let _lock = file.as_deref().map(lock).transpose()?;
        if let Some(found) = Self::find(session, id, can_hmac, file.as_deref())? {
            return Ok(found);
        }
        if can_hmac
            && session.supports(MechanismType::GENERIC_SECRET_KEY_GEN)
            && let Ok(handle) = session
                .session()
                .generate_key(&Mechanism::GenericSecretKeyGen, &template(id))
        {
            return Ok(RejectionSecret::Token(handle));
        }
        let file = file.ok_or_else(|| TokenError::RejectionSecret {
            reason: "the token cannot keep an HMAC key and there is no state directory; \
                     set XDG_STATE_HOME or HOME"
                .to_owned(),
        })?;
        Ok(RejectionSecret::Host(create_secret(&file)?))
    }

    /// The secret already kept: a key on the token wins, then the file.
    fn find(
        session: &TokenSession<'_>,
        id: &[u8],
        can_hmac: bool,
        file: Option<&Path>,
    ) -> Result<Option<Self>, TokenError> {
        if can_hmac && let Some(handle) = find_on_token(session, id)? {
            return Ok(Some(RejectionSecret::Token(handle)));
        }
        match file {
            Some(file) if file.exists() => Ok(Some(RejectionSecret::Host(read_secret(file)?))),
            _ => Ok(None),
        }
    }

    /// `KDK = HMAC-SHA256(secret, ciphertext)`.
    fn key_derivation_key(
        &self,
        session: &TokenSession<'_>,
        ciphertext: &[u8],
    ) -> Result<Zeroizing<[u8; SECRET_LEN]>, TokenError> {
        let mut kdk = Zeroizing::new([0u8; SECRET_LEN]);
        match self {
            RejectionSecret::Token(handle) => {
                let mac = Zeroizing::new(
                    session
                        .session()
                        .sign(&Mechanism::Sha256Hmac, *handle, ciphertext)
                        .map_err(TokenError::refused("compute the implicit-rejection HMAC"))?,
                );
                if mac.len() != SECRET_LEN {
                    return Err(TokenError::Malformed("HMAC-SHA256"));
                }
                kdk.copy_from_slice(&mac);
            }
            RejectionSecret::Host(secret) => {
                let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_slice())
                    .expect("any key size");
                mac.update(ciphertext);
                kdk.copy_from_slice(&mac.finalize().into_bytes());
            }
        }
        Ok(kdk)
    }
}

/// The synthetic key of `len` bytes: `IRPRF(KDK, "message", 8 * len)`, the draft's
/// concatenation of `HMAC-SHA256(KDK, I2OSP(i, 2) || label || I2OSP(bits, 2))`.
fn synthetic_key(kdk: &[u8; SECRET_LEN], len: usize) -> Zeroizing<Vec<u8>> {
    let bits = u16::try_from(len * 8).expect("a content key is shorter than 8 KiB");
    let mut out = Zeroizing::new(Vec::with_capacity(len + SECRET_LEN));
    let mut i: u16 = 0;
    while out.len() < len {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(kdk).expect("any key size");
        mac.update(&i.to_be_bytes());
        mac.update(b"message");
        mac.update(&bits.to_be_bytes());
        out.extend_from_slice(&mac.finalize().into_bytes());
        i += 1;
    }
    out.truncate(len);
    out
}

/// The synthetic key of `len` bytes for `ciphertext` under the RSA key with `id` and
/// `public_key`, with the secret in the user's state directory (`$XDG_STATE_HOME`, else
/// `~/.local/state`) where the token keeps none.
pub(crate) fn synthetic_key_for(
    session: &TokenSession<'_>,
    id: &[u8],
    public_key: &SubjectPublicKeyInfoOwned,
    ciphertext: &[u8],
    len: usize,
) -> Result<Zeroizing<Vec<u8>>, TokenError> {
    let state_dir = dirs::state_dir();
    let secret = RejectionSecret::for_key(session, id, public_key, state_dir.as_deref())?;
    let kdk = secret.key_derivation_key(session, ciphertext)?;
    Ok(synthetic_key(&kdk, len))
}

fn find_on_token(
    session: &TokenSession<'_>,
    id: &[u8],
) -> Result<Option<ObjectHandle>, TokenError> {
    let found = session
        .session()
        .find_objects(&[
            Attribute::Class(ObjectClass::SECRET_KEY),
            Attribute::KeyType(KeyType::GENERIC_SECRET),
            Attribute::Id(id.to_vec()),
            Attribute::Label(TOKEN_LABEL.as_bytes().to_vec()),
        ])
        .map_err(TokenError::refused("find the implicit-rejection key"))?;
    Ok(found.into_iter().next())
}

/// A 32-byte HMAC key that never leaves the token, beside the RSA key.
fn template(id: &[u8]) -> Vec<Attribute> {
    vec![
        Attribute::Class(ObjectClass::SECRET_KEY),
        Attribute::KeyType(KeyType::GENERIC_SECRET),
        Attribute::ValueLen((SECRET_LEN as u64).into()),
        Attribute::Token(true),
        Attribute::Private(true),
        Attribute::Sensitive(true),
        Attribute::Extractable(false),
        Attribute::Sign(true),
        Attribute::Verify(false),
        Attribute::Encrypt(false),
        Attribute::Decrypt(false),
        Attribute::Derive(false),
        Attribute::Id(id.to_vec()),
        Attribute::Label(TOKEN_LABEL.as_bytes().to_vec()),
    ]
}

/// `STATE/epct/rejection/HEX.key`, named by the SHA-256 of the DER public key.
fn host_file(
    state_dir: &Path,
    public_key: &SubjectPublicKeyInfoOwned,
) -> Result<PathBuf, TokenError> {
    let der = public_key
        .to_der()
        .map_err(|_| TokenError::Malformed("public key"))?;
    let name = format!("{}.key", hex::encode(HashAlg::Sha256.digest(&der)));
    Ok(state_dir.join("epct").join("rejection").join(name))
}

fn file_error(file: &Path, what: &str, error: impl std::fmt::Display) -> TokenError {
    TokenError::RejectionSecret {
        reason: format!("cannot {what} {}: {error}", file.display()),
    }
}

fn read_secret(file: &Path) -> Result<Zeroizing<[u8; SECRET_LEN]>, TokenError> {
    let mut secret = Zeroizing::new([0u8; SECRET_LEN]);
    let mut f = fs::File::open(file).map_err(|e| file_error(file, "read", e))?;
    f.read_exact(secret.as_mut_slice())
        .map_err(|e| file_error(file, "read", e))?;
    Ok(secret)
}

/// The directory of `file`, made private to the user if new.
fn private_dir(file: &Path) -> Result<&Path, TokenError> {
    let dir = file.parent().expect("a file in a directory");
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| file_error(dir, "create", e))?;
    Ok(dir)
}

/// The lock of the secrets' directory (`rejection/.lock`), held while one is made.
fn lock(file: &Path) -> Result<Lock, TokenError> {
    let path = private_dir(file)?.join(".lock");
    Lock::exclusive(&path, |_| {}).map_err(|e| file_error(&path, "lock", e.source))
}

/// Writes a new random secret, readable by the user only, published whole by a hard
/// link; if another process made it first, that one is read instead.
fn create_secret(file: &Path) -> Result<Zeroizing<[u8; SECRET_LEN]>, TokenError> {
    let dir = private_dir(file)?;
    let mut secret = Zeroizing::new([0u8; SECRET_LEN]);
    getrandom::fill(secret.as_mut_slice()).map_err(|e| file_error(file, "make", e))?;
    let temp = dir.join(format!(".{}.part", std::process::id()));
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temp)
        .map_err(|e| file_error(&temp, "create", e))?;
    f.write_all(secret.as_slice())
        .and_then(|()| f.sync_all())
        .map_err(|e| file_error(&temp, "write", e))?;
    // A hard link never replaces: the first secret written stays the secret.
    let linked = fs::hard_link(&temp, file);
    let _ = fs::remove_file(&temp);
    match linked {
        Ok(()) => Ok(secret),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_secret(file),
        Err(e) => Err(file_error(file, "create", e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_host_secret_is_made_once_with_mode_0600_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("epct/rejection/ab.key");
        let first = create_secret(&file).unwrap();
        let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(read_secret(&file).unwrap(), first);
        // A second creation keeps the first secret.
        assert_eq!(create_secret(&file).unwrap(), first);
        let leftovers: Vec<_> = fs::read_dir(file.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["ab.key"]);
    }

    #[test]
    fn the_synthetic_key_depends_on_the_kdk_only_and_has_the_asked_length() {
        let a = synthetic_key(&[1u8; 32], 32);
        assert_eq!(a, synthetic_key(&[1u8; 32], 32));
        assert_ne!(a, synthetic_key(&[2u8; 32], 32));
        assert_eq!(synthetic_key(&[1u8; 32], 16).len(), 16);
        assert_eq!(synthetic_key(&[1u8; 32], 48).len(), 48);
    }
}
