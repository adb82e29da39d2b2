//! `epct data generate --roll` and `epct data match` together: every planted match
//! found as planted against the generator's truth, every `certain` right, no near-miss
//! matched; and the roll mode's refusals.

mod common;

use std::collections::HashMap;
use std::fs;

use common::{Epct, ExitCode, Run};
use serde_json::Value;

fn generate(env: &Epct, home: &str, rows: &str, roll_rows: &str) -> Value {
    env.epct()
        .args(["data", "generate", "--rows", rows, "--roll-rows", roll_rows])
        .args(["--nationalities", home, "--residence", "BE", "--seed", "7"])
        .args(["--roll", "roll.csv", "--out", "received.csv"])
        .json()
}

/// Matches the generated files and compares the review with the truth: per variant,
/// how many were found as planted, and how many of all.
fn check_against_truth(env: &Epct, generated: &Value) {
    let columns = generated["columns"].as_str().unwrap();
    env.epct()
        .args([
            "data",
            "match",
            "--roll",
            "roll.csv",
            "received.csv",
            "received.updates.csv",
        ])
        .args(["--columns", columns, "--out", "review.json"])
        .json();
    let review: Value =
        serde_json::from_slice(&fs::read(env.path("review.json")).unwrap()).unwrap();
    let mut found: HashMap<String, Vec<&Value>> = HashMap::new();
    for line in review["lines"].as_array().unwrap() {
        found
            .entry(line["record_id"].as_str().unwrap().to_owned())
            .or_default()
            .push(line);
    }
    let truth = fs::read_to_string(env.path("received.truth.csv")).unwrap();
    let mut per_variant: HashMap<String, (u32, u32)> = HashMap::new();
    for row in truth.lines().skip(1) {
        let fields: Vec<&str> = row.split(',').collect();
        let (id, expected, roll_id, variant) = (fields[0], fields[1], fields[2], fields[3]);
        let lines = &found[id];
        let class = lines[0]["class"].as_str().unwrap();
        if class == "certain" {
            assert_eq!(
                lines[0]["roll_id"], roll_id,
                "a wrong certain match: {row} {:?}",
                lines
            );
        }
        let as_planted = match expected {
            "none" => class == "none",
            _ => class == expected && lines[0]["roll_id"] == roll_id,
        };
        let entry = per_variant.entry(variant.to_owned()).or_default();
        entry.0 += 1;
        entry.1 += u32::from(as_planted);
        if !as_planted {
            eprintln!("not as planted: {row}: {lines:?}");
        }
    }
    for (variant, (planted, as_planted)) in &per_variant {
        assert!(*planted > 0);
        assert!(
            f64::from(*as_planted) >= 0.97 * f64::from(*planted),
            "{variant}: {as_planted} of {planted} found as planted"
        );
    }
    let expected_variants = 13 + usize::from(per_variant.contains_key("transliteration"));
    assert_eq!(per_variant.len(), expected_variants, "{per_variant:?}");
}

#[test]
fn every_planted_variant_of_a_latin_roll_is_found_as_planted() {
    let env = Epct::new();
    let generated = generate(&env, "FR", "3000", "30000");
    assert_eq!(generated["roll_rows"], 30000);
    assert_eq!(generated["received_rows"], 3000);
    let roll = fs::read_to_string(env.path("roll.csv")).unwrap();
    assert!(roll.starts_with("ROLL_ID;NOM;PRENOMS;NE_LE;NOM_NAISSANCE;LIEU_NAISSANCE\n"));
    let validated = env.epct().args(["data", "validate", "received.csv"]).json();
    assert_eq!(validated["summary"]["errors"], 0, "{validated}");
    check_against_truth(&env, &generated);
}

/// Checks that the roll is in the script of `script`, and that the received records
/// carry `surname_original` and `given_names_original` in it beside their Latin names,
/// but for the planted transliteration variants.
fn in_original_script(env: &Epct, script: std::ops::RangeInclusive<char>) {
    let roll = fs::read_to_string(env.path("roll.csv")).unwrap();
    let written_in = |text: &str| text.chars().any(|c| script.contains(&c));
    assert!(written_in(roll.lines().nth(1).unwrap()));
    let received = fs::read_to_string(env.path("received.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(received.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name| header.iter().position(|h| h == name).unwrap();
    let (surname, original, given_original) = (
        at("surname"),
        at("surname_original"),
        at("given_names_original"),
    );
    let (mut with, mut without) = (0, 0);
    for row in reader.records() {
        let row = row.unwrap();
        assert!(!written_in(&row[surname]), "{row:?}");
        if written_in(&row[original]) && written_in(&row[given_original]) {
            with += 1;
        } else {
            without += 1;
        }
    }
    assert!(
        with > 9 * without && without > 0,
        "{with} with, {without} without"
    );
}

#[test]
fn every_planted_variant_of_a_greek_roll_is_found_as_planted() {
    let env = Epct::new();
    let generated = generate(&env, "EL", "2000", "20000");
    in_original_script(&env, '\u{370}'..='\u{3ff}');
    check_against_truth(&env, &generated);
}

#[test]
fn every_planted_variant_of_a_cyrillic_roll_is_found_as_planted() {
    let env = Epct::new();
    let generated = generate(&env, "BG", "2000", "20000");
    in_original_script(&env, '\u{400}'..='\u{4ff}');
    check_against_truth(&env, &generated);
}

#[test]
fn the_roll_mode_refuses_options_it_cannot_honour() {
    let env = Epct::new();
    let base = [
        "data",
        "generate",
        "--rows",
        "10",
        "--roll",
        "roll.csv",
        "--out",
        "received.csv",
    ];
    env.epct()
        .args(base)
        .args(["--nationalities", "FR,DE"])
        .fails(
            ExitCode::Usage,
            "give the home state as the one --nationalities",
        );
    env.epct().args(base).args(["--nationalities", "BE"]).fails(
        ExitCode::Usage,
        "the home state BE cannot be the residence state too",
    );
    env.epct()
        .args(base)
        .args(["--nationalities", "FR", "--roll-rows", "5"])
        .fails(
            ExitCode::Usage,
            "10 received records cannot come from a roll of 5 rows",
        );
    env.epct()
        .args(base)
        .args(["--nationalities", "FR", "--invalid-rows", "1"])
        .fails(ExitCode::Usage, "--invalid-rows is for the other mode");
    for name in [
        "roll.csv",
        "received.csv",
        "received.truth.csv",
        "received.updates.csv",
    ] {
        env.nothing_left_behind(name);
    }
}
