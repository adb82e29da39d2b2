//! Exclusive XML Canonicalization 1.0 without comments
//! (<http://www.w3.org/2001/10/xml-exc-c14n#>), the only canonicalization that
//! ETSI TS 119 612 signatures use, over the tree of [`super::xml`].
//!
//! Two node sets are supported, the two that a trusted list's signature references:
//! the whole document without one element (the enveloped signature), and one element
//! with everything inside it (SignedInfo, the XAdES SignedProperties).

use super::xml::{Document, Element, Node, XML_NS};

/// Which part of the document to canonicalise.
#[derive(Clone, Copy)]
pub(crate) enum Subset<'a> {
    /// The whole document except this element and what is inside it.
    DocumentWithout(&'a Element),
    /// This element and what is inside it.
    Element(&'a Element),
}

/// The canonical form of `subset`. `inclusive` is the InclusiveNamespaces PrefixList
/// (`#default` for the default namespace): those prefixes are rendered wherever they
/// are in scope, as inclusive canonicalization would.
pub(crate) fn canonicalize(doc: &Document, subset: Subset<'_>, inclusive: &[String]) -> Vec<u8> {
    let mut c = Canonicalizer {
        out: Vec::new(),
        subset,
        inclusive,
    };
    match subset {
        Subset::DocumentWithout(_) => {
            for pi in &doc.prolog {
                c.pi(&pi.target, &pi.data);
                c.out.push(b'\n');
            }
            c.element(&doc.root, &[], Some(&[]));
            for pi in &doc.epilog {
                c.out.push(b'\n');
                c.pi(&pi.target, &pi.data);
            }
        }
        Subset::Element(_) => c.element(&doc.root, &[], None),
    }
    c.out
}

/// Namespace bindings as (prefix, URI), the later ones shadowing the earlier.
type Bindings<'a> = [(&'a str, &'a str)];

fn lookup<'a>(bindings: &Bindings<'a>, prefix: &str) -> Option<&'a str> {
    bindings
        .iter()
        .rev()
        .find(|(p, _)| *p == prefix)
        .map(|(_, uri)| *uri)
}

struct Canonicalizer<'a, 's> {
    out: Vec<u8>,
    subset: Subset<'a>,
    inclusive: &'s [String],
}

