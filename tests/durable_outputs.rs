//! What is forced to disk, seen by strace on real runs: state (here a certificate
//! written by `cert self-sign`, through the same `write_file` as the trust store, the
//! partner directory, manifests and reports) always, a large output (`seal`) with
//! `--sync`: the file's fsync before it is linked into place, the directory's after.

mod common;

use std::fs;
use std::process::Command;

use common::*;

/// The calls that make an output durable, as strace prints them (`-y`: with the path
/// of each descriptor).
const TRACED: &str = "trace=fsync,fdatasync,linkat,rename,renameat,renameat2";

/// Runs epct in `env` with `args` under strace, and returns the trace.
fn traced(env: &Epct, args: &[&str]) -> String {
    let trace = env.path("trace.txt");
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-y", "-e", TRACED, "-o"])
        .arg(&trace)
        .arg(assert_cmd::cargo::cargo_bin!("epct"));
    env.isolate(&mut cmd)
        .env("EPCT_TEST_PIN", PIN)
        .args(["--pin-source", "env:EPCT_TEST_PIN"])
        .args(args);
    let out = cmd
        .output()
        .expect("strace runs (scripts/install-deps.sh installs it)");
    assert!(out.status.success(), "{out:?}");
    fs::read_to_string(trace).unwrap()
}

/// The index of the first line of `trace` after `from` that contains every one of
/// `parts`.
fn find(trace: &[&str], from: usize, parts: &[&str]) -> Option<usize> {
    (from..trace.len()).find(|&i| parts.iter().all(|p| trace[i].contains(p)))
}

/// Asserts that `name` in `dir` was made durable: an fsync of the unnamed file in
/// `dir`, then its link (or rename) to `name`, then an fsync of `dir`.
fn assert_durable(trace: &str, dir: &str, name: &str) {
    let lines: Vec<&str> = trace.lines().collect();
    let unnamed = format!("<{dir}/#");
    let synced = find(&lines, 0, &["fsync(", &unnamed]).unwrap_or_else(|| {
        panic!("no fsync of the unnamed file in {dir}:\n{trace}");
    });
    // Relative to the working directory (`dir`), as epct was given it.
    let target = format!("\"{name}\"");
    let linked = find(&lines, synced, &["link", &target])
        .or_else(|| find(&lines, synced, &["rename", &target]))
        .unwrap_or_else(|| panic!("{name} not linked after its fsync:\n{trace}"));
    find(&lines, linked, &["fsync(", &format!("<{dir}>")])
        .unwrap_or_else(|| panic!("{dir} not synced after the link:\n{trace}"));
}

#[test]
fn state_is_synced_with_its_directory_and_large_outputs_with_sync() {
    let env = Epct::with_token("BE");
    env.epct()
        .args([
            "--token", "BE", "key", "generate", "--label", "k", "--type", "p256",
        ])
        .assert()
        .success();
    let dir = fs::canonicalize(env.dir()).unwrap().display().to_string();
    for force in [false, true] {
        let mut args = vec!["--token", "BE", "cert", "self-sign", "--key", "k"];
        args.extend(["--subject", "CN=durable", "--out", "k.pem"]);
        if force {
            args.push("--force");
        }
        assert_durable(&traced(&env, &args), &dir, "k.pem");
    }

    env.file("content.csv", sample_content(1 << 20));
    let seal = [
        "--token",
        "BE",
        "seal",
        "content.csv",
        "--key",
        "k",
        "--to",
        "k.pem",
    ];
    let plain = traced(&env, &[&seal[..], &["--out", "plain.p7m"]].concat());
    assert!(env.path("plain.p7m").is_file());
    assert!(
        !plain.contains("fsync("),
        "a large output without --sync:\n{plain}"
    );
    let synced = traced(
        &env,
        &[&["--sync"][..], &seal, &["--out", "synced.p7m"]].concat(),
    );
    assert_durable(&synced, &dir, "synced.p7m");
}
