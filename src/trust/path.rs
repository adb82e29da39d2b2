//! Certificate path validation (RFC 5280) at a given time, to a CA certificate that an
//! imported national trusted list gives as a service whose status was trusted at that
//! time, its status history applied.
//!
//! `rustls-webpki` builds the path and checks the signatures (with epct's own
//! verifiers, see [`super::webpki_algorithms`]), validity at the time, basic
//! constraints, name constraints and extended key usage. This module adds what it leaves out: the signer's key usage, the CAs'
//! keyCertSign, and revocation with its date (see [`super::crl`]).

use std::time::{SystemTime, UNIX_EPOCH};

use const_oid::ObjectIdentifier;
use der::{Decode, Encode};
use rustls_pki_types::{CertificateDer, TrustAnchor, UnixTime};
use serde::Serialize;
use webpki::{
    EndEntityCert, ExtendedKeyUsageValidator, KeyPurposeId, KeyPurposeIdIter,
    RequiredEkuNotFoundContext,
};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::{ExtendedKeyUsage, KeyUsage, KeyUsages};

use super::TrustError;
use super::crl::{Revocation, revocation};
use super::error::UntrustedService;
use super::time::format_time;
use super::tl::{Provider, Service, StatusEntry, TrustedList};
use super::webpki_algorithms::ALGORITHMS;
use crate::oids;
use crate::x509::X509Error;

/// Why a certificate is trusted at a time: its path, and the trusted-list service that
/// anchors it.
#[derive(Clone, Debug, Serialize)]
pub struct TrustVerdict {
    /// The time the check was made for, RFC 3339.
    pub at: String,
    /// Subjects from the signer's certificate up to the CA certificate of the service.
    pub chain: Vec<String>,
    /// The list that gives the service: territory, sequence number, and whether it was
    /// past its next update at that time.
    pub territory: String,
    pub sequence: u64,
    pub list_stale: bool,
    pub provider: String,
    pub service: String,
    pub service_type: String,
    /// The service's status URI at that time, and since when it held.
    pub status: String,
    pub status_since: String,
    /// One entry per certificate below the service's CA certificate.
    pub revocation: Vec<RevocationCheck>,
}

/// What the CRLs say about one certificate of the path.
#[derive(Clone, Debug, Serialize)]
pub struct RevocationCheck {
    pub subject: String,
    #[serde(flatten)]
    pub revocation: Revocation,
}

/// A CA certificate of a CA service in a national list.
struct Anchor<'l> {
    list: &'l TrustedList,
    provider: &'l Provider,
    service: &'l Service,
    der: &'l [u8],
    cert: Certificate,
}

impl Anchor<'_> {
    fn status_at(&self, at: SystemTime) -> Option<&StatusEntry> {
        self.service.status_at(at)
    }
}

/// What a certificate is checked for: signing documents, through a CA service, or
/// time-stamping them (RFC 3161), through a qualified time-stamping service that lists
/// the authority's own certificate or the CA that issued it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    Signing,
    TimeStamping,
}

