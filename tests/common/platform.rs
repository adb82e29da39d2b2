//! A real WebDAV platform for a test: Apache httpd (Debian `apache2`) with mod_dav,
//! mod_dav_fs, mod_ssl and mod_auth_basic, started from a private configuration with its
//! own ServerRoot, PidFile, port, test CA and server certificate (made with openssl),
//! one htpasswd account per state, and the access rules that `epct exchange
//! platform-layout` prints. It is stopped by its PID when dropped.

use std::fs;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::Epct;
use super::openssl::{TestCa, run};

const MODULES: &str = "/usr/lib/apache2/modules";
/// The URL path of the exchange's root.
pub const URL_PATH: &str = "/dav";

/// How the server is set up.
pub struct Setup {
    /// The host names and addresses the server certificate is valid for.
    pub names: &'static str,
    /// `LimitRequestBody`, in bytes (0: none).
    pub limit_request_body: u64,
    /// Whether to make the folder `<TO>/` of every state, as an administrator would.
    pub make_inboxes: bool,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            names: "DNS:localhost,IP:127.0.0.1",
            limit_request_body: 0,
            make_inboxes: true,
        }
    }
}

/// One running Apache httpd.
pub struct TestPlatform {
    dir: TempDir,
    /// The root URL of the exchange space.
    pub url: String,
    /// The test CA that issued the server's certificate (PEM).
    pub ca: PathBuf,
    /// Where the server keeps the exchange's files on disk.
    pub tree: PathBuf,
    conf: PathBuf,
    pid_file: PathBuf,
}

impl TestPlatform {
    /// A server for `states`, with the rules printed by `env`'s epct.
    pub fn start(env: &Epct, states: &[&str]) -> TestPlatform {
        TestPlatform::start_with(env, states, &Setup::default())
    }

    pub fn start_with(env: &Epct, states: &[&str], setup: &Setup) -> TestPlatform {
        let dir = tempfile::Builder::new()
            .prefix("epct-platform-")
            .tempdir()
            .unwrap();
        let root = dir.path();
        fs::set_permissions(root, fs::Permissions::from_mode(0o755)).unwrap();
        let www = root.join("www");
        let tree = www.join(URL_PATH.trim_start_matches('/'));
        fs::create_dir_all(&tree).unwrap();
        fs::create_dir_all(root.join("lock")).unwrap();
        if setup.make_inboxes {
            for state in states {
                fs::create_dir_all(tree.join(state)).unwrap();
            }
        }
        let ca = TestCa::new(root, "platform");
        let (cert, key) = server_certificate(root, &ca, setup.names);
        let htpasswd = root.join("htpasswd");
        for (i, state) in states.iter().enumerate() {
            let mut cmd = Command::new("htpasswd");
            if i == 0 {
                cmd.arg("-c");
            }
            run(cmd
                .args(["-b", "-B", "-C", "4"])
                .arg(&htpasswd)
                .args([state.to_string(), password(state)]));
        }
        fs::set_permissions(&htpasswd, fs::Permissions::from_mode(0o644)).unwrap();
        let layout = env
            .epct_without_pin()
            .args(["exchange", "platform-layout", "--url-path", URL_PATH])
            .args(["--states", &states.join(",")])
            .arg("--htpasswd")
            .arg(&htpasswd)
            .output()
            .unwrap();
        assert!(layout.status.success(), "platform-layout: {layout:?}");
        fs::write(root.join("rules.conf"), &layout.stdout).unwrap();
        let port = free_port();
        let conf = root.join("httpd.conf");
        fs::write(
            &conf,
            config(root, port, &cert, &key, setup.limit_request_body),
        )
        .unwrap();
        if is_root() {
            run(Command::new("chown")
                .args(["-R", "www-data:www-data"])
                .arg(&www)
                .arg(root.join("lock")));
        }
        let platform = TestPlatform {
            url: format!("https://127.0.0.1:{port}{URL_PATH}"),
            ca: ca.cert.clone(),
            tree,
            pid_file: root.join("httpd.pid"),
            conf,
            dir,
        };
        platform.start_again();
        platform
    }

