//! XML canonicalization over the tree of [`super::xml`], the two kinds that trusted
//! lists are signed with, each with or without comments: Canonical XML 1.0
//! (inclusive, <http://www.w3.org/TR/2001/REC-xml-c14n-20010315>, RFC 3076) and
//! Exclusive XML Canonicalization 1.0 (<http://www.w3.org/2001/10/xml-exc-c14n#>).
//!
//! Written here because no well-kept Rust crate canonicalises a document subset; the
//! output is compared byte for byte with `xmlsec1`'s (`c14n_against_xmlsec1.rs`).
//!
//! Two node sets are supported, the two that a trusted list's signature references:
//! the whole document without one element (the enveloped signature), and one element
//! with everything inside it (SignedInfo, the XAdES SignedProperties). The work is
//! linear in the size of the document: namespace look-ups are hashed.

use std::collections::HashMap;

use super::xml::{Attribute, Document, Element, Node, Pi, XML_NS};

/// Which part of the document to canonicalise.
#[derive(Clone, Copy)]
pub(crate) enum Subset<'a> {
    /// The whole document except this element and what is inside it.
    DocumentWithout(&'a Element),
    /// This element and what is inside it.
    Element(&'a Element),
}

/// Which canonicalization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    /// Canonical XML 1.0: an element of the output carries every namespace in scope
    /// that its output parent does not, and the apex of an element subset inherits the
    /// `xml:*` attributes of its ancestors.
    Inclusive,
    /// Exclusive XML Canonicalization 1.0: an element carries only the namespaces it
    /// visibly uses, and those of the InclusiveNamespaces PrefixList (`#default` for
    /// the default namespace) wherever they are in scope.
    Exclusive { prefixes: Vec<String> },
}

/// The canonical form of `subset` by `method`; comments are rendered when `comments`.
pub(crate) fn canonicalize(
    doc: &Document,
    subset: Subset<'_>,
    method: &Method,
    comments: bool,
) -> Vec<u8> {
    let mut c = Canonicalizer {
        out: Vec::new(),
        subset,
        method,
        comments,
        in_scope: Bindings::default(),
        rendered: Bindings::default(),
        xml_attributes: Vec::new(),
    };
    match subset {
        Subset::DocumentWithout(_) => {
            for node in &doc.prolog {
                if c.renders(node) {
                    c.misc(node);
                    c.out.push(b'\n');
                }
            }
            c.element(&doc.root, true);
            for node in &doc.epilog {
                if c.renders(node) {
                    c.out.push(b'\n');
                    c.misc(node);
                }
            }
        }
        Subset::Element(_) => c.element(&doc.root, false),
    }
    c.out
}

/// Namespace bindings: per prefix (empty for the default namespace) the URIs bound,
/// the innermost last.
#[derive(Default)]
struct Bindings<'a>(HashMap<&'a str, Vec<&'a str>>);

impl<'a> Bindings<'a> {
    fn get(&self, prefix: &str) -> Option<&'a str> {
        self.0.get(prefix).and_then(|uris| uris.last()).copied()
    }

    fn push(&mut self, prefix: &'a str, uri: &'a str) {
        self.0.entry(prefix).or_default().push(uri);
    }

    fn pop(&mut self, prefix: &str) {
        if let Some(uris) = self.0.get_mut(prefix) {
            uris.pop();
        }
    }

    /// The prefixes bound now.
    fn prefixes(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.0
            .iter()
            .filter(|(_, uris)| !uris.is_empty())
            .map(|(prefix, _)| *prefix)
    }
}

struct Canonicalizer<'a, 'm> {
    out: Vec<u8>,
    subset: Subset<'a>,
    method: &'m Method,
    comments: bool,
    /// The namespaces in scope at the element visited.
    in_scope: Bindings<'a>,
    /// The namespaces rendered by the output ancestors of the element visited.
    rendered: Bindings<'a>,
    /// The `xml:*` attributes of the ancestors outside the output, the nearest last.
    xml_attributes: Vec<&'a Attribute>,
}

