//! Issue 10 point 11 (the XML part): a trusted list's author cannot make the parser
//! work quadratically or hold far more than the file. One element with a million
//! attributes or namespace declarations, ten million empty elements, and two million
//! comments are each refused by `epct trust import` with the limit named, exit 1, and
//! nothing stored; that the runs end at all is the proof of bounded time (before, 40,000
//! attributes took 3.4 s and a million did not finish in 120 s).

mod common;

use std::path::Path;

use common::trust::{pki, stored_lists};
use common::{Epct, ExitCode, Run};

const ROOT: &str = r#"<TrustServiceStatusList xmlns="http://uri.etsi.org/02231/v2#""#;

fn refused(env: &Epct, list: &Path, text: &str) {
    env.epct_without_pin()
        .args(["trust", "import", "--at", "2019-09-05", "--signer-cert"])
        .arg(pki("tl-signer.pem"))
        .arg(list)
        .fails(ExitCode::Failure, text);
    assert!(stored_lists(&env.trust_store()).is_empty());
}

/// A root element carrying `count` of `attribute(i)`.
fn one_element_with(count: usize, attribute: impl Fn(usize) -> String) -> String {
    let mut xml = String::from(ROOT);
    for i in 0..count {
        xml.push(' ');
        xml.push_str(&attribute(i));
    }
    xml.push_str("/>");
    xml
}

/// A root element holding `node` `count` times.
fn root_holding(count: usize, node: &str) -> String {
    let mut xml = format!("{ROOT}>");
    xml.push_str(&node.repeat(count));
    xml.push_str("</TrustServiceStatusList>");
    xml
}

#[test]
fn a_million_attributes_on_one_element_are_refused_at_the_limit() {
    let env = Epct::new();
    let list = env.file(
        "attributes.xml",
        one_element_with(1_000_000, |i| format!(r#"a{i}="""#)),
    );
    refused(
        &env,
        &list,
        "the element <TrustServiceStatusList> has more than 256 attributes, the most that epct reads on one element of a trusted list",
    );
}

#[test]
fn a_million_namespace_declarations_on_one_element_are_refused_at_the_limit() {
    let env = Epct::new();
    let list = env.file(
        "declarations.xml",
        one_element_with(1_000_000, |i| format!(r#"xmlns:p{i}="urn:{i}""#)),
    );
    refused(
        &env,
        &list,
        "the element <TrustServiceStatusList> has more than 256 attributes",
    );
}

#[test]
fn ten_million_empty_elements_are_refused_at_the_limit() {
    let env = Epct::new();
    let list = env.file("elements.xml", root_holding(10_000_000, "<a/>"));
    refused(
        &env,
        &list,
        "the file has more than 1000000 XML elements, comments and processing instructions, the most that epct reads in a trusted list",
    );
}

#[test]
fn two_million_comments_are_refused_at_the_limit() {
    let env = Epct::new();
    let list = env.file("comments.xml", root_holding(2_000_000, "<!---->"));
    refused(
        &env,
        &list,
        "the file has more than 1000000 XML elements, comments and processing instructions",
    );
}
