//! `epct partners import` / `list` and the partner directory as `seal --to`, `open` and
//! `exchange receive` use it.

mod common;

use std::path::Path;

use base64ct::{Base64, Encoding};
use common::trust::*;
use common::{Epct, ExitCode, Run, one_line_error};
use epct::country::Country;
use epct::trust::{LockedTrustStore, Partners, TrustError, TrustStore};
use epct::x509::read_certificate;

fn der_base64(name: &str) -> String {
    let cert = read_certificate(&std::fs::read(pki(name)).unwrap(), name).unwrap();
    Base64::encode_string(&der::Encode::to_der(&cert).unwrap())
}

/// A directory with a partner CSV and the PEM files it names.
fn directory(dir: &Path, rows: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(dir.join("certs")).unwrap();
    for name in ["valid.pem", "revoked-after.pem", "intermediate-leaf.pem"] {
        std::fs::copy(pki(name), dir.join("certs").join(name)).unwrap();
    }
    let csv = dir.join("partners.csv");
    std::fs::write(&csv, format!("country,authority,role,certificate\n{rows}")).unwrap();
    csv
}

fn standard_rows() -> String {
    format!(
        "de,Bundeswahlleiterin,both,certs/valid.pem\n\
         FR,\"Ministère de l'Intérieur, Élections\",recipient,{}\n\
         AT , Innenministerium , sender , certs/intermediate-leaf.pem\n",
        der_base64("revoked-after.pem")
    )
}