impl<'a> Canonicalizer<'a, '_> {
    /// Visits `element`; `in_output` when its parent is in the output.
    fn element(&mut self, element: &'a Element, in_output: bool) {
        let (in_output, apex) = match self.subset {
            Subset::DocumentWithout(excluded) if std::ptr::eq(excluded, element) => return,
            Subset::Element(selected) if std::ptr::eq(selected, element) => (true, true),
            _ => (in_output, false),
        };
        for (prefix, uri) in &element.declarations {
            self.in_scope.push(prefix, uri);
        }
        if in_output {
            let rendered = self.start_tag(element, apex);
            for child in &element.children {
                match child {
                    Node::Element(e) => self.element(e, true),
                    Node::Text(text) => escape_text(&mut self.out, text),
                    other => self.misc(other),
                }
            }
            self.out.extend_from_slice(b"</");
            self.qname(&element.prefix, &element.local);
            self.out.push(b'>');
            for prefix in rendered {
                self.rendered.pop(prefix);
            }
        } else {
            let before = self.xml_attributes.len();
            self.xml_attributes
                .extend(element.attributes.iter().filter(|a| a.namespace == XML_NS));
            for child in element.elements() {
                self.element(child, false);
            }
            self.xml_attributes.truncate(before);
        }
        for (prefix, _) in &element.declarations {
            self.in_scope.pop(prefix);
        }
    }

    /// Writes the start tag of `element`, the apex of the output when `apex`; returns
    /// the prefixes whose declarations it rendered.
    fn start_tag(&mut self, element: &'a Element, apex: bool) -> Vec<&'a str> {
        let mut candidates: Vec<&'a str> = match self.method {
            Method::Inclusive if apex => self.in_scope.prefixes().collect(),
            Method::Inclusive => element
                .declarations
                .iter()
                .map(|(prefix, _)| prefix.as_str())
                .collect(),
            Method::Exclusive { prefixes } => {
                let mut utilized = vec![element.prefix.as_str()];
                utilized.extend(
                    element
                        .attributes
                        .iter()
                        .filter(|a| !a.prefix.is_empty() && a.prefix != "xml")
                        .map(|a| a.prefix.as_str()),
                );
                for prefix in prefixes {
                    let prefix = if prefix == "#default" { "" } else { prefix };
                    if let Some((bound, _)) = self.in_scope.0.get_key_value(prefix) {
                        utilized.push(bound);
                    }
                }
                utilized
            }
        };
        candidates.sort_unstable();
        candidates.dedup();

        self.out.push(b'<');
        self.qname(&element.prefix, &element.local);
        let mut rendered = Vec::new();
        for prefix in candidates {
            let uri = self.in_scope.get(prefix).unwrap_or("");
            let shown = self.rendered.get(prefix);
            let needed = if prefix.is_empty() {
                uri != shown.unwrap_or("")
            } else {
                shown != Some(uri)
            };
            if !needed || uri == XML_NS {
                continue;
            }
            self.out.extend_from_slice(b" xmlns");
            if !prefix.is_empty() {
                self.out.push(b':');
                self.out.extend_from_slice(prefix.as_bytes());
            }
            self.out.extend_from_slice(b"=\"");
            escape_attribute(&mut self.out, uri);
            self.out.push(b'"');
            self.rendered.push(prefix, uri);
            rendered.push(prefix);
        }

        let mut attributes: Vec<&Attribute> = element.attributes.iter().collect();
        if apex && *self.method == Method::Inclusive {
            for inherited in self.xml_attributes.iter().rev() {
                if !attributes
                    .iter()
                    .any(|a| a.namespace == XML_NS && a.local == inherited.local)
                {
                    attributes.push(inherited);
                }
            }
        }
        attributes.sort_by(|a, b| (&a.namespace, &a.local).cmp(&(&b.namespace, &b.local)));
        for a in attributes {
            self.out.push(b' ');
            self.qname(&a.prefix, &a.local);
            self.out.extend_from_slice(b"=\"");
            escape_attribute(&mut self.out, &a.value);
            self.out.push(b'"');
        }
        self.out.push(b'>');
        rendered
    }

    fn qname(&mut self, prefix: &str, local: &str) {
        if !prefix.is_empty() {
            self.out.extend_from_slice(prefix.as_bytes());
            self.out.push(b':');
        }
        self.out.extend_from_slice(local.as_bytes());
    }

    /// Whether `node`, a processing instruction or comment, is in the output.
    fn renders(&self, node: &Node) -> bool {
        match node {
            Node::Pi(_) => true,
            Node::Comment(_) => self.comments,
            _ => false,
        }
    }

    /// Writes a processing instruction, or a comment when comments are kept.
    fn misc(&mut self, node: &Node) {
        match node {
            Node::Pi(Pi { target, data }) => {
                self.out.extend_from_slice(b"<?");
                self.out.extend_from_slice(target.as_bytes());
                if !data.is_empty() {
                    self.out.push(b' ');
                    self.out.extend_from_slice(data.as_bytes());
                }
                self.out.extend_from_slice(b"?>");
            }
            Node::Comment(text) if self.comments => {
                self.out.extend_from_slice(b"<!--");
                self.out.extend_from_slice(text.as_bytes());
                self.out.extend_from_slice(b"-->");
            }
            _ => {}
        }
    }
}

