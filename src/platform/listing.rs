//! A folder's listing: the multistatus answer to PROPFIND with Depth 1 (RFC 4918
//! section 9.1), read with quick-xml whatever prefix the server gives the DAV:
//! namespace.

use percent_encoding::percent_decode_str;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

/// The request body: only the properties epct uses.
pub(crate) const PROPFIND_BODY: &[u8] = br#"<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getcontentlength/><D:getlastmodified/></D:prop></D:propfind>"#;

/// One member of a folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Its name (the last segment of its path, decoded).
    pub name: String,
    /// Whether it is a folder (a collection).
    pub folder: bool,
    /// Its size in bytes, for a file.
    pub size: Option<u64>,
    /// When it was last changed, as the server says it (RFC 1123).
    pub modified: Option<String>,
}

const DAV: Namespace<'static> = Namespace("DAV:");

/// The members of the folder at `folder_path` (a decoded path ending in `/`) in the
/// multistatus `xml`; the folder itself is left out.
pub(crate) fn parse(xml: &[u8], folder_path: &str) -> Result<Vec<Entry>, String> {
    let mut reader = NsReader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut entries = Vec::new();
    let mut current: Option<(String, Entry)> = None;
    let mut text_of: Option<&'static str> = None;
    let mut text = String::new();
    let mut buf = Vec::new();
    loop {
        let (ns, event) = reader
            .read_resolved_event_into(&mut buf)
            .map_err(|e| e.to_string())?;
        let in_dav = matches!(ns, ResolveResult::Bound(n) if n == DAV);
        match event {
            Event::Start(e) | Event::Empty(e) if in_dav => match e.local_name().as_ref() {
                "response" => {
                    current = Some((
                        String::new(),
                        Entry {
                            name: String::new(),
                            folder: false,
                            size: None,
                            modified: None,
                        },
                    ));
                }
                "collection" => {
                    if let Some((_, entry)) = current.as_mut() {
                        entry.folder = true;
                    }
                }
                "href" => {
                    text.clear();
                    text_of = Some("href");
                }
                "getcontentlength" => {
                    text.clear();
                    text_of = Some("length");
                }
                "getlastmodified" => {
                    text.clear();
                    text_of = Some("modified");
                }
                _ => {}
            },
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(c) => text.push_str(&c.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c,
                    None => match &*r.into_inner() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        other => return Err(format!("undefined entity &{other};")),
                    },
                };
                text.push(c);
            }
            Event::End(e) if in_dav => match e.local_name().as_ref() {
                "href" | "getcontentlength" | "getlastmodified" => {
                    if let (Some(what), Some((href, entry))) = (text_of.take(), current.as_mut()) {
                        let value = std::mem::take(&mut text);
                        match what {
                            "href" => *href = value,
                            "length" => entry.size = value.trim().parse().ok(),
                            _ => entry.modified = Some(value),
                        }
                    }
                }
                "response" => {
                    if let Some((href, mut entry)) = current.take() {
                        let path = decoded_path(&href)?;
                        if path.trim_end_matches('/') != folder_path.trim_end_matches('/') {
                            entry.name = path
                                .trim_end_matches('/')
                                .rsplit('/')
                                .next()
                                .unwrap_or_default()
                                .to_owned();
                            entries.push(entry);
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(entries)
}

/// The path of an href (absolute URL or absolute path), percent-decoded.
fn decoded_path(href: &str) -> Result<String, String> {
    let href = href.trim();
    let path = match href.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => href,
    };
    percent_decode_str(path)
        .decode_utf8()
        .map(|p| p.into_owned())
        .map_err(|_| format!("the href {href} is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As Apache httpd mod_dav_fs answers, with the lp1 namespace and a prefix of its own.
    const APACHE: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<D:multistatus xmlns:D="DAV:" xmlns:ns0="DAV:">
<D:response xmlns:lp1="DAV:"><D:href>/dav/FR/BE/</D:href>
<D:propstat><D:prop><lp1:resourcetype><D:collection/></lp1:resourcetype></D:prop>
<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
<D:response xmlns:lp1="DAV:"><D:href>/dav/FR/BE/BE-to-FR-2026-11-25-voters.p7m</D:href>
<D:propstat><D:prop><lp1:resourcetype/><lp1:getcontentlength>1234</lp1:getcontentlength>
<lp1:getlastmodified>Tue, 01 Dec 2026 10:00:00 GMT</lp1:getlastmodified></D:prop>
<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
<D:response><D:href>/dav/FR/BE/receipts/</D:href><D:propstat><D:prop>
<lp1:resourcetype xmlns:lp1="DAV:"><D:collection/></lp1:resourcetype></D:prop></D:propstat></D:response>
</D:multistatus>"#;

    #[test]
    fn an_apache_listing_gives_files_and_folders_without_the_folder_itself() {
        let entries = parse(APACHE.as_bytes(), "/dav/FR/BE/").unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].name, "BE-to-FR-2026-11-25-voters.p7m");
        assert_eq!(entries[0].size, Some(1234));
        assert!(!entries[0].folder);
        assert_eq!(entries[1].name, "receipts");
        assert!(entries[1].folder);
    }

    #[test]
    fn other_prefixes_full_urls_and_encoded_names_are_read() {
        let xml = r#"<a:multistatus xmlns:a="DAV:"><a:response>
<a:href>https://h/webdav/x/</a:href></a:response><a:response>
<a:href>https://h/webdav/x/a%20b.p7m</a:href><a:propstat><a:prop><a:resourcetype/>
<a:getcontentlength>7</a:getcontentlength></a:prop></a:propstat></a:response></a:multistatus>"#;
        let entries = parse(xml.as_bytes(), "/webdav/x/").unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].name, "a b.p7m");
        assert_eq!(entries[0].size, Some(7));
    }

    #[test]
    fn elements_of_other_namespaces_are_not_taken_for_dav_ones() {
        let xml = r#"<D:multistatus xmlns:D="DAV:" xmlns:X="urn:x"><D:response>
<D:href>/r/f</D:href><D:propstat><D:prop><D:resourcetype><X:collection/></D:resourcetype>
</D:prop></D:propstat></D:response></D:multistatus>"#;
        let entries = parse(xml.as_bytes(), "/r/").unwrap();
        assert!(!entries[0].folder);
    }
}
