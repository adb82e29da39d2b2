//! The body of the `envelope_decrypt` fuzz target, shared with the plain test that runs it
//! where cargo-fuzz cannot (tests/envelope_fuzz_corpus.rs): decrypt arbitrary bytes as a
//! CMS envelope with two fixed software keys (RSA-2048 and P-256, fuzz/data/). No input
//! may panic, and content may come out only when the whole envelope was read.
//!
//! The keys are done by RustCrypto's `rsa` and `p256` here, not by epct's token code, so
//! that the envelope reader meets a second, independent implementation of the key step.

use std::collections::HashMap;
use std::sync::Mutex;

use der::Decode;
use epct::algorithms::{HashAlg, KeyTransport};
use epct::cms::{CmsError, KeyDecryptor, decrypt};
use p256::pkcs8::DecodePrivateKey;
use x509_cert::Certificate;
use zeroize::Zeroizing;

/// A recipient key in memory and its certificate.
pub struct Recipient {
    key: SoftKey,
    pub certificate: Certificate,
    /// The RSA results by ciphertext: a private-key operation in software costs tens of
    /// milliseconds, and most mutations leave the encrypted key as it was.
    unwrapped: Mutex<HashMap<Wrapped, Vec<u8>>>,
}

/// An encrypted content key and the length expected of it.
type Wrapped = (Vec<u8>, usize);

enum SoftKey {
    Rsa(Box<rsa::PrivateKey>),
    P256(p256::SecretKey),
}

/// The two fixed recipients of fuzz/data/.
pub fn recipients() -> Vec<Recipient> {
    let cert = |der: &[u8]| Certificate::from_der(der).expect("a test certificate");
    vec![
        Recipient {
            key: SoftKey::Rsa(Box::new(
                rsa::PrivateKey::from_pkcs8_der(include_bytes!("data/rsa-key.der"))
                    .expect("the RSA test key"),
            )),
            certificate: cert(include_bytes!("data/rsa-cert.der")),
            unwrapped: Mutex::default(),
        },
        Recipient {
            key: SoftKey::P256(
                p256::SecretKey::from_pkcs8_der(include_bytes!("data/p256-key.der"))
                    .expect("the P-256 test key"),
            ),
            certificate: cert(include_bytes!("data/p256-cert.der")),
            unwrapped: Mutex::default(),
        },
    ]
}

/// Decrypts `data` with each recipient's key; how many of them decrypted it.
pub fn decrypt_with_each(data: &[u8], recipients: &[Recipient]) -> usize {
    let mut decrypted = 0;
    for recipient in recipients {
        let mut content = Vec::new();
        let input = std::io::Cursor::new(data.to_vec());
        if let Ok(report) = decrypt(input, &mut content, recipient, &recipient.certificate) {
            assert_eq!(report.content_bytes as usize, content.len());
            decrypted += 1;
        }
    }
    decrypted
}

impl KeyDecryptor for Recipient {
    fn decrypt_key(
        &self,
        transport: &KeyTransport,
        ciphertext: &[u8],
        expected_len: usize,
    ) -> Result<Zeroizing<Vec<u8>>, CmsError> {
        let SoftKey::Rsa(key) = &self.key else {
            return Err(CmsError::Malformed(
                "an RSA key transport for an EC key".into(),
            ));
        };
        let mut unwrapped = self.unwrapped.lock().expect("not poisoned");
        let content_key = unwrapped
            .entry((ciphertext.to_vec(), expected_len))
            .or_insert_with(|| {
                let result = match transport {
                    KeyTransport::Pkcs1v15 => key.decrypt(rsa::Pkcs1v15Encrypt, ciphertext),
                    KeyTransport::Oaep {
                        hash,
                        mgf_hash,
                        label,
                    } => oaep(key, *hash, *mgf_hash, label, ciphertext),
                };
                // Implicit rejection, as the token decryptor does: a bad padding gives a
                // wrong key rather than an error.
                result.unwrap_or_else(|_| vec![0x5a; expected_len])
            });
        Ok(Zeroizing::new(content_key.clone()))
    }

    fn shared_secret(&self, peer_point: &[u8]) -> Result<Zeroizing<Vec<u8>>, CmsError> {
        let SoftKey::P256(key) = &self.key else {
            return Err(CmsError::Malformed(
                "an ECDH recipient for an RSA key".into(),
            ));
        };
        let peer = p256::PublicKey::from_sec1_bytes(peer_point)
            .map_err(|_| CmsError::Malformed("the peer point is not on P-256".into()))?;
        let shared = p256::ecdh::diffie_hellman(key.to_nonzero_scalar(), peer.as_affine());
        Ok(Zeroizing::new(shared.raw_secret_bytes().to_vec()))
    }
}

fn oaep(
    key: &rsa::PrivateKey,
    hash: HashAlg,
    mgf_hash: HashAlg,
    label: &[u8],
    ciphertext: &[u8],
) -> rsa::Result<Vec<u8>> {
    use rsa::Oaep;
    use sha1::Sha1;
    use sha2::{Sha256, Sha384, Sha512};
    let label: Box<[u8]> = label.into();
    macro_rules! with_mgf {
        ($d:ty) => {
            match mgf_hash {
                HashAlg::Sha1 => key.decrypt(
                    Oaep::<$d, Sha1>::new_with_mgf_hash_and_label(label),
                    ciphertext,
                ),
                HashAlg::Sha256 => key.decrypt(
                    Oaep::<$d, Sha256>::new_with_mgf_hash_and_label(label),
                    ciphertext,
                ),
                HashAlg::Sha384 => key.decrypt(
                    Oaep::<$d, Sha384>::new_with_mgf_hash_and_label(label),
                    ciphertext,
                ),
                HashAlg::Sha512 => key.decrypt(
                    Oaep::<$d, Sha512>::new_with_mgf_hash_and_label(label),
                    ciphertext,
                ),
            }
        };
    }
    match hash {
        HashAlg::Sha1 => with_mgf!(Sha1),
        HashAlg::Sha256 => with_mgf!(Sha256),
        HashAlg::Sha384 => with_mgf!(Sha384),
        HashAlg::Sha512 => with_mgf!(Sha512),
    }
}
