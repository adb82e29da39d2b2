//! A small namespace-aware XML tree, enough to read a trusted list and to canonicalise
//! the parts that its signature covers.
//!
//! Only UTF-8 is read (a leading byte-order mark is skipped). A document type
//! declaration is refused, so no entity is ever defined or expanded beyond the five
//! predefined ones and character references. Comments are kept, for the canonical
//! forms "with comments". Line ends and attribute values are normalised as XML 1.0
//! says, so the tree holds what a canonicaliser must see.
//!
//! A hostile file cannot make the parser work or hold much more than its own size:
//! elements nest at most [`MAX_DEPTH`] deep, one element carries at most
//! [`MAX_ATTRIBUTES`] attributes, a document holds at most [`MAX_NODES`] elements,
//! comments and processing instructions, and every attribute costs constant time
//! (namespace look-ups and the duplicate check are hashed).

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::{Reader, XmlVersion};

use super::TrustError;

/// The namespace that the `xml` prefix is bound to.
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Elements nested deeper than this are refused (trusted lists need about 15).
pub(crate) const MAX_DEPTH: usize = 256;

/// Attributes and namespace declarations of one element beyond this are refused (the
/// real lists of 2019 have at most 9 on an element).
pub(crate) const MAX_ATTRIBUTES: usize = 256;

/// Elements, comments and processing instructions of a document beyond this are
/// refused. Real lists hold about one element per 200 bytes, so a list of the largest
/// size read (64 MiB) would have about 350,000; a million nodes take about 250 MB.
pub(crate) const MAX_NODES: usize = 1_000_000;

/// A parsed document: the root element, and the processing instructions and comments
/// around it.
#[derive(Debug)]
pub(crate) struct Document {
    /// Only [`Node::Pi`] and [`Node::Comment`].
    pub prolog: Vec<Node>,
    pub root: Element,
    /// Only [`Node::Pi`] and [`Node::Comment`].
    pub epilog: Vec<Node>,
}

/// A processing instruction.
#[derive(Debug)]
pub(crate) struct Pi {
    pub target: String,
    /// Everything after the target and the whitespace that follows it.
    pub data: String,
}

#[derive(Debug)]
pub(crate) struct Element {
    /// The prefix as written, empty when there is none.
    pub prefix: String,
    pub local: String,
    /// The namespace URI, empty when the element is in no namespace.
    pub namespace: String,
    /// Namespace declarations made on this element: (prefix, URI), prefix empty for the
    /// default namespace.
    pub declarations: Vec<(String, String)>,
    pub attributes: Vec<Attribute>,
    pub children: Vec<Node>,
}

#[derive(Debug)]
pub(crate) struct Attribute {
    pub prefix: String,
    pub local: String,
    pub namespace: String,
    pub value: String,
}

#[derive(Debug)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
    Pi(Pi),
    /// The text between `<!--` and `-->`.
    Comment(String),
}

impl Element {
    pub fn is(&self, namespace: &str, local: &str) -> bool {
        self.local == local && self.namespace == namespace
    }

    /// Child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// Child elements with this name.
    pub fn all<'a>(
        &'a self,
        namespace: &'a str,
        local: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements().filter(move |e| e.is(namespace, local))
    }

    /// The first child element with this name.
    pub fn first(&self, namespace: &str, local: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(namespace, local))
    }

    /// The text directly inside this element, trimmed.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for node in &self.children {
            if let Node::Text(t) = node {
                text.push_str(t);
            }
        }
        text.trim().to_owned()
    }

    /// The value of an attribute in no namespace.
    pub fn attribute(&self, local: &str) -> Option<&str> {
        self.attribute_ns("", local)
    }

    pub fn attribute_ns(&self, namespace: &str, local: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.local == local && a.namespace == namespace)
            .map(|a| a.value.as_str())
    }

    /// This element and every element below it, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut found = Vec::new();
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            found.push(e);
            let children: Vec<&Element> = e.elements().collect();
            stack.extend(children.into_iter().rev());
        }
        found
    }
}

/// Parses a whole document.
pub(crate) fn parse(bytes: &[u8]) -> Result<Document, TrustError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| TrustError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    Parser::default().run(text)
}

