//! `epct trust import` and `epct trust list` with the real 2019 lists, tampered copies
//! of them, and test lists signed with xmlsec1.

mod common;

use std::path::Path;

use common::trust::*;
use common::{Epct, ExitCode, Run};

const AT: &str = "2019-09-05";

fn import_lotl(env: &Epct) {
    let report = env
        .epct_without_pin()
        .args(["trust", "import"])
        .arg(real(LOTL))
        .arg("--signer-cert")
        .arg(real(LOTL_SIGNER))
        .args(["--at", AT])
        .json();
    assert_eq!(report["outcome"], "added");
}

/// A copy of a real list, changed by `edit`, in `dir`.
fn tampered(dir: &Path, name: &str, edit: impl FnOnce(Vec<u8>) -> Vec<u8>) -> std::path::PathBuf {
    let path = dir.join(format!("tampered-{name}"));
    std::fs::write(&path, edit(std::fs::read(real(name)).unwrap())).unwrap();
    path
}

fn replace_once(bytes: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1).into_bytes()
}

/// The byte range of the `ds:Signature` element.
fn signature_range(text: &str) -> std::ops::Range<usize> {
    let start = text.find("<ds:Signature ").unwrap();
    let end = text.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    start..end
}

#[test]
fn the_2019_lotl_imports_with_its_pinned_signer() {
    let env = Epct::new();
    let report = env
        .epct_without_pin()
        .args(["trust", "import"])
        .arg(real(LOTL))
        .arg("--signer-cert")
        .arg(real(LOTL_SIGNER))
        .args(["--at", AT])
        .json();
    assert_eq!(report["territory"], "EU");
    assert_eq!(report["list_of_lists"], true);
    assert_eq!(report["sequence"], 248);
    assert_eq!(report["checked_against"], "pinned");
    assert_eq!(report["stale"], false);
    assert_eq!(report["signature"]["signing_time"], "2019-09-04T09:42:21Z");
    assert!(
        report["signature"]["signer"]
            .as_str()
            .unwrap()
            .contains("CN=Patrick Kremer (Signature)")
    );
    assert_eq!(stored_lists(&env.trust_store()), ["EU-list-of-lists.xml"]);
}

#[test]
fn the_sk_list_imports_through_the_lotl_pointer_for_sk() {
    let env = Epct::new();
    import_lotl(&env);
    let report = env
        .epct_without_pin()
        .args(["trust", "import"])
        .arg(real(SK))
        .args(["--at", AT])
        .json();
    assert_eq!(report["territory"], "SK");
    assert_eq!(report["sequence"], 59);
    assert_eq!(report["checked_against"], "list-of-lists");
    assert!(
        report["signature"]["signer"]
            .as_str()
            .unwrap()
            .contains("CN=TL and Signature Policy List 6")
    );
    assert_eq!(
        stored_lists(&env.trust_store()),
        ["EU-list-of-lists.xml", "SK.xml"]
    );

    let lists = env
        .epct_without_pin()
        .args(["trust", "list", "--at", AT])
        .json();
    let sk = &lists["lists"][1];
    assert_eq!(
        (sk["territory"].as_str(), sk["stale"].as_bool()),
        (Some("SK"), Some(false))
    );
    assert_eq!(sk["providers"], 6);
    assert_eq!(sk["services"], 116);
    let now = env.epct_without_pin().args(["trust", "list"]).json();
    assert_eq!(
        now["lists"][0]["stale"], true,
        "the 2019 lists are stale today"
    );
    assert_eq!(now["lists"][1]["stale"], true);
}

#[test]
fn a_new_lotl_is_checked_against_the_signers_that_the_stored_lotl_gives_for_eu() {
    let env = Epct::new();
    import_lotl(&env);
    let report = env
        .epct_without_pin()
        .args(["trust", "import"])
        .arg(real(LOTL))
        .args(["--at", AT])
        .json();
    assert_eq!(report["checked_against"], "list-of-lists");
    assert_eq!(report["outcome"], "unchanged");
}

#[test]
fn a_national_list_needs_a_pinned_certificate_or_the_lotl() {
    let env = Epct::new();
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(real(SK))
        .args(["--at", AT])
        .fails(
            ExitCode::Usage,
            "give --signer-cert, or import the EU list of lists first",
        );
    assert!(stored_lists(&env.trust_store()).is_empty());
}

