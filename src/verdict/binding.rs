//! Whether a file was meant for whoever opens it: each signer's recipient binding
//! ([`RecipientBinding`]) checked against the certificate of the key that decrypted the
//! file and, in the exchange, against the file's name, the receiving state and the
//! record types the name gives. [`super::Verdict::accept`] refuses a mismatch, and a
//! file without a binding unless the reader allows it.

use serde::Serialize;
use x509_cert::Certificate;

use crate::cms::{BoundRecordTypes, RecipientBinding};
use crate::country::Country;

/// Who reads a file, and what it must have been sealed for.
pub struct Reader<'a> {
    /// The certificate of the key that decrypted the file.
    pub certificate: &'a Certificate,
    /// In the exchange: what the file's name says, and who receives it.
    pub exchange: Option<ExchangeFile<'a>>,
    /// Accept a file that names no recipients (the verdict reports it all the same).
    pub allow_unbound: bool,
}

/// What `exchange receive` holds a file's binding to.
pub struct ExchangeFile<'a> {
    /// The name it arrived under.
    pub file_name: &'a str,
    /// The receiver's own state.
    pub receiver: Country,
    /// The record types its name gives.
    pub record_types: BoundRecordTypes,
}

/// One signer's recipient binding, as checked.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Binding {
    /// Not checked: the file was not opened by a recipient (`verify`), or its
    /// signature is not intact.
    NotChecked,
    /// The signer named the reader among the recipients, and, in the exchange, this
    /// name, the receiver's state and these record types.
    Bound {
        destination: Option<String>,
        file_name: Option<String>,
        record_types: Option<BoundRecordTypes>,
    },
    /// The signature names no recipients (another tool made it, or someone passed the
    /// content on under a signature of their own choosing): nothing says for whom it was
    /// made. `allowed` when the reader accepts such files.
    NotBound { allowed: bool },
    /// Sealed for someone else, or under another name.
    Misdirected {
        #[serde(rename = "reason", serialize_with = "as_text")]
        mismatch: Mismatch,
    },
}

/// How a binding contradicts the reader.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Mismatch {
    #[error(
        "the file was meant for someone else: it was sealed for {named}, not for '{reader}'; a recipient passed it on"
    )]
    OtherRecipients { named: String, reader: String },
    #[error("the file was meant for someone else: it was sealed for {sealed}, not for {receiver}")]
    OtherDestination { sealed: String, receiver: Country },
    #[error("the file was renamed: it was sealed as '{sealed}', not '{name}'")]
    Renamed { sealed: String, name: String },
    #[error(
        "the file's name is not signed: it was sealed without one, so '{name}' may be a new name"
    )]
    Unnamed { name: String },
    #[error("the file was renamed: it was sealed as holding {sealed}, not {named}")]
    OtherRecordTypes {
        sealed: BoundRecordTypes,
        named: BoundRecordTypes,
    },
}

fn as_text<S: serde::Serializer>(mismatch: &Mismatch, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(mismatch)
}

impl Binding {
    /// The binding `found` in a signature, checked against `reader`.
    pub(super) fn check(found: Option<&RecipientBinding>, reader: &Reader<'_>) -> Binding {
        let Some(binding) = found else {
            return Binding::NotBound {
                allowed: reader.allow_unbound,
            };
        };
        match mismatch(binding, reader) {
            Some(mismatch) => Binding::Misdirected { mismatch },
            None => Binding::Bound {
                destination: binding.destination().map(str::to_owned),
                file_name: binding.file_name.clone(),
                record_types: binding.record_types,
            },
        }
    }
}

