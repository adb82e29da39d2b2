//! Files that are not CMS at all (text, a PDF, random bytes, zeros, an empty file) given
//! to `verify`, `open`, `decrypt` or `inspect`: "not a CMS file", exit 1, nothing
//! written. CMS files of another content type keep their own message and exit code, and
//! so does a certificate (tests/messages_that_mislead.rs).

mod common;

use common::openssl::noise;
use common::*;

const NOT_CMS: &str = "the input is not a CMS file";

/// A token BE with key `be`, and its certificate `be.pem`.
fn world() -> Epct {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "BE");
    env.certified_key("BE", "be", "rsa2048", &ca);
    env
}

/// The four reading commands on `input`, each writing (if it writes) to `out.txt`.
fn readers(env: &Epct, input: &str) -> Vec<(&'static str, assert_cmd::Command)> {
    let mut verify = env.epct();
    verify.args(["verify", input, "--out", "out.txt", "--no-trust-check"]);
    let mut open = env.epct();
    open.args([
        "--token", "BE", "open", input, "--key", "be", "--out", "out.txt",
    ])
    .args(["--no-trust-check", "--any-signer"]);
    let mut decrypt = env.epct();
    decrypt.args([
        "--token", "BE", "decrypt", input, "--key", "be", "--out", "out.txt",
    ]);
    let mut inspect = env.epct();
    inspect.args(["inspect", input]);
    vec![
        ("verify", verify),
        ("open", open),
        ("decrypt", decrypt),
        ("inspect", inspect),
    ]
}

#[test]
fn files_that_are_not_cms_are_named_so_by_every_reader() {
    let env = world();
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    for (name, bytes, reason) in [
        (
            "notes.txt",
            b"Dear colleagues,\nthe file follows.\n".to_vec(),
            "it does not begin with a CMS ContentInfo",
        ),
        (
            "report.pdf",
            pdf,
            "it does not begin with a CMS ContentInfo",
        ),
        (
            "noise.bin",
            noise(4096, 7),
            "it does not begin with a CMS ContentInfo",
        ),
        (
            "zeros.bin",
            vec![0; 512],
            "it does not begin with a CMS ContentInfo",
        ),
        (
            "numbers.csv",
            b"0,1,2\n3,4,5\n".to_vec(),
            "it does not begin with a CMS ContentInfo",
        ),
        ("empty.p7m", Vec::new(), "the file is empty"),
    ] {
        env.file(name, bytes);
        for (command, mut cmd) in readers(&env, name) {
            let line = cmd.fails(ExitCode::Failure, NOT_CMS);
            assert!(line.contains(reason), "{command} {name}: {line}");
            assert!(line.contains("give a file made by epct"), "{line}");
            env.nothing_left_behind("out.txt");
        }
    }
}

#[test]
fn cms_files_of_another_content_type_keep_their_own_message() {
    let env = world();
    env.file("in.txt", b"voter;Dupont;Marie\n");
    env.software_key("signer", "rsa:2048");
    openssl(
        env.dir(),
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-in",
            "in.txt",
            "-signer",
            "signer.pem",
            "-inkey",
            "signer.key",
            "-outform",
            "DER",
            "-out",
            "signed.p7s",
        ],
    );
    openssl(
        env.dir(),
        &[
            "cms",
            "-encrypt",
            "-binary",
            "-aes-256-gcm",
            "-in",
            "in.txt",
            "-recip",
            "be.pem",
            "-outform",
            "DER",
            "-out",
            "encrypted.p7m",
        ],
    );
    openssl(
        env.dir(),
        &[
            "cms",
            "-data_create",
            "-binary",
            "-in",
            "in.txt",
            "-outform",
            "DER",
            "-out",
            "data.p7m",
        ],
    );
    for (command, input, code, message) in [
        (
            "verify",
            "encrypted.p7m",
            ExitCode::Verification,
            "the file is not signed",
        ),
        (
            "verify",
            "data.p7m",
            ExitCode::Verification,
            "the file is not signed",
        ),
        (
            "open",
            "signed.p7s",
            ExitCode::Failure,
            "the file is signed, not encrypted; use epct verify",
        ),
        (
            "decrypt",
            "signed.p7s",
            ExitCode::Failure,
            "the file is signed, not encrypted; use epct verify",
        ),
        (
            "open",
            "encrypted.p7m",
            ExitCode::Verification,
            "the file is not signed",
        ),
        (
            "decrypt",
            "data.p7m",
            ExitCode::Failure,
            "the file is CMS of the content type id-data, not an envelope",
        ),
        (
            "open",
            "data.p7m",
            ExitCode::Failure,
            "the file is CMS of the content type id-data, not an envelope",
        ),
    ] {
        let (_, mut cmd) = readers(&env, input)
            .into_iter()
            .find(|(c, _)| *c == command)
            .unwrap();
        let out = cmd.fails_after_report(code, message);
        let line = one_line_error(&out.stderr);
        assert!(!line.contains(NOT_CMS), "{command} {input}: {line}");
        env.nothing_left_behind("out.txt");
    }
    for (input, structure) in [
        ("signed.p7s", "SignedData"),
        ("encrypted.p7m", "AuthEnvelopedData"),
        ("data.p7m", "Other"),
    ] {
        let report = env.epct().args(["inspect", input]).json();
        assert_eq!(report["structure"], structure, "{input}");
    }
}
