//! The streaming CMS pieces against the real OpenSSL 3.0 CLI, both ways: the BER that
//! `openssl cms` writes (with and without `-stream`) walked by `BerReader` and its
//! content decrypted by our ciphers; what `ber_writer` frames around our ciphers
//! decrypted by `openssl cms`; AES-CBC against `openssl enc`; the X9.63 KDF against
//! `openssl kdf`.
//!
//! Content keys travel in KEKRecipientInfos (`-secretkey`), so that both sides know them.

mod common;

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::process::{Command, Stdio};

use common::Epct;
use common::openssl::{noise, openssl_with_input as openssl};
use der::asn1::{ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use epct::cms::ber_reader::{BerReader, Tag};
use epct::cms::ber_writer::{
    OctetStringWriter, write_end_of_contents, write_header, write_indefinite_header,
};
use epct::cms::cbc::{CbcDecryptor, CbcEncryptor};
use epct::cms::gcm::{GcmDecryptor, GcmEncryptor, GcmError};
use epct::cms::kdf::{KdfHash, aes_key_unwrap, aes_key_wrap, x963_kdf};
use epct::oids::{
    ID_AES_256_CBC, ID_AES_256_GCM, ID_AES_256_WRAP, ID_CT_AUTH_ENVELOPED_DATA, ID_DATA,
    ID_ENVELOPED_DATA, ID_SIGNED_DATA,
};

/// The content key both sides share, and its KEKRecipientInfo key identifier.
const KEK: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
const KEK_ID: &str = "01";

/// A test world with a throwaway self-signed RSA certificate and key, `rsa.pem` and
/// `rsa.key`.
fn pki() -> Epct {
    let env = Epct::new();
    env.software_key("rsa", "rsa:2048");
    env
}

fn read_oid<R: Read>(r: &mut BerReader<R>) -> ObjectIdentifier {
    ObjectIdentifier::from_der(&r.read_element_bytes(64).unwrap()).unwrap()
}

fn read_u8<R: Read>(r: &mut BerReader<R>) -> u8 {
    u8::from_der(&r.read_element_bytes(16).unwrap()).unwrap()
}

fn read_octets<R: Read>(r: &mut BerReader<R>, tag: Tag) -> Vec<u8> {
    let mut out = Vec::new();
    r.octet_string(tag).unwrap().read_to_end(&mut out).unwrap();
    out
}

/// The content key inside the KEKRecipientInfo among `recipient_infos`.
fn unwrap_kek_recipient(recipient_infos: &[u8]) -> Vec<u8> {
    let mut r = BerReader::new(recipient_infos);
    r.enter(Tag::SET).unwrap();
    while !r.next_is(Tag::context(2)).unwrap() {
        r.skip_element().unwrap();
    }
    r.enter(Tag::context(2)).unwrap();
    assert_eq!(read_u8(&mut r), 4);
    r.enter(Tag::SEQUENCE).unwrap();
    assert_eq!(
        read_octets(&mut r, Tag::OCTET_STRING),
        hex::decode(KEK_ID).unwrap()
    );
    r.expect_end().unwrap();
    r.enter(Tag::SEQUENCE).unwrap();
    assert_eq!(read_oid(&mut r), ID_AES_256_WRAP);
    r.expect_end().unwrap();
    let wrapped = read_octets(&mut r, Tag::OCTET_STRING);
    r.expect_end().unwrap();
    aes_key_unwrap(&hex::decode(KEK).unwrap(), &wrapped)
        .unwrap()
        .to_vec()
}

/// Walks a whole EnvelopedData or AuthEnvelopedData ContentInfo, streams its encrypted
/// content through our decryptor, and returns the plaintext (authenticated for GCM), or
/// the decryptor's verdict against it.
fn open_envelope<R: Read>(input: R) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut r = BerReader::new(input);
    r.enter(Tag::SEQUENCE).unwrap();
    let gcm = match read_oid(&mut r) {
        oid if oid == ID_CT_AUTH_ENVELOPED_DATA => true,
        oid if oid == ID_ENVELOPED_DATA => false,
        oid => panic!("not an envelope: {oid}"),
    };
    r.enter(Tag::context(0)).unwrap();
    r.enter(Tag::SEQUENCE).unwrap();
    read_u8(&mut r);
    if r.next_is(Tag::context(0)).unwrap() {
        r.skip_element().unwrap();
    }
    let key = unwrap_kek_recipient(&r.read_element_bytes(1 << 16).unwrap());
    r.enter(Tag::SEQUENCE).unwrap();
    assert_eq!(read_oid(&mut r), ID_DATA);
    let algorithm = r.read_element_bytes(256).unwrap();
    let mut a = BerReader::new(&algorithm[..]);
    a.enter(Tag::SEQUENCE).unwrap();
    let alg = read_oid(&mut a);
    let mut content = Vec::new();
    let mut ciphertext = Vec::new();
    if gcm {
        assert_eq!(alg, ID_AES_256_GCM);
        a.enter(Tag::SEQUENCE).unwrap();
        let nonce = read_octets(&mut a, Tag::OCTET_STRING);
        let icv_len = if a.at_end().unwrap() {
            12
        } else {
            read_u8(&mut a)
        };
        let mut dec = GcmDecryptor::new(&key, &nonce, b"").unwrap();
        let mut encrypted = r.octet_string(Tag::context(0)).unwrap();
        let mut buf = vec![0u8; 5000];
        loop {
            let n = encrypted.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            ciphertext.extend_from_slice(&buf[..n]);
            dec.decrypt_in_place(&mut buf[..n]).unwrap();
            content.extend_from_slice(&buf[..n]);
        }
        r.expect_end().unwrap();
        if r.next_is(Tag::context(1)).unwrap() {
            r.skip_element().unwrap();
        }
        let tag = read_octets(&mut r, Tag::OCTET_STRING);
        assert_eq!(tag.len(), usize::from(icv_len));
        dec.finish(&tag)?;
    } else {
        assert_eq!(alg, ID_AES_256_CBC);
        let iv = read_octets(&mut a, Tag::OCTET_STRING);
        let mut dec = CbcDecryptor::new(&key, &iv).unwrap();
        let mut encrypted = r.octet_string(Tag::context(0)).unwrap();
        let mut buf = vec![0u8; 5000];
        loop {
            let n = encrypted.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            ciphertext.extend_from_slice(&buf[..n]);
            dec.update(&buf[..n], &mut content);
        }
        dec.finish(&mut content)?;
        r.expect_end().unwrap();
    }
    while !r.at_end().unwrap() {
        r.skip_element().unwrap();
    }
    for _ in 0..3 {
        r.expect_end().unwrap();
    }
    assert!(r.at_end().unwrap(), "nothing after the ContentInfo");
    Ok(content)
}

