//! The enveloped XML signature of a trusted list (ETSI TS 119 612 clause 5.7, XAdES
//! baseline B), checked against certificates the caller trusts.
//!
//! Accepted: exactly one `ds:Signature`, a child of the list's root; one reference to
//! the whole list with the enveloped-signature transform, then a canonicalization or
//! none (Canonical XML 1.0 applies then); one reference to the XAdES SignedProperties
//! inside that signature, with a canonicalization or none; SignedInfo canonicalised by
//! Canonical XML 1.0 or exclusive canonicalization, each with or without comments;
//! SHA-2 digests; RSA (PKCS#1 v1.5 or PSS) or ECDSA signatures. SHA-1 and RSA keys
//! under 2048 bits only with `allow_legacy`, and the signature then says so. Anything
//! else is refused. The certificate inside the signature is never trusted: it only
//! names the signer when the check fails.

use serde::Serialize;
use x509_cert::Certificate;

use super::TrustError;
use super::c14n::{Method, Subset, canonicalize};
use super::tl::{TrustedList, decode_base64};
use super::xml::{self, Document, Element};
use crate::algorithms::{HashAlg, SignatureAlgorithm};
use crate::x509::{Curve, KeyAlgorithm, same_key, verify_signature};

const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
const C14N: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
const C14N_WITH_COMMENTS: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const EXC_C14N_WITH_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const SIGNED_PROPERTIES: &str = "http://uri.etsi.org/01903#SignedProperties";
const XADES_NS: &str = "http://uri.etsi.org/01903/v1.3.2#";

/// A verified list signature.
#[derive(Clone, Debug, Serialize)]
pub struct ListSignature {
    /// The trusted certificate whose key made the signature.
    #[serde(skip)]
    pub signer: Certificate,
    /// The signer's subject; in JSON `signer`, as in every report.
    #[serde(rename = "signer")]
    pub signer_subject: String,
    /// The XAdES SigningTime, as written.
    pub signing_time: Option<String>,
    /// It took `allow_legacy` to accept it (SHA-1, or an RSA key under 2048 bits).
    pub legacy: bool,
}

/// A trusted list that was read but whose signature is not checked yet.
pub struct UnverifiedList {
    doc: Document,
    /// What the list says; not to be believed before [`UnverifiedList::verify`].
    pub list: TrustedList,
}

impl UnverifiedList {
    pub fn read(bytes: &[u8]) -> Result<UnverifiedList, TrustError> {
        let doc = xml::parse(bytes)?;
        let list = TrustedList::from_document(&doc)?;
        Ok(UnverifiedList { doc, list })
    }

    /// Checks the list's signature against `trusted` certificates: succeeds when one of
    /// them made it. SHA-1 and RSA keys under 2048 bits are accepted only with
    /// `allow_legacy`.
    pub fn verify(
        &self,
        trusted: &[Certificate],
        allow_legacy: bool,
    ) -> Result<ListSignature, TrustError> {
        verify(&self.doc, trusted, allow_legacy)
    }
}

