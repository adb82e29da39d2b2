//! RSA paddings done on the host around a token's raw RSA operation (`CKM_RSA_X_509`),
//! for tokens that lack the padded mechanism or its parameters (SoftHSM 2.6 does OAEP
//! only with SHA-1; many cards only raw RSA).
//!
//! Decoding is constant-time in the secret data: no branch or index depends on the
//! decrypted bytes until the single valid/invalid verdict. PKCS#1 v1.5 decoding never
//! fails: a bad padding yields a synthetic key (implicit rejection), so that a forged
//! ciphertext cannot be told from one made for another key.

use subtle::{Choice, ConditionallySelectable, ConstantTimeEq, ConstantTimeLess};
use zeroize::Zeroizing;

use crate::algorithms::{HashAlg, Hasher};

/// MGF1 (RFC 8017 appendix B.2.1).
pub(crate) fn mgf1(hash: HashAlg, seed: &[u8], len: usize) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(len + hash.output_len()));
    let mut counter: u32 = 0;
    while out.len() < len {
        let mut h = Hasher::new(hash);
        h.update(seed);
        h.update(&counter.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        counter += 1;
    }
    out.truncate(len);
    out
}

/// EME-OAEP decoding (RFC 8017 section 7.1.2 step 3) of `em`, which must be as long as
/// the modulus. `None` for any decoding error, all errors alike.
pub(crate) fn oaep_decode(
    hash: HashAlg,
    mgf_hash: HashAlg,
    label: &[u8],
    em: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let h_len = hash.output_len();
    let k = em.len();
    if k < 2 * h_len + 2 {
        return None;
    }
    let (y, rest) = em.split_at(1);
    let (masked_seed, masked_db) = rest.split_at(h_len);
    let seed_mask = mgf1(mgf_hash, masked_db, h_len);
    let seed: Zeroizing<Vec<u8>> = Zeroizing::new(
        masked_seed
            .iter()
            .zip(seed_mask.iter())
            .map(|(a, b)| a ^ b)
            .collect(),
    );
    let db_mask = mgf1(mgf_hash, &seed, masked_db.len());
    let db: Zeroizing<Vec<u8>> = Zeroizing::new(
        masked_db
            .iter()
            .zip(db_mask.iter())
            .map(|(a, b)| a ^ b)
            .collect(),
    );

    let l_hash = hash.digest(label);
    let mut good = y[0].ct_eq(&0) & db[..h_len].ct_eq(&l_hash);
    // Find the 0x01 after the zero padding without branching on the bytes.
    let mut looking = Choice::from(1);
    let mut index = 0u32;
    let mut invalid = Choice::from(0);
    for (i, &b) in db.iter().enumerate().skip(h_len) {
        let is_zero = b.ct_eq(&0);
        let is_one = b.ct_eq(&1);
        index.conditional_assign(&(i as u32), looking & is_one);
        looking &= !is_one;
        invalid |= looking & !is_zero;
    }
    good &= !invalid & !looking;
    if bool::from(good) {
        Some(Zeroizing::new(db[index as usize + 1..].to_vec()))
    } else {
        None
    }
}

/// PKCS#1 v1.5 decryption padding (RFC 8017 section 7.2.2 step 3) of `em` (as long as
/// the modulus) for a message of `expected_len` bytes, with implicit rejection: when the
/// padding is bad or the length is not the expected one, the result is `synthetic` (the
/// rejection key of token/rejection.rs, `expected_len` bytes), chosen in constant time.
pub(crate) fn pkcs1v15_decode_implicit(
    em: &[u8],
    synthetic: &[u8],
    expected_len: usize,
) -> Zeroizing<Vec<u8>> {
    let k = em.len();
    if k < expected_len + 11 || synthetic.len() != expected_len {
        return Zeroizing::new(synthetic.to_vec());
    }
    let mut good = em[0].ct_eq(&0) & em[1].ct_eq(&2);
    // The first zero byte after the two header bytes ends the padding string.
    let mut looking = Choice::from(1);
    let mut zero_index = 0u32;
    for (i, &b) in em.iter().enumerate().skip(2) {
        let is_zero = b.ct_eq(&0);
        zero_index.conditional_assign(&(i as u32), looking & is_zero);
        looking &= !is_zero;
    }
    good &= !looking;
    // At least eight padding bytes, and exactly the expected message length.
    good &= !zero_index.ct_lt(&10);
    good &= zero_index.ct_eq(&((k - expected_len - 1) as u32));
    let message = &em[k - expected_len..];
    Zeroizing::new(
        message
            .iter()
            .zip(synthetic.iter())
            .map(|(m, s)| u8::conditional_select(s, m, good))
            .collect(),
    )
}

