//! Backdating: a sender whose certificate is revoked or expired now signs with a signing
//! time from before, hoping to be validated at that claimed time. Without a proof of
//! existence epct validates at the current time, checks the claimed time only for
//! plausibility, and takes an earlier time only from a signature time-stamp (CAdES-T)
//! of a qualified time-stamping service that a trusted list grants. Files are signed in
//! the past with `faketime`, time-stamped by `openssl ts`, revoked by `openssl ca`.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use common::time_stamp::{signature_value, time_stamp_token, with_time_stamp};
use common::trust::{
    import_test_list, root_certified_key_valid, signed_list, standard_services, tsa_service,
};
use common::*;

/// BE sends (its key certified by the root CA that BE's test list grants, valid as
/// `validity` says), DE receives; the list also grants the test time-stamping service,
/// and the partner directory names both.
struct World {
    env: Epct,
    store: PathBuf,
    de_cert: PathBuf,
}

/// `days` from now (negative: ago) as `openssl ca` writes dates.
fn day(days: i64) -> String {
    let t = time::OffsetDateTime::now_utc() + time::Duration::days(days);
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn world(valid_from_days: i64, valid_until_days: i64) -> World {
    let env = Epct::with_token("BE");
    env.add_token("DE");
    let dir = env.dir();
    let (start, end) = (day(valid_from_days), day(valid_until_days));
    root_certified_key_valid(
        &env,
        "BE",
        "be",
        "/C=BE/O=FPS Interior/CN=Elections",
        Some((&start, &end)),
    );
    let de_ca = TestCa::new(dir, "DE");
    let de_cert = env.certified_key("DE", "de", "rsa2048", &de_ca);
    let store = env.path("store");
    let mut services = standard_services();
    services.push(tsa_service());
    let list = signed_list(dir, "BE", 1, &services, "tl-signer");
    let w = World {
        env,
        store,
        de_cert,
    };
    import_test_list(w.epct(), &list);
    fs::write(
        w.env.path("partners.csv"),
        format!(
            "country,authority,role,certificate\nBE,FPS Interior,sender,be.pem\nDE,Bundeswahlleiter,recipient,{}\n",
            w.de_cert.display()
        ),
    )
    .unwrap();
    // Imported 30 days ago, while every certificate of these tests was still valid
    // (partners import refuses an expired one).
    w.env
        .epct_at("30 days ago")
        .arg("--trust-store")
        .arg(&w.store)
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    fs::write(w.env.path("in.csv"), sample_content(5_000)).unwrap();
    w
}

impl World {
    fn epct(&self) -> assert_cmd::Command {
        let mut cmd = self.env.epct();
        cmd.arg("--trust-store").arg(&self.store);
        cmd
    }

    /// BE seals `in.csv` for DE with its clock at `when` (a `date -d` time).
    fn seal_at(&self, when: &str) {
        self.env
            .epct_at(when)
            .arg("--trust-store")
            .arg(&self.store)
            .args([
                "--token", "BE", "seal", "in.csv", "--key", "be", "--out", "s.p7m", "--to",
            ])
            .arg(&self.de_cert)
            .assert()
            .success();
    }

    /// BE signs `in.csv` at `when`, the time-stamp `token` (made from the signature
    /// value) is attached, and the result is encrypted for DE into `s.p7m`.
    fn seal_time_stamped_at(&self, when: &str, token: impl FnOnce(&[u8]) -> Vec<u8>) {
        self.env
            .epct_at(when)
            .args([
                "--token", "BE", "sign", "in.csv", "--key", "be", "--out", "s.p7s",
            ])
            .assert()
            .success();
        // epct signs in indefinite-length BER; the `cms` crate edits DER.
        openssl(
            self.env.dir(),
            &[
                "cms", "-cmsout", "-inform", "DER", "-in", "s.p7s", "-outform", "DER", "-out",
                "s.der",
            ],
        );
        let signed = fs::read(self.env.path("s.der")).unwrap();
        let token = token(&signature_value(&signed));
        fs::write(self.env.path("t.p7s"), with_time_stamp(&signed, &token)).unwrap();
        self.epct()
            .args(["encrypt", "t.p7s", "--out", "s.p7m", "--to"])
            .arg(&self.de_cert)
            .assert()
            .success();
    }

    fn open(&self, extra: &[&str]) -> assert_cmd::Command {
        let mut cmd = self.epct();
        cmd.args([
            "--token", "DE", "open", "s.p7m", "--key", "de", "--out", "out.csv",
        ])
        .args(extra);
        cmd
    }

    /// BE's certificate revoked now for keyCompromise, in `be.crl`.
    fn revoke_be(&self) {
        let config = self.env.path("ca/ca.cnf");
        for args in [
            &["-revoke", "be.pem", "-crl_reason", "keyCompromise"][..],
            &["-gencrl", "-out", "be.crl"],
        ] {
            run(Command::new("openssl")
                .current_dir(self.env.dir())
                .args(["ca", "-config"])
                .arg(&config)
                .args(args));
        }
    }
}

#[test]
fn a_backdated_signature_from_a_revoked_certificate_is_refused() {
    let w = world(-60, 300);
    w.seal_at("30 days ago");
    w.revoke_be();
    let line = w
        .open(&["--crl", "be.crl"])
        .fails(ExitCode::Verification, "after the claimed signing time");
    assert!(
        line.contains("'C=BE,O=FPS Interior,CN=Elections' was revoked on")
            && line.contains("reason KeyCompromise")
            && line.contains("no time-stamp proves that the signature existed before"),
        "{line}"
    );
    w.env.nothing_left_behind("out.csv");
}

#[test]
fn a_backdated_signature_from_an_expired_certificate_is_refused() {
    let w = world(-60, -10);
    w.seal_at("30 days ago");
    let line = w.open(&[]).fails(ExitCode::Verification, "expired on");
    assert!(
        line.contains("after the claimed signing time")
            && line.contains("no time-stamp proves that the signature existed before"),
        "{line}"
    );
    w.env.nothing_left_behind("out.csv");
}

#[test]
fn a_signing_time_far_in_the_future_is_refused() {
    let w = world(-60, 300);
    w.seal_at("180 days");
    w.open(&[]).fails(
        ExitCode::Verification,
        "minutes of clock skew allowed: the signer's clock is wrong or the time is forged",
    );
    w.env.nothing_left_behind("out.csv");
    // Even without a trust check, the claim is implausible.
    w.open(&["--no-trust-check"])
        .fails(ExitCode::Verification, "is after now");
    w.env.nothing_left_behind("out.csv");
}

#[test]
fn a_signing_time_before_the_certificate_is_refused() {
    let w = world(-10, 300);
    w.seal_at("30 days ago");
    let line = w
        .open(&[])
        .fails(ExitCode::Verification, "the time is forged");
    assert!(
        line.contains("is before 'C=BE,O=FPS Interior,CN=Elections' was valid"),
        "{line}"
    );
    w.env.nothing_left_behind("out.csv");
}

#[test]
fn a_time_stamp_from_a_trusted_tsa_proves_the_earlier_time() {
    let w = world(-60, 300);
    w.seal_time_stamped_at("30 days ago", |signature| {
        time_stamp_token(&w.env, signature, "tsa", Some("30 days ago"))
    });
    w.revoke_be();
    let verdict = w.open(&["--crl", "be.crl"]).json();
    let signer = &verdict["signers"][0];
    assert_eq!(signer["trust"]["verdict"], "trusted", "{signer}");
    assert_eq!(signer["validated_at"]["basis"], "time-stamp", "{signer}");
    assert_eq!(
        signer["validated_at"]["authority"],
        "C=XT,O=EPCT Test,CN=EPCT Test tsa"
    );
    assert_eq!(
        signer["validated_at"]["service"],
        "EPCT Test Qualified Time-Stamping"
    );
    assert_eq!(signer["trust"]["revocation"][0]["outcome"], "revoked-later");
    assert_eq!(signer["time_stamps"][0]["intact"], true);
    assert_eq!(
        fs::read(w.env.path("out.csv")).unwrap(),
        sample_content(5_000)
    );
    let out = w.open(&["--crl", "be.crl", "--force"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("validated at:")
            && text.contains("proven by a time-stamp of 'C=XT,O=EPCT Test,CN=EPCT Test tsa'"),
        "{text}"
    );
}

#[test]
fn a_time_stamp_over_another_signature_is_refused() {
    let w = world(-60, 300);
    w.seal_time_stamped_at("30 days ago", |_| {
        time_stamp_token(
            &w.env,
            b"another signature value",
            "tsa",
            Some("30 days ago"),
        )
    });
    w.revoke_be();
    w.open(&["--crl", "be.crl"]).fails(
        ExitCode::Verification,
        "the time-stamp is over another signature",
    );
    w.env.nothing_left_behind("out.csv");
}

#[test]
fn a_time_stamp_from_an_untrusted_tsa_is_refused() {
    let w = world(-60, 300);
    w.seal_time_stamped_at("30 days ago", |signature| {
        time_stamp_token(&w.env, signature, "untrusted-tsa", Some("30 days ago"))
    });
    w.revoke_be();
    let line = w.open(&["--crl", "be.crl"]).fails(
        ExitCode::Verification,
        "not from a trusted time-stamping authority",
    );
    assert!(
        line.contains("leads to no time-stamping service (TSA/QTST)"),
        "{line}"
    );
    w.env.nothing_left_behind("out.csv");
}

#[test]
fn a_backdated_file_from_an_expired_certificate_is_not_received() {
    let w = world(-60, -10);
    let dir = w.env.dir();
    fs::create_dir_all(dir.join("out")).unwrap();
    w.epct()
        .args([
            "data",
            "generate",
            "--rows",
            "20",
            "--residence",
            "BE",
            "--nationalities",
            "DE",
            "--out",
            "be.csv",
        ])
        .assert()
        .success();
    w.env
        .epct_at("30 days ago")
        .arg("--trust-store")
        .arg(&w.store)
        .args([
            "--token",
            "BE",
            "exchange",
            "send",
            "be.csv",
            "--key",
            "be",
            "--out-dir",
            "out",
        ])
        .assert()
        .success();
    fs::create_dir_all(dir.join("received")).unwrap();
    let out = w
        .epct()
        .args([
            "--json",
            "--token",
            "DE",
            "exchange",
            "receive",
            "out",
            "--key",
            "de",
            "--out-dir",
            "received",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Verification)),
        "{out:?}"
    );
    let report = parse_json(&out);
    let file = &report["files"][0];
    assert_eq!(file["status"], "failed", "{file}");
    assert!(
        file["reason"]
            .as_str()
            .unwrap()
            .contains("after the claimed signing time"),
        "{file}"
    );
    let plaintext: Vec<_> = fs::read_dir(dir.join("received"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv") && !n.starts_with("receive-report"))
        .collect();
    assert!(plaintext.is_empty(), "{plaintext:?}");
}

#[test]
fn verify_at_a_time_says_loudly_that_the_time_is_assumed() {
    let w = world(-60, -10);
    w.env
        .epct_at("30 days ago")
        .args([
            "--token", "BE", "sign", "in.csv", "--key", "be", "--out", "s.p7s",
        ])
        .assert()
        .success();
    // At now, expired; at an assumed time within its validity, trusted, and said so.
    let out = w
        .epct()
        .args(["verify", "s.p7s"])
        .fails_after_report(ExitCode::Verification, "expired on");
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("(now: no time-stamp proves an earlier time)"),
        "{out:?}"
    );
    let at = time::OffsetDateTime::now_utc() - time::Duration::days(30);
    let at = format!(
        "{:04}-{:02}-{:02}",
        at.year(),
        u8::from(at.month()),
        at.day()
    );
    let verdict = w
        .epct()
        .args(["--json", "verify", "s.p7s", "--at", &at])
        .json();
    let signer = &verdict["signers"][0];
    assert_eq!(signer["trust"]["verdict"], "trusted", "{signer}");
    assert_eq!(signer["validated_at"]["basis"], "assumed");
    assert!(
        signer["validated_at"]["warning"]
            .as_str()
            .unwrap()
            .contains("ASSUMED with --at, not proven"),
        "{signer}"
    );
    let out = w
        .epct()
        .args(["verify", "s.p7s", "--at", &at])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("validated at:") && text.contains("ASSUMED with --at, not proven"),
        "{text}"
    );
}
