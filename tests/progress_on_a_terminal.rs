//! Progress bars (indicatif) for the long jobs: drawn on standard error when it is a
//! terminal (a pty made by `script`), never elsewhere, never under `-q/--quiet`.

mod common;

use std::process::Command;

use common::*;

/// Runs epct in `env` with `args` on a pseudo-terminal, and returns what the terminal
/// showed (standard output and standard error together).
fn on_a_terminal(env: &Epct, args: &[&str]) -> String {
    let epct = assert_cmd::cargo::cargo_bin!("epct");
    let line = std::iter::once(epct.to_str().unwrap())
        .chain(["--pin-source", "env:EPCT_TEST_PIN"])
        .chain(args.iter().copied())
        .map(|word| format!("'{word}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmd = Command::new("script");
    env.isolate(&mut cmd)
        .env("EPCT_TEST_PIN", PIN)
        .args(["-qec", &line, "/dev/null"])
        .stdin(std::process::Stdio::null());
    let out = cmd.output().expect("script runs");
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A world with BE's certified key, a large input and its sealed and signed forms.
fn world() -> (Epct, std::path::PathBuf) {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "BE");
    let cert = env.certified_key("BE", "be-key", "p256", &ca);
    env.file("big.bin", sample_content(2 << 20));
    (env, cert)
}

#[test]
fn every_long_file_job_shows_a_bar_on_a_terminal_and_none_with_quiet() {
    let (env, cert) = world();
    let cert = cert.to_str().unwrap();
    let jobs: [(&str, Vec<&str>); 6] = [
        (
            "sealing",
            vec![
                "--token", "BE", "seal", "big.bin", "--key", "be-key", "--to", cert, "--out",
                "big.p7m",
            ],
        ),
        (
            "opening",
            vec![
                "--token",
                "BE",
                "open",
                "big.p7m",
                "--key",
                "be-key",
                "--out",
                "opened.bin",
                "--no-trust-check",
                "--any-signer",
            ],
        ),
        (
            "signing",
            vec![
                "--token", "BE", "sign", "big.bin", "--key", "be-key", "--out", "big.p7s",
            ],
        ),
        ("verifying", vec!["verify", "big.p7s", "--no-trust-check"]),
        (
            "encrypting",
            vec!["encrypt", "big.bin", "--to", cert, "--out", "big.env"],
        ),
        (
            "decrypting",
            vec![
                "--token",
                "BE",
                "decrypt",
                "big.env",
                "--key",
                "be-key",
                "--out",
                "decrypted.bin",
            ],
        ),
    ];
    for (what, args) in &jobs {
        let shown = on_a_terminal(&env, args);
        assert!(shown.contains(what), "{what}: no bar in {shown:?}");
        assert!(shown.contains("MiB"), "{what}: no byte count in {shown:?}");
    }
    for name in [
        "big.p7m",
        "opened.bin",
        "big.p7s",
        "big.env",
        "decrypted.bin",
    ] {
        std::fs::remove_file(env.path(name)).unwrap();
    }
    for (what, args) in &jobs {
        let mut quiet = vec!["-q"];
        quiet.extend(args);
        let shown = on_a_terminal(&env, &quiet);
        assert!(!shown.contains(what), "{what} with -q: {shown:?}");
    }
}

#[test]
fn data_validate_shows_a_bar_on_a_terminal_and_nothing_without_one() {
    let env = Epct::new();
    env.epct()
        .args(["data", "generate", "--rows", "20000", "--out", "voters.csv"])
        .assert()
        .success();
    let shown = on_a_terminal(&env, &["data", "validate", "voters.csv"]);
    assert!(shown.contains("validating"), "{shown:?}");
    let out = env
        .epct()
        .args(["data", "validate", "voters.csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("validating") && !stderr.contains('\x1b'),
        "{stderr:?}"
    );
}

#[test]
fn without_a_terminal_nothing_is_drawn() {
    let (env, cert) = world();
    let out = env
        .epct()
        .args([
            "--token", "BE", "seal", "big.bin", "--key", "be-key", "--out", "big.p7m", "--to",
        ])
        .arg(&cert)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("sealing") && !stderr.contains('\x1b'),
        "{stderr:?}"
    );
}

#[test]
fn exchange_send_and_receive_show_a_spinner_on_a_terminal_and_none_with_quiet() {
    let pair = common::exchange::pair(200);
    let store = pair.env.path("store");
    let store = store.to_str().unwrap();
    let send = [
        "--trust-store",
        store,
        "--token",
        "BE",
        "exchange",
        "send",
        "be.csv",
        "--key",
        "be",
        "--out-dir",
        "out",
    ];
    let shown = on_a_terminal(&pair.env, &send);
    assert!(shown.contains("sending be.csv"), "{shown:?}");
    let quiet: Vec<&str> = ["-q"].into_iter().chain(send).chain(["--force"]).collect();
    let shown = on_a_terminal(&pair.env, &quiet);
    assert!(!shown.contains("sending"), "with -q: {shown:?}");
    let name = std::fs::read_dir(pair.env.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.starts_with("BE-to-FR-"))
        .unwrap();
    std::fs::copy(
        pair.env.path(&format!("out/{name}")),
        pair.env.path(&format!("inbox/{name}")),
    )
    .unwrap();
    let receive = [
        "--trust-store",
        store,
        "--token",
        "FR",
        "exchange",
        "receive",
        "inbox",
        "--key",
        "fr",
        "--out-dir",
        "received",
    ];
    let shown = on_a_terminal(&pair.env, &receive);
    assert!(shown.contains("receiving"), "{shown:?}");
}
