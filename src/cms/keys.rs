//! What cms asks of a private key it never sees: a signature over the signed
//! attributes, and the recovery of a content key. A token key implements them in
//! `crate::credentials`; the tests implement them with software keys.

use zeroize::Zeroizing;

use super::error::CmsError;
use crate::algorithms::{KeyTransport, SignatureAlgorithm};

/// A private key that signs: the signer of a SignerInfo.
pub trait ContentSigner {
    /// The algorithm of every signature it makes; its hash is the content digest's too.
    fn algorithm(&self) -> SignatureAlgorithm;

    /// Signs `message` (hashing it with the algorithm's hash).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CmsError>;
}

/// A private key that recovers content-encryption keys: the recipient of a file.
pub trait KeyDecryptor {
    /// Recovers a key of `expected_len` bytes encrypted to an RSA key with `transport`.
    /// With PKCS#1 v1.5 a bad ciphertext must give a wrong key rather than an error
    /// (implicit rejection), so that the content decryption fails as for another key.
    fn decrypt_key(
        &self,
        transport: &KeyTransport,
        ciphertext: &[u8],
        expected_len: usize,
    ) -> Result<Zeroizing<Vec<u8>>, CmsError>;

    /// The ECDH shared secret (the x coordinate, RFC 5753's Z) with `peer_point`, an
    /// uncompressed point.
    fn shared_secret(&self, peer_point: &[u8]) -> Result<Zeroizing<Vec<u8>>, CmsError>;
}
