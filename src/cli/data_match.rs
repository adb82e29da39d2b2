//! `epct data match`: the home state finds the received citizens on its own roll and
//! gets a review list (CSV or JSON), never a deletion; and `data generate --roll`, the
//! roll, received file and truth that test and benchmark it.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use epct::Error;
use epct::country::Country;
use epct::data::matching::{
    ClassCounts, ColumnMap, MatchError, MatchSummary, Matcher, ReceivedInput, received_in,
};
use epct::data::{RollOptions, generate_roll};
use epct::output::{OutputError, OutputFile};
use serde::Serialize;

use super::context::Context;
use super::error::CliError;
use super::output::{emit, escaped};

#[derive(Args)]
#[command(after_help = MATCH_HELP)]
pub struct MatchArgs {
    /// The home state's roll: CSV (`,` or `;`) with a header row, in the register's
    /// own column names.
    #[arg(long, value_name = "ROLL.csv")]
    roll: PathBuf,
    /// Received files (the plaintexts of exchange receive), matched in this order.
    #[arg(value_name = "RECEIVED.csv", required_unless_present = "received_dir")]
    received: Vec<PathBuf>,
    /// Every file that exchange receive wrote into DIR, with its sender from the
    /// receive reports there.
    #[arg(long, value_name = "DIR", conflicts_with = "received")]
    received_dir: Option<PathBuf>,
    /// The roll's columns: id=COL,surname=COL,given_names=COL,date_of_birth=COL, and
    /// optionally birth_surname, place_of_birth, surname_original, given_names_original
    /// (default: the configuration's [match-columns]).
    #[arg(long, value_name = "KEY=COLUMN,...")]
    columns: Option<String>,
    /// Where to write the review.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The review's format (default: json for a .json file, else csv).
    #[arg(long, value_enum)]
    format: Option<ReviewFormat>,
    /// Replace an existing review.
    #[arg(long)]
    force: bool,
}

const MATCH_HELP: &str = "\
Classes: certain (equal once normalised: case, accents, spaces, hyphens, apostrophes,
particles, ß/ss, ü/ue; same date of birth), probable (one roll entry fits, with every
reason in words), several (more than one fits), none. A withdraw record is listed for
restoration. The roll is only read: the review is for an official to decide on.
A received row that cannot be read (a value not UTF-8, a date that is not one, a missing
name, a wrong number of fields) is listed in the review as unreadable, with its file,
line and reason; the others are matched, and the exit code is 4.";

#[derive(Clone, Copy, ValueEnum)]
enum ReviewFormat {
    Csv,
    Json,
}

/// The roll mode of `data generate`.
#[derive(Args)]
pub struct RollModeArgs {
    /// Roll mode: write a home state's roll here; --out gets the received file (--rows
    /// records, nationals of the one --nationalities state), --truth what each is.
    #[arg(long, value_name = "ROLL.csv")]
    pub roll: Option<PathBuf>,
    /// Rows of the roll (default: ten times --rows).
    #[arg(long, value_name = "N", requires = "roll")]
    pub roll_rows: Option<u64>,
    /// Roll mode: where to write the later received file, with the withdraw and
    /// correct records of the first; default: beside --out, as NAME.updates.csv.
    #[arg(long, value_name = "FILE", requires = "roll")]
    pub updates: Option<PathBuf>,
    /// Roll mode: where to write the truth (record_id, expected class, roll_id,
    /// variant); default: beside --out, as NAME.truth.csv.
    #[arg(long, value_name = "FILE", requires = "roll")]
    pub truth: Option<PathBuf>,
}

#[derive(Serialize)]
struct Matched<'a> {
    /// The review written.
    output: String,
    #[serde(flatten)]
    summary: &'a MatchSummary,
}

pub fn run(ctx: &Context, args: MatchArgs) -> Result<(), CliError> {
    let columns = match (&args.columns, &ctx.match_columns) {
        (Some(text), _) => ColumnMap::parse(text),
        (None, Some(table)) => ColumnMap::from_pairs(table.clone()),
        (None, None) => ColumnMap::parse(""),
    }
    .map_err(Error::from)?;
    let inputs = match &args.received_dir {
        Some(dir) => received_in(dir).map_err(Error::from)?,
        None => args
            .received
            .iter()
            .map(|path| ReceivedInput {
                path: path.clone(),
                sender: None,
            })
            .collect(),
    };
    let matcher = Matcher::new(&args.roll, &columns, inputs).map_err(Error::from)?;
    let mut out = OutputFile::create(&args.out, args.force)?;
    let review = matcher.run(&mut |_| {}).map_err(Error::from)?;
    let json = match args.format {
        Some(ReviewFormat::Json) => true,
        Some(ReviewFormat::Csv) => false,
        None => args
            .out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json")),
    };
    let written = if json {
        review.write_json(&mut out)
    } else {
        review.write_csv(&mut out).map_err(std::io::Error::from)
    };
    written.map_err(|e| OutputError::writing(&args.out, e))?;
    out.commit()?;
    let matched = Matched {
        output: args.out.display().to_string(),
        summary: &review.summary,
    };
    emit(ctx, &matched, describe)?;
    match review.summary.received_unreadable {
        0 => Ok(()),
        count => Err(Error::from(MatchError::UnreadableRows {
            count,
            review: args.out,
        })
        .into()),
    }
}

