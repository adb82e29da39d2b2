//! Issue 10 point 1: trusted lists signed with Canonical XML 1.0 (inclusive) as well as
//! exclusive canonicalization, each with or without comments, and with only the
//! enveloped-signature transform (so that Canonical XML 1.0 applies by default), as
//! several national lists of 2019 were. xmlsec1 signs them and, with the pinned key,
//! verifies them; `epct trust import` must agree with it on every list, intact or
//! tampered. SHA-1 and a 1024-bit RSA key are refused without `--allow-legacy`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::trust::*;
use common::{Epct, ExitCode, Run};

const ECDSA_SHA1: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1";

/// The ways of signing a list that epct accepts, by name.
fn accepted_templates() -> Vec<(&'static str, SignatureTemplate<'static>)> {
    vec![
        ("exclusive", SignatureTemplate::default()),
        (
            "exclusive with comments",
            SignatureTemplate {
                canonicalization: EXC_C14N_COMMENTS,
                list_transforms: &[ENVELOPED, EXC_C14N_COMMENTS],
                properties_transforms: &[EXC_C14N_COMMENTS],
                comments: true,
                ..SignatureTemplate::default()
            },
        ),
        ("inclusive", inclusive(false)),
        (
            "inclusive with comments",
            SignatureTemplate {
                canonicalization: C14N_COMMENTS,
                list_transforms: &[ENVELOPED, C14N_COMMENTS],
                properties_transforms: &[C14N_COMMENTS],
                comments: true,
                ..SignatureTemplate::default()
            },
        ),
        ("only the enveloped transform", enveloped_only(C14N)),
        (
            "only the enveloped transform, SignedInfo exclusive",
            enveloped_only(EXC_C14N),
        ),
    ]
}

fn inclusive(comments: bool) -> SignatureTemplate<'static> {
    SignatureTemplate {
        canonicalization: C14N,
        list_transforms: &[ENVELOPED, C14N],
        properties_transforms: &[C14N],
        comments,
        ..SignatureTemplate::default()
    }
}

