//! RFC 7512 PKCS#11 URIs (`pkcs11:token=BE-MFA;object=sign-2026`) and bare key labels.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use super::TokenError;
use super::info::TokenSummary;

/// Characters written percent-encoded in a path value: all but RFC 7512's `pk11-pchar`.
const PATH_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b'=')
    .remove(b'&');

/// The `type=` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectType {
    Private,
    Public,
    Cert,
    SecretKey,
    Data,
}

/// A parsed PKCS#11 URI. Every attribute is optional; an absent one matches anything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pkcs11Uri {
    pub token: Option<String>,
    pub manufacturer: Option<String>,
    pub serial: Option<String>,
    pub model: Option<String>,
    pub slot_id: Option<u64>,
    pub slot_description: Option<String>,
    pub object: Option<String>,
    pub id: Option<Vec<u8>>,
    pub object_type: Option<ObjectType>,
    /// `?module-path=`: the module to load when none is given otherwise.
    pub module_path: Option<PathBuf>,
    /// `?pin-source=`: where the PIN comes from when `--pin-source` is not given.
    pub pin_source: Option<String>,
}

impl Pkcs11Uri {
    /// A key argument: a `pkcs11:` URI, or else a bare key label.
    pub fn from_key_arg(arg: &str) -> Result<Self, TokenError> {
        if arg.starts_with("pkcs11:") {
            arg.parse()
        } else if arg.is_empty() {
            Err(bad(arg, "a key label cannot be empty"))
        } else {
            Ok(Pkcs11Uri {
                object: Some(arg.to_owned()),
                ..Default::default()
            })
        }
    }

    /// Adds `token=LABEL` (from `--token`) unless the URI names a token already.
    pub fn with_token(mut self, label: Option<&str>) -> Self {
        if self.token.is_none() {
            self.token = label.map(str::to_owned);
        }
        self
    }

    /// Whether any attribute selects a token.
    pub fn names_token(&self) -> bool {
        self.token.is_some()
            || self.manufacturer.is_some()
            || self.serial.is_some()
            || self.model.is_some()
            || self.slot_id.is_some()
            || self.slot_description.is_some()
    }

    /// Whether the token attributes match this slot's token.
    pub fn matches_token(&self, summary: &TokenSummary) -> bool {
        let Some(t) = &summary.token else {
            return false;
        };
        eq(&self.token, &t.label)
            && eq(&self.manufacturer, &t.manufacturer)
            && eq(&self.serial, &t.serial)
            && eq(&self.model, &t.model)
            && eq(&self.slot_description, &summary.slot_description)
            && self.slot_id.is_none_or(|id| id == summary.slot_id)
    }

    /// Whether the object attributes match an object with this label and id.
    pub fn matches_object(&self, label: &str, id: &[u8]) -> bool {
        eq(&self.object, label) && self.id.as_deref().is_none_or(|want| want == id)
    }

    /// The URI of the token attributes alone.
    pub fn token_part(&self) -> Pkcs11Uri {
        Pkcs11Uri {
            token: self.token.clone(),
            manufacturer: self.manufacturer.clone(),
            serial: self.serial.clone(),
            model: self.model.clone(),
            slot_id: self.slot_id,
            slot_description: self.slot_description.clone(),
            ..Default::default()
        }
    }

    /// The token part, for messages: `token 'X'`, or `any token`.
    pub fn describe_token(&self) -> String {
        let token_only = self.token_part();
        if token_only.names_token() {
            token_only.to_string()
        } else {
            "any token".to_owned()
        }
    }
}

fn eq(wanted: &Option<String>, actual: &str) -> bool {
    wanted.as_deref().is_none_or(|w| w == actual)
}

fn bad(uri: &str, reason: impl Into<String>) -> TokenError {
    TokenError::BadUri {
        uri: uri.to_owned(),
        reason: reason.into(),
    }
}

fn decode_text(uri: &str, name: &str, value: &str) -> Result<String, TokenError> {
    percent_decode_str(value)
        .decode_utf8()
        .map(|v| v.into_owned())
        .map_err(|_| bad(uri, format!("the value of '{name}' is not UTF-8")))
}

