//! Bytes after the end of a CMS file's ContentInfo, on files made by the real `openssl
//! cms` (DER, and indefinite-length BER with `-stream`): zero bytes, the padding some
//! eID software adds, are accepted by `verify`, `open`, `decrypt` and `inspect` with a
//! warning and a count in the JSON; any other data after the end is refused (exit 1)
//! and nothing is written. PEM input, and text after its END line, are unaffected.

mod common;

use std::fs;

use common::*;

const CONTENT: &[u8] = b"voter;Dupont;Marie;1980-02-29;BE;FR\n";

/// A token BE with key `be` (the recipient), a software signer for OpenSSL, and
/// OpenSSL's files: signed, encrypted and sealed (signed, then encrypted), each as
/// DER and as `-stream` BER.
struct Files {
    env: Epct,
}

/// The command that reads each kind of file.
#[derive(Clone, Copy, Debug)]
enum Reader {
    Verify,
    Decrypt,
    Open,
}

const KINDS: [(&str, Reader); 3] = [
    ("signed", Reader::Verify),
    ("encrypted", Reader::Decrypt),
    ("sealed", Reader::Open),
];

fn files() -> Files {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "BE");
    let be = env.certified_key("BE", "be", "rsa2048", &ca);
    env.software_key("signer", "rsa:2048");
    env.file("in.txt", CONTENT);
    let be = be.display().to_string();
    for (form, stream) in [("der", &[][..]), ("ber", &["-stream"][..])] {
        let sign = |input: &str, out: &str| {
            let mut args = vec!["cms", "-sign", "-binary", "-nodetach", "-in", input];
            args.extend(["-signer", "signer.pem", "-inkey", "signer.key"]);
            args.extend(["-outform", "DER", "-out", out]);
            args.extend(stream);
            openssl(env.dir(), &args);
        };
        let encrypt = |input: &str, out: &str| {
            let mut args = vec!["cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", input];
            args.extend(["-recip", &be, "-outform", "DER", "-out", out]);
            args.extend(stream);
            openssl(env.dir(), &args);
        };
        sign("in.txt", &format!("signed.{form}"));
        encrypt("in.txt", &format!("encrypted.{form}"));
        encrypt(&format!("signed.{form}"), &format!("sealed.{form}"));
    }
    Files { env }
}

impl Files {
    fn command(&self, reader: Reader, input: &str, out: &str) -> assert_cmd::Command {
        let mut cmd = self.env.epct();
        match reader {
            Reader::Verify => cmd.args(["verify", input, "--out", out, "--no-trust-check"]),
            Reader::Decrypt => cmd.args(["--token", "BE", "decrypt", input, "--key", "be"]),
            Reader::Open => cmd.args(["--token", "BE", "open", input, "--key", "be"]),
        };
        match reader {
            Reader::Verify => {}
            Reader::Decrypt => {
                cmd.args(["--out", out]);
            }
            Reader::Open => {
                cmd.args(["--out", out, "--no-trust-check", "--any-signer"]);
            }
        }
        cmd
    }

