//! Arguments that several commands share: the closed choices (`--cipher`, `--type`,
//! `--signature-algorithm`) as `ValueEnum`s mapped to the library's types, and the
//! validation options.

use std::ffi::OsStr;
use std::marker::PhantomData;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, ValueEnum};
use epct::algorithms::{AlgorithmError, HashAlg, SignatureAlgorithm};
use epct::cms::{AesKeySize, ContentCipher};
use epct::data::{DEFAULT_MIN_AGE, DataError, Election, ValidationOptions, parse_date};
use epct::token::{KeyType, TokenError};
use serde::Serialize;
use time::Date;

use super::context::Context;
use super::error::CliError;
use super::output::warn;

/// A closed choice on the command line.
pub trait Choice: ValueEnum + Clone + Send + Sync + 'static {
    /// Why `text` is none of the values.
    fn refusal(text: &str) -> CliError;
}

/// Parses a [`Choice`], in either case. The help lists its values; a value outside them
/// is refused with the choice's own one-line message rather than clap's list.
#[derive(Clone)]
pub struct OneOf<T>(PhantomData<T>);

impl<T> OneOf<T> {
    pub fn new() -> Self {
        OneOf(PhantomData)
    }
}

impl<T: Choice> TypedValueParser for OneOf<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        StringValueParser::new()
            .try_map(|text| T::from_str(&text, true).map_err(|_| T::refusal(&text)))
            .parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            T::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

/// `--cipher`: the content encryption.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Cipher {
    #[value(name = "aes256-gcm")]
    Aes256Gcm,
    #[value(name = "aes128-gcm")]
    Aes128Gcm,
    #[value(name = "aes256-cbc")]
    Aes256Cbc,
    #[value(name = "aes128-cbc")]
    Aes128Cbc,
}

impl Choice for Cipher {
    fn refusal(text: &str) -> CliError {
        CliError::UnknownCipher(text.to_owned())
    }
}

impl From<Cipher> for ContentCipher {
    fn from(cipher: Cipher) -> Self {
        match cipher {
            Cipher::Aes256Gcm => ContentCipher::Gcm(AesKeySize::Aes256),
            Cipher::Aes128Gcm => ContentCipher::Gcm(AesKeySize::Aes128),
            Cipher::Aes256Cbc => ContentCipher::Cbc(AesKeySize::Aes256),
            Cipher::Aes128Cbc => ContentCipher::Cbc(AesKeySize::Aes128),
        }
    }
}

/// `--type`: the kind of a new key pair.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KeyKind {
    Rsa2048,
    Rsa3072,
    Rsa4096,
    P256,
    P384,
}

impl Choice for KeyKind {
    fn refusal(text: &str) -> CliError {
        TokenError::UnknownKeyType(text.to_owned()).into()
    }
}

impl From<KeyKind> for KeyType {
    fn from(kind: KeyKind) -> Self {
        match kind {
            KeyKind::Rsa2048 => KeyType::Rsa2048,
            KeyKind::Rsa3072 => KeyType::Rsa3072,
            KeyKind::Rsa4096 => KeyType::Rsa4096,
            KeyKind::P256 => KeyType::P256,
            KeyKind::P384 => KeyType::P384,
        }
    }
}

/// `--signature-algorithm`: the scheme and its hash.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SignatureChoice {
    RsaPkcs1Sha256,
    RsaPkcs1Sha384,
    RsaPkcs1Sha512,
    RsaPssSha256,
    RsaPssSha384,
    RsaPssSha512,
    EcdsaSha256,
    EcdsaSha384,
    EcdsaSha512,
}

impl Choice for SignatureChoice {
    fn refusal(text: &str) -> CliError {
        CliError::UnknownSignatureAlgorithm(AlgorithmError::UnknownName(text.to_owned()))
    }
}

impl From<SignatureChoice> for SignatureAlgorithm {
    fn from(choice: SignatureChoice) -> Self {
        use SignatureAlgorithm::{Ecdsa, RsaPkcs1v15};
        use SignatureChoice::*;
        match choice {
            RsaPkcs1Sha256 => RsaPkcs1v15(HashAlg::Sha256),
            RsaPkcs1Sha384 => RsaPkcs1v15(HashAlg::Sha384),
            RsaPkcs1Sha512 => RsaPkcs1v15(HashAlg::Sha512),
            RsaPssSha256 => SignatureAlgorithm::rsa_pss(HashAlg::Sha256),
            RsaPssSha384 => SignatureAlgorithm::rsa_pss(HashAlg::Sha384),
            RsaPssSha512 => SignatureAlgorithm::rsa_pss(HashAlg::Sha512),
            EcdsaSha256 => Ecdsa(HashAlg::Sha256),
            EcdsaSha384 => Ecdsa(HashAlg::Sha384),
            EcdsaSha512 => Ecdsa(HashAlg::Sha512),
        }
    }
}

/// How the commands that sign choose the signature algorithm.
#[derive(Args)]
pub struct SignatureArgs {
    /// The signature algorithm (default: rsa-pkcs1-sha256 for RSA keys, ecdsa-sha256 for
    /// P-256, ecdsa-sha384 for P-384).
    #[arg(long, value_name = "ALGORITHM", value_parser = OneOf::<SignatureChoice>::new())]
    signature_algorithm: Option<SignatureChoice>,
}

impl SignatureArgs {
    /// The algorithm chosen, if any.
    pub fn algorithm(&self) -> Option<SignatureAlgorithm> {
        self.signature_algorithm.map(SignatureAlgorithm::from)
    }
}