/// Checks that `chain` (the certificate first, then any intermediate certificates, in
/// any order) leads to a service for `purpose` trusted at `at`.
pub(crate) fn check(
    lists: &[TrustedList],
    chain: &[Certificate],
    at: SystemTime,
    crls: &[CertificateList],
    purpose: Purpose,
) -> Result<TrustVerdict, TrustError> {
    let leaf = chain.first().ok_or_else(|| TrustError::InvalidPath {
        subject: "(none)".to_owned(),
        reason: "no certificate was given".to_owned(),
    })?;
    validity(leaf, at)?;
    let ders = chain
        .iter()
        .map(Encode::to_der)
        .collect::<Result<Vec<_>, _>>()
        .map_err(X509Error::malformed("certificate"))?;
    let leaf_der = CertificateDer::from(ders[0].as_slice());
    let intermediates: Vec<CertificateDer<'_>> = ders[1..]
        .iter()
        .map(|d| CertificateDer::from(d.as_slice()))
        .collect();
    let end_entity =
        EndEntityCert::try_from(&leaf_der).map_err(|e| path_error(e, chain, at, purpose))?;
    let time = UnixTime::since_unix_epoch(at.duration_since(UNIX_EPOCH).unwrap_or_default());
    if purpose == Purpose::TimeStamping {
        time_stamping_usage(leaf)?;
    }

    let every = anchors(lists, purpose);
    let trusted: Vec<&Anchor<'_>> = every
        .iter()
        .filter(|a| a.status_at(at).is_some_and(StatusEntry::is_trusted))
        .collect();
    // A time-stamping service may list the authority's own certificate.
    let listed = (trusted.iter())
        .filter(|_| purpose == Purpose::TimeStamping)
        .find(|a| a.der == ders[0].as_slice());
    let built = match listed {
        Some(anchor) => Ok((*anchor, None)),
        None => build(&end_entity, &intermediates, &trusted, time, purpose)
            .map(|(anchor, above)| (anchor, Some(above))),
    };
    let (anchor, above_leaf) = match built {
        Ok(found) => found,
        Err(error) => {
            let every: Vec<&Anchor<'_>> = every.iter().collect();
            if let Ok((anchor, _)) = build(&end_entity, &intermediates, &every, time, purpose) {
                let entry = anchor.status_at(at);
                return Err(TrustError::ServiceNotTrusted(Box::new(UntrustedService {
                    subject: subject(leaf),
                    territory: anchor.list.territory.clone(),
                    provider: anchor.provider.name.clone(),
                    service: anchor.service.name.clone(),
                    at: format_time(at),
                    status: entry
                        .map(|e| e.status.rsplit('/').next().unwrap_or_default().to_owned())
                        .unwrap_or_else(|| "none (the service was not listed yet)".to_owned()),
                    since: entry
                        .map(|e| format!(" since {}", format_time(e.since)))
                        .unwrap_or_default(),
                })));
            }
            return Err(path_error(error, chain, at, purpose));
        }
    };
    let Some(above_leaf) = above_leaf else {
        return Ok(verdict(anchor, at, vec![subject(leaf)], Vec::new()));
    };

    let mut path = vec![leaf];
    for der in &above_leaf {
        let index = ders
            .iter()
            .position(|d| d == der)
            .expect("intermediates come from the chain given");
        path.push(&chain[index]);
    }
    key_usage(&path)?;
    let mut checks = Vec::with_capacity(path.len());
    for (i, cert) in path.iter().enumerate() {
        let issuer = path.get(i + 1).copied().unwrap_or(&anchor.cert);
        checks.push(RevocationCheck {
            subject: subject(cert),
            revocation: revocation(cert, issuer, crls, at)?,
        });
    }
    let mut chain_subjects: Vec<String> = path.iter().map(|c| subject(c)).collect();
    chain_subjects.push(subject(&anchor.cert));
    Ok(verdict(anchor, at, chain_subjects, checks))
}

fn verdict(
    anchor: &Anchor<'_>,
    at: SystemTime,
    chain_subjects: Vec<String>,
    checks: Vec<RevocationCheck>,
) -> TrustVerdict {
    let entry = anchor
        .status_at(at)
        .expect("trusted anchors have a status at the time");
    TrustVerdict {
        at: format_time(at),
        chain: chain_subjects,
        territory: anchor.list.territory.clone(),
        sequence: anchor.list.sequence,
        list_stale: anchor.list.is_stale(at),
        provider: anchor.provider.name.clone(),
        service: anchor.service.name.clone(),
        service_type: anchor.service.service_type.clone(),
        status: entry.status.clone(),
        status_since: format_time(entry.since),
        revocation: checks,
    }
}

fn subject(cert: &Certificate) -> String {
    cert.tbs_certificate().subject().to_string()
}

