//! The columns for the home state (record ids and actions, further nationalities,
//! residence since, original-script and birth names, candidates' declarations, the
//! election) through `epct data validate` and `epct data generate`: each rule kept and
//! broken, with its line and column, and the files of the first schema still valid.

mod common;

use std::fs;
use std::path::PathBuf;

use assert_cmd::Command;
use common::{Epct, ExitCode, Run, status};
use predicates::prelude::*;

const HEADER: &str = "record_type,surname,given_names,date_of_birth,place_of_birth,nationality,\
                      residence_country,residence_address,record_id,action,other_nationalities,\
                      resident_since,surname_original,given_names_original,birth_surname,\
                      declaration_not_standing_elsewhere,declaration_not_deprived,election";

/// Row `n` (a person of its own) with `changes` by column name.
fn row(n: usize, changes: &[(&str, &str)]) -> String {
    let given = format!("Jürgen{}", "a".repeat(n));
    let id = format!("BE-{n}");
    let mut fields = vec![
        "voter",
        "Müller",
        &given,
        "1970-05-01",
        "München",
        "DE",
        "BE",
        "Rue de la Loi 1",
        &id,
        "add",
        "",
        "2015-03-01",
        "",
        "",
        "",
        "",
        "",
        "EP-2029",
    ];
    let names: Vec<&str> = HEADER.split(',').collect();
    for (column, value) in changes {
        fields[names.iter().position(|c| c == column).unwrap()] = value;
    }
    fields.join(",")
}

/// A file with a good row on line 2, then one row per entry of `rows`.
fn file(env: &Epct, rows: &[&[(&str, &str)]]) -> PathBuf {
    let mut text = format!("{HEADER}\n{}\n", row(0, &[]));
    for (n, changes) in rows.iter().enumerate() {
        text += &row(n + 1, changes);
        text += "\n";
    }
    env.file("voters.csv", text)
}

fn validate(env: &Epct) -> Command {
    let mut command = env.epct_without_pin();
    command.args([
        "data",
        "validate",
        "--election-date",
        "2026-06-01",
        "voters.csv",
    ]);
    command
}

/// The problem lines that validating prints, and its exit code.
fn problems(command: &mut Command) -> (Vec<String>, i32) {
    let output = command.output().unwrap();
    let lines = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
        .map(str::to_owned)
        .collect();
    (lines, output.status.code().unwrap())
}

/// Validating a file whose line 3 has `changes` prints exactly `expected` and exits
/// with `code`.
fn line_3(changes: &[(&str, &str)], expected: &[&str], code: ExitCode) {
    let env = Epct::new();
    file(&env, &[changes]);
    assert_eq!(
        problems(&mut validate(&env)),
        (lines(expected), status(code))
    );
}

fn lines(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

#[test]
fn a_file_with_every_new_column_filled_is_valid_and_counted() {
    let env = Epct::new();
    file(
        &env,
        &[
            &[("action", "withdraw"), ("other_nationalities", "FR|IT")],
            &[
                ("action", "correct"),
                ("surname", "Papadopoulou"),
                ("surname_original", "Παπαδοπούλου"),
                ("given_names_original", "Ελένη"),
                ("birth_surname", "Georgiou"),
                ("record_type", "candidate"),
                ("declaration_not_standing_elsewhere", "yes"),
                ("declaration_not_deprived", "yes"),
            ],
            &[("action", ""), ("resident_since", "")],
        ],
    );
    validate(&env)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "dual nationals: 1 (further nationalities: FR 1, IT 1), each sent to every home state",
        ))
        .stdout(predicate::str::contains(
            "actions: add 2, withdraw 1, correct 1",
        ))
        .stdout(predicate::str::contains("election: EP-2029"))
        .stdout(predicate::str::contains("warning").not());
    let report = validate(&env).json();
    let summary = &report["summary"];
    assert_eq!(summary["dual_nationals"], 1);
    assert_eq!(summary["other_nationalities"]["IT"], 1);
    assert_eq!(summary["actions"]["withdraw"], 1);
    assert_eq!(summary["election"], "EP-2029");
}

