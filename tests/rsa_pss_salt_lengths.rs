//! RSA-PSS with every salt length that fits the key: files signed by the real `openssl
//! cms -sign` with RSA-2048, -3072 and -4096, SHA-256, -384 and -512, and the longest
//! salt (OpenSSL's default), one as long as the digest, and none, each verified by
//! `epct verify`; parameters that epct refuses (MGF1 over another hash, a salt that the
//! key cannot hold, a changed salt length) with the signer still named; and the
//! signatures epct makes (salt as long as the hash) verified by OpenSSL.

mod common;

use std::fs;

use common::*;

const CONTENT: &[u8] = b"voter;Dupont;Marie;1980-02-29\n";

fn hash_len(md: &str) -> usize {
    match md {
        "sha256" => 32,
        "sha384" => 48,
        _ => 64,
    }
}

/// Signs `in.txt` with the software key `name` by `openssl cms -sign` with PSS and
/// these extra options, into `out`.
fn openssl_pss_sign(env: &Epct, name: &str, md: &str, extra: &[&str], out: &str) {
    let mut args = vec![
        "cms",
        "-sign",
        "-binary",
        "-nodetach",
        "-md",
        md,
        "-in",
        "in.txt",
        "-outform",
        "DER",
        "-out",
        out,
    ];
    let cert = format!("{name}.pem");
    let key = format!("{name}.key");
    args.extend(["-signer", &cert, "-inkey", &key]);
    args.extend(["-keyopt", "rsa_padding_mode:pss"]);
    args.extend(extra);
    openssl(env.dir(), &args);
}

fn verify_json(env: &Epct, file: &str) -> std::process::Output {
    env.epct_without_pin()
        .args(["--json", "verify", "--no-trust-check", file])
        .output()
        .unwrap()
}