    /// `name` with `tail` appended, as `new_name`.
    fn with_tail(&self, name: &str, tail: &[u8], new_name: &str) -> String {
        let mut bytes = fs::read(self.env.path(name)).unwrap();
        bytes.extend_from_slice(tail);
        self.env.file(new_name, bytes);
        new_name.to_owned()
    }
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn zero_padding_is_read_with_a_warning_by_every_reader() {
    let f = files();
    for (kind, reader) in KINDS {
        for form in ["der", "ber"] {
            for zeros in [1usize, 2, 4096] {
                let name = f.with_tail(
                    &format!("{kind}.{form}"),
                    &vec![0; zeros],
                    &format!("{kind}-{zeros}.{form}"),
                );
                let out_name = format!("{name}.out");
                let out = f
                    .command(reader, &name, &out_name)
                    .arg("--json")
                    .output()
                    .unwrap();
                assert!(out.status.success(), "{name}: {}", stderr_of(&out));
                assert_eq!(parse_json(&out)["trailing_zero_bytes"], zeros, "{name}");
                let warning = format!(
                    "warning: {name} has {zeros} zero bytes after the end of its CMS structure"
                );
                assert!(stderr_of(&out).contains(&warning), "{name}: {out:?}");
                assert_eq!(fs::read(f.env.path(&out_name)).unwrap(), CONTENT, "{name}");

                let inspected = f
                    .env
                    .epct()
                    .args(["--json", "inspect", &name])
                    .output()
                    .unwrap();
                assert!(inspected.status.success(), "{name}: {inspected:?}");
                assert_eq!(parse_json(&inspected)["trailing_zero_bytes"], zeros);
                assert!(stderr_of(&inspected).contains(&warning), "{name}");
            }
        }
    }
}

#[test]
fn files_without_padding_have_no_warning() {
    let f = files();
    for (kind, reader) in KINDS {
        for form in ["der", "ber"] {
            let name = format!("{kind}.{form}");
            let out_name = format!("{name}.out");
            let out = f
                .command(reader, &name, &out_name)
                .arg("--json")
                .output()
                .unwrap();
            assert!(out.status.success(), "{name}: {}", stderr_of(&out));
            assert_eq!(parse_json(&out)["trailing_zero_bytes"], 0, "{name}");
            assert!(!stderr_of(&out).contains("zero bytes"), "{name}");
            let inspected = f
                .env
                .epct()
                .args(["--json", "inspect", &name])
                .output()
                .unwrap();
            assert!(inspected.status.success(), "{name}");
            assert_eq!(parse_json(&inspected)["trailing_zero_bytes"], 0);
        }
    }
}

#[test]
fn other_trailing_data_is_refused_by_every_reader() {
    let f = files();
    for (kind, reader) in KINDS {
        for form in ["der", "ber"] {
            let original = format!("{kind}.{form}");
            let end = fs::read(f.env.path(&original)).unwrap().len();
            for (tail, at) in [
                (&b"junk\n"[..], end),
                (&[0, 0, 0, 1][..], end + 3),
                (&b"\r\n"[..], end),
                // A second copy of a file joined to the first.
                (&fs::read(f.env.path(&original)).unwrap()[..], end),
            ] {
                let name = f.with_tail(&original, tail, &format!("{kind}-junk.{form}"));
                let message = format!(
                    "the file goes on after the end of its CMS structure: data that is not zero padding at byte {at}"
                );
                f.command(reader, &name, "content.out")
                    .fails(ExitCode::Failure, &message);
                f.env.nothing_left_behind("content.out");
                f.env
                    .epct()
                    .args(["inspect", &name])
                    .fails(ExitCode::Failure, &message);
            }
        }
    }
}

#[test]
fn more_padding_than_epct_reads_is_refused() {
    let f = files();
    let name = f.with_tail("signed.der", &vec![0; (1 << 20) + 1], "padded.der");
    f.command(Reader::Verify, &name, "content.out").fails(
        ExitCode::Failure,
        "more than 1048576 zero bytes after the end of its CMS structure",
    );
    f.env.nothing_left_behind("content.out");
}

#[test]
fn pem_input_is_unaffected() {
    let f = files();
    for (kind, reader) in KINDS {
        let pem = format!("{kind}.pem");
        openssl(
            f.env.dir(),
            &[
                "cms",
                "-cmsout",
                "-inform",
                "DER",
                "-in",
                &format!("{kind}.der"),
                "-outform",
                "PEM",
                "-out",
                &pem,
            ],
        );
        // Text after the END line is not part of the PEM block.
        let name = f.with_tail(
            &pem,
            b"\nnotes after the block\n\n",
            &format!("{kind}-notes.pem"),
        );
        for input in [pem, name] {
            let out_name = format!("{input}.out");
            let out = f
                .command(reader, &input, &out_name)
                .arg("--json")
                .output()
                .unwrap();
            assert!(out.status.success(), "{input}: {}", stderr_of(&out));
            assert_eq!(parse_json(&out)["trailing_zero_bytes"], 0, "{input}");
            assert!(!stderr_of(&out).contains("zero bytes"), "{input}: {out:?}");
            assert_eq!(fs::read(f.env.path(&out_name)).unwrap(), CONTENT);
        }
    }
}
