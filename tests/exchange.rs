//! `exchange send` and `exchange receive` between states on SoftHSM2 tokens: BE sends a
//! file of five nationalities; FR and DE receive on their tokens, IT, NL and PT with
//! software keys through OpenSSL; every state opens its own file and no other.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use common::trust::{import_test_list, pki, root_certified_key, signed_list, standard_services};
use common::*;

const HOME_STATES: [&str; 5] = ["DE", "FR", "IT", "NL", "PT"];

/// BE (sender, certified by the root CA that BE's signed test list grants), FR and DE
/// (on tokens), IT, NL and PT (software keys), and the partner directory that says so.
struct Exchange {
    env: Epct,
    store: PathBuf,
    software: Vec<(String, PathBuf, PathBuf)>,
}

fn exchange() -> Exchange {
    let env = Epct::with_token("BE");
    env.add_token("FR");
    env.add_token("DE");
    let dir = env.dir();
    root_certified_key(&env, "BE", "be", "/C=BE/O=FPS Interior/CN=Elections");
    let home_ca = TestCa::new(dir, "HOME");
    let fr = env.certified_key("FR", "fr", "rsa2048", &home_ca);
    let de = env.certified_key("DE", "de", "p384", &home_ca);
    let mut partners = format!(
        "country,authority,role,certificate\nBE,FPS Interior,sender,be.pem\nFR,Ministère de l'Intérieur,recipient,{}\nDE,Bundeswahlleiter,recipient,{}\n",
        fr.display(),
        de.display()
    );
    let mut software = Vec::new();
    for state in ["IT", "NL", "PT"] {
        let (key, cert) = env.software_key(&state.to_lowercase(), "rsa:2048");
        partners += &format!(
            "{state},Authority of {state},recipient,{}\n",
            cert.display()
        );
        software.push((state.to_owned(), key, cert));
    }
    fs::write(env.path("partners.csv"), partners).unwrap();

    let store = env.path("store");
    let list = signed_list(dir, "BE", 1, &standard_services(), "tl-signer");
    let x = Exchange {
        env,
        store,
        software,
    };
    import_test_list(x.epct(), &list);
    x.epct()
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    x.epct()
        .args([
            "data",
            "generate",
            "--rows",
            "300",
            "--residence",
            "BE",
            "--out",
            "be.csv",
        ])
        .args(["--nationalities", &HOME_STATES.join(",")])
        .assert()
        .success();
    fs::create_dir_all(x.env.path("out")).unwrap();
    x
}

impl Exchange {
    fn epct(&self) -> assert_cmd::Command {
        let mut cmd = self.env.epct();
        cmd.arg("--trust-store").arg(&self.store);
        cmd
    }

    fn send(&self, file: &str, extra: &[&str]) -> std::process::Output {
        self.epct()
            .args([
                "--json",
                "--token",
                "BE",
                "exchange",
                "send",
                file,
                "--key",
                "be",
                "--out-dir",
                "out",
            ])
            .args(extra)
            .output()
            .unwrap()
    }