/// The summary in words.
fn describe(m: &Matched<'_>) -> String {
    let s = m.summary;
    let mut out = format!(
        "matched {} received records against {} roll rows",
        s.received, s.roll_rows
    );
    if s.replaced > 0 {
        out += &format!(" ({} replaced by a later correct or withdraw)", s.replaced);
    }
    out += "\n";
    if s.received_unreadable > 0 {
        out += &format!(
            "not matched: {} received rows that cannot be read (class unreadable in the review)\n",
            s.received_unreadable
        );
    }
    out += &format!("to mark on the roll: {}\n", counts(&s.marking));
    out += &format!("to restore (withdrawn): {}\n", counts(&s.restoration));
    for (sender, c) in &s.by_sender {
        out += &format!("from {}: {}\n", escaped(sender), counts(c));
    }
    for (file, c) in &s.by_file {
        out += &format!("{}: {}\n", escaped(file), counts(c));
    }
    if s.roll_rows_unreadable > 0 {
        let lines: Vec<String> = s.roll_unreadable_lines.iter().map(u64::to_string).collect();
        out += &format!(
            "warning: {} roll rows without a usable surname, given name or date of birth were not compared (lines {})\n",
            s.roll_rows_unreadable,
            lines.join(", ")
        );
    }
    out += &format!(
        "review written to {}; the roll was only read: nothing is removed without an official's review",
        escaped(&m.output)
    );
    out
}

fn counts(c: &ClassCounts) -> String {
    format!(
        "{} certain, {} probable, {} several, {} none",
        c.certain, c.probable, c.several, c.none
    )
}

#[derive(Serialize)]
struct GeneratedRoll {
    roll: String,
    /// The received file (`--out`).
    output: String,
    updates: String,
    truth: String,
    roll_rows: u64,
    received_rows: u64,
    update_rows: u64,
    certain: u64,
    probable: u64,
    none: u64,
    home: Country,
    residence: Country,
    seed: u64,
    columns: &'static str,
}

/// Parameters of the roll mode that `data generate` shares with its other mode.
pub struct RollRun<'a> {
    pub mode: RollModeArgs,
    pub rows: u64,
    pub seed: u64,
    pub nationalities: &'a [Country],
    pub residence: Country,
    pub invalid_rows: u64,
    pub out: &'a Path,
    pub force: bool,
}

/// `data generate --roll`: the roll, the received file and the truth.
pub fn generate_roll_files(
    ctx: &Context,
    roll_path: &Path,
    run: RollRun<'_>,
) -> Result<(), CliError> {
    let beside = |given: &Option<PathBuf>, suffix: &str| {
        given
            .clone()
            .unwrap_or_else(|| run.out.with_extension(suffix))
    };
    let truth_path = beside(&run.mode.truth, "truth.csv");
    let updates_path = beside(&run.mode.updates, "updates.csv");
    let refuse = |reason: &str| {
        Error::from(MatchError::GeneratorOptions {
            reason: reason.to_owned(),
        })
    };
    let [home] = run.nationalities else {
        return Err(refuse("give the home state as the one --nationalities").into());
    };
    if run.invalid_rows > 0 {
        return Err(refuse(
            "--invalid-rows is for the other mode; the roll mode plants its own variants",
        )
        .into());
    }
    let options = RollOptions {
        roll_rows: run.mode.roll_rows.unwrap_or(run.rows.saturating_mul(10)),
        received_records: run.rows,
        seed: run.seed,
        home: *home,
        residence: run.residence,
    };
    let mut roll = OutputFile::create(roll_path, run.force)?;
    let mut received = OutputFile::create(run.out, run.force)?;
    let mut updates = OutputFile::create(&updates_path, run.force)?;
    let mut truth = OutputFile::create(&truth_path, run.force)?;
    let made = generate_roll(&mut roll, &mut received, &mut updates, &mut truth, &options)
        .map_err(Error::from)?;
    roll.commit()?;
    received.commit()?;
    updates.commit()?;
    truth.commit()?;
    let result = GeneratedRoll {
        roll: roll_path.display().to_string(),
        output: run.out.display().to_string(),
        updates: updates_path.display().to_string(),
        truth: truth_path.display().to_string(),
        roll_rows: made.roll_rows,
        received_rows: made.received_rows,
        update_rows: made.update_rows,
        certain: made.certain,
        probable: made.probable,
        none: made.none,
        home: options.home,
        residence: options.residence,
        seed: options.seed,
        columns: epct::data::ROLL_COLUMNS,
    };
    emit(ctx, &result, |g| {
        format!(
            "wrote a roll of {} rows of {} to {}, {} received rows from {} to {} and {} later ones to {} ({} certain, {} probable, {} none planted), the truth to {}\nmatch it with --columns {}",
            g.roll_rows,
            g.home,
            escaped(&g.roll),
            g.received_rows,
            g.residence,
            escaped(&g.output),
            g.update_rows,
            escaped(&g.updates),
            g.certain,
            g.probable,
            g.none,
            escaped(&g.truth),
            g.columns
        )
    })
}
