//! Test helpers: every test gets its own SoftHSM2 token directory, configuration and
//! home directories, and drives the real `epct` binary, `openssl` and `pkcs11-tool`.

#![allow(dead_code)]

pub mod trust;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The user PIN of test tokens, passed through an environment variable.
pub const PIN: &str = "1234";
/// The SO PIN of test tokens.
pub const SO_PIN: &str = "12345678";

/// The SoftHSM2 module of this machine.
pub fn softhsm_module() -> PathBuf {
    [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .expect("SoftHSM2 is installed (the README's test command installs it)")
}

/// An isolated directory with its own SoftHSM2 tokens, configuration and XDG homes.
pub struct TestEnv {
    pub dir: TempDir,
    pub conf: PathBuf,
}

impl TestEnv {
    /// A new directory with no token initialised yet.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let tokens = dir.path().join("tokens");
        fs::create_dir_all(&tokens).unwrap();
        let template = fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("softhsm-config/softhsm2.conf.in"),
        )
        .unwrap();
        let conf = dir.path().join("softhsm2.conf");
        fs::write(
            &conf,
            template.replace("@TOKENDIR@", &tokens.display().to_string()),
        )
        .unwrap();
        TestEnv { dir, conf }
    }

    /// A new directory with one token `label` (user PIN [`PIN`]), initialised by
    /// `softhsm2-util`, a tool independent of epct.
    pub fn with_token(label: &str) -> Self {
        let env = TestEnv::new();
        env.add_token(label);
        env
    }

    /// Initialises one more token in this directory.
    pub fn add_token(&self, label: &str) {
        let out = Command::new("softhsm2-util")
            .env("SOFTHSM2_CONF", &self.conf)
            .args(["--init-token", "--free", "--label", label])
            .args(["--so-pin", SO_PIN, "--pin", PIN])
            .output()
            .expect("softhsm2-util runs");
        assert!(out.status.success(), "softhsm2-util: {out:?}");
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The `epct` binary, pointed at this token directory, with the PIN from the
    /// environment and home directories inside the test directory.
    pub fn epct(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("epct").unwrap();
        self.isolate(&mut cmd);
        cmd.env("EPCT_TEST_PIN", PIN)
            .args(["--pin-source", "env:EPCT_TEST_PIN"]);
        cmd
    }

    /// The `epct` binary without a PIN source.
    pub fn epct_without_pin(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("epct").unwrap();
        self.isolate(&mut cmd);
        cmd
    }

    fn isolate(&self, cmd: &mut assert_cmd::Command) {
        cmd.current_dir(self.dir.path())
            .env("SOFTHSM2_CONF", &self.conf)
            .env("EPCT_PKCS11_MODULE", softhsm_module())
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env_remove("EPCT_CONFIG");
    }

    /// Runs `pkcs11-tool` (OpenSC) on this token directory, logged in.
    pub fn pkcs11_tool(&self, args: &[&str]) -> String {
        let out = Command::new("pkcs11-tool")
            .env("SOFTHSM2_CONF", &self.conf)
            .arg("--module")
            .arg(softhsm_module())
            .args(["--login", "--pin", PIN])
            .args(args)
            .output()
            .expect("pkcs11-tool runs");
        assert!(out.status.success(), "pkcs11-tool {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sets token flags in SoftHSM2's own token file, so that the real token reports
    /// them: SoftHSM 2.6 never locks a PIN by itself, so this is how a locked or
    /// final-try token is made for the tests.
    pub fn set_token_flags(&self, flags: u64) {
        // CKA_OS_TOKENFLAGS, SoftHSM's vendor attribute holding CK_TOKEN_INFO.flags,
        // stored as type (8 bytes), kind 2 = unsigned long (8 bytes), value (8 bytes).
        let marker = [0, 0, 0, 0, 0x80, 0, 0x53, 0x4b, 0, 0, 0, 0, 0, 0, 0, 2];
        for entry in fs::read_dir(self.path("tokens")).unwrap() {
            let file = entry.unwrap().path().join("token.object");
            let mut bytes = fs::read(&file).unwrap();
            let at = bytes
                .windows(marker.len())
                .position(|w| w == marker)
                .expect("the token flags attribute")
                + marker.len();
            let value = u64::from_be_bytes(bytes[at..at + 8].try_into().unwrap()) | flags;
            bytes[at..at + 8].copy_from_slice(&value.to_be_bytes());
            fs::write(&file, bytes).unwrap();
        }
    }
}

/// CKF_USER_PIN_FINAL_TRY and CKF_USER_PIN_LOCKED (PKCS#11 2.40 section 3.2).
pub const CKF_USER_PIN_FINAL_TRY: u64 = 0x0002_0000;
pub const CKF_USER_PIN_LOCKED: u64 = 0x0004_0000;

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

/// The one line of an error message, checked to be one line and to start "error: ".
pub fn one_line_error(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("warning: "))
        .collect();
    assert_eq!(lines.len(), 1, "expected one error line, got: {text}");
    assert!(lines[0].starts_with("error: "), "not an error line: {text}");
    lines[0].to_owned()
}

/// The JSON printed by a successful `epct --json` run.
pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// SoftHSM2 reads `SOFTHSM2_CONF` when its module is initialised. Tests that load the
/// module in the test process itself take this lock, point the variable at their own
/// directory, and drop (finalise) the module before releasing it; with
/// `cargo nextest`, each test has its own process anyway.
static IN_PROCESS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `test` with the SoftHSM2 module loaded in this process for `env`'s tokens.
pub fn with_module<T>(env: &TestEnv, test: impl FnOnce(&epct::token::Module) -> T) -> T {
    let _guard = IN_PROCESS.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the lock keeps every other in-process token test from running meanwhile.
    unsafe { std::env::set_var("SOFTHSM2_CONF", &env.conf) };
    let module = epct::token::Module::load(&softhsm_module()).expect("SoftHSM2 loads");
    test(&module)
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

impl TestEnv {
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
    /// `rsa:2048`, `ec:P-256`, ...), for the OpenSSL side of interoperability tests.
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

    /// Names of the files in the test directory that look like leftovers of an output.
    pub fn leftovers(&self) -> Vec<String> {
        fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".part"))
            .collect()
    }
}

/// Bytes that look like a voter file, `len` long.
pub fn sample_content(len: usize) -> Vec<u8> {
    let line = b"voter;Dupont;Marie;1980-02-29;Li\xc3\xa8ge;BE;FR;12 rue de la Paix, Paris\n";
    line.iter().copied().cycle().take(len).collect()
}
