//! SignerInfos: made on the token with the CAdES-BES signed attributes (content type,
//! message digest, signing time, ESS signing-certificate-v2), and checked on the host.
//!
//! A SignerInfo is reported intact only when its content type and message digest match
//! the content, its signature verifies with the signer's certificate, and, where it
//! names its signing certificate (ESS), that certificate is the one that verified.

use std::time::SystemTime;

use cms::cert::IssuerAndSerialNumber;
use cms::content_info::CmsVersion;
use cms::signed_data::{SignerIdentifier, SignerInfo};
use der::Any;
use der::asn1::{OctetString, SetOfVec};
use serde::Serialize;
use spki::ObjectIdentifier;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::SubjectKeyIdentifier;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::time::Time;

use super::algorithms::to_der;
use super::asn1::{EssCertIdV2, IssuerSerial, SigningCertificate, SigningCertificateV2};
use super::ber_reader::{BerReader, Tag};
use super::error::CmsError;
use crate::algorithms::{HashAlg, SignatureAlgorithm};
use crate::oids;
use crate::token::TokenSigner;
use crate::x509::{CertificateSummary, KeyAlgorithm, verify_signature};

/// Makes the SignerInfo for content of `content_type` whose `hash` digest is `digest`,
/// signed on the token by the key of `certificate`.
pub fn sign(
    signer: &TokenSigner<'_, '_>,
    certificate: &Certificate,
    content_type: ObjectIdentifier,
    digest: &[u8],
    signing_time: SystemTime,
) -> Result<SignerInfo, CmsError> {
    let hash = signer.algorithm().hash();
    let tbs = certificate.tbs_certificate();
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: octets(HashAlg::Sha256.digest(&to_der(certificate))),
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                serial_number: tbs.serial_number().clone(),
            }),
        }],
    };
    let time = Time::try_from(signing_time)
        .map_err(|e| CmsError::Malformed(format!("the signing time: {e}")))?;
    let mut attrs = SetOfVec::new();
    for attr in [
        attribute(oids::ID_CONTENT_TYPE, &content_type),
        attribute(oids::ID_MESSAGE_DIGEST, &octets(digest.to_vec())),
        attribute(oids::ID_SIGNING_TIME, &time),
        attribute(oids::ID_AA_SIGNING_CERTIFICATE_V_2, &ess),
    ] {
        attrs.insert(attr).expect("four distinct attributes");
    }
    let signature = signer.sign(&to_der(&attrs))?;
    Ok(SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: hash.identifier(),
        signed_attrs: Some(attrs),
        signature_algorithm: signer.algorithm().identifier(),
        signature: octets(signature),
        unsigned_attrs: None,
    })
}

fn octets(bytes: Vec<u8>) -> OctetString {
    OctetString::new(bytes).expect("an OCTET STRING of any length")
}

fn attribute<T: der::Tagged + der::EncodeValue>(oid: ObjectIdentifier, value: &T) -> Attribute {
    let mut values = SetOfVec::new();
    values
        .insert(Any::encode_from(value).expect("an attribute value encodes"))
        .expect("one value");
    Attribute { oid, values }
}

/// What was found about one signer.
#[derive(Clone, Debug, Serialize)]
pub struct SignerReport {
    /// The signer's certificate, when the file (or the caller) carried it.
    pub certificate: Option<CertificateSummary>,
    pub digest_algorithm: Option<HashAlg>,
    pub signature_algorithm: Option<SignatureAlgorithm>,
    /// From the signing-time attribute, RFC 3339.
    pub signing_time: Option<String>,
    /// Content type, digest, signature and signing certificate all check out.
    pub intact: bool,
    /// Why not, when not intact.
    pub problem: Option<String>,
    /// Made with a legacy algorithm, accepted only because `--allow-legacy` was given.
    pub legacy: bool,
    /// Counter-signatures on this signature, checked the same way.
    pub countersignatures: Vec<SignerReport>,
    #[serde(skip)]
    pub signer: Option<Certificate>,
    #[serde(skip)]
    pub signing_system_time: Option<SystemTime>,
    #[serde(skip)]
    pub error: Option<CmsErrorKind>,
}

