//! A received row that cannot be read (a date that is not one, bytes that are not
//! UTF-8, a wrong number of fields, an unknown action) does not refuse `data match`:
//! it is listed in the review as `unreadable` with its file, line and reason, counted
//! in the summary, the other rows are matched, and the exit code (4) says that
//! something needs review.

mod common;

use std::fs;

use common::{Epct, ExitCode, Run};

const COLUMNS: &str = "id=ROLL_ID,surname=NOM,given_names=PRENOMS,date_of_birth=NE_LE";
const ROLL: &str =
    "ROLL_ID;NOM;PRENOMS;NE_LE\nFR-1;Moreau;Louise;14/07/1950\nFR-2;Petit;Léa;02/01/1990\n";
const HEADER: &str = "record_id,action,record_type,surname,given_names,date_of_birth,place_of_birth,nationality,residence_country,residence_address";

/// Two readable rows (lines 2 and 6) around four that are not.
fn received() -> Vec<u8> {
    let mut text = format!("{HEADER}\n").into_bytes();
    text.extend_from_slice(b"A1,add,voter,Moreau,Louise,1950-07-14,Brest,FR,BE,Rue 1\n");
    text.extend_from_slice(b"A2,add,voter,Petit,Lea,14/07/1950,Brest,FR,BE,Rue 1\n");
    text.extend_from_slice(b"A3,add,voter,Dur\xe9,Paul,1960-01-01,Brest,FR,BE,Rue 1\n");
    text.extend_from_slice(b"A4,add,voter,Roux,Anne,1970-01-01,Brest,FR\n");
    text.extend_from_slice(b"A5,add,voter,Petit,L\xc3\xa9a,1990-01-02,Brest,FR,BE,Rue 1\n");
    text.extend_from_slice(b"A6,delete,voter,Roux,Anne,1970-01-01,Brest,FR,BE,Rue 1\n");
    text
}

fn matched(env: &Epct, out: &str) -> assert_cmd::Command {
    let mut cmd = env.epct();
    cmd.args(["data", "match", "--roll", "roll.csv", "--columns", COLUMNS])
        .args(["received.csv", "--out", out]);
    cmd
}

#[test]
fn unreadable_rows_are_listed_for_review_and_the_others_matched() {
    let env = Epct::new();
    env.file("roll.csv", ROLL);
    env.file("received.csv", received());
    let output = matched(&env, "review.csv").fails_after_report(
        ExitCode::InvalidData,
        "4 received rows could not be read and were not matched: the review review.csv lists each",
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(
            "not matched: 4 received rows that cannot be read (class unreadable in the review)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("to mark on the roll: 2 certain, 0 probable, 0 several, 0 none"),
        "{stdout}"
    );
    let review = fs::read_to_string(env.path("review.csv")).unwrap();
    let lines: Vec<&str> = review.lines().collect();
    assert_eq!(
        lines[1..],
        [
            "certain,marking,1.00,\"equal once normalised (case, accents, spaces, hyphens, particles)\",received.csv,2,A1,add,BE,2,FR-1",
            "certain,marking,1.00,\"equal once normalised (case, accents, spaces, hyphens, particles)\",received.csv,6,A5,add,BE,3,FR-2",
            "unreadable,correction,0.00,cannot be read: column date_of_birth: not a real date written YYYY-MM-DD,received.csv,3,A2,,BE,,",
            "unreadable,correction,0.00,cannot be read: column surname: not UTF-8,received.csv,4,A3,,BE,,",
            // Too short to hold its residence_country: the sender is not known.
            "unreadable,correction,0.00,cannot be read: the row has 8 fields where the header has 10,received.csv,5,A4,,unknown,,",
            "unreadable,correction,0.00,\"cannot be read: column action: neither add, correct nor withdraw\",received.csv,7,A6,,BE,,",
        ]
    );
    assert_eq!(fs::read_to_string(env.path("roll.csv")).unwrap(), ROLL);
}

#[test]
fn under_json_the_unreadable_rows_are_counted_and_listed() {
    let env = Epct::new();
    env.file("roll.csv", ROLL);
    env.file("received.csv", received());
    let report = matched(&env, "review.json").json_exiting(ExitCode::InvalidData);
    assert_eq!(report["received_unreadable"], 4);
    assert_eq!(report["received"], 2);
    assert_eq!(report["error"]["kind"], "invalid-data");
    let review: serde_json::Value =
        serde_json::from_slice(&fs::read(env.path("review.json")).unwrap()).unwrap();
    let unreadable: Vec<(u64, &str)> = review["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["class"] == "unreadable")
        .map(|l| {
            assert_eq!(l["action"], serde_json::Value::Null);
            assert_eq!(l["received_file"], "received.csv");
            (
                l["received_line"].as_u64().unwrap(),
                l["reasons"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        unreadable,
        [
            (
                3,
                "cannot be read: column date_of_birth: not a real date written YYYY-MM-DD"
            ),
            (4, "cannot be read: column surname: not UTF-8"),
            (
                5,
                "cannot be read: the row has 8 fields where the header has 10"
            ),
            (
                7,
                "cannot be read: column action: neither add, correct nor withdraw"
            ),
        ]
    );
    assert_eq!(review["summary"]["received_unreadable"], 4);
}
