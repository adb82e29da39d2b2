//! `epct data validate` and `epct data generate`, through the built binary, each test
//! in its own temporary directory.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{Epct, ExitCode, Run, parse_json, status};
use predicates::prelude::*;

const HEADER: &str = "record_type,surname,given_names,date_of_birth,place_of_birth,nationality,\
                      residence_country,residence_address,home_locality,home_address,\
                      registration_date";
const COLUMNS: [&str; 11] = [
    "record_type",
    "surname",
    "given_names",
    "date_of_birth",
    "place_of_birth",
    "nationality",
    "residence_country",
    "residence_address",
    "home_locality",
    "home_address",
    "registration_date",
];
const ELECTION: &str = "2026-06-01";

/// A valid row with the given fields changed, quoted as RFC 4180 wants.
fn row(changes: &[(&str, &str)]) -> String {
    let mut values = [
        "voter",
        "Müller",
        "Jürgen",
        "1970-05-01",
        "München",
        "DE",
        "BE",
        "Rue de la Loi 1, 1040 Bruxelles",
        "Köln",
        "",
        "2020-01-15",
    ];
    for (column, value) in changes {
        let index = COLUMNS.iter().position(|c| c == column).unwrap();
        values[index] = value;
    }
    let quoted: Vec<String> = values
        .iter()
        .map(|v| {
            if v.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", v.replace('"', "\"\""))
            } else {
                v.to_string()
            }
        })
        .collect();
    quoted.join(",")
}

fn validate(env: &Epct, file: &Path) -> Command {
    let mut command = env.epct_without_pin();
    command
        .args(["data", "validate", "--election-date", ELECTION])
        .arg(file);
    command
}

/// Runs `command`, checks its exit code, and returns its standard output.
fn stdout(command: &mut Command, code: ExitCode) -> String {
    let output = command.exits(code).get_output().clone();
    String::from_utf8(output.stdout).unwrap()
}

/// A file with a good row on line 2 and, on line 3, another person with `changes`.
fn with_bad_row(dir: &Epct, changes: &[(&str, &str)]) -> PathBuf {
    let mut all = vec![("given_names", "Klaus")];
    all.extend_from_slice(changes);
    dir.file(
        "voters.csv",
        format!("{HEADER}\n{}\n{}\n", row(&[]), row(&all)),
    )
}

/// Validating a file whose line 3 has `changes` fails with exactly `problem`.
fn fails_with(changes: &[(&str, &str)], problem: &str) {
    let dir = Epct::new();
    let file = with_bad_row(&dir, changes);
    let output = validate(&dir, &file).output().unwrap();
    assert_eq!(output.status.code(), Some(status(ExitCode::InvalidData)));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let problems: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("warning"))
        .collect();
    assert_eq!(problems, [problem], "{stdout}");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error: validation failed: 1 error in 1 of 2 rows; correct the file and validate it \
         again\n"
    );
}

#[test]
fn a_valid_file_passes_with_a_summary() {
    let dir = Epct::new();
    let file = dir.file(
        "voters.csv",
        format!(
            "{HEADER}\n{}\n{}\n",
            row(&[]),
            row(&[
                ("record_type", "candidate"),
                ("surname", "Παπαδοπούλου"),
                ("given_names", "Ελένη"),
                ("nationality", "EL"),
                ("home_locality", ""),
                ("registration_date", ""),
            ])
        ),
    );
    validate(&dir, &file)
        .assert()
        .success()
        .stderr("")
        .stdout(predicate::str::contains(
            "2 rows (1 voter, 1 candidate); delimiter ','",
        ))
        .stdout(predicate::str::contains("nationalities: DE 1, EL 1"))
        .stdout(predicate::str::contains(
            "valid: no errors (election date 2026-06-01, minimum age 16)",
        ));
}

#[test]
fn record_type_must_be_voter_or_candidate() {
    fails_with(
        &[("record_type", "Elector")],
        "error: line 3, column record_type: 'Elector' is not a record type; write voter or \
         candidate [record_type]",
    );
}

