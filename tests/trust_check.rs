//! `epct trust check` and `TrustStore::check` over the test PKI of
//! `tests/pki/make-pki.sh`, anchored in a test list signed with xmlsec1: validity,
//! revocation before and after the time, unlisted and withdrawn CAs with the status
//! history applied, intermediates, key usage.

mod common;

use assert_cmd::Command;

use common::trust::*;
use common::{Epct, ExitCode, Run};
use epct::trust::{Revocation, TrustError, TrustStore, parse_time, read_crls};
use epct::x509::read_certificates;

const AT: &str = "2019-09-05";

/// A store with the standard test list, imported with its signer pinned.
fn store() -> Epct {
    let store = Epct::new();
    let list = signed_list(store.dir(), "XT", 1, &standard_services(), "tl-signer");
    store
        .epct_without_pin()
        .args(["trust", "import"])
        .arg(list)
        .arg("--signer-cert")
        .arg(pki("tl-signer.pem"))
        .args(["--at", "2019-08-02"])
        .json();
    store
}

fn check(store: &Epct, cert: &str, at: &str) -> Command {
    let mut cmd = store.epct_without_pin();
    cmd.args(["trust", "check"])
        .arg(pki(cert))
        .args(["--at", at]);
    cmd
}

fn with_crl(mut cmd: Command) -> Command {
    cmd.arg("--crl").arg(pki("root-ca.crl.pem"));
    cmd
}

#[test]
fn a_valid_signer_is_trusted_through_the_root_ca_service() {
    let store = store();
    let verdict = with_crl(check(&store, "valid.pem", AT)).json();
    assert_eq!(verdict["at"], "2019-09-05T00:00:00Z");
    assert_eq!(verdict["territory"], "XT");
    assert_eq!(verdict["sequence"], 1);
    assert_eq!(verdict["list_stale"], false);
    assert_eq!(verdict["provider"], "EPCT Test Provider");
    assert_eq!(verdict["service"], "EPCT Test Root CA");
    assert_eq!(verdict["service_type"], CA_QC);
    assert_eq!(verdict["status"], GRANTED);
    assert_eq!(verdict["status_since"], "2016-07-01T00:00:00Z");
    assert_eq!(
        verdict["chain"],
        serde_json::json!([
            "C=XT,O=EPCT Test,CN=EPCT Test valid",
            "C=XT,O=EPCT Test,CN=EPCT Test root-ca"
        ])
    );
    assert_eq!(verdict["revocation"][0]["outcome"], "not-revoked");

    let text = check(&store, "valid.pem", AT).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with("trusted at 2019-09-05T00:00:00Z"),
        "{text}"
    );
    assert!(
        text.contains("not checked (no CRL of its issuer given)"),
        "{text}"
    );
}

#[test]
fn a_signer_expired_or_not_yet_valid_at_the_time_is_refused() {
    let store = store();
    check(&store, "expired.pem", AT)
        .fails(
            ExitCode::Verification,
            "'C=XT,O=EPCT Test,CN=EPCT Test expired' had expired at 2019-09-05T00:00:00Z (valid until 2018-01-01T00:00:00Z)",
        );
    check(&store, "not-yet-valid.pem", AT).fails(
        ExitCode::Verification,
        "was not yet valid at 2019-09-05T00:00:00Z (valid from 2021-01-01T00:00:00Z)",
    );
    check(&store, "expired.pem", "2017-06-01").json();
}

#[test]
fn a_signer_revoked_before_the_time_is_refused_and_after_it_is_valid_then() {
    let store = store();
    with_crl(check(&store, "revoked-before.pem", AT)).fails(
        ExitCode::Verification,
        "was revoked on 2019-01-01T00:00:00Z (before 2019-09-05T00:00:00Z), reason KeyCompromise",
    );
    let earlier = with_crl(check(&store, "revoked-before.pem", "2018-06-01")).json();
    assert_eq!(earlier["revocation"][0]["outcome"], "revoked-later");

    let verdict = with_crl(check(&store, "revoked-after.pem", AT)).json();
    assert_eq!(verdict["revocation"][0]["outcome"], "revoked-later");
    assert_eq!(verdict["revocation"][0]["revoked"], "2020-01-01T00:00:00Z");
    with_crl(check(&store, "revoked-after.pem", "2020-06-01")).fails(
        ExitCode::Verification,
        "was revoked on 2020-01-01T00:00:00Z",
    );
    let unchecked = check(&store, "revoked-before.pem", AT).json();
    assert_eq!(unchecked["revocation"][0]["outcome"], "not-checked");
}

#[test]
fn a_forged_or_malformed_crl_is_refused() {
    let store = store();
    let crls = read_crls(&std::fs::read(pki("root-ca.crl.pem")).unwrap(), "crl").unwrap();
    let mut der = der::Encode::to_der(&crls[0]).unwrap();
    let last = der.len() - 1;
    der[last] ^= 1;
    let forged = store.path("forged.crl");
    std::fs::write(&forged, der).unwrap();
    check(&store, "valid.pem", AT)
            .arg("--crl")
            .arg(&forged)
                .fails(
                    ExitCode::Verification,
                    "the CRL of 'C=XT,O=EPCT Test,CN=EPCT Test root-ca' does not verify with the issuer's key",
                );
    check(&store, "valid.pem", AT)
        .arg("--crl")
        .arg(pki("valid.pem"))
        .fails(ExitCode::Failure, "malformed CRL");
}