#[derive(Default)]
struct Parser {
    /// Elements being built, outermost first.
    open: Vec<Element>,
    /// The namespaces in scope: per prefix, the URIs that open elements bound it to,
    /// the innermost last.
    scope: HashMap<String, Vec<String>>,
    /// The prefixes that each open element declared.
    declared: Vec<Vec<String>>,
    /// Elements, comments and processing instructions read so far.
    nodes: usize,
    prolog: Vec<Node>,
    root: Option<Element>,
    epilog: Vec<Node>,
}

fn malformed(reason: impl Into<String>) -> TrustError {
    TrustError::MalformedXml {
        reason: reason.into(),
    }
}

impl Parser {
    fn run(mut self, text: &str) -> Result<Document, TrustError> {
        let mut reader = Reader::from_str(text);
        // A comment holding "--" is not XML, and xmlsec1 (libxml2) refuses it.
        reader.config_mut().check_comments = true;
        loop {
            let position = reader.buffer_position();
            let event = reader
                .read_event()
                .map_err(|e| malformed(format!("{e} (near byte {})", reader.error_position())))?;
            match event {
                Event::Start(start) => self.start(&start, position)?,
                Event::Empty(start) => {
                    self.start(&start, position)?;
                    self.end()?;
                }
                Event::End(_) => self.end()?,
                Event::Text(t) => self.text(&t.xml10_content())?,
                Event::CData(c) => self.text(&c.xml10_content())?,
                Event::GeneralRef(r) => {
                    let c = match r.resolve_char_ref().map_err(|e| malformed(e.to_string()))? {
                        Some(c) => c,
                        None => match &*r.into_inner() {
                            "lt" => '<',
                            "gt" => '>',
                            "amp" => '&',
                            "apos" => '\'',
                            "quot" => '"',
                            other => {
                                return Err(malformed(format!("undefined entity &{other};")));
                            }
                        },
                    };
                    self.text(c.encode_utf8(&mut [0; 4]))?;
                }
                Event::Comment(c) => self.misc(Node::Comment(c.xml10_content().into_owned()))?,
                Event::Decl(decl) => {
                    if let Some(encoding) = decl.encoding() {
                        let encoding = encoding.map_err(|e| malformed(e.to_string()))?;
                        if !encoding.eq_ignore_ascii_case("utf-8") {
                            return Err(TrustError::NotUtf8 { offset: 0 });
                        }
                    }
                }
                Event::PI(pi) => {
                    let target = pi.target().to_owned();
                    let data = pi.content().trim_start().to_owned();
                    self.misc(Node::Pi(Pi { target, data }))?;
                }
                Event::DocType(_) => {
                    return Err(malformed(
                        "a document type declaration (DTD) is not allowed in a trusted list",
                    ));
                }
                Event::Eof => break,
            }
        }
        if !self.open.is_empty() {
            return Err(malformed("the document ends inside an element"));
        }
        let root = self
            .root
            .ok_or_else(|| malformed("the document has no root element"))?;
        Ok(Document {
            prolog: self.prolog,
            root,
            epilog: self.epilog,
        })
    }

