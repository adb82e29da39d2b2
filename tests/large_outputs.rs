//! Outputs that stay readable when they are large (issue 13, point 15): `data validate`
//! of 50,000 bad rows, `exchange send` of a bad file, `partners import` of many bad
//! lines, and the tables of `partners list` and `trust list`, taken from real runs.

mod common;

use std::collections::BTreeMap;
use std::fs;

use common::exchange::{Pair, pair};
use common::*;

/// The problems printed per rule without --all.
const PER_RULE: u64 = 10;

/// Counts the printed problem lines ("error: ... [rule]") of each rule, and reads the
/// "... and N more errors of rule R" lines.
fn printed(text: &str) -> (BTreeMap<String, u64>, BTreeMap<String, u64>) {
    let mut shown = BTreeMap::new();
    let mut more = BTreeMap::new();
    for line in text.lines() {
        if let Some(problem) = line.strip_prefix("error: ") {
            let rule = problem.rsplit_once('[').unwrap().1.trim_end_matches(']');
            *shown.entry(rule.to_owned()).or_insert(0) += 1;
        } else if let Some(rest) = line.strip_prefix("... and ") {
            let (n, rest) = rest.split_once(' ').unwrap();
            let rule = rest
                .strip_prefix("more errors of rule ")
                .or_else(|| rest.strip_prefix("more error of rule "))
                .unwrap();
            let rule = rule.split_once(' ').unwrap().0;
            more.insert(rule.to_owned(), n.parse().unwrap());
            assert!(line.ends_with("(epct data validate --all lists every one)"));
        }
    }
    (shown, more)
}

#[test]
fn fifty_thousand_bad_rows_show_ten_a_rule_then_the_count_of_the_rest() {
    let env = Epct::new();
    env.epct()
        .args([
            "data",
            "generate",
            "--rows",
            "50000",
            "--invalid-rows",
            "50000",
        ])
        .args(["--out", "bad.csv"])
        .assert()
        .success();
    let report = env
        .epct()
        .args(["data", "validate", "bad.csv"])
        .json_exiting(ExitCode::InvalidData);
    let by_rule: BTreeMap<String, u64> =
        serde_json::from_value(report["summary"]["errors_by_rule"].clone()).unwrap();
    let errors = report["summary"]["errors"].as_u64().unwrap();
    assert!(errors >= 50_000, "{}", report["summary"]);
    assert!(by_rule.len() > 5, "{by_rule:?}");
    // JSON lists the first 10,000 problems, says that there were more, and counts all.
    assert_eq!(report["problems"].as_array().unwrap().len(), 10_000);
    assert_eq!(report["problems_truncated"], true);

    let out = env
        .epct()
        .args(["data", "validate", "bad.csv"])
        .fails_after_report(
            ExitCode::InvalidData,
            &format!("validation failed: {errors} errors in 50000 of 50000 rows"),
        );
    let text = String::from_utf8_lossy(&out.stdout);
    let (shown, more) = printed(&text);
    assert_eq!(
        shown.keys().collect::<Vec<_>>(),
        by_rule.keys().collect::<Vec<_>>()
    );
    for (rule, &total) in &by_rule {
        assert_eq!(shown[rule], total.min(PER_RULE), "{rule}");
        assert_eq!(
            more.get(rule).copied().unwrap_or(0),
            total - shown[rule],
            "{rule}"
        );
    }
    assert!(
        text.contains(&format!("invalid: {errors} errors in 50000 rows")),
        "{text}"
    );

    let out = env
        .epct()
        .args(["data", "validate", "--all", "bad.csv"])
        .fails_after_report(ExitCode::InvalidData, "validation failed");
    let (shown, more) = printed(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(shown, by_rule);
    assert!(more.is_empty(), "{more:?}");
}

/// The exchange's `epct` with a PIN source that cannot be read: a run that asked for
/// the PIN would fail on it.
fn without_a_pin(x: &Pair) -> assert_cmd::Command {
    let mut cmd = x.epct();
    cmd.env_remove("EPCT_TEST_PIN");
    cmd
}

#[test]
fn exchange_send_lists_the_problems_as_data_validate_does_before_any_pin() {
    let x = pair(4);
    x.generate("bad.csv", 40, 25);
    let validated = x
        .epct()
        .args(["data", "validate", "bad.csv"])
        .fails_after_report(ExitCode::InvalidData, "validation failed");
    let out = without_a_pin(&x)
        .args([
            "--token", "BE", "exchange", "send", "bad.csv", "--key", "be",
        ])
        .args(["--out-dir", "out"])
        .fails_after_report(
            ExitCode::InvalidData,
            "validation failed: 25 errors in 25 of 40 rows",
        );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&validated.stdout)
    );
    let (shown, _) = printed(&String::from_utf8_lossy(&out.stdout));
    assert!(shown.values().sum::<u64>() >= PER_RULE, "{shown:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("PIN"));
    assert!(x.files("out").is_empty());
    // Under --json, one document: the validation report with the error first.
    let report = without_a_pin(&x)
        .args([
            "--token", "BE", "exchange", "send", "bad.csv", "--key", "be",
        ])
        .args(["--out-dir", "out"])
        .json_exiting(ExitCode::InvalidData);
    assert_eq!(report["error"]["exit_code"], 4, "{report}");
    assert_eq!(report["summary"]["errors"], 25, "{report}");
    assert_eq!(report["problems"].as_array().unwrap().len(), 25, "{report}");
    assert!(x.files("out").is_empty());
}