    fn files(&self, dir: &str) -> BTreeSet<String> {
        fs::read_dir(self.env.path(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    /// FR receives the files of `inbox` into `received`, with `--json`.
    fn receive_into_fr(&self) -> std::process::Output {
        fs::create_dir_all(self.env.path("received")).unwrap();
        self.epct()
            .args([
                "--json", "--token", "FR", "exchange", "receive", "inbox", "--key", "fr",
            ])
            .args(["--out-dir", "received"])
            .output()
            .unwrap()
    }

    /// The states of which every row of a CSV file is a national, by `nationality` or
    /// `other_nationalities` (a dual national is sent to each home state).
    fn nationalities(&self, file: &str) -> BTreeSet<String> {
        let text = fs::read_to_string(self.env.path(file)).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let at = |name: &str| headers.iter().position(|h| h == name);
        let (nationality, others) = (at("nationality").unwrap(), at("other_nationalities"));
        let mut common: Option<BTreeSet<String>> = None;
        for record in reader.records() {
            let record = record.unwrap();
            let mut homes = BTreeSet::from([record[nationality].to_owned()]);
            if let Some(others) = others {
                homes.extend(
                    record[others]
                        .split('|')
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned),
                );
            }
            common = Some(match common {
                Some(common) => common.intersection(&homes).cloned().collect(),
                None => homes,
            });
        }
        common.unwrap_or_default()
    }
}

#[test]
fn send_seals_one_file_per_home_state_that_only_that_state_opens() {
    let x = exchange();
    let out = x.send("be.csv", &[]);
    assert!(out.status.success(), "{out:?}");
    let manifest = parse_json(&out);
    assert_eq!(manifest["sender"], "BE");
    assert_eq!(manifest["rows"], 300);
    assert_eq!(manifest["sent_rows"], 300);
    let files = manifest["files"].as_array().unwrap();
    let destinations: Vec<&str> = files
        .iter()
        .map(|f| f["destination"].as_str().unwrap())
        .collect();
    assert_eq!(
        destinations, HOME_STATES,
        "one file per home state, none for BE"
    );
    let total: u64 = files.iter().map(|f| f["rows"].as_u64().unwrap()).sum();
    let dual = manifest["dual_nationals"].as_u64().unwrap();
    assert!(dual > 0, "the generator makes a few dual nationals");
    assert_eq!(
        total,
        300 + dual,
        "a dual national goes to both home states"
    );
    for f in files {
        let name = f["file"].as_str().unwrap();
        assert!(
            name.starts_with(&format!("BE-to-{}-", f["destination"].as_str().unwrap())),
            "{name}"
        );
        let sealed = fs::read(x.env.path(&format!("out/{name}"))).unwrap();
        assert_eq!(
            f["sha256"],
            hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&sealed))
        );
    }
    assert!(x.files("out").contains("manifest.json") && x.files("out").contains("manifest.csv"));

