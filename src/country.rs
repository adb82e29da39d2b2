//! The EU Member States, by the codes the EU writes: the one country type of the data
//! files, the partner directory and the exchange.
//!
//! Pure definitions: this module depends on nothing else in the crate.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A text that is not the code of a Member State.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{value}' is not the code of an EU Member State; use AT, BE, BG, CY, CZ, DE, DK, EE, EL \
     (Greece), ES, FI, FR, HR, HU, IE, IT, LT, LU, LV, MT, NL, PL, PT, RO, SE, SI or SK"
)]
pub struct UnknownCountry {
    pub value: String,
}

/// A Member State of the European Union, by the code the EU uses: ISO 3166-1 alpha-2,
/// except `EL` for Greece.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Country {
    AT,
    BE,
    BG,
    CY,
    CZ,
    DE,
    DK,
    EE,
    EL,
    ES,
    FI,
    FR,
    HR,
    HU,
    IE,
    IT,
    LT,
    LU,
    LV,
    MT,
    NL,
    PL,
    PT,
    RO,
    SE,
    SI,
    SK,
}

impl Country {
    /// The 27 Member States, in the order of their codes.
    pub const ALL: [Country; 27] = [
        Country::AT,
        Country::BE,
        Country::BG,
        Country::CY,
        Country::CZ,
        Country::DE,
        Country::DK,
        Country::EE,
        Country::EL,
        Country::ES,
        Country::FI,
        Country::FR,
        Country::HR,
        Country::HU,
        Country::IE,
        Country::IT,
        Country::LT,
        Country::LU,
        Country::LV,
        Country::MT,
        Country::NL,
        Country::PL,
        Country::PT,
        Country::RO,
        Country::SE,
        Country::SI,
        Country::SK,
    ];

    /// The two-letter code, as written in data files.
    pub fn code(self) -> &'static str {
        const CODES: [&str; 27] = [
            "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU",
            "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
        ];
        CODES[self.index()]
    }

    /// The Member State whose code is exactly `code` (upper case, `EL` for Greece).
    pub fn from_code(code: &[u8]) -> Option<Country> {
        use Country::*;
        Some(match code {
            b"AT" => AT,
            b"BE" => BE,
            b"BG" => BG,
            b"CY" => CY,
            b"CZ" => CZ,
            b"DE" => DE,
            b"DK" => DK,
            b"EE" => EE,
            b"EL" => EL,
            b"ES" => ES,
            b"FI" => FI,
            b"FR" => FR,
            b"HR" => HR,
            b"HU" => HU,
            b"IE" => IE,
            b"IT" => IT,
            b"LT" => LT,
            b"LU" => LU,
            b"LV" => LV,
            b"MT" => MT,
            b"NL" => NL,
            b"PL" => PL,
            b"PT" => PT,
            b"RO" => RO,
            b"SE" => SE,
            b"SI" => SI,
            b"SK" => SK,
            _ => return None,
        })
    }

    /// Position in [`Country::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// Reads a code exactly as [`Serialize`] writes it (`DE`, never `de` or `GR`).
impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Country::from_code(code.as_bytes())
            .ok_or_else(|| serde::de::Error::custom(UnknownCountry { value: code }))
    }
}

impl FromStr for Country {
    type Err = UnknownCountry;

    /// Accepts a code in either case; `GR` is refused with the hint to write `EL`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Country::from_code(text.trim().to_ascii_uppercase().as_bytes()).ok_or_else(|| {
            UnknownCountry {
                value: text.to_owned(),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_are_the_eu_ones() {
        assert_eq!(Country::from_code(b"EL"), Some(Country::EL));
        assert_eq!(Country::from_code(b"GR"), None);
        assert_eq!(Country::from_code(b"de"), None);
        assert_eq!(Country::from_code(b"GB"), None);
        assert_eq!(Country::from_code(b"DEU"), None);
        for c in Country::ALL {
            assert_eq!(Country::from_code(c.code().as_bytes()), Some(c));
            assert_eq!(Country::ALL[c.index()], c);
        }
    }

    #[test]
    fn country_arguments_accept_either_case_but_not_gr() {
        assert_eq!("de".parse::<Country>().unwrap(), Country::DE);
        assert_eq!(" EL ".parse::<Country>().unwrap(), Country::EL);
        let error = "GR".parse::<Country>().unwrap_err().to_string();
        assert!(error.contains("EL"), "{error}");
    }
}