/// Where each of `headers` starts in the header line, and where it ends, in characters.
fn header_spans(line: &str, headers: &[&str]) -> Vec<(usize, usize)> {
    let chars: Vec<char> = line.chars().collect();
    headers
        .iter()
        .map(|h| {
            let wanted: Vec<char> = h.chars().collect();
            let start = (0..chars.len())
                .find(|&i| chars[i..].starts_with(&wanted) && (i == 0 || chars[i - 1] == ' '))
                .unwrap_or_else(|| panic!("{h} not in {line}"));
            (start, start + wanted.len())
        })
        .collect()
}

/// Asserts that in every row a cell begins under each left-aligned header, and ends
/// under each right-aligned one (`right`).
fn assert_aligned(text: &str, headers: &[&str], right: &[&str]) {
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let spans = header_spans(header, headers);
    for row in lines {
        let chars: Vec<char> = row.chars().collect();
        for (name, &(start, end)) in headers.iter().zip(&spans) {
            let ok = if right.contains(name) {
                chars[end - 1] != ' ' && chars.get(end).is_none_or(|c| *c == ' ')
            } else {
                chars[start] != ' ' && (start == 0 || chars[start - 1] == ' ')
            };
            assert!(ok, "{name} not over its column:\n{header}\n{row}");
        }
    }
}

const PARTNER_HEADERS: [&str; 5] = ["COUNTRY", "AUTHORITY", "ROLE", "VALID UNTIL", "CERTIFICATE"];

/// The exchange with authorities of long names in its partner directory.
fn long_names() -> Pair {
    let x = pair(1);
    let csv = fs::read_to_string(x.env.path("partners.csv")).unwrap();
    let csv = csv
        .replace(
            "Ministère de l'Intérieur",
            "\"Ministère de l'Intérieur et des Outre-mer, Direction de la modernisation et de l'administration territoriale, Bureau des élections\"",
        )
        .replace(
            "Bundeswahlleiter",
            "\"Die Bundeswahlleiterin beim Statistischen Bundesamt, Gruppe Wahlen und Abstimmungen\"",
        );
    x.env.file("partners.csv", csv);
    x.epct()
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    x
}