#[test]
fn openssl_pss_signatures_verify_for_every_size_hash_and_salt() {
    let env = Epct::new();
    env.file("in.txt", CONTENT);
    for bits in [2048usize, 3072, 4096] {
        let name = format!("pss-{bits}");
        env.software_key(&name, &format!("rsa:{bits}"));
        let em_len = (bits - 1).div_ceil(8);
        for md in ["sha256", "sha384", "sha512"] {
            let max = em_len - hash_len(md) - 2;
            // OpenSSL's default salt is the longest that fits: 350 for RSA-3072 with
            // SHA-256, 478 for RSA-4096.
            for (salt_opt, salt) in [
                (None, max),
                (Some("rsa_pss_saltlen:digest"), hash_len(md)),
                (Some("rsa_pss_saltlen:0"), 0),
                (Some("rsa_pss_saltlen:1"), 1),
            ] {
                let file = format!("{bits}-{md}-{salt}.p7s");
                let extra: Vec<&str> = salt_opt.iter().flat_map(|o| ["-keyopt", o]).collect();
                openssl_pss_sign(&env, &name, md, &extra, &file);
                let out = verify_json(&env, &file);
                assert!(
                    out.status.success(),
                    "{file}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let signer = &parse_json(&out)["signers"][0];
                assert_eq!(signer["intact"], true, "{file}");
                assert_eq!(signer["certificate"]["subject"], format!("CN={name}"));
                let algorithm = &signer["signature_algorithm"];
                assert_eq!(algorithm["name"], format!("rsa-pss-{md}"), "{file}");
                assert_eq!(algorithm["oid"], "1.2.840.113549.1.1.10", "{file}");
                assert_eq!(algorithm["salt_length"], salt, "{file}");
            }
        }
    }
}

#[test]
fn the_text_verdict_names_a_salt_other_than_the_hash_length() {
    let env = Epct::new();
    env.file("in.txt", CONTENT);
    env.software_key("pss", "rsa:3072");
    openssl_pss_sign(&env, "pss", "sha256", &[], "max.p7s");
    let out = env
        .epct_without_pin()
        .args(["verify", "--no-trust-check", "max.p7s"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("signer: CN=pss"), "{text}");
    assert!(
        text.contains("signature: RSA-PSS with SHA-256, salt of 350 bytes"),
        "{text}"
    );
    assert!(text.contains("integrity: intact"), "{text}");
}

/// The offset of the only occurrence of `needle` in `haystack`.
fn find_once(haystack: &[u8], needle: &[u8]) -> usize {
    let hits: Vec<usize> = haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(hits.len(), 1, "{needle:02x?} once");
    hits[0]
}

#[test]
fn refused_parameters_still_name_the_signer() {
    let env = Epct::new();
    env.file("in.txt", CONTENT);
    env.software_key("pss", "rsa:3072");
    // MGF1 over SHA-1 under a SHA-256 signature: well defined, but not what signature
    // profiles allow; refused with its own reason.
    openssl_pss_sign(
        &env,
        "pss",
        "sha256",
        &["-keyopt", "rsa_mgf1_md:sha1"],
        "mgf-sha1.p7s",
    );
    // The declared salt (350 = 0x015e, "a2 04 02 02 01 5e") changed: to 349, which the
    // signature does not have, and to 0x7fff, which no 3072-bit key holds.
    openssl_pss_sign(&env, "pss", "sha256", &[], "max.p7s");
    let signed = fs::read(env.path("max.p7s")).unwrap();
    let at = find_once(&signed, &[0xa2, 0x04, 0x02, 0x02, 0x01, 0x5e]) + 4;
    let mut shorter = signed.clone();
    shorter[at..at + 2].copy_from_slice(&[0x01, 0x5d]);
    env.file("salt-349.p7s", shorter);
    let mut too_long = signed;
    too_long[at..at + 2].copy_from_slice(&[0x7f, 0xff]);
    env.file("salt-32767.p7s", too_long);
    for (file, problem) in [
        (
            "mgf-sha1.p7s",
            "RSA-PSS with SHA-256 and MGF1 over SHA-1 is not supported",
        ),
        ("salt-349.p7s", "does not verify"),
        (
            "salt-32767.p7s",
            "the RSA-PSS salt of 32767 bytes does not fit a 3072-bit key with SHA-256 (at most 350 bytes)",
        ),
    ] {
        let out = verify_json(&env, file);
        assert_eq!(
            out.status.code(),
            Some(status(ExitCode::Verification)),
            "{file}"
        );
        assert!(one_line_error(&out.stderr).contains(problem), "{file}");
        let signer = &parse_json(&out)["signers"][0];
        assert_eq!(signer["intact"], false, "{file}");
        assert!(
            signer["problem"].as_str().unwrap().contains(problem),
            "{file}"
        );
        assert_eq!(signer["certificate"]["subject"], "CN=pss", "{file}");
        let text = env
            .epct_without_pin()
            .args(["verify", "--no-trust-check", file])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("signer: CN=pss"), "{file}: {text}");
        assert!(!text.contains("unknown"), "{file}: {text}");
    }
    // --out was not given, so there is nothing to leave behind; with it, nothing is.
    env.epct_without_pin()
        .args([
            "verify",
            "--no-trust-check",
            "salt-349.p7s",
            "--out",
            "content.txt",
        ])
        .exits(ExitCode::Verification);
    env.nothing_left_behind("content.txt");
}

#[test]
fn openssl_verifies_the_pss_signatures_epct_makes_with_every_size_and_hash() {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "BE");
    env.file("in.txt", CONTENT);
    let ca_cert = ca.cert.display().to_string();
    for bits in [2048, 3072, 4096] {
        let label = format!("rsa{bits}");
        env.certified_key("BE", &label, &label, &ca);
        for md in ["sha256", "sha384", "sha512"] {
            let file = format!("epct-{bits}-{md}.p7s");
            env.epct()
                .args([
                    "--token", "BE", "sign", "in.txt", "--key", &label, "--out", &file,
                ])
                .args(["--signature-algorithm", &format!("rsa-pss-{md}")])
                .assert()
                .success();
            let printed = openssl(
                env.dir(),
                &["cms", "-cmsout", "-print", "-inform", "DER", "-in", &file],
            );
            let printed = String::from_utf8_lossy(&printed.stdout);
            assert!(
                printed.contains(&format!("INTEGER           :{:02X}", hash_len(md))),
                "the salt is as long as the hash: {printed}"
            );
            let out = format!("{file}.out");
            openssl(
                env.dir(),
                &[
                    "cms", "-verify", "-binary", "-inform", "DER", "-in", &file, "-CAfile",
                    &ca_cert, "-purpose", "any", "-out", &out,
                ],
            );
            assert_eq!(fs::read(env.path(&out)).unwrap(), CONTENT, "{file}");
            let verified = verify_json(&env, &file);
            assert!(verified.status.success(), "{file}: {verified:?}");
            let algorithm = &parse_json(&verified)["signers"][0]["signature_algorithm"];
            assert_eq!(algorithm["salt_length"], hash_len(md), "{file}");
        }
    }
}
