//! Where an output may go: an absent path, or a regular file with `--force`. A
//! directory, a FIFO, a symbolic link or a device is refused with one line naming it,
//! `--force` or not, and stays as it was. A write that fails midway says so once, naming
//! the destination and never a temporary file.

mod common;

use std::fs;
use std::os::unix::fs::FileTypeExt;
use std::process::Command;

use common::*;

/// A world with key `k` on token BE, its certificate `k.pem`, and `content.csv`.
fn one_key() -> Epct {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "BE");
    env.certified_key("BE", "k", "p256", &ca);
    env.file("content.csv", sample_content(1 << 20));
    env
}

fn seal_to(env: &Epct, out: &str, force: bool) -> assert_cmd::Command {
    let mut cmd = env.epct();
    cmd.args([
        "--token",
        "BE",
        "seal",
        "content.csv",
        "--key",
        "k",
        "--to",
        "k.pem",
    ])
    .args(["--out", out]);
    if force {
        cmd.arg("--force");
    }
    cmd
}

#[test]
fn a_directory_fifo_symlink_or_device_is_never_written_over() {
    let env = one_key();
    fs::create_dir(env.path("dir")).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(env.path("fifo"))
            .status()
            .unwrap()
            .success()
    );
    env.file("target", "kept");
    std::os::unix::fs::symlink("target", env.path("link")).unwrap();
    // A device node of our own (the null device's numbers): mknod needs root, as the
    // tests run here and in CI.
    let made = Command::new("mknod")
        .arg(env.path("device"))
        .args(["c", "1", "3"])
        .status()
        .unwrap();
    assert!(made.success(), "mknod (the tests run as root)");
    for (name, what) in [
        ("dir", "a directory"),
        ("fifo", "a FIFO"),
        ("link", "a symbolic link"),
        ("device", "a device"),
    ] {
        for force in [false, true] {
            let line = seal_to(&env, name, force).fails(
                ExitCode::Failure,
                &format!("{name} is {what}, not a regular file; give the path of a file to write"),
            );
            assert!(!line.contains(".part"), "{line}");
        }
    }
    assert!(env.path("dir").is_dir());
    assert!(
        fs::symlink_metadata(env.path("fifo"))
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(
        fs::symlink_metadata(env.path("link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::symlink_metadata(env.path("device"))
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_eq!(fs::read_to_string(env.path("target")).unwrap(), "kept");
    let leftovers: Vec<_> = fs::read_dir(env.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn force_replaces_a_regular_file_whole() {
    let env = one_key();
    env.file("sealed.p7m", "old");
    seal_to(&env, "sealed.p7m", false).fails(ExitCode::Failure, "sealed.p7m exists already");
    assert_eq!(fs::read(env.path("sealed.p7m")).unwrap(), b"old");
    seal_to(&env, "sealed.p7m", true).assert().success();
    assert_ne!(fs::read(env.path("sealed.p7m")).unwrap(), b"old");
}

/// The write fails midway: the file size limit (`ulimit -f`, with SIGXFSZ ignored so
/// that write(2) returns EFBIG), as a full disk would with ENOSPC.
#[test]
fn a_write_that_fails_midway_names_the_destination_once() {
    let env = one_key();
    for (args, out) in [
        (
            vec![
                "--token",
                "BE",
                "seal",
                "content.csv",
                "--key",
                "k",
                "--to",
                "k.pem",
            ],
            "sealed.p7m",
        ),
        (
            vec!["--token", "BE", "encrypt", "content.csv", "--to", "k.pem"],
            "encrypted.p7m",
        ),
        (
            vec!["data", "generate", "--rows", "100000", "--residence", "BE"],
            "generated.csv",
        ),
    ] {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "trap '' XFSZ; ulimit -f 64; exec \"$@\"", "sh"])
            .arg(assert_cmd::cargo::cargo_bin!("epct"));
        env.isolate(&mut cmd)
            .env("EPCT_TEST_PIN", PIN)
            .args(["--pin-source", "env:EPCT_TEST_PIN"])
            .args(&args)
            .args(["--out", out]);
        let line = assert_cmd::Command::from_std(cmd).fails(
            ExitCode::Failure,
            &format!("cannot write {out}: File too large"),
        );
        assert_eq!(line.matches("cannot write").count(), 1, "{line}");
        env.nothing_left_behind(out);
    }
}
