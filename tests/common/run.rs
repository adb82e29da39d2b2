//! What a run of `epct` did: its JSON, its exit code as an [`ExitCode`], its one line of
//! error.

use std::process::Output;

use epct::ExitCode;

/// Checks on a run of the `epct` binary.
pub trait Run {
    /// Runs with `--json`, asserts success, and returns the JSON printed.
    fn json(&mut self) -> serde_json::Value;
    /// Runs with `--json`, asserts that it exits with `code`, and returns the JSON
    /// report printed all the same.
    fn json_exiting(&mut self, code: ExitCode) -> serde_json::Value;
    /// Asserts that the run fails with `code`, nothing on stdout, and one line on stderr:
    /// an error that contains `text`. Returns that line.
    fn fails(&mut self, code: ExitCode, text: &str) -> String;
    /// Asserts that the run exits with `code` and that the last thing on stderr, past any
    /// warnings, is one line of error containing `text`; stdout may hold a report.
    /// Returns the output.
    fn fails_after_report(&mut self, code: ExitCode, text: &str) -> Output;
    /// Runs and asserts the exit code, for further checks of assert_cmd's.
    fn exits(&mut self, code: ExitCode) -> assert_cmd::assert::Assert;
}

/// Standard error without the warning that no election date is set (tests/election_date.rs
/// checks it), which a data command run without one prints before its error.
fn without_election_date_warning(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| !l.starts_with("warning: no election date is set: "))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The number a process exits with for `code`.
pub fn status(code: ExitCode) -> i32 {
    code as i32
}

impl Run for assert_cmd::Command {
    fn json(&mut self) -> serde_json::Value {
        let out = self.arg("--json").output().unwrap();
        assert!(
            out.status.success(),
            "stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        parse_json(&out)
    }

    fn json_exiting(&mut self, code: ExitCode) -> serde_json::Value {
        let out = self.arg("--json").output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(status(code)),
            "stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        parse_json(&out)
    }

    fn fails(&mut self, code: ExitCode, text: &str) -> String {
        let out = self.output().unwrap();
        let stderr = without_election_date_warning(&out.stderr);
        assert_eq!(out.status.code(), Some(status(code)), "stderr: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line of error: {stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(stderr.contains(text), "'{text}' not in: {stderr}");
        assert!(
            out.stdout.is_empty(),
            "nothing on stdout: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        stderr.trim_end().to_owned()
    }

    fn fails_after_report(&mut self, code: ExitCode, text: &str) -> Output {
        let out = self.output().unwrap();
        assert_eq!(out.status.code(), Some(status(code)), "{out:?}");
        let line = one_line_error(&out.stderr);
        assert!(line.contains(text), "'{text}' not in: {line}");
        out
    }

    fn exits(&mut self, code: ExitCode) -> assert_cmd::assert::Assert {
        self.assert().code(status(code))
    }
}

/// The one line of an error message, past any warnings, checked to be one line and to
/// start "error: ".
pub fn one_line_error(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("warning: "))
        .collect();
    assert_eq!(lines.len(), 1, "expected one error line, got: {text}");
    assert!(lines[0].starts_with("error: "), "not an error line: {text}");
    lines[0].to_owned()
}

/// The JSON on the standard output of a run.
pub fn parse_json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}