#[test]
fn walks_and_decrypts_what_openssl_cms_encrypts() {
    let pki = pki();
    let dir = pki.dir();
    for (size, seed) in [(0, 1), (1, 2), (10_000, 3), (200_003, 4)] {
        let data = noise(size, seed);
        std::fs::write(dir.join("data"), &data).unwrap();
        for cipher in ["-aes-256-cbc", "-aes-256-gcm"] {
            // OpenSSL 3.0 fails to stream empty content with GCM ("Error writing CMS
            // output").
            for stream in [size > 0 || cipher == "-aes-256-cbc", false] {
                let mut args = vec!["cms", "-encrypt", "-binary", cipher, "-in", "data"];
                if stream {
                    args.push("-stream");
                }
                args.extend(["-secretkey", KEK, "-secretkeyid", KEK_ID]);
                args.extend(["-outform", "DER", "-out", "env.p7m", "rsa.pem"]);
                openssl(dir, &args, b"");
                let file = BufReader::new(File::open(dir.join("env.p7m")).unwrap());
                let content = open_envelope(file).unwrap();
                assert!(content == data, "{size} bytes, {cipher}, stream {stream}");
                let by_openssl = openssl(
                    dir,
                    &[
                        "cms",
                        "-decrypt",
                        "-binary",
                        "-inform",
                        "DER",
                        "-in",
                        "env.p7m",
                        "-secretkey",
                        KEK,
                        "-secretkeyid",
                        KEK_ID,
                    ],
                    b"",
                );
                assert!(by_openssl == content);
            }
        }
    }
}

