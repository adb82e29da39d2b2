//! The PKCS#11 implementations the tests run epct on: SoftHSM2 directly (the main
//! token), the p11-kit proxy in front of SoftHSM2 with a private module configuration,
//! and NSS softokn with its initialisation arguments.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Epct, PIN, pkcs11_module};

/// NSS softokn's one token: its label is fixed.
pub const NSS_TOKEN: &str = "NSS Certificate DB";

/// Which module a world's epct loads.
pub enum TestModule {
    /// SoftHSM2, named with `EPCT_PKCS11_MODULE`.
    SoftHsm,
    /// No module named: epct's default, the p11-kit proxy, which loads the modules
    /// registered in `modules`.
    P11Kit { modules: PathBuf, empty: PathBuf },
    /// NSS softokn, with `C_Initialize` arguments naming its database.
    Nss { init_args: String },
}

impl TestModule {
    /// Points `cmd` at the module.
    pub fn point(&self, cmd: &mut Command) {
        match self {
            TestModule::SoftHsm => {
                cmd.env("EPCT_PKCS11_MODULE", pkcs11_module());
            }
            TestModule::P11Kit { .. } => {
                cmd.env_remove("EPCT_PKCS11_MODULE");
            }
            TestModule::Nss { init_args } => {
                cmd.env("EPCT_PKCS11_MODULE", softokn())
                    .env("EPCT_PKCS11_INIT_ARGS", init_args);
            }
        }
    }

    /// The command that runs `program`. p11-kit reads no user configuration for root,
    /// so there the proxy is run in a private mount namespace (`unshare`) in which the
    /// world's module directory stands in for the system's
    /// (`/usr/share/p11-kit/modules`, and an empty `/etc/pkcs11`): the system
    /// configuration is never changed. Other users get the same directory as their
    /// user configuration.
    pub fn command(&self, program: &Path) -> Command {
        match self {
            TestModule::P11Kit { modules, empty } if is_root() => {
                let mut cmd = Command::new("unshare");
                cmd.args(["--mount", "--propagation", "private", "sh", "-c"])
                    .arg(
                        "mount --bind \"$1\" /usr/share/p11-kit/modules && \
                         { [ ! -d /etc/pkcs11 ] || mount --bind \"$2\" /etc/pkcs11; } && \
                         shift 2 && exec \"$@\"",
                    )
                    .arg("sh")
                    .arg(modules)
                    .arg(empty)
                    .arg(program);
                cmd
            }
            _ => Command::new(program),
        }
    }
}

fn is_root() -> bool {
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn lib_dir() -> PathBuf {
    PathBuf::from(format!("/usr/lib/{}-linux-gnu", std::env::consts::ARCH))
}

/// NSS softokn (Debian `libnss3`).
pub fn softokn() -> PathBuf {
    lib_dir().join("libsoftokn3.so")
}

/// tpm2-pkcs11 (Debian `libtpm2-pkcs11-1`): with no TPM, a module that fails.
pub fn tpm2_pkcs11() -> PathBuf {
    lib_dir().join("pkcs11/libtpm2_pkcs11.so")
}

impl Epct {
    /// A world with a SoftHSM2 token `label` that epct reaches through the p11-kit proxy,
    /// loaded as epct's default module (no `--module`); `others` are more modules that
    /// the proxy loads, by name and path.
    pub fn through_p11kit(label: &str, others: &[(&str, PathBuf)]) -> Epct {
        let mut env = Epct::with_token(label);
        let config = env.path(".home/.config/pkcs11");
        let modules = config.join("modules");
        let empty = env.path(".empty");
        fs::create_dir_all(&modules).unwrap();
        fs::create_dir_all(&empty).unwrap();
        fs::write(config.join("pkcs11.conf"), "user-config: only\n").unwrap();
        let all = std::iter::once(("softhsm2", pkcs11_module())).chain(others.iter().cloned());
        for (name, path) in all {
            fs::write(
                modules.join(format!("{name}.module")),
                format!("module: {}\n", path.display()),
            )
            .unwrap();
        }
        env.module = TestModule::P11Kit { modules, empty };
        env
    }

    /// A world whose token is NSS softokn's, in a new database with the user PIN [`PIN`]
    /// made by NSS's own `certutil`.
    pub fn on_nss() -> Epct {
        let mut env = Epct::new();
        let db = env.path("nss");
        fs::create_dir_all(&db).unwrap();
        let password = env.file(".nss-password", format!("{PIN}\n"));
        let out = Command::new("certutil")
            .arg("-N")
            .arg("-d")
            .arg(format!("sql:{}", db.display()))
            .arg("-f")
            .arg(&password)
            .output()
            .expect("certutil runs");
        assert!(out.status.success(), "certutil -N: {out:?}");
        env.module = TestModule::Nss {
            init_args: nss_init_args(&db),
        };
        env
    }
}

/// NSS softokn's `C_Initialize` arguments for the database in `db`.
pub fn nss_init_args(db: &Path) -> String {
    format!(
        "configdir='sql:{}' certPrefix='' keyPrefix='' secmod='secmod.db' flags=",
        db.display()
    )
}

impl Epct {
    /// Another program (`pkcs11-tool`, say) run in this world exactly as epct is: the
    /// same module configuration and environment.
    pub fn tool(&self, program: &str) -> Command {
        let path = PathBuf::from("/usr/bin").join(program);
        let mut cmd = self.module.command(&path);
        self.isolate(&mut cmd);
        cmd
    }
}