    fn lookup(&self, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(XML_NS);
        }
        self.scope
            .get(prefix)
            .and_then(|uris| uris.last())
            .map(String::as_str)
    }

    fn count_node(&mut self) -> Result<(), TrustError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(TrustError::TooManyXmlNodes { limit: MAX_NODES });
        }
        Ok(())
    }

    fn start(&mut self, start: &BytesStart<'_>, position: u64) -> Result<(), TrustError> {
        if self.root.is_some() {
            return Err(malformed("content after the root element"));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(malformed(format!(
                "elements nested more than {MAX_DEPTH} deep"
            )));
        }
        self.count_node()?;
        let (prefix, local) = split_name(start.name())?;
        let mut declarations = Vec::new();
        let mut raw_attributes = Vec::new();
        // quick-xml's own duplicate check compares each attribute with every earlier
        // one; the names seen are hashed here instead.
        let mut attributes_read = start.attributes();
        attributes_read.with_checks(false);
        let mut raw_names = HashSet::new();
        for (count, attribute) in attributes_read.enumerate() {
            if count == MAX_ATTRIBUTES {
                return Err(TrustError::TooManyXmlAttributes {
                    element: local.chars().take(64).collect(),
                    limit: MAX_ATTRIBUTES,
                });
            }
            let attribute =
                attribute.map_err(|e| malformed(format!("{e} (near byte {position})")))?;
            if !raw_names.insert(attribute.key.into_inner()) {
                let name: &str = attribute.key.as_ref();
                return Err(malformed(format!(
                    "attribute {name} given twice (near byte {position})"
                )));
            }
            let value = attribute
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|e| malformed(e.to_string()))?
                .into_owned();
            let (a_prefix, a_local) = split_name(attribute.key)?;
            match (a_prefix.as_str(), a_local.as_str()) {
                ("", "xmlns") => declarations.push((String::new(), value)),
                ("xmlns", "xml" | "xmlns") => {
                    return Err(malformed(format!(
                        "the prefix {a_local} cannot be declared"
                    )));
                }
                ("xmlns", _) if value.is_empty() => {
                    return Err(malformed(format!("the prefix {a_local} is undeclared")));
                }
                ("xmlns", _) => declarations.push((a_local, value)),
                _ => raw_attributes.push((a_prefix, a_local, value)),
            }
        }
        for (prefix, uri) in &declarations {
            self.scope
                .entry(prefix.clone())
                .or_default()
                .push(uri.clone());
        }
        self.declared
            .push(declarations.iter().map(|(p, _)| p.clone()).collect());
        let namespace = self.resolve(&prefix, true)?;
        let mut attributes = Vec::with_capacity(raw_attributes.len());
        let mut expanded_names = HashSet::new();
        for (prefix, local, value) in raw_attributes {
            let namespace = self.resolve(&prefix, false)?;
            if !expanded_names.insert((namespace.clone(), local.clone())) {
                return Err(malformed(format!("attribute {local} given twice")));
            }
            attributes.push(Attribute {
                prefix,
                local,
                namespace,
                value,
            });
        }
        self.open.push(Element {
            prefix,
            local,
            namespace,
            declarations,
            attributes,
            children: Vec::new(),
        });
        Ok(())
    }

    /// The namespace of a prefix; an unprefixed attribute is in no namespace.
    fn resolve(&self, prefix: &str, element: bool) -> Result<String, TrustError> {
        if prefix.is_empty() && !element {
            return Ok(String::new());
        }
        match self.lookup(prefix) {
            Some(uri) => Ok(uri.to_owned()),
            None if prefix.is_empty() => Ok(String::new()),
            None => Err(malformed(format!("the prefix {prefix} is not declared"))),
        }
    }

    fn end(&mut self) -> Result<(), TrustError> {
        let element = self
            .open
            .pop()
            .ok_or_else(|| malformed("an end tag without a start tag"))?;
        for prefix in self.declared.pop().unwrap_or_default() {
            if let Some(uris) = self.scope.get_mut(&prefix) {
                uris.pop();
            }
        }
        match self.open.last_mut() {
            Some(parent) => parent.children.push(Node::Element(element)),
            None => self.root = Some(element),
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), TrustError> {
        match self.open.last_mut() {
            Some(parent) => {
                if let Some(Node::Text(last)) = parent.children.last_mut() {
                    last.push_str(text);
                } else {
                    parent.children.push(Node::Text(text.to_owned()));
                }
                Ok(())
            }
            None if text.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) => Ok(()),
            None => Err(malformed("text outside the root element")),
        }
    }

    /// A processing instruction or comment.
    fn misc(&mut self, node: Node) -> Result<(), TrustError> {
        self.count_node()?;
        match (self.open.last_mut(), &self.root) {
            (Some(parent), _) => parent.children.push(node),
            (None, None) => self.prolog.push(node),
            (None, Some(_)) => self.epilog.push(node),
        }
        Ok(())
    }
}

