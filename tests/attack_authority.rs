//! The sender's authority: the trusted lists vouch for every qualified certificate in
//! the EU, every citizen's eID included, so being trusted is not being an electoral
//! authority. A trusted signer outside the partner directory signs a file for DE; `open`
//! refuses it unless `--any-signer`, `verify` says who the signer is or that it is not in
//! the directory, and `partners import` keeps expired and untrusted certificates out.

mod common;

use std::fs;
use std::path::PathBuf;

use common::trust::{import_test_list, pki, root_certified_key, signed_list, standard_services};
use common::*;

/// A citizen of BE with a qualified certificate (certified by the root CA that BE's test
/// list grants) signs and seals for DE; the partner directory names DE alone, or with
/// the citizen in `citizen_role`.
struct World {
    env: Epct,
    store: PathBuf,
    de_cert: PathBuf,
}

fn world(citizen_role: Option<&str>) -> World {
    let env = Epct::with_token("CITIZEN");
    env.add_token("DE");
    let dir = env.dir();
    root_certified_key(&env, "CITIZEN", "eid", "/C=BE/CN=Jan Peeters");
    let de_cert = env.certified_key("DE", "de", "rsa2048", &TestCa::new(dir, "DE"));
    let store = env.path("store");
    let list = signed_list(dir, "BE", 1, &standard_services(), "tl-signer");
    let w = World {
        env,
        store,
        de_cert,
    };
    import_test_list(w.epct(), &list);
    let mut partners = format!(
        "country,authority,role,certificate\nDE,Bundeswahlleiter,recipient,{}\n",
        w.de_cert.display()
    );
    if let Some(role) = citizen_role {
        partners += &format!("BE,Jan Peeters,{role},eid.pem\n");
    }
    fs::write(w.env.path("partners.csv"), partners).unwrap();
    w.epct()
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    fs::write(w.env.path("in.csv"), sample_content(2_000)).unwrap();
    w.epct()
        .args([
            "--token", "CITIZEN", "seal", "in.csv", "--key", "eid", "--out", "s.p7m", "--to",
        ])
        .arg(&w.de_cert)
        .assert()
        .success();
    w
}

impl World {
    fn epct(&self) -> assert_cmd::Command {
        let mut cmd = self.env.epct();
        cmd.arg("--trust-store").arg(&self.store);
        cmd
    }

    fn open(&self, extra: &[&str]) -> assert_cmd::Command {
        let mut cmd = self.epct();
        cmd.args([
            "--token", "DE", "open", "s.p7m", "--key", "de", "--out", "out.csv",
        ])
        .args(extra);
        cmd
    }
}

#[test]
fn a_trusted_signer_outside_the_partner_directory_is_refused_by_open() {
    let w = world(None);
    let line = w.open(&[]).fails(
        ExitCode::Verification,
        "'C=BE,CN=Jan Peeters' is not a sender of any state in the partner directory",
    );
    assert!(
        line.contains("epct partners import") && line.contains("--any-signer"),
        "{line}"
    );
    w.env.nothing_left_behind("out.csv");
}

#[test]
fn a_partner_listed_only_as_a_recipient_is_no_sender() {
    let w = world(Some("recipient"));
    w.open(&[]).fails(
        ExitCode::Verification,
        "is not a sender of any state in the partner directory",
    );
    w.env.nothing_left_behind("out.csv");
}

#[test]
fn any_signer_opens_it_and_the_verdict_says_so_loudly() {
    let w = world(None);
    let verdict = w.open(&["--any-signer"]).json();
    assert_eq!(verdict["authority_rule"], "any-signer");
    let signer = &verdict["signers"][0];
    assert_eq!(signer["trust"]["verdict"], "trusted");
    assert_eq!(signer["authority"], "not in the partner directory");
    assert_eq!(
        fs::read(w.env.path("out.csv")).unwrap(),
        sample_content(2_000)
    );
    let out = w.open(&["--any-signer", "--force"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "authority: NONE: not in the partner directory, accepted only because of --any-signer"
        ),
        "{text}"
    );
}

#[test]
fn a_sender_of_the_directory_is_opened_and_named() {
    let w = world(Some("sender"));
    let verdict = w.open(&[]).json();
    assert_eq!(verdict["authority_rule"], "required");
    assert_eq!(
        verdict["signers"][0]["authority"]["authority"],
        "Jan Peeters"
    );
    assert_eq!(verdict["signers"][0]["authority"]["country"], "BE");
}

#[test]
fn verify_reports_the_authority_or_that_there_is_none() {
    let w = world(None);
    w.epct()
        .args([
            "--token", "CITIZEN", "sign", "in.csv", "--key", "eid", "--out", "s.p7s",
        ])
        .assert()
        .success();
    let verdict = w.epct().args(["verify", "s.p7s"]).json();
    assert_eq!(
        verdict["signers"][0]["authority"],
        "not in the partner directory"
    );
    let out = w.epct().args(["verify", "s.p7s"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("authority: not in the partner directory"),
        "{text}"
    );

    let named = world(Some("both"));
    named
        .epct()
        .args([
            "--token", "CITIZEN", "sign", "in.csv", "--key", "eid", "--out", "s.p7s",
        ])
        .assert()
        .success();
    let verdict = named.epct().args(["verify", "s.p7s"]).json();
    assert_eq!(
        verdict["signers"][0]["authority"]["authority"],
        "Jan Peeters"
    );
    assert_eq!(verdict["signers"][0]["authority"]["role"], "both");
}

#[test]
fn partners_import_refuses_an_expired_certificate() {
    let w = world(None);
    fs::write(
        w.env.path("expired.csv"),
        format!(
            "country,authority,role,certificate\nBE,FPS Interior,sender,{}\n",
            pki("expired.pem").display()
        ),
    )
    .unwrap();
    w.epct()
        .args(["partners", "import", "expired.csv"])
        .fails(
            ExitCode::Failure,
            "the certificate 'C=XT,O=EPCT Test,CN=EPCT Test expired' expired on 2018-01-01T00:00:00Z; ask that authority for its current certificate",
        );
    // The directory imported before is kept.
    let listed = w.epct().args(["partners", "list"]).json();
    assert_eq!(listed["partners"].as_array().unwrap().len(), 1, "{listed}");
}

#[test]
fn partners_import_warns_about_a_certificate_that_leads_to_no_trusted_service() {
    let w = world(None);
    fs::write(
        w.env.path("partners.csv"),
        format!(
            "country,authority,role,certificate\nBE,Jan Peeters,sender,eid.pem\nDE,Bundeswahlleiter,recipient,{}\n",
            w.de_cert.display()
        ),
    )
    .unwrap();
    let out = w
        .epct()
        .args(["partners", "import", "partners.csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: the certificate of Bundeswahlleiter (DE) leads to no trusted service: no imported trusted list has a CA service that issued"),
        "{stderr}"
    );
    assert!(!stderr.contains("Jan Peeters"), "{stderr}");
}