#[test]
fn required_values_must_not_be_empty() {
    for column in [
        "record_type",
        "surname",
        "given_names",
        "date_of_birth",
        "place_of_birth",
        "nationality",
        "residence_country",
        "residence_address",
    ] {
        fails_with(
            &[(column, " ")],
            &format!(
                "error: line 3, column {column}: the value is empty; the column is required \
                 [required]"
            ),
        );
    }
}

#[test]
fn names_must_not_hold_control_characters() {
    fails_with(
        &[("surname", "Mül\u{1b}ler")],
        "error: line 3, column surname: 'Mül\\u{1b}ler' contains a control character \
         [control_character]",
    );
    fails_with(
        &[("given_names", "Anna\tMaria")],
        "error: line 3, column given_names: 'Anna\\tMaria' contains a control character \
         [control_character]",
    );
}

#[test]
fn dates_must_be_written_yyyy_mm_dd() {
    fails_with(
        &[("date_of_birth", "01.05.1970")],
        "error: line 3, column date_of_birth: '01.05.1970' is not a date written YYYY-MM-DD \
         [date_format]",
    );
    fails_with(
        &[("registration_date", "2020-1-15")],
        "error: line 3, column registration_date: '2020-1-15' is not a date written \
         YYYY-MM-DD [date_format]",
    );
}

#[test]
fn dates_must_be_real() {
    fails_with(
        &[("date_of_birth", "1971-02-29")],
        "error: line 3, column date_of_birth: '1971-02-29' is not a real date [date_not_real]",
    );
    fails_with(
        &[("registration_date", "2020-04-31")],
        "error: line 3, column registration_date: '2020-04-31' is not a real date \
         [date_not_real]",
    );
}

#[test]
fn dates_of_birth_must_not_be_in_the_future() {
    let dir = Epct::new();
    let file = with_bad_row(&dir, &[("date_of_birth", "2999-01-01")]);
    validate(&dir, &file)
        .exits(ExitCode::InvalidData)
        .stdout(predicate::str::contains(
            "error: line 3, column date_of_birth: '2999-01-01' is in the future (today is ",
        ));
}

#[test]
fn persons_must_have_the_minimum_age_on_the_election_date() {
    fails_with(
        &[("date_of_birth", "2010-06-02")],
        "error: line 3, column date_of_birth: born '2010-06-02', the person is 15 on the \
         election date 2026-06-01, under the minimum age of 16 [under_age]",
    );
    let dir = Epct::new();
    let file = with_bad_row(&dir, &[("date_of_birth", "2010-06-01")]);
    validate(&dir, &file).assert().success();
    let file = with_bad_row(&dir, &[("date_of_birth", "2010-06-02")]);
    validate(&dir, &file)
        .args(["--min-age", "15"])
        .assert()
        .success();
}

#[test]
fn countries_must_be_eu_codes_with_el_for_greece() {
    fails_with(
        &[("nationality", "GR")],
        "error: line 3, column nationality: 'GR' is not the code of an EU Member State; the \
         EU writes EL for Greece [country_code]",
    );
    fails_with(
        &[("nationality", "fr")],
        "error: line 3, column nationality: 'fr' is not the code of an EU Member State; write \
         FR [country_code]",
    );
    fails_with(
        &[("residence_country", "CH")],
        "error: line 3, column residence_country: 'CH' is not the code of an EU Member State \
         (AT, BE, BG, ... SK; EL for Greece) [country_code]",
    );
}

#[test]
fn residence_country_must_differ_from_nationality() {
    fails_with(
        &[("nationality", "BE")],
        "error: line 3, column residence_country: 'BE' is also the nationality; the residence \
         country must be another Member State [same_country]",
    );
}

#[test]
fn rows_must_have_as_many_fields_as_the_header() {
    let dir = Epct::new();
    let file = dir.file(
        "voters.csv",
        format!("{HEADER}\n{}\nvoter,Müller\n", row(&[])),
    );
    validate(&dir, &file)
        .exits(ExitCode::InvalidData)
        .stdout(predicate::str::contains(
            "error: line 3: the row has 2 fields where the header has 11; check the delimiters \
         and quotes [field_count]",
        ));
}