    /// Starts the server (again, after [`TestPlatform::stop`]) and waits until it listens.
    pub fn start_again(&self) {
        run(Command::new("/usr/sbin/apache2")
            .arg("-f")
            .arg(&self.conf)
            .args(["-k", "start"]));
        let port: u16 = self.url.rsplit(':').next().unwrap()[..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() || !self.pid_file.exists()
        {
            assert!(
                Instant::now() < deadline,
                "httpd did not start: {}",
                fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the server by its PID and waits until it is gone.
    pub fn stop(&self) {
        let Ok(pid) = fs::read_to_string(&self.pid_file) else {
            return;
        };
        let pid = pid.trim().to_owned();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Path::new(&format!("/proc/{pid}")).exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = fs::remove_file(&self.pid_file);
    }

    /// The file or folder `relative` (as `FR/BE/x.p7m`) on the server's disk.
    pub fn on_disk(&self, relative: &str) -> PathBuf {
        self.tree.join(relative)
    }

    /// The names in the folder `relative` on the server's disk, sorted.
    pub fn names_in(&self, relative: &str) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.on_disk(relative))
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// The server's error log.
    pub fn error_log(&self) -> String {
        fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }

    /// Makes a test directory where the password of `state` lives, mode 0600.
    pub fn password_file(&self, env: &Epct, state: &str) -> PathBuf {
        env.pin_file(&format!("{state}.password"), password(state))
    }
}

impl Drop for TestPlatform {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The password of `state`'s account: long, and unlike anything else in the output.
pub fn password(state: &str) -> String {
    format!("pw-{state}-Zq7xKc93mWv")
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    #[allow(unsafe_code)]
    unsafe {
        libc::geteuid() == 0
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A server key and certificate for `names` (subjectAltName), issued by `ca`.
fn server_certificate(dir: &Path, ca: &TestCa, names: &str) -> (PathBuf, PathBuf) {
    let key = dir.join("server.key");
    let csr = dir.join("server.csr");
    let cert = dir.join("server.pem");
    run(Command::new("openssl")
        .args(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&csr)
        .args(["-subj", "/CN=platform"])
        .args(["-addext", &format!("subjectAltName={names}")])
        .args(["-addext", "extendedKeyUsage=serverAuth"]));
    ca.issue(&csr, &cert);
    (cert, key)
}

fn config(root: &Path, port: u16, cert: &Path, key: &Path, limit: u64) -> String {
    let root = root.display();
    let user = if is_root() {
        "User www-data\nGroup www-data\n"
    } else {
        ""
    };
    let modules: String = [
        "mpm_event",
        "authz_core",
        "authz_user",
        "authn_core",
        "authn_file",
        "auth_basic",
        "dav",
        "dav_fs",
        "ssl",
    ]
    .iter()
    .map(|m| format!("LoadModule {m}_module {MODULES}/mod_{m}.so\n"))
    .collect();
    format!(
        "ServerRoot \"{root}\"\n\
         {modules}\
         {user}\
         PidFile \"{root}/httpd.pid\"\n\
         DefaultRuntimeDir \"{root}\"\n\
         Mutex file:{root}\n\
         Listen 127.0.0.1:{port}\n\
         ServerName 127.0.0.1\n\
         ErrorLog \"{root}/error.log\"\n\
         LogLevel warn\n\
         DocumentRoot \"{root}/www\"\n\
         DavLockDB \"{root}/lock/DavLock\"\n\
         LimitRequestBody {limit}\n\
         SSLEngine on\n\
         SSLCertificateFile \"{cert}\"\n\
         SSLCertificateKeyFile \"{key}\"\n\
         <Directory \"{root}/www\">\n    Options None\n    AllowOverride None\n</Directory>\n\
         Include \"{root}/rules.conf\"\n",
        cert = cert.display(),
        key = key.display(),
    )
}