#[test]
fn a_directory_imports_and_lists_without_its_files() {
    let work = tempfile::tempdir().unwrap();
    let store = Epct::new();
    let csv = directory(work.path(), &standard_rows());
    let imported = store
        .epct_without_pin()
        .args(["partners", "import"])
        .arg(&csv)
        .json();
    assert_eq!(imported["partners"].as_array().unwrap().len(), 3);
    std::fs::remove_dir_all(work.path()).unwrap();

    let listed = store.epct_without_pin().args(["partners", "list"]).json();
    assert_eq!(listed, imported);
    assert_eq!(listed["partners"][0]["country"], "DE");
    assert_eq!(listed["partners"][0]["role"], "both");
    assert_eq!(
        listed["partners"][1]["authority"],
        "Ministère de l'Intérieur, Élections"
    );
    assert_eq!(
        listed["partners"][1]["certificate"]["subject"],
        "C=XT,O=EPCT Test,CN=EPCT Test revoked-after"
    );
    assert_eq!(
        (
            listed["partners"][2]["country"].as_str(),
            listed["partners"][2]["role"].as_str()
        ),
        (Some("AT"), Some("sender"))
    );

    let text = store
        .epct_without_pin()
        .args(["partners", "list"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Bundeswahlleiterin"), "{text}");
}

#[test]
fn the_library_finds_recipients_and_identifies_senders() {
    let work = tempfile::tempdir().unwrap();
    let env = Epct::new();
    let csv = directory(work.path(), &standard_rows());
    let store = LockedTrustStore::open(&env.trust_store(), |_| panic!("nobody holds it")).unwrap();
    Partners::import(&store, &csv, std::time::SystemTime::now()).unwrap();
    let partners = Partners::load(&store).unwrap();
    let cert = |name: &str| read_certificate(&std::fs::read(pki(name)).unwrap(), name).unwrap();

    assert_eq!(partners.recipients("de").unwrap(), [cert("valid.pem")]);
    assert_eq!(
        partners
            .recipients("ministère de l'intérieur, élections")
            .unwrap(),
        [cert("revoked-after.pem")]
    );
    assert!(matches!(
        partners.recipients("AT"),
        Err(TrustError::NoRecipient(_))
    ));
    assert!(partners.recipients("IT").is_err());

    let found = partners.identify(&cert("intermediate-leaf.pem")).unwrap();
    assert_eq!(
        (found.country.code(), found.authority.as_str()),
        ("AT", "Innenministerium")
    );
    assert!(partners.identify(&cert("unlisted-leaf.pem")).is_none());
    assert!(partners.is_sender_for(&cert("valid.pem"), Country::DE));
    assert!(partners.is_sender_for(&cert("intermediate-leaf.pem"), Country::AT));
    assert!(!partners.is_sender_for(&cert("valid.pem"), Country::AT));
    assert!(!partners.is_sender_for(&cert("revoked-after.pem"), Country::FR));

    let empty = Epct::new();
    let none = Partners::load(&TrustStore::open(&empty.trust_store()).unwrap()).unwrap();
    assert!(none.entries().is_empty());
}

#[test]
fn a_bad_directory_is_refused_with_its_line_and_nothing_is_stored() {
    let store = Epct::new();
    let first = tempfile::tempdir().unwrap();
    let good = directory(first.path(), &standard_rows());
    store
        .epct_without_pin()
        .args(["partners", "import"])
        .arg(&good)
        .json();
    let before = std::fs::read(store.trust_store().join("partners.csv")).unwrap();

    let valid = "DE,Bundeswahlleiterin,both,certs/valid.pem\n";
    let cases = [
        (
            format!("{valid}FR,Intérieur,admin,certs/valid.pem\n"),
            "line 3, column 3 (role): the role 'admin' is not sender, recipient or both",
        ),
        (
            "GR,Ministry,both,certs/valid.pem\n".to_owned(),
            "line 2, column 1 (country): 'GR' is not an EU Member State code (ISO 3166-1 alpha-2, EL for Greece)",
        ),
        (
            "DE,,both,certs/valid.pem\n".to_owned(),
            "line 2, column 2 (authority): the authority name is empty",
        ),
        (
            "DE,=cmd|' /C calc'!A0,both,certs/valid.pem\n".to_owned(),
            "line 2, column 2 (authority): the authority name '=cmd|' /C calc'!A0' begins like a spreadsheet formula",
        ),
        (
            "DE,Wahlleiter,both,certs/absent.pem\n".to_owned(),
            "line 2, column 4 (certificate): the certificate is neither base64 DER nor a readable PEM file",
        ),
        (
            format!("{valid}AT,Innenministerium,both,certs/valid.pem\n"),
            "line 3, column 4 (certificate): this certificate is already listed for Bundeswahlleiterin (DE) as both on line 2",
        ),
        (
            "DE,Wahlleiter,both\n".to_owned(),
            "line 2: the line has 3 fields, and a partner line has 4",
        ),
    ];
    for (rows, text) in cases {
        let work = tempfile::tempdir().unwrap();
        let csv = directory(work.path(), &rows);
        store
            .epct_without_pin()
            .args(["partners", "import"])
            .arg(&csv)
            .fails(ExitCode::Failure, text);
        assert_eq!(
            std::fs::read(store.trust_store().join("partners.csv")).unwrap(),
            before
        );
    }

    let work = tempfile::tempdir().unwrap();
    let csv = work.path().join("partners.csv");
    std::fs::write(&csv, "land,behörde,rolle,zertifikat\n").unwrap();
    store
        .epct_without_pin()
        .args(["partners", "import"])
        .arg(&csv)
        .fails(
            ExitCode::Failure,
            "line 1: the header must be 'country,authority,role,certificate'",
        );

    let empty = Epct::new();
    let work = tempfile::tempdir().unwrap();
    let csv = directory(work.path(), "DE,X,sender,certs/absent.pem\n");
    empty
        .epct_without_pin()
        .args(["partners", "import"])
        .arg(&csv)
        .fails(ExitCode::Failure, "line 2");
    assert!(!empty.trust_store().join("partners.csv").exists());
}

/// Imports `csv` into `store` and returns the listed directory.
fn import(store: &Epct, csv: &Path) -> serde_json::Value {
    store
        .epct_without_pin()
        .args(["partners", "import"])
        .arg(csv)
        .json()
}

#[test]
fn one_authority_listing_a_certificate_as_sender_and_as_recipient_lists_it_once_as_both() {
    let store = Epct::new();
    let work = tempfile::tempdir().unwrap();
    let rows = format!(
        "DE,Bundeswahlleiterin,sender,certs/valid.pem\n\
         AT,Innenministerium,recipient,certs/intermediate-leaf.pem\n\
         de,bundeswahlleiterin,recipient,{}\n",
        der_base64("valid.pem")
    );
    let listed = import(&store, &directory(work.path(), &rows));
    let entries = listed["partners"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{listed}");
    assert_eq!(
        (
            entries[0]["authority"].as_str(),
            entries[0]["role"].as_str()
        ),
        (Some("Bundeswahlleiterin"), Some("both"))
    );
    assert_eq!(entries[1]["role"], "recipient");

    let partners = Partners::load(&TrustStore::open(&store.trust_store()).unwrap()).unwrap();
    let valid = read_certificate(&std::fs::read(pki("valid.pem")).unwrap(), "valid").unwrap();
    assert!(partners.is_sender_for(&valid, Country::DE));
    assert_eq!(partners.recipients("DE").unwrap(), [valid]);
}

#[test]
fn a_certificate_listed_twice_in_one_role_or_for_another_authority_is_refused() {
    let store = Epct::new();
    let first = "DE,Bundeswahlleiterin,sender,certs/valid.pem\n";
    let cases = [
        (
            "DE,Bundeswahlleiterin,sender,certs/valid.pem\n",
            "line 3, column 4 (certificate): this certificate is already listed for Bundeswahlleiterin (DE) as sender on line 2",
        ),
        (
            "DE,Bundeswahlleiterin,both,certs/valid.pem\n",
            "already listed for Bundeswahlleiterin (DE) as sender on line 2",
        ),
        (
            "DE,Statistisches Bundesamt,recipient,certs/valid.pem\n",
            "already listed for Bundeswahlleiterin (DE) as sender on line 2; a certificate belongs to one authority",
        ),
        (
            "AT,Bundeswahlleiterin,recipient,certs/valid.pem\n",
            "already listed for Bundeswahlleiterin (DE) as sender on line 2",
        ),
    ];
    for (second, text) in cases {
        let work = tempfile::tempdir().unwrap();
        let csv = directory(work.path(), &format!("{first}{second}"));
        store
            .epct_without_pin()
            .args(["partners", "import"])
            .arg(&csv)
            .fails(ExitCode::Failure, text);
        assert!(!store.trust_store().join("partners.csv").exists());
    }
}

#[test]
fn a_semicolon_directory_imports_as_its_comma_twin() {
    let work = tempfile::tempdir().unwrap();
    let commas = Epct::new();
    let expected = import(&commas, &directory(work.path(), &standard_rows()));

    let semicolons = Epct::new();
    let work = tempfile::tempdir().unwrap();
    let csv = directory(work.path(), "");
    std::fs::write(
        &csv,
        format!(
            "\u{feff}Country;Authority;Role;Certificate\r\n\
             de;Bundeswahlleiterin;both;certs/valid.pem\r\n\
             FR;Ministère de l'Intérieur, Élections;recipient;{}\r\n\
             AT ; Innenministerium ; sender ; certs/intermediate-leaf.pem\r\n",
            der_base64("revoked-after.pem")
        ),
    )
    .unwrap();
    assert_eq!(import(&semicolons, &csv), expected);
    // The stored copy is the house's own comma form, whatever was imported.
    assert_eq!(
        std::fs::read(semicolons.trust_store().join("partners.csv")).unwrap(),
        std::fs::read(commas.trust_store().join("partners.csv")).unwrap()
    );
}

#[test]
fn every_bad_line_is_reported_with_its_line_and_column() {
    let store = Epct::new();
    let work = tempfile::tempdir().unwrap();
    let rows = "DE,Bundeswahlleiterin,both,certs/valid.pem\n\
                XX,Somebody,sender,certs/revoked-after.pem\n\
                AT,Innenministerium,admin,certs/intermediate-leaf.pem\n\
                FR,,recipient,certs/absent.pem\n\
                BE,FPS Interior,sender\n\
                NL,Kiesraad,both,certs/valid.pem\n";
    let line = store
        .epct_without_pin()
        .args(["partners", "import"])
        .arg(directory(work.path(), rows))
        .fails(
            ExitCode::Failure,
            "partners.csv: line 3, column 1 (country): 'XX'",
        );
    for text in [
        " | line 4, column 3 (role): the role 'admin' is not sender, recipient or both",
        " | line 5, column 2 (authority): the authority name is empty",
        " | line 5, column 4 (certificate): the certificate is neither base64 DER nor a readable PEM file",
        " | line 6: the line has 3 fields",
        " | line 7, column 4 (certificate): this certificate is already listed for Bundeswahlleiterin (DE) as both on line 2",
    ] {
        assert!(line.contains(text), "'{text}' not in: {line}");
    }
    assert!(!store.trust_store().join("partners.csv").exists());
    // Under --json every bad line stays in the message: none is taken for the hint.
    let out = store
        .epct_without_pin()
        .args(["--json", "partners", "import"])
        .arg(directory(work.path(), rows))
        .output()
        .unwrap();
    let error = &common::parse_json(&out)["error"];
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("line 7, column 4"),
        "{error}"
    );
    assert!(
        !error["hint"].as_str().unwrap().contains("line "),
        "{error}"
    );

    let many: String = (0..30)
        .map(|i| format!("X{i},Somebody,sender,certs/valid.pem\n"))
        .collect();
    let work = tempfile::tempdir().unwrap();
    let out = store
        .epct_without_pin()
        .args(["partners", "import"])
        .arg(directory(work.path(), &many))
        .fails_after_report(ExitCode::Failure, " | and 10 more problems");
    let line = one_line_error(&out.stderr);
    assert!(line.contains("line 21, column 1"), "{line}");
    assert!(!line.contains("line 22,"), "{line}");
}