#[test]
fn files_of_the_first_schema_stay_valid() {
    let env = Epct::new();
    env.file(
        "voters.csv",
        "record_type,surname,given_names,date_of_birth,place_of_birth,nationality,\
         residence_country,residence_address\n\
         voter,Müller,Jürgen,1970-05-01,München,DE,BE,Rue de la Loi 1\n",
    );
    let report = validate(&env).json();
    assert_eq!(report["valid"], true);
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["summary"]["actions"]["add"], 1);
    assert_eq!(report["summary"]["election"], serde_json::Value::Null);
}

#[test]
fn the_same_record_id_twice_names_the_first_line() {
    line_3(
        &[("record_id", "BE-0")],
        &[
            "error: line 3, column record_id: 'BE-0' is the record_id of line 2 too; a \
           record_id is unique in a file [duplicate_record_id]",
        ],
        ExitCode::InvalidData,
    );
    let env = Epct::new();
    file(&env, &[&[("record_id", "be-0")], &[("record_id", "BE-0 ")]]);
    validate(&env).assert().success();
    let env = Epct::new();
    file(&env, &[&[("record_id", "BE-0")]]);
    let report = validate(&env).json_exiting(ExitCode::InvalidData);
    assert_eq!(report["problems"][0]["first_line"], 2);
    assert_eq!(report["problems"][0]["value"], "BE-0");
}

#[test]
fn an_action_needs_a_record_id() {
    line_3(
        &[("record_id", ""), ("action", "withdraw")],
        &[
            "error: line 3, column record_id: the row has an action but no record_id; give \
           every record of a file with actions its record_id [record_id_required]",
        ],
        ExitCode::InvalidData,
    );
    line_3(&[("record_id", ""), ("action", "")], &[], ExitCode::Success);
    let env = Epct::new();
    env.file(
        "voters.csv",
        "record_type,surname,given_names,date_of_birth,place_of_birth,nationality,\
         residence_country,residence_address,action\n\
         voter,Müller,Jürgen,1970-05-01,München,DE,BE,Rue de la Loi 1,add\n",
    );
    assert_eq!(
        problems(&mut validate(&env)),
        (
            lines(&[
                "error: line 1, column record_id: the required column record_id is not \
                     in the header; add it [missing_column]"
            ]),
            status(ExitCode::InvalidData)
        )
    );
}

#[test]
fn actions_are_add_withdraw_or_correct() {
    for action in ["add", "withdraw", "correct"] {
        line_3(&[("action", action)], &[], ExitCode::Success);
    }
    line_3(
        &[("action", "delete")],
        &[
            "error: line 3, column action: 'delete' is not an action; write add, withdraw or \
           correct [action]",
        ],
        ExitCode::InvalidData,
    );
}

#[test]
fn further_nationalities_are_other_member_states_each_once() {
    line_3(
        &[("other_nationalities", "FR|IT|EL")],
        &[],
        ExitCode::Success,
    );
    let column = "error: line 3, column other_nationalities";
    line_3(
        &[("other_nationalities", "FR|GR")],
        &[&format!(
            "{column}: 'GR' is not the code of an EU Member State; the EU writes EL for Greece \
             [country_code]"
        )],
        ExitCode::InvalidData,
    );
    line_3(
        &[("other_nationalities", "DE")],
        &[&format!(
            "{column}: 'DE' is the nationality; list only further ones [other_nationality]"
        )],
        ExitCode::InvalidData,
    );
    line_3(
        &[("other_nationalities", "BE")],
        &[&format!(
            "{column}: 'BE' is the residence country; a resident's further nationalities are \
             other Member States [other_nationality]"
        )],
        ExitCode::InvalidData,
    );
    line_3(
        &[("other_nationalities", "FR|FR")],
        &[&format!(
            "{column}: 'FR' is listed twice; list each nationality once [other_nationality]"
        )],
        ExitCode::InvalidData,
    );
}

#[test]
fn resident_since_is_a_real_past_date_not_before_birth() {
    line_3(&[("resident_since", "2001-02-28")], &[], ExitCode::Success);
    let column = "error: line 3, column resident_since";
    line_3(
        &[("resident_since", "2001-02-29")],
        &[&format!(
            "{column}: '2001-02-29' is not a real date [date_not_real]"
        )],
        ExitCode::InvalidData,
    );
    line_3(
        &[("resident_since", "28.02.2001")],
        &[&format!(
            "{column}: '28.02.2001' is not a date written YYYY-MM-DD [date_format]"
        )],
        ExitCode::InvalidData,
    );
    line_3(&[("resident_since", "1970-05-01")], &[], ExitCode::Success);
    line_3(
        &[("resident_since", "1970-04-30")],
        &[&format!(
            "{column}: '1970-04-30' is before the date of birth 1970-05-01; a person resides \
             somewhere from birth at the earliest [resident_before_birth]"
        )],
        ExitCode::InvalidData,
    );
    let env = Epct::new();
    file(&env, &[&[("resident_since", "2999-01-01")]]);
    validate(&env)
        .exits(ExitCode::InvalidData)
        .stdout(predicate::str::contains(format!(
            "{column}: '2999-01-01' is in the future (today is "
        )));
}

