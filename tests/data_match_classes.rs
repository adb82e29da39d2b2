//! `epct data match` through the binary: each class and each reason on a small roll in
//! a register's own format, restorations, the review as CSV and JSON, the columns from
//! the configuration, and a roll that is only ever read.

mod common;

use std::fs;

use common::{Epct, Run};
use serde_json::Value;

const COLUMNS: &str =
    "id=ROLL_ID,surname=NOM,given_names=PRENOMS,date_of_birth=NE_LE,birth_surname=NOM_NAISSANCE";

/// A roll as a French-style register writes it: `;`, its own names, DD/MM/YYYY.
const ROLL: &str = "\
ROLL_ID;NOM;PRENOMS;NE_LE;NOM_NAISSANCE;LIEU_NAISSANCE
FR-001;Müller-Lüdenscheidt;Hans Jürgen;07/03/1980;;Lyon
FR-002;Kowalski;Jan Piotr;21/11/1975;;Paris
FR-003;Nowak;Anna;02/04/1990;Kowalska;Nice
FR-004;Lefebvre;Mathilde;15/06/1985;;Lille
FR-005;Dubois;Marie Claire;05/09/1962;;Nantes
FR-006;Dubois;Étienne;05/09/1962;;Nantes
FR-007;Girard;Paul;30/01/1970;;Dijon
FR-008;Girard;Paul;30/01/1970;;Dijon
FR-009;van den Berg;Sanne;12/12/1988;;Metz
FR-010;Moreau;Louise;07/05/1950;;Brest
FR-011;Rousseau;Pierre;18/10/1944;;Tours
";

const HEADER: &str = "record_id,action,record_type,surname,given_names,date_of_birth,place_of_birth,nationality,residence_country,residence_address,birth_surname";

fn received_row(id: &str, surname: &str, given: &str, dob: &str) -> String {
    format!("{id},add,voter,{surname},{given},{dob},Lyon,FR,BE,Rue de la Loi 1,\n")
}

/// Runs `data match --json` on `received` (name, contents) and returns the review
/// lines of review.json by record_id, and the summary printed.
fn review(env: &Epct, received: &[(&str, String)]) -> (Vec<Value>, Value) {
    env.file("roll.csv", ROLL);
    let mut cmd = env.epct();
    cmd.args(["data", "match", "--roll", "roll.csv", "--columns", COLUMNS]);
    for (name, contents) in received {
        env.file(name, contents);
        cmd.arg(name);
    }
    let summary = cmd.args(["--out", "review.json"]).json();
    let review: Value =
        serde_json::from_slice(&fs::read(env.path("review.json")).unwrap()).unwrap();
    assert_eq!(review["version"], 1);
    assert_eq!(review["summary"]["received"], summary["received"]);
    assert_eq!(review["summary"]["marking"], summary["marking"]);
    (review["lines"].as_array().unwrap().clone(), summary)
}

fn line<'a>(lines: &'a [Value], record_id: &str) -> Vec<&'a Value> {
    lines
        .iter()
        .filter(|l| l["record_id"] == record_id)
        .collect()
}

