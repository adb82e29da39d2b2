//! `epct data`: validate a voter/candidate file, generate test files.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::Subcommand;
use epct::Error;
use epct::country::Country;
use epct::data::{
    Election, GeneratorOptions, Problem, Report, ReportBuilder, Rule, Severity, Summary,
    ValidationOptions, Validator, generate,
};
use epct::output::OutputFile;
use indicatif::ProgressBar;
use serde::Serialize;

use super::args::{ElectionDate, ValidationArgs};
use super::context::Context;
use super::data_match;
use super::error::CliError;
use super::files::open_file;
use super::output::{emit, escaped};
use super::plural::count;
use super::progress;
use super::stdout::Stdout;

#[derive(Subcommand)]
pub enum DataCommand {
    /// Check a voter/candidate file against the exchange schema, and report every
    /// problem with its line and column.
    #[command(after_help = VALIDATE_HELP)]
    Validate {
        /// The file: UTF-8 CSV with a header row, `,` or `;` between fields; - reads
        /// standard input.
        file: PathBuf,
        #[command(flatten)]
        validation: ValidationArgs,
        /// List every problem; without it, the first 10 of each rule are listed and the
        /// rest counted.
        #[arg(long)]
        all: bool,
    },
    /// Write a file of made-up voters and candidates, for tests, demonstrations and
    /// benchmarks (never real persons).
    Generate {
        /// How many rows to write after the header.
        #[arg(long, value_name = "N")]
        rows: u64,
        /// The same seed gives the same file.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
        /// Nationalities to draw from (default: every Member State but the residence
        /// country).
        #[arg(long, value_name = "CC,...", value_delimiter = ',')]
        nationalities: Vec<Country>,
        /// The residence country of every row: the sending state.
        #[arg(long, value_name = "CC", default_value = "BE")]
        residence: Country,
        /// How many rows break one rule each (spread through the file).
        #[arg(long, value_name = "N", default_value_t = 0)]
        invalid_rows: u64,
        /// The election to write on every row (such as EP-2029).
        #[arg(long, value_name = "ID")]
        election: Option<Election>,
        /// Where to write the file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        roll: data_match::RollModeArgs,
    },
    /// Find the received citizens on the home state's own roll: a review list, never a
    /// deletion.
    Match(data_match::MatchArgs),
}

const VALIDATE_HELP: &str = "\
Problems are printed as they are found, one a line: the first 10 of each rule, then how
many more each rule has (--all prints every one). With --json, the report lists the
first 10,000 problems (\"problems_truncated\" tells when there were more); its summary
counts them all. Exits with 4 when the file has any error; warnings (unknown columns)
do not fail it.";

/// How many problems of one rule are printed without --all.
pub(super) const PROBLEMS_PER_RULE: u64 = 10;

pub fn run(ctx: &Context, command: DataCommand) -> Result<(), CliError> {
    match command {
        DataCommand::Validate {
            file,
            validation,
            all,
        } => {
            let (options, election_date) = validation.options(ctx)?;
            election_date.warn_if_default(ctx);
            let per_rule = (!all).then_some(PROBLEMS_PER_RULE);
            validate(ctx, &file, options, election_date, per_rule)
        }
        DataCommand::Generate {
            rows,
            seed,
            nationalities,
            residence,
            invalid_rows,
            election,
            out,
            force,
            roll,
        } => {
            if let Some(path) = roll.roll.clone() {
                let run = data_match::RollRun {
                    mode: roll,
                    rows,
                    seed,
                    nationalities: &nationalities,
                    residence,
                    invalid_rows,
                    out: &out,
                    force,
                };
                return data_match::generate_roll_files(ctx, &path, run);
            }
            let options = GeneratorOptions {
                seed,
                nationalities,
                invalid_rows,
                election,
                ..GeneratorOptions::new(rows, residence, ValidationOptions::today_utc().today)
            };
            generate_file(ctx, &out, force, &options)
        }
        DataCommand::Match(args) => data_match::run(ctx, args),
    }
}

/// What `data validate` reports of a file, and what `seal` reports of a data file it
/// refuses.
#[derive(Serialize)]
pub(super) struct Validated {
    file: String,
    /// The day ages were counted on, and where it came from.
    election_date: ElectionDate,
    #[serde(flatten)]
    pub report: Report,
}

impl Validated {
    /// Prints the report (the summary in words, or the JSON report), then fails if the
    /// file has errors.
    pub(super) fn emit_checked(&self, ctx: &Context) -> Result<(), CliError> {
        emit(ctx, self, |v| {
            describe(&v.file, &v.report.summary, &v.election_date)
        })?;
        Ok(self.report.summary.check()?)
    }
}

/// Validates the file at `path`, its ages counted on `election_date`, printing at most
/// `per_rule` problems of each rule in text (all with `None`), and fails if it has
/// errors.
pub(super) fn validate(
    ctx: &Context,
    path: &Path,
    options: ValidationOptions,
    election_date: ElectionDate,
    per_rule: Option<u64>,
) -> Result<(), CliError> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let file = open_file(path)?;
    let metadata = file.metadata().map_err(read_error)?;
    let size = metadata.is_file().then_some(metadata.len());
    let validator = Validator::new(file, options)?;
    let validated = check_rows(ctx, path, validator, size, election_date, per_rule)?;
    validated.emit_checked(ctx)
}

