//! SignerInfos: signed by a [`ContentSigner`] with the CAdES-BES signed attributes
//! (content type, message digest, signing time, ESS signing-certificate-v2) and, in a
//! sealed file, epct's recipient binding; and checked on the host.
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
use super::asn1::{
    EssCertIdV2, IssuerSerial, RecipientBinding, SigningCertificate, SigningCertificateV2,
};
use super::ber_reader::{BerReader, Tag};
use super::error::CmsError;
use super::keys::ContentSigner;
use super::signer_check::{AttributeProblem, SignerCheck, SignerFailure};
use super::time_stamp::{TimeStampReport, time_stamps};
use crate::algorithms::{AlgorithmError, HashAlg, SignatureAlgorithm};
use crate::oids;
use crate::x509::{CertificateSummary, KeyAlgorithm, verify_signature};

/// Makes the SignerInfo for content of `content_type` whose `hash` digest is `digest`,
/// signed by `signer`, the key of `certificate`, with the `binding` of a sealed file.
pub fn sign(
    signer: &dyn ContentSigner,
    certificate: &Certificate,
    content_type: ObjectIdentifier,
    digest: &[u8],
    signing_time: SystemTime,
    binding: Option<&RecipientBinding>,
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
    ]
    .into_iter()
    .chain(binding.map(|b| attribute(oids::ID_EPCT_AA_RECIPIENT_BINDING, b)))
    {
        attrs.insert(attr).expect("distinct attributes");
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
    /// Intact, or why not.
    #[serde(flatten)]
    pub check: SignerCheck,
    /// Counter-signatures on this signature, checked the same way.
    pub countersignatures: Vec<SignerReport>,
    /// Signature time-stamps (CAdES-T), checked for integrity.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub time_stamps: Vec<TimeStampReport>,
    #[serde(skip)]
    pub signer: Option<Certificate>,
    #[serde(skip)]
    pub signing_system_time: Option<SystemTime>,
    /// epct's recipient binding, when the signature carries one.
    #[serde(skip)]
    pub binding: Option<RecipientBinding>,
}

/// What a signature is checked against: the content's type (`None` for a
/// counter-signature, which must not carry one), the digests computed while reading,
/// and the certificates to find the signer among.
struct Expected<'a> {
    econtent_type: Option<ObjectIdentifier>,
    digests: &'a [(HashAlg, Vec<u8>)],
    certificates: &'a [Certificate],
    allow_legacy: bool,
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
    for (what, attributes) in [
        ("signed attributes", &info.signed_attrs),
        ("unsigned attributes", &info.unsigned_attrs),
    ] {
        let count = attributes.as_ref().map_or(0, |a| a.len());
        super::limits::at_most(what, count, super::limits::MAX_ATTRIBUTES)?;
    }
    let mut report = SignerReport {
        certificate: None,
        digest_algorithm: None,
        signature_algorithm: None,
        signing_time: None,
        check: SignerCheck::Intact { legacy: false },
        countersignatures: Vec::new(),
        time_stamps: Vec::new(),
        signer: None,
        signing_system_time: None,
        binding: None,
    };
    let expected = Expected {
        econtent_type,
        digests,
        certificates,
        allow_legacy,
    };
    report.check = match check_signer(raw, &info, &expected, &mut report) {
        Ok(legacy) => SignerCheck::Intact { legacy },
        Err(failure) => SignerCheck::Failed(failure),
    };
    report.countersignatures = countersignatures(&info, certificates, allow_legacy)?;
    report.time_stamps = time_stamps(&info, allow_legacy);
    Ok(report)
}

