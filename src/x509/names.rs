//! Distinguished names and the extensions that epct asks for and writes.

use std::str::FromStr;

use der::asn1::Ia5String;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectAltName};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;

use super::X509Error;
use super::public_key::KeyAlgorithm;
use crate::oids;

/// A distinguished name written as RFC 4514 (`CN=Name,O=Authority,C=BE`) or the
/// OpenSSL way (`/C=BE/O=Authority, Unit/CN=Name`, as `openssl req -subj` reads it).
pub(crate) fn parse_name(dn: &str) -> Result<Name, X509Error> {
    let bad = |reason: String| X509Error::BadName {
        dn: dn.to_owned(),
        reason,
    };
    let rfc4514 = match dn.strip_prefix('/') {
        Some(slashed) => openssl_to_rfc4514(slashed),
        None => dn.to_owned(),
    };
    if rfc4514.trim().is_empty() {
        return Err(bad("it is empty".to_owned()));
    }
    Name::from_str(&rfc4514).map_err(|e| bad(e.to_string()))
}

/// The OpenSSL spelling of a name, its leading `/` taken off, in RFC 4514: OpenSSL puts
/// `/` between the RDNs (the most significant first), `+` between the values of one
/// RDN, and reads a character after `\` as it is; every other character of a value is
/// the value's own, so a `,` or `;` in it is escaped here.
fn openssl_to_rfc4514(slashed: &str) -> String {
    let mut rdns = vec![String::new()];
    let mut in_value = false;
    let mut chars = slashed.chars();
    while let Some(c) = chars.next() {
        let rdn = rdns.last_mut().expect("one RDN at least");
        match c {
            '/' => {
                rdns.push(String::new());
                in_value = false;
            }
            '+' => {
                rdn.push('+');
                in_value = false;
            }
            '=' if !in_value => {
                rdn.push('=');
                in_value = true;
            }
            '\\' => {
                if let Some(next) = chars.next() {
                    push_escaped(rdn, next);
                }
            }
            c if in_value => push_escaped(rdn, c),
            c => rdn.push(c),
        }
    }
    rdns.reverse();
    rdns.join(",")
}

/// Pushes one character of a value, escaped as RFC 4514 section 2.4 allows.
fn push_escaped(out: &mut String, c: char) {
    if matches!(
        c,
        ' ' | '"' | '#' | '=' | '\\' | '+' | ',' | ';' | '<' | '>'
    ) {
        out.push('\\');
    }
    out.push(c);
}

/// A subjectAltName with these e-mail addresses, if any.
pub(crate) fn email_names(emails: &[String]) -> Result<Option<SubjectAltName>, X509Error> {
    if emails.is_empty() {
        return Ok(None);
    }
    let names = emails
        .iter()
        .map(|e| {
            if !e.contains('@') {
                return Err(X509Error::Malformed {
                    what: "e-mail address",
                    reason: format!("'{e}' has no '@'"),
                });
            }
            Ia5String::new(e)
                .map(GeneralName::Rfc822Name)
                .map_err(X509Error::malformed("e-mail address"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(SubjectAltName(names)))
}

/// keyUsage and extendedKeyUsage for a key that signs files and receives them: RSA
/// keys encipher content keys, EC keys agree on them, unless `agrees` is false (an EC
/// key on a token without ECDH signs only).
pub(crate) fn usage_extensions(
    spki: &SubjectPublicKeyInfoOwned,
    agrees: bool,
) -> Result<Vec<Extension>, X509Error> {
    let sign = KeyUsages::DigitalSignature | KeyUsages::NonRepudiation;
    let usage = KeyUsage(match KeyAlgorithm::of(spki)? {
        KeyAlgorithm::Rsa { .. } => sign | KeyUsages::KeyEncipherment,
        KeyAlgorithm::Ec { .. } if agrees => sign | KeyUsages::KeyAgreement,
        KeyAlgorithm::Ec { .. } => sign,
    });
    let subject = Name::default();
    let failed = X509Error::malformed("extension");
    Ok(vec![
        usage.to_extension(&subject, &[]).map_err(&failed)?,
        ExtendedKeyUsage(vec![oids::ID_KP_EMAIL_PROTECTION])
            .to_extension(&subject, &[])
            .map_err(&failed)?,
    ])
}

/// The country (C=) of a certificate's subject, if it names one.
pub fn subject_country(cert: &x509_cert::Certificate) -> Option<String> {
    let country = cert.tbs_certificate().subject().country().ok()??;
    Some(country.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_dn_spellings_give_the_same_name() {
        let a = parse_name("CN=Jane Doe,O=Ministry,C=BE").unwrap();
        let b = parse_name("/C=BE/O=Ministry/CN=Jane Doe").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_string(), "CN=Jane Doe,O=Ministry,C=BE");
    }

    #[test]
    fn an_openssl_value_may_hold_commas_plus_signs_and_escapes() {
        let name =
            parse_name("/C=FR/O=Ministère de l'Intérieur, Élections/CN=A\\/B+serialNumber=7")
                .unwrap();
        assert_eq!(
            name.to_string(),
            "SERIALNUMBER=7+CN=A/B,O=Ministère de l'Intérieur\\, Élections,C=FR"
        );
        assert_eq!(
            name,
            parse_name("CN=A/B+serialNumber=7,O=Ministère de l'Intérieur\\, Élections,C=FR")
                .unwrap()
        );
    }

    #[test]
    fn malformed_names_are_refused() {
        for dn in ["", "CN", "XX=1", "/"] {
            assert!(parse_name(dn).is_err(), "{dn}");
        }
    }
}