/// EMSA-PKCS1-v1_5 encoding (RFC 8017 section 9.2) of a DigestInfo for a `k`-byte modulus.
pub(crate) fn emsa_pkcs1v15(digest_info: &[u8], k: usize) -> Option<Vec<u8>> {
    if k < digest_info.len() + 11 {
        return None;
    }
    let mut em = vec![0xffu8; k];
    em[0] = 0;
    em[1] = 1;
    em[k - digest_info.len() - 1] = 0;
    em[k - digest_info.len()..].copy_from_slice(digest_info);
    Some(em)
}

/// EMSA-PSS encoding (RFC 8017 section 9.1.1) of `digest` with MGF1 over the same hash
/// and a salt of `salt_len` bytes, for a modulus of `mod_bits` bits.
pub(crate) fn emsa_pss(
    hash: HashAlg,
    digest: &[u8],
    salt_len: usize,
    mod_bits: usize,
) -> Option<Vec<u8>> {
    let h_len = hash.output_len();
    let em_bits = mod_bits - 1;
    let em_len = em_bits.div_ceil(8);
    if em_len < h_len + salt_len + 2 {
        return None;
    }
    let mut salt = vec![0u8; salt_len];
    getrandom::fill(&mut salt).ok()?;
    let mut h = Hasher::new(hash);
    h.update(&[0u8; 8]);
    h.update(digest);
    h.update(&salt);
    let m_hash = h.finalize();
    let db_len = em_len - h_len - 1;
    let mut db = vec![0u8; db_len];
    db[db_len - salt_len - 1] = 1;
    db[db_len - salt_len..].copy_from_slice(&salt);
    let mask = mgf1(hash, &m_hash, db_len);
    for (d, m) in db.iter_mut().zip(mask.iter()) {
        *d ^= m;
    }
    db[0] &= 0xff >> (8 * em_len - em_bits);
    let mut em = db;
    em.extend_from_slice(&m_hash);
    em.push(0xbc);
    // A raw RSA input is as long as the modulus: a leading zero when em_len is shorter.
    let k = mod_bits.div_ceil(8);
    let mut out = vec![0u8; k - em_len];
    out.extend_from_slice(&em);
    Some(out)
}

