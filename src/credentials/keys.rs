//! The token signer and decryptor as cms sees them.

use zeroize::Zeroizing;

use crate::algorithms::{KeyTransport, SignatureAlgorithm};
use crate::cms::{CmsError, ContentSigner, KeyDecryptor};
use crate::token::{TokenDecryptor, TokenSigner};

impl ContentSigner for TokenSigner<'_, '_> {
    fn algorithm(&self) -> SignatureAlgorithm {
        TokenSigner::algorithm(self)
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CmsError> {
        Ok(TokenSigner::sign(self, message)?)
    }
}

impl KeyDecryptor for TokenDecryptor<'_, '_> {
    fn decrypt_key(
        &self,
        transport: &KeyTransport,
        ciphertext: &[u8],
        expected_len: usize,
    ) -> Result<Zeroizing<Vec<u8>>, CmsError> {
        Ok(TokenDecryptor::decrypt_key(
            self,
            transport,
            ciphertext,
            expected_len,
        )?)
    }

    fn shared_secret(&self, peer_point: &[u8]) -> Result<Zeroizing<Vec<u8>>, CmsError> {
        Ok(TokenDecryptor::shared_secret(self, peer_point)?)
    }
}