/// Checks the signature, filling in what it finds about the signer as it goes; `Ok`
/// says whether it took `--allow-legacy`.
fn check_signer(
    raw: &[u8],
    info: &SignerInfo,
    expected: &Expected<'_>,
    report: &mut SignerReport,
) -> Result<bool, SignerFailure> {
    let mut legacy = false;
    // The signer first: who signed is reported whatever its algorithms turn out to be.
    let signer = find_certificate(&info.sid, expected.certificates);
    if let Some(signer) = signer {
        report.certificate = Some(CertificateSummary::of(signer));
        report.signer = Some(signer.clone());
    }
    let hash = HashAlg::from_identifier(&info.digest_alg)?;
    report.digest_algorithm = Some(hash);
    let algorithm = SignatureAlgorithm::from_identifier(&info.signature_algorithm, Some(hash))?;
    report.signature_algorithm = Some(algorithm);
    if hash.is_legacy() || algorithm.hash().is_legacy() {
        if !expected.allow_legacy {
            return Err(SignerFailure::LegacyAlgorithm(AlgorithmError::Legacy(
                "SHA-1",
            )));
        }
        legacy = true;
    }
    let signer = signer.ok_or(SignerFailure::CertificateMissing)?;
    if let Ok(KeyAlgorithm::Rsa { bits }) =
        KeyAlgorithm::of(signer.tbs_certificate().subject_public_key_info())
    {
        if bits < 2048 {
            if !expected.allow_legacy {
                return Err(SignerFailure::WeakKey { bits });
            }
            legacy = true;
        }
        algorithm.check_rsa_key(bits)?;
    }
    let digest = expected
        .digests
        .iter()
        .find(|(h, _)| *h == hash)
        .map(|(_, d)| d.as_slice())
        .ok_or(AttributeProblem::DigestNotListed(hash))?;
    let spki = signer.tbs_certificate().subject_public_key_info();
    // Without signed attributes the signature covers the content itself, of which only
    // the digest is known here.
    let signed_attrs = info
        .signed_attrs
        .as_ref()
        .ok_or(SignerFailure::NoSignedAttributes)?;
    check_attributes(signed_attrs, expected.econtent_type, digest, signer, report)?;
    let encodings = signed_attr_encodings(raw, signed_attrs);
    let verified = encodings
        .iter()
        .any(|bytes| verify_signature(spki, algorithm, bytes, info.signature.as_bytes()).is_ok());
    if !verified {
        return Err(SignerFailure::SignatureInvalid);
    }
    Ok(legacy)
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

fn values(
    attrs: &SetOfVec<Attribute>,
    oid: ObjectIdentifier,
) -> Result<Option<&Any>, AttributeProblem> {
    let mut found = attrs.iter().filter(|a| a.oid == oid);
    let Some(attr) = found.next() else {
        return Ok(None);
    };
    if found.next().is_some() || attr.values.len() != 1 {
        return Err(AttributeProblem::NotSingle(oid));
    }
    Ok(attr.values.iter().next())
}

fn decode<'a, T: der::Choice<'a> + der::DecodeValue<'a>>(
    value: &'a Any,
    name: &'static str,
) -> Result<T, AttributeProblem> {
    value
        .decode_as()
        .map_err(|_| AttributeProblem::Malformed(name))
}

fn check_attributes(
    attrs: &SetOfVec<Attribute>,
    econtent_type: Option<ObjectIdentifier>,
    digest: &[u8],
    signer: &Certificate,
    report: &mut SignerReport,
) -> Result<(), SignerFailure> {
    let content_type = values(attrs, oids::ID_CONTENT_TYPE)?
        .map(|v| decode::<ObjectIdentifier>(v, "content-type"))
        .transpose()?;
    match (econtent_type, content_type) {
        (Some(expected), Some(signed)) if expected == signed => {}
        (Some(_), Some(_)) => return Err(AttributeProblem::ContentTypeMismatch.into()),
        (Some(_), None) => return Err(AttributeProblem::Missing("content type").into()),
        (None, Some(_)) => return Err(AttributeProblem::CountersignedContentType.into()),
        (None, None) => {}
    }
    let signed_digest: OctetString = decode(
        values(attrs, oids::ID_MESSAGE_DIGEST)?
            .ok_or(AttributeProblem::Missing("message digest"))?,
        "message-digest",
    )?;
    if signed_digest.as_bytes() != digest {
        return Err(SignerFailure::DigestMismatch);
    }
    if let Some(time) = values(attrs, oids::ID_SIGNING_TIME)? {
        let time: Time = decode(time, "signing-time")?;
        report.signing_system_time = Some(time.to_system_time());
        report.signing_time = Some(crate::x509::rfc3339(time.to_date_time()));
    }
    if let Some(binding) = values(attrs, oids::ID_EPCT_AA_RECIPIENT_BINDING)? {
        let binding: RecipientBinding = decode(binding, "recipient-binding")?;
        if binding.recipients.is_empty() {
            return Err(AttributeProblem::Empty("recipient-binding").into());
        }
        report.binding = Some(binding);
    }
    let cert_der = to_der(signer);
    let (hash, cert_hash) = if let Some(v2) = values(attrs, oids::ID_AA_SIGNING_CERTIFICATE_V_2)? {
        let v2: SigningCertificateV2 = decode(v2, "signing-certificate-v2")?;
        let first = v2
            .certs
            .into_iter()
            .next()
            .ok_or(AttributeProblem::Empty("signing-certificate-v2"))?;
        let hash = match &first.hash_algorithm {
            None => HashAlg::Sha256,
            Some(id) => {
                HashAlg::from_identifier(id).map_err(SignerFailure::UnsupportedAlgorithm)?
            }
        };
        (hash, first.cert_hash)
    } else if let Some(v1) = values(attrs, oids::ID_AA_SIGNING_CERTIFICATE)? {
        let v1: SigningCertificate = decode(v1, "signing-certificate")?;
        let first = v1
            .certs
            .into_iter()
            .next()
            .ok_or(AttributeProblem::Empty("signing-certificate"))?;
        (HashAlg::Sha1, first.cert_hash)
    } else {
        return Ok(());
    };
    if hash.digest(&cert_der) != cert_hash.as_bytes() {
        return Err(AttributeProblem::OtherSigningCertificate.into());
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