impl<'a> Canonicalizer<'a, '_> {
    /// Visits `element`. `scope` holds the bindings in scope at its parent; `rendered`
    /// the bindings rendered by its nearest output ancestor, or `None` when the parent
    /// is not in the output.
    fn element(
        &mut self,
        element: &'a Element,
        scope: &Bindings<'a>,
        rendered: Option<&Bindings<'a>>,
    ) {
        let rendered = match self.subset {
            Subset::DocumentWithout(excluded) if std::ptr::eq(excluded, element) => return,
            Subset::Element(selected) if std::ptr::eq(selected, element) => Some(&[][..]),
            _ => rendered,
        };
        let mut scope = scope.to_vec();
        scope.extend(
            element
                .declarations
                .iter()
                .map(|(p, uri)| (p.as_str(), uri.as_str())),
        );
        let Some(rendered) = rendered else {
            for child in element.elements() {
                self.element(child, &scope, None);
            }
            return;
        };
        let mut now_rendered = rendered.to_vec();
        self.start_tag(element, &scope, rendered, &mut now_rendered);
        for child in &element.children {
            match child {
                Node::Element(e) => self.element(e, &scope, Some(&now_rendered)),
                Node::Text(text) => escape_text(&mut self.out, text),
                Node::Pi(pi) => self.pi(&pi.target, &pi.data),
            }
        }
        self.out.extend_from_slice(b"</");
        self.qname(&element.prefix, &element.local);
        self.out.push(b'>');
    }

    fn start_tag(
        &mut self,
        element: &'a Element,
        scope: &Bindings<'a>,
        rendered: &Bindings<'a>,
        now_rendered: &mut Vec<(&'a str, &'a str)>,
    ) {
        let mut utilized: Vec<&str> = vec![element.prefix.as_str()];
        utilized.extend(
            element
                .attributes
                .iter()
                .filter(|a| !a.prefix.is_empty() && a.prefix != "xml")
                .map(|a| a.prefix.as_str()),
        );
        for prefix in self.inclusive {
            let prefix = if prefix == "#default" { "" } else { prefix };
            if let Some((p, _)) = scope.iter().rev().find(|(p, _)| *p == prefix) {
                utilized.push(p);
            }
        }
        utilized.sort_unstable();
        utilized.dedup();

        self.out.push(b'<');
        self.qname(&element.prefix, &element.local);
        for prefix in utilized {
            let uri = lookup(scope, prefix).unwrap_or("");
            let shown = lookup(rendered, prefix);
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
            now_rendered.push((prefix, uri));
        }
        let mut attributes: Vec<_> = element.attributes.iter().collect();
        attributes.sort_by(|a, b| (&a.namespace, &a.local).cmp(&(&b.namespace, &b.local)));
        for a in attributes {
            self.out.push(b' ');
            self.qname(&a.prefix, &a.local);
            self.out.extend_from_slice(b"=\"");
            escape_attribute(&mut self.out, &a.value);
            self.out.push(b'"');
        }
        self.out.push(b'>');
    }

    fn qname(&mut self, prefix: &str, local: &str) {
        if !prefix.is_empty() {
            self.out.extend_from_slice(prefix.as_bytes());
            self.out.push(b':');
        }
        self.out.extend_from_slice(local.as_bytes());
    }

    fn pi(&mut self, target: &str, data: &str) {
        self.out.extend_from_slice(b"<?");
        self.out.extend_from_slice(target.as_bytes());
        if !data.is_empty() {
            self.out.push(b' ');
            self.out.extend_from_slice(data.as_bytes());
        }
        self.out.extend_from_slice(b"?>");
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
mod tests {
    use super::*;
    use crate::trust::xml::parse;

    fn whole(xml: &str) -> String {
        let doc = parse(xml.as_bytes()).unwrap();
        let nothing = Element {
            prefix: String::new(),
            local: String::new(),
            namespace: String::new(),
            declarations: Vec::new(),
            attributes: Vec::new(),
            children: Vec::new(),
        };
        String::from_utf8(canonicalize(&doc, Subset::DocumentWithout(&nothing), &[])).unwrap()
    }

    #[test]
    fn renders_as_the_recommendation_says() {
        // Attribute order, empty elements, escaping, the XML declaration and comments
        // dropped, line ends normalised (W3C Canonical XML, examples 3.1 to 3.4).
        assert_eq!(
            whole(
                "<?xml version=\"1.0\"?>\r\n<?pi data?><!-- c --><d b=\"2\" a='x&#xD;\"&lt;'>\r\n<e/>\
                 t&gt;&amp;<![CDATA[<]]></d>"
            ),
            "<?pi data?>\n<d a=\"x&#xD;&quot;&lt;\" b=\"2\">\n<e></e>t&gt;&amp;&lt;</d>"
        );
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
    fn an_element_subset_carries_its_namespaces_and_the_prefix_list() {
        let xml =
            r#"<r xmlns="urn:d" xmlns:p="urn:p" xmlns:q="urn:q" xml:lang="en"><p:s><t/></p:s></r>"#;
        let doc = parse(xml.as_bytes()).unwrap();
        let s = doc.root.elements().next().unwrap();
        let plain = canonicalize(&doc, Subset::Element(s), &[]);
        assert_eq!(
            String::from_utf8(plain).unwrap(),
            r#"<p:s xmlns:p="urn:p"><t xmlns="urn:d"></t></p:s>"#
        );
        let listed = canonicalize(&doc, Subset::Element(s), &["q".to_owned()]);
        assert_eq!(
            String::from_utf8(listed).unwrap(),
            r#"<p:s xmlns:p="urn:p" xmlns:q="urn:q"><t xmlns="urn:d"></t></p:s>"#
        );
    }

    #[test]
    fn the_excluded_element_leaves_its_surroundings() {
        let xml = "<r>\n<a/>\n<s><t/></s>\n</r>";
        let doc = parse(xml.as_bytes()).unwrap();
        let s = doc.root.elements().nth(1).unwrap();
        let out = canonicalize(&doc, Subset::DocumentWithout(s), &[]);
        assert_eq!(String::from_utf8(out).unwrap(), "<r>\n<a></a>\n\n</r>");
    }
}