/// How many rows go by between two updates of the progress bar: few enough updates
/// that they cost nothing beside the validation of a million rows a second.
const ROWS_PER_UPDATE: u64 = 4096;

/// Reads every row of `validator` (the file at `path`, of `size` bytes where known, its
/// ages counted on `election_date`): each problem printed as found, up to `per_rule` of
/// each rule (`None`: all), or gathered for the JSON report with `--json`.
pub(super) fn check_rows(
    ctx: &Context,
    path: &Path,
    mut validator: Validator,
    size: Option<u64>,
    election_date: ElectionDate,
    per_rule: Option<u64>,
) -> Result<Validated, CliError> {
    let mut listed = Listed {
        report: ctx.json.then(ReportBuilder::new),
        out: BufWriter::new(Stdout::get()),
        progress: progress::bytes("validating", size),
        per_rule,
        seen: BTreeMap::new(),
    };
    for problem in validator.header_problems() {
        listed.add(problem)?;
    }
    let mut rows = 0u64;
    while let Some(row) = validator.next_row() {
        for problem in row?.problems {
            listed.add(problem)?;
        }
        rows += 1;
        if rows.is_multiple_of(ROWS_PER_UPDATE) {
            listed.progress.set_position(validator.bytes_read());
        }
    }
    listed.progress.finish_and_clear();
    listed.count_the_rest()?;
    listed.out.flush().map_err(CliError::Stdout)?;
    let report = listed.report.unwrap_or_default().finish(validator.finish());
    Ok(Validated {
        file: path.display().to_string(),
        election_date,
        report,
    })
}

/// Where problems go as they are found: printed, or into the JSON report.
struct Listed<W: Write> {
    report: Option<ReportBuilder>,
    out: W,
    progress: ProgressBar,
    /// How many problems of one rule are printed (`None`: all).
    per_rule: Option<u64>,
    /// The problems of each rule so far, and whether the rule's are errors.
    seen: BTreeMap<Rule, (u64, Severity)>,
}

/// "error" or "warning".
fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

impl<W: Write> Listed<W> {
    fn add(&mut self, problem: &Problem) -> Result<(), CliError> {
        match &mut self.report {
            Some(report) => report.add(problem),
            None => {
                let seen = &mut self
                    .seen
                    .entry(problem.rule)
                    .or_insert((0, problem.severity))
                    .0;
                *seen += 1;
                if self.per_rule.is_some_and(|limit| *seen > limit) {
                    return Ok(());
                }
                let severity = severity_name(problem.severity);
                let line = escaped(&problem.to_string()).into_owned();
                let out = &mut self.out;
                // Where a bar is drawn, the line goes out while it is off the screen.
                let drawn = !self.progress.is_hidden();
                self.progress
                    .suspend(|| {
                        writeln!(out, "{severity}: {line}")?;
                        if drawn { out.flush() } else { Ok(()) }
                    })
                    .map_err(CliError::Stdout)?;
            }
        }
        Ok(())
    }