#[test]
fn the_sk_list_is_refused_when_its_signing_certificate_was_not_valid_at_the_time() {
    let env = Epct::new();
    import_lotl(&env);
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(real(SK))
        .fails(ExitCode::Verification, "is not valid at");
    assert_eq!(stored_lists(&env.trust_store()), ["EU-list-of-lists.xml"]);
}

#[test]
fn the_lotl_is_refused_with_the_wrong_pinned_certificate() {
    let env = Epct::new();
    env.epct_without_pin()
            .args(["trust", "import"])
            .arg(real(LOTL))
            .arg("--signer-cert")
            .arg(pki("tl-signer.pem"))
            .args(["--at", AT])
                .fails(
                    ExitCode::Verification,
                    "signed by 'SERIALNUMBER=72020329970,GN=Patrick Jean,SN=Kremer,CN=Patrick Kremer (Signature),C=BE', which is not among the certificates allowed to sign it",
                );
    assert!(stored_lists(&env.trust_store()).is_empty());
}

#[test]
fn a_national_list_signed_by_another_territorys_key_is_refused() {
    let env = Epct::new();
    import_lotl(&env);
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(real(SK))
        .arg("--signer-cert")
        .arg(real(LOTL_SIGNER))
        .args(["--at", AT])
        .fails(
            ExitCode::Verification,
            "is pinned for the EU-list-of-lists list and cannot sign the SK list",
        );
    assert_eq!(stored_lists(&env.trust_store()), ["EU-list-of-lists.xml"]);
}

#[test]
fn one_byte_changed_in_a_service_name_is_refused() {
    let env = Epct::new();
    import_lotl(&env);
    let path = tampered(env.dir(), SK, |bytes| {
        let text = String::from_utf8(bytes).unwrap();
        let at = text.find("<ServiceName>").unwrap();
        let name = at + text[at..].find("\">").unwrap() + 2;
        let mut bytes = text.into_bytes();
        bytes[name] ^= 0x20;
        bytes
    });
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(&path)
        .args(["--at", AT])
        .fails(
            ExitCode::Verification,
            "the list was changed after it was signed: the digest of the list does not match",
        );
    assert_eq!(stored_lists(&env.trust_store()), ["EU-list-of-lists.xml"]);
}

#[test]
fn a_changed_signature_value_is_refused() {
    let env = Epct::new();
    let path = tampered(env.dir(), LOTL, |bytes| {
        let text = String::from_utf8(bytes).unwrap();
        let at = text.find("<ds:SignatureValue").unwrap();
        let value = at + text[at..].find('>').unwrap() + 10;
        let mut bytes = text.into_bytes();
        bytes[value] = if bytes[value] == b'A' { b'B' } else { b'A' };
        bytes
    });
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(&path)
        .arg("--signer-cert")
        .arg(real(LOTL_SIGNER))
        .args(["--at", AT])
        .fails(
            ExitCode::Verification,
            "the signature value does not verify with the key of",
        );
    assert!(stored_lists(&env.trust_store()).is_empty());
}

#[test]
fn a_list_without_its_signature_is_refused() {
    let env = Epct::new();
    let path = tampered(env.dir(), LOTL, |bytes| {
        let mut text = String::from_utf8(bytes).unwrap();
        text.replace_range(signature_range(&text), "");
        text.into_bytes()
    });
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(&path)
        .arg("--signer-cert")
        .arg(real(LOTL_SIGNER))
        .args(["--at", AT])
        .fails(ExitCode::Verification, "the list has no XML signature");
    assert!(stored_lists(&env.trust_store()).is_empty());
}

#[test]
fn a_list_with_a_second_signature_is_refused() {
    let env = Epct::new();
    let path = tampered(env.dir(), LOTL, |bytes| {
        let mut text = String::from_utf8(bytes).unwrap();
        let signature = text[signature_range(&text)].to_owned();
        let end = text.rfind("</TrustServiceStatusList>").unwrap();
        text.insert_str(end, &signature);
        text.into_bytes()
    });
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(&path)
        .arg("--signer-cert")
        .arg(real(LOTL_SIGNER))
        .args(["--at", AT])
        .fails(
            ExitCode::Verification,
            "the list has 2 XML signatures; a trusted list has exactly one",
        );
    assert!(stored_lists(&env.trust_store()).is_empty());
}

