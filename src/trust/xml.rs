//! A small namespace-aware XML tree, enough to read a trusted list and to canonicalise
//! the parts that its signature covers.
//!
//! Only UTF-8 is read (a leading byte-order mark is skipped). A document type
//! declaration is refused, so no entity is ever defined or expanded beyond the five
//! predefined ones and character references. Comments are dropped: the signatures that
//! trusted lists carry never cover them. Line ends and attribute values are normalised
//! as XML 1.0 says, so the tree holds what a canonicaliser must see.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::{Reader, XmlVersion};

use super::TrustError;

/// The namespace that the `xml` prefix is bound to.
pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Elements nested deeper than this are refused (trusted lists need about 15).
const MAX_DEPTH: usize = 256;

/// A parsed document: the root element and the processing instructions around it.
#[derive(Debug)]
pub(crate) struct Document {
    pub prolog: Vec<Pi>,
    pub root: Element,
    pub epilog: Vec<Pi>,
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
    /// Declarations in scope: every open element's, outermost first.
    scope: Vec<(String, String)>,
    /// How many entries of `scope` each open element added.
    scope_marks: Vec<usize>,
    prolog: Vec<Pi>,
    root: Option<Element>,
    epilog: Vec<Pi>,
}

fn malformed(reason: impl Into<String>) -> TrustError {
    TrustError::MalformedXml {
        reason: reason.into(),
    }
}

impl Parser {
    fn run(mut self, text: &str) -> Result<Document, TrustError> {
        let mut reader = Reader::from_str(text);
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
                Event::Comment(_) => {}
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
                    self.pi(Pi { target, data });
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
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, uri)| uri.as_str())
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
        let (prefix, local) = split_name(start.name())?;
        let mut declarations = Vec::new();
        let mut raw_attributes = Vec::new();
        for attribute in start.attributes() {
            let attribute =
                attribute.map_err(|e| malformed(format!("{e} (near byte {position})")))?;
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
        self.scope_marks.push(declarations.len());
        self.scope.extend(declarations.iter().cloned());
        let namespace = self.resolve(&prefix, true)?;
        let mut attributes = Vec::with_capacity(raw_attributes.len());
        for (prefix, local, value) in raw_attributes {
            let namespace = self.resolve(&prefix, false)?;
            if attributes
                .iter()
                .any(|a: &Attribute| a.local == local && a.namespace == namespace)
            {
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
        let mark = self.scope_marks.pop().unwrap_or(0);
        self.scope.truncate(self.scope.len() - mark);
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

    fn pi(&mut self, pi: Pi) {
        match (self.open.last_mut(), &self.root) {
            (Some(parent), _) => parent.children.push(Node::Pi(pi)),
            (None, None) => self.prolog.push(pi),
            (None, Some(_)) => self.epilog.push(pi),
        }
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
            .map(|p| (p.target.as_str(), p.data.as_str()))
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
}