/// The reference to the list with the enveloped-signature transform alone, the one to
/// the SignedProperties with no transform: Canonical XML 1.0 applies to both.
fn enveloped_only(signed_info: &'static str) -> SignatureTemplate<'static> {
    SignatureTemplate {
        canonicalization: signed_info,
        list_transforms: &[ENVELOPED],
        properties_transforms: &[],
        comments: true,
        ..SignatureTemplate::default()
    }
}

fn sign(dir: &Path, signer: &str, template: &SignatureTemplate<'_>) -> PathBuf {
    signed_list_with(
        dir,
        "FR",
        1,
        &standard_services(),
        signer,
        "EPCT Test Supervisory Body",
        template,
    )
}

/// Whether xmlsec1 verifies `list` with the pinned certificate of `signer` (and only
/// with it: `--enabled-key-data key-name` keeps it from trusting the certificate inside
/// the signature).
fn xmlsec1_verifies(list: &Path, signer: &str) -> bool {
    Command::new("xmlsec1")
        .args([
            "--verify",
            "--enabled-key-data",
            "key-name",
            "--pubkey-cert-pem",
        ])
        .arg(pki(&format!("{signer}.pem")))
        .args([
            "--id-attr:Id",
            "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
        ])
        .arg(list)
        .output()
        .expect("xmlsec1 runs")
        .status
        .success()
}

/// `epct trust import LIST` with `signer` pinned, at a time inside its validity.
fn import(env: &Epct, list: &Path, signer: &str) -> assert_cmd::Command {
    let mut cmd = env.epct_without_pin();
    cmd.args(["trust", "import", "--at", "2019-09-05", "--signer-cert"])
        .arg(pki(&format!("{signer}.pem")))
        .arg(list);
    cmd
}

/// A copy of `list` with `from` replaced by `to` once.
fn tampered(list: &Path, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(list).unwrap();
    assert!(text.contains(from), "{from} not in {}", list.display());
    let path = list.with_file_name(format!(
        "tampered-{}",
        list.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

#[test]
fn every_canonicalization_that_xmlsec1_signs_with_is_imported() {
    for (name, template) in accepted_templates() {
        let env = Epct::new();
        let list = sign(env.dir(), "tl-signer", &template);
        assert!(xmlsec1_verifies(&list, "tl-signer"), "{name}");
        let report = import(&env, &list, "tl-signer").json();
        assert_eq!(report["outcome"], "added", "{name}");
        assert_eq!(report["territory"], "FR", "{name}");
        assert_eq!(report["signature"]["legacy"], false, "{name}");
        assert_eq!(stored_lists(&env.trust_store()), ["FR.xml"], "{name}");
    }
}

#[test]
fn a_tampered_inclusive_list_is_refused_as_xmlsec1_refuses_it() {
    let env = Epct::new();
    let list = sign(env.dir(), "tl-signer", &enveloped_only(C14N));
    let renamed = tampered(&list, "EPCT Test Withdrawn CA", "EPCT Test Trusted CA");
    assert!(!xmlsec1_verifies(&renamed, "tl-signer"));
    import(&env, &renamed, "tl-signer").fails(
        ExitCode::Verification,
        "the list was changed after it was signed: the digest of the list does not match",
    );
    assert!(stored_lists(&env.trust_store()).is_empty());
}

#[test]
fn an_added_namespace_declaration_breaks_an_inclusive_list_only() {
    // Canonical XML 1.0 renders every namespace in scope, exclusive canonicalization only
    // those the elements use: a declaration added to the root changes the one and not
    // the other, for xmlsec1 and for epct alike.
    let root = "<TrustServiceStatusList ";
    let declared = r#"<TrustServiceStatusList xmlns:added="urn:added" "#;
    let env = Epct::new();
    let inclusive = sign(env.dir(), "tl-signer", &inclusive(false));
    let inclusive = tampered(&inclusive, root, declared);
    assert!(!xmlsec1_verifies(&inclusive, "tl-signer"));
    import(&env, &inclusive, "tl-signer").fails(
        ExitCode::Verification,
        "the digest of the list does not match",
    );

    let other = Epct::new();
    let exclusive = sign(other.dir(), "tl-signer", &SignatureTemplate::default());
    let exclusive = tampered(&exclusive, root, declared);
    assert!(xmlsec1_verifies(&exclusive, "tl-signer"));
    assert_eq!(
        import(&other, &exclusive, "tl-signer").json()["outcome"],
        "added"
    );
}

#[test]
fn comments_count_in_signed_info_with_comments_and_nowhere_else() {
    // A same-document reference leaves comments out whatever its canonicalization
    // (XML Signature 1.1, 4.4.3.3); SignedInfo canonicalised with comments keeps them.
    let env = Epct::new();
    let template = SignatureTemplate {
        canonicalization: C14N_COMMENTS,
        list_transforms: &[ENVELOPED, C14N_COMMENTS],
        properties_transforms: &[C14N_COMMENTS],
        comments: true,
        ..SignatureTemplate::default()
    };
    let list = sign(env.dir(), "tl-signer", &template);

    let in_list = tampered(&list, "<!-- inside the list -->", "<!-- changed -->");
    assert!(xmlsec1_verifies(&in_list, "tl-signer"));
    assert_eq!(
        import(&env, &in_list, "tl-signer").json()["outcome"],
        "added"
    );

    let other = Epct::new();
    let in_signed_info = tampered(&list, "<!-- inside SignedInfo -->", "<!-- changed -->");
    assert!(!xmlsec1_verifies(&in_signed_info, "tl-signer"));
    import(&other, &in_signed_info, "tl-signer").fails(
        ExitCode::Verification,
        "the signature value does not verify with the key of",
    );
    assert!(stored_lists(&other.trust_store()).is_empty());
}

#[test]
fn sha1_is_refused_without_allow_legacy() {
    let sha1_digests = SignatureTemplate {
        digest: SHA1,
        ..inclusive(false)
    };
    let sha1_signature = SignatureTemplate {
        method: Some(ECDSA_SHA1),
        ..inclusive(false)
    };
    for template in [sha1_digests, sha1_signature] {
        let env = Epct::new();
        let list = sign(env.dir(), "tl-signer", &template);
        assert!(xmlsec1_verifies(&list, "tl-signer"));
        import(&env, &list, "tl-signer").fails(
            ExitCode::Verification,
            "the list's signature uses SHA-1, a legacy algorithm too weak to trust; use --allow-legacy",
        );
        assert!(stored_lists(&env.trust_store()).is_empty());

        let out = import(&env, &list, "tl-signer")
            .args(["--allow-legacy", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let report = common::parse_json(&out);
        assert_eq!(report["signature"]["legacy"], true);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(
                "warning: the FR list is signed with a legacy algorithm or key (accepted with --allow-legacy)"
            ),
            "{out:?}"
        );
        assert_eq!(stored_lists(&env.trust_store()), ["FR.xml"]);
    }
}

#[test]
fn a_1024_bit_rsa_signer_is_refused_without_allow_legacy() {
    let env = Epct::new();
    let list = sign(env.dir(), "weak-signer", &inclusive(false));
    assert!(xmlsec1_verifies(&list, "weak-signer"));
    let line = import(&env, &list, "weak-signer").fails(
        ExitCode::Verification,
        "the list is signed with an RSA key of 1024 bits",
    );
    assert!(line.contains("use --allow-legacy"), "{line}");
    assert!(stored_lists(&env.trust_store()).is_empty());

    let out = import(&env, &list, "weak-signer")
        .arg("--allow-legacy")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let warning = String::from_utf8_lossy(&out.stderr);
    assert!(warning.contains("legacy algorithm or key"), "{warning}");
    assert_eq!(stored_lists(&env.trust_store()), ["FR.xml"]);
}