/// The certificates of the services of national lists for `purpose`, whatever their
/// status.
fn anchors(lists: &[TrustedList], purpose: Purpose) -> Vec<Anchor<'_>> {
    let mut found = Vec::new();
    let serves = |s: &&Service| match purpose {
        Purpose::Signing => s.is_ca(),
        Purpose::TimeStamping => s.is_time_stamping(),
    };
    for list in lists.iter().filter(|l| !l.is_list_of_lists) {
        for provider in &list.providers {
            for service in provider.services.iter().filter(serves) {
                for der in &service.certificates {
                    if let Ok(cert) = Certificate::from_der(der) {
                        found.push(Anchor {
                            list,
                            provider,
                            service,
                            der,
                            cert,
                        });
                    }
                }
            }
        }
    }
    found
}

/// A path from `end_entity` to one of `anchors`: the anchor, and the DER of the
/// intermediate certificates used, from the leaf's issuer up.
fn build<'a>(
    end_entity: &EndEntityCert<'_>,
    intermediates: &[CertificateDer<'_>],
    anchors: &[&'a Anchor<'a>],
    time: UnixTime,
    purpose: Purpose,
) -> Result<(&'a Anchor<'a>, Vec<Vec<u8>>), webpki::Error> {
    let ders: Vec<CertificateDer<'_>> = anchors
        .iter()
        .map(|a| CertificateDer::from(a.der))
        .collect();
    let mut usable = Vec::new();
    let mut trust_anchors: Vec<TrustAnchor<'_>> = Vec::new();
    for (i, der) in ders.iter().enumerate() {
        if let Ok(anchor) = webpki::anchor_from_trusted_cert(der) {
            usable.push(i);
            trust_anchors.push(anchor);
        }
    }
    let usage = match purpose {
        Purpose::Signing => Usage(&DOCUMENT_SIGNING),
        Purpose::TimeStamping => Usage(&[oids::ID_KP_TIME_STAMPING]),
    };
    let path = end_entity.verify_for_usage(
        ALGORITHMS,
        &trust_anchors,
        intermediates,
        time,
        usage,
        None,
        None,
    )?;
    let position = trust_anchors
        .iter()
        .position(|a| std::ptr::eq(a, path.anchor()))
        .expect("the path ends at one of the anchors given");
    let above = path
        .intermediate_certificates()
        .map(|c| c.der().to_vec())
        .collect();
    Ok((anchors[usable[position]], above))
}

fn validity(cert: &Certificate, at: SystemTime) -> Result<(), TrustError> {
    let validity = cert.tbs_certificate().validity();
    let not_before = validity.not_before.to_system_time();
    let not_after = validity.not_after.to_system_time();
    if at < not_before {
        return Err(TrustError::NotYetValid {
            subject: subject(cert),
            at: format_time(at),
            not_before: format_time(not_before),
        });
    }
    if at > not_after {
        return Err(TrustError::Expired {
            subject: subject(cert),
            at: format_time(at),
            not_after: format_time(not_after),
        });
    }
    Ok(())
}

/// The signer's key must sign (digitalSignature or nonRepudiation), each CA's must
/// sign certificates; an absent keyUsage allows any use (RFC 5280 section 4.2.1.3).
fn key_usage(path: &[&Certificate]) -> Result<(), TrustError> {
    for (i, cert) in path.iter().enumerate() {
        let usage = match cert.tbs_certificate().get_extension::<KeyUsage>() {
            Ok(Some((_, usage))) => usage.0,
            Ok(None) => continue,
            Err(e) => {
                return Err(TrustError::InvalidPath {
                    subject: subject(cert),
                    reason: format!("its keyUsage is malformed ({e})"),
                });
            }
        };
        if i == 0
            && !usage.contains(KeyUsages::DigitalSignature)
            && !usage.contains(KeyUsages::NonRepudiation)
        {
            return Err(TrustError::NotForSigning {
                subject: subject(cert),
            });
        }
        if i > 0 && !usage.contains(KeyUsages::KeyCertSign) {
            return Err(TrustError::NotForCertSigning {
                subject: subject(cert),
            });
        }
    }
    Ok(())
}

