//! Slow cards (about 4 s a command on a CAC card): no command opens more sessions,
//! logins or object searches than it needs. `-vv` logs each of them, numbered, and the
//! module's initialisation and its one finalisation.

mod common;

use std::fs;

use common::*;

/// How many times `-vv` logged `call` (`C_Login`, say).
pub fn calls(stderr: &[u8], call: &str) -> usize {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| l.starts_with(&format!("pkcs11: {call} ")))
        .count()
}

#[test]
fn seal_and_open_open_one_session_log_in_once_and_search_three_or_four_times() {
    let env = Epct::with_token("BE");
    let ca = TestCa::new(env.dir(), "BE");
    let cert = env.certified_key("BE", "k", "rsa2048", &ca);
    fs::write(env.path("in.csv"), sample_content(10_000)).unwrap();
    let sealed = env
        .epct()
        .args([
            "-vv", "seal", "in.csv", "--key", "k", "--out", "s.p7m", "--to",
        ])
        .arg(&cert)
        .output()
        .unwrap();
    assert!(sealed.status.success(), "{sealed:?}");
    let opened = env
        .epct()
        .args(["-vv", "open", "s.p7m", "--key", "k", "--out", "o.csv"])
        .args(["--no-trust-check", "--any-signer"])
        .output()
        .unwrap();
    assert!(opened.status.success(), "{opened:?}");
    // open lists the certificates once more, before the login: the file must be for the
    // key before the PIN is asked.
    for (run, searches) in [(&sealed, 3), (&opened, 4)] {
        let log = &run.stderr;
        assert_eq!(
            calls(log, "C_Initialize"),
            1,
            "{}",
            String::from_utf8_lossy(log)
        );
        assert_eq!(calls(log, "C_OpenSession"), 1);
        assert_eq!(calls(log, "C_Login"), 1);
        assert_eq!(calls(log, "C_FindObjects"), searches);
        assert_eq!(calls(log, "C_Finalize:"), 1);
    }
}