fn mismatch(binding: &RecipientBinding, reader: &Reader<'_>) -> Option<Mismatch> {
    if !binding.names(reader.certificate) {
        return Some(Mismatch::OtherRecipients {
            named: binding.describe_recipients(),
            reader: reader.certificate.tbs_certificate().subject().to_string(),
        });
    }
    let expected = reader.exchange.as_ref()?;
    if let Some(sealed) = binding.destination()
        && sealed != expected.receiver.code()
    {
        return Some(Mismatch::OtherDestination {
            sealed: sealed.to_owned(),
            receiver: expected.receiver,
        });
    }
    let name = expected.file_name.to_owned();
    match &binding.file_name {
        None => return Some(Mismatch::Unnamed { name }),
        Some(sealed) if *sealed != name => {
            return Some(Mismatch::Renamed {
                sealed: sealed.clone(),
                name,
            });
        }
        Some(_) => {}
    }
    match binding.record_types {
        Some(sealed) if sealed != expected.record_types => Some(Mismatch::OtherRecordTypes {
            sealed,
            named: expected.record_types,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use x509_cert::ext::pkix::{KeyUsage, KeyUsages};

    use super::*;
    use crate::cms::BindingContext;
    use crate::testing::{Profile, SoftKey, certificate};

    const NAME: &str = "BE-to-FR-2026-11-25-voters.p7m";

    fn cert(seed: u8, subject: &str) -> Certificate {
        let profile = Profile {
            subject,
            ca: false,
            key_usage: KeyUsage(KeyUsages::KeyAgreement.into()),
            not_before: UNIX_EPOCH,
            not_after: UNIX_EPOCH + Duration::from_secs(1 << 32),
        };
        certificate(&SoftKey::p256(seed), &profile, None)
    }

    fn fr(code: &str) -> Country {
        Country::from_code(code.as_bytes()).unwrap()
    }

    fn binding(recipients: &[Certificate], destination: &str, name: &str) -> RecipientBinding {
        let context = BindingContext {
            destination: Some(destination.into()),
            file_name: Some(name.into()),
            record_types: Some(BoundRecordTypes::Voters),
        };
        RecipientBinding::new(recipients, &context).unwrap()
    }

    fn received<'a>(reader: &'a Certificate, name: &'a str) -> Reader<'a> {
        Reader {
            certificate: reader,
            exchange: Some(ExchangeFile {
                file_name: name,
                receiver: fr("FR"),
                record_types: BoundRecordTypes::Voters,
            }),
            allow_unbound: false,
        }
    }

    fn mismatch_of(binding: &Binding) -> &Mismatch {
        match binding {
            Binding::Misdirected { mismatch } => mismatch,
            other => panic!("not misdirected: {other:?}"),
        }
    }

    #[test]
    fn a_file_bound_to_its_reader_under_its_own_name_is_bound() {
        let (be, fr_cert) = (cert(1, "CN=BE"), cert(2, "CN=FR"));
        let bound = binding(&[fr_cert.clone(), be], "FR", NAME);
        let checked = Binding::check(Some(&bound), &received(&fr_cert, NAME));
        assert!(matches!(checked, Binding::Bound { file_name: Some(ref n), .. } if n == NAME));
    }

    #[test]
    fn a_file_bound_to_others_is_misdirected_whoever_reads_it() {
        let (de, fr_cert) = (cert(3, "CN=DE"), cert(4, "CN=FR"));
        let bound = binding(std::slice::from_ref(&de), "DE", NAME);
        let open = Reader {
            certificate: &fr_cert,
            exchange: None,
            allow_unbound: true,
        };
        let text = mismatch_of(&Binding::check(Some(&bound), &open)).to_string();
        assert!(
            text.starts_with("the file was meant for someone else"),
            "{text}"
        );
        assert!(text.contains("not for 'CN=FR'"), "{text}");
    }

    #[test]
    fn a_renamed_or_redirected_file_is_misdirected() {
        let fr_cert = cert(5, "CN=FR");
        let recipients = std::slice::from_ref(&fr_cert);
        let other_date = "BE-to-FR-2026-11-26-voters.p7m";
        let renamed = Binding::check(
            Some(&binding(recipients, "FR", NAME)),
            &received(&fr_cert, other_date),
        );
        assert_eq!(
            *mismatch_of(&renamed),
            Mismatch::Renamed {
                sealed: NAME.into(),
                name: other_date.into()
            }
        );
        let for_de = Binding::check(
            Some(&binding(recipients, "DE", NAME)),
            &received(&fr_cert, NAME),
        );
        assert!(matches!(
            mismatch_of(&for_de),
            Mismatch::OtherDestination { sealed, .. } if sealed == "DE"
        ));
        let unnamed = RecipientBinding::new(recipients, &BindingContext::default()).unwrap();
        let checked = Binding::check(Some(&unnamed), &received(&fr_cert, NAME));
        assert!(matches!(mismatch_of(&checked), Mismatch::Unnamed { .. }));
        let mut candidates = received(&fr_cert, NAME);
        if let Some(exchange) = candidates.exchange.as_mut() {
            exchange.record_types = BoundRecordTypes::Candidates;
        }
        let checked = Binding::check(Some(&binding(recipients, "FR", NAME)), &candidates);
        assert_eq!(
            mismatch_of(&checked).to_string(),
            "the file was renamed: it was sealed as holding voters, not candidates"
        );
    }

    #[test]
    fn a_file_without_a_binding_is_not_bound_and_allowed_only_when_asked() {
        let fr_cert = cert(6, "CN=FR");
        let mut reader = received(&fr_cert, NAME);
        assert!(matches!(
            Binding::check(None, &reader),
            Binding::NotBound { allowed: false }
        ));
        reader.allow_unbound = true;
        assert!(matches!(
            Binding::check(None, &reader),
            Binding::NotBound { allowed: true }
        ));
    }
}