#[test]
fn streams_the_encapsulated_content_of_openssl_signed_data() {
    let pki = pki();
    let dir = pki.dir();
    let cert = openssl(dir, &["x509", "-in", "rsa.pem", "-outform", "DER"], b"");
    for (size, seed) in [(0, 5), (1, 6), (100_000, 7)] {
        let data = noise(size, seed);
        std::fs::write(dir.join("data"), &data).unwrap();
        // OpenSSL 3.0 fails to stream-sign empty content ("Error writing CMS output").
        for stream in [size > 0, false] {
            let mut args = vec!["cms", "-sign", "-nodetach", "-binary", "-in", "data"];
            args.extend(["-signer", "rsa.pem", "-inkey", "rsa.key"]);
            args.extend(["-outform", "DER", "-out", "signed.p7m"]);
            if stream {
                args.push("-stream");
            }
            openssl(dir, &args, b"");
            let mut r = BerReader::new(BufReader::new(File::open(dir.join("signed.p7m")).unwrap()));
            r.enter(Tag::SEQUENCE).unwrap();
            assert_eq!(read_oid(&mut r), ID_SIGNED_DATA);
            r.enter(Tag::context(0)).unwrap();
            r.enter(Tag::SEQUENCE).unwrap();
            assert_eq!(read_u8(&mut r), 1);
            r.read_element_bytes(1024).unwrap();
            r.enter(Tag::SEQUENCE).unwrap();
            assert_eq!(read_oid(&mut r), ID_DATA);
            r.enter(Tag::context(0)).unwrap();
            let content = read_octets(&mut r, Tag::OCTET_STRING);
            assert!(content == data, "{size} bytes, stream {stream}");
            r.expect_end().unwrap();
            r.expect_end().unwrap();
            let certificates = r.read_element_bytes(1 << 16).unwrap();
            let mut c = BerReader::new(&certificates[..]);
            c.enter(Tag::context(0)).unwrap();
            assert_eq!(c.read_element_bytes(1 << 16).unwrap(), cert);
            c.expect_end().unwrap();
            assert!(!r.next_is(Tag::context(1)).unwrap());
            assert_eq!(r.peek_header().unwrap().tag, Tag::SET);
            r.skip_element().unwrap();
            for _ in 0..3 {
                r.expect_end().unwrap();
            }
            assert!(r.at_end().unwrap());
        }
    }
}

/// A definite-length element around `content`.
fn tlv(tag: Tag, constructed: bool, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    write_header(&mut out, tag, constructed, content.len() as u64).unwrap();
    out.extend_from_slice(content);
    out
}

fn der<T: Encode>(value: T) -> Vec<u8> {
    value.to_der().unwrap()
}

