//! Path validation against a small PKI made in memory: a root that a list gives as a
//! CA service, an intermediate CA, and signers' certificates.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use x509_cert::Certificate;
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};

use super::{Purpose, check};
use crate::testing::{Profile, SoftKey, certificate, der};
use crate::trust::tl::{CA_SERVICE_TYPES, Provider, Service, StatusEntry, TRUSTED_STATUSES};
use crate::trust::{TrustError, TrustedList};

fn year(y: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs((y - 1970) * 365 * 86_400)
}

fn profile(subject: &str, ca: bool, usage: KeyUsages) -> Profile<'_> {
    Profile {
        subject,
        ca,
        key_usage: KeyUsage(usage.into()),
        not_before: year(2020),
        not_after: year(2040),
    }
}

/// The root, the intermediate CA under it, and their keys.
struct Pki {
    root: Certificate,
    ca: Certificate,
    ca_key: SoftKey,
}

fn pki() -> Pki {
    let root_key = SoftKey::p256(1);
    let root = certificate(
        &root_key,
        &profile("CN=Root,O=Test,C=BE", true, KeyUsages::KeyCertSign),
        None,
    );
    let ca_key = SoftKey::p256(2);
    let ca = certificate(
        &ca_key,
        &profile("CN=CA,O=Test,C=BE", true, KeyUsages::KeyCertSign),
        Some((&root, &root_key)),
    );
    Pki { root, ca, ca_key }
}

/// A Belgian list that gives `root` as a CA service granted since 2019.
fn list(root: &Certificate) -> TrustedList {
    TrustedList {
        version: 5,
        sequence: 1,
        list_type: "http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric".to_owned(),
        is_list_of_lists: false,
        territory: "BE".to_owned(),
        operator: "Test operator".to_owned(),
        issued: year(2025),
        next_update: Some(year(2045)),
        pointers: Vec::new(),
        providers: vec![Provider {
            name: "Test provider".to_owned(),
            services: vec![Service {
                service_type: CA_SERVICE_TYPES[1].to_owned(),
                name: "Test CA service".to_owned(),
                certificates: vec![der(root)],
                history: vec![StatusEntry {
                    status: TRUSTED_STATUSES[0].to_owned(),
                    since: year(2019),
                }],
            }],
        }],
    }
}

fn signer(pki: &Pki, profile: &Profile<'_>) -> Certificate {
    certificate(&SoftKey::p256(9), profile, Some((&pki.ca, &pki.ca_key)))
}

const SIGNING: KeyUsages = KeyUsages::DigitalSignature;

#[test]
fn a_signer_under_a_granted_ca_service_is_trusted_with_its_path() {
    let pki = pki();
    let leaf = signer(&pki, &profile("CN=Signer,O=Test,C=BE", false, SIGNING));
    let verdict = check(
        &[list(&pki.root)],
        &[leaf, pki.ca.clone()],
        year(2026),
        &[],
        Purpose::Signing,
    )
    .unwrap();
    assert_eq!(verdict.territory, "BE");
    assert_eq!(verdict.service, "Test CA service");
    assert_eq!(verdict.chain.len(), 3, "{:?}", verdict.chain);
    assert!(verdict.chain[0].contains("CN=Signer"));
}

#[test]
fn a_signer_whose_intermediate_is_not_given_has_an_unknown_issuer() {
    let pki = pki();
    let leaf = signer(&pki, &profile("CN=Signer,O=Test,C=BE", false, SIGNING));
    let error = check(
        &[list(&pki.root)],
        &[leaf],
        year(2026),
        &[],
        Purpose::Signing,
    )
    .unwrap_err();
    assert!(matches!(error, TrustError::UnknownIssuer { .. }), "{error}");
}

#[test]
fn an_expired_signer_is_refused_as_expired() {
    let pki = pki();
    let mut expired = profile("CN=Signer,O=Test,C=BE", false, SIGNING);
    expired.not_after = year(2024);
    let leaf = signer(&pki, &expired);
    let error = check(
        &[list(&pki.root)],
        &[leaf, pki.ca.clone()],
        year(2026),
        &[],
        Purpose::Signing,
    )
    .unwrap_err();
    assert!(matches!(error, TrustError::Expired { .. }), "{error}");
}

#[test]
fn a_key_for_encryption_only_is_not_for_signing() {
    let pki = pki();
    let leaf = signer(
        &pki,
        &profile("CN=Signer,O=Test,C=BE", false, KeyUsages::KeyEncipherment),
    );
    let error = check(
        &[list(&pki.root)],
        &[leaf, pki.ca.clone()],
        year(2026),
        &[],
        Purpose::Signing,
    )
    .unwrap_err();
    assert!(matches!(error, TrustError::NotForSigning { .. }), "{error}");
}

#[test]
fn a_certificate_that_is_not_a_ca_cannot_issue_a_signer() {
    let pki = pki();
    let other_key = SoftKey::p256(3);
    let not_ca = certificate(
        &other_key,
        &profile("CN=Not a CA,O=Test,C=BE", false, SIGNING),
        Some((&pki.ca, &pki.ca_key)),
    );
    let leaf = certificate(
        &SoftKey::p256(9),
        &profile("CN=Signer,O=Test,C=BE", false, SIGNING),
        Some((&not_ca, &other_key)),
    );
    let chain = [leaf, not_ca, pki.ca.clone()];
    let error = check(
        &[list(&pki.root)],
        &chain,
        year(2026),
        &[],
        Purpose::Signing,
    )
    .unwrap_err();
    assert!(
        matches!(&error, TrustError::InvalidPath { reason, .. } if reason.contains("not a CA")),
        "{error}"
    );
}

#[test]
fn a_ca_certificate_is_not_a_signer() {
    let pki = pki();
    let error = check(
        &[list(&pki.root)],
        std::slice::from_ref(&pki.ca),
        year(2026),
        &[],
        Purpose::Signing,
    )
    .unwrap_err();
    assert!(
        matches!(&error, TrustError::InvalidPath { reason, .. } if reason.contains("CA certificate")),
        "{error}"
    );
}

#[test]
fn a_service_withdrawn_at_the_time_asked_about_is_not_trusted() {
    let pki = pki();
    let leaf = signer(&pki, &profile("CN=Signer,O=Test,C=BE", false, SIGNING));
    let mut withdrawn = list(&pki.root);
    withdrawn.providers[0].services[0].history.insert(
        0,
        StatusEntry {
            status: "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn".to_owned(),
            since: year(2025),
        },
    );
    let error = check(
        &[withdrawn],
        &[leaf, pki.ca.clone()],
        year(2026),
        &[],
        Purpose::Signing,
    )
    .unwrap_err();
    assert!(matches!(error, TrustError::ServiceNotTrusted(_)), "{error}");
}

#[test]
fn a_signer_certificate_not_signed_by_its_issuers_key_does_not_verify() {
    let pki = pki();
    let forged = certificate(
        &SoftKey::p256(9),
        &profile("CN=Signer,O=Test,C=BE", false, SIGNING),
        Some((&pki.ca, &SoftKey::p256(7))),
    );
    let error = check(
        &[list(&pki.root)],
        &[forged, pki.ca.clone()],
        year(2026),
        &[],
        Purpose::Signing,
    )
    .unwrap_err();
    assert!(
        matches!(&error, TrustError::InvalidPath { reason, .. } if reason.contains("signature")),
        "{error}"
    );
}