fn reasons(line: &Value) -> Vec<&str> {
    line["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect()
}

#[test]
fn each_class_and_reason_is_found_and_said_in_words() {
    let env = Epct::new();
    let mut received = HEADER.to_owned() + "\n";
    for (id, surname, given, dob) in [
        (
            "exact",
            "MUELLER LUEDENSCHEIDT",
            "hans  jurgen",
            "1980-03-07",
        ),
        ("reordered", "Kowalski", "Piotr Jan", "1975-11-21"),
        ("missing", "Kowalski", "Jan", "1975-11-21"),
        ("birth-name", "Kowalska", "Anna", "1990-04-02"),
        ("spelling", "Lefebvres", "Mathilde", "1985-06-15"),
        ("swapped", "Moreau", "Louise", "1950-07-05"),
        ("digit", "Rousseau", "Pierre", "1945-10-18"),
        ("particle", "Berg", "Sanne", "1988-12-12"),
        ("several", "Girard", "Paul", "1970-01-30"),
        ("other-date", "Moreau", "Louise", "1961-02-27"),
        ("twin", "Dubois", "Marie Claire", "1962-09-05"),
        ("stranger", "Martin", "Luc", "1970-01-30"),
    ] {
        received += &received_row(id, surname, given, dob);
    }
    let (lines, summary) = review(&env, &[("received.csv", received)]);
    let class = |id: &str| {
        let found = line(&lines, id);
        (found[0]["class"].as_str().unwrap().to_owned(), found)
    };
    let (c, exact) = class("exact");
    assert_eq!((c.as_str(), exact.len()), ("certain", 1));
    assert_eq!(exact[0]["roll_id"], "FR-001");
    assert_eq!(exact[0]["roll_line"], 2);
    assert_eq!(exact[0]["received_line"], 2);
    assert_eq!(exact[0]["received_file"], "received.csv");
    assert_eq!(exact[0]["score"], 1.0);
    assert_eq!(exact[0]["sender"], "BE");
    assert_eq!(exact[0]["review"], "marking");
    for (id, roll_id, reason) in [
        ("reordered", "FR-002", "given names in another order"),
        ("missing", "FR-002", "one given name missing on one side"),
        (
            "birth-name",
            "FR-003",
            "surname equal to the birth or former name on the other side",
        ),
        ("spelling", "FR-004", "surname spelt slightly differently"),
        ("swapped", "FR-010", "day and month of birth swapped"),
        ("digit", "FR-011", "one digit of the date of birth differs"),
    ] {
        let (c, found) = class(id);
        assert_eq!(c, "probable", "{id}");
        assert_eq!(found.len(), 1, "{id}");
        assert_eq!(found[0]["roll_id"], roll_id, "{id}");
        assert_eq!(reasons(found[0]), [reason], "{id}");
        let score = found[0]["score"].as_f64().unwrap();
        assert!(score > 0.5 && score < 1.0, "{id}: {score}");
    }
    assert_eq!(class("particle").0, "certain");
    let (c, several) = class("several");
    assert_eq!(c, "several");
    let ids: Vec<&Value> = several.iter().map(|l| &l["roll_id"]).collect();
    assert_eq!(ids, ["FR-007", "FR-008"]);
    assert_eq!(reasons(several[0])[0], "2 roll entries fit");
    for id in ["other-date", "stranger"] {
        let (c, found) = class(id);
        assert_eq!(c, "none", "{id}");
        assert_eq!(found[0]["roll_id"], Value::Null);
        assert_eq!(found[0]["score"], 0.0);
    }
    let (c, twin) = class("twin");
    assert_eq!((c.as_str(), twin.len()), ("certain", 1));
    assert_eq!(twin[0]["roll_id"], "FR-005");
    let marking = &summary["marking"];
    assert_eq!(
        (
            &marking["certain"],
            &marking["probable"],
            &marking["several"],
            &marking["none"]
        ),
        (
            &Value::from(3),
            &Value::from(6),
            &Value::from(1),
            &Value::from(2)
        )
    );
    assert_eq!(summary["by_sender"]["BE"]["probable"], 6);
    assert_eq!(summary["by_file"]["received.csv"]["none"], 2);
    assert_eq!(summary["roll_rows"], 11);
}

#[test]
fn greek_and_cyrillic_names_are_compared_in_their_script_or_transliterated() {
    let env = Epct::new();
    env.file(
        "roll.csv",
        "ID,SURNAME,GIVEN,BORN\nEL-1,Παπαδόπουλος,Γεώργιος,1970-05-01\nEL-2,Жечев,Иван,1980-02-03\n",
    );
    env.file(
        "received.csv",
        "surname,given_names,date_of_birth,surname_original,given_names_original,residence_country\n\
         Papadopulos,Giorgos,1970-05-01,Παπαδόπουλος,Γεώργιος,DE\n\
         Papadopoulos,Georgios,1970-05-01,,,DE\n\
         Zhechev,Ivan,1980-02-03,,,DE\n",
    );
    env.epct()
        .args([
            "data",
            "match",
            "--roll",
            "roll.csv",
            "received.csv",
            "--out",
            "review.json",
        ])
        .args([
            "--columns",
            "id=ID,surname=SURNAME,given_names=GIVEN,date_of_birth=BORN",
        ])
        .json();
    let review: Value =
        serde_json::from_slice(&fs::read(env.path("review.json")).unwrap()).unwrap();
    let lines = review["lines"].as_array().unwrap();
    assert_eq!(
        lines[0]["class"], "certain",
        "originals agree: {}",
        lines[0]
    );
    for (i, roll_id) in [(1, "EL-1"), (2, "EL-2")] {
        assert_eq!(lines[i]["class"], "probable", "{}", lines[i]);
        assert_eq!(lines[i]["roll_id"], roll_id);
        assert_eq!(
            reasons(&lines[i]),
            [
                "given names transliterated from Greek or Cyrillic differently",
                "surname transliterated from Greek or Cyrillic differently"
            ]
        );
    }
    assert_eq!(lines[2]["sender"], "DE");
}

#[test]
fn a_withdrawal_is_a_restoration_and_a_correction_replaces_its_record() {
    let env = Epct::new();
    let first = format!(
        "{HEADER}\n{}{}",
        received_row("A1", "Moreau", "Louise", "1950-05-07"),
        received_row("A2", "Lefebvre", "Mathilde", "1999-01-01"),
    );
    let later = format!(
        "{HEADER}\nA1,withdraw,voter,Moreau,Louise,1950-05-07,Brest,FR,BE,Rue 1,\n\
         A2,correct,voter,Lefebvre,Mathilde,1985-06-15,Lille,FR,BE,Rue 1,\n"
    );
    let (lines, summary) = review(&env, &[("first.csv", first), ("later.csv", later)]);
    assert_eq!(
        lines.len(),
        2,
        "the replaced records are not listed: {lines:?}"
    );
    assert_eq!(lines[0]["record_id"], "A1");
    assert_eq!(lines[0]["action"], "withdraw");
    assert_eq!(lines[0]["review"], "restoration");
    assert_eq!(lines[0]["class"], "certain");
    assert_eq!(lines[0]["received_file"], "later.csv");
    assert_eq!(lines[1]["action"], "correct");
    assert_eq!(lines[1]["class"], "certain");
    assert_eq!(lines[1]["roll_id"], "FR-004");
    assert_eq!(summary["replaced"], 2);
    assert_eq!(summary["restoration"]["certain"], 1);
    assert_eq!(summary["marking"]["certain"], 1);
}

#[test]
fn the_csv_review_is_spreadsheet_safe_and_the_roll_is_only_read() {
    let env = Epct::new();
    let roll = "ROLL_ID;NOM;PRENOMS;NE_LE\n=HYPERLINK(\"x\");Moreau;Louise;14/07/1950\n;;;\nX;Petit;Léa;31/02/1990\n";
    env.file("roll.csv", roll);
    env.file(
        "received.csv",
        format!(
            "{HEADER}\n{}",
            received_row("A1", "Moreau", "Louise", "1950-07-14")
        ),
    );
    let before = fs::metadata(env.path("roll.csv"))
        .unwrap()
        .modified()
        .unwrap();
    let out = env
        .epct()
        .args([
            "data",
            "match",
            "--roll",
            "roll.csv",
            "received.csv",
            "--out",
            "review.csv",
        ])
        .args([
            "--columns",
            "id=ROLL_ID,surname=NOM,given_names=PRENOMS,date_of_birth=NE_LE",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("to mark on the roll: 1 certain, 0 probable, 0 several, 0 none"),
        "{text}"
    );
    assert!(text.contains("2 roll rows without a usable surname, given name or date of birth were not compared (lines 3, 4)"), "{text}");
    assert!(
        text.contains("nothing is removed without an official's review"),
        "{text}"
    );
    let review = fs::read_to_string(env.path("review.csv")).unwrap();
    let mut rows = review.lines();
    assert_eq!(
        rows.next(),
        Some(
            "class,review,score,reasons,received_file,received_line,record_id,action,sender,roll_line,roll_id"
        )
    );
    assert_eq!(
        rows.next(),
        Some(
            "certain,marking,1.00,\"equal once normalised (case, accents, spaces, hyphens, particles)\",received.csv,2,A1,add,BE,2,\"'=HYPERLINK(\"\"x\"\")\""
        )
    );
    assert_eq!(fs::read_to_string(env.path("roll.csv")).unwrap(), roll);
    assert_eq!(
        fs::metadata(env.path("roll.csv"))
            .unwrap()
            .modified()
            .unwrap(),
        before
    );
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
        .args([
            "--columns",
            "id=ROLL_ID,surname=NOM,given_names=PRENOMS,date_of_birth=NE_LE",
        ])
        .fails(common::ExitCode::Failure, "review.csv");
    assert_eq!(fs::read_to_string(env.path("review.csv")).unwrap(), review);
}

#[test]
fn the_columns_come_from_the_configuration_when_not_given() {
    let env = Epct::new();
    fs::create_dir_all(env.default_config().parent().unwrap()).unwrap();
    fs::write(
        env.default_config(),
        "[match-columns]\nid = \"ROLL_ID\"\nsurname = \"NOM\"\ngiven_names = \"PRENOMS\"\ndate_of_birth = \"NE_LE\"\nbirth_surname = \"NOM_NAISSANCE\"\n",
    )
    .unwrap();
    env.file("roll.csv", ROLL);
    env.file(
        "received.csv",
        format!(
            "{HEADER}\n{}",
            received_row("A1", "Kowalska", "Anna", "1990-04-02")
        ),
    );
    let summary = env
        .epct()
        .args([
            "data",
            "match",
            "--roll",
            "roll.csv",
            "received.csv",
            "--out",
            "review.csv",
        ])
        .json();
    assert_eq!(summary["marking"]["probable"], 1, "{summary}");
    assert_eq!(summary["output"], "review.csv");
}
