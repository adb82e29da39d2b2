//! ETSI TS 119 612 trusted lists, versions 5 and 6: the EU list of lists (pointers to
//! the national lists, with the certificates allowed to sign each) and the national
//! lists (trust service providers, their services, each service's status history and
//! certificates).
//!
//! Reading a list checks its structure only; whether it may be believed is
//! [`super::xmldsig`]'s business.

use std::time::SystemTime;

use base64ct::{Base64, Encoding};
use serde::Serialize;

use super::TrustError;
use super::time::parse_time;
use super::xml::{self, Document, Element, XML_NS};

/// The namespace of trusted lists.
pub(crate) const TSL_NS: &str = "http://uri.etsi.org/02231/v2#";

/// The TSLType of the EU list of lists ends with this.
const LIST_OF_LISTS: &str = "EUlistofthelists";

/// Service statuses under which a CA is trusted: the current scheme's `granted`, and
/// the older scheme's `accredited` and `undersupervision`.
pub const TRUSTED_STATUSES: [&str; 3] = [
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted",
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/accredited",
    "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/undersupervision",
];

/// Service types whose certificates are certification authorities.
pub const CA_SERVICE_TYPES: [&str; 3] = [
    "http://uri.etsi.org/TrstSvc/Svctype/CA/QC",
    "http://uri.etsi.org/TrstSvc/Svctype/CA/PKC",
    "http://uri.etsi.org/TrstSvc/Svctype/NationalRootCA-QC",
];

/// The service type of qualified time-stamping authorities (ETSI TS 119 612, 5.5.1.1).
pub const TSA_QTST: &str = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST";

/// A trusted list as read.
#[derive(Clone, Debug, Serialize)]
pub struct TrustedList {
    /// TSLVersionIdentifier: 5 or 6.
    pub version: u32,
    pub sequence: u64,
    /// The TSLType URI.
    pub list_type: String,
    /// Whether this is the EU list of lists rather than a national list.
    pub is_list_of_lists: bool,
    /// The SchemeTerritory: a country code, or `EU` for the list of lists.
    pub territory: String,
    pub operator: String,
    #[serde(serialize_with = "serialize_time")]
    pub issued: SystemTime,
    /// Absent for a list that its operator closed.
    #[serde(serialize_with = "serialize_optional_time")]
    pub next_update: Option<SystemTime>,
    /// Pointers to other lists (the list of lists has one per territory).
    pub pointers: Vec<ListPointer>,
    pub providers: Vec<Provider>,
}

/// A pointer to another trusted list.
#[derive(Clone, Debug, Serialize)]
pub struct ListPointer {
    pub territory: String,
    pub location: String,
    pub list_type: Option<String>,
    pub mime_type: Option<String>,
    /// DER certificates allowed to sign that list.
    #[serde(skip)]
    pub signers: Vec<Vec<u8>>,
}

/// A trust service provider.
#[derive(Clone, Debug, Serialize)]
pub struct Provider {
    pub name: String,
    pub services: Vec<Service>,
}

/// A trust service, with its current status first in `history`.
#[derive(Clone, Debug, Serialize)]
pub struct Service {
    /// The ServiceTypeIdentifier URI.
    pub service_type: String,
    pub name: String,
    /// DER certificates of the service's digital identity.
    #[serde(skip)]
    pub certificates: Vec<Vec<u8>>,
    /// The current status and the service history, newest first.
    pub history: Vec<StatusEntry>,
}

/// One status of a service, in force from `since` until the next newer entry.
#[derive(Clone, Debug, Serialize)]
pub struct StatusEntry {
    pub status: String,
    #[serde(serialize_with = "serialize_time")]
    pub since: SystemTime,
}

impl Service {
    /// The status in force at `at`, if the service had one then.
    pub fn status_at(&self, at: SystemTime) -> Option<&StatusEntry> {
        self.history.iter().find(|entry| entry.since <= at)
    }

    pub fn is_ca(&self) -> bool {
        CA_SERVICE_TYPES.contains(&self.service_type.as_str())
    }

    /// A qualified time-stamping service, whose time-stamps prove when a signature
    /// existed.
    pub fn is_time_stamping(&self) -> bool {
        self.service_type == TSA_QTST
    }
}