/// An EnvelopedData (AES-256-CBC) or AuthEnvelopedData (AES-256-GCM) of `data` for the
/// shared KEK, framed by `ber_writer` with `segment` bytes per OCTET STRING segment and
/// encrypted in pieces of `piece` bytes.
fn seal(data: &[u8], gcm: bool, segment: usize, piece: usize) -> Vec<u8> {
    let content_key = noise(32, 7);
    let iv = noise(if gcm { 12 } else { 16 }, 8);
    let wrapped = aes_key_wrap(&hex::decode(KEK).unwrap(), &content_key).unwrap();
    let kekri = tlv(
        Tag::context(2),
        true,
        &[
            der(4u8),
            tlv(
                Tag::SEQUENCE,
                true,
                &der(OctetString::new(hex::decode(KEK_ID).unwrap()).unwrap()),
            ),
            tlv(Tag::SEQUENCE, true, &der(ID_AES_256_WRAP)),
            der(OctetString::new(wrapped).unwrap()),
        ]
        .concat(),
    );
    let algorithm = if gcm {
        let params = [der(OctetString::new(iv.clone()).unwrap()), der(16u8)].concat();
        tlv(
            Tag::SEQUENCE,
            true,
            &[der(ID_AES_256_GCM), tlv(Tag::SEQUENCE, true, &params)].concat(),
        )
    } else {
        tlv(
            Tag::SEQUENCE,
            true,
            &[
                der(ID_AES_256_CBC),
                der(OctetString::new(iv.clone()).unwrap()),
            ]
            .concat(),
        )
    };

    let mut out = Vec::new();
    write_indefinite_header(&mut out, Tag::SEQUENCE).unwrap();
    out.extend(der(if gcm {
        ID_CT_AUTH_ENVELOPED_DATA
    } else {
        ID_ENVELOPED_DATA
    }));
    write_indefinite_header(&mut out, Tag::context(0)).unwrap();
    write_indefinite_header(&mut out, Tag::SEQUENCE).unwrap();
    out.extend(der(if gcm { 0u8 } else { 2u8 }));
    out.extend(tlv(Tag::SET, true, &kekri));
    write_indefinite_header(&mut out, Tag::SEQUENCE).unwrap();
    out.extend(der(ID_DATA));
    out.extend(algorithm);
    let segment = std::num::NonZeroUsize::new(segment).unwrap();
    let mut w = OctetStringWriter::with_segment_size(out, Tag::context(0), segment).unwrap();
    let mut tag = None;
    if gcm {
        let mut enc = GcmEncryptor::new(&content_key, &iv, b"").unwrap();
        for chunk in data.chunks(piece) {
            let mut chunk = chunk.to_vec();
            enc.encrypt_in_place(&mut chunk).unwrap();
            w.write_all(&chunk).unwrap();
        }
        tag = Some(enc.finish());
    } else {
        let mut enc = CbcEncryptor::new(&content_key, &iv).unwrap();
        let mut ct = Vec::new();
        for chunk in data.chunks(piece) {
            ct.clear();
            enc.update(chunk, &mut ct);
            w.write_all(&ct).unwrap();
        }
        ct.clear();
        enc.finish(&mut ct);
        w.write_all(&ct).unwrap();
    }
    let mut out = w.finish().unwrap();
    write_end_of_contents(&mut out).unwrap();
    if let Some(tag) = tag {
        out.extend(der(OctetString::new(&tag[..]).unwrap()));
    }
    for _ in 0..3 {
        write_end_of_contents(&mut out).unwrap();
    }
    out
}

#[test]
fn openssl_decrypts_what_ber_writer_frames() {
    let env = Epct::new();
    let dir = env.dir();
    for (size, segment, piece) in [
        (0, 64 * 1024, 1),
        (1, 3, 1),
        (70_000, 64 * 1024, 4096),
        (100_001, 1000, 777),
    ] {
        let data = noise(size, size as u64);
        for gcm in [false, true] {
            let sealed = seal(&data, gcm, segment, piece);
            std::fs::write(dir.join("sealed.p7m"), &sealed).unwrap();
            openssl(
                dir,
                &["asn1parse", "-inform", "DER", "-in", "sealed.p7m", "-i"],
                b"",
            );
            let by_openssl = openssl(
                dir,
                &[
                    "cms",
                    "-decrypt",
                    "-binary",
                    "-inform",
                    "DER",
                    "-in",
                    "sealed.p7m",
                    "-secretkey",
                    KEK,
                    "-secretkeyid",
                    KEK_ID,
                ],
                b"",
            );
            assert!(
                by_openssl == data,
                "{size} bytes, gcm {gcm}, segment {segment}"
            );
            assert!(open_envelope(&sealed[..]).unwrap() == data);
        }
    }
}