/// The kind of failure, kept so that a caller can turn a report into an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmsErrorKind {
    CertificateMissing,
    DigestMismatch,
    SignatureInvalid,
    Legacy,
    BadAttributes,
    Unsupported,
}

/// Checks one SignerInfo, given as its raw encoding, against the content digests
/// computed while reading (`digests`), with the certificates the file carried.
/// `econtent_type` is the content's type; `None` for a counter-signature, which must
/// not carry one.
pub fn verify(
    raw: &[u8],
    econtent_type: Option<ObjectIdentifier>,
    digests: &[(HashAlg, Vec<u8>)],
    certificates: &[Certificate],
    allow_legacy: bool,
) -> Result<SignerReport, CmsError> {
    let info: SignerInfo = super::algorithms::decode_ber(raw, "a signer info")?;
    let mut report = SignerReport {
        certificate: None,
        digest_algorithm: None,
        signature_algorithm: None,
        signing_time: None,
        intact: false,
        problem: None,
        legacy: false,
        countersignatures: Vec::new(),
        signer: None,
        signing_system_time: None,
        error: None,
    };
    let check = check_signer(
        raw,
        &info,
        econtent_type,
        digests,
        certificates,
        allow_legacy,
        &mut report,
    );
    match check {
        Ok(()) => report.intact = true,
        Err((kind, problem)) => {
            report.error = Some(kind);
            report.problem = Some(problem);
        }
    }
    report.countersignatures = countersignatures(&info, certificates, allow_legacy)?;
    Ok(report)
}

type Failure = (CmsErrorKind, String);

#[allow(clippy::too_many_arguments)]
fn check_signer(
    raw: &[u8],
    info: &SignerInfo,
    econtent_type: Option<ObjectIdentifier>,
    digests: &[(HashAlg, Vec<u8>)],
    certificates: &[Certificate],
    allow_legacy: bool,
    report: &mut SignerReport,
) -> Result<(), Failure> {
    let unsupported = |e: crate::algorithms::AlgorithmError| match e {
        crate::algorithms::AlgorithmError::Legacy(_) | crate::algorithms::AlgorithmError::Md5 => {
            (CmsErrorKind::Legacy, e.to_string())
        }
        _ => (CmsErrorKind::Unsupported, e.to_string()),
    };
    let hash = HashAlg::from_identifier(&info.digest_alg).map_err(unsupported)?;
    report.digest_algorithm = Some(hash);
    let algorithm = SignatureAlgorithm::from_identifier(&info.signature_algorithm, Some(hash))
        .map_err(unsupported)?;
    report.signature_algorithm = Some(algorithm);
    if hash.is_legacy() || algorithm.hash().is_legacy() {
        if !allow_legacy {
            return Err(unsupported(crate::algorithms::AlgorithmError::Legacy(
                "SHA-1",
            )));
        }
        report.legacy = true;
    }
    let signer = find_certificate(&info.sid, certificates).ok_or((
        CmsErrorKind::CertificateMissing,
        "the signer's certificate is not in the file".to_owned(),
    ))?;
    report.certificate = Some(CertificateSummary::of(signer));
    report.signer = Some(signer.clone());
    if let Ok(KeyAlgorithm::Rsa { bits }) =
        KeyAlgorithm::of(signer.tbs_certificate().subject_public_key_info())
        && bits < 2048
    {
        if !allow_legacy {
            return Err((
                CmsErrorKind::Legacy,
                format!(
                    "an RSA key of {bits} bits is too weak; use --allow-legacy to read it anyway"
                ),
            ));
        }
        report.legacy = true;
    }
    let digest = digests
        .iter()
        .find(|(h, _)| *h == hash)
        .map(|(_, d)| d.as_slice())
        .ok_or((
            CmsErrorKind::BadAttributes,
            format!("the file does not list {hash} among its digest algorithms"),
        ))?;
    let spki = signer.tbs_certificate().subject_public_key_info();
    let signed_attrs = match &info.signed_attrs {
        None => {
            // Without signed attributes the signature covers the content itself; only
            // the digest is known here, so that form is checked by the caller's digest.
            return Err((
                CmsErrorKind::Unsupported,
                "a signature without signed attributes cannot be checked in a stream".to_owned(),
            ));
        }
        Some(attrs) => attrs,
    };
    check_attributes(signed_attrs, econtent_type, digest, signer, report)?;
    let encodings = signed_attr_encodings(raw, signed_attrs);
    let verified = encodings
        .iter()
        .any(|bytes| verify_signature(spki, algorithm, bytes, info.signature.as_bytes()).is_ok());
    if !verified {
        return Err((
            CmsErrorKind::SignatureInvalid,
            "the signature does not verify with the signer's certificate".to_owned(),
        ));
    }
    Ok(())
}