    let file_for = |state: &str| {
        files.iter().find(|f| f["destination"] == state).unwrap()["file"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // FR and DE open their own files on their tokens, and not each other's.
    for (state, key, other) in [("FR", "fr", "DE"), ("DE", "de", "FR")] {
        let own = format!("out/{}", file_for(state));
        let target = format!("{state}.csv");
        x.epct()
            .args([
                "--token", state, "open", &own, "--key", key, "--out", &target,
            ])
            .assert()
            .success();
        assert_eq!(x.nationalities(&target), BTreeSet::from([state.to_owned()]));
        let theirs = format!("out/{}", file_for(other));
        x.epct()
            .args([
                "--token", state, "open", &theirs, "--key", key, "--out", "no.csv",
            ])
            .fails(ExitCode::Failure, "not encrypted for this key");
    }
    // IT, NL and PT open theirs with OpenSSL and their software keys.
    for (state, key, cert) in &x.software {
        let sealed = format!("out/{}", file_for(state));
        let signed = format!("{state}.p7s");
        openssl(
            x.env.dir(),
            &[
                "cms",
                "-decrypt",
                "-binary",
                "-inform",
                "DER",
                "-in",
                &sealed,
                "-recip",
                &cert.display().to_string(),
                "-inkey",
                &key.display().to_string(),
                "-out",
                &signed,
            ],
        );
        let target = format!("{state}.csv");
        openssl(
            x.env.dir(),
            &[
                "cms",
                "-verify",
                "-binary",
                "-inform",
                "DER",
                "-in",
                &signed,
                "-CAfile",
                &pki("root-ca.pem").display().to_string(),
                "-purpose",
                "any",
                "-out",
                &target,
            ],
        );
        assert_eq!(x.nationalities(&target), BTreeSet::from([state.clone()]));
    }
}

#[test]
fn invalid_rows_stop_the_send_unless_they_are_left_out() {
    let x = exchange();
    x.epct()
        .args([
            "data",
            "generate",
            "--rows",
            "100",
            "--residence",
            "BE",
            "--out",
            "bad.csv",
            "--invalid-rows",
            "4",
        ])
        .args(["--nationalities", "FR,DE"])
        .assert()
        .success();
    let out = x.send("bad.csv", &[]);
    assert_eq!(out.status.code(), Some(status(ExitCode::InvalidData)));
    assert!(one_line_error(&out.stderr).contains("validation failed"));
    assert!(
        x.files("out").is_empty(),
        "nothing written: {:?}",
        x.files("out")
    );

    let out = x.send("bad.csv", &["--skip-invalid"]);
    assert!(out.status.success(), "{out:?}");
    let manifest = parse_json(&out);
    assert_eq!(manifest["rejected_rows"], 4);
    assert_eq!(manifest["sent_rows"], 96);
    let rejected = fs::read_to_string(x.env.path("out/rejected.csv")).unwrap();
    assert_eq!(
        rejected.lines().count(),
        5,
        "header and four rows: {rejected}"
    );
    assert!(
        rejected
            .lines()
            .next()
            .unwrap()
            .starts_with("line,reasons,")
    );
}

#[test]
fn a_home_state_without_recipients_stops_the_send_before_anything_is_written() {
    let x = exchange();
    x.epct()
        .args([
            "data",
            "generate",
            "--rows",
            "50",
            "--residence",
            "BE",
            "--out",
            "lu.csv",
        ])
        .args(["--nationalities", "FR,LU"])
        .assert()
        .success();
    let out = x.send("lu.csv", &[]);
    assert_eq!(out.status.code(), Some(status(ExitCode::Usage)));
    assert!(one_line_error(&out.stderr).contains("no recipient of LU in the partner directory"));
    assert!(x.files("out").is_empty());
}

#[test]
fn receive_takes_the_valid_file_and_reports_the_tampered_and_the_misattributed() {
    let x = exchange();
    assert!(x.send("be.csv", &[]).status.success());
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(x.env.path("out/manifest.json")).unwrap()).unwrap();
    let fr_file = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["destination"] == "FR")
        .unwrap()["file"]
        .as_str()
        .unwrap()
        .to_owned();
    let inbox = x.env.path("inbox");
    fs::create_dir_all(&inbox).unwrap();
    let sealed = fs::read(x.env.path(&format!("out/{fr_file}"))).unwrap();
    fs::write(inbox.join(&fr_file), &sealed).unwrap();
    let mut tampered = sealed.clone();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x40;
    let tampered_name = "BE-to-FR-2000-01-01-voters.p7m".to_owned();
    fs::write(inbox.join(&tampered_name), &tampered).unwrap();
    // Sealed for FR by BE's authority, but named as if Germany had sent it.
    let misattributed = fr_file.replacen("BE-to-FR-", "DE-to-FR-", 1);
    x.epct()
        .args([
            "--token", "BE", "seal", "be.csv", "--key", "be", "--to", "FR",
        ])
        .arg("--out")
        .arg(inbox.join(&misattributed))
        .assert()
        .success();

    let out = x.receive_into_fr();
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Verification)),
        "{out:?}"
    );
    one_line_error(&out.stderr);
    let report = parse_json(&out);
    assert_eq!(report["received"], 1);
    assert_eq!(report["failed"], 2);
    let by_name = |name: &str| {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(by_name(&fr_file)["status"], "received");
    assert_eq!(
        by_name(&fr_file)["signers"][0]["authority"]["country"],
        "BE"
    );
    assert!(
        by_name(&tampered_name)["reason"]
            .as_str()
            .unwrap()
            .contains("does not authenticate")
    );
    assert!(
        by_name(&misattributed)["reason"]
            .as_str()
            .unwrap()
            .contains("not a sender of DE")
    );
    let written: Vec<String> = x
        .files("received")
        .into_iter()
        .filter(|f| f.ends_with(".csv") && !f.starts_with("receive-report-"))
        .collect();
    assert_eq!(written, vec![fr_file.replace(".p7m", ".csv")]);
    assert_eq!(
        x.nationalities(&format!("received/{}", written[0])),
        BTreeSet::from(["FR".to_owned()])
    );
    common::exchange::receive_report(&x.env.path("received"), "json");
}

