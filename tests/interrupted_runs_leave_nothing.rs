//! A run of `seal`, `encrypt`, `open`, `decrypt` or `exchange receive` killed mid-write
//! by SIGINT, SIGTERM, SIGHUP or SIGKILL leaves nothing in the output directory: the
//! content is in an unnamed file (seen in `/proc/PID/fd` as `DIR/#INODE (deleted)`)
//! that only a finished run links into place. Each run is caught with content already
//! written: its input comes through a FIFO fed halfway (or, for an inbox, the process is
//! stopped as soon as its output holds bytes), then the signal is sent.

mod common;

use std::fs;
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::trust::{import_test_list, root_certified_key, signed_list, standard_services};
use common::*;

const SIGNALS: [(&str, i32); 4] = [("INT", 2), ("TERM", 15), ("HUP", 1), ("KILL", 9)];

/// 8 MiB: eight blocks of every writer (1 MiB each), so that half of it is written
/// mid-run.
const CONTENT_LEN: usize = 8 << 20;

/// Starts epct in `env` with `args`, the three signals at their default action (a
/// background job would have SIGINT ignored: FIELD-NOTES).
fn start(env: &Epct, args: &[&str]) -> Child {
    let mut cmd = Command::new("env");
    cmd.arg("--default-signal=INT,TERM,HUP")
        .arg(assert_cmd::cargo::cargo_bin!("epct"));
    env.isolate(&mut cmd)
        .env("EPCT_TEST_PIN", PIN)
        .args(["--pin-source", "env:EPCT_TEST_PIN"])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("epct starts")
}

/// Whether `pid` holds an unnamed file in `dir` with bytes in it.
fn writing_unnamed_file(pid: u32, dir: &Path) -> bool {
    let dir = fs::canonicalize(dir).unwrap();
    let prefix = format!("{}/#", dir.display());
    let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    fds.filter_map(Result::ok).any(|fd| {
        let target = fs::read_link(fd.path()).unwrap_or_default();
        let target = target.to_string_lossy();
        target.starts_with(&prefix)
            && target.ends_with(" (deleted)")
            && fs::metadata(fd.path()).is_ok_and(|m| m.len() > 0)
    })
}

fn kill(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args(["-s", signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -s {signal} {pid}");
}

/// Waits until `child` writes its output into `dir`, stops it there, checks that the
/// output has no name, sends `signal`, and asserts that it ended by it and that `dir`
/// is empty.
fn interrupt_mid_write(mut child: Child, dir: &Path, (name, number): (&str, i32)) {
    let pid = child.id();
    let started = Instant::now();
    while !writing_unnamed_file(pid, dir) {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
            panic!("ended before it wrote ({status}): {stderr}");
        }
        assert!(started.elapsed() < Duration::from_secs(120), "never wrote");
        std::thread::sleep(Duration::from_millis(1));
    }
    kill(pid, "STOP");
    assert!(writing_unnamed_file(pid, dir));
    assert_eq!(
        listing(dir),
        Vec::<String>::new(),
        "named while being written"
    );
    kill(pid, name);
    if name != "KILL" {
        kill(pid, "CONT");
    }
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(number),
        "ended by SIG{name}: {status}"
    );
    assert_eq!(listing(dir), Vec::<String>::new(), "left after SIG{name}");
}

fn listing(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// A FIFO `name` in `env`'s directory, fed the first half of `content` by a thread that
/// keeps it open until the returned sender is dropped.
fn half_fed_fifo(env: &Epct, name: &str, content: &[u8]) -> (PathBuf, mpsc::Sender<()>) {
    let path = env.path(name);
    let made = Command::new("mkfifo").arg(&path).status().unwrap();
    assert!(made.success());
    let half = content[..content.len() / 2].to_vec();
    let (keep, hold) = mpsc::channel::<()>();
    let fifo = path.clone();
    std::thread::spawn(move || {
        let mut writer = fs::OpenOptions::new().write(true).open(fifo).unwrap();
        let _ = writer.write_all(&half);
        let _ = hold.recv();
    });
    (path, keep)
}

/// A world with key `k` on token BE, certified by a test CA, and `content.bin` sealed
/// (`sealed.p7m`) and encrypted (`encrypted.p7m`) to it.
fn one_state() -> (Epct, PathBuf, Vec<u8>) {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "BE");
    let cert = env.certified_key("BE", "k", "p256", &ca);
    let content = sample_content(CONTENT_LEN);
    env.file("content.bin", &content);
    for (command, out) in [("seal", "sealed.p7m"), ("encrypt", "encrypted.p7m")] {
        let mut cmd = env.epct();
        cmd.args([
            "--token",
            "BE",
            command,
            "content.bin",
            "--out",
            out,
            "--to",
        ])
        .arg(&cert);
        if command == "seal" {
            cmd.args(["--key", "k"]);
        }
        cmd.assert().success();
    }
    (env, cert, content)
}

