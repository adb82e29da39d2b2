//! `exchange send` and `receive` with the home state's columns: a dual national sealed
//! for each home state and counted in the manifest, the election in the file names and
//! the manifest, and the files that must not go: another election's, and one with the
//! same record_id twice. On SoftHSM tokens (BE sends, FR receives), nothing written
//! where a send is refused.

mod common;

use std::fs;

use common::exchange::{Pair, pair};
use common::{ExitCode, Run};

const HEADER: &str = "record_type,surname,given_names,date_of_birth,place_of_birth,nationality,\
                      residence_country,residence_address,record_id,action,\
                      other_nationalities,election";

/// A file of BE residents: a DE national who is also French, a French national, and a
/// German one; `election` on every row, and `changes` applied to the text.
fn residents(x: &Pair, name: &str, election: &str, changes: &[(&str, &str)]) {
    let mut text = format!(
        "{HEADER}\n\
         voter,Schmidt,Anna,1980-02-03,Köln,DE,BE,Rue Haute 5,BE-1,add,FR,{election}\n\
         voter,Martin,Luc,1975-07-08,Lyon,FR,BE,Rue Basse 6,BE-2,add,,{election}\n\
         candidate,Weber,Jonas,1969-11-12,Bonn,DE,BE,Avenue Louise 7,BE-3,withdraw,,{election}\n"
    );
    for (from, to) in changes {
        text = text.replace(from, to);
    }
    fs::write(x.env.path(name), text).unwrap();
}

fn manifest_csv(x: &Pair) -> String {
    fs::read_to_string(x.env.path("out/manifest.csv")).unwrap()
}

#[test]
fn a_dual_national_is_sealed_for_each_home_state_and_counted() {
    let x = pair(0);
    residents(&x, "dual.csv", "", &[]);
    let manifest = x.send("dual.csv").json();
    assert_eq!(
        (&manifest["rows"], &manifest["sent_rows"]),
        (&3.into(), &3.into())
    );
    assert_eq!(manifest["dual_nationals"], 1);
    let files = manifest["files"].as_array().unwrap();
    let by_state = |state: &str| files.iter().find(|f| f["destination"] == state).unwrap();
    assert_eq!(by_state("DE")["rows"], 2);
    assert_eq!(by_state("DE")["dual_nationals"], 1);
    assert_eq!(by_state("FR")["rows"], 2);
    assert_eq!(by_state("FR")["dual_nationals"], 1);
    assert_eq!(by_state("FR")["candidates"], 0);
    assert!(manifest_csv(&x).starts_with(
        "sender,election,destination,file,rows,voters,candidates,dual_nationals,sha256,"
    ));

    x.send("dual.csv")
        .arg("--force")
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "BE sent 3 of 3 rows to 2 states from dual.csv\n  1 dual national, each sent to \
             every home state\n",
        ));

    // FR takes the German national who is French too.
    let name = by_state("FR")["file"].as_str().unwrap().to_owned();
    fs::copy(
        x.env.path(&format!("out/{name}")),
        x.env.path(&format!("inbox/{name}")),
    )
    .unwrap();
    let report = x.receive().json();
    assert_eq!(report["files"][0]["status"], "received", "{report}");
    let plaintext = fs::read_to_string(
        x.env
            .path(&format!("received/{}", name.replace(".p7m", ".csv"))),
    )
    .unwrap();
    assert!(plaintext.contains("Schmidt,Anna,1980-02-03,Köln,DE,BE,Rue Haute 5,BE-1,add,FR,"));
    assert!(plaintext.contains("Martin,Luc"));
    assert!(!plaintext.contains("Weber"));
}

#[test]
fn the_election_is_in_the_file_names_and_the_manifest() {
    let x = pair(0);
    residents(&x, "ep.csv", "EP-2029", &[]);
    let manifest = x.send("ep.csv").args(["--election", "EP-2029"]).json();
    assert_eq!(manifest["election"], "EP-2029");
    x.send("ep.csv")
        .args(["--election", "EP-2029", "--force"])
        .assert()
        .success()
        .stdout(predicates::str::contains("  election: EP-2029\n"));
    let today = manifest["date"].as_str().unwrap().to_owned();
    let names: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            format!("BE-to-DE-EP-2029-{today}-voters-candidates.p7m"),
            format!("BE-to-FR-EP-2029-{today}-voters.p7m")
        ]
    );
    assert!(manifest_csv(&x).contains(&format!(
        "BE,EP-2029,FR,BE-to-FR-EP-2029-{today}-voters.p7m,2,2,0,1,"
    )));

    // The rows name the election even without --election.
    let x = pair(0);
    residents(&x, "ep.csv", "EP-2029", &[]);
    let manifest = x.send("ep.csv").json();
    assert_eq!(manifest["election"], "EP-2029");
    assert!(
        manifest["files"][1]["file"]
            .as_str()
            .unwrap()
            .starts_with("BE-to-FR-EP-2029-")
    );
}

#[test]
fn receive_refuses_a_file_named_for_another_election() {
    let x = pair(0);
    residents(&x, "ep.csv", "EP-2029", &[]);
    let manifest = x.send("ep.csv").json();
    let name = manifest["files"][1]["file"].as_str().unwrap().to_owned();
    fs::copy(
        x.env.path(&format!("out/{name}")),
        x.env.path(&format!("inbox/{name}")),
    )
    .unwrap();
    let report = x
        .receive()
        .args(["--election", "EP-2034"])
        .json_exiting(ExitCode::InvalidData);
    assert_eq!(
        report["files"][0]["reason"],
        "its name says it is for the election EP-2029, not EP-2034, the one given: a file of \
         another election is not taken"
    );
    x.env
        .nothing_left_behind(format!("received/{}", name.replace(".p7m", ".csv")));
    let report = x.receive().args(["--election", "EP-2029"]).json();
    assert_eq!(report["files"][0]["status"], "received", "{report}");
}

#[test]
fn a_file_of_another_election_is_not_sent() {
    let x = pair(0);
    residents(&x, "old.csv", "EP-2024", &[]);
    let out = x
        .send("old.csv")
        .args(["--election", "EP-2029"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(ExitCode::InvalidData as i32),
        "{out:?}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("validation failed: 3 errors in 3 of 3 rows")
    );
    assert!(x.files("out").is_empty(), "{:?}", x.files("out"));
}

#[test]
fn the_same_record_id_twice_stops_the_send_or_is_left_out() {
    let x = pair(0);
    residents(&x, "twice.csv", "", &[("BE-3", "BE-1")]);
    let out = x.send("twice.csv").fails_after_report(
        ExitCode::InvalidData,
        "validation failed: 1 error in 1 of 3 rows",
    );
    // The problem is shown as data validate shows it.
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("line 4, column record_id: 'BE-1'"),
        "{report}"
    );
    assert!(x.files("out").is_empty(), "{:?}", x.files("out"));

    let manifest = x.send("twice.csv").arg("--skip-invalid").json();
    assert_eq!(manifest["rejected_rows"], 1);
    let rejected = fs::read_to_string(x.env.path("out/rejected.csv")).unwrap();
    assert!(rejected.contains(
        "line 4, column record_id: 'BE-1' is the record_id of line 2 too; a record_id is \
         unique in a file [duplicate_record_id]\",candidate,Weber"
    ));
}