/// The certificate a SignerIdentifier names.
pub(crate) fn find_certificate<'c>(
    sid: &SignerIdentifier,
    certificates: &'c [Certificate],
) -> Option<&'c Certificate> {
    certificates.iter().find(|c| {
        let tbs = c.tbs_certificate();
        match sid {
            SignerIdentifier::IssuerAndSerialNumber(isn) => {
                tbs.issuer() == &isn.issuer && tbs.serial_number() == &isn.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => {
                let from_extension = tbs
                    .get_extension::<SubjectKeyIdentifier>()
                    .ok()
                    .flatten()
                    .map(|(_, k)| k.0.as_bytes().to_vec());
                let computed = crate::x509::key_identifier(tbs.subject_public_key_info());
                from_extension.as_deref() == Some(ski.0.as_bytes()) || computed == ski.0.as_bytes()
            }
        }
    })
}

fn values(attrs: &SetOfVec<Attribute>, oid: ObjectIdentifier) -> Result<Option<&Any>, Failure> {
    let mut found = attrs.iter().filter(|a| a.oid == oid);
    let Some(attr) = found.next() else {
        return Ok(None);
    };
    if found.next().is_some() || attr.values.len() != 1 {
        return Err((
            CmsErrorKind::BadAttributes,
            format!("the signed attribute {oid} must appear once with one value"),
        ));
    }
    Ok(attr.values.iter().next())
}

fn check_attributes(
    attrs: &SetOfVec<Attribute>,
    econtent_type: Option<ObjectIdentifier>,
    digest: &[u8],
    signer: &Certificate,
    report: &mut SignerReport,
) -> Result<(), Failure> {
    let bad = |what: &str| (CmsErrorKind::BadAttributes, what.to_owned());
    let content_type = values(attrs, oids::ID_CONTENT_TYPE)?
        .map(|v| v.decode_as::<ObjectIdentifier>())
        .transpose()
        .map_err(|_| bad("the content-type attribute is malformed"))?;
    match (econtent_type, content_type) {
        (Some(expected), Some(signed)) if expected == signed => {}
        (Some(_), Some(_)) => return Err(bad("the signed content type is not the content's type")),
        (Some(_), None) => return Err(bad("the signed attributes lack the content type")),
        (None, Some(_)) => return Err(bad("a counter-signature must not sign a content type")),
        (None, None) => {}
    }
    let signed_digest: OctetString = values(attrs, oids::ID_MESSAGE_DIGEST)?
        .ok_or_else(|| bad("the signed attributes lack the message digest"))?
        .decode_as()
        .map_err(|_| bad("the message-digest attribute is malformed"))?;
    if signed_digest.as_bytes() != digest {
        return Err((
            CmsErrorKind::DigestMismatch,
            "the content was changed after it was signed: its digest does not match".to_owned(),
        ));
    }
    if let Some(time) = values(attrs, oids::ID_SIGNING_TIME)? {
        let time: Time = time
            .decode_as()
            .map_err(|_| bad("the signing-time attribute is malformed"))?;
        report.signing_system_time = Some(time.to_system_time());
        report.signing_time = Some(crate::x509::rfc3339(time.to_date_time()));
    }
    let cert_der = to_der(signer);
    if let Some(v2) = values(attrs, oids::ID_AA_SIGNING_CERTIFICATE_V_2)? {
        let v2: SigningCertificateV2 = v2
            .decode_as()
            .map_err(|_| bad("the signing-certificate-v2 attribute is malformed"))?;
        let first = v2
            .certs
            .first()
            .ok_or_else(|| bad("the signing-certificate-v2 attribute is empty"))?;
        let hash = match &first.hash_algorithm {
            None => HashAlg::Sha256,
            Some(id) => HashAlg::from_identifier(id)
                .map_err(|e| (CmsErrorKind::Unsupported, e.to_string()))?,
        };
        if hash.digest(&cert_der) != first.cert_hash.as_bytes() {
            return Err(bad(
                "the signed attributes name another signing certificate",
            ));
        }
    } else if let Some(v1) = values(attrs, oids::ID_AA_SIGNING_CERTIFICATE)? {
        let v1: SigningCertificate = v1
            .decode_as()
            .map_err(|_| bad("the signing-certificate attribute is malformed"))?;
        let first = v1
            .certs
            .first()
            .ok_or_else(|| bad("the signing-certificate attribute is empty"))?;
        if HashAlg::Sha1.digest(&cert_der) != first.cert_hash.as_bytes() {
            return Err(bad(
                "the signed attributes name another signing certificate",
            ));
        }
    }
    Ok(())
}