#[test]
fn openssl_refuses_a_tampered_gcm_envelope_and_so_do_we() {
    let env = Epct::new();
    let mut sealed = seal(&noise(5000, 9), true, 1024, 1000);
    let len = sealed.len();
    // The last byte of the tag, before the three end-of-contents markers.
    sealed[len - 7] ^= 1;
    std::fs::write(env.dir().join("sealed.p7m"), &sealed).unwrap();
    let status = Command::new("openssl")
        .args([
            "cms",
            "-decrypt",
            "-binary",
            "-inform",
            "DER",
            "-in",
            "sealed.p7m",
        ])
        .args(["-secretkey", KEK, "-secretkeyid", KEK_ID, "-out", "plain"])
        .current_dir(env.dir())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success());
    let err = open_envelope(&sealed[..]).unwrap_err();
    assert_eq!(err.downcast_ref(), Some(&GcmError::TagMismatch));
}

#[test]
fn cbc_matches_openssl_enc_both_ways() {
    let env = Epct::new();
    for (key_len, name) in [
        (16, "-aes-128-cbc"),
        (24, "-aes-192-cbc"),
        (32, "-aes-256-cbc"),
    ] {
        for (i, size) in [
            0usize, 1, 15, 16, 17, 31, 32, 33, 1000, 4096, 65_537, 99_999,
        ]
        .into_iter()
        .enumerate()
        {
            let seed = (key_len * 100 + i) as u64;
            let key = noise(key_len, seed);
            let iv = noise(16, seed + 1);
            let data = noise(size, seed + 2);
            let by_openssl = openssl(
                env.dir(),
                &[
                    "enc",
                    name,
                    "-K",
                    &hex::encode(&key),
                    "-iv",
                    &hex::encode(&iv),
                ],
                &data,
            );
            let mut ours = Vec::new();
            let mut enc = CbcEncryptor::new(&key, &iv).unwrap();
            for piece in data.chunks(1 + size / 3) {
                enc.update(piece, &mut ours);
            }
            enc.finish(&mut ours);
            assert!(ours == by_openssl, "{name}, {size} bytes");
            let back = openssl(
                env.dir(),
                &[
                    "enc",
                    "-d",
                    name,
                    "-K",
                    &hex::encode(&key),
                    "-iv",
                    &hex::encode(&iv),
                ],
                &ours,
            );
            assert!(back == data);
            let mut plain = Vec::new();
            let mut dec = CbcDecryptor::new(&key, &iv).unwrap();
            for piece in by_openssl.chunks(7) {
                dec.update(piece, &mut plain);
            }
            dec.finish(&mut plain).unwrap();
            assert!(plain == data);
        }
    }
}

#[test]
fn x963_kdf_matches_openssl_kdf() {
    let env = Epct::new();
    let hashes = [
        (KdfHash::Sha1, "SHA1"),
        (KdfHash::Sha224, "SHA224"),
        (KdfHash::Sha256, "SHA256"),
        (KdfHash::Sha384, "SHA384"),
        (KdfHash::Sha512, "SHA512"),
    ];
    for (i, (hash, name)) in hashes.into_iter().enumerate() {
        for (secret_len, info_len, out_len) in [(32, 0, 16), (48, 23, 32), (66, 70, 100)] {
            let secret = noise(secret_len, i as u64);
            let info = noise(info_len, 100 + i as u64);
            let keylen = out_len.to_string();
            let digest = format!("digest:{name}");
            let hexsecret = format!("hexsecret:{}", hex::encode(&secret));
            let hexinfo = format!("hexinfo:{}", hex::encode(&info));
            let mut args = vec!["kdf", "-keylen", &keylen, "-kdfopt", &digest];
            args.extend(["-kdfopt", &hexsecret]);
            if info_len > 0 {
                args.extend(["-kdfopt", &hexinfo]);
            }
            args.push("X963KDF");
            let printed = openssl(env.dir(), &args, b"");
            let expected =
                hex::decode(String::from_utf8(printed).unwrap().trim().replace(':', "")).unwrap();
            let ours = x963_kdf(hash, &secret, &info, out_len).unwrap();
            assert_eq!(*ours, expected, "{name}, {secret_len}/{info_len}/{out_len}");
        }
    }
}