/// Left-pads a token's raw RSA output to the modulus length (tokens may strip zeros).
pub(crate) fn to_modulus_len(mut raw: Vec<u8>, k: usize) -> Option<Zeroizing<Vec<u8>>> {
    if raw.len() > k {
        return None;
    }
    let mut out = Zeroizing::new(vec![0u8; k - raw.len()]);
    out.extend_from_slice(&raw);
    zeroize::Zeroize::zeroize(&mut raw);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::hazmat::rsa_encrypt;
    use rsa::traits::PublicKeyParts;
    use rsa::{BoxedUint, Oaep, Pkcs1v15Encrypt};

    fn key() -> rsa::PrivateKey {
        use rsa::pkcs1::DecodeRsaPrivateKey;
        rsa::PrivateKey::from_pkcs1_der(&hex::decode(TEST_KEY.trim()).unwrap()).unwrap()
    }

    /// Raw RSA decryption in software, as a token's CKM_RSA_X_509 does.
    fn raw_decrypt(key: &rsa::PrivateKey, c: &[u8]) -> Vec<u8> {
        let c = BoxedUint::from_be_slice(c, key.n().bits_precision()).unwrap();
        let m = rsa::hazmat::rsa_decrypt_and_check::<rand_core::UnwrapErr<getrandom::SysRng>>(
            key, None, &c,
        )
        .unwrap();
        m.to_be_bytes_trimmed_vartime().to_vec()
    }

    #[test]
    fn oaep_decodes_what_rsa_encrypts_with_each_hash() {
        let key = key();
        let k = key.size();
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        for (hash, c) in [
            (
                HashAlg::Sha1,
                key.to_public_key()
                    .encrypt(&mut rng, Oaep::<sha1::Sha1>::new(), b"content key")
                    .unwrap(),
            ),
            (
                HashAlg::Sha256,
                key.to_public_key()
                    .encrypt(&mut rng, Oaep::<sha2::Sha256>::new(), b"content key")
                    .unwrap(),
            ),
        ] {
            let em = to_modulus_len(raw_decrypt(&key, &c), k).unwrap();
            assert_eq!(
                oaep_decode(hash, hash, b"", &em).unwrap().as_slice(),
                b"content key"
            );
            assert!(oaep_decode(hash, hash, b"label", &em).is_none());
            let mut bad = em.to_vec();
            bad[0] = 1;
            assert!(oaep_decode(hash, hash, b"", &bad).is_none());
        }
    }

    #[test]
    fn pkcs1v15_returns_the_key_when_the_padding_is_good() {
        let key = key();
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        let c = key
            .to_public_key()
            .encrypt(&mut rng, Pkcs1v15Encrypt, &[9u8; 32])
            .unwrap();
        let em = to_modulus_len(raw_decrypt(&key, &c), key.size()).unwrap();
        assert_eq!(
            pkcs1v15_decode_implicit(&em, &[5u8; 32], 32).as_slice(),
            &[9u8; 32]
        );
    }

    #[test]
    fn pkcs1v15_bad_padding_or_length_gives_the_synthetic_key() {
        let key = key();
        let k = key.size();
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        let c = key
            .to_public_key()
            .encrypt(&mut rng, Pkcs1v15Encrypt, &[9u8; 16])
            .unwrap();
        let em = to_modulus_len(raw_decrypt(&key, &c), k).unwrap();
        // A 16-byte key where a 32-byte one is expected: rejected, implicitly.
        assert_eq!(
            pkcs1v15_decode_implicit(&em, &[5u8; 32], 32).as_slice(),
            &[5u8; 32]
        );
        // A ciphertext that is not PKCS#1 at all.
        let m = BoxedUint::from_be_slice(&[0x42u8; 200], key.n().bits_precision()).unwrap();
        let forged = rsa_encrypt(&key.to_public_key(), &m)
            .unwrap()
            .to_be_bytes()
            .to_vec();
        let em = to_modulus_len(raw_decrypt(&key, &forged), k).unwrap();
        assert_eq!(
            pkcs1v15_decode_implicit(&em, &[6u8; 32], 32).as_slice(),
            &[6u8; 32]
        );
    }

    #[test]
    fn pss_encoding_verifies_with_the_rsa_crate_for_every_salt_length() {
        use rsa::signature::hazmat::PrehashVerifier;
        let key = key();
        let bits = key.n().bit_width() as usize;
        let digest = HashAlg::Sha256.digest(b"message");
        // No salt, one as long as the hash, the longest a 2048-bit key holds.
        for salt_len in [0, 32, 222] {
            let em = emsa_pss(HashAlg::Sha256, &digest, salt_len, bits).unwrap();
            let m = BoxedUint::from_be_slice(&em, key.n().bits_precision()).unwrap();
            let sig =
                rsa::hazmat::rsa_decrypt_and_check::<rand_core::UnwrapErr<getrandom::SysRng>>(
                    &key, None, &m,
                )
                .unwrap();
            let sig =
                to_modulus_len(sig.to_be_bytes_trimmed_vartime().to_vec(), key.size()).unwrap();
            let sig = rsa::pss::Signature::try_from(sig.as_slice()).unwrap();
            rsa::pss::VerifyingKey::<sha2::Sha256>::new_with_salt_len(
                key.to_public_key(),
                salt_len,
            )
            .verify_prehash(&digest, &sig)
            .unwrap();
        }
        assert!(emsa_pss(HashAlg::Sha256, &digest, 223, bits).is_none());
    }

    #[test]
    fn pkcs1v15_signature_encoding_verifies_with_the_rsa_crate() {
        let key = key();
        let digest = HashAlg::Sha384.digest(b"message");
        let em = emsa_pkcs1v15(&HashAlg::Sha384.digest_info(&digest), key.size()).unwrap();
        let m = BoxedUint::from_be_slice(&em, key.n().bits_precision()).unwrap();
        let sig = rsa::hazmat::rsa_decrypt_and_check::<rand_core::UnwrapErr<getrandom::SysRng>>(
            &key, None, &m,
        )
        .unwrap();
        let sig = to_modulus_len(sig.to_be_bytes_trimmed_vartime().to_vec(), key.size()).unwrap();
        key.to_public_key()
            .pkcs1v15_verify_prehash::<sha2::Sha384>(&digest, &sig)
            .unwrap();
    }

    /// A 2048-bit RSA test key (PKCS#1 DER in hex), made for these tests with
    /// `openssl genpkey -algorithm RSA -outform DER | xxd -p`.
    const TEST_KEY: &str = include_str!("../../tests/data/rsa2048-test-key.hex");
}