#[test]
fn original_and_birth_names_hold_no_control_characters() {
    for column in ["surname_original", "given_names_original", "birth_surname"] {
        line_3(&[(column, "Παπαδοπούλου-Χατζή")], &[], ExitCode::Success);
        line_3(
            &[(column, "Παπα\u{85}δοπούλου")],
            &[&format!(
                "error: line 3, column {column}: 'Παπα\\u{{85}}δοπούλου' contains a control \
                 character [control_character]"
            )],
            ExitCode::InvalidData,
        );
    }
    let env = Epct::new();
    let mut bytes = format!("{HEADER}\n").into_bytes();
    bytes.extend_from_slice(
        row(0, &[("surname_original", "X")])
            .replace(",X,", ",\u{1}\u{1},")
            .as_bytes(),
    );
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[at] = 0xff;
    bytes[at + 1] = b'a';
    fs::write(env.path("voters.csv"), bytes).unwrap();
    validate(&env)
        .exits(ExitCode::InvalidData)
        .stdout(predicate::str::contains(format!(
            "error: line 2, column surname_original: bytes that are not UTF-8 at byte offset {at}"
        )));
}

#[test]
fn candidates_declarations_warn_and_fail_when_strict() {
    let standing = "declaration_not_standing_elsewhere";
    let deprived = "declaration_not_deprived";
    let candidate = [
        ("record_type", "candidate"),
        (standing, "yes"),
        (deprived, "yes"),
    ];
    line_3(&candidate, &[], ExitCode::Success);
    let missing = [
        ("record_type", "candidate"),
        (standing, ""),
        (deprived, "no"),
    ];
    let warnings = [
        "warning: line 3, column declaration_not_standing_elsewhere: a candidate without the \
         declaration declaration_not_standing_elsewhere; ask for it and write yes or no \
         [declaration_missing]",
        "warning: line 3, column declaration_not_deprived: the candidate does not declare \
         declaration_not_deprived; check the candidacy before sending [declaration_no]",
    ];
    line_3(&missing, &warnings, ExitCode::Success);
    let env = Epct::new();
    file(&env, &[&missing]);
    let strict: Vec<String> = warnings
        .iter()
        .map(|w| w.replacen("warning", "error", 1))
        .collect();
    assert_eq!(
        problems(validate(&env).arg("--strict-declarations")),
        (strict, status(ExitCode::InvalidData))
    );
    line_3(
        &[(standing, "Yes")],
        &[
            "error: line 3, column declaration_not_standing_elsewhere: 'Yes' is not a \
           declaration; write yes or no [declaration]",
        ],
        ExitCode::InvalidData,
    );
    line_3(&[(standing, "no"), (deprived, "")], &[], ExitCode::Success);
}

#[test]
fn strict_declarations_may_be_set_in_the_configuration() {
    let missing = [
        ("record_type", "candidate"),
        ("declaration_not_standing_elsewhere", ""),
    ];
    let env = Epct::new();
    file(&env, &[&missing]);
    let (lax, code) = problems(&mut validate(&env));
    assert_eq!(code, status(ExitCode::Success), "{lax:?}");
    env.write_default_config("strict-declarations = true\n");
    let (strict, code) = problems(&mut validate(&env));
    assert_eq!(code, status(ExitCode::InvalidData));
    assert_eq!(
        strict,
        lax.iter()
            .map(|w| w.replacen("warning", "error", 1))
            .collect::<Vec<_>>()
    );
    // The command line turns it off again, or on without the configuration.
    let (relaxed, code) = problems(validate(&env).arg("--no-strict-declarations"));
    assert_eq!(code, status(ExitCode::Success), "{relaxed:?}");
    assert_eq!(relaxed, lax);
    fs::remove_file(env.default_config()).unwrap();
    let (flagged, code) = problems(validate(&env).arg("--strict-declarations"));
    assert_eq!(code, status(ExitCode::InvalidData));
    assert_eq!(flagged, strict);
}

