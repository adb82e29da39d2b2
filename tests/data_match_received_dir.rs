//! `epct data match --received-dir`: the home state matches every plaintext that
//! `exchange receive` wrote, each with its sender from the receive report; on real
//! SoftHSM tokens, BE sealing for FR and FR receiving.

mod common;

use std::fs;

use common::Run;
use common::exchange::pair;
use serde_json::Value;

#[test]
fn the_received_files_are_matched_with_their_senders_from_the_reports() {
    let x = pair(40);
    x.sent_to_fr();
    x.receive().assert().success();
    let plaintext = x
        .files("received")
        .into_iter()
        .find(|n| n.starts_with("BE-to-FR") && n.ends_with(".csv"))
        .expect("a received plaintext");
    let mut reader = csv::Reader::from_path(x.env.path(&format!("received/{plaintext}"))).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (surname, given, born) = (at("surname"), at("given_names"), at("date_of_birth"));
    let mut roll = String::from("ID;NOM;PRENOMS;NE_LE\n");
    let mut rows: u64 = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record.unwrap();
        if i % 2 == 0 {
            roll += &format!(
                "FR-{i};{};{};{}\n",
                &record[surname], &record[given], &record[born]
            );
        }
        rows += 1;
    }
    assert!(rows > 4, "FR's share of the file: {rows} rows");
    x.env.file("roll.csv", &roll);
    let summary = x
        .epct()
        .args([
            "data",
            "match",
            "--roll",
            "roll.csv",
            "--received-dir",
            "received",
        ])
        .args([
            "--columns",
            "id=ID,surname=NOM,given_names=PRENOMS,date_of_birth=NE_LE",
        ])
        .args(["--out", "review.json"])
        .json();
    let on_roll = rows.div_ceil(2);
    assert_eq!(summary["received"], rows);
    assert_eq!(summary["marking"]["certain"], on_roll, "{summary}");
    assert_eq!(summary["marking"]["none"], rows - on_roll, "{summary}");
    assert_eq!(summary["by_sender"]["BE"]["certain"], on_roll);
    let file = format!("received/{plaintext}");
    assert_eq!(summary["by_file"][&file]["certain"], on_roll, "{summary}");
    let review: Value =
        serde_json::from_slice(&fs::read(x.env.path("review.json")).unwrap()).unwrap();
    for line in review["lines"].as_array().unwrap() {
        assert_eq!(line["sender"], "BE");
        assert_eq!(line["received_file"], file.as_str());
    }
}
