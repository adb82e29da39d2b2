//! Forwarding and replay, mounted through the binary on SoftHSM tokens: BE sends to FR
//! and DE; DE passes BE's file on to FR, files are renamed, re-dated, sent twice, dated
//! in the future, hold another state's nationals, or come from OpenSSL without a
//! recipient binding. FR's `exchange receive` (and `open`) refuses each with exit 3, one
//! line of error and no plaintext left.

mod common;

use std::fs;
use std::path::Path;

use common::trust::{import_test_list, pki, root_certified_key, signed_list, standard_services};
use common::*;

/// BE (sender, certified by the root CA that BE's signed test list grants), FR and DE
/// (recipients on their own tokens), the partner directory that says so, and BE's file
/// of French and German voters sent with `exchange send` into `out/`.
struct World {
    env: Epct,
    fr_cert: std::path::PathBuf,
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

fn world() -> World {
    let env = Epct::with_token("BE");
    env.add_token("FR");
    env.add_token("DE");
    root_certified_key(&env, "BE", "be", "/C=BE/O=FPS Interior/CN=Elections");
    let home_ca = TestCa::new(env.dir(), "HOME");
    let fr_cert = env.certified_key("FR", "fr", "rsa2048", &home_ca);
    let de_cert = env.certified_key("DE", "de", "p256", &home_ca);
    env.file(
        "partners.csv",
        format!(
            "country,authority,role,certificate\nBE,FPS Interior,sender,be.pem\n\
             FR,Ministère de l'Intérieur,recipient,{}\nDE,Bundeswahlleiter,recipient,{}\n",
            fr_cert.display(),
            de_cert.display()
        ),
    );
    let list = signed_list(env.dir(), "BE", 1, &standard_services(), "tl-signer");
    let w = World { env, fr_cert };
    import_test_list(w.epct(), &list);
    w.epct()
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    w.generate("be.csv", "FR,DE");
    for dir in ["out", "inbox", "received"] {
        fs::create_dir_all(w.env.path(dir)).unwrap();
    }
    w.epct()
        .args(["--token", "BE", "exchange", "send", "be.csv", "--key", "be"])
        .args(["--out-dir", "out"])
        .assert()
        .success();
    w
}

impl World {
    fn epct(&self) -> assert_cmd::Command {
        self.env.epct()
    }

    fn generate(&self, out: &str, nationalities: &str) {
        self.epct()
            .args(["data", "generate", "--rows", "40", "--residence", "BE"])
            .args(["--nationalities", nationalities, "--out", out])
            .assert()
            .success();
    }