fn verify(
    doc: &Document,
    trusted: &[Certificate],
    allow_legacy: bool,
) -> Result<ListSignature, TrustError> {
    let signatures: Vec<&Element> = doc
        .root
        .descendants()
        .into_iter()
        .filter(|e| e.is(DS, "Signature"))
        .collect();
    let signature = match signatures[..] {
        [] => return Err(TrustError::Unsigned),
        [one] => one,
        _ => return Err(TrustError::SeveralSignatures(signatures.len())),
    };
    if !doc.root.elements().any(|e| std::ptr::eq(e, signature)) {
        return Err(structure(
            "the signature is not a child of the list's root element",
        ));
    }
    let signed_info = child(signature, "SignedInfo")?;
    let (method, comments) = canonicalization(child(signed_info, "CanonicalizationMethod")?)?;
    let signed_info_bytes = canonicalize(doc, Subset::Element(signed_info), &method, comments);
    let algorithm = signature_algorithm(algorithm_of(child(signed_info, "SignatureMethod")?)?)?;
    let mut legacy = legacy_hash(algorithm.hash(), allow_legacy)?;

    let mut whole_list = false;
    let mut signed_properties = None;
    for reference in signed_info.all(DS, "Reference") {
        let uri = reference
            .attribute("URI")
            .ok_or_else(|| structure("a reference has no URI"))?;
        let transforms: Vec<&Element> = match reference.first(DS, "Transforms") {
            Some(t) => t.all(DS, "Transform").collect(),
            None => Vec::new(),
        };
        let transform_names = transforms
            .iter()
            .map(|t| algorithm_of(t))
            .collect::<Result<Vec<_>, _>>()?;
        let root_id = doc.root.attribute("Id");
        let is_whole_list = uri.is_empty() || (uri.starts_with('#') && root_id == Some(&uri[1..]));
        // Both kinds of reference are same-document ones ("" or "#id"), which leave out
        // comments whatever the canonicalization (XML Signature 1.1, 4.4.3.3).
        let (octets, part) = if is_whole_list {
            if whole_list {
                return Err(structure("the list is referenced twice"));
            }
            let method = match transforms[..] {
                [_] if transform_names[0] == ENVELOPED => Method::Inclusive,
                [_, c14n] if transform_names[0] == ENVELOPED => canonicalization(c14n)?.0,
                _ => return Err(unsupported_transforms(&transform_names)),
            };
            whole_list = true;
            let octets = canonicalize(doc, Subset::DocumentWithout(signature), &method, false);
            (octets, "the list")
        } else {
            let target = signed_properties_target(doc, signature, reference, uri)?;
            if signed_properties.is_some() {
                return Err(structure("the SignedProperties are referenced twice"));
            }
            let method = match transforms[..] {
                [] => Method::Inclusive,
                [c14n] => canonicalization(c14n)?.0,
                _ => return Err(unsupported_transforms(&transform_names)),
            };
            signed_properties = Some(target);
            let octets = canonicalize(doc, Subset::Element(target), &method, false);
            (
                octets,
                "the signed properties (signing time, signing certificate)",
            )
        };
        let digest_method = digest_algorithm(algorithm_of(child(reference, "DigestMethod")?)?)?;
        legacy |= legacy_hash(digest_method, allow_legacy)?;
        let expected = decode_base64(&child(reference, "DigestValue")?.text())
            .ok_or_else(|| structure("a DigestValue is not base64"))?;
        if digest_method.digest(&octets) != expected {
            return Err(TrustError::Altered { part });
        }
    }
    if !whole_list {
        return Err(structure("the signature does not cover the whole list"));
    }
    let signed_properties = signed_properties
        .ok_or_else(|| structure("the signature has no XAdES SignedProperties"))?;

    let value = decode_base64(&child(signature, "SignatureValue")?.text())
        .ok_or_else(|| structure("the SignatureValue is not base64"))?;
    for cert in trusted {
        let spki = cert.tbs_certificate().subject_public_key_info();
        let Ok(value) = signature_value(spki_curve(cert), algorithm, &value) else {
            continue;
        };
        if verify_signature(spki, algorithm, &signed_info_bytes, &value).is_ok() {
            let signer_subject = cert.tbs_certificate().subject().to_string();
            if let Ok(KeyAlgorithm::Rsa { bits }) = KeyAlgorithm::of(spki)
                && bits < MIN_RSA_BITS
            {
                if !allow_legacy {
                    return Err(TrustError::WeakListKey {
                        signer: signer_subject,
                        bits,
                    });
                }
                legacy = true;
            }
            return Ok(ListSignature {
                signer: cert.clone(),
                signer_subject,
                signing_time: signing_time(signed_properties),
                legacy,
            });
        }
    }
    Err(why_not(signature, trusted))
}

