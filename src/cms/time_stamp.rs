//! Signature time-stamps (CAdES-T): an RFC 3161 time-stamp token in the unsigned
//! attribute id-aa-signatureTimeStampToken of a SignerInfo, checked for integrity.
//!
//! The token is a SignedData over a TSTInfo; it is intact when its message imprint is
//! the hash of the SignerInfo's signature value and the time-stamping authority's
//! signature verifies with a certificate the token carries. Whether that authority is
//! trusted, and at what time, is [`crate::verdict`]'s question.

use std::time::SystemTime;

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfo};
use der::asn1::OctetString;
use der::{Decode, Encode};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use subtle::ConstantTimeEq;
use x509_cert::Certificate;

use super::asn1::TstInfo;
use super::signer_check::SignerFailure;
use super::signer_info::{SignerReport, verify};
use crate::algorithms::{AlgorithmError, HashAlg};
use crate::oids;
use crate::x509::{CertificateSummary, rfc3339};

/// Most time-stamp tokens read on one signature.
pub const TIME_STAMPS_MAX: usize = 4;

/// One signature time-stamp token, checked.
#[derive(Clone, Debug)]
pub struct TimeStampReport {
    /// The time the authority vouches for (TSTInfo genTime).
    pub gen_time: Option<SystemTime>,
    /// The authority's certificate, when the token carried it and it signed.
    pub tsa: Option<Certificate>,
    /// Every certificate the token carried (intermediates of the authority's path).
    pub certificates: Vec<Certificate>,
    /// Why the token cannot be used, if it cannot.
    pub problem: Option<TimeStampProblem>,
}

/// Why a time-stamp token does not prove anything.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeStampProblem {
    #[error("the time-stamp token is malformed ({0})")]
    Malformed(String),
    #[error("the time-stamp token holds no TSTInfo")]
    NotTstInfo,
    #[error("a time-stamp token must have exactly one signer, this one has {0}")]
    SignerCount(usize),
    #[error(
        "the time-stamp is over another signature: its message imprint is not the hash of this signature value"
    )]
    ImprintMismatch,
    #[error("the time-stamp's message imprint uses an unsupported hash ({0})")]
    ImprintAlgorithm(AlgorithmError),
    #[error("the time-stamping authority's signature is not intact: {0}")]
    Signature(SignerFailure),
}

impl TimeStampReport {
    fn failed(problem: TimeStampProblem) -> Self {
        TimeStampReport {
            gen_time: None,
            tsa: None,
            certificates: Vec::new(),
            problem: Some(problem),
        }
    }
}

/// As JSON: `gen_time`, `tsa` (the authority's certificate), `intact` and `problem`.
impl Serialize for TimeStampReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("TimeStampReport", 4)?;
        let gen_time = self
            .gen_time
            .and_then(|t| der::DateTime::from_system_time(t).ok())
            .map(rfc3339);
        s.serialize_field("gen_time", &gen_time)?;
        s.serialize_field("tsa", &self.tsa.as_ref().map(CertificateSummary::of))?;
        s.serialize_field("intact", &self.problem.is_none())?;
        s.serialize_field("problem", &self.problem.as_ref().map(ToString::to_string))?;
        s.end()
    }
}

/// The signature time-stamp tokens of `info`, each checked against its signature value;
/// at most [`TIME_STAMPS_MAX`], the rest reported as malformed.
pub(crate) fn time_stamps(info: &SignerInfo, allow_legacy: bool) -> Vec<TimeStampReport> {
    let Some(unsigned) = &info.unsigned_attrs else {
        return Vec::new();
    };
    let tokens = unsigned
        .iter()
        .filter(|a| a.oid == oids::ID_AA_SIGNATURE_TIME_STAMP_TOKEN)
        .flat_map(|a| a.values.iter());
    tokens
        .enumerate()
        .map(|(i, value)| {
            if i >= TIME_STAMPS_MAX {
                return TimeStampReport::failed(TimeStampProblem::Malformed(format!(
                    "more than {TIME_STAMPS_MAX} time-stamps on one signature"
                )));
            }
            let der = value.to_der().unwrap_or_default();
            check(&der, info.signature.as_bytes(), allow_legacy)
                .unwrap_or_else(TimeStampReport::failed)
        })
        .collect()
}