impl StatusEntry {
    pub fn is_trusted(&self) -> bool {
        TRUSTED_STATUSES.contains(&self.status.as_str())
    }
}

impl TrustedList {
    /// Reads a trusted list from its XML bytes.
    pub fn parse(bytes: &[u8]) -> Result<TrustedList, TrustError> {
        Self::from_document(&xml::parse(bytes)?)
    }

    /// Whether the list is past its NextUpdate at `at` (a closed list never is).
    pub fn is_stale(&self, at: SystemTime) -> bool {
        self.next_update.is_some_and(|next| next < at)
    }

    /// The DER certificates that this list allows to sign the list of `territory`.
    pub fn signers_for(&self, territory: &str) -> Vec<&[u8]> {
        let mut found: Vec<&[u8]> = Vec::new();
        for pointer in self.pointers.iter().filter(|p| p.territory == territory) {
            for der in &pointer.signers {
                if !found.contains(&der.as_slice()) {
                    found.push(der);
                }
            }
        }
        found
    }

    pub fn service_count(&self) -> usize {
        self.providers.iter().map(|p| p.services.len()).sum()
    }

    pub fn certificate_count(&self) -> usize {
        let services = self.providers.iter().flat_map(|p| &p.services);
        services.map(|s| s.certificates.len()).sum::<usize>()
            + self.pointers.iter().map(|p| p.signers.len()).sum::<usize>()
    }

    pub(crate) fn from_document(doc: &Document) -> Result<TrustedList, TrustError> {
        let root = &doc.root;
        if !root.is(TSL_NS, "TrustServiceStatusList") {
            return Err(TrustError::NotATrustedList {
                root: root.local.clone(),
            });
        }
        let scheme = required(root, "SchemeInformation")?;
        let version = number(scheme, "TSLVersionIdentifier")?;
        if !(5..=6).contains(&version) {
            return Err(TrustError::UnsupportedListVersion { version });
        }
        let list_type = required_text(scheme, "TSLType")?;
        let next_update = match scheme.first(TSL_NS, "NextUpdate") {
            Some(next) => optional_time(next, "dateTime")?,
            None => None,
        };
        let pointers = match scheme.first(TSL_NS, "PointersToOtherTSL") {
            Some(p) => p
                .all(TSL_NS, "OtherTSLPointer")
                .map(pointer)
                .collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        let providers = match root.first(TSL_NS, "TrustServiceProviderList") {
            Some(list) => list
                .all(TSL_NS, "TrustServiceProvider")
                .map(provider)
                .collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        let territory = required_text(scheme, "SchemeTerritory")?;
        if territory.len() != 2 || !territory.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(TrustError::BadValue {
                name: "SchemeTerritory",
                value: territory,
            });
        }
        Ok(TrustedList {
            version: version as u32,
            sequence: number(scheme, "TSLSequenceNumber")?,
            is_list_of_lists: list_type.ends_with(LIST_OF_LISTS),
            list_type,
            territory,
            operator: name(required(scheme, "SchemeOperatorName")?),
            issued: time(scheme, "ListIssueDateTime")?,
            next_update,
            pointers,
            providers,
        })
    }
}

fn pointer(element: &Element) -> Result<ListPointer, TrustError> {
    let info = required(element, "AdditionalInformation")?;
    let mut territory = None;
    let mut list_type = None;
    let mut mime_type = None;
    for other in info.all(TSL_NS, "OtherInformation") {
        for value in other.elements() {
            match value.local.as_str() {
                "SchemeTerritory" => territory = Some(value.text()),
                "TSLType" => list_type = Some(value.text()),
                "MimeType" => mime_type = Some(value.text()),
                _ => {}
            }
        }
    }
    let mut signers = Vec::new();
    if let Some(identities) = element.first(TSL_NS, "ServiceDigitalIdentities") {
        for identity in identities.all(TSL_NS, "ServiceDigitalIdentity") {
            signers.extend(certificates(identity)?);
        }
    }
    Ok(ListPointer {
        territory: territory.ok_or(TrustError::MissingElement {
            name: "SchemeTerritory",
            parent: "OtherTSLPointer".to_owned(),
        })?,
        location: required_text(element, "TSLLocation")?,
        list_type,
        mime_type,
        signers,
    })
}

fn provider(element: &Element) -> Result<Provider, TrustError> {
    let info = required(element, "TSPInformation")?;
    let services = match element.first(TSL_NS, "TSPServices") {
        Some(s) => s
            .all(TSL_NS, "TSPService")
            .map(service)
            .collect::<Result<_, _>>()?,
        None => Vec::new(),
    };
    Ok(Provider {
        name: name(required(info, "TSPName")?),
        services,
    })
}

fn service(element: &Element) -> Result<Service, TrustError> {
    let info = required(element, "ServiceInformation")?;
    let mut history = vec![status(info)?];
    if let Some(past) = element.first(TSL_NS, "ServiceHistory") {
        for instance in past.all(TSL_NS, "ServiceHistoryInstance") {
            history.push(status(instance)?);
        }
    }
    history.sort_by_key(|entry| std::cmp::Reverse(entry.since));
    Ok(Service {
        service_type: required_text(info, "ServiceTypeIdentifier")?,
        name: name(required(info, "ServiceName")?),
        certificates: certificates(required(info, "ServiceDigitalIdentity")?)?,
        history,
    })
}

fn status(element: &Element) -> Result<StatusEntry, TrustError> {
    Ok(StatusEntry {
        status: required_text(element, "ServiceStatus")?,
        since: time(element, "StatusStartingTime")?,
    })
}

/// The X.509 certificates of a digital identity, as DER.
fn certificates(identity: &Element) -> Result<Vec<Vec<u8>>, TrustError> {
    identity
        .all(TSL_NS, "DigitalId")
        .filter_map(|id| id.first(TSL_NS, "X509Certificate"))
        .map(|cert| decode_base64(&cert.text()).ok_or(TrustError::BadCertificateValue))
        .collect()
}

/// Base64 as XML Signature and trusted lists write it: whitespace anywhere.
pub(crate) fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    Base64::decode_vec(&compact).ok()
}

