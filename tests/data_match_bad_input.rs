//! `epct data match` refuses what it cannot match before it writes anything: a roll
//! without the mapped columns, an unknown or missing `--columns` key, a `correct` or
//! `withdraw` for a record nobody added, the same `record_id` twice in one file, a
//! received file that is not one; each with its line and column, and its exit code.
//! (A received row that cannot be read is not refused: data_match_unreadable_rows.rs.)

mod common;

use std::fs;

use common::{Epct, ExitCode, Run};

const COLUMNS: &str = "id=ROLL_ID,surname=NOM,given_names=PRENOMS,date_of_birth=NE_LE";
const ROLL: &str = "ROLL_ID;NOM;PRENOMS;NE_LE\nFR-1;Moreau;Louise;14/07/1950\n";
const HEADER: &str = "record_id,action,record_type,surname,given_names,date_of_birth,place_of_birth,nationality,residence_country,residence_address";

fn world(received: &str) -> Epct {
    let env = Epct::new();
    env.file("roll.csv", ROLL);
    env.file("received.csv", format!("{HEADER}\n{received}"));
    env
}

fn run(env: &Epct, columns: &str, files: &[&str]) -> assert_cmd::Command {
    let mut cmd = env.epct();
    cmd.args(["data", "match", "--roll", "roll.csv", "--columns", columns])
        .args(files)
        .args(["--out", "review.csv"]);
    cmd
}

const ROW: &str = "A1,add,voter,Moreau,Louise,1950-07-14,Brest,FR,BE,Rue 1\n";

#[test]
fn a_roll_without_a_mapped_column_is_refused_at_line_1() {
    let env = world(ROW);
    let line = run(
        &env,
        "id=ROLL_ID,surname=NOM,given_names=PRENOMS,date_of_birth=DATE_NAISSANCE,birth_surname=NOM_JF",
        &["received.csv"],
    )
    .fails(ExitCode::InvalidData, "roll.csv: line 1: the roll has no column");
    assert!(
        line.contains("DATE_NAISSANCE (date_of_birth), NOM_JF (birth_surname)"),
        "{line}"
    );
    assert!(
        line.contains("its header is 'ROLL_ID,NOM,PRENOMS,NE_LE'"),
        "{line}"
    );
    env.nothing_left_behind("review.csv");
}

#[test]
fn an_unknown_or_missing_columns_key_is_a_usage_error() {
    let env = world(ROW);
    run(
        &env,
        &format!("{COLUMNS},nickname=SURNOM"),
        &["received.csv"],
    )
    .fails(ExitCode::Usage, "--columns: unknown key 'nickname'");
    run(
        &env,
        "id=ROLL_ID,surname=NOM,given_names=PRENOMS",
        &["received.csv"],
    )
    .fails(ExitCode::Usage, "the key 'date_of_birth' is not mapped");
    run(&env, "id=ROLL_ID,surname", &["received.csv"])
        .fails(ExitCode::Usage, "'surname' is not KEY=COLUMN");
    env.epct()
        .args([
            "data",
            "match",
            "--roll",
            "roll.csv",
            "received.csv",
            "--out",
            "review.csv",
        ])
        .fails(ExitCode::Usage, "the key 'id' is not mapped");
    env.nothing_left_behind("review.csv");
}

#[test]
fn a_correction_or_withdrawal_of_an_unknown_record_is_refused_with_its_line() {
    for action in ["correct", "withdraw"] {
        let env = world(&format!(
            "{ROW}B7,{action},voter,Moreau,Louise,1950-07-14,Brest,FR,BE,Rue 1\n"
        ));
        let line = run(&env, COLUMNS, &["received.csv"]).fails(
            ExitCode::InvalidData,
            &format!(
                "received.csv: line 3, column record_id: '{action}' for record_id 'B7', which no earlier record of BE adds"
            ),
        );
        assert!(line.contains("give the file with its first record before this one"));
        env.nothing_left_behind("review.csv");
    }
    let env = world("");
    env.file(
        "later.csv",
        format!("{HEADER}\nA1,withdraw,voter,Moreau,Louise,1950-07-14,Brest,FR,BE,Rue 1\n"),
    );
    env.file("first.csv", format!("{HEADER}\n{ROW}"));
    run(&env, COLUMNS, &["later.csv", "first.csv"]).fails(
        ExitCode::InvalidData,
        "later.csv: line 2, column record_id: 'withdraw' for record_id 'A1'",
    );
    run(&env, COLUMNS, &["first.csv", "later.csv"]).json();
}

#[test]
fn the_same_record_id_twice_in_one_file_is_refused() {
    let env = world(&format!(
        "{ROW}B1,add,voter,Petit,Léa,1990-01-02,Brest,FR,BE,Rue 1\n{ROW}"
    ));
    run(&env, COLUMNS, &["received.csv"]).fails(
        ExitCode::InvalidData,
        "received.csv: line 4, column record_id: record_id 'A1' is already on line 2",
    );
    env.nothing_left_behind("review.csv");
}

#[test]
fn received_files_that_cannot_be_matched_are_refused() {
    let env = world(ROW);
    env.file("other.csv", "name,born\nMoreau,1950-07-14\n");
    run(&env, COLUMNS, &["other.csv"]).fails(
        ExitCode::InvalidData,
        "other.csv: line 1: no column 'surname'",
    );
    run(&env, COLUMNS, &["absent.csv"]).fails(ExitCode::Failure, "cannot read absent.csv");
    env.file("empty.csv", "");
    run(&env, COLUMNS, &["empty.csv"]).fails(ExitCode::InvalidData, "empty.csv: the file is empty");
    env.nothing_left_behind("review.csv");
    assert_eq!(fs::read_to_string(env.path("roll.csv")).unwrap(), ROLL);
}

#[test]
fn a_directory_without_receive_reports_is_refused() {
    let env = world(ROW);
    fs::create_dir(env.path("inbox")).unwrap();
    env.epct()
        .args(["data", "match", "--roll", "roll.csv", "--columns", COLUMNS])
        .args(["--received-dir", "inbox", "--out", "review.csv"])
        .fails(
            ExitCode::Usage,
            "inbox: no receive report (receive-report-*.json) here",
        );
    env.nothing_left_behind("review.csv");
}