#[test]
fn the_same_person_twice_names_both_lines() {
    let dir = Epct::new();
    let file = dir.file(
        "voters.csv",
        format!(
            "{HEADER}\n{}\n{}\n{}\n{}\n",
            row(&[
                ("surname", "Dvořák"),
                ("given_names", "Jan Křtitel"),
                ("nationality", "CZ")
            ]),
            row(&[("surname", "Weiß"), ("given_names", "Anna-Lena")]),
            row(&[
                ("surname", "DVORAK"),
                ("given_names", " jan  KRTITEL "),
                ("nationality", "CZ")
            ]),
            row(&[
                ("surname", "WEISS"),
                ("given_names", "Anna Lena"),
                ("residence_address", "Elsewhere 2")
            ]),
        ),
    );
    let output = stdout(&mut validate(&dir, &file), ExitCode::InvalidData);
    assert!(output.contains(
        "error: line 4: the same person as on line 2 (surname, given names, date of birth and \
         nationality) [duplicate_person]"
    ));
    assert!(output.contains("error: line 5: the same person as on line 3"));
    let report = validate(&dir, &file).json_exiting(ExitCode::InvalidData);
    assert_eq!(report["problems"][0]["first_line"], 2);
    assert_eq!(report["problems"][0]["line"], 4);
}

#[test]
fn semicolon_files_with_quotes_validate() {
    let dir = Epct::new();
    let text = format!("{HEADER}\n{}\n", row(&[("given_names", "Jean-Luc")]))
        .replace(',', ";")
        .replace(
            "\"Rue de la Loi 1; 1040 Bruxelles\"",
            "\"Rue de la Loi 1, 1040 Bruxelles\"",
        );
    let file = dir.file("voters.csv", text);
    validate(&dir, &file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1 row (1 voter, 0 candidates); delimiter ';'",
        ));
}

#[test]
fn a_byte_order_mark_and_crlf_lines_are_fine() {
    let dir = Epct::new();
    let text = format!(
        "\u{feff}{HEADER}\r\n{}\r\n\r\n{}\r\n",
        row(&[]),
        row(&[("given_names", "Klaus"), ("nationality", "XX")])
    );
    let file = dir.file("voters.csv", text);
    validate(&dir, &file)
        .exits(ExitCode::InvalidData)
        .stdout(predicate::str::contains(
            "error: line 4, column nationality: 'XX'",
        ))
        .stdout(predicate::str::contains("delimiter ',', byte order mark"));
}

#[test]
fn quoted_newlines_keep_line_numbers_right() {
    let dir = Epct::new();
    let text = format!(
        "{HEADER}\n{}\n{}\n{}\n",
        row(&[(
            "residence_address",
            "Rue de la Loi 1\nBoîte 3\n1040 Bruxelles"
        )]),
        row(&[
            ("given_names", "Klaus"),
            ("home_address", "Hauptstraße 1\r\n50667 Köln")
        ]),
        row(&[("given_names", "Karl"), ("date_of_birth", "1970-13-01")]),
    );
    let file = dir.file("voters.csv", text);
    validate(&dir, &file)
        .exits(ExitCode::InvalidData)
        .stdout(predicate::str::contains(
            "error: line 7, column date_of_birth: '1970-13-01' is not a real date",
        ));
}

#[test]
fn bytes_that_are_not_utf8_are_reported_with_their_offset() {
    let dir = Epct::new();
    let good = format!("{HEADER}\n{}\n", row(&[]));
    let mut bytes = good.clone().into_bytes();
    bytes.extend_from_slice(b"voter,M\xfcller,Klaus,1970-05-01,M\xfcnchen,DE,BE,x,,,\n");
    let file = dir.file("latin1.csv", bytes);
    let at = good.len() + "voter,M".len();
    let output = stdout(&mut validate(&dir, &file), ExitCode::InvalidData);
    assert!(output.contains(&format!(
        "error: line 3, column surname: bytes that are not UTF-8 at byte offset {at}; save the \
         file as UTF-8 [encoding]"
    )));
    assert!(output.contains(&format!(
        "error: line 3, column place_of_birth: bytes that are not UTF-8 at byte offset {}",
        good.len() + "voter,M\u{fc}ller,Klaus,1970-05-01,M".len() - 1
    )));
    let report = validate(&dir, &file).json_exiting(ExitCode::InvalidData);
    assert_eq!(report["problems"][0]["byte_offset"], at);
    assert_eq!(report["problems"][0]["value"], "M\u{fffd}ller");
}