    /// In text, after the last problem: how many more of each rule were not printed.
    fn count_the_rest(&mut self) -> Result<(), CliError> {
        let Some(limit) = self.per_rule else {
            return Ok(());
        };
        for (rule, &(seen, severity)) in &self.seen {
            if seen > limit {
                writeln!(
                    self.out,
                    "... and {} of rule {rule} (epct data validate --all lists every one)",
                    count(seen - limit, &format!("more {}", severity_name(severity)))
                )
                .map_err(CliError::Stdout)?;
            }
        }
        Ok(())
    }
}

/// The summary in words.
fn describe(file: &str, s: &Summary, election_date: &ElectionDate) -> String {
    let mut out = format!(
        "{}: {} ({}, {})",
        escaped(file),
        count(s.rows, "row"),
        count(s.voters, "voter"),
        count(s.candidates, "candidate")
    );
    if s.rows == 0 && !s.errors_by_rule.contains_key(&Rule::EmptyFile) {
        out += ", no row after the header";
    }
    out += &format!("; delimiter '{}'", s.delimiter);
    if s.bom {
        out += ", byte order mark";
    }
    out += "\n";
    if !s.nationalities.is_empty() {
        let counts: Vec<String> = s
            .nationalities
            .iter()
            .map(|(country, n)| format!("{country} {n}"))
            .collect();
        out += &format!("nationalities: {}\n", counts.join(", "));
    }
    if s.dual_nationals > 0 {
        let counts: Vec<String> = s
            .other_nationalities
            .iter()
            .map(|(country, n)| format!("{country} {n}"))
            .collect();
        out += &format!(
            "dual nationals: {} (further nationalities: {}), each sent to every home state\n",
            s.dual_nationals,
            counts.join(", ")
        );
    }
    if s.actions.withdraw + s.actions.correct > 0 {
        out += &format!(
            "actions: add {}, withdraw {}, correct {}\n",
            s.actions.add, s.actions.withdraw, s.actions.correct
        );
    }
    if let Some(election) = s.election {
        out += &format!("election: {election}\n");
    }
    let by_rule = |counts: &BTreeMap<Rule, u64>| {
        counts
            .iter()
            .map(|(rule, n)| format!("{rule} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if s.warnings > 0 {
        out += &format!(
            "{} ({})\n",
            count(s.warnings, "warning"),
            by_rule(&s.warnings_by_rule)
        );
    }
    out += &format!("{}\n", election_date.describe());
    if s.is_valid() {
        out += &format!(
            "valid: no errors (election date {}, minimum age {})",
            s.election_date, s.min_age
        );
    } else {
        out += &format!(
            "invalid: {} in {} ({})",
            count(s.errors, "error"),
            count(s.rows_with_errors, "row"),
            by_rule(&s.errors_by_rule)
        );
    }
    out
}

#[derive(Serialize)]
struct GeneratedFile {
    output: String,
    rows: u64,
    voters: u64,
    candidates: u64,
    invalid_rows: u64,
    residence: Country,
    seed: u64,
}

fn generate_file(
    ctx: &Context,
    path: &Path,
    force: bool,
    options: &GeneratorOptions,
) -> Result<(), CliError> {
    let mut out = OutputFile::create(path, force)?;
    let generated = generate(&mut out, options)?;
    out.commit()?;
    let result = GeneratedFile {
        output: path.display().to_string(),
        rows: generated.rows,
        voters: generated.voters,
        candidates: generated.candidates,
        invalid_rows: generated.invalid_rows,
        residence: options.residence,
        seed: options.seed,
    };
    emit(ctx, &result, |g| {
        format!(
            "wrote {} ({}, {}, {} invalid) of residents of {} to {}",
            count(g.rows, "row"),
            count(g.voters, "voter"),
            count(g.candidates, "candidate"),
            g.invalid_rows,
            g.residence,
            g.output
        )
    })?;
    Ok(())
}