#[test]
fn a_bom_line_ends_and_whitespace_outside_the_signed_text_do_not_matter() {
    type Edit = fn(Vec<u8>) -> Vec<u8>;
    let variants: [(&str, Edit); 4] = [
        ("bom", |bytes| [b"\xef\xbb\xbf".to_vec(), bytes].concat()),
        ("crlf", |bytes| {
            String::from_utf8(bytes)
                .unwrap()
                .replace('\n', "\r\n")
                .into_bytes()
        }),
        ("around", |bytes| {
            let text = String::from_utf8(bytes).unwrap();
            let text = text.replacen("?>", "?>\n\n  \n", 1);
            format!("{text}\n\n").into_bytes()
        }),
        ("inside-tags", |bytes| {
            // Whitespace between attributes, and another quote style, are no content.
            let text = replace_once(
                bytes,
                "<TrustServiceStatusList xmlns=",
                "<TrustServiceStatusList\n   xmlns=",
            );
            replace_once(text, "Id=\"ID0001\"", "Id = 'ID0001'\t")
        }),
    ];
    for (name, edit) in variants {
        let env = Epct::new();
        let path = tampered(env.dir(), LOTL, edit);
        let report = env
            .epct_without_pin()
            .args(["trust", "import"])
            .arg(&path)
            .arg("--signer-cert")
            .arg(real(LOTL_SIGNER))
            .args(["--at", AT])
            .json();
        assert_eq!(report["sequence"], 248, "{name}");
    }
}

#[test]
fn reformatting_inside_the_signed_content_breaks_the_signature() {
    let env = Epct::new();
    let path = tampered(env.dir(), LOTL, |bytes| {
        replace_once(
            bytes,
            "</TSLVersionIdentifier>",
            "</TSLVersionIdentifier>\n",
        )
    });
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(&path)
        .arg("--signer-cert")
        .arg(real(LOTL_SIGNER))
        .args(["--at", AT])
        .fails(
            ExitCode::Verification,
            "the list was changed after it was signed",
        );
}

#[test]
fn truncated_html_non_utf8_and_absent_files_are_refused_as_malformed() {
    let env = Epct::new();
    let truncated = tampered(env.dir(), LOTL, |bytes| bytes[..bytes.len() / 2].to_vec());
    let html = env.path("page.html");
    std::fs::write(&html, "<html><body>moved</body></html>").unwrap();
    let binary = env.path("list.xml");
    std::fs::write(&binary, [0xff, 0xfe, 0, 0x3c]).unwrap();
    for (file, text) in [
        (&truncated, "malformed XML"),
        (&html, "not an ETSI TS 119 612 TrustServiceStatusList"),
        (&binary, "not UTF-8"),
    ] {
        env.epct_without_pin()
            .args(["trust", "import"])
            .arg(file)
            .arg("--signer-cert")
            .arg(real(LOTL_SIGNER))
            .fails(ExitCode::Failure, text);
    }
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(env.path("absent.xml"))
        .fails(ExitCode::Failure, "cannot read");
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(real(LOTL))
        .arg("--signer-cert")
        .arg(real(LOTL))
        .fails(ExitCode::Failure, "no certificate found");
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(real(LOTL))
        .arg("--signer-cert")
        .arg(real(LOTL_SIGNER))
        .args(["--at", "5 September"])
        .fails(ExitCode::Usage, "is not a time");
    assert!(stored_lists(&env.trust_store()).is_empty());
}

#[test]
fn a_list_that_the_lotl_does_not_point_to_is_refused() {
    let env = Epct::new();
    import_lotl(&env);
    let list = signed_list(env.dir(), "XT", 1, &standard_services(), "tl-signer");
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(&list)
        .args(["--at", AT])
        .fails(
            ExitCode::Verification,
            "gives no usable certificate for the XT list",
        );
    assert_eq!(stored_lists(&env.trust_store()), ["EU-list-of-lists.xml"]);
}

