//! X.509 certificates stored on a token beside their keys (same CKA_ID).

use cryptoki::object::{Attribute, AttributeType, CertificateType, ObjectClass, ObjectHandle};
use der::{Decode, Encode};
use x509_cert::Certificate;

use super::TokenError;
use super::keys::TokenKey;
use super::module::Counted;
use super::session::TokenSession;
use super::uri::Pkcs11Uri;
use crate::x509::same_key;

/// A certificate object on a token.
#[derive(Clone, Debug)]
pub struct TokenCertificate {
    pub label: String,
    pub id: Vec<u8>,
    pub der: Vec<u8>,
    handle: ObjectHandle,
}

impl TokenCertificate {
    pub fn uri(&self, token_label: &str) -> Pkcs11Uri {
        Pkcs11Uri {
            token: Some(token_label.to_owned()),
            object: Some(self.label.clone()),
            id: Some(self.id.clone()),
            object_type: Some(super::uri::ObjectType::Cert),
            ..Default::default()
        }
    }
}

impl TokenSession<'_> {
    /// Every X.509 certificate on the token.
    pub fn certificates(&self) -> Result<Vec<TokenCertificate>, TokenError> {
        self.note(Some(Counted::Search), || {
            "C_FindObjects class=certificate".to_owned()
        });
        let handles = self
            .session()
            .find_objects(&[
                Attribute::Class(ObjectClass::CERTIFICATE),
                Attribute::CertificateType(CertificateType::X_509),
            ])
            .map_err(TokenError::refused("list its certificates"))?;
        let mut certs = Vec::new();
        for handle in handles {
            let attrs = self
                .session()
                .get_attributes(
                    handle,
                    &[
                        AttributeType::Label,
                        AttributeType::Id,
                        AttributeType::Value,
                    ],
                )
                .map_err(TokenError::refused("read a certificate"))?;
            let mut cert = TokenCertificate {
                label: String::new(),
                id: Vec::new(),
                der: Vec::new(),
                handle,
            };
            for attr in attrs {
                match attr {
                    Attribute::Label(v) => cert.label = String::from_utf8_lossy(&v).into_owned(),
                    Attribute::Id(v) => cert.id = v,
                    Attribute::Value(v) => cert.der = v,
                    _ => {}
                }
            }
            certs.push(cert);
        }
        certs.sort_by(|a, b| a.label.cmp(&b.label).then(a.id.cmp(&b.id)));
        Ok(certs)
    }

    /// The one certificate that `wanted` names.
    pub fn find_certificate(&self, wanted: &Pkcs11Uri) -> Result<TokenCertificate, TokenError> {
        let mut matching: Vec<TokenCertificate> = self
            .certificates()?
            .into_iter()
            .filter(|c| wanted.matches_object(&c.label, &c.id))
            .collect();
        match matching.len() {
            1 => Ok(matching.remove(0)),
            0 => Err(TokenError::CertificateNotFound {
                wanted: wanted.to_string(),
                token: self.label().to_owned(),
            }),
            _ => Err(TokenError::AmbiguousKey {
                wanted: wanted.to_string(),
                candidates: matching
                    .iter()
                    .map(|c| format!("'{}' (id {})", c.label, hex::encode(&c.id)))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// Deletes the certificate object `cert` (its key stays).
    pub fn delete_certificate(&self, cert: &TokenCertificate) -> Result<(), TokenError> {
        self.session()
            .destroy_object(cert.handle)
            .map_err(TokenError::refused("delete the certificate"))
    }

    pub(crate) fn certificate_der(&self, handle: ObjectHandle) -> Result<Vec<u8>, TokenError> {
        self.session()
            .get_attributes(handle, &[AttributeType::Value])
            .map_err(TokenError::refused("read a certificate"))?
            .into_iter()
            .find_map(|a| match a {
                Attribute::Value(v) => Some(v),
                _ => None,
            })
            .ok_or(TokenError::Malformed("certificate"))
    }

    /// The certificate stored for `key`, parsed.
    pub fn key_certificate(&self, key: &TokenKey) -> Result<Certificate, TokenError> {
        let handle = key
            .certificate
            .ok_or_else(|| TokenError::CertificateNotFound {
                wanted: key.uri(self.label()).to_string(),
                token: self.label().to_owned(),
            })?;
        Certificate::from_der(&self.certificate_der(handle)?)
            .map_err(|_| TokenError::Malformed("certificate"))
    }

    /// Stores `cert` beside `key` (same label and CKA_ID). A certificate for another
    /// key is refused; an existing certificate is replaced only when `replace`.
    pub fn import_certificate(
        &self,
        key: &TokenKey,
        cert: &Certificate,
        replace: bool,
    ) -> Result<(), TokenError> {
        let cert_key = cert.tbs_certificate().subject_public_key_info();
        if !same_key(cert_key, &self.public_key(key)?) {
            return Err(TokenError::CertificateMismatch {
                key: key.to_string(),
            });
        }
        if let Some(old) = key.certificate {
            if !replace {
                return Err(TokenError::CertificateExists {
                    id: hex::encode(&key.id),
                    token: self.label().to_owned(),
                });
            }
            self.session()
                .destroy_object(old)
                .map_err(TokenError::refused("replace the certificate"))?;
        }
        let encode = |r: der::Result<Vec<u8>>| r.map_err(|_| TokenError::Malformed("certificate"));
        let tbs = cert.tbs_certificate();
        let template = [
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(CertificateType::X_509),
            Attribute::Token(true),
            Attribute::Private(false),
            Attribute::Label(key.label.as_bytes().to_vec()),
            Attribute::Id(key.id.clone()),
            Attribute::Subject(encode(tbs.subject().to_der())?),
            Attribute::Issuer(encode(tbs.issuer().to_der())?),
            Attribute::SerialNumber(encode(tbs.serial_number().to_der())?),
            Attribute::Value(encode(cert.to_der())?),
        ];
        self.session()
            .create_object(&template)
            .map_err(TokenError::refused("store the certificate"))?;
        Ok(())
    }
}
