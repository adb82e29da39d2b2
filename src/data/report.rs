//! What validation tells about a file: the summary, which counts everything, and the
//! report, which also lists problems, up to [`REPORT_PROBLEM_LIMIT`] of them.
//!
//! Never holds more than that many problems, whatever the file: the summary is a fixed
//! set of counters.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};
use time::Date;

use super::DataError;
use super::problem::{Problem, Rule, Severity};
use super::schema::{Action, Election, RecordType};
use crate::country::Country;

/// The most problems a [`Report`] lists; the summary still counts them all.
pub const REPORT_PROBLEM_LIMIT: usize = 10_000;

/// The counts of a validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Rows after the header.
    pub rows: u64,
    pub voters: u64,
    pub candidates: u64,
    /// Rows with at least one error.
    pub rows_with_errors: u64,
    /// Errors in the whole file, the header's included.
    pub errors: u64,
    pub warnings: u64,
    pub errors_by_rule: BTreeMap<Rule, u64>,
    pub warnings_by_rule: BTreeMap<Rule, u64>,
    /// Rows by nationality, for the rows whose nationality is a Member State.
    pub nationalities: BTreeMap<Country, u64>,
    /// Rows by further nationality (`other_nationalities`), for the Member States
    /// listed there.
    pub other_nationalities: BTreeMap<Country, u64>,
    /// Rows with at least one valid further nationality: persons sent to more than one
    /// home state.
    pub dual_nationals: u64,
    /// Rows by action (`add` for the rows that give none).
    pub actions: Actions,
    /// The election: `--election`'s, else the one the rows name.
    pub election: Option<Election>,
    pub delimiter: char,
    /// Whether the file starts with a UTF-8 byte order mark.
    pub bom: bool,
    #[serde(serialize_with = "as_text")]
    pub election_date: Date,
    pub min_age: u8,
}

fn as_text<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

impl Summary {
    /// Whether the file has no error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.errors == 0
    }

    /// `Ok` for a valid file, else [`DataError::Invalid`] with the counts.
    pub fn check(&self) -> Result<(), DataError> {
        if self.is_valid() {
            return Ok(());
        }
        Err(DataError::Invalid {
            errors: self.errors,
            rows_with_errors: self.rows_with_errors,
            rows: self.rows,
        })
    }
}

/// Rows by action.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Actions {
    pub add: u64,
    pub withdraw: u64,
    pub correct: u64,
}

/// What the summary counts of one row, after its problems.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RowFacts<'a> {
    pub record_type: Option<RecordType>,
    pub nationality: Option<Country>,
    pub other_nationalities: &'a [Country],
    pub action: Option<Action>,
    pub has_errors: bool,
}

/// What the summary says of the file as a whole.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FileFacts {
    pub delimiter: u8,
    pub bom: bool,
    pub election_date: Date,
    pub min_age: u8,
    pub election: Option<Election>,
}

/// The running counters behind a [`Summary`].
#[derive(Debug, Default)]
pub(crate) struct Tally {
    rows: u64,
    voters: u64,
    candidates: u64,
    rows_with_errors: u64,
    /// Problems by rule, as errors and as warnings (the declarations can be either).
    by_rule: [[u64; 2]; Rule::ALL.len()],
    nationalities: [u64; Country::ALL.len()],
    other_nationalities: [u64; Country::ALL.len()],
    dual_nationals: u64,
    actions: Actions,
}

impl Tally {
    pub(crate) fn problem(&mut self, problem: &Problem) {
        self.by_rule[problem.rule.index()][problem.severity as usize] += 1;
    }

    /// Counts a row, after its problems.
    pub(crate) fn row(&mut self, row: RowFacts<'_>) {
        self.rows += 1;
        match row.record_type {
            Some(RecordType::Voter) => self.voters += 1,
            Some(RecordType::Candidate) => self.candidates += 1,
            None => {}
        }
        if let Some(country) = row.nationality {
            self.nationalities[country.index()] += 1;
        }
        for country in row.other_nationalities {
            self.other_nationalities[country.index()] += 1;
        }
        self.dual_nationals += u64::from(!row.other_nationalities.is_empty());
        match row.action {
            Some(Action::Add) => self.actions.add += 1,
            Some(Action::Withdraw) => self.actions.withdraw += 1,
            Some(Action::Correct) => self.actions.correct += 1,
            None => {}
        }
        self.rows_with_errors += u64::from(row.has_errors);
    }

    pub(crate) fn summary(&self, file: FileFacts) -> Summary {
        let by = |severity: Severity| -> BTreeMap<Rule, u64> {
            Rule::ALL
                .iter()
                .map(|&r| (r, self.by_rule[r.index()][severity as usize]))
                .filter(|&(_, n)| n > 0)
                .collect()
        };
        let counted = |counts: &[u64; Country::ALL.len()]| -> BTreeMap<Country, u64> {
            Country::ALL
                .iter()
                .filter(|c| counts[c.index()] > 0)
                .map(|&c| (c, counts[c.index()]))
                .collect()
        };
        let errors_by_rule = by(Severity::Error);
        let warnings_by_rule = by(Severity::Warning);
        Summary {
            rows: self.rows,
            voters: self.voters,
            candidates: self.candidates,
            rows_with_errors: self.rows_with_errors,
            errors: errors_by_rule.values().sum(),
            warnings: warnings_by_rule.values().sum(),
            errors_by_rule,
            warnings_by_rule,
            nationalities: counted(&self.nationalities),
            other_nationalities: counted(&self.other_nationalities),
            dual_nationals: self.dual_nationals,
            actions: self.actions,
            election: file.election,
            delimiter: char::from(file.delimiter),
            bom: file.bom,
            election_date: file.election_date,
            min_age: file.min_age,
        }
    }
}