/// Checks the token in `der` over `signature`, the value it must time-stamp.
fn check(
    der: &[u8],
    signature: &[u8],
    allow_legacy: bool,
) -> Result<TimeStampReport, TimeStampProblem> {
    let malformed = |e: der::Error| TimeStampProblem::Malformed(e.to_string());
    let info = ContentInfo::from_ber(der).map_err(malformed)?;
    if info.content_type != oids::ID_SIGNED_DATA {
        return Err(TimeStampProblem::Malformed("not a SignedData".to_owned()));
    }
    let signed: SignedData = info.content.decode_as().map_err(malformed)?;
    let encap = &signed.encap_content_info;
    if encap.econtent_type != oids::ID_CT_TST_INFO {
        return Err(TimeStampProblem::NotTstInfo);
    }
    let content: OctetString = encap
        .econtent
        .as_ref()
        .ok_or(TimeStampProblem::NotTstInfo)?
        .decode_as()
        .map_err(malformed)?;
    let tst = TstInfo::from_der(content.as_bytes()).map_err(malformed)?;
    let imprint = &tst.message_imprint;
    let hash = HashAlg::from_identifier(&imprint.hash_algorithm)
        .map_err(TimeStampProblem::ImprintAlgorithm)?;
    let expected = hash.digest(signature);
    if !bool::from(expected.as_slice().ct_eq(imprint.hashed_message.as_bytes())) {
        return Err(TimeStampProblem::ImprintMismatch);
    }
    let certificates: Vec<Certificate> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            CertificateChoices::Certificate(cert) => Some(cert.clone()),
            _ => None,
        })
        .collect();
    let signers: Vec<&SignerInfo> = signed.signer_infos.0.iter().collect();
    let [tsa_info] = signers[..] else {
        return Err(TimeStampProblem::SignerCount(signers.len()));
    };
    let report = tsa_report(tsa_info, content.as_bytes(), &certificates, allow_legacy)?;
    if let Some(failure) = report.check.failure() {
        return Err(TimeStampProblem::Signature(failure.clone()));
    }
    Ok(TimeStampReport {
        gen_time: Some(tst.gen_time.to_system_time()),
        tsa: report.signer,
        certificates,
        problem: None,
    })
}

