//! Self-signed certificates for test and demonstration set-ups only: a real exchange
//! uses certificates issued by a CA that a trusted list names.

use std::time::Duration;

use spki::SubjectPublicKeyInfoRef;
use x509_cert::Certificate;
use x509_cert::builder::CertificateBuilder;
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, BasicConstraints, SubjectKeyIdentifier};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;

use super::CredentialsError;
use super::certificate_signer::CertificateSigner;
use crate::token::TokenSigner;
use crate::x509::{X509Error, email_names, parse_name, usage_extensions};

/// What `cert self-sign` makes.
pub struct SelfSignedOptions {
    pub subject: String,
    pub days: u32,
    pub emails: Vec<String>,
}

/// An end-entity certificate issued by its own key.
struct SelfSigned {
    subject: Name,
    /// Key usages and subjectAltName, made before building.
    usage: Vec<Extension>,
}

impl BuilderProfile for SelfSigned {
    fn get_issuer(&self, subject: &Name) -> Name {
        subject.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let subject = tbs.subject();
        let mut extensions = Vec::new();
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        extensions.push(
            BasicConstraints {
                ca: false,
                path_len_constraint: None,
            }
            .to_extension(subject, &extensions)?,
        );
        extensions.push(
            AuthorityKeyIdentifier {
                key_identifier: Some(ski.0.clone()),
                ..Default::default()
            }
            .to_extension(subject, &extensions)?,
        );
        extensions.push(ski.to_extension(subject, &extensions)?);
        extensions.extend(self.usage.iter().cloned());
        Ok(extensions)
    }
}

/// A self-signed certificate for the signer's key, valid from now for `days`.
pub fn build_self_signed(
    signer: &TokenSigner<'_, '_>,
    options: &SelfSignedOptions,
) -> Result<Certificate, CredentialsError> {
    let subject = parse_name(&options.subject)?;
    let mut usage = usage_extensions(signer.public_key(), signer.can_agree_keys())?;
    if let Some(san) = email_names(&options.emails)? {
        usage.push(
            san.to_extension(&subject, &usage)
                .map_err(X509Error::malformed("subjectAltName"))?,
        );
    }
    let profile = SelfSigned { subject, usage };
    let validity = Validity::from_now(Duration::from_secs(u64::from(options.days) * 86_400))
        .map_err(X509Error::malformed("validity"))?;
    let mut rng = getrandom::SysRng;
    let serial = SerialNumber::generate(&mut rand_core::UnwrapErr(&mut rng));
    let builder = CertificateBuilder::new(profile, serial, validity, signer.public_key().clone())
        .map_err(|e| X509Error::Malformed {
        what: "certificate",
        reason: e.to_string(),
    })?;
    CertificateSigner(signer).build(builder)
}
