//! The partner directory: which authority of which Member State uses which
//! certificate, to send (sign) files, to receive (decrypt) them, or both.
//!
//! Imported from a CSV file with the header `country,authority,role,certificate`,
//! separated by commas or, as spreadsheets in many states write them, by semicolons
//! (the header line says which); the certificate is base64 DER or the path of a PEM or
//! DER file relative to the CSV file. A certificate that one authority lists twice, once
//! as sender and once as recipient, is listed once as both; a certificate belongs to one
//! authority. Every bad line is reported, not only the first. The store keeps a copy
//! with every certificate inlined as base64, so that it never depends on the files it
//! was imported from; it is written under the store's lock.

use std::path::Path;
use std::time::SystemTime;

use base64ct::{Base64, Encoding};
use der::{Decode, Encode};
use serde::Serialize;
use x509_cert::Certificate;

use super::store::{LockedTrustStore, TrustStore};
use super::{BadLine, PartnerProblem, TrustError};
use crate::country::Country;
use crate::data::formula_like;
use crate::input::{self, InputError, read_bounded};
use crate::output::write_file;
use crate::x509::{CertificateSummary, X509Error, read_certificate};

/// The columns, in order.
pub(super) const HEADER: [&str; 4] = ["country", "authority", "role", "certificate"];

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
    /// Every problem of every line is collected before the directory is refused.
    fn parse(
        bytes: &[u8],
        file: &Path,
        base: &Path,
        valid_at: Option<SystemTime>,
    ) -> Result<Partners, TrustError> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let refuse = |bad: Vec<BadLine>| TrustError::Partners {
            file: file.to_owned(),
            bad,
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator(bytes))
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let header: Vec<String> = reader
            .byte_headers()
            .map(|h| {
                h.iter()
                    .map(|f| String::from_utf8_lossy(f).to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        if header != HEADER {
            return Err(refuse(vec![BadLine::of_line(1, PartnerProblem::Header)]));
        }
        let mut directory = Directory::default();
        for record in reader.byte_records() {
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    directory
                        .bad
                        .push(BadLine::of_line(line, PartnerProblem::Csv(e.to_string())));
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            directory.add(line, &record, base, valid_at);
        }
        if !directory.bad.is_empty() {
            return Err(refuse(directory.bad));
        }
        Ok(Partners {
            entries: directory.entries.into_iter().map(|(_, p)| p).collect(),
        })
    }
}

/// `;` when the header line has semicolons and no comma, else `,`.
fn separator(bytes: &[u8]) -> u8 {
    let header = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    if header.contains(&b';') && !header.contains(&b',') {
        b';'
    } else {
        b','
    }
}

/// A directory being read: its entries with the line of each, and the bad lines.
#[derive(Default)]
struct Directory {
    entries: Vec<(u64, Partner)>,
    bad: Vec<BadLine>,
}

impl Directory {
    /// Checks one line, then adds it or merges it with an entry of the same certificate
    /// and authority.
    fn add(
        &mut self,
        line: u64,
        record: &csv::ByteRecord,
        base: &Path,
        valid_at: Option<SystemTime>,
    ) {
        let before = self.bad.len();
        if let Some(partner) = self.check(line, record, base, valid_at)
            && self.bad.len() == before
        {
            self.enter(line, partner);
        }
    }

    /// The partner of one line, every problem of it noted.
    fn check(
        &mut self,
        line: u64,
        record: &csv::ByteRecord,
        base: &Path,
        valid_at: Option<SystemTime>,
    ) -> Option<Partner> {
        if record.len() != HEADER.len() {
            self.bad
                .push(BadLine::of_line(line, PartnerProblem::Fields(record.len())));
            return None;
        }
        let mut field = |column: usize| match std::str::from_utf8(&record[column]) {
            Ok(text) => Some(text),
            Err(_) => {
                self.bad
                    .push(BadLine::at(line, column, PartnerProblem::NotUtf8));
                None
            }
        };
        let fields = [field(0), field(1), field(2), field(3)];
        let [
            Some(country),
            Some(authority),
            Some(role),
            Some(certificate_value),
        ] = fields
        else {
            return None;
        };
        let mut problem = |column: usize, problem: PartnerProblem| {
            self.bad.push(BadLine::at(line, column, problem));
        };
        let country_code = Country::from_code(country.to_ascii_uppercase().as_bytes());
        if country_code.is_none() {
            problem(0, PartnerProblem::Country(country.to_owned()));
        }
        if authority.is_empty() {
            problem(1, PartnerProblem::Authority);
        } else if formula_like(authority.as_bytes()) {
            problem(1, PartnerProblem::FormulaAuthority(authority.to_owned()));
        }
        let role = match role.to_ascii_lowercase().as_str() {
            "sender" => Some(Role::Sender),
            "recipient" => Some(Role::Recipient),
            "both" => Some(Role::Both),
            _ => {
                problem(2, PartnerProblem::Role(role.to_owned()));
                None
            }
        };
        let certificate = match certificate(certificate_value, base) {
            Ok(cert) => Some(cert),
            Err(p) => {
                problem(3, p);
                None
            }
        };
        if let Some(cert) = &certificate {
            let not_after = cert.tbs_certificate().validity().not_after;
            if valid_at.is_some_and(|at| not_after.to_system_time() < at) {
                problem(
                    3,
                    PartnerProblem::Expired {
                        subject: cert.tbs_certificate().subject().to_string(),
                        not_after: crate::x509::rfc3339(not_after.to_date_time()),
                    },
                );
            }
        }
        Some(Partner {
            country: country_code?,
            authority: authority.to_owned(),
            role: role?,
            summary: CertificateSummary::of(certificate.as_ref()?),
            certificate: certificate?,
        })
    }

    /// Adds `partner` of `line`; one that repeats an entry's certificate is merged
    /// with it when both are the same authority's, one sender and one recipient.
    fn enter(&mut self, line: u64, partner: Partner) {
        let same = self
            .entries
            .iter_mut()
            .find(|(_, p)| p.certificate == partner.certificate);
        match same {
            Some((_, other))
                if other.country == partner.country
                    && other.authority.to_lowercase() == partner.authority.to_lowercase()
                    && other.role != Role::Both
                    && partner.role != Role::Both
                    && other.role != partner.role =>
            {
                other.role = Role::Both;
            }
            Some((first, other)) => {
                let duplicate = PartnerProblem::Duplicate {
                    owner: format!("{} ({})", other.authority, other.country),
                    role: other.role.name(),
                    line: *first,
                };
                self.bad.push(BadLine::at(line, 3, duplicate));
            }
            None => self.entries.push((line, partner)),
        }
    }
}

/// A certificate given as base64 DER, else as a file relative to `base`.
fn certificate(value: &str, base: &Path) -> Result<Certificate, PartnerProblem> {
    if let Some(cert) = Base64::decode_vec(value)
        .ok()
        .and_then(|der| Certificate::from_der(&der).ok())
    {
        return Ok(cert);
    }
    let path = base.join(value);
    let bytes = read_bounded(&path, input::CERTIFICATE).map_err(|e| match e {
        InputError::Read { source, .. } => {
            PartnerProblem::Certificate(format!("{}: {source}", path.display()))
        }
        too_large @ InputError::TooLarge { .. } => PartnerProblem::CertificateFile(too_large),
    })?;
    read_certificate(&bytes, &path.display().to_string())
        .map_err(|e| PartnerProblem::Certificate(e.to_string()))
}
