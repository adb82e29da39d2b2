//! Throughput of content encryption on one core: `cargo bench --bench content_crypto`.
//!
//! Each figure is the best of five runs over 512 MiB fed in 64 KiB chunks, the way
//! sealing and opening feed the ciphers: "memory" takes the chunks out of a 64 MiB
//! buffer (memory traffic as with a real file), "in cache" reuses one chunk (the speed
//! of the code alone). Time is the thread's own CPU time where Linux reports it
//! (/proc/thread-self/schedstat), so that other processes on the machine do not count;
//! wall-clock time elsewhere. SHA-256 is printed as the floor that docs/contract.md
//! section 8 measures against.

use std::time::Instant;

use aes_gcm::aead::consts::U12;
use aes_gcm::{AeadInOut, AesGcm, KeyInit};
use epct::cms::cbc::{CbcDecryptor, CbcEncryptor};
use epct::cms::gcm::{GcmDecryptor, GcmEncryptor};
use sha2::{Digest, Sha256};

const CHUNK: usize = 64 * 1024;
const BUFFER: usize = 64 << 20;
const TOTAL: usize = 512 << 20;
const RUNS: usize = 5;

/// Seconds this thread has run on a CPU, if Linux says.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

/// GB/s of `f` over `TOTAL` bytes of `buf`'s chunks, best of `RUNS`.
fn rate(buf: &mut [u8], f: &mut impl FnMut(&mut [u8])) -> f64 {
    (0..RUNS)
        .map(|_| {
            let (wall, cpu) = (Instant::now(), cpu_seconds());
            for _ in 0..TOTAL / buf.len() {
                for chunk in buf.chunks_mut(CHUNK) {
                    f(chunk);
                }
            }
            let secs = match (cpu, cpu_seconds()) {
                (Some(start), Some(end)) => end - start,
                _ => wall.elapsed().as_secs_f64(),
            };
            TOTAL as f64 / secs / 1e9
        })
        .fold(0.0, f64::max)
}

fn measure(name: &str, buf: &mut [u8], mut f: impl FnMut(&mut [u8])) {
    let memory = rate(buf, &mut f);
    let cached = rate(&mut buf[..CHUNK], &mut f);
    println!("{name:<44} memory {memory:>5.2} GB/s   in cache {cached:>5.2} GB/s");
}

fn main() {
    let key = [0x42u8; 32];
    let nonce = [0x24u8; 12];
    let mut buf = vec![0x5au8; BUFFER];

    let mut enc = GcmEncryptor::new(&key, &nonce, b"").unwrap();
    measure("AES-256-GCM GcmEncryptor", &mut buf, |c| {
        enc.encrypt_in_place(c).unwrap()
    });
    std::hint::black_box(enc.finish());
    let mut dec = GcmDecryptor::new(&key, &nonce, b"").unwrap();
    measure("AES-256-GCM GcmDecryptor", &mut buf, |c| {
        dec.decrypt_in_place(c).unwrap()
    });
    std::hint::black_box(dec.finish(&[0; 16]).is_err());

    let one_shot = AesGcm::<aes::Aes256, U12>::new_from_slice(&key).unwrap();
    measure(
        "AES-256-GCM aes-gcm (one message per chunk)",
        &mut buf,
        |c| {
            std::hint::black_box(
                one_shot
                    .encrypt_inout_detached(&nonce.into(), b"", c.into())
                    .unwrap(),
            );
        },
    );

    let mut out = Vec::with_capacity(CHUNK + 16);
    let mut enc = CbcEncryptor::new(&key, &[0x24; 16]).unwrap();
    measure("AES-256-CBC CbcEncryptor", &mut buf, |c| {
        out.clear();
        enc.update(c, &mut out);
    });
    let mut dec = CbcDecryptor::new(&key, &[0x24; 16]).unwrap();
    measure("AES-256-CBC CbcDecryptor", &mut buf, |c| {
        out.clear();
        dec.update(c, &mut out);
    });

    let mut sha = Sha256::new();
    measure("SHA-256", &mut buf, |c| sha.update(c));
    std::hint::black_box(sha.finalize());
}
