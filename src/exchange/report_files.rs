//! The report of one `exchange receive` run: a pair of files of its own
//! (`receive-report-20261125T101500Z.json` and `.csv`, named for the run's start in
//! UTC), so that no run replaces the report of another and a re-run never fails on an
//! old report. The names are chosen, and checked free, before any plaintext is
//! written; two runs in the same second get `-2`, `-3`, ... after the time.

use std::io::Write;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use crate::output::{OutputError, OutputFile};

/// The report files of a run, not yet in place.
pub(crate) struct ReportFiles {
    json: (PathBuf, OutputFile),
    csv: (PathBuf, OutputFile),
}

/// The most runs of one second whose reports can sit side by side.
const SAME_SECOND: u32 = 1000;

impl ReportFiles {
    /// Reserves the first free pair of names in `out_dir` for a run started at `started`.
    pub fn reserve(out_dir: &Path, started: OffsetDateTime) -> Result<Self, OutputError> {
        let t = started.to_offset(time::UtcOffset::UTC);
        let stamp = format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        );
        let mut last = None;
        for n in 1..=SAME_SECOND {
            let base = match n {
                1 => format!("receive-report-{stamp}"),
                n => format!("receive-report-{stamp}-{n}"),
            };
            let (json, csv) = (
                out_dir.join(format!("{base}.json")),
                out_dir.join(format!("{base}.csv")),
            );
            if json.exists() || csv.exists() {
                last = Some(json);
                continue;
            }
            return Ok(ReportFiles {
                json: (json.clone(), OutputFile::create(&json, false)?),
                csv: (csv.clone(), OutputFile::create(&csv, false)?),
            });
        }
        Err(OutputError::Exists {
            path: last.unwrap_or_else(|| out_dir.to_owned()),
        })
    }

    /// Where the JSON report will be.
    pub fn json_path(&self) -> &Path {
        &self.json.0
    }

    /// Writes both reports and puts them in place, the CSV one first.
    pub fn commit(self, json: &[u8], csv: &[u8]) -> Result<(), OutputError> {
        for ((path, mut file), bytes) in [(self.csv, csv), (self.json, json)] {
            file.write_all(bytes)
                .map_err(|source| OutputError::Write { path, source })?;
            file.commit()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn a_run_gets_names_of_its_own_even_in_the_same_second() {
        let dir = tempfile::tempdir().unwrap();
        let at = datetime!(2026-11-25 10:15:00 +01:00);
        let first = ReportFiles::reserve(dir.path(), at).unwrap();
        assert_eq!(
            first.json_path(),
            dir.path().join("receive-report-20261125T091500Z.json")
        );
        first.commit(b"{}", b"file\n").unwrap();
        let second = ReportFiles::reserve(dir.path(), at).unwrap();
        assert_eq!(
            second.json_path(),
            dir.path().join("receive-report-20261125T091500Z-2.json")
        );
        second.commit(b"{}", b"file\n").unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("receive-report-20261125T091500Z.csv")).unwrap(),
            b"file\n"
        );
    }
}