/// Tells a signature by another key from a damaged one, by the certificate that the
/// signature names (which is not trusted for anything else).
fn why_not(signature: &Element, trusted: &[Certificate]) -> TrustError {
    let named: Vec<Certificate> = signature
        .first(DS, "KeyInfo")
        .and_then(|k| k.first(DS, "X509Data"))
        .map(|d| {
            d.all(DS, "X509Certificate")
                .filter_map(|c| decode_base64(&c.text()))
                .filter_map(|der| der::Decode::from_der(&der).ok())
                .collect()
        })
        .unwrap_or_default();
    let key = |c: &Certificate| c.tbs_certificate().subject_public_key_info().clone();
    for cert in &named {
        if let Some(known) = trusted.iter().find(|t| same_key(&key(t), &key(cert))) {
            return TrustError::BadSignatureValue {
                signer: known.tbs_certificate().subject().to_string(),
            };
        }
    }
    TrustError::SignerNotTrusted {
        signer: named
            .first()
            .map(|c| c.tbs_certificate().subject().to_string())
            .unwrap_or_else(|| "a key that the signature does not name".to_owned()),
        allowed: trusted
            .iter()
            .map(|c| c.tbs_certificate().subject().to_string())
            .collect::<Vec<_>>()
            .join(" and "),
    }
}

fn structure(reason: &'static str) -> TrustError {
    TrustError::BadSignatureStructure { reason }
}

fn child<'a>(parent: &'a Element, local: &'static str) -> Result<&'a Element, TrustError> {
    parent
        .first(DS, local)
        .ok_or(TrustError::BadSignatureStructure {
            reason: match local {
                "SignedInfo" => "the signature has no SignedInfo",
                "CanonicalizationMethod" => "SignedInfo has no CanonicalizationMethod",
                "SignatureMethod" => "SignedInfo has no SignatureMethod",
                "SignatureValue" => "the signature has no SignatureValue",
                "DigestMethod" => "a reference has no DigestMethod",
                "DigestValue" => "a reference has no DigestValue",
                _ => "an element of the signature is missing",
            },
        })
}

fn algorithm_of(element: &Element) -> Result<&str, TrustError> {
    element
        .attribute("Algorithm")
        .ok_or_else(|| structure("an algorithm is not named"))
}

/// The canonicalization that a CanonicalizationMethod or Transform names, and whether
/// it keeps comments; an exclusive one with its InclusiveNamespaces PrefixList.
fn canonicalization(element: &Element) -> Result<(Method, bool), TrustError> {
    let algorithm = algorithm_of(element)?;
    let exclusive = || Method::Exclusive {
        prefixes: element
            .elements()
            .find(|e| e.local == "InclusiveNamespaces" && e.namespace == EXC_C14N)
            .and_then(|e| e.attribute("PrefixList"))
            .map(|list| list.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default(),
    };
    Ok(match algorithm {
        C14N => (Method::Inclusive, false),
        C14N_WITH_COMMENTS => (Method::Inclusive, true),
        EXC_C14N => (exclusive(), false),
        EXC_C14N_WITH_COMMENTS => (exclusive(), true),
        other => return Err(TrustError::UnsupportedXmlAlgorithm(other.to_owned())),
    })
}

fn unsupported_transforms(names: &[&str]) -> TrustError {
    TrustError::UnsupportedXmlAlgorithm(if names.is_empty() {
        "no transform on the whole list (an enveloped signature needs the enveloped-signature transform)".to_owned()
    } else {
        format!("the transforms {}", names.join(" then "))
    })
}

/// RSA keys shorter than this are legacy.
const MIN_RSA_BITS: usize = 2048;

/// Whether `hash` is a legacy one; an error when it is and legacy is not allowed.
fn legacy_hash(hash: HashAlg, allow_legacy: bool) -> Result<bool, TrustError> {
    match (hash.is_legacy(), allow_legacy) {
        (false, _) => Ok(false),
        (true, true) => Ok(true),
        (true, false) => Err(TrustError::LegacyXmlAlgorithm("SHA-1")),
    }
}

/// The SignedProperties element that a `#id` reference points to: exactly one element
/// has that Id, and it is the XAdES SignedProperties of this signature.
fn signed_properties_target<'a>(
    doc: &'a Document,
    signature: &'a Element,
    reference: &Element,
    uri: &str,
) -> Result<&'a Element, TrustError> {
    let id = uri
        .strip_prefix('#')
        .ok_or_else(|| structure("a reference points outside the list"))?;
    if reference.attribute("Type") != Some(SIGNED_PROPERTIES) {
        return Err(structure(
            "a reference is neither the whole list nor the SignedProperties",
        ));
    }
    let holders: Vec<&Element> = doc
        .root
        .descendants()
        .into_iter()
        .filter(|e| e.attribute("Id") == Some(id))
        .collect();
    match holders[..] {
        [target]
            if target.is(XADES_NS, "SignedProperties")
                && signature
                    .descendants()
                    .iter()
                    .any(|e| std::ptr::eq(*e, target)) =>
        {
            Ok(target)
        }
        [_] => Err(structure(
            "the SignedProperties reference does not point to this signature's SignedProperties",
        )),
        [] => Err(structure("a reference points to no element")),
        _ => Err(structure("several elements carry the referenced Id")),
    }
}