fn check_percent_escapes(uri: &str, value: &str) -> Result<(), TokenError> {
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'%'
            && !(i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit())
        {
            return Err(bad(uri, "a '%' must be followed by two hexadecimal digits"));
        }
    }
    Ok(())
}

impl FromStr for Pkcs11Uri {
    type Err = TokenError;

    fn from_str(uri: &str) -> Result<Self, Self::Err> {
        let rest = uri
            .strip_prefix("pkcs11:")
            .ok_or_else(|| bad(uri, "it must start with 'pkcs11:'"))?;
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        let mut parsed = Pkcs11Uri::default();
        let mut seen: Vec<&str> = Vec::new();
        for attr in path.split(';').filter(|a| !a.is_empty()) {
            let (name, value) = attr
                .split_once('=')
                .ok_or_else(|| bad(uri, format!("'{attr}' is not name=value")))?;
            check_percent_escapes(uri, value)?;
            if seen.contains(&name) {
                return Err(bad(uri, format!("'{name}' is given twice")));
            }
            seen.push(name);
            let text = || decode_text(uri, name, value);
            match name {
                "token" => parsed.token = Some(text()?),
                "manufacturer" => parsed.manufacturer = Some(text()?),
                "serial" => parsed.serial = Some(text()?),
                "model" => parsed.model = Some(text()?),
                "slot-description" => parsed.slot_description = Some(text()?),
                "slot-id" => {
                    parsed.slot_id = Some(
                        text()?
                            .parse()
                            .map_err(|_| bad(uri, "slot-id must be a decimal number"))?,
                    )
                }
                "object" => parsed.object = Some(text()?),
                "id" => parsed.id = Some(percent_decode_str(value).collect()),
                "type" => {
                    parsed.object_type = Some(match text()?.as_str() {
                        "private" => ObjectType::Private,
                        "public" => ObjectType::Public,
                        "cert" => ObjectType::Cert,
                        "secret-key" => ObjectType::SecretKey,
                        "data" => ObjectType::Data,
                        other => return Err(bad(uri, format!("unknown object type '{other}'"))),
                    })
                }
                // Attributes that select the library or its slot's maker are accepted and
                // not used: epct loads one module, chosen by --module.
                "library-manufacturer"
                | "library-description"
                | "library-version"
                | "slot-manufacturer" => {}
                vendor if vendor.starts_with("x-") => {}
                other => return Err(bad(uri, format!("unknown attribute '{other}'"))),
            }
        }
        for attr in query
            .into_iter()
            .flat_map(|q| q.split('&'))
            .filter(|a| !a.is_empty())
        {
            let (name, value) = attr
                .split_once('=')
                .ok_or_else(|| bad(uri, format!("'{attr}' is not name=value")))?;
            check_percent_escapes(uri, value)?;
            match name {
                "pin-value" => return Err(TokenError::PinOnCommandLine),
                "pin-source" => parsed.pin_source = Some(decode_text(uri, name, value)?),
                "module-path" => {
                    parsed.module_path = Some(PathBuf::from(decode_text(uri, name, value)?))
                }
                "module-name" => {}
                vendor if vendor.starts_with("x-") => {}
                other => return Err(bad(uri, format!("unknown query attribute '{other}'"))),
            }
        }
        Ok(parsed)
    }
}

