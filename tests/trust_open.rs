//! `open`, `verify` and `seal --to` with the trust store and the partner directory, end
//! to end on SoftHSM2: the sender's certificate is issued by a CA that a signed test
//! trusted list grants, or not, and revoked, or not.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use common::trust::{pki, root_certified_key, signed_list, standard_services};
use common::*;

/// BE sends, DE receives, each on its own token; BE's key is certified by the test
/// PKI's root CA (granted by the signed test list of territory BE, imported into the
/// store), through an `openssl ca` of the test's own so that it can revoke it; the
/// partner directory names BE as a sender and DE as a recipient.
struct Exchange {
    env: Epct,
    store: PathBuf,
    de_cert: PathBuf,
}

fn exchange() -> Exchange {
    let env = Epct::with_token("BE");
    env.add_token("DE");
    let dir = env.dir();
    root_certified_key(&env, "BE", "be", "/C=BE/O=FPS Interior/CN=Elections");
    let de_ca = TestCa::new(dir, "DE");
    let de_cert = env.certified_key("DE", "de", "rsa2048", &de_ca);

    let store = env.path("store");
    let list = signed_list(dir, "BE", 1, &standard_services(), "tl-signer");
    env.epct_without_pin()
        .arg("--trust-store")
        .arg(&store)
        .args(["trust", "import", "--at", "2019-09-05", "--signer-cert"])
        .arg(pki("tl-signer.pem"))
        .arg(&list)
        .assert()
        .success();
    fs::write(
        env.path("partners.csv"),
        format!(
            "country,authority,role,certificate\nBE,FPS Interior,sender,be.pem\nDE,Bundeswahlleiter,recipient,{}\n",
            de_cert.display()
        ),
    )
    .unwrap();
    env.epct_without_pin()
        .arg("--trust-store")
        .arg(&store)
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    Exchange {
        env,
        store,
        de_cert,
    }
}

impl Exchange {
    fn epct(&self) -> assert_cmd::Command {
        let mut cmd = self.env.epct();
        cmd.arg("--trust-store").arg(&self.store);
        cmd
    }

    fn seal(&self) {
        fs::write(self.env.path("in.csv"), sample_content(10_000)).unwrap();
        self.epct()
            .args([
                "--token", "BE", "seal", "in.csv", "--key", "be", "--out", "s.p7m", "--force",
                "--to",
            ])
            .arg(&self.de_cert)
            .assert()
            .success();
    }

    fn open(&self, extra: &[&str]) -> std::process::Output {
        let _ = fs::remove_file(self.env.path("out.csv"));
        self.epct()
            .args([
                "--json", "--token", "DE", "open", "s.p7m", "--key", "de", "--out", "out.csv",
            ])
            .args(extra)
            .output()
            .unwrap()
    }

    fn revoke_be(&self) {
        let config = self.env.path("ca/ca.cnf");
        run(Command::new("openssl")
            .current_dir(self.env.dir())
            .args(["ca", "-config"])
            .arg(&config)
            .args(["-revoke", "be.pem", "-crl_reason", "keyCompromise"]));
        run(Command::new("openssl")
            .current_dir(self.env.dir())
            .args(["ca", "-config"])
            .arg(&config)
            .args(["-gencrl", "-out", "be.crl"]));
    }
}

