//! The recipient binding, epct's signed attribute that says for whom a sealed file was
//! made ([`RecipientBinding`], docs/contract.md section 3). A signature alone says who
//! signed, not for whom: a recipient could decrypt a file, encrypt it again for someone
//! else and pass it on under the sender's signature (surreptitious forwarding). With
//! the recipients inside the signature, the last reader can tell.
//!
//! This module writes and reads the attribute; whether a reader was meant is
//! [`crate::verdict`]'s question.

use cms::cert::IssuerAndSerialNumber;
use cms::enveloped_data::RecipientIdentifier;
use der::asn1::PrintableString;
use x509_cert::Certificate;

pub use super::asn1::{BoundRecordTypes, RecipientBinding};
use super::error::CmsError;
use super::recipients::{describe_rid, matches_isn, matches_key_id};

/// What a sealed file says it is for besides its recipients; each part optional (a
/// file sealed outside the exchange may name none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BindingContext {
    /// The Member State's code, as the exchange writes it (`EL` for Greece).
    pub destination: Option<String>,
    pub file_name: Option<String>,
    pub record_types: Option<BoundRecordTypes>,
}

impl BoundRecordTypes {
    /// As the exchange's file names write it.
    pub fn as_str(self) -> &'static str {
        match self {
            BoundRecordTypes::Voters => "voters",
            BoundRecordTypes::Candidates => "candidates",
            BoundRecordTypes::VotersCandidates => "voters-candidates",
        }
    }
}

impl std::fmt::Display for BoundRecordTypes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl RecipientBinding {
    /// The binding of a file encrypted for `recipients` (each named once, by issuer and
    /// serial) with `context`.
    pub fn new(recipients: &[Certificate], context: &BindingContext) -> Result<Self, CmsError> {
        let mut named: Vec<RecipientIdentifier> = Vec::new();
        for cert in recipients {
            let tbs = cert.tbs_certificate();
            let rid = RecipientIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: tbs.issuer().clone(),
                serial_number: tbs.serial_number().clone(),
            });
            if !named.contains(&rid) {
                named.push(rid);
            }
        }
        if named.is_empty() {
            return Err(CmsError::NoRecipients);
        }
        let destination = (context.destination.as_deref())
            .map(|code| {
                PrintableString::new(code)
                    .ok()
                    .filter(|_| code.len() == 2)
                    .ok_or_else(|| CmsError::Malformed(format!("the destination '{code}'")))
            })
            .transpose()?;
        Ok(RecipientBinding {
            recipients: named,
            destination,
            file_name: context.file_name.clone(),
            record_types: context.record_types,
        })
    }

    /// Whether `cert` is among the recipients named, by issuer and serial or by key id.
    pub fn names(&self, cert: &Certificate) -> bool {
        self.recipients.iter().any(|rid| match rid {
            RecipientIdentifier::IssuerAndSerialNumber(isn) => matches_isn(cert, isn),
            RecipientIdentifier::SubjectKeyIdentifier(ski) => {
                matches_key_id(cert, ski.0.as_bytes())
            }
        })
    }

    /// The destination state's code, when named.
    pub fn destination(&self) -> Option<&str> {
        self.destination.as_ref().map(|d| d.as_str())
    }

    /// The recipients named, as `serial S of 'ISSUER' and ...` (not "; ", which ends a
    /// message before its hint).
    pub fn describe_recipients(&self) -> String {
        (self.recipients.iter())
            .map(describe_rid)
            .collect::<Vec<_>>()
            .join(" and ")
    }
}