#[test]
fn a_file_with_invalid_rows_is_received_with_its_problems_listed() {
    let x = exchange();
    x.epct()
        .args([
            "data",
            "generate",
            "--rows",
            "20",
            "--residence",
            "BE",
            "--out",
            "bad.csv",
            "--invalid-rows",
            "2",
        ])
        .args(["--nationalities", "FR"])
        .assert()
        .success();
    let inbox = x.env.path("inbox");
    fs::create_dir_all(&inbox).unwrap();
    x.epct()
        .args([
            "--token", "BE", "seal", "bad.csv", "--key", "be", "--to", "FR",
        ])
        .arg("--no-validate")
        .arg("--out")
        .arg(inbox.join("BE-to-FR-2026-01-01-voters.p7m"))
        .assert()
        .success();
    let out = x.receive_into_fr();
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::InvalidData)),
        "{out:?}"
    );
    let report = parse_json(&out);
    let file = &report["files"][0];
    assert_eq!(file["status"], "received-with-problems");
    assert_eq!(file["errors"], 2);
    assert_eq!(file["problems"].as_array().unwrap().len(), 2);
    assert!(
        x.env
            .path("received/BE-to-FR-2026-01-01-voters.csv")
            .exists()
    );
}

#[test]
fn an_unknown_sender_or_a_missing_directory_is_a_usage_error() {
    let x = exchange();
    // A missing output directory is made (tests/pin_asked_after_every_check.rs); a file
    // in its place is refused.
    x.env.file("nowhere", "a file");
    x.epct()
        .args([
            "--token",
            "BE",
            "exchange",
            "send",
            "be.csv",
            "--key",
            "be",
            "--out-dir",
            "nowhere",
        ])
        .fails(ExitCode::Usage, "'nowhere' is not a directory");
    // A directory without BE's certificate as a sender, and no --from.
    fs::write(
        x.env.path("others.csv"),
        format!(
            "country,authority,role,certificate\nFR,Ministère,recipient,{}\n",
            x.env.path("fr.pem").display()
        ),
    )
    .unwrap();
    x.epct()
        .args(["partners", "import", "others.csv"])
        .assert()
        .success();
    let out = x.send("be.csv", &[]);
    assert_eq!(out.status.code(), Some(status(ExitCode::Usage)));
    assert!(one_line_error(&out.stderr).contains("cannot tell which state sends"));
    assert!(x.files("out").is_empty());
}

/// A batch costs one session and one login however many files it seals or opens
/// (`-vv` logs each PKCS#11 session, login and search): what a slow card needs.
#[test]
fn send_and_receive_use_one_session_and_one_login_for_the_whole_batch() {
    let x = exchange();
    let sent = x.send("be.csv", &["-vv"]);
    assert!(sent.status.success(), "{sent:?}");
    let inbox = x.env.path("inbox");
    fs::create_dir_all(&inbox).unwrap();
    for copy in 0..3 {
        let manifest: serde_json::Value =
            serde_json::from_slice(&fs::read(x.env.path("out/manifest.json")).unwrap()).unwrap();
        let fr_file = manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["destination"] == "FR")
            .unwrap()["file"]
            .as_str()
            .unwrap()
            .to_owned();
        let sealed = fs::read(x.env.path(&format!("out/{fr_file}"))).unwrap();
        let name = fr_file.replacen(".p7m", &format!("-{copy}.p7m"), 1);
        fs::write(inbox.join(name), &sealed).unwrap();
    }
    fs::create_dir_all(x.env.path("received")).unwrap();
    let received = x
        .epct()
        .args([
            "-vv", "--json", "--token", "FR", "exchange", "receive", "inbox",
        ])
        .args(["--key", "fr", "--out-dir", "received"])
        .output()
        .unwrap();
    let report = received_files(&received);
    assert_eq!(report, 3, "{received:?}");
    for run in [&sent, &received] {
        let log = String::from_utf8_lossy(&run.stderr);
        let count = |call: &str| {
            log.lines()
                .filter(|l| l.starts_with(&format!("pkcs11: {call} ")))
                .count()
        };
        assert_eq!(count("C_OpenSession"), 1, "{log}");
        assert_eq!(count("C_Login"), 1, "{log}");
        // The certificates listed before the login (the checks that need no PIN), the
        // keys after it: once each for the whole batch.
        assert_eq!(count("C_FindObjects"), 4, "{log}");
    }
}

/// How many files a `--json` receive report lists.
fn received_files(output: &std::process::Output) -> usize {
    serde_json::from_slice::<serde_json::Value>(&output.stdout)
        .ok()
        .and_then(|v| v["files"].as_array().map(Vec::len))
        .unwrap_or(0)
}
