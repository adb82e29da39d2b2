//! The one test harness: [`Epct`] gives every test its own temporary directory with its
//! own SoftHSM2 tokens, trust store, configuration and home directories, and drives the
//! real `epct` binary; [`Run`] checks what a run did. `openssl`, `pkcs11-tool`,
//! `softhsm2-util` and `xmlsec1` are the real tools installed on the machine.

#![allow(dead_code, unused_imports)]

pub mod exchange;
pub mod families;
pub mod openssl;
pub mod platform;
pub mod run;
pub mod states;
pub mod terminal;
pub mod time_stamp;
pub mod trust;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

pub use epct::ExitCode;
pub use openssl::{TestCa, openssl, run, sample_content};
pub use run::{Run, one_line_error, parse_json, status};

/// The user PIN of test tokens, passed through an environment variable.
pub const PIN: &str = "1234";
/// The SO PIN of test tokens.
pub const SO_PIN: &str = "12345678";

/// CKF_USER_PIN_FINAL_TRY and CKF_USER_PIN_LOCKED (PKCS#11 2.40 section 3.2).
pub const CKF_USER_PIN_FINAL_TRY: u64 = 0x0002_0000;
pub const CKF_USER_PIN_LOCKED: u64 = 0x0004_0000;

/// The PKCS#11 module the tests use: `$EPCT_TEST_PKCS11_MODULE`, else the SoftHSM2
/// module found in the usual places.
pub fn pkcs11_module() -> PathBuf {
    if let Some(module) = std::env::var_os("EPCT_TEST_PKCS11_MODULE") {
        return PathBuf::from(module);
    }
    [
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .expect(
        "SoftHSM2 is installed (the README's test command installs it), \
         or EPCT_TEST_PKCS11_MODULE names a module",
    )
}

/// Where a world keeps its trust store and home directories, out of the way of the
/// files that tests write.
const TRUST_STORE: &str = ".trust-store";
const HOME: &str = ".home";
const CONFIG_HOME: &str = ".home/.config";
const DATA_HOME: &str = ".home/.local/share";
const STATE_HOME: &str = ".home/.local/state";

/// One test's world: a temporary directory holding the SoftHSM2 token directory and its
/// configuration, the trust store, and the XDG and home directories, so that nothing of
/// the developer's own configuration, tokens or store reaches the test.
pub struct Epct {
    dir: TempDir,
    /// The SoftHSM2 configuration (`SOFTHSM2_CONF`).
    pub conf: PathBuf,
    /// The PKCS#11 module epct is pointed at.
    module: families::TestModule,
}

impl Epct {
    /// A new world with no token initialised yet.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let tokens = dir.path().join("tokens");
        for sub in [
            "tokens",
            TRUST_STORE,
            HOME,
            CONFIG_HOME,
            DATA_HOME,
            STATE_HOME,
        ] {
            fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
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
        Epct {
            dir,
            conf,
            module: families::TestModule::SoftHsm,
        }
    }

    /// A new world with one token `label` (user PIN [`PIN`]), initialised by
    /// `softhsm2-util`, a tool independent of epct.
    pub fn with_token(label: &str) -> Self {
        let env = Epct::new();
        env.add_token(label);
        env
    }

    /// A new world with the token `label` holding a P-256 key `key` (id `a1`) and its
    /// self-signed certificate `CN=BE signer`, both made by epct.
    pub fn with_signing_key(label: &str, key: &str) -> Self {
        let env = Epct::with_token(label);
        env.epct()
            .args([
                "key", "generate", "--label", key, "--type", "p256", "--id", "a1",
            ])
            .assert()
            .success();
        env.epct()
            .args([
                "cert",
                "self-sign",
                "--key",
                key,
                "--subject",
                "CN=BE signer",
            ])
            .assert()
            .success();
        env
    }

    /// Initialises one more token.
    pub fn add_token(&self, label: &str) {
        let out = Command::new("softhsm2-util")
            .env("SOFTHSM2_CONF", &self.conf)
            .args(["--init-token", "--free", "--label", label])
            .args(["--so-pin", SO_PIN, "--pin", PIN])
            .output()
            .expect("softhsm2-util runs");
        assert!(out.status.success(), "softhsm2-util: {out:?}");
    }

    /// The test directory, where `epct` runs.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// `name` in the test directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `contents` to `name` in the test directory and returns its path.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        fs::write(&path, contents).unwrap();
        path
    }

    /// Writes a PIN file `name` with mode 0600, as `--pin-source file:` requires, and
    /// returns its path.
    pub fn pin_file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = self.file(name, contents);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        path
    }

    /// This test's trust store (`EPCT_TRUST_STORE`), empty at first.
    pub fn trust_store(&self) -> PathBuf {
        self.path(TRUST_STORE)
    }

    /// Where `epct` looks for its configuration file when none is given: under this
    /// world's `XDG_CONFIG_HOME`.
    pub fn default_config(&self) -> PathBuf {
        self.path(CONFIG_HOME).join("epct/config.toml")
    }

    /// Writes `text` as the configuration file that `epct` finds when none is given,
    /// and returns its path.
    pub fn write_default_config(&self, text: &str) -> PathBuf {
        let path = self.default_config();
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    /// Points `cmd` at this world: its directory, tokens, module, trust store, and
    /// `HOME` and the XDG directories; the developer's `EPCT_*` settings are removed.
    pub fn isolate<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        cmd.env_remove("EPCT_PKCS11_INIT_ARGS");
        self.module.point(cmd);
        cmd.current_dir(self.dir())
            .env("SOFTHSM2_CONF", &self.conf)
            .env("EPCT_TRUST_STORE", self.trust_store())
            .env("HOME", self.path(HOME))
            .env("XDG_CONFIG_HOME", self.path(CONFIG_HOME))
            .env("XDG_DATA_HOME", self.path(DATA_HOME))
            .env("XDG_STATE_HOME", self.path(STATE_HOME))
            .env_remove("EPCT_CONFIG")
            .env_remove("EPCT_TEST_PIN")
            .env_remove("EPCT_TOKEN")
            .env_remove("EPCT_PIN_SOURCE")
            .env_remove("EPCT_SO_PIN_SOURCE")
    }

    /// The `epct` binary in this world, with the PIN from the environment.
    pub fn epct(&self) -> assert_cmd::Command {
        let mut cmd = self.epct_without_pin();
        cmd.env("EPCT_TEST_PIN", PIN)
            .args(["--pin-source", "env:EPCT_TEST_PIN"]);
        cmd
    }

    /// The `epct` binary in this world with the PIN, its clock set to `time` by
    /// `faketime` (Debian package faketime): files signed at a chosen time.
    pub fn epct_at(&self, time: &str) -> assert_cmd::Command {
        let mut cmd = Command::new("faketime");
        cmd.arg(time).arg(assert_cmd::cargo::cargo_bin!("epct"));
        self.isolate(&mut cmd)
            .env("EPCT_TEST_PIN", PIN)
            .args(["--pin-source", "env:EPCT_TEST_PIN"]);
        assert_cmd::Command::from_std(cmd)
    }

    /// The `epct` binary in this world, without a PIN source.
    pub fn epct_without_pin(&self) -> assert_cmd::Command {
        let mut cmd = self.module.command(assert_cmd::cargo::cargo_bin!("epct"));
        self.isolate(&mut cmd);
        assert_cmd::Command::from_std(cmd)
    }

    /// Runs `pkcs11-tool` (OpenSC) on this world's tokens, logged in.
    pub fn pkcs11_tool(&self, args: &[&str]) -> String {
        let out = Command::new("pkcs11-tool")
            .env("SOFTHSM2_CONF", &self.conf)
            .arg("--module")
            .arg(pkcs11_module())
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

    /// Asserts that the output `name` (relative to the test directory) was not written
    /// and that no temporary file (`.NAME.*.part`) or other `.part` file is left in its
    /// directory.
    pub fn nothing_left_behind(&self, name: impl AsRef<Path>) {
        let path = self.dir().join(name);
        assert!(!path.exists(), "{} was written", path.display());
        let parent = path.parent().unwrap();
        let leftovers: Vec<String> = fs::read_dir(parent)
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".part"))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            leftovers.is_empty(),
            "left in {}: {leftovers:?}",
            parent.display()
        );
    }
}

/// SoftHSM2 reads `SOFTHSM2_CONF` when its module is initialised. Tests that load the
/// module in the test process itself take this lock, point the variable at their own
/// directory, and drop (finalise) the module before releasing it; with
/// `cargo nextest`, each test has its own process anyway.
static IN_PROCESS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `test` with the PKCS#11 module loaded in this process for `env`'s tokens.
pub fn with_module<T>(env: &Epct, test: impl FnOnce(&epct::token::Module) -> T) -> T {
    let _guard = IN_PROCESS.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: the lock keeps every other in-process token test from running meanwhile.
    unsafe { std::env::set_var("SOFTHSM2_CONF", &env.conf) };
    let module = epct::token::Module::load(&pkcs11_module()).expect("the module loads");
    test(&module)
}