/// RFC 3161 section 2.3: a TSA's certificate has one extended key usage,
/// timeStamping, in a critical extension.
fn time_stamping_usage(cert: &Certificate) -> Result<(), TrustError> {
    let refused = || TrustError::NotForTimeStamping {
        subject: subject(cert),
    };
    let extension = (cert.tbs_certificate().extensions().into_iter().flatten())
        .find(|e| e.extn_id == oids::ID_CE_EXT_KEY_USAGE)
        .ok_or_else(refused)?;
    let usage =
        ExtendedKeyUsage::from_der(extension.extn_value.as_bytes()).map_err(|_| refused())?;
    if !extension.critical || usage.0 != [oids::ID_KP_TIME_STAMPING] {
        return Err(refused());
    }
    Ok(())
}

fn path_error(
    error: webpki::Error,
    chain: &[Certificate],
    at: SystemTime,
    purpose: Purpose,
) -> TrustError {
    use webpki::Error::*;
    let leaf = subject(&chain[0]);
    let invalid = |reason: &str| TrustError::InvalidPath {
        subject: leaf.clone(),
        reason: reason.to_owned(),
    };
    match error {
        UnknownIssuer if purpose == Purpose::TimeStamping => {
            TrustError::UnknownTimeStampingAuthority { subject: leaf }
        }
        UnknownIssuer => TrustError::UnknownIssuer { subject: leaf },
        CertExpired { .. } | CertNotValidYet { .. } => chain
            .iter()
            .find_map(|c| validity(c, at).err())
            .unwrap_or_else(|| invalid("a certificate of the path was not valid at that time")),
        RequiredEkuNotFoundContext(_) if purpose == Purpose::TimeStamping => {
            TrustError::NotForTimeStamping { subject: leaf }
        }
        RequiredEkuNotFoundContext(_) => TrustError::WrongExtendedKeyUsage { subject: leaf },
        CaUsedAsEndEntity => invalid("it is a CA certificate, not a signer's certificate"),
        EndEntityUsedAsCa => invalid("a certificate that is not a CA issued another"),
        InvalidSignatureForPublicKey => {
            invalid("a certificate's signature does not verify with its issuer's key")
        }
        UnsupportedSignatureAlgorithmContext(_)
        | UnsupportedSignatureAlgorithmForPublicKeyContext(_) => invalid(
            "a certificate is signed with an algorithm that is not accepted (SHA-1, or an unsupported key)",
        ),
        PathLenConstraintViolated => invalid("a CA's path length constraint is exceeded"),
        NameConstraintViolation => invalid("a CA's name constraints exclude it"),
        BadDer | BadDerTime => invalid("a certificate is not valid DER"),
        other => invalid(&other.to_string()),
    }
}

/// Extended key usages that allow signing documents; a certificate without the
/// extension may sign anything.
const DOCUMENT_SIGNING: [ObjectIdentifier; 3] = [
    oids::ID_KP_EMAIL_PROTECTION,
    oids::ID_KP_DOCUMENT_SIGNING,
    oids::ANY_EXTENDED_KEY_USAGE,
];

/// The extended key usages a path accepts, the first being the one reported missing; a
/// certificate without the extension passes (the TSA's is required on its own, by
/// [`time_stamping_usage`]).
struct Usage(&'static [ObjectIdentifier]);

impl ExtendedKeyUsageValidator for Usage {
    fn validate(&self, purposes: KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        let mut present = Vec::new();
        for purpose in purposes {
            let purpose = purpose?;
            if (self.0.iter()).any(|oid| KeyPurposeId::new(oid.as_bytes()) == purpose) {
                return Ok(());
            }
            present.push(purpose.to_decoded_oid());
        }
        if present.is_empty() {
            return Ok(());
        }
        let first: &'static ObjectIdentifier = &self.0[0];
        Err(webpki::Error::RequiredEkuNotFoundContext(
            RequiredEkuNotFoundContext {
                required: webpki::KeyUsage::required(first.as_bytes()),
                present,
            },
        ))
    }
}

#[cfg(test)]
mod tests;
