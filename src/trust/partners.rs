//! The partner directory: which authority of which Member State uses which
//! certificate, to send (sign) files, to receive (decrypt) them, or both.
//!
//! Imported from a CSV file with the header `country,authority,role,certificate`; the
//! certificate is base64 DER or the path of a PEM or DER file relative to the CSV
//! file. The store keeps a copy with every certificate inlined as base64, so that it
//! never depends on the files it was imported from; it is written under the store's
//! lock.

use std::path::Path;
use std::time::SystemTime;

use base64ct::{Base64, Encoding};
use der::{Decode, Encode};
use serde::Serialize;
use x509_cert::Certificate;

use super::store::{LockedTrustStore, TrustStore};
use super::{PartnerProblem, TrustError};
use crate::country::Country;
use crate::data::formula_like;
use crate::input::{self, read_bounded};
use crate::output::write_file;
use crate::x509::{CertificateSummary, X509Error, read_certificate};

const HEADER: [&str; 4] = ["country", "authority", "role", "certificate"];

/// The file name of the directory inside the trust store.
const FILE: &str = "partners.csv";

/// What an authority uses a certificate for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Sender,
    Recipient,
    Both,
}

impl Role {
    pub fn sends(self) -> bool {
        self != Role::Recipient
    }

    pub fn receives(self) -> bool {
        self != Role::Sender
    }

    pub fn name(self) -> &'static str {
        match self {
            Role::Sender => "sender",
            Role::Recipient => "recipient",
            Role::Both => "both",
        }
    }
}

/// One certificate of one authority.
#[derive(Clone, Debug, Serialize)]
pub struct Partner {
    pub country: Country,
    pub authority: String,
    pub role: Role,
    #[serde(skip)]
    pub certificate: Certificate,
    #[serde(rename = "certificate")]
    pub summary: CertificateSummary,
}

/// The partner directory.
#[derive(Clone, Debug, Default)]
pub struct Partners {
    entries: Vec<Partner>,
}

impl Partners {
    /// Reads a partner CSV file; relative certificate paths are taken from its folder.
    pub fn read_csv(path: &Path) -> Result<Partners, TrustError> {
        let bytes = read_bounded(path, input::PARTNER_DIRECTORY)?;
        let base = path.parent().unwrap_or(Path::new("."));
        Self::parse(&bytes, path, base, None)
    }

    /// Replaces the store's partner directory with the one in `csv`; a certificate
    /// expired at `at` is refused.
    pub fn import(
        store: &LockedTrustStore,
        csv: &Path,
        at: SystemTime,
    ) -> Result<Partners, TrustError> {
        let bytes = read_bounded(csv, input::PARTNER_DIRECTORY)?;
        let base = csv.parent().unwrap_or(Path::new("."));
        let partners = Self::parse(&bytes, csv, base, Some(at))?;
        let target = store.dir().join(FILE);
        let write_error = |e: csv::Error| TrustError::Write {
            path: target.clone(),
            source: std::io::Error::other(e),
        };
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(HEADER).map_err(write_error)?;
        for p in &partners.entries {
            let der = p
                .certificate
                .to_der()
                .map_err(X509Error::malformed("certificate"))?;
            let encoded = Base64::encode_string(&der);
            writer
                .write_record([p.country.code(), &p.authority, p.role.name(), &encoded])
                .map_err(write_error)?;
        }
        let bytes = writer.into_inner().map_err(|e| TrustError::Write {
            path: target.clone(),
            source: e.into_error(),
        })?;
        write_file(&target, &bytes, true)?;
        Ok(partners)
    }

    /// The store's partner directory; empty when none was imported.
    pub fn load(store: &TrustStore) -> Result<Partners, TrustError> {
        let path = store.dir().join(FILE);
        match read_bounded(&path, input::PARTNER_DIRECTORY) {
            Ok(bytes) => Self::parse(&bytes, &path, store.dir(), None),
            Err(e) if e.is_not_found() => Ok(Partners::default()),
            Err(e) => Err(e.into()),
        }
    }

    pub fn entries(&self) -> &[Partner] {
        &self.entries
    }