fn split_name(name: QName<'_>) -> Result<(String, String), TrustError> {
    let raw: &str = name.as_ref();
    match raw.split_once(':') {
        Some((prefix, local))
            if !prefix.is_empty() && !local.is_empty() && !local.contains(':') =>
        {
            Ok((prefix.to_owned(), local.to_owned()))
        }
        Some(_) => Err(malformed(format!(
            "the name {raw} is not a valid qualified name"
        ))),
        None => Ok((String::new(), raw.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_resolve_whatever_the_prefix() {
        let doc = parse(
            br#"<a xmlns="urn:x" xmlns:p="urn:y"><p:b p:c="1" d="2"/><b xmlns="urn:z"/></a>"#,
        )
        .unwrap();
        let b: Vec<&Element> = doc.root.elements().collect();
        assert!(doc.root.is("urn:x", "a"));
        assert!(b[0].is("urn:y", "b"));
        assert_eq!(b[0].attribute_ns("urn:y", "c"), Some("1"));
        assert_eq!(b[0].attribute("d"), Some("2"));
        assert!(b[1].is("urn:z", "b"));
    }

    #[test]
    fn text_is_normalised_and_references_resolved() {
        let doc =
            parse(b"\xef\xbb\xbf<a x=\"1\r\n2\">l1\r\nl2 &amp; &#x41;<![CDATA[<c>]]></a>").unwrap();
        assert_eq!(doc.root.attribute("x"), Some("1 2"));
        assert_eq!(doc.root.text(), "l1\nl2 & A<c>");
    }

    #[test]
    fn processing_instructions_keep_their_target_and_data() {
        let doc = parse(b"<?a?><?bb c d?><r><?e  f?></r>").unwrap();
        let pis: Vec<(&str, &str)> = doc
            .prolog
            .iter()
            .map(|n| match n {
                Node::Pi(p) => (p.target.as_str(), p.data.as_str()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(pis, [("a", ""), ("bb", "c d")]);
        assert!(matches!(&doc.root.children[0], Node::Pi(p) if p.target == "e" && p.data == "f"));
        // Found by the fuzzer: a declaration-like PI with less data than its target.
        assert!(parse(b"<?xno\"?><TrustServiceStatusList/>").is_ok());
    }

    #[test]
    fn dangerous_or_broken_documents_are_refused() {
        for bad in [
            &b"<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>"[..],
            b"<a>&e;</a>",
            b"<a><b></a>",
            b"<a><!-- a -- b --></a>",
            b"<p:a/>",
            b"<a/><b/>",
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>",
            b"\xff\xfe<a/>",
            b"",
        ] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse(deep.as_bytes()).is_err());
    }

    #[test]
    fn comments_are_kept_where_they_are() {
        let doc = parse(b"<!--a--><r><!-- b\r\n --></r><!--c-->").unwrap();
        assert!(matches!(&doc.prolog[..], [Node::Comment(a)] if a == "a"));
        assert!(matches!(&doc.root.children[..], [Node::Comment(b)] if b == " b\n "));
        assert!(matches!(&doc.epilog[..], [Node::Comment(c)] if c == "c"));
    }

    #[test]
    fn duplicate_attributes_are_refused_by_name_and_by_namespace() {
        for bad in [
            &br#"<a x="1" x="2"/>"#[..],
            br#"<a xmlns:p="urn:p" xmlns:p="urn:q"/>"#,
            br#"<a xmlns:p="urn:p" xmlns:q="urn:p" p:x="1" q:x="2"/>"#,
        ] {
            let error = parse(bad).unwrap_err().to_string();
            assert!(error.contains("given twice"), "{error}");
        }
    }

    #[test]
    fn attributes_per_element_are_bounded() {
        let attributes = |n: usize| {
            let list: String = (0..n).map(|i| format!(" a{i}=\"\"")).collect();
            format!("<r{list}/>")
        };
        assert!(parse(attributes(MAX_ATTRIBUTES).as_bytes()).is_ok());
        assert!(matches!(
            parse(attributes(MAX_ATTRIBUTES + 1).as_bytes()),
            Err(TrustError::TooManyXmlAttributes {
                limit: MAX_ATTRIBUTES,
                ..
            })
        ));
    }
}
