//! One face for the streaming content ciphers (AES-GCM and AES-CBC), in blocks.

use super::algorithms::{CipherParams, ContentCipher};
use super::cbc::{CbcDecryptor, CbcEncryptor, CbcError};
use super::error::CmsError;
use super::gcm::{GcmDecryptor, GcmEncryptor, GcmError};

fn gcm_error(e: GcmError) -> CmsError {
    match e {
        GcmError::TagMismatch => CmsError::AuthenticationFailed,
        other => CmsError::Cipher(other.to_string()),
    }
}

fn cbc_error(e: CbcError) -> CmsError {
    match e {
        CbcError::BadPadding | CbcError::Length => CmsError::AuthenticationFailed,
        other => CmsError::Cipher(other.to_string()),
    }
}

fn mismatch() -> CmsError {
    CmsError::Cipher("the cipher parameters do not fit the cipher".to_owned())
}

/// Encrypts content block by block.
pub(crate) enum ContentEncryptor {
    Gcm(GcmEncryptor),
    /// CBC holds back an incomplete block; its output goes through a second buffer.
    Cbc(CbcEncryptor, Vec<u8>),
}

impl ContentEncryptor {
    pub fn new(cipher: ContentCipher, key: &[u8], params: &CipherParams) -> Result<Self, CmsError> {
        match (cipher, params) {
            (ContentCipher::Gcm(_), CipherParams::Gcm { nonce, .. }) => {
                GcmEncryptor::new(key, nonce, &[])
                    .map(ContentEncryptor::Gcm)
                    .map_err(gcm_error)
            }
            (ContentCipher::Cbc(_), CipherParams::Cbc { iv }) => CbcEncryptor::new(key, iv)
                .map(|c| ContentEncryptor::Cbc(c, Vec::new()))
                .map_err(cbc_error),
            _ => Err(mismatch()),
        }
    }

    /// Replaces `block` by its ciphertext (for CBC, of the whole blocks so far).
    pub fn update(&mut self, block: &mut Vec<u8>) -> Result<(), CmsError> {
        match self {
            ContentEncryptor::Gcm(gcm) => gcm.encrypt_in_place(block).map_err(gcm_error),
            ContentEncryptor::Cbc(cbc, scratch) => {
                scratch.clear();
                cbc.update(block, scratch);
                std::mem::swap(block, scratch);
                Ok(())
            }
        }
    }

    /// The last ciphertext (CBC's padded block) and the tag (GCM).
    pub fn finish(self) -> Result<(Vec<u8>, Option<[u8; 16]>), CmsError> {
        match self {
            ContentEncryptor::Gcm(gcm) => Ok((Vec::new(), Some(gcm.finish()))),
            ContentEncryptor::Cbc(cbc, _) => {
                let mut last = Vec::new();
                cbc.finish(&mut last);
                Ok((last, None))
            }
        }
    }
}

/// Decrypts content block by block.
pub(crate) enum ContentDecryptor {
    Gcm(GcmDecryptor),
    /// CBC holds back the last block until the padding can be checked.
    Cbc(CbcDecryptor, Vec<u8>),
}

impl ContentDecryptor {
    pub fn new(cipher: ContentCipher, key: &[u8], params: &CipherParams) -> Result<Self, CmsError> {
        match (cipher, params) {
            (ContentCipher::Gcm(_), CipherParams::Gcm { nonce, .. }) => {
                GcmDecryptor::new(key, nonce, &[])
                    .map(ContentDecryptor::Gcm)
                    .map_err(gcm_error)
            }
            (ContentCipher::Cbc(_), CipherParams::Cbc { iv }) => CbcDecryptor::new(key, iv)
                .map(|c| ContentDecryptor::Cbc(c, Vec::new()))
                .map_err(cbc_error),
            _ => Err(mismatch()),
        }
    }

    /// Replaces `block` by its plaintext: not authenticated until `finish` succeeds.
    pub fn update(&mut self, block: &mut Vec<u8>) -> Result<(), CmsError> {
        match self {
            ContentDecryptor::Gcm(gcm) => gcm.decrypt_in_place(block).map_err(gcm_error),
            ContentDecryptor::Cbc(cbc, scratch) => {
                scratch.clear();
                cbc.update(block, scratch);
                std::mem::swap(block, scratch);
                Ok(())
            }
        }
    }

    /// Checks the GCM `tag` (or the CBC padding) and gives the last plaintext.
    pub fn finish(self, tag: Option<&[u8]>) -> Result<Vec<u8>, CmsError> {
        match (self, tag) {
            (ContentDecryptor::Gcm(gcm), Some(tag)) => {
                gcm.finish(tag).map(|()| Vec::new()).map_err(gcm_error)
            }
            (ContentDecryptor::Cbc(cbc, _), None) => {
                let mut last = Vec::new();
                cbc.finish(&mut last).map_err(cbc_error)?;
                Ok(last)
            }
            _ => Err(mismatch()),
        }
    }
}
