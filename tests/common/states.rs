//! Three Member States on their own tokens, for the exchange with receipts: BE sends,
//! FR and DE receive. Every key is certified by the test PKI's root CA, which the test
//! trusted list grants, so that each state can verify the others (BE the files' receipts,
//! FR and DE the files); the partner directory says who is who. Each state keeps its own
//! state directory (ledger, audit log), as it would on its own machine.

use std::fs;
use std::path::PathBuf;

use super::trust::{import_test_list, root_certified_key, signed_list, standard_services};
use super::{Epct, run};

/// The states, their key labels and their authorities in the partner directory.
pub const STATES: [(&str, &str, &str, &str); 3] = [
    ("BE", "be", "FPS Interior", "sender"),
    ("FR", "fr", "Ministère de l'Intérieur", "recipient"),
    ("DE", "de", "Bundeswahlleiter", "recipient"),
];

pub struct States {
    pub env: Epct,
}

impl States {
    /// The three tokens and keys, the trusted list and the partner directory imported,
    /// and `be.csv`: 60 rows of French and German nationals living in Belgium.
    pub fn new() -> Self {
        let env = Epct::new();
        let mut partners = String::from("country,authority,role,certificate\n");
        for (state, label, authority, role) in STATES {
            env.add_token(state);
            let cert = root_certified_key(
                &env,
                state,
                label,
                &format!("/C={state}/O=Elections {state}/CN={label}"),
            );
            partners += &format!("{state},{authority},{role},{}\n", cert.display());
        }
        fs::write(env.path("partners.csv"), partners).unwrap();
        let list = signed_list(env.dir(), "BE", 1, &standard_services(), "tl-signer");
        import_test_list(env.epct(), &list);
        env.epct()
            .args(["partners", "import", "partners.csv"])
            .assert()
            .success();
        let states = States { env };
        states.generate("be.csv", 60, "FR,DE", 0);
        states
    }

    /// `epct` as `state` would run it: its token, its own state directory.
    pub fn epct(&self, state: &str) -> assert_cmd::Command {
        let mut cmd = self.env.epct();
        cmd.env("XDG_STATE_HOME", self.state_dir(state))
            .args(["--token", state]);
        cmd
    }

    /// The XDG state directory of `state`.
    pub fn state_dir(&self, state: &str) -> PathBuf {
        self.env.path(&format!(".home/state-{state}"))
    }

    /// The key label of `state`.
    pub fn key(state: &str) -> &'static str {
        STATES.iter().find(|s| s.0 == state).unwrap().1
    }

    /// A made-up file of `rows` rows living in BE, of `nationalities`.
    pub fn generate(&self, out: &str, rows: u64, nationalities: &str, invalid: u64) {
        self.env
            .epct()
            .args(["data", "generate", "--residence", "BE", "--force"])
            .args(["--rows", &rows.to_string(), "--out", out])
            .args(["--nationalities", nationalities])
            .args(["--invalid-rows", &invalid.to_string()])
            .assert()
            .success();
    }

    /// BE seals `file` into `out_dir` (made if missing) and returns the manifest.
    pub fn send(&self, file: &str, out_dir: &str) -> serde_json::Value {
        fs::create_dir_all(self.env.path(out_dir)).unwrap();
        let out = self
            .epct("BE")
            .args(["--json", "exchange", "send", file, "--key", "be"])
            .args(["--out-dir", out_dir])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        super::parse_json(&out)
    }

    /// Copies the files of `manifest` (in `out_dir`) that are for `state` into `inbox`.
    pub fn deliver(&self, manifest: &serde_json::Value, out_dir: &str, state: &str, inbox: &str) {
        fs::create_dir_all(self.env.path(inbox)).unwrap();
        for f in manifest["files"].as_array().unwrap() {
            if f["destination"] == state {
                let name = f["file"].as_str().unwrap();
                fs::copy(
                    self.env.path(&format!("{out_dir}/{name}")),
                    self.env.path(&format!("{inbox}/{name}")),
                )
                .unwrap();
            }
        }
    }

    /// `state` receives `inbox` into `out_dir` (made if missing), with `extra`
    /// arguments; returns the run.
    pub fn receive(
        &self,
        state: &str,
        inbox: &str,
        out_dir: &str,
        extra: &[&str],
    ) -> std::process::Output {
        fs::create_dir_all(self.env.path(out_dir)).unwrap();
        self.epct(state)
            .args([
                "--json",
                "exchange",
                "receive",
                inbox,
                "--key",
                Self::key(state),
            ])
            .args(["--out-dir", out_dir])
            .args(extra)
            .output()
            .unwrap()
    }

    /// The JSON document inside a signed receipt, as OpenSSL reads it, after OpenSSL
    /// has verified its signature against the test PKI's root CA.
    pub fn receipt_json(&self, receipt: &str) -> serde_json::Value {
        let json = self.env.path(&format!("{receipt}.json"));
        run(std::process::Command::new("openssl")
            .current_dir(self.env.dir())
            .args([
                "cms", "-verify", "-binary", "-inform", "DER", "-in", receipt,
            ])
            .arg("-CAfile")
            .arg(super::trust::pki("root-ca.pem"))
            .args(["-purpose", "any", "-out"])
            .arg(&json));
        serde_json::from_slice(&fs::read(json).unwrap()).unwrap()
    }
}