/// A problem as a report lists it: with its message.
#[derive(Clone, Debug, Serialize)]
pub struct ReportedProblem {
    #[serde(flatten)]
    pub problem: Problem,
    pub message: String,
}

/// The outcome of a validation as `--json` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub valid: bool,
    pub summary: Summary,
    /// The first [`REPORT_PROBLEM_LIMIT`] problems, in the order found.
    pub problems: Vec<ReportedProblem>,
    /// Whether problems were left out of `problems`.
    pub problems_truncated: bool,
}

/// Collects problems for a [`Report`], up to [`REPORT_PROBLEM_LIMIT`].
#[derive(Debug, Default)]
pub struct ReportBuilder {
    problems: Vec<ReportedProblem>,
    truncated: bool,
}

impl ReportBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, problem: &Problem) {
        if self.problems.len() == REPORT_PROBLEM_LIMIT {
            self.truncated = true;
            return;
        }
        self.problems.push(ReportedProblem {
            problem: problem.clone(),
            message: problem.to_string(),
        });
    }

    pub fn finish(self, summary: Summary) -> Report {
        Report {
            valid: summary.is_valid(),
            summary,
            problems: self.problems,
            problems_truncated: self.truncated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn facts(delimiter: u8, bom: bool) -> FileFacts {
        FileFacts {
            delimiter,
            bom,
            election_date: date!(2029 - 06 - 07),
            min_age: 16,
            election: None,
        }
    }

    #[test]
    fn summary_counts_by_rule_and_nationality() {
        let mut tally = Tally::default();
        tally.problem(&Problem::new(Rule::UnknownColumn, 1));
        tally.row(RowFacts {
            record_type: Some(RecordType::Voter),
            nationality: Some(Country::EL),
            other_nationalities: &[Country::CY],
            action: Some(Action::Add),
            has_errors: false,
        });
        tally.problem(&Problem::new(Rule::DateNotReal, 3));
        tally.problem(&Problem::new(Rule::CountryCode, 3));
        tally.row(RowFacts {
            record_type: Some(RecordType::Candidate),
            action: Some(Action::Withdraw),
            has_errors: true,
            ..RowFacts::default()
        });
        tally.row(RowFacts {
            nationality: Some(Country::EL),
            ..RowFacts::default()
        });
        let mut declaration = Problem::new(Rule::DeclarationNo, 3);
        tally.problem(&declaration);
        declaration.severity = Severity::Error;
        tally.problem(&declaration);
        let summary = tally.summary(facts(b';', true));
        assert_eq!(
            (summary.rows, summary.voters, summary.candidates),
            (3, 1, 1)
        );
        assert_eq!(
            (summary.errors, summary.warnings, summary.rows_with_errors),
            (3, 2, 1)
        );
        assert_eq!(
            summary.errors_by_rule,
            BTreeMap::from([
                (Rule::DateNotReal, 1),
                (Rule::CountryCode, 1),
                (Rule::DeclarationNo, 1)
            ])
        );
        assert_eq!(summary.warnings_by_rule[&Rule::DeclarationNo], 1);
        assert_eq!(summary.nationalities, BTreeMap::from([(Country::EL, 2)]));
        assert_eq!(
            summary.other_nationalities,
            BTreeMap::from([(Country::CY, 1)])
        );
        assert_eq!(summary.dual_nationals, 1);
        assert_eq!(
            summary.actions,
            Actions {
                add: 1,
                withdraw: 1,
                correct: 0
            }
        );
        assert!(!summary.is_valid());
        assert_eq!(
            summary.check().unwrap_err().to_string(),
            "validation failed: 3 errors in 1 of 3 rows; correct the file and validate it again"
        );
        let json = serde_json::to_value(&summary).unwrap();
        assert_eq!(json["errors_by_rule"]["date_not_real"], 1);
        assert_eq!(json["nationalities"]["EL"], 2);
        assert_eq!(json["delimiter"], ";");
        assert_eq!(json["election_date"], "2029-06-07");
    }

    #[test]
    fn reports_hold_a_bounded_list() {
        let mut builder = ReportBuilder::new();
        for line in 0..REPORT_PROBLEM_LIMIT as u64 + 3 {
            builder.add(&Problem::new(Rule::Required, line + 2));
        }
        let report = builder.finish(Tally::default().summary(facts(b',', false)));
        assert_eq!(report.problems.len(), REPORT_PROBLEM_LIMIT);
        assert!(report.problems_truncated);
        assert!(report.valid);
    }
}