#[test]
fn partners_list_cuts_long_names_to_a_fixed_width_away_from_a_terminal() {
    let x = long_names();
    let out = x.epct().args(["partners", "list"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().all(|l| l.chars().count() <= 120), "{text}");
    assert!(
        text.contains("Ministère de l'Intérieur et des Outre-mer, Dire…"),
        "{text}"
    );
    assert!(text.contains('…'), "{text}");
    assert!(!text.contains("Bureau des élections"), "{text}");
    assert_aligned(&text, &PARTNER_HEADERS, &[]);
    // JSON keeps every name whole.
    let json = x.epct().args(["partners", "list"]).json();
    assert!(json.to_string().contains("Bureau des élections"), "{json}");
}

#[test]
fn partners_list_fits_the_terminal_it_is_shown_on() {
    let x = long_names();
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let epct = assert_cmd::cargo::cargo_bin!("epct");
    let mut cmd = std::process::Command::new("script");
    x.env
        .isolate(&mut cmd)
        .args(["-qefc"])
        .arg(format!(
            "stty cols 90 && {} --trust-store {} partners list",
            quote(&epct.display().to_string()),
            quote(&x.env.path("store").display().to_string())
        ))
        .arg("/dev/null");
    let out = run(&mut cmd);
    let screen = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    let table = &screen[screen.find("COUNTRY").expect("the table")..];
    assert!(table.lines().all(|l| l.chars().count() <= 90), "{table}");
    assert_eq!(table.lines().count(), 4, "{table}");
    assert_aligned(table, &PARTNER_HEADERS, &[]);
}

#[test]
fn trust_list_headers_line_up_with_their_columns() {
    let x = pair(1);
    let out = x.epct().args(["trust", "list"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().count() >= 2, "{text}");
    assert_aligned(
        &text,
        &[
            "TERRITORY",
            "KIND",
            "SEQ",
            "ISSUED",
            "NEXT UPDATE",
            "STALE",
            "POINTERS",
            "PROVIDERS",
            "SERVICES",
            "CERTIFICATES",
            "OPERATOR",
        ],
        &["SEQ", "POINTERS", "PROVIDERS", "SERVICES", "CERTIFICATES"],
    );
}

/// `partners import` of `rows` after the header, separated by `sep`, in a fresh store.
fn import_partners(sep: char, rows: usize) -> (Epct, std::process::Output) {
    let env = Epct::new();
    env.software_key("partner", "rsa:2048");
    let mut csv = ["country", "authority", "role", "certificate"].join(&sep.to_string()) + "\n";
    for i in 0..rows {
        csv += &[&format!("X{i}"), "Somebody", "sender", "partner.pem"].join(&sep.to_string());
        csv += "\n";
    }
    env.file("partners.csv", csv);
    let out = env
        .epct_without_pin()
        .args(["partners", "import", "partners.csv"])
        .output()
        .unwrap();
    (env, out)
}

#[test]
fn partners_import_lists_every_bad_line_with_commas_or_semicolons() {
    for (sep, rows, more) in [
        (',', 30, " | and 10 more problems"),
        (';', 21, " | and 1 more problem"),
    ] {
        let (env, out) = import_partners(sep, rows);
        assert_eq!(
            out.status.code(),
            Some(status(ExitCode::Failure)),
            "{out:?}"
        );
        let line = one_line_error(&out.stderr);
        assert!(
            line.starts_with("error: partners.csv: line 2, column 1 (country): 'X0'"),
            "{line}"
        );
        assert!(line.ends_with(more), "{line}");
        let listed = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = listed.lines().collect();
        assert_eq!(lines.len(), rows, "{listed}");
        for (i, text) in lines.iter().enumerate() {
            assert!(
                text.starts_with(&format!(
                    "error: line {}, column 1 (country): 'X{i}'",
                    i + 2
                )),
                "{text}"
            );
        }
        assert!(!env.trust_store().join("partners.csv").exists());
    }
    // Up to 20 bad lines, the error names them all and nothing more is printed.
    let (_, out) = import_partners(';', 20);
    assert!(out.stdout.is_empty());
    assert!(one_line_error(&out.stderr).contains("line 21, column 1 (country): 'X19'"));
}