#[test]
fn seal_and_encrypt_killed_mid_write_leave_nothing() {
    let (env, cert, content) = one_state();
    let cert = cert.display().to_string();
    for signal in SIGNALS {
        for command in ["seal", "encrypt"] {
            let dir = env.path(&format!("{command}-{}", signal.0));
            fs::create_dir(&dir).unwrap();
            let (fifo, keep) =
                half_fed_fifo(&env, &format!("{command}-{}.fifo", signal.0), &content);
            let out = dir.join("out.p7m");
            let mut args = vec!["--token", "BE", command, fifo.to_str().unwrap()];
            args.extend(["--out", out.to_str().unwrap(), "--to", &cert]);
            if command == "seal" {
                args.extend(["--key", "k"]);
            }
            interrupt_mid_write(start(&env, &args), &dir, signal);
            drop(keep);
        }
    }
}

#[test]
fn open_and_decrypt_killed_mid_write_leave_nothing() {
    let (env, _, _) = one_state();
    for signal in SIGNALS {
        for (command, input) in [("open", "sealed.p7m"), ("decrypt", "encrypted.p7m")] {
            let dir = env.path(&format!("{command}-{}", signal.0));
            fs::create_dir(&dir).unwrap();
            let bytes = fs::read(env.path(input)).unwrap();
            let (fifo, keep) = half_fed_fifo(&env, &format!("{command}-{}.fifo", signal.0), &bytes);
            let out = dir.join("out.bin");
            let mut args = vec!["--token", "BE", command, fifo.to_str().unwrap()];
            args.extend(["--key", "k", "--out", out.to_str().unwrap()]);
            if command == "open" {
                args.extend(["--no-trust-check", "--any-signer"]);
            }
            interrupt_mid_write(start(&env, &args), &dir, signal);
            drop(keep);
        }
    }
}

#[test]
fn exchange_receive_killed_mid_write_leaves_nothing() {
    let env = Epct::with_token("BE");
    env.add_token("FR");
    root_certified_key(&env, "BE", "be", "/C=BE/O=FPS Interior/CN=Elections");
    let fr = env.certified_key("FR", "fr", "rsa2048", &TestCa::new(env.dir(), "HOME"));
    env.file(
        "partners.csv",
        format!(
            "country,authority,role,certificate\nBE,FPS Interior,sender,be.pem\n\
             FR,Ministère de l'Intérieur,recipient,{}\n",
            fr.display()
        ),
    );
    let list = signed_list(env.dir(), "BE", 1, &standard_services(), "tl-signer");
    import_test_list(env.epct(), &list);
    env.epct()
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    env.epct()
        .args(["data", "generate", "--rows", "50000", "--residence", "BE"])
        .args(["--nationalities", "FR", "--out", "be.csv"])
        .assert()
        .success();
    fs::create_dir(env.path("inbox")).unwrap();
    env.epct()
        .args(["--token", "BE", "exchange", "send", "be.csv", "--key", "be"])
        .args(["--out-dir", "inbox"])
        .assert()
        .success();
    for signal in SIGNALS {
        let dir = env.path(&format!("received-{}", signal.0));
        fs::create_dir(&dir).unwrap();
        let args = [
            "--token",
            "FR",
            "exchange",
            "receive",
            "inbox",
            "--key",
            "fr",
            "--out-dir",
            dir.to_str().unwrap(),
        ];
        interrupt_mid_write(start(&env, &args), &dir, signal);
    }
}