fn signing_time(signed_properties: &Element) -> Option<String> {
    signed_properties
        .first(XADES_NS, "SignedSignatureProperties")?
        .first(XADES_NS, "SigningTime")
        .map(Element::text)
}

fn digest_algorithm(uri: &str) -> Result<HashAlg, TrustError> {
    match uri {
        "http://www.w3.org/2000/09/xmldsig#sha1" => Ok(HashAlg::Sha1),
        "http://www.w3.org/2001/04/xmlenc#sha256" => Ok(HashAlg::Sha256),
        "http://www.w3.org/2001/04/xmldsig-more#sha384" => Ok(HashAlg::Sha384),
        "http://www.w3.org/2001/04/xmlenc#sha512" => Ok(HashAlg::Sha512),
        other => Err(TrustError::UnsupportedXmlAlgorithm(other.to_owned())),
    }
}

fn signature_algorithm(uri: &str) -> Result<SignatureAlgorithm, TrustError> {
    use SignatureAlgorithm::*;
    const MORE: &str = "http://www.w3.org/2001/04/xmldsig-more#";
    const MORE_2007: &str = "http://www.w3.org/2007/05/xmldsig-more#";
    const DS_BASE: &str = "http://www.w3.org/2000/09/xmldsig#";
    let (base, name) = uri.split_at(uri.rfind('#').map_or(0, |i| i + 1));
    Ok(match (base, name) {
        (DS_BASE, "rsa-sha1") => RsaPkcs1v15(HashAlg::Sha1),
        (MORE, "ecdsa-sha1") => Ecdsa(HashAlg::Sha1),
        (MORE, "rsa-sha256") => RsaPkcs1v15(HashAlg::Sha256),
        (MORE, "rsa-sha384") => RsaPkcs1v15(HashAlg::Sha384),
        (MORE, "rsa-sha512") => RsaPkcs1v15(HashAlg::Sha512),
        (MORE, "ecdsa-sha256") => Ecdsa(HashAlg::Sha256),
        (MORE, "ecdsa-sha384") => Ecdsa(HashAlg::Sha384),
        (MORE, "ecdsa-sha512") => Ecdsa(HashAlg::Sha512),
        (MORE_2007, "sha256-rsa-MGF1") => SignatureAlgorithm::rsa_pss(HashAlg::Sha256),
        (MORE_2007, "sha384-rsa-MGF1") => SignatureAlgorithm::rsa_pss(HashAlg::Sha384),
        (MORE_2007, "sha512-rsa-MGF1") => SignatureAlgorithm::rsa_pss(HashAlg::Sha512),
        _ => return Err(TrustError::UnsupportedXmlAlgorithm(uri.to_owned())),
    })
}