#[test]
fn a_test_list_signed_by_xmlsec1_verifies_and_another_key_is_refused() {
    let env = Epct::new();
    let list = signed_list(env.dir(), "XT", 1, &standard_services(), "other-signer");
    env.epct_without_pin()
        .args(["trust", "import"])
        .arg(&list)
        .arg("--signer-cert")
        .arg(pki("tl-signer.pem"))
        .args(["--at", AT])
        .fails(
            ExitCode::Verification,
            "signed by 'C=XT,O=EPCT Test,CN=EPCT Test other-signer'",
        );
    let report = env
        .epct_without_pin()
        .args(["trust", "import"])
        .arg(&list)
        .arg("--signer-cert")
        .arg(pki("tl-signer.pem"))
        .arg("--signer-cert")
        .arg(pki("other-signer.pem"))
        .args(["--at", AT])
        .json();
    assert_eq!(
        report["signature"]["signer"],
        "C=XT,O=EPCT Test,CN=EPCT Test other-signer"
    );
    assert_eq!(stored_lists(&env.trust_store()), ["XT.xml"]);
}

#[test]
fn an_older_sequence_number_is_refused_unless_forced() {
    let env = Epct::new();
    let services = standard_services();
    let newer = signed_list(env.dir(), "XT", 2, &services, "tl-signer");
    let older = signed_list(env.dir(), "XT", 1, &services, "tl-signer");
    let import = |file: &Path| {
        let mut cmd = env.epct_without_pin();
        cmd.args(["trust", "import"])
            .arg(file)
            .arg("--signer-cert")
            .arg(pki("tl-signer.pem"))
            .args(["--at", AT]);
        cmd
    };
    assert_eq!(import(&newer).json()["outcome"], "added");
    let stored = std::fs::read(env.trust_store().join("lists/XT.xml")).unwrap();
    import(&older).fails(
        ExitCode::Verification,
        "the XT list has sequence number 1, older than the imported 2; use --force",
    );
    assert_eq!(
        std::fs::read(env.trust_store().join("lists/XT.xml")).unwrap(),
        stored
    );
    assert_eq!(import(&newer).json()["outcome"], "unchanged");
    let forced = import(&older).arg("--force").json();
    assert_eq!(
        (
            forced["outcome"].as_str(),
            forced["previous_sequence"].as_u64()
        ),
        (Some("downgraded"), Some(2))
    );
    assert_eq!(import(&newer).json()["outcome"], "replaced");
    let lists = env
        .epct_without_pin()
        .args(["trust", "list", "--at", AT])
        .json();
    assert_eq!(lists["lists"][0]["sequence"], 2);
    assert_eq!(lists["lists"][0]["services"], 3);
}

#[test]
fn an_empty_store_lists_nothing_and_says_how_to_start() {
    let env = Epct::new();
    let out = env
        .epct_without_pin()
        .args(["trust", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("epct trust import"));
    assert_eq!(
        env.epct_without_pin().args(["trust", "list"]).json(),
        serde_json::json!({"version": 1, "lists": []})
    );
}

#[test]
fn the_store_comes_from_the_option_the_environment_or_the_configuration() {
    let env = Epct::new();
    let (from_env, from_config) = (env.path("env"), env.path("config"));
    let config = env.file(
        "config.toml",
        format!("trust-store = {:?}\n", from_config.display().to_string()),
    );
    let import = |mut cmd: assert_cmd::Command| {
        cmd.args(["trust", "import"])
            .arg(real(LOTL))
            .arg("--signer-cert")
            .arg(real(LOTL_SIGNER))
            .args(["--at", AT])
            .assert()
            .success();
    };
    let mut by_env = env.epct_without_pin();
    by_env.env("EPCT_TRUST_STORE", &from_env);
    import(by_env);
    let mut by_config = env.epct_without_pin();
    by_config
        .env_remove("EPCT_TRUST_STORE")
        .arg("--config")
        .arg(&config);
    import(by_config);
    assert_eq!(stored_lists(&from_env), ["EU-list-of-lists.xml"]);
    assert_eq!(stored_lists(&from_config), ["EU-list-of-lists.xml"]);
    assert!(stored_lists(&env.trust_store()).is_empty());
}

#[test]
fn a_damaged_store_file_is_reported_not_used() {
    let env = Epct::new();
    import_lotl(&env);
    let file = env.trust_store().join("lists/EU-list-of-lists.xml");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..1000]).unwrap();
    env.epct_without_pin().args(["trust", "list"]).fails(
        ExitCode::Failure,
        "lists/EU-list-of-lists.xml is damaged (malformed XML",
    );
}
