//! The canonical forms of [`super`] compared byte for byte with `xmlsec1`'s (libxml2's
//! canonicalizer, an independent implementation): a document with the namespace,
//! `xml:*`, comment and escaping cases that tell the methods apart is signed by
//! `xmlsec1` with each method, and the bytes that `xmlsec1 --verify` digests and
//! signs (`--store-references --store-signatures`) must be epct's.

use std::path::Path;
use std::process::Command;

use super::{Method, Subset, canonicalize};
use crate::trust::xml::{Element, parse};

const C14N: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
const C14N_COMMENTS: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
const EXC: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const EXC_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
const XADES: &str = "http://uri.etsi.org/01903/v1.3.2#";

fn transforms(algorithms: &[&str]) -> String {
    if algorithms.is_empty() {
        return String::new();
    }
    let list: String = algorithms
        .iter()
        .map(|a| format!(r#"<ds:Transform Algorithm="{a}"/>"#))
        .collect();
    format!("<ds:Transforms>{list}</ds:Transforms>")
}

/// A document to sign: SignedInfo canonicalised by `signed_info`, the whole document
/// referenced with `list` transforms, the SignedProperties with `properties`.
fn template(signed_info: &str, list: &[&str], properties: &[&str]) -> String {
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<!-- before the root -->
<?epct-pi some data?>
<t:List xmlns:t="urn:t" xmlns="urn:default" xmlns:unused="urn:unused" xml:lang="en" xml:space="preserve" Id="tsl" b="2" a="x&#9;&#xD;&quot;&lt;&gt;">
  <t:Item xmlns:t="urn:t" xmlns:u="urn:u" u:k="v"><!-- inside -->text &amp; &gt; &#xD; <![CDATA[<cdata>]]></t:Item>
  <Plain xmlns=""><Inner xml:lang="fr"/></Plain>
<ds:Signature xmlns:ds="{DS}" Id="sig"><ds:SignedInfo><!-- in SignedInfo --><ds:CanonicalizationMethod Algorithm="{signed_info}"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/><ds:Reference URI="">{}<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference><ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#xades-sig">{}<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:Object xml:lang="de"><xades:QualifyingProperties xmlns:xades="{XADES}" Target="#sig"><xades:SignedProperties Id="xades-sig"><!-- in SignedProperties --><xades:SignedSignatureProperties><xades:SigningTime>2019-08-01T00:00:00Z</xades:SigningTime></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></ds:Object></ds:Signature>
</t:List>
<!-- after the root -->
"##,
        transforms(list),
        transforms(properties)
    )
}

fn run(command: &mut Command) -> Vec<u8> {
    let out = command
        .output()
        .expect("xmlsec1 and openssl are installed (scripts/install-deps.sh)");
    assert!(
        out.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A P-256 key and self-signed certificate in `dir`, as `xmlsec1 --privkey-pem` takes
/// them.
fn key(dir: &Path) -> String {
    let (key, cert) = (dir.join("key.pem"), dir.join("cert.pem"));
    run(Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
        .args([
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-subj",
            "/CN=c14n",
            "-days",
            "2",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert));
    format!("{},{}", key.display(), cert.display())
}

/// Signs `xml` with xmlsec1 and returns the signed document and what xmlsec1 digested
/// (the whole document, then the SignedProperties) and signed (SignedInfo).
fn sign_and_capture(dir: &Path, xml: &str) -> (Vec<u8>, Vec<String>) {
    let key = key(dir);
    let (template, signed) = (dir.join("template.xml"), dir.join("signed.xml"));
    std::fs::write(&template, xml).unwrap();
    let id = [
        "--id-attr:Id",
        "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
    ];
    run(Command::new("xmlsec1")
        .args(["--sign", "--privkey-pem", &key])
        .args(id)
        .arg("--output")
        .arg(&signed)
        .arg(&template));
    let cert = key.split_once(',').unwrap().1;
    let debug = run(Command::new("xmlsec1")
        .args([
            "--verify",
            "--enabled-key-data",
            "key-name",
            "--pubkey-cert-pem",
            cert,
        ])
        .args(id)
        .args(["--store-references", "--store-signatures", "--print-debug"])
        .arg(&signed));
    (
        std::fs::read(&signed).unwrap(),
        buffers(&String::from_utf8(debug).unwrap()),
    )
}

/// The buffers of xmlsec1's debug output, in order: each between "- start buffer:\n"
/// and "\n== ... - end buffer".
fn buffers(debug: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = debug;
    while let Some(start) = rest.find(" data - start buffer:\n") {
        rest = &rest[start + " data - start buffer:\n".len()..];
        let end = rest.find("\n== Pre").expect("the end of the buffer");
        found.push(rest[..end].to_owned());
        rest = &rest[end..];
    }
    found
}

fn find<'a>(root: &'a Element, namespace: &str, local: &str) -> &'a Element {
    root.descendants()
        .into_iter()
        .find(|e| e.is(namespace, local))
        .unwrap()
}

fn exclusive() -> Method {
    Method::Exclusive {
        prefixes: Vec::new(),
    }
}

/// Signs with xmlsec1 and compares: `methods` are epct's for SignedInfo (with comments
/// or not), the whole document and the SignedProperties.
fn agrees(signed_info: &str, list: &[&str], properties: &[&str], methods: [(Method, bool); 3]) {
    let dir = tempfile::tempdir().unwrap();
    let (signed, xmlsec1) = sign_and_capture(dir.path(), &template(signed_info, list, properties));
    let doc = parse(&signed).unwrap();
    let signature = find(&doc.root, DS, "Signature");
    let subsets = [
        Subset::DocumentWithout(signature),
        Subset::Element(find(&doc.root, XADES, "SignedProperties")),
        Subset::Element(find(&doc.root, DS, "SignedInfo")),
    ];
    // xmlsec1 prints the references first, then SignedInfo.
    let [(info, info_comments), list_method, properties_method] = methods;
    let epct: Vec<String> = [list_method, properties_method, (info, info_comments)]
        .iter()
        .zip(subsets)
        .map(|((method, comments), subset)| {
            String::from_utf8(canonicalize(&doc, subset, method, *comments)).unwrap()
        })
        .collect();
    assert_eq!(epct, xmlsec1, "{signed_info} {list:?} {properties:?}");
}

#[test]
fn inclusive_by_default_as_xmlsec1() {
    agrees(
        C14N,
        &[ENVELOPED],
        &[],
        [
            (Method::Inclusive, false),
            (Method::Inclusive, false),
            (Method::Inclusive, false),
        ],
    );
}

#[test]
fn inclusive_with_comments_as_xmlsec1() {
    // Same-document references drop comments whatever the method; SignedInfo keeps
    // them.
    agrees(
        C14N_COMMENTS,
        &[ENVELOPED, C14N_COMMENTS],
        &[C14N_COMMENTS],
        [
            (Method::Inclusive, true),
            (Method::Inclusive, false),
            (Method::Inclusive, false),
        ],
    );
}

#[test]
fn exclusive_with_and_without_comments_as_xmlsec1() {
    agrees(
        EXC,
        &[ENVELOPED, EXC],
        &[EXC],
        [
            (exclusive(), false),
            (exclusive(), false),
            (exclusive(), false),
        ],
    );
    agrees(
        EXC_COMMENTS,
        &[ENVELOPED, EXC_COMMENTS],
        &[C14N],
        [
            (exclusive(), true),
            (exclusive(), false),
            (Method::Inclusive, false),
        ],
    );
}