/// How the commands that validate a data file count ages.
#[derive(Args)]
pub struct ValidationArgs {
    /// The day ages are counted on, polling day (default: the configuration's
    /// election-date, else today, UTC, with a warning).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = election_date_argument)]
    election_date: Option<Date>,
    /// The minimum age on the election date.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MIN_AGE)]
    min_age: u8,
    /// The election the file is for (such as EP-2029; default: the configuration's
    /// election): a row that names another is an error, and sent files carry it in
    /// their names and the manifest.
    #[arg(long, value_name = "ID")]
    election: Option<Election>,
    /// Make a candidate's missing or "no" declaration an error, not a warning (also
    /// config strict-declarations = true).
    #[arg(long, overrides_with = "no_strict_declarations")]
    strict_declarations: bool,
    /// Keep them warnings, whatever the configuration says.
    #[arg(long, overrides_with = "strict_declarations")]
    no_strict_declarations: bool,
}

/// The day ages are counted on, and where it came from, as the summaries give it.
#[derive(Clone, Debug, Serialize)]
pub struct ElectionDate {
    #[serde(serialize_with = "as_text")]
    pub date: Date,
    /// `flag`, `file` or `default` (today's date).
    pub source: &'static str,
    /// Where it was set, for the text: `--election-date`, `election-date in PATH`.
    #[serde(skip)]
    origin: Option<String>,
}

fn as_text<S: serde::Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

impl ElectionDate {
    /// "election date 2029-06-07 (--election-date)", for the summaries.
    pub fn describe(&self) -> String {
        match &self.origin {
            Some(origin) => format!("election date {} ({origin})", self.date),
            None => format!("election date {} (today's date: none was set)", self.date),
        }
    }

    /// Warns, on standard error, when the date is today's only because none was set.
    pub fn warn_if_default(&self, ctx: &Context) {
        if self.origin.is_none() {
            warn(&format!(
                "no election date is set: ages are counted on today's date, {}; give --election-date YYYY-MM-DD, or set election-date = \"YYYY-MM-DD\" in {}",
                self.date,
                ctx.config_place()
            ));
        }
    }
}

impl ValidationArgs {
    /// The validation options, with the election date: `--election-date`, else the
    /// configuration's `election-date`, else today.
    pub fn options(&self, ctx: &Context) -> Result<(ValidationOptions, ElectionDate), CliError> {
        let mut options = ValidationOptions::today_utc();
        let configured = &ctx.election_date;
        let election_date = match (self.election_date, &configured.value) {
            (Some(date), _) => ElectionDate {
                date,
                source: "flag",
                origin: Some("--election-date".to_owned()),
            },
            (None, Some(text)) => ElectionDate {
                date: parse_date(text).map_err(|_| CliError::SettingNotADate {
                    origin: configured.origin(),
                })?,
                source: "file",
                origin: Some(format!("election-date in {}", ctx.config_place())),
            },
            (None, None) => ElectionDate {
                date: options.today,
                source: "default",
                origin: None,
            },
        };
        options.election_date = election_date.date;
        options.min_age = self.min_age;
        options.strict_declarations = match (self.strict_declarations, self.no_strict_declarations)
        {
            (true, _) => true,
            (_, true) => false,
            _ => ctx.strict_declarations,
        };
        options.election = match (self.election, &ctx.election) {
            (Some(given), _) => Some(given),
            (None, Some(configured)) => {
                Some(
                    Election::parse(configured).ok_or_else(|| DataError::BadElection {
                        value: configured.clone(),
                    })?,
                )
            }
            (None, None) => None,
        };
        Ok((options, election_date))
    }
}

/// `--election-date`, refused in one line that names it.
fn election_date_argument(text: &str) -> Result<Date, CliError> {
    parse_date(text).map_err(|_| CliError::SettingNotADate {
        origin: format!("--election-date '{}'", text.escape_default()),
    })
}

pub fn date_argument(text: &str) -> Result<Date, DataError> {
    parse_date(text).map_err(|_| DataError::BadDate {
        value: text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<T: ValueEnum>() -> Vec<(T, String)> {
        T::value_variants()
            .iter()
            .map(|v| {
                let name = v.to_possible_value().unwrap().get_name().to_owned();
                (v.clone(), name)
            })
            .collect()
    }

    #[test]
    fn choices_keep_the_library_spellings() {
        for (choice, name) in names::<SignatureChoice>() {
            assert_eq!(name.parse(), Ok(SignatureAlgorithm::from(choice)), "{name}");
        }
        for (kind, name) in names::<KeyKind>() {
            assert_eq!(name.parse::<KeyType>().ok(), Some(KeyType::from(kind)));
        }
        let ciphers: Vec<String> = names::<Cipher>().into_iter().map(|(_, n)| n).collect();
        assert_eq!(
            ciphers,
            ["aes256-gcm", "aes128-gcm", "aes256-cbc", "aes128-cbc"]
        );
    }

    #[test]
    fn refused_choices_are_usage_errors() {
        for refusal in [
            Cipher::refusal("des"),
            KeyKind::refusal("rsa1024"),
            SignatureChoice::refusal("rsa-pkcs1-sha1"),
        ] {
            assert_eq!(refusal.exit_code(), epct::ExitCode::Usage, "{refusal}");
        }
        assert!(
            KeyKind::refusal("rsa1024")
                .to_string()
                .contains("'rsa1024'")
        );
    }
}