    /// The recipient certificates of a country code (`DE`) or an authority name, both
    /// case-insensitive.
    pub fn recipients(&self, name_or_country: &str) -> Result<Vec<Certificate>, TrustError> {
        let wanted = name_or_country.trim();
        let lower = wanted.to_lowercase();
        let found: Vec<Certificate> = self
            .entries
            .iter()
            .filter(|p| p.role.receives())
            .filter(|p| {
                p.country.code().eq_ignore_ascii_case(wanted) || p.authority.to_lowercase() == lower
            })
            .map(|p| p.certificate.clone())
            .collect();
        if found.is_empty() {
            return Err(TrustError::NoRecipient(wanted.to_owned()));
        }
        Ok(found)
    }

    /// The partner entry of this certificate, if it is listed.
    pub fn identify(&self, cert: &Certificate) -> Option<&Partner> {
        self.entries.iter().find(|p| p.certificate == *cert)
    }

    /// Whether `cert` is listed as a sender of `country`.
    pub fn is_sender_for(&self, cert: &Certificate, country: Country) -> bool {
        self.entries
            .iter()
            .any(|p| p.certificate == *cert && p.role.sends() && p.country == country)
    }

    /// Reads a directory; with `valid_at`, a certificate expired by then is refused.
    fn parse(
        bytes: &[u8],
        file: &Path,
        base: &Path,
        valid_at: Option<SystemTime>,
    ) -> Result<Partners, TrustError> {
        let problem = |line: u64, problem: PartnerProblem| TrustError::Partners {
            file: file.to_owned(),
            line,
            problem,
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes));
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| problem(1, PartnerProblem::Csv(e.to_string())))?
            .iter()
            .map(str::to_ascii_lowercase)
            .collect();
        if header != HEADER {
            return Err(problem(1, PartnerProblem::Header));
        }
        let mut entries: Vec<Partner> = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                problem(line, PartnerProblem::Csv(e.to_string()))
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let Some(country) = Country::from_code(record[0].to_ascii_uppercase().as_bytes())
            else {
                return Err(problem(line, PartnerProblem::Country(record[0].to_owned())));
            };
            let authority = record[1].to_owned();
            if authority.is_empty() {
                return Err(problem(line, PartnerProblem::Authority));
            }
            if formula_like(authority.as_bytes()) {
                return Err(problem(line, PartnerProblem::FormulaAuthority(authority)));
            }
            let role = match record[2].to_ascii_lowercase().as_str() {
                "sender" => Role::Sender,
                "recipient" => Role::Recipient,
                "both" => Role::Both,
                _ => return Err(problem(line, PartnerProblem::Role(record[2].to_owned()))),
            };
            let certificate = certificate(&record[3], base)
                .map_err(|reason| problem(line, PartnerProblem::Certificate(reason)))?;
            let not_after = certificate.tbs_certificate().validity().not_after;
            if valid_at.is_some_and(|at| not_after.to_system_time() < at) {
                let problem_ = PartnerProblem::Expired {
                    subject: certificate.tbs_certificate().subject().to_string(),
                    not_after: crate::x509::rfc3339(not_after.to_date_time()),
                };
                return Err(problem(line, problem_));
            }
            if let Some(other) = entries.iter().find(|p| p.certificate == certificate) {
                let owner = format!("{} ({})", other.authority, other.country);
                return Err(problem(line, PartnerProblem::Duplicate(owner)));
            }
            entries.push(Partner {
                country,
                authority,
                role,
                summary: CertificateSummary::of(&certificate),
                certificate,
            });
        }
        Ok(Partners { entries })
    }
}

/// A certificate given as base64 DER, else as a file relative to `base`.
fn certificate(value: &str, base: &Path) -> Result<Certificate, String> {
    if let Some(cert) = Base64::decode_vec(value)
        .ok()
        .and_then(|der| Certificate::from_der(&der).ok())
    {
        return Ok(cert);
    }
    let path = base.join(value);
    let bytes = read_bounded(&path, input::CERTIFICATE).map_err(|e| e.to_string())?;
    read_certificate(&bytes, &path.display().to_string()).map_err(|e| e.to_string())
}
