//! Issue 9 point 7: every count and size that a file's author sets is bounded before
//! any work: a SignedData with 50,000 SignerInfos, or a 64 MiB certificate set, is
//! refused at once with the limit named (peak memory: scripts/bench-rejection.sh).

mod common;

use std::time::{Duration, Instant};

use common::*;

/// A DER header for `tag` and `len` content bytes.
fn header(tag: u8, len: usize) -> Vec<u8> {
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = header(tag, content.len());
    out.extend_from_slice(content);
    out
}

/// A SignedData ContentInfo framed by hand: `certificates` (the [0] set's content) and
/// `signer_infos` (the SET's content).
fn signed_data(certificates: Option<&[u8]>, signer_infos: &[u8]) -> Vec<u8> {
    let sha256 = tlv(
        0x30,
        &[
            tlv(
                0x06,
                &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01],
            ),
            vec![0x05, 0x00],
        ]
        .concat(),
    );
    let id_data = tlv(
        0x06,
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01],
    );
    let content = tlv(0xa0, &tlv(0x04, b"voter;Dupont"));
    let mut body = tlv(0x02, &[1]);
    body.extend(tlv(0x31, &sha256));
    body.extend(tlv(0x30, &[id_data, content].concat()));
    if let Some(certs) = certificates {
        body.extend(tlv(0xa0, certs));
    }
    body.extend(tlv(0x31, signer_infos));
    let id_signed = tlv(
        0x06,
        &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02],
    );
    tlv(0x30, &[id_signed, tlv(0xa0, &tlv(0x30, &body))].concat())
}

/// A small, invalid SignerInfo (issuer and serial of nobody, a zero signature).
fn signer_info() -> Vec<u8> {
    let sid = tlv(0x30, &[tlv(0x30, &[]), tlv(0x02, &[1])].concat());
    let sha256 = tlv(
        0x30,
        &[tlv(
            0x06,
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01],
        )]
        .concat(),
    );
    let rsa = tlv(
        0x30,
        &[
            tlv(
                0x06,
                &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
            ),
            vec![0x05, 0x00],
        ]
        .concat(),
    );
    tlv(
        0x30,
        &[tlv(0x02, &[1]), sid, sha256, rsa, tlv(0x04, &[0u8; 256])].concat(),
    )
}

fn verify_refuses(env: &Epct, file: &str, text: &str) {
    let started = Instant::now();
    env.epct_without_pin()
        .args(["verify", file, "--no-trust-check", "--out", "out.csv"])
        .fails(ExitCode::Failure, text);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    env.nothing_left_behind("out.csv");
}

#[test]
fn fifty_thousand_signer_infos_are_refused_at_once_naming_the_limit() {
    let env = Epct::new();
    let many = signer_info().repeat(50_000);
    env.file("many.p7m", signed_data(None, &many));
    verify_refuses(&env, "many.p7m", "more than 16 signers");
}

#[test]
fn a_64_mib_certificate_set_is_refused_naming_the_limit() {
    let env = Epct::new();
    // One huge certificate; then many small entries (of a choice epct skips), 64 MiB
    // in all.
    let huge = tlv(0x30, &vec![0u8; 64 << 20]);
    env.file("huge.p7m", signed_data(Some(&huge), &signer_info()));
    verify_refuses(
        &env,
        "huge.p7m",
        "a certificate in the file is larger than 65536 bytes",
    );
    let small = tlv(0xa1, &vec![0u8; 1000]).repeat((64 << 20) / 1004);
    env.file("set.p7m", signed_data(Some(&small), &signer_info()));
    verify_refuses(&env, "set.p7m", "more than 64 certificates");
}
