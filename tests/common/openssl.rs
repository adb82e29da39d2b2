//! The OpenSSL side of the tests: a throwaway CA, software keys and certificates, and
//! `openssl` runs; and the test content they work on.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::Epct;

/// Runs a command and returns its output, failing the test if it does not succeed.
pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("the command runs");
    assert!(out.status.success(), "{cmd:?} failed: {out:?}");
    out
}

/// Runs `openssl` with these arguments in `dir`.
pub fn openssl(dir: &Path, args: &[&str]) -> Output {
    run(Command::new("openssl").current_dir(dir).args(args))
}

/// Runs `openssl` in `dir`, feeding `stdin`, and returns its stdout; panics unless it
/// succeeds.
pub fn openssl_with_input(dir: &Path, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let mut child = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl runs");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || input.write_all(&stdin));
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A throwaway certification authority made with the openssl CLI in a test directory.
pub struct TestCa {
    pub cert: PathBuf,
    key: PathBuf,
}

impl TestCa {
    /// A CA named `name` in `dir`, with an RSA key.
    pub fn new(dir: &Path, name: &str) -> Self {
        let cert = dir.join(format!("{name}-ca.pem"));
        let key = dir.join(format!("{name}-ca.key"));
        run(Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
            ])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .args(["-subj", &format!("/C=EU/O=Test/CN={name} Test CA")])
            .args(["-addext", "basicConstraints=critical,CA:TRUE"])
            .args(["-addext", "keyUsage=critical,keyCertSign,cRLSign"]));
        TestCa { cert, key }
    }

    /// Issues a certificate for the request `csr` (PEM), keeping its extensions.
    pub fn issue(&self, csr: &Path, out: &Path) {
        run(Command::new("openssl")
            .args(["x509", "-req", "-days", "30", "-copy_extensions", "copy"])
            .arg("-in")
            .arg(csr)
            .arg("-CA")
            .arg(&self.cert)
            .arg("-CAkey")
            .arg(&self.key)
            .arg("-out")
            .arg(out));
    }
}

impl Epct {
    /// Generates key `label` of `key_type` on token `token`, has `ca` certify it, stores
    /// the certificate on the token and returns its PEM file.
    pub fn certified_key(&self, token: &str, label: &str, key_type: &str, ca: &TestCa) -> PathBuf {
        self.epct()
            .args([
                "--token", token, "key", "generate", "--label", label, "--type", key_type,
            ])
            .assert()
            .success();
        let csr = self.path(&format!("{label}.csr"));
        self.epct()
            .args(["--token", token, "cert", "request", "--key", label, "--pem"])
            .args(["--subject", &format!("/C=BE/O=Test {token}/CN={label}")])
            .arg("--out")
            .arg(&csr)
            .assert()
            .success();
        let cert = self.path(&format!("{label}.pem"));
        ca.issue(&csr, &cert);
        self.epct()
            .args(["--token", token, "cert", "import", "--key", label])
            .arg(&cert)
            .assert()
            .success();
        cert
    }

    /// A software key and self-signed certificate made by openssl (`key_type`:
    /// `rsa:2048`, `ec:P-256`, ...) as `NAME.key` and `NAME.pem`, for the OpenSSL side
    /// of interoperability tests.
    pub fn software_key(&self, name: &str, key_type: &str) -> (PathBuf, PathBuf) {
        let key = self.path(&format!("{name}.key"));
        let cert = self.path(&format!("{name}.pem"));
        let mut cmd = Command::new("openssl");
        cmd.args([
            "req",
            "-x509",
            "-nodes",
            "-days",
            "30",
            "-subj",
            &format!("/CN={name}"),
        ]);
        match key_type.split_once(':') {
            Some(("ec", curve)) => {
                cmd.args([
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    &format!("ec_paramgen_curve:{curve}"),
                ]);
            }
            _ => {
                cmd.args(["-newkey", key_type]);
            }
        }
        run(cmd.arg("-keyout").arg(&key).arg("-out").arg(&cert));
        (key, cert)
    }
}

/// Bytes that look like a voter file, `len` long.
pub fn sample_content(len: usize) -> Vec<u8> {
    let line = b"voter;Dupont;Marie;1980-02-29;Li\xc3\xa8ge;BE;FR;12 rue de la Paix, Paris\n";
    line.iter().copied().cycle().take(len).collect()
}

/// Deterministic noise (splitmix64), `len` bytes from `seed`.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out.truncate(len);
    out
}
