//! A small exchange for the tests of one concern each: BE sends (its key certified by
//! the root CA that BE's signed test list grants), FR receives on its token, DE with a
//! software key; the partner directory says so, and `be.csv` holds made-up residents of
//! BE of both nationalities. And the reports that `exchange receive` writes, one pair a
//! run.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::Epct;
use super::openssl::TestCa;
use super::trust::{import_test_list, root_certified_key, signed_list, standard_services};

/// BE and FR on tokens, DE with a software key, and BE's file.
pub struct Pair {
    pub env: Epct,
    store: PathBuf,
}

/// The exchange, with `be.csv` of `rows` rows (FR and DE nationals, all valid).
pub fn pair(rows: u64) -> Pair {
    let env = Epct::with_token("BE");
    env.add_token("FR");
    root_certified_key(&env, "BE", "be", "/C=BE/O=FPS Interior/CN=Elections");
    let home_ca = TestCa::new(env.dir(), "HOME");
    let fr = env.certified_key("FR", "fr", "rsa2048", &home_ca);
    let (_, de) = env.software_key("de", "rsa:2048");
    fs::write(
        env.path("partners.csv"),
        format!(
            "country,authority,role,certificate\nBE,FPS Interior,sender,be.pem\nFR,Ministère de l'Intérieur,recipient,{}\nDE,Bundeswahlleiter,recipient,{}\n",
            fr.display(),
            de.display()
        ),
    )
    .unwrap();
    let list = signed_list(env.dir(), "BE", 1, &standard_services(), "tl-signer");
    let pair = Pair {
        store: env.path("store"),
        env,
    };
    import_test_list(pair.epct(), &list);
    pair.epct()
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    pair.generate("be.csv", rows, 0);
    for dir in ["out", "inbox", "received"] {
        fs::create_dir_all(pair.env.path(dir)).unwrap();
    }
    pair
}

impl Pair {
    /// `epct` with this exchange's trust store.
    pub fn epct(&self) -> assert_cmd::Command {
        let mut cmd = self.env.epct();
        cmd.arg("--trust-store").arg(&self.store);
        cmd
    }

    /// Writes `name`: `rows` made-up residents of BE, FR and DE nationals, `invalid` of
    /// them breaking one rule each.
    pub fn generate(&self, name: &str, rows: u64, invalid: u64) {
        self.epct()
            .args([
                "data",
                "generate",
                "--residence",
                "BE",
                "--nationalities",
                "FR,DE",
            ])
            .args([
                "--rows",
                &rows.to_string(),
                "--invalid-rows",
                &invalid.to_string(),
            ])
            .args(["--out", name, "--force"])
            .assert()
            .success();
    }

    /// BE sends `file` into `out`.
    pub fn send(&self, file: &str) -> assert_cmd::Command {
        let mut cmd = self.epct();
        cmd.args(["--token", "BE", "exchange", "send", file, "--key", "be"])
            .args(["--out-dir", "out"]);
        cmd
    }

    /// BE's `exchange send FILE --json` as a process of its own, to act on its input
    /// while it runs.
    pub fn spawn_send(&self, file: &str) -> std::process::Child {
        let mut cmd = self
            .env
            .module
            .command(assert_cmd::cargo::cargo_bin!("epct"));
        self.env
            .isolate(&mut cmd)
            .env("EPCT_TEST_PIN", super::PIN)
            .args(["--pin-source", "env:EPCT_TEST_PIN", "--json"])
            .arg("--trust-store")
            .arg(&self.store)
            .args(["--token", "BE", "exchange", "send", file, "--key", "be"])
            .args(["--out-dir", "out"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// FR receives the files of `inbox` into `received`.
    pub fn receive(&self) -> assert_cmd::Command {
        let mut cmd = self.epct();
        cmd.args([
            "--token", "FR", "exchange", "receive", "inbox", "--key", "fr",
        ])
        .args(["--out-dir", "received"]);
        cmd
    }

    /// BE sends `be.csv`, and FR's file is put into `inbox`; its name.
    pub fn sent_to_fr(&self) -> String {
        self.send("be.csv").assert().success();
        let name = self
            .files("out")
            .into_iter()
            .find(|n| n.starts_with("BE-to-FR-"))
            .unwrap();
        fs::copy(
            self.env.path(&format!("out/{name}")),
            self.env.path(&format!("inbox/{name}")),
        )
        .unwrap();
        name
    }

    /// The names in `dir` of the test directory.
    pub fn files(&self, dir: &str) -> BTreeSet<String> {
        fs::read_dir(self.env.path(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }
}

/// The reports of `exchange receive` runs in `dir` ending in `ext` (`json` or `csv`),
/// oldest first.
pub fn receive_reports(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut reports: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("receive-report-") && name.ends_with(&format!(".{ext}"))
        })
        .collect();
    reports.sort_by_key(|p| fs::metadata(p).unwrap().modified().unwrap());
    reports
}

/// The one report of `exchange receive` in `dir` ending in `ext`.
pub fn receive_report(dir: &Path, ext: &str) -> PathBuf {
    let reports = receive_reports(dir, ext);
    assert_eq!(reports.len(), 1, "one report: {reports:?}");
    reports.into_iter().next().unwrap()
}
