//! The plaintexts that `exchange receive` wrote into a directory, each with its sender,
//! as its reports (`receive-report-TIME[-N].json`, in the same directory) list them:
//! reports in the order of their runs, files in the order of each report. A file listed
//! twice (received again with `--force`) is taken once, where it was first listed.

use std::fs;
use std::path::{Path, PathBuf};

use super::MatchError;
use super::received::ReceivedInput;
use crate::input::{self, read_bounded};

/// The received files of `dir`.
pub fn received_in(dir: &Path) -> Result<Vec<ReceivedInput>, MatchError> {
    let entries = fs::read_dir(dir).map_err(|source| MatchError::Read {
        path: dir.to_owned(),
        source,
    })?;
    let mut reports: Vec<((String, u32), PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| MatchError::Read {
            path: dir.to_owned(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(run) = report_run(&name) {
            reports.push((run, entry.path()));
        }
    }
    if reports.is_empty() {
        return Err(MatchError::NoReceiveReport {
            dir: dir.to_owned(),
        });
    }
    reports.sort();
    let mut inputs: Vec<ReceivedInput> = Vec::new();
    for (_, report) in reports {
        for input in read_report(dir, &report)? {
            if !inputs.iter().any(|i| i.path == input.path) {
                inputs.push(input);
            }
        }
    }
    Ok(inputs)
}

/// The run of a report's file name: its time stamp and its number in that second.
fn report_run(name: &str) -> Option<(String, u32)> {
    let stem = name
        .strip_prefix("receive-report-")?
        .strip_suffix(".json")?;
    match stem.split_once('-') {
        Some((stamp, n)) => Some((stamp.to_owned(), n.parse().ok()?)),
        None => Some((stem.to_owned(), 1)),
    }
}

/// The received plaintexts that `report` lists, with their senders.
fn read_report(dir: &Path, report: &Path) -> Result<Vec<ReceivedInput>, MatchError> {
    let bad = |reason: String| MatchError::BadReceiveReport {
        path: report.to_owned(),
        reason,
    };
    let bytes = read_bounded(report, input::RECEIVE_REPORT).map_err(|e| bad(e.to_string()))?;
    let json: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    let files = json
        .get("files")
        .and_then(|f| f.as_array())
        .ok_or_else(|| bad("no list of files".to_owned()))?;
    let mut inputs = Vec::new();
    for file in files {
        let status = file
            .get("status")
            .and_then(|s| s.as_str())
            .unwrap_or_default();
        if status == "failed" {
            continue;
        }
        let Some(output) = file.get("output").and_then(|o| o.as_str()) else {
            continue;
        };
        let name = Path::new(output)
            .file_name()
            .ok_or_else(|| bad(format!("the output '{output}' names no file")))?;
        let sender = file
            .get("claimed_sender")
            .and_then(|s| s.as_str())
            .map(str::to_owned);
        inputs.push(ReceivedInput {
            path: dir.join(name),
            sender,
        });
    }
    Ok(inputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_sort_by_run() {
        let mut runs: Vec<(String, u32)> = [
            "receive-report-20261125T101500Z-2.json",
            "receive-report-20261125T101500Z.json",
            "receive-report-20261124T090000Z.json",
        ]
        .into_iter()
        .filter_map(report_run)
        .collect();
        runs.sort();
        assert_eq!(
            runs,
            [
                ("20261124T090000Z".to_owned(), 1),
                ("20261125T101500Z".to_owned(), 1),
                ("20261125T101500Z".to_owned(), 2)
            ]
        );
        assert_eq!(report_run("receive-report-20261125T101500Z.csv"), None);
        assert_eq!(report_run("BE-to-FR.csv"), None);
    }
}