/// The encodings of the signed attributes that a signature may cover: the bytes as
/// received (re-tagged as a SET), and their DER re-encoding when that differs (the
/// signer should have signed DER; some signers sign what they sent).
fn signed_attr_encodings(raw: &[u8], attrs: &SetOfVec<Attribute>) -> Vec<Vec<u8>> {
    let mut encodings = Vec::new();
    if let Some(received) = received_signed_attrs(raw) {
        encodings.push(received);
    }
    let der = to_der(attrs);
    if !encodings.contains(&der) {
        encodings.push(der);
    }
    encodings
}

/// The `[0] IMPLICIT SignedAttributes` of a raw SignerInfo, with the SET tag restored.
fn received_signed_attrs(raw: &[u8]) -> Option<Vec<u8>> {
    let mut reader = BerReader::new(raw);
    reader.enter(Tag::SEQUENCE).ok()?;
    for _ in 0..3 {
        reader.skip_element().ok()?;
    }
    let header = reader.peek_header().ok()?;
    if header.tag != Tag::context(0) || header.length.is_none() {
        return None;
    }
    let mut bytes = reader.read_element_bytes(raw.len()).ok()?;
    bytes[0] = 0x31;
    Some(bytes)
}

/// The counter-signatures (RFC 5652 section 11.4) in a SignerInfo's unsigned
/// attributes: each signs the signature value of its parent.
fn countersignatures(
    info: &SignerInfo,
    certificates: &[Certificate],
    allow_legacy: bool,
) -> Result<Vec<SignerReport>, CmsError> {
    let Some(unsigned) = &info.unsigned_attrs else {
        return Ok(Vec::new());
    };
    let mut reports = Vec::new();
    for attr in unsigned
        .iter()
        .filter(|a| a.oid == oids::ID_COUNTERSIGNATURE)
    {
        for value in attr.values.iter() {
            let raw = to_der(value);
            let counter: SignerInfo = super::algorithms::decode_ber(&raw, "a counter-signature")?;
            let digest = HashAlg::from_identifier(&counter.digest_alg)
                .map(|h| vec![(h, h.digest(info.signature.as_bytes()))])
                .unwrap_or_default();
            // A counter-signature has no content type (RFC 5652 section 11.4).
            reports.push(verify(&raw, None, &digest, certificates, allow_legacy)?);
        }
    }
    Ok(reports)
}

impl SignerReport {
    /// The error for a signer that is not intact.
    pub fn to_error(&self) -> Option<CmsError> {
        let signer = self
            .certificate
            .as_ref()
            .map(|c| format!("'{}'", c.subject))
            .unwrap_or_else(|| "the signer".to_owned());
        Some(match self.error? {
            CmsErrorKind::CertificateMissing => CmsError::SignerCertificateMissing,
            CmsErrorKind::DigestMismatch => CmsError::DigestMismatch { signer },
            CmsErrorKind::SignatureInvalid => CmsError::SignatureInvalid { signer },
            CmsErrorKind::Legacy | CmsErrorKind::BadAttributes | CmsErrorKind::Unsupported => {
                CmsError::BadSignedAttributes(format!(
                    "the signature of {signer} cannot be accepted: {}",
                    self.problem.as_deref().unwrap_or("unknown reason")
                ))
            }
        })
    }
}
