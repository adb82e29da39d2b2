//! The review list: for each received record its class (`certain`, `probable`,
//! `several`, `none`), the roll entries that fit with their score and every reason in
//! words, and what the home state's official is asked to review (marking, or for a
//! `withdraw` a restoration). CSV with formulas neutralised, or JSON; and the summary
//! per class, per sender and per file. Nothing in it changes the roll.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::compare::{Fit, Place, Reasons};
use super::received::{Action, Received, ReceivedInput, Unreadable};
use super::roll::{Findings, Found, RollCounts};
use crate::data::write_report_record;

/// The class of a received record once the whole roll was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Exactly one roll entry equal once normalised.
    Certain,
    /// Exactly one roll entry fits, with the reasons given; or of the entries that
    /// fit, only one has the same place of birth, and every other another one.
    Probable,
    /// More than one roll entry fits as well as the best.
    Several,
    /// No roll entry fits.
    None,
    /// The received row cannot be read: not matched.
    Unreadable,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Certain => "certain",
            Class::Probable => "probable",
            Class::Several => "several",
            Class::None => "none",
            Class::Unreadable => "unreadable",
        }
    }
}

/// Counts per class.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClassCounts {
    pub certain: u64,
    pub probable: u64,
    pub several: u64,
    pub none: u64,
}

impl ClassCounts {
    /// Counts a matched record (never [`Class::Unreadable`], counted apart).
    fn add(&mut self, class: Class) {
        match class {
            Class::Certain => self.certain += 1,
            Class::Probable => self.probable += 1,
            Class::Several => self.several += 1,
            Class::None | Class::Unreadable => self.none += 1,
        }
    }
}

/// The summary of a run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct MatchSummary {
    /// Received records matched (those replaced by a later `correct` or `withdraw` are
    /// not).
    pub received: u64,
    pub replaced: u64,
    /// `add`/`correct` records: persons to mark on the roll after review.
    pub marking: ClassCounts,
    /// `withdraw` records: persons the home state may restore after review.
    pub restoration: ClassCounts,
    pub by_sender: BTreeMap<String, ClassCounts>,
    pub by_file: BTreeMap<String, ClassCounts>,
    /// Received rows that could not be read, listed in the review as `unreadable`.
    pub received_unreadable: u64,
    pub roll_rows: u64,
    /// Roll rows without a usable surname, given name or date of birth.
    pub roll_rows_unreadable: u64,
    pub roll_unreadable_lines: Vec<u64>,
}

/// One line of the review: a received record and one roll entry (none for `none`).
#[derive(Clone, Debug, Serialize)]
pub struct ReviewLine<'a> {
    pub class: Class,
    /// `marking` for `add`/`correct`, `restoration` for `withdraw`, `correction` for
    /// an unreadable row.
    pub review: &'static str,
    pub score: f32,
    pub reasons: Vec<String>,
    pub received_file: &'a str,
    pub received_line: u64,
    pub record_id: Option<&'a str>,
    /// None for an unreadable row.
    pub action: Option<Action>,
    pub sender: &'a str,
    pub roll_line: Option<u64>,
    pub roll_id: Option<&'a str>,
}

/// The results, ready to be written.
pub struct Review {
    files: Vec<String>,
    received: Vec<Received>,
    unreadable: Vec<Unreadable>,
    findings: Vec<Findings>,
    pub summary: MatchSummary,
}

const CSV_HEADER: [&str; 11] = [
    "class",
    "review",
    "score",
    "reasons",
    "received_file",
    "received_line",
    "record_id",
    "action",
    "sender",
    "roll_line",
    "roll_id",
];

impl Review {
    pub(crate) fn new(
        inputs: &[ReceivedInput],
        (received, unreadable): (Vec<Received>, Vec<Unreadable>),
        findings: Vec<Findings>,
        roll: RollCounts,
    ) -> Review {
        let files: Vec<String> = inputs
            .iter()
            .map(|i| i.path.display().to_string())
            .collect();
        let mut summary = MatchSummary {
            roll_rows: roll.rows,
            roll_rows_unreadable: roll.unreadable,
            roll_unreadable_lines: roll.unreadable_lines,
            received_unreadable: unreadable.len() as u64,
            ..MatchSummary::default()
        };
        for file in &files {
            summary.by_file.entry(file.clone()).or_default();
        }
        for (record, found) in received.iter().zip(&findings) {
            if record.superseded {
                summary.replaced += 1;
                continue;
            }
            summary.received += 1;
            let class = class(found);
            match record.action {
                Action::Withdraw => summary.restoration.add(class),
                Action::Add | Action::Correct => summary.marking.add(class),
            }
            summary
                .by_sender
                .entry(record.sender.to_string())
                .or_default()
                .add(class);
            summary
                .by_file
                .entry(files[record.file].clone())
                .or_default()
                .add(class);
        }
        Review {
            files,
            received,
            unreadable,
            findings,
            summary,
        }
    }