#[test]
fn open_trusts_a_signer_that_the_list_grants_and_names_the_service() {
    let x = exchange();
    x.seal();
    let out = x.open(&[]);
    assert!(out.status.success(), "{out:?}");
    let verdict = parse_json(&out);
    let signer = &verdict["signers"][0];
    assert_eq!(signer["intact"], true);
    assert_eq!(signer["trust"]["verdict"], "trusted");
    assert_eq!(signer["trust"]["territory"], "BE");
    assert_eq!(signer["trust"]["service"], "EPCT Test Root CA");
    assert_eq!(signer["trust"]["status_since"], "2016-07-01T00:00:00Z");
    assert_eq!(
        signer["trust"]["chain"][0],
        "C=BE,O=FPS Interior,CN=Elections"
    );
    assert_eq!(
        fs::read(x.env.path("out.csv")).unwrap(),
        sample_content(10_000)
    );
    // The same in text.
    let out = x
        .epct()
        .args([
            "--token",
            "DE",
            "open",
            "s.p7m",
            "--key",
            "de",
            "--out",
            "again.csv",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("trust: trusted at"), "{text}");
    assert!(
        text.contains(
            "service 'EPCT Test Root CA' of 'EPCT Test Provider', granted since 2016-07-01"
        ),
        "{text}"
    );
}

#[test]
fn open_refuses_a_signer_no_list_trusts_and_writes_nothing() {
    let x = exchange();
    x.seal();
    // A store without BE's list.
    let empty = x.env.path("empty-store");
    x.env
        .epct()
        .arg("--trust-store")
        .arg(&empty)
        .args([
            "--token", "DE", "open", "s.p7m", "--key", "de", "--out", "out.csv",
        ])
        .fails_after_report(
            ExitCode::Verification,
            "no imported trusted list has a CA service that issued 'C=BE,O=FPS Interior,CN=Elections'",
        );
    x.env.nothing_left_behind("out.csv");
    // --no-trust-check opens it, and says loudly that trust was not checked; that store
    // has no partner directory either, so it takes --any-signer, said as loudly.
    let out = x
        .env
        .epct()
        .arg("--trust-store")
        .arg(&empty)
        .args([
            "--token",
            "DE",
            "open",
            "s.p7m",
            "--key",
            "de",
            "--out",
            "out.csv",
            "--no-trust-check",
            "--any-signer",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("trust: NOT CHECKED"), "{text}");
    assert!(
        text.contains(
            "authority: NONE: not in the partner directory, accepted only because of --any-signer"
        ),
        "{text}"
    );
}

#[test]
fn a_signer_revoked_before_signing_is_refused_with_the_crl() {
    let x = exchange();
    x.revoke_be();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    x.seal();
    // Without the CRL, revocation is not known: trusted, and the verdict says so.
    let out = x.open(&[]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        parse_json(&out)["signers"][0]["trust"]["revocation"][0]["outcome"],
        "not-checked"
    );
    let out = x.open(&["--crl", "be.crl"]);
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Verification)),
        "{out:?}"
    );
    let line = one_line_error(&out.stderr);
    assert!(line.contains("revoked"), "{line}");
    x.env.nothing_left_behind("out.csv");
}

#[test]
fn a_signer_revoked_after_signing_is_refused_without_a_time_stamp() {
    let x = exchange();
    x.seal();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    x.revoke_be();
    // Validated now, without a time-stamp: the claimed signing time cannot save it.
    let out = x.open(&["--crl", "be.crl"]);
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Verification)),
        "{out:?}"
    );
    let line = one_line_error(&out.stderr);
    assert!(line.contains("after the claimed signing time"), "{line}");
    x.env.nothing_left_behind("out.csv");
}

#[test]
fn verify_reports_integrity_and_trust_separately() {
    let x = exchange();
    fs::write(x.env.path("in.csv"), b"signed only").unwrap();
    x.epct()
        .args([
            "--token", "BE", "sign", "in.csv", "--key", "be", "--out", "s.p7s",
        ])
        .assert()
        .success();
    let out = x
        .epct()
        .args(["--json", "verify", "s.p7s"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let verdict = parse_json(&out);
    assert_eq!(verdict["intact"], true);
    assert_eq!(verdict["trusted"], true);
    // Intact, but not trusted by an empty store: reported as such, exit 3.
    let out = x
        .env
        .epct()
        .arg("--trust-store")
        .arg(x.env.path("empty"))
        .args(["verify", "s.p7s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(status(ExitCode::Verification)));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("integrity: intact") && text.contains("trust: NOT TRUSTED"),
        "{text}"
    );
    one_line_error(&out.stderr);
}

#[test]
fn the_partner_directory_names_recipients_and_signers() {
    let x = exchange();
    fs::write(
        x.env.path("partners.csv"),
        format!(
            "country,authority,role,certificate\nBE,FPS Interior,sender,be.pem\nDE,Bundeswahlleiter,recipient,{}\n",
            x.de_cert.display()
        ),
    )
    .unwrap();
    x.epct()
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    fs::write(x.env.path("in.csv"), sample_content(500)).unwrap();
    x.epct()
        .args([
            "--token", "BE", "seal", "in.csv", "--key", "be", "--out", "s.p7m", "--to", "de",
        ])
        .assert()
        .success();
    let verdict = parse_json(&x.open(&[]));
    assert_eq!(verdict["signers"][0]["authority"]["country"], "BE");
    assert_eq!(
        verdict["signers"][0]["authority"]["authority"],
        "FPS Interior"
    );
    let out = x
        .epct()
        .args([
            "--token", "BE", "seal", "in.csv", "--key", "be", "--out", "x.p7m", "--to", "FR",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(status(ExitCode::Usage)));
    one_line_error(&out.stderr);
    x.env.nothing_left_behind("x.p7m");
}