fn escape_text(out: &mut Vec<u8>, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '>' => out.extend_from_slice(b"&gt;"),
            '\r' => out.extend_from_slice(b"&#xD;"),
            c => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
}

fn escape_attribute(out: &mut Vec<u8>, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '"' => out.extend_from_slice(b"&quot;"),
            '\t' => out.extend_from_slice(b"&#x9;"),
            '\n' => out.extend_from_slice(b"&#xA;"),
            '\r' => out.extend_from_slice(b"&#xD;"),
            c => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
}

#[cfg(test)]
#[path = "c14n_against_xmlsec1.rs"]
mod against_xmlsec1;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::xml::parse;

    fn exclusive() -> Method {
        Method::Exclusive {
            prefixes: Vec::new(),
        }
    }

    fn whole_by(xml: &str, method: &Method, comments: bool) -> String {
        let doc = parse(xml.as_bytes()).unwrap();
        let nothing = Element {
            prefix: String::new(),
            local: String::new(),
            namespace: String::new(),
            declarations: Vec::new(),
            attributes: Vec::new(),
            children: Vec::new(),
        };
        let out = canonicalize(&doc, Subset::DocumentWithout(&nothing), method, comments);
        String::from_utf8(out).unwrap()
    }

    fn whole(xml: &str) -> String {
        whole_by(xml, &exclusive(), false)
    }

    /// The canonical form of the first child of the root.
    fn first_child(xml: &str, method: &Method, comments: bool) -> String {
        let doc = parse(xml.as_bytes()).unwrap();
        let child = doc.root.elements().next().unwrap();
        String::from_utf8(canonicalize(&doc, Subset::Element(child), method, comments)).unwrap()
    }

    #[test]
    fn renders_as_the_recommendation_says() {
        // Attribute order, empty elements, escaping, the XML declaration and comments
        // dropped, line ends normalised (W3C Canonical XML, examples 3.1 to 3.4).
        let xml = "<?xml version=\"1.0\"?>\r\n<?pi data?><!-- c --><d b=\"2\" a='x&#xD;\"&lt;'>\r\n<e/>\
                   t&gt;&amp;<![CDATA[<]]></d>";
        let expected = "<?pi data?>\n<d a=\"x&#xD;&quot;&lt;\" b=\"2\">\n<e></e>t&gt;&amp;&lt;</d>";
        assert_eq!(whole(xml), expected);
        assert_eq!(whole_by(xml, &Method::Inclusive, false), expected);
    }

    #[test]
    fn comments_are_kept_on_request_with_the_line_ends_around_the_root() {
        let xml = "<!--a--><?p?>\r\n<r><!-- b\r\nc --></r><!--d-->";
        assert_eq!(
            whole_by(xml, &Method::Inclusive, true),
            "<!--a-->\n<?p?>\n<r><!-- b\nc --></r>\n<!--d-->"
        );
        assert_eq!(
            whole_by(xml, &exclusive(), true),
            "<!--a-->\n<?p?>\n<r><!-- b\nc --></r>\n<!--d-->"
        );
        assert_eq!(whole_by(xml, &Method::Inclusive, false), "<?p?>\n<r></r>");
    }

    #[test]
    fn renders_only_visibly_utilized_namespaces() {
        assert_eq!(
            whole(
                r#"<a:r xmlns:a="urn:a" xmlns:b="urn:b" xmlns="urn:d"><c b:x="1" a:y="2"><a:e/></c></a:r>"#
            ),
            r#"<a:r xmlns:a="urn:a"><c xmlns="urn:d" xmlns:b="urn:b" a:y="2" b:x="1"><a:e></a:e></c></a:r>"#
        );
        assert_eq!(
            whole(r#"<r xmlns="urn:d"><e xmlns=""/></r>"#),
            r#"<r xmlns="urn:d"><e xmlns=""></e></r>"#
        );
    }

    #[test]
    fn inclusive_renders_every_namespace_once_and_drops_redeclarations() {
        assert_eq!(
            whole_by(
                r#"<a:r xmlns:b="urn:b" xmlns:a="urn:a" xmlns="urn:d"><c xmlns:a="urn:a" xmlns:b="urn:B"><e xmlns=""/></c></a:r>"#,
                &Method::Inclusive,
                false
            ),
            r#"<a:r xmlns="urn:d" xmlns:a="urn:a" xmlns:b="urn:b"><c xmlns:b="urn:B"><e xmlns=""></e></c></a:r>"#
        );
    }

    #[test]
    fn an_element_subset_carries_its_namespaces_and_the_prefix_list() {
        let xml =
            r#"<r xmlns="urn:d" xmlns:p="urn:p" xmlns:q="urn:q" xml:lang="en"><p:s><t/></p:s></r>"#;
        assert_eq!(
            first_child(xml, &exclusive(), false),
            r#"<p:s xmlns:p="urn:p"><t xmlns="urn:d"></t></p:s>"#
        );
        let listed = Method::Exclusive {
            prefixes: vec!["q".to_owned()],
        };
        assert_eq!(
            first_child(xml, &listed, false),
            r#"<p:s xmlns:p="urn:p" xmlns:q="urn:q"><t xmlns="urn:d"></t></p:s>"#
        );
    }

    #[test]
    fn an_inclusive_apex_inherits_the_namespaces_and_xml_attributes_in_scope() {
        let xml = r#"<r xmlns="urn:d" xmlns:p="urn:p" xml:lang="en" xml:space="preserve" a="1"><m xml:lang="fr"><p:s xml:space="default" b="2"><t/></p:s></m></r>"#;
        let doc = parse(xml.as_bytes()).unwrap();
        let s = doc
            .root
            .elements()
            .next()
            .unwrap()
            .elements()
            .next()
            .unwrap();
        let out = canonicalize(&doc, Subset::Element(s), &Method::Inclusive, false);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<p:s xmlns="urn:d" xmlns:p="urn:p" b="2" xml:lang="fr" xml:space="default"><t></t></p:s>"#
        );
    }

    #[test]
    fn an_empty_default_namespace_is_not_rendered_at_the_apex() {
        assert_eq!(
            first_child(
                r#"<r xmlns="urn:d"><s xmlns=""><t/></s></r>"#,
                &Method::Inclusive,
                false
            ),
            "<s><t></t></s>"
        );
    }

    #[test]
    fn the_excluded_element_leaves_its_surroundings() {
        let xml = "<r>\n<a/>\n<s><t/></s>\n</r>";
        let doc = parse(xml.as_bytes()).unwrap();
        let s = doc.root.elements().nth(1).unwrap();
        for method in [exclusive(), Method::Inclusive] {
            let out = canonicalize(&doc, Subset::DocumentWithout(s), &method, true);
            assert_eq!(String::from_utf8(out).unwrap(), "<r>\n<a></a>\n\n</r>");
        }
    }
}