impl fmt::Display for Pkcs11Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        let mut text = |name: &str, value: &Option<String>| {
            if let Some(v) = value {
                parts.push(format!("{name}={}", utf8_percent_encode(v, PATH_VALUE)));
            }
        };
        text("token", &self.token);
        text("manufacturer", &self.manufacturer);
        text("serial", &self.serial);
        text("model", &self.model);
        text("slot-description", &self.slot_description);
        text("object", &self.object);
        if let Some(slot) = self.slot_id {
            parts.push(format!("slot-id={slot}"));
        }
        if let Some(id) = &self.id {
            let hex: String = id.iter().map(|b| format!("%{b:02x}")).collect();
            parts.push(format!("id={hex}"));
        }
        if let Some(t) = self.object_type {
            let name = match t {
                ObjectType::Private => "private",
                ObjectType::Public => "public",
                ObjectType::Cert => "cert",
                ObjectType::SecretKey => "secret-key",
                ObjectType::Data => "data",
            };
            parts.push(format!("type={name}"));
        }
        write!(f, "pkcs11:{}", parts.join(";"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_token_object_and_id() {
        let uri: Pkcs11Uri = "pkcs11:token=BE-MFA;object=sign-2026;id=%01%a2;type=private"
            .parse()
            .unwrap();
        assert_eq!(uri.token.as_deref(), Some("BE-MFA"));
        assert_eq!(uri.object.as_deref(), Some("sign-2026"));
        assert_eq!(uri.id.as_deref(), Some(&[0x01, 0xa2][..]));
        assert_eq!(uri.object_type, Some(ObjectType::Private));
    }

    #[test]
    fn decodes_percent_escapes_in_text() {
        let uri: Pkcs11Uri = "pkcs11:token=Minist%C3%A8re%20de%20l%27Int%C3%A9rieur;slot-id=3"
            .parse()
            .unwrap();
        assert_eq!(uri.token.as_deref(), Some("Ministère de l'Intérieur"));
        assert_eq!(uri.slot_id, Some(3));
    }

    #[test]
    fn a_uri_prints_percent_encoded_and_parses_back_the_same() {
        let uri = Pkcs11Uri {
            token: Some("a;b c".into()),
            object: Some("key/1".into()),
            id: Some(vec![0, 255]),
            object_type: Some(ObjectType::Cert),
            ..Default::default()
        };
        let text = uri.to_string();
        assert_eq!(
            text,
            "pkcs11:token=a%3Bb%20c;object=key%2F1;id=%00%ff;type=cert"
        );
        assert_eq!(text.parse::<Pkcs11Uri>().unwrap(), uri);
    }

    #[test]
    fn refuses_malformed_uris() {
        for (uri, reason) in [
            ("pkcs11:token", "is not name=value"),
            ("pkcs11:tokn=x", "unknown attribute 'tokn'"),
            ("pkcs11:token=a;token=b", "given twice"),
            ("pkcs11:slot-id=x", "decimal"),
            ("pkcs11:type=key", "unknown object type"),
            ("pkcs11:object=%zz", "two hexadecimal digits"),
            ("pkcs11:object=%4", "two hexadecimal digits"),
            ("pkcs11:object=%ff", "not UTF-8"),
            ("pkcs11:?color=red", "unknown query attribute"),
            ("pkcs12:token=x", "must start with 'pkcs11:'"),
        ] {
            let err = uri.parse::<Pkcs11Uri>().unwrap_err().to_string();
            assert!(err.contains(reason), "{uri}: {err}");
        }
    }

    #[test]
    fn refuses_a_pin_in_the_uri() {
        let err = "pkcs11:token=x?pin-value=1234"
            .parse::<Pkcs11Uri>()
            .unwrap_err();
        assert!(matches!(err, TokenError::PinOnCommandLine));
    }

    #[test]
    fn accepts_vendor_and_library_attributes() {
        let uri: Pkcs11Uri =
            "pkcs11:library-manufacturer=OpenSC;x-foo=1;object=k?module-name=opensc"
                .parse()
                .unwrap();
        assert_eq!(uri.object.as_deref(), Some("k"));
    }

    #[test]
    fn bare_label_is_an_object() {
        let uri = Pkcs11Uri::from_key_arg("sign-2026").unwrap();
        assert_eq!(uri.object.as_deref(), Some("sign-2026"));
        assert!(Pkcs11Uri::from_key_arg("").is_err());
    }

    #[test]
    fn token_shorthand_does_not_override_the_uri() {
        let uri = Pkcs11Uri::from_key_arg("pkcs11:token=A;object=k").unwrap();
        assert_eq!(uri.with_token(Some("B")).token.as_deref(), Some("A"));
        let bare = Pkcs11Uri::from_key_arg("k").unwrap();
        assert_eq!(bare.with_token(Some("B")).token.as_deref(), Some("B"));
    }
}