/// The authority's SignerInfo checked over the TSTInfo's encoding.
fn tsa_report(
    info: &SignerInfo,
    tst_info: &[u8],
    certificates: &[Certificate],
    allow_legacy: bool,
) -> Result<SignerReport, TimeStampProblem> {
    let raw = info
        .to_der()
        .map_err(|e| TimeStampProblem::Malformed(e.to_string()))?;
    let digests = HashAlg::from_identifier(&info.digest_alg)
        .map(|h| vec![(h, h.digest(tst_info))])
        .unwrap_or_default();
    verify(
        &raw,
        Some(oids::ID_CT_TST_INFO),
        &digests,
        certificates,
        allow_legacy,
    )
    .map_err(|e| TimeStampProblem::Malformed(e.to_string()))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use cms::cert::CertificateChoices;
    use cms::content_info::CmsVersion;
    use cms::signed_data::{CertificateSet, EncapsulatedContentInfo, SignerInfos};
    use der::Any;
    use der::asn1::{GeneralizedTime, Int, SetOfVec};
    use x509_cert::ext::pkix::{KeyUsage, KeyUsages};

    use super::*;
    use crate::cms::asn1::MessageImprint;
    use crate::testing::{Profile, SoftKey, certificate};

    const GEN_TIME: u64 = 1_780_000_000;

    /// A token by a software authority whose TSTInfo imprints `imprinted`; `tamper`
    /// changes the TSTInfo after it was signed.
    fn token(imprinted: &[u8], tamper: bool) -> Vec<u8> {
        let key = SoftKey::p256(7);
        let cert = certificate(
            &key,
            &Profile {
                subject: "CN=TSA,O=Test,C=BE",
                ca: false,
                key_usage: KeyUsage(KeyUsages::DigitalSignature.into()),
                not_before: UNIX_EPOCH + Duration::from_secs(GEN_TIME - 86_400),
                not_after: UNIX_EPOCH + Duration::from_secs(GEN_TIME + 86_400),
            },
            None,
        );
        let mut tst = TstInfo {
            version: 1,
            policy: spki::ObjectIdentifier::new_unwrap("1.2.3.4"),
            message_imprint: MessageImprint {
                hash_algorithm: HashAlg::Sha256.identifier(),
                hashed_message: OctetString::new(HashAlg::Sha256.digest(imprinted)).unwrap(),
            },
            serial_number: Int::new(&[1]).unwrap(),
            gen_time: GeneralizedTime::from_unix_duration(Duration::from_secs(GEN_TIME)).unwrap(),
            accuracy: None,
            ordering: false,
            nonce: None,
            tsa: None,
            extensions: None,
        };
        let digest = HashAlg::Sha256.digest(&tst.to_der().unwrap());
        let info = super::super::signer_info::sign(
            &key,
            &cert,
            oids::ID_CT_TST_INFO,
            &digest,
            UNIX_EPOCH + Duration::from_secs(GEN_TIME),
            None,
        )
        .unwrap();
        if tamper {
            tst.serial_number = Int::new(&[2]).unwrap();
        }
        let signed = SignedData {
            version: CmsVersion::V3,
            digest_algorithms: SetOfVec::try_from(vec![HashAlg::Sha256.identifier()]).unwrap(),
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: oids::ID_CT_TST_INFO,
                econtent: Some(
                    Any::encode_from(&OctetString::new(tst.to_der().unwrap()).unwrap()).unwrap(),
                ),
            },
            certificates: Some(CertificateSet(
                SetOfVec::try_from(vec![CertificateChoices::Certificate(cert)]).unwrap(),
            )),
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![info]).unwrap()),
        };
        ContentInfo {
            content_type: oids::ID_SIGNED_DATA,
            content: Any::encode_from(&signed).unwrap(),
        }
        .to_der()
        .unwrap()
    }

    #[test]
    fn a_token_over_the_signature_value_is_intact_with_its_gen_time_and_authority() {
        let report = check(&token(b"the signature", false), b"the signature", false).unwrap();
        assert_eq!(
            report.gen_time,
            Some(UNIX_EPOCH + Duration::from_secs(GEN_TIME))
        );
        let tsa = report.tsa.unwrap();
        assert_eq!(
            tsa.tbs_certificate().subject().to_string(),
            "CN=TSA,O=Test,C=BE"
        );
        assert!(report.problem.is_none());
    }

    #[test]
    fn a_token_over_another_signature_is_an_imprint_mismatch() {
        let problem = check(&token(b"another", false), b"the signature", false).unwrap_err();
        assert_eq!(problem, TimeStampProblem::ImprintMismatch);
    }

    #[test]
    fn a_tst_info_changed_after_signing_breaks_the_authority_signature() {
        let problem = check(&token(b"the signature", true), b"the signature", false).unwrap_err();
        assert_eq!(
            problem,
            TimeStampProblem::Signature(SignerFailure::DigestMismatch)
        );
    }

    #[test]
    fn bytes_that_are_no_token_are_malformed() {
        assert!(matches!(
            check(b"\x30\x03\x02\x01\x01", b"x", false),
            Err(TimeStampProblem::Malformed(_))
        ));
    }
}
