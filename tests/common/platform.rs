//! A real WebDAV platform for a test: Apache httpd (Debian `apache2`) with mod_dav,
//! mod_dav_fs, mod_ssl and mod_auth_basic, started from a private configuration with its
//! own ServerRoot, PidFile, port, test CA and server certificate (made with openssl),
//! one htpasswd account per state, and the access rules that `epct exchange
//! platform-layout` prints. It is stopped by its PID when dropped.
//!
//! For the fault tests, a [`Setup`] may give it an expired certificate, a status that
//! every PUT and MOVE gets (mod_rewrite, as a full space answers 507), client
//! certificates required (`SSLVerifyClient require`), or a forward proxy on a port of
//! its own (mod_proxy and mod_proxy_connect, every request in `proxy.log`); and
//! [`CuttingRelay`] cuts connections at a chosen byte.

use std::fs;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
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
    /// The server certificate expired (valid from 10 days ago to 8 days ago).
    pub expired: bool,
    /// The status every PUT and MOVE gets instead of being done (as 507 for a full space).
    pub refuse_writes_with: Option<u16>,
    /// Whether TLS requires a client certificate issued by the platform's test CA.
    pub client_certificates: bool,
    /// Whether a forward proxy (CONNECT) listens on a port of its own.
    pub proxy: bool,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            names: "DNS:localhost,IP:127.0.0.1",
            limit_request_body: 0,
            make_inboxes: true,
            expired: false,
            refuse_writes_with: None,
            client_certificates: false,
            proxy: false,
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
    /// The port the platform listens on.
    pub port: u16,
    /// The forward proxy's URL, with [`Setup::proxy`].
    pub proxy: Option<String>,
    conf: PathBuf,
    pid_file: PathBuf,
    ca_authority: TestCa,
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
        let (cert, key) = server_certificate(root, &ca, setup.names, setup.expired);
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
        let proxy_port = setup.proxy.then(free_port);
        let conf = root.join("httpd.conf");
        let server = Server {
            root,
            port,
            cert: &cert,
            key: &key,
            ca: &ca.cert,
            proxy_port,
        };
        fs::write(&conf, server.config(setup)).unwrap();
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
            port,
            proxy: proxy_port.map(|p| format!("http://127.0.0.1:{p}")),
            ca_authority: ca,
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
        let port = self.port;
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

    /// The platform options of `user` (after the subcommand), reaching it at `url`
    /// (its own, or a relay's), with one retry.
    pub fn args_at(&self, env: &Epct, user: &str, url: &str) -> Vec<String> {
        let password_file = self.password_file(env, user);
        vec![
            "--platform".into(),
            url.to_owned(),
            "--platform-ca".into(),
            self.ca.display().to_string(),
            "--platform-user".into(),
            user.into(),
            "--platform-retries".into(),
            "1".into(),
            "--platform-password-source".into(),
            format!("file:{}", password_file.display()),
        ]
    }

    /// The forward proxy's log: one line per request, `METHOD TARGET STATUS`.
    pub fn proxy_log(&self) -> String {
        fs::read_to_string(self.dir.path().join("proxy.log")).unwrap_or_default()
    }

    /// A client certificate and key (PEM) that the platform's test CA issued, in the
    /// test directory of `env` as `NAME.pem` and `NAME.key`.
    pub fn client_certificate(&self, env: &Epct, name: &str) -> (PathBuf, PathBuf) {
        let key = env.path(&format!("{name}.key"));
        let csr = env.path(&format!("{name}.csr"));
        let cert = env.path(&format!("{name}.pem"));
        run(Command::new("openssl")
            .args(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout"])
            .arg(&key)
            .arg("-out")
            .arg(&csr)
            .args(["-subj", &format!("/CN={name}")])
            .args(["-addext", "extendedKeyUsage=clientAuth"]));
        self.ca_authority.issue(&csr, &cert);
        (cert, key)
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
/// An expired one is issued under `faketime` (Debian faketime), valid from 10 days
/// ago to 8 days ago.
fn server_certificate(dir: &Path, ca: &TestCa, names: &str, expired: bool) -> (PathBuf, PathBuf) {
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
    if expired {
        run(Command::new("faketime")
            .args(["-f", "-10d", "openssl", "x509", "-req", "-days", "2"])
            .args(["-copy_extensions", "copy", "-in"])
            .arg(&csr)
            .arg("-CA")
            .arg(&ca.cert)
            .arg("-CAkey")
            // Where TestCa::new keeps the key of the CA it makes in `dir`.
            .arg(dir.join("platform-ca.key"))
            .arg("-out")
            .arg(&cert));
    } else {
        ca.issue(&csr, &cert);
    }
    (cert, key)
}

/// What the configuration of one server is made of.
struct Server<'a> {
    root: &'a Path,
    port: u16,
    cert: &'a Path,
    key: &'a Path,
    ca: &'a Path,
    proxy_port: Option<u16>,
}

impl Server<'_> {
    fn config(&self, setup: &Setup) -> String {
        let root = self.root.display();
        let user = if is_root() {
            "User www-data\nGroup www-data\n"
        } else {
            ""
        };
        let mut modules = vec![
            "mpm_event",
            "authz_core",
            "authz_user",
            "authn_core",
            "authn_file",
            "auth_basic",
            "dav",
            "dav_fs",
            "ssl",
        ];
        let mut extra = String::new();
        if let Some(status) = setup.refuse_writes_with {
            modules.push("rewrite");
            extra += &format!(
                "RewriteEngine On\n\
                 RewriteCond %{{REQUEST_METHOD}} ^(PUT|MOVE)$\n\
                 RewriteRule ^ - [R={status},L]\n"
            );
        }
        if setup.client_certificates {
            extra += &format!(
                "SSLVerifyClient require\nSSLVerifyDepth 2\nSSLCACertificateFile \"{}\"\n",
                self.ca.display()
            );
        }
        let mut proxy = String::new();
        if let Some(proxy_port) = self.proxy_port {
            modules.extend(["proxy", "proxy_connect"]);
            proxy = format!(
                "Listen 127.0.0.1:{proxy_port}\n\
                 <VirtualHost 127.0.0.1:{proxy_port}>\n    \
                     SSLEngine off\n    \
                     ProxyRequests On\n    \
                     AllowCONNECT {port}\n    \
                     CustomLog \"{root}/proxy.log\" \"%r %>s\"\n    \
                     <Proxy \"*\">\n        Require all granted\n    </Proxy>\n\
                 </VirtualHost>\n",
                port = self.port
            );
        }
        let modules: String = (modules.iter())
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
             {extra}\
             <Directory \"{root}/www\">\n    Options None\n    AllowOverride None\n</Directory>\n\
             Include \"{root}/rules.conf\"\n\
             {proxy}",
            port = self.port,
            limit = setup.limit_request_body,
            cert = self.cert.display(),
            key = self.key.display(),
        )
    }
}