#[test]
fn a_file_holds_one_election() {
    line_3(
        &[("election", "EP-2024")],
        &[
            "error: line 3, column election: 'EP-2024' is not the election of line 2 \
           ('EP-2029'); a file holds one election [election_mixed]",
        ],
        ExitCode::InvalidData,
    );
    line_3(
        &[("election", "EP 2029")],
        &[
            "error: line 3, column election: 'EP 2029' is not an election identifier: 1 to 32 \
           letters, digits and hyphens, such as EP-2029 [election_format]",
        ],
        ExitCode::InvalidData,
    );
}

#[test]
fn a_file_of_another_election_than_the_one_given_is_refused() {
    let env = Epct::new();
    file(&env, &[&[]]);
    validate(&env)
        .args(["--election", "EP-2029"])
        .assert()
        .success();
    let other = "error: line 2, column election: 'EP-2029' is another election than \
                 'EP-2034', the one given; this file is not for this election [election_other]";
    let (found, code) = problems(validate(&env).args(["--election", "EP-2034"]));
    assert_eq!(code, status(ExitCode::InvalidData));
    assert_eq!(found[0], other);
    assert_eq!(found.len(), 2);
    // The configuration gives it too, and --election overrides it.
    fs::create_dir_all(env.default_config().parent().unwrap()).unwrap();
    fs::write(env.default_config(), "election = \"EP-2034\"\n").unwrap();
    let (found, _) = problems(&mut validate(&env));
    assert_eq!(found[0], other);
    validate(&env)
        .args(["--election", "EP-2029"])
        .assert()
        .success();
    let report = validate(&env).json_exiting(ExitCode::InvalidData);
    assert_eq!(report["summary"]["election"], "EP-2034");
    assert_eq!(report["problems"][0]["expected_election"], "EP-2034");
    fs::write(env.default_config(), "election = \"EP 2034\"\n").unwrap();
    validate(&env).fails(
        ExitCode::Usage,
        "'EP 2034' is not an election identifier (1 to 32 letters, digits and hyphens, such \
         as EP-2029); correct the election of the configuration",
    );
    env.epct_without_pin()
        .args(["data", "validate", "voters.csv", "--election", "EP/2029"])
        .exits(ExitCode::Usage)
        .stderr(predicate::str::contains("is not an election identifier"));
}

#[test]
fn generated_files_fill_the_new_columns_and_break_their_rules() {
    let env = Epct::new();
    env.epct_without_pin()
        .args([
            "data",
            "generate",
            "--rows",
            "2000",
            "--election",
            "EP-2029",
        ])
        .args(["--out", "voters.csv"])
        .assert()
        .success();
    let report = validate(&env).args(["--election", "EP-2029"]).json();
    let summary = &report["summary"];
    assert_eq!(summary["errors"], 0);
    assert_eq!(summary["warnings"], 0);
    assert_eq!(summary["election"], "EP-2029");
    assert!(summary["dual_nationals"].as_u64().unwrap() > 0);
    assert!(summary["actions"]["withdraw"].as_u64().unwrap() > 0);
    let text = fs::read_to_string(env.path("voters.csv")).unwrap();
    assert!(text.starts_with(
        "record_type,surname,given_names,date_of_birth,place_of_birth,nationality,\
         residence_country,residence_address,home_locality,home_address,registration_date,\
         record_id,action,other_nationalities,resident_since,surname_original,\
         given_names_original,birth_surname,declaration_not_standing_elsewhere,\
         declaration_not_deprived,election\n"
    ));
    env.epct_without_pin()
        .args([
            "data",
            "generate",
            "--rows",
            "400",
            "--invalid-rows",
            "34",
            "--force",
        ])
        .args(["--out", "voters.csv"])
        .assert()
        .success();
    let report = validate(&env).json_exiting(ExitCode::InvalidData);
    let errors = &report["summary"]["errors_by_rule"];
    for rule in ["duplicate_record_id", "action", "other_nationality"] {
        assert!(errors[rule].as_u64().unwrap() > 0, "{rule}: {errors}");
    }
    assert_eq!(report["summary"]["errors"], 34);
}
