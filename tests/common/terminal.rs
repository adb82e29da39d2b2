//! `epct` at a terminal and away from one: under a pseudo-terminal made by `script(1)`
//! (util-linux), with lines typed one at a time, or detached from any controlling
//! terminal by `setsid(1)`, as in CI.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::Duration;

use super::Epct;

/// What a run at a terminal did: its exit code and everything the terminal showed
/// (standard output and error, and the prompts).
pub struct AtTerminal {
    pub code: Option<i32>,
    pub screen: String,
}

impl AtTerminal {
    /// Asserts that the run ended with `code` and that the terminal showed each of
    /// `texts`.
    pub fn shows(&self, code: super::ExitCode, texts: &[&str]) {
        assert_eq!(self.code, Some(code as i32), "{}", self.screen);
        for text in texts {
            assert!(
                self.screen.contains(text),
                "'{text}' not in: {}",
                self.screen
            );
        }
    }
}

/// Runs `epct ARGS` at a pseudo-terminal in `env`, typing each of `typed` (a line, or
/// a control character such as "\x03" for Ctrl-C) after a pause; standard input is
/// closed after the last one. `EPCT_TEST_PIN` holds the test PIN, for ARGS that name it.
pub fn at_terminal(env: &Epct, args: &[&str], typed: &[&str]) -> AtTerminal {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let epct = assert_cmd::cargo::cargo_bin!("epct");
    let line = std::iter::once(quote(&epct.display().to_string()))
        .chain(args.iter().map(|a| quote(a)))
        .collect::<Vec<_>>()
        .join(" ");
    let mut script = Command::new("script");
    env.isolate(&mut script)
        .env("EPCT_TEST_PIN", super::PIN)
        .args(["-qefc", &line, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = script.spawn().expect("script(1) runs");
    let mut stdin = child.stdin.take().unwrap();
    for text in typed {
        thread::sleep(Duration::from_millis(700));
        // The run may be over already (a refusal before the prompt).
        let _ = stdin.write_all(text.as_bytes());
        let _ = stdin.flush();
    }
    thread::sleep(Duration::from_millis(300));
    drop(stdin);
    let out: Output = child.wait_with_output().unwrap();
    AtTerminal {
        code: out.status.code(),
        screen: String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr),
    }
}

/// `epct` in `env` with no controlling terminal (`setsid -w`).
pub fn detached(env: &Epct) -> assert_cmd::Command {
    let mut setsid = Command::new("setsid");
    env.isolate(&mut setsid)
        .arg("-w")
        .arg(assert_cmd::cargo::cargo_bin!("epct"));
    assert_cmd::Command::from_std(setsid)
}