#[test]
fn an_empty_file_is_reported() {
    let dir = Epct::new();
    let file = dir.file("empty.csv", "");
    validate(&dir, &file)
        .exits(ExitCode::InvalidData)
        .stdout(predicate::str::contains(
            "error: line 1: the file is empty; a data file starts with a header row",
        ))
        .stderr(predicate::str::contains(
            "validation failed: 1 error in 0 of 0 rows",
        ));
}

#[test]
fn a_header_alone_is_valid_and_says_so() {
    let dir = Epct::new();
    let file = dir.file("header.csv", format!("{HEADER}\r\n"));
    validate(&dir, &file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0 rows (0 voters, 0 candidates), no row after the header",
        ));
}

#[test]
fn header_names_ignore_case_and_order() {
    let dir = Epct::new();
    let file = dir.file(
        "voters.csv",
        "NATIONALITY,Surname,Given_Names,Date_of_Birth,Place_Of_Birth,Residence_Country,\
         RESIDENCE_ADDRESS,Record_Type\nIT,Rossi,Mario,1950-01-01,Roma,FR,1 rue X,voter\n",
    );
    validate(&dir, &file).assert().success();
}

#[test]
fn a_duplicated_header_column_is_an_error() {
    let dir = Epct::new();
    let file = dir.file(
        "voters.csv",
        format!("{HEADER},Surname\n{},Other\n", row(&[])),
    );
    validate(&dir, &file)
        .exits(ExitCode::InvalidData)
        .stdout(predicate::str::contains(
            "error: line 1, column surname: the header names this column twice (fields 2 and 12); \
         keep one [duplicate_column]",
        ));
}

#[test]
fn an_unknown_column_is_a_warning() {
    let dir = Epct::new();
    let file = dir.file("voters.csv", format!("{HEADER},remarks\n{},x\n", row(&[])));
    validate(&dir, &file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "warning: line 1, column remarks: not a column of the schema (field 12 of the \
             header); it is not checked [unknown_column]",
        ))
        .stdout(predicate::str::contains("1 warning (unknown_column 1)"));
}

#[test]
fn a_missing_required_column_is_an_error() {
    let dir = Epct::new();
    let header = HEADER.replace(",place_of_birth", "");
    let line = row(&[]).replace(",München", "");
    let file = dir.file("voters.csv", format!("{header}\n{line}\n"));
    validate(&dir, &file)
        .exits(ExitCode::InvalidData)
        .stdout(predicate::str::contains(
            "error: line 1, column place_of_birth: the required column place_of_birth is not \
             in the header; add it [missing_column]",
        ))
        .stderr("error: validation failed: 1 error in 0 of 1 row; correct the file and validate it again\n");
}

#[test]
fn json_output_has_summary_and_problems() {
    let dir = Epct::new();
    let file = dir.file(
        "voters.csv",
        format!(
            "{HEADER},remarks\n{},\n{},\n",
            row(&[]),
            row(&[("given_names", "Klaus"), ("date_of_birth", "1970-02-30")])
        ),
    );
    let mut command = validate(&dir, &file);
    let output = command
        .arg("--json")
        .exits(ExitCode::InvalidData)
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: validation failed: 1 error in 1 of 2 rows; correct the file and validate it \
         again\n"
    );
    let report = parse_json(&output);
    assert_eq!(report["file"], file.display().to_string());
    assert_eq!(report["valid"], false);
    assert_eq!(report["problems_truncated"], false);
    let summary = &report["summary"];
    assert_eq!(summary["rows"], 2);
    assert_eq!(summary["voters"], 2);
    assert_eq!(summary["candidates"], 0);
    assert_eq!(summary["rows_with_errors"], 1);
    assert_eq!(summary["errors"], 1);
    assert_eq!(summary["warnings"], 1);
    assert_eq!(summary["errors_by_rule"]["date_not_real"], 1);
    assert_eq!(summary["warnings_by_rule"]["unknown_column"], 1);
    assert_eq!(summary["nationalities"]["DE"], 2);
    assert_eq!(summary["delimiter"], ",");
    assert_eq!(summary["bom"], false);
    assert_eq!(summary["election_date"], ELECTION);
    assert_eq!(summary["min_age"], 16);
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2);
    assert_eq!(
        problems[1],
        serde_json::json!({
            "severity": "error",
            "rule": "date_not_real",
            "line": 3,
            "field": 4,
            "column": "date_of_birth",
            "value": "1970-02-30",
            "message": "line 3, column date_of_birth: '1970-02-30' is not a real date [date_not_real]"
        })
    );
    assert_eq!(problems[0]["severity"], "warning");
}