    /// Every line of the review, in the order of the received files and lines; then
    /// the rows that could not be read.
    pub fn lines(&self) -> impl Iterator<Item = ReviewLine<'_>> {
        let matched = (self.received.iter())
            .zip(&self.findings)
            .filter(|(r, _)| !r.superseded)
            .flat_map(move |(record, findings)| self.lines_of(record, findings));
        let unreadable = self.unreadable.iter().map(move |row| ReviewLine {
            class: Class::Unreadable,
            review: "correction",
            score: 0.0,
            reasons: vec![format!("cannot be read: {}", row.reason)],
            received_file: &self.files[row.file],
            received_line: row.line,
            record_id: row.record_id.as_deref(),
            action: None,
            sender: &row.sender,
            roll_line: None,
            roll_id: None,
        });
        matched.chain(unreadable)
    }

    fn lines_of<'a>(&'a self, record: &'a Received, findings: &'a Findings) -> Vec<ReviewLine<'a>> {
        let class = class(findings);
        let line = |found: Option<&'a Found>, reasons: Vec<String>| ReviewLine {
            class,
            review: match record.action {
                Action::Withdraw => "restoration",
                Action::Add | Action::Correct => "marking",
            },
            score: found.map_or(0.0, |f| f.assessed.score),
            reasons,
            received_file: &self.files[record.file],
            received_line: record.line,
            record_id: record.record_id.as_deref(),
            action: Some(record.action),
            sender: &record.sender,
            roll_line: found.map(|f| f.line),
            roll_id: found.map(|f| &*f.id),
        };
        let best = findings.found.iter().map(|f| f.assessed.fit).max();
        let by_place = class == Class::Probable && findings.probable > 1;
        let mut shown: Vec<&Found> = (findings.found.iter())
            .filter(|f| Some(f.assessed.fit) == best)
            .filter(|f| !by_place || f.assessed.place == Place::Agrees)
            .collect();
        shown.sort_by_key(|f| f.line);
        match class {
            Class::None | Class::Unreadable => {
                vec![line(None, vec!["no roll entry fits".to_owned()])]
            }
            Class::Certain | Class::Probable => shown
                .into_iter()
                .map(|f| {
                    let mut reasons = reasons_in_words(f.assessed.fit, f.assessed.reasons);
                    if by_place {
                        reasons.push(format!(
                            "the same place of birth, where {} other roll entries that fit \
                             give another",
                            findings.probable - 1
                        ));
                    }
                    line(Some(f), reasons)
                })
                .collect(),
            Class::Several => {
                let count = match best {
                    Some(Fit::Certain) => findings.certain,
                    _ => findings.probable,
                };
                shown
                    .into_iter()
                    .map(|f| {
                        let mut reasons = vec![format!("{count} roll entries fit")];
                        reasons.extend(reasons_in_words(f.assessed.fit, f.assessed.reasons));
                        line(Some(f), reasons)
                    })
                    .collect()
            }
        }
    }

    /// Writes the review as CSV.
    pub fn write_csv<W: Write>(&self, out: W) -> csv::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(CSV_HEADER)?;
        for line in self.lines() {
            write_report_record(
                &mut writer,
                [
                    line.class.as_str().to_owned(),
                    line.review.to_owned(),
                    format!("{:.2}", line.score),
                    line.reasons.join("; "),
                    line.received_file.to_owned(),
                    line.received_line.to_string(),
                    line.record_id.unwrap_or_default().to_owned(),
                    line.action
                        .map(Action::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    line.sender.to_owned(),
                    line.roll_line.map(|l| l.to_string()).unwrap_or_default(),
                    line.roll_id.unwrap_or_default().to_owned(),
                ],
            )?;
        }
        writer.flush()?;
        Ok(())
    }

    /// Writes the review as one JSON object: `version`, `summary`, then `lines`, one
    /// after the other as they are made.
    pub fn write_json<W: Write>(&self, mut out: W) -> std::io::Result<()> {
        out.write_all(b"{\"version\":1,\"summary\":")?;
        serde_json::to_writer(&mut out, &self.summary)?;
        out.write_all(b",\"lines\":[")?;
        for (i, line) in self.lines().enumerate() {
            if i > 0 {
                out.write_all(b",\n")?;
            }
            serde_json::to_writer(&mut out, &line)?;
        }
        out.write_all(b"]}\n")?;
        out.flush()
    }
}

/// The class that `findings` give.
fn class(findings: &Findings) -> Class {
    match (findings.certain, findings.probable) {
        (1, _) => Class::Certain,
        (0, 1) => Class::Probable,
        (0, 0) => Class::None,
        (0, _) if decided_by_place(findings) => Class::Probable,
        _ => Class::Several,
    }
}

/// Whether several probable fits are told apart by the place of birth: it agrees for
/// one, and differs for each of the others.
fn decided_by_place(findings: &Findings) -> bool {
    findings.probable_place_agrees == 1 && findings.probable_place_differs == findings.probable - 1
}

fn reasons_in_words(fit: Fit, reasons: Reasons) -> Vec<String> {
    if fit == Fit::Certain && reasons.is_empty() {
        return vec![
            "equal once normalised (case, accents, spaces, hyphens, particles)".to_owned(),
        ];
    }
    reasons.iter().map(|r| r.words().to_owned()).collect()
}