/// A multilingual name: the English one, else the first.
fn name(element: &Element) -> String {
    let names: Vec<&Element> = element.all(TSL_NS, "Name").collect();
    names
        .iter()
        .find(|n| {
            n.attribute_ns(XML_NS, "lang")
                .is_some_and(|l| l.eq_ignore_ascii_case("en"))
        })
        .or(names.first())
        .map(|n| n.text())
        .unwrap_or_default()
}

fn required<'a>(parent: &'a Element, local: &'static str) -> Result<&'a Element, TrustError> {
    parent
        .first(TSL_NS, local)
        .ok_or_else(|| TrustError::MissingElement {
            name: local,
            parent: parent.local.clone(),
        })
}

fn required_text(parent: &Element, local: &'static str) -> Result<String, TrustError> {
    let text = required(parent, local)?.text();
    if text.is_empty() {
        return Err(TrustError::MissingElement {
            name: local,
            parent: parent.local.clone(),
        });
    }
    Ok(text)
}

fn number(parent: &Element, local: &'static str) -> Result<u64, TrustError> {
    let text = required_text(parent, local)?;
    text.parse().map_err(|_| TrustError::BadValue {
        name: local,
        value: text,
    })
}

fn time(parent: &Element, local: &'static str) -> Result<SystemTime, TrustError> {
    let text = required_text(parent, local)?;
    parse_time(&text).map_err(|_| TrustError::BadValue {
        name: local,
        value: text,
    })
}

/// A time that may be absent or empty (a closed list's NextUpdate).
fn optional_time(parent: &Element, local: &'static str) -> Result<Option<SystemTime>, TrustError> {
    match parent.first(TSL_NS, local).map(Element::text) {
        Some(text) if !text.is_empty() => Ok(Some(parse_time(&text).map_err(|_| {
            TrustError::BadValue {
                name: local,
                value: text,
            }
        })?)),
        _ => Ok(None),
    }
}

fn serialize_time<S: serde::Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&super::time::format_time(*t))
}