#[test]
fn json_lists_at_most_ten_thousand_problems_but_counts_all() {
    let dir = Epct::new();
    let file = dir.path("bad.csv");
    dir.epct_without_pin()
        .args([
            "data",
            "generate",
            "--rows",
            "10003",
            "--invalid-rows",
            "10003",
            "--out",
        ])
        .arg(&file)
        .assert()
        .success();
    let report = validate(&dir, &file).json_exiting(ExitCode::InvalidData);
    assert_eq!(report["problems"].as_array().unwrap().len(), 10_000);
    assert_eq!(report["problems_truncated"], true);
    assert_eq!(report["summary"]["errors"], 10_003);
}

#[test]
fn generated_files_validate_and_their_invalid_rows_are_found() {
    let dir = Epct::new();
    let file = dir.path("generated.csv");
    dir.epct_without_pin()
        .args([
            "data",
            "generate",
            "--rows",
            "2000",
            "--seed",
            "7",
            "--residence",
            "pl",
        ])
        .args(["--nationalities", "DE,EL,BG,IE,PL", "--out"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote 2000 rows ("))
        .stdout(predicate::str::contains("of residents of PL to"));
    let report = validate(&dir, &file).json();
    assert_eq!(report["valid"], true);
    assert_eq!(report["summary"]["rows"], 2000);
    let nationalities = report["summary"]["nationalities"].as_object().unwrap();
    assert_eq!(
        nationalities.keys().collect::<Vec<_>>(),
        ["BG", "DE", "EL", "IE"]
    );

    let invalid = dir.path("invalid.csv");
    dir.epct_without_pin()
        .args([
            "data",
            "generate",
            "--rows",
            "500",
            "--invalid-rows",
            "39",
            "--out",
        ])
        .arg(&invalid)
        .assert()
        .success();
    let report = validate(&dir, &invalid).json_exiting(ExitCode::InvalidData);
    assert_eq!(report["summary"]["errors"], 39);
    assert_eq!(report["summary"]["rows_with_errors"], 39);
    dir.epct_without_pin()
        .args(["data", "generate", "--rows", "5", "--out"])
        .arg(&invalid)
        .exits(ExitCode::Failure)
        .stderr(predicate::str::contains("use --force to replace it"));
}

#[test]
fn a_file_that_cannot_be_read_is_a_failure_naming_it() {
    let dir = Epct::new();
    validate(&dir, &dir.path("missing.csv"))
        .exits(ExitCode::Failure)
        .stderr(predicate::str::starts_with("error: cannot read "));
}

#[test]
fn a_malformed_election_date_gr_for_greece_or_no_foreign_nationality_is_a_usage_error() {
    let dir = Epct::new();
    let file = dir.file("voters.csv", format!("{HEADER}\n"));
    dir.epct_without_pin()
        .args(["data", "validate", "--election-date", "1.6.2026"])
        .arg(&file)
        .exits(ExitCode::Usage)
        .stderr(predicate::str::contains(
            "is not a date; write it as YYYY-MM-DD",
        ));
    dir.epct_without_pin()
        .args([
            "data",
            "generate",
            "--rows",
            "5",
            "--residence",
            "GR",
            "--out",
        ])
        .arg(dir.path("x.csv"))
        .exits(ExitCode::Usage)
        .stderr(predicate::str::contains("EL (Greece)"));
    dir.epct_without_pin()
        .args(["data", "generate", "--rows", "5", "--residence", "FR"])
        .args(["--nationalities", "FR", "--out"])
        .arg(dir.path("x.csv"))
        .exits(ExitCode::Usage)
        .stderr(predicate::str::contains("no nationality other than"));
}