    /// The name `exchange send` gave BE's file for `state`.
    fn sent(&self, state: &str) -> String {
        let prefix = format!("BE-to-{state}-");
        fs::read_dir(self.env.path("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .find(|n| n.starts_with(&prefix))
            .unwrap()
    }

    /// Copies BE's file for `state` into `inbox` as `name`.
    fn deliver(&self, state: &str, inbox: &str, name: &str) {
        fs::create_dir_all(self.env.path(inbox)).unwrap();
        fs::copy(
            self.env.path(&format!("out/{}", self.sent(state))),
            self.env.path(&format!("{inbox}/{name}")),
        )
        .unwrap();
    }

    /// FR's `exchange receive` of `inbox` into `into`, with `--json`.
    fn receive(&self, inbox: &str, into: &str, extra: &[&str]) -> std::process::Output {
        fs::create_dir_all(self.env.path(into)).unwrap();
        self.epct()
            .args(["--json", "--token", "FR", "exchange", "receive", inbox])
            .args(["--key", "fr", "--out-dir", into])
            .args(extra)
            .output()
            .unwrap()
    }

    /// FR's receive of `inbox`, which must refuse every file: exit 3, one line of error,
    /// no plaintext in `into`. Returns each file's reason.
    fn refused(&self, inbox: &str, into: &str, extra: &[&str]) -> Vec<(String, String)> {
        let out = self.receive(inbox, into, extra);
        assert_eq!(
            out.status.code(),
            Some(status(ExitCode::Verification)),
            "{out:?}"
        );
        assert!(one_line_error(&out.stderr).contains("of the exchange failed; see the report"));
        let report = parse_json(&out);
        assert_eq!(report["received"], 0, "{report}");
        self.no_plaintext_in(into);
        (report["files"].as_array().unwrap().iter())
            .map(|f| {
                assert_eq!(f["status"], "failed");
                (
                    f["file"].as_str().unwrap().to_owned(),
                    f["reason"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    /// Only the reports and the signed receipts (of the refusals) are in `dir`: no
    /// plaintext, no temporary file.
    fn no_plaintext_in(&self, dir: &str) {
        let names = |dir: &str| -> Vec<String> {
            let mut names: Vec<String> = fs::read_dir(self.env.path(dir))
                .map(|d| {
                    d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
        };
        let left: Vec<String> = (names(dir).into_iter())
            .filter(|n| n != "receipts")
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
        assert!(
            left.iter().all(|n| n.starts_with("receive-report-")),
            "{left:?}"
        );
        for receipt in names(&format!("{dir}/receipts")) {
            assert!(receipt.ends_with(".p7m.receipt"), "{receipt}");
        }
    }

    /// BE seals `csv` for FR with `seal`, as `inbox/name`.
    fn seal_for_fr(&self, csv: &str, name: &str) {
        self.epct()
            .args(["--token", "BE", "seal", csv, "--key", "be", "--to", "FR"])
            .arg("--out")
            .arg(self.env.path(&format!("inbox/{name}")))
            .assert()
            .success();
    }
}

fn assert_reason(reasons: &[(String, String)], file: &str, text: &str) {
    let reason = &reasons.iter().find(|(f, _)| f == file).unwrap().1;
    assert!(
        reason.contains(text),
        "'{text}' not in the reason of {file}: {reason}"
    );
}

/// DE decrypts BE's file for DE (`decrypt` leaves BE's signature whole), encrypts it
/// again for FR and names it as if BE had sent it to FR.
fn forward_de_file_to_fr(w: &World) -> String {
    let for_de = format!("out/{}", w.sent("DE"));
    w.epct()
        .args(["--token", "DE", "decrypt", &for_de, "--key", "de"])
        .args(["--out", "signed-by-be.p7s"])
        .assert()
        .success();
    let forged = w.sent("DE").replacen("BE-to-DE-", "BE-to-FR-", 1);
    w.epct()
        .args(["encrypt", "signed-by-be.p7s", "--to"])
        .arg(&w.fr_cert)
        .arg("--out")
        .arg(w.env.path(&format!("inbox/{forged}")))
        .assert()
        .success();
    forged
}

#[test]
fn a_file_forwarded_by_its_recipient_is_refused_by_receive() {
    let w = world();
    let forged = forward_de_file_to_fr(&w);
    let reasons = w.refused("inbox", "received", &[]);
    assert_eq!(reasons.len(), 1);
    assert_reason(&reasons, &forged, "the file was meant for someone else");
    assert_reason(&reasons, &forged, "a recipient passed it on");
}

#[test]
fn a_file_forwarded_by_its_recipient_is_refused_by_open() {
    let w = world();
    let forged = forward_de_file_to_fr(&w);
    w.epct()
        .args(["--token", "FR", "open", &format!("inbox/{forged}")])
        .args(["--key", "fr", "--out", "fr.csv"])
        .fails(
            ExitCode::Verification,
            "the file was meant for someone else: it was sealed for serial",
        );
    w.env.nothing_left_behind("fr.csv");
}

#[test]
fn a_file_renamed_to_another_sender_record_type_or_date_is_refused() {
    let w = world();
    let sent = w.sent("FR");
    let types = &sent[20..sent.len() - 4];
    let other = if types == "voters" {
        "candidates"
    } else {
        "voters"
    };
    let other_types = format!("{}{other}.p7m", &sent[..20]);
    let renamed = [
        sent.replacen("BE-to-FR-", "LU-to-FR-", 1),
        other_types,
        sent.replacen(&today().to_string(), "2026-01-02", 1),
    ];
    for name in &renamed {
        w.deliver("FR", "inbox", name);
    }
    let reasons = w.refused("inbox", "received", &[]);
    assert_eq!(reasons.len(), 3);
    for name in &renamed {
        assert_reason(
            &reasons,
            name,
            &format!("the file was renamed: it was sealed as '{sent}', not '{name}'"),
        );
    }
}

#[test]
fn a_second_run_a_renamed_copy_and_a_redated_copy_are_refused_as_replays() {
    let w = world();
    let sent = w.sent("FR");
    w.deliver("FR", "inbox", &sent);
    let out = w.receive("inbox", "received", &[]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(parse_json(&out)["received"], 1);
    let ledger = w.env.path(".home/.local/state/epct/received.jsonl");
    assert!(
        fs::read_to_string(&ledger).unwrap().contains(&sent),
        "the ledger lists {sent}"
    );

    let again = w.refused("inbox", "again", &[]);
    assert_reason(&again, &sent, "it was received already");
    assert_reason(
        &again,
        &sent,
        &format!("as '{sent}' (the same SHA-256): a replay"),
    );

    let copies = [
        sent.replacen(&today().to_string(), "2026-01-02", 1),
        sent.replacen("BE-to-FR-", "LU-to-FR-", 1),
    ];
    for name in &copies {
        w.deliver("FR", "copies", name);
    }
    let reasons = w.refused("copies", "from-copies", &[]);
    assert_eq!(reasons.len(), 2);
    for name in &copies {
        assert_reason(&reasons, name, "a replay, not taken again");
    }
}

#[test]
fn the_same_file_received_twice_is_a_replay_in_the_state_directory_given() {
    let w = world();
    let sent = w.sent("FR");
    w.deliver("FR", "inbox", &sent);
    let state = ["--state-dir", "site-state"];
    assert!(w.receive("inbox", "received", &state).status.success());
    assert!(w.env.path("site-state/received.jsonl").is_file());
    assert!(
        !w.env
            .path(".home/.local/state/epct/received.jsonl")
            .exists()
    );
    let reasons = w.refused("inbox", "twice", &state);
    assert_reason(&reasons, &sent, "a replay");
    // Another ledger has not seen it: the state directory is where replays are known.
    let out = w.receive("inbox", "elsewhere", &[]);
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn a_file_dated_in_the_future_is_refused() {
    let w = world();
    w.generate("fr.csv", "FR");
    let future = format!("BE-to-FR-{}-voters.p7m", today() + time::Duration::days(30));
    w.seal_for_fr("fr.csv", &future);
    let reasons = w.refused("inbox", "received", &[]);
    assert_reason(
        &reasons,
        &future,
        &format!("after today ({}): a file from the future", today()),
    );
}

#[test]
fn a_file_named_for_another_state_is_refused() {
    let w = world();
    w.generate("fr.csv", "FR");
    let for_de = format!("BE-to-DE-{}-voters.p7m", today());
    w.seal_for_fr("fr.csv", &for_de);
    let reasons = w.refused("inbox", "received", &[]);
    assert_reason(
        &reasons,
        &for_de,
        "the file was meant for someone else: its name says it is for DE, and this key receives for FR",
    );
}

#[test]
fn a_row_of_another_nationality_is_refused_naming_its_line() {
    let w = world();
    w.generate("mixed.csv", "FR,DE");
    let text = fs::read_to_string(w.env.path("mixed.csv")).unwrap();
    let column = text
        .lines()
        .next()
        .unwrap()
        .split([',', ';'])
        .position(|h| h == "nationality")
        .unwrap();
    let line = 1 + text
        .lines()
        .position(|l| l.split([',', ';']).nth(column) == Some("DE"))
        .unwrap();
    let name = format!("BE-to-FR-{}-voters.p7m", today());
    w.seal_for_fr("mixed.csv", &name);
    let reasons = w.refused("inbox", "received", &[]);
    assert_reason(
        &reasons,
        &name,
        &format!(
            "line {line}: a national of DE, not of FR: the file holds rows meant for another state"
        ),
    );
}

/// A file that OpenSSL signed (with a software key that the root CA certified and the
/// partner directory lists as BE's) and encrypted for FR: no recipient binding.
fn openssl_made_file(w: &World, name: &str) {
    let dir = w.env.dir();
    openssl(
        dir,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "be-tool.key",
            "-out",
            "be-tool.csr",
            "-subj",
            "/C=BE/O=FPS Interior/CN=Elections tool",
            "-addext",
            "keyUsage=critical,digitalSignature,nonRepudiation",
        ],
    );
    let (root, root_key) = (pki("root-ca.pem"), pki("root-ca.key"));
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "be-tool.csr",
            "-days",
            "30",
            "-copy_extensions",
            "copy",
            "-CA",
            &root.display().to_string(),
            "-CAkey",
            &root_key.display().to_string(),
            "-set_serial",
            "7001",
            "-out",
            "be-tool.pem",
        ],
    );
    let mut partners = fs::read_to_string(w.env.path("partners.csv")).unwrap();
    partners += "BE,FPS Interior,sender,be-tool.pem\n";
    w.env.file("partners.csv", partners);
    w.epct()
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    w.generate("fr.csv", "FR");
    openssl(
        dir,
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-md",
            "sha256",
            "-in",
            "fr.csv",
            "-signer",
            "be-tool.pem",
            "-inkey",
            "be-tool.key",
            "-outform",
            "DER",
            "-out",
            "be-tool.p7s",
        ],
    );
    openssl(
        dir,
        &[
            "cms",
            "-encrypt",
            "-binary",
            "-aes-256-gcm",
            "-inform",
            "DER",
            "-in",
            "be-tool.p7s",
            "-outform",
            "DER",
            "-out",
            &format!("inbox/{name}"),
            &w.fr_cert.display().to_string(),
        ],
    );
}

#[test]
fn an_unbound_file_made_by_openssl_is_refused_unless_allowed() {
    let w = world();
    let name = format!("BE-to-FR-{}-voters.p7m", today());
    openssl_made_file(&w, &name);
    let reasons = w.refused("inbox", "received", &[]);
    assert_reason(
        &reasons,
        &name,
        "the file is not bound to its recipients: its signature names none",
    );

    let out = w.receive("inbox", "allowed", &["--allow-unbound"]);
    assert!(out.status.success(), "{out:?}");
    let report = parse_json(&out);
    assert_eq!(report["received"], 1);
    assert_eq!(
        report["files"][0]["signers"][0]["binding"]["status"],
        "not-bound"
    );
    assert!(
        Path::new(&w.env.path("allowed"))
            .join(name.replace(".p7m", ".csv"))
            .is_file()
    );

    // open takes it too, and says loudly what it is.
    let out = w
        .epct()
        .args(["--token", "FR", "open", &format!("inbox/{name}")])
        .args(["--key", "fr", "--out", "opened.csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("NOT BOUND TO ITS RECIPIENTS"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("recipients: NOT BOUND"));
}

#[test]
fn a_file_sent_to_fr_is_bound_and_received() {
    let w = world();
    let sent = w.sent("FR");
    w.deliver("FR", "inbox", &sent);
    let out = w.receive("inbox", "received", &[]);
    assert!(out.status.success(), "{out:?}");
    let binding = &parse_json(&out)["files"][0]["signers"][0]["binding"];
    assert_eq!(binding["status"], "bound");
    assert_eq!(binding["destination"], "FR");
    assert_eq!(binding["file_name"], sent.as_str());
}

#[test]
fn two_receives_at_once_take_a_file_once_the_second_waiting_for_the_ledger() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let w = world();
    let sent = w.sent("FR");
    w.deliver("FR", "inbox", &sent);
    let state = w.env.path(".home/.local/state/epct");
    fs::create_dir_all(&state).unwrap();
    let lock_file = state.join("received.lock");
    let held = epct::lock::Lock::exclusive(&lock_file, |_| panic!("nobody holds it")).unwrap();

    let receives: Vec<_> = ["first", "second"]
        .into_iter()
        .map(|into| {
            fs::create_dir_all(w.env.path(into)).unwrap();
            let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("epct"));
            w.env
                .isolate(&mut cmd)
                .env("EPCT_TEST_PIN", PIN)
                .args([
                    "--pin-source",
                    "env:EPCT_TEST_PIN",
                    "--json",
                    "--token",
                    "FR",
                ])
                .args([
                    "exchange",
                    "receive",
                    "inbox",
                    "--key",
                    "fr",
                    "--out-dir",
                    into,
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let mut child = cmd.spawn().unwrap();
            let mut stderr = BufReader::new(child.stderr.take().unwrap());
            // Past the warning that no election date is set.
            let mut first = String::new();
            while first.is_empty() || first.starts_with("warning: ") {
                first.clear();
                stderr.read_line(&mut first).unwrap();
            }
            assert_eq!(
                first.trim_end(),
                format!(
                    "waiting for {}: another epct run is changing the same store",
                    lock_file.display()
                )
            );
            (child, stderr)
        })
        .collect();
    drop(held);

    let mut codes = Vec::new();
    for (child, mut stderr) in receives {
        let out = child.wait_with_output().unwrap();
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
        let report = parse_json(&out);
        codes.push(out.status.code());
        match out.status.code() {
            Some(0) => assert_eq!(report["received"], 1, "{report}"),
            _ => {
                assert_eq!(out.status.code(), Some(status(ExitCode::Verification)));
                assert_eq!(report["received"], 0, "{report}");
                assert!(report.to_string().contains("a replay"), "{report}");
                assert!(
                    rest.contains("of the exchange failed; see the report"),
                    "{rest}"
                );
            }
        }
    }
    codes.sort();
    assert_eq!(codes, [Some(0), Some(status(ExitCode::Verification))]);
    let ledger = fs::read_to_string(state.join("received.jsonl")).unwrap();
    assert_eq!(ledger.lines().count(), 1, "{ledger}");
}