fn serialize_optional_time<S: serde::Serializer>(
    t: &Option<SystemTime>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => serialize_time(t, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::time::parse_time;

    fn lotl() -> TrustedList {
        let bytes = std::fs::read(crate::trust::test_data("EU-lotl-2019-09-04.xml")).unwrap();
        TrustedList::parse(&bytes).unwrap()
    }

    #[test]
    fn the_eu_list_of_lists_points_to_every_member_state() {
        let list = lotl();
        assert!(list.is_list_of_lists);
        assert_eq!(
            (list.territory.as_str(), list.version, list.sequence),
            ("EU", 5, 248)
        );
        let sk = list.signers_for("SK");
        assert!(!sk.is_empty());
        for territory in ["AT", "BE", "DE", "EL", "FR", "SK", "UK"] {
            assert!(
                list.pointers.iter().any(|p| p.territory == territory),
                "{territory}"
            );
        }
        assert_eq!(list.issued, parse_time("2019-09-04T08:00:00Z").unwrap());
        assert!(!list.is_stale(parse_time("2019-09-05").unwrap()));
        assert!(list.is_stale(parse_time("2020-09-05").unwrap()));
    }

    #[test]
    fn a_national_list_has_providers_services_and_history() {
        let bytes = std::fs::read(crate::trust::test_data("SK-2019-08-23.xml")).unwrap();
        let list = TrustedList::parse(&bytes).unwrap();
        assert!(!list.is_list_of_lists);
        assert_eq!((list.territory.as_str(), list.sequence), ("SK", 59));
        assert!(list.providers.len() > 5);
        let services: Vec<&Service> = list.providers.iter().flat_map(|p| &p.services).collect();
        assert!(
            services
                .iter()
                .any(|s| s.is_ca() && !s.certificates.is_empty())
        );
        assert!(services.iter().any(|s| s.history.len() > 1));
        for s in services {
            assert!(s.history.windows(2).all(|w| w[0].since >= w[1].since));
        }
    }

    #[test]
    fn a_version_6_list_reads_like_version_5() {
        let v6 = format!(
            r#"<tsl:TrustServiceStatusList xmlns:tsl="{TSL_NS}"><tsl:SchemeInformation>
<tsl:TSLVersionIdentifier>6</tsl:TSLVersionIdentifier><tsl:TSLSequenceNumber>3</tsl:TSLSequenceNumber>
<tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric</tsl:TSLType>
<tsl:SchemeOperatorName><tsl:Name xml:lang="fr">Op</tsl:Name></tsl:SchemeOperatorName>
<tsl:SchemeTerritory>LU</tsl:SchemeTerritory>
<tsl:ListIssueDateTime>2025-01-01T00:00:00Z</tsl:ListIssueDateTime><tsl:NextUpdate/>
</tsl:SchemeInformation></tsl:TrustServiceStatusList>"#
        );
        let list = TrustedList::parse(v6.as_bytes()).unwrap();
        assert_eq!(
            (list.version, list.sequence, list.territory.as_str()),
            (6, 3, "LU")
        );
        assert_eq!(list.operator, "Op");
        assert_eq!(list.next_update, None);
        assert!(!list.is_stale(SystemTime::now()));
    }

    #[test]
    fn a_list_of_another_kind_or_version_is_refused() {
        assert!(matches!(
            TrustedList::parse(b"<html/>"),
            Err(TrustError::NotATrustedList { .. })
        ));
        let v4 = format!(
            r#"<TrustServiceStatusList xmlns="{TSL_NS}"><SchemeInformation><TSLVersionIdentifier>4</TSLVersionIdentifier></SchemeInformation></TrustServiceStatusList>"#
        );
        assert!(matches!(
            TrustedList::parse(v4.as_bytes()),
            Err(TrustError::UnsupportedListVersion { version: 4 })
        ));
        let escape = v4
            .replace(">4<", ">5<")
            .replace("</SchemeInformation>", "<TSLSequenceNumber>1</TSLSequenceNumber><TSLType>t</TSLType><SchemeOperatorName/><SchemeTerritory>../x</SchemeTerritory><ListIssueDateTime>2025-01-01</ListIssueDateTime></SchemeInformation>");
        assert!(matches!(
            TrustedList::parse(escape.as_bytes()),
            Err(TrustError::BadValue {
                name: "SchemeTerritory",
                ..
            })
        ));
    }
}