/// Which way the bytes go that [`CuttingRelay`] counts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From epct to the server (an upload).
    Up,
    /// From the server to epct (a download).
    Down,
}

/// A TCP relay in front of the platform that cuts every connection (both ways, at
/// once) when `limit` bytes went one way through it: a cut in the middle of a
/// transfer, at a known point. Stopping the server cannot give that: it would race
/// the transfer, and a small file would be through before the server is gone.
pub struct CuttingRelay {
    /// The port epct connects to instead of the platform's.
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl CuttingRelay {
    pub fn start(platform: &TestPlatform, direction: Direction, limit: u64) -> CuttingRelay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let target = platform.port;
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            while !stopping.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((client, _)) => {
                        client.set_nonblocking(false).unwrap();
                        let server = TcpStream::connect(("127.0.0.1", target)).unwrap();
                        let up = if direction == Direction::Up {
                            limit
                        } else {
                            u64::MAX
                        };
                        let down = if direction == Direction::Down {
                            limit
                        } else {
                            u64::MAX
                        };
                        pump(client.try_clone().unwrap(), server.try_clone().unwrap(), up);
                        pump(server, client, down);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        CuttingRelay {
            port,
            stop,
            thread: Some(thread),
        }
    }

    /// The platform's URL through the relay.
    pub fn url(&self, platform: &TestPlatform) -> String {
        platform
            .url
            .replace(&format!(":{}/", platform.port), &format!(":{}/", self.port))
    }
}

impl Drop for CuttingRelay {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Copies `from` to `to` in a thread of its own until `limit` bytes passed, then cuts
/// both connections.
fn pump(mut from: TcpStream, mut to: TcpStream, limit: u64) {
    std::thread::spawn(move || {
        let mut passed = 0u64;
        let mut buf = [0u8; 4096];
        loop {
            let n = match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let allowed = (limit - passed).min(n as u64) as usize;
            if to.write_all(&buf[..allowed]).is_err() {
                break;
            }
            passed += allowed as u64;
            if passed >= limit {
                break;
            }
        }
        let _ = from.shutdown(Shutdown::Both);
        let _ = to.shutdown(Shutdown::Both);
    });
}