#[test]
fn a_ca_in_no_list_or_only_in_a_time_stamping_service_is_not_trusted() {
    let store = store();
    check(&store, "unlisted-leaf.pem", AT)
        .fails(
            ExitCode::Verification,
            "no imported trusted list has a CA service that issued 'C=XT,O=EPCT Test,CN=EPCT Test unlisted-leaf'",
        );
    let empty = Epct::new();
    check(&empty, "valid.pem", AT).fails(ExitCode::Verification, "no imported trusted list");
}

#[test]
fn the_service_status_at_the_time_decides_granted_accredited_then_withdrawn() {
    let store = store();
    let granted = check(&store, "withdrawn-leaf.pem", AT).json();
    assert_eq!(granted["service"], "EPCT Test Withdrawn CA");
    assert_eq!(granted["status"], GRANTED);
    assert_eq!(granted["status_since"], "2016-07-01T00:00:00Z");

    let accredited = check(&store, "withdrawn-leaf.pem", "2015-06-01").json();
    assert_eq!(accredited["status"], ACCREDITED);
    assert_eq!(accredited["status_since"], "2012-01-01T00:00:00Z");

    check(&store, "withdrawn-leaf.pem", "2021-01-01")
        .fails(
            ExitCode::Verification,
            "leads to service 'EPCT Test Withdrawn CA' of 'EPCT Test Provider' in the XT list, whose status at 2021-01-01T00:00:00Z was withdrawn since 2020-01-01T00:00:00Z: not trusted",
        );
}

#[test]
fn an_intermediate_ca_needs_its_certificate() {
    let store = store();
    let verdict = check(&store, "intermediate-leaf.pem", AT)
        .arg("--chain")
        .arg(pki("issuing-ca.pem"))
        .json();
    assert_eq!(verdict["chain"].as_array().unwrap().len(), 3);
    assert_eq!(
        verdict["chain"][1],
        "C=XT,O=EPCT Test,CN=EPCT Test issuing-ca"
    );
    assert_eq!(verdict["service"], "EPCT Test Root CA");
    assert_eq!(verdict["revocation"].as_array().unwrap().len(), 2);
    check(&store, "intermediate-leaf.pem", AT).fails(
        ExitCode::Verification,
        "give the intermediate certificates with --chain",
    );
}

#[test]
fn a_certificate_that_may_not_sign_documents_is_refused() {
    let store = store();
    check(&store, "wrong-key-usage.pem", AT).fails(
        ExitCode::Verification,
        "may not sign documents: its key usage has neither digitalSignature nor nonRepudiation",
    );
    check(&store, "wrong-eku.pem", AT).fails(
        ExitCode::Verification,
        "may not sign documents: its extended key usage does not allow it",
    );
    check(&store, "root-ca.pem", AT).fails(
        ExitCode::Verification,
        "it is a CA certificate, not a signer's certificate",
    );
}

#[test]
fn a_malformed_time_is_a_usage_error_and_a_key_file_is_no_certificate() {
    let store = store();
    check(&store, "valid.pem", "tomorrow").fails(ExitCode::Usage, "is not a time");
    store
        .epct_without_pin()
        .args(["trust", "check"])
        .arg(pki("valid.key"))
        .fails(ExitCode::Failure, "malformed PEM certificate");
}

fn certs(names: &[&str]) -> Vec<x509_cert::Certificate> {
    names
        .iter()
        .flat_map(|n| read_certificates(&std::fs::read(pki(n)).unwrap(), n).unwrap())
        .collect()
}

#[test]
fn the_library_gives_the_verdict_that_open_and_verify_report() {
    let dir = store();
    let store = TrustStore::open(&dir.trust_store()).unwrap();
    let crls = read_crls(&std::fs::read(pki("root-ca.crl.pem")).unwrap(), "crl").unwrap();
    let at = parse_time(AT).unwrap();

    let verdict = store
        .check(
            &certs(&["intermediate-leaf.pem", "issuing-ca.pem"]),
            at,
            &crls,
        )
        .unwrap();
    assert_eq!(verdict.territory, "XT");
    assert_eq!(verdict.chain.len(), 3);
    assert!(matches!(
        verdict.revocation[0].revocation,
        Revocation::NotChecked
    ));

    let verdict = store
        .check(&certs(&["revoked-after.pem"]), at, &crls)
        .unwrap();
    assert!(matches!(
        verdict.revocation[0].revocation,
        Revocation::RevokedLater { .. }
    ));
    let refused = store
        .check(&certs(&["revoked-before.pem"]), at, &crls)
        .unwrap_err();
    assert!(matches!(refused, TrustError::Revoked { .. }));
    assert_eq!(refused.kind(), epct::ErrorKind::Verification);
    let later = parse_time("2021-01-01").unwrap();
    assert!(matches!(
        store.check(&certs(&["withdrawn-leaf.pem"]), later, &[]),
        Err(TrustError::ServiceNotTrusted(_))
    ));
}