fn spki_curve(cert: &Certificate) -> Option<Curve> {
    match KeyAlgorithm::of(cert.tbs_certificate().subject_public_key_info()) {
        Ok(KeyAlgorithm::Ec { curve }) => Some(curve),
        _ => None,
    }
}

/// The signature as `verify_signature` takes it: XML Signature writes ECDSA as r || s,
/// CMS and X.509 as DER.
fn signature_value(
    curve: Option<Curve>,
    algorithm: SignatureAlgorithm,
    value: &[u8],
) -> Result<Vec<u8>, ()> {
    let SignatureAlgorithm::Ecdsa(_) = algorithm else {
        return Ok(value.to_vec());
    };
    match curve {
        Some(Curve::P256) if value.len() == 64 => p256::ecdsa::Signature::from_slice(value)
            .map(|s| s.to_der().as_bytes().to_vec())
            .map_err(|_| ()),
        Some(Curve::P384) if value.len() == 96 => p384::ecdsa::Signature::from_slice(value)
            .map(|s| s.to_der().as_bytes().to_vec())
            .map_err(|_| ()),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::test_data;
    use crate::trust::tl::TrustedList;
    use crate::trust::xml::parse;
    use crate::x509::read_certificate;

    fn lotl_signer() -> Certificate {
        let pem = std::fs::read(test_data("EU-lotl-signer-2019.pem")).unwrap();
        read_certificate(&pem, "pem").unwrap()
    }

    #[test]
    fn the_real_lotl_verifies_with_its_pinned_signer() {
        let doc = parse(&std::fs::read(test_data("EU-lotl-2019-09-04.xml")).unwrap()).unwrap();
        let signature = verify(&doc, &[lotl_signer()], false).unwrap();
        assert!(
            signature
                .signer_subject
                .contains("CN=Patrick Kremer (Signature)")
        );
        assert_eq!(
            signature.signing_time.as_deref(),
            Some("2019-09-04T09:42:21Z")
        );
    }

    #[test]
    fn the_real_sk_list_verifies_with_the_lotl_certificates_and_not_the_lotl_signer() {
        let lotl = parse(&std::fs::read(test_data("EU-lotl-2019-09-04.xml")).unwrap()).unwrap();
        let lotl = TrustedList::from_document(&lotl).unwrap();
        let allowed: Vec<Certificate> = lotl
            .signers_for("SK")
            .into_iter()
            .map(|der| der::Decode::from_der(der).unwrap())
            .collect();
        let sk = parse(&std::fs::read(test_data("SK-2019-08-23.xml")).unwrap()).unwrap();
        let signature = verify(&sk, &allowed, false).unwrap();
        assert!(
            signature
                .signer_subject
                .contains("CN=TL and Signature Policy List 6")
        );
        assert!(matches!(
            verify(&sk, &[lotl_signer()], false),
            Err(TrustError::SignerNotTrusted { .. })
        ));
    }

    #[test]
    fn ecdsa_values_are_converted_from_r_and_s() {
        let raw = [1u8; 64];
        let der = signature_value(
            Some(Curve::P256),
            SignatureAlgorithm::Ecdsa(HashAlg::Sha256),
            &raw,
        )
        .unwrap();
        assert_eq!(der[0], 0x30);
        assert!(
            signature_value(
                Some(Curve::P384),
                SignatureAlgorithm::Ecdsa(HashAlg::Sha384),
                &raw
            )
            .is_err()
        );
        assert!(signature_algorithm("http://www.w3.org/2000/09/xmldsig#dsa-sha1").is_err());
        assert!(digest_algorithm("http://www.w3.org/2001/04/xmldsig-more#md5").is_err());
    }
}
