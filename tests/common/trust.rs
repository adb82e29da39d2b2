//! Shared by the trust tests: the real lists of `tests/data/third-party`, a test PKI
//! made by `tests/pki/make-pki.sh`, test trusted lists signed with `xmlsec1`, and token
//! keys certified by that PKI.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub const TSL_NS: &str = "http://uri.etsi.org/02231/v2#";
pub const GRANTED: &str = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted";
pub const WITHDRAWN: &str = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn";
pub const ACCREDITED: &str = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/accredited";
pub const CA_QC: &str = "http://uri.etsi.org/TrstSvc/Svctype/CA/QC";
pub const TSA: &str = "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST";

/// A real trusted list or certificate from the shared test data.
pub fn real(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/third-party/trusted-lists")
        .join(name)
}

pub const LOTL: &str = "EU-lotl-2019-09-04.xml";
pub const LOTL_SIGNER: &str = "EU-lotl-signer-2019.pem";
pub const SK: &str = "SK-2019-08-23.xml";

/// The test PKI, made once per test binary under Cargo's target temporary directory.
pub fn pki(name: &str) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("trust-pki-{}", env!("CARGO_CRATE_NAME")));
        let _ = std::fs::remove_dir_all(&dir);
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pki/make-pki.sh");
        let out = Command::new("sh")
            .arg(script)
            .arg(&dir)
            .output()
            .expect("sh runs tests/pki/make-pki.sh (the openssl CLI is needed)");
        assert!(
            out.status.success(),
            "make-pki.sh failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
    .join(name)
}

/// A service of a test list: name, type, the PKI certificate file, and its statuses
/// (status URI, starting time), the current one first.
pub struct TestService<'a> {
    pub name: &'a str,
    pub service_type: &'a str,
    pub certificate: &'a str,
    pub statuses: &'a [(&'a str, &'a str)],
}

/// The services of the standard test list.
pub fn standard_services() -> Vec<TestService<'static>> {
    vec![
        TestService {
            name: "EPCT Test Root CA",
            service_type: CA_QC,
            certificate: "root-ca.pem",
            statuses: &[(GRANTED, "2016-07-01T00:00:00Z")],
        },
        TestService {
            name: "EPCT Test Withdrawn CA",
            service_type: CA_QC,
            certificate: "withdrawn-ca.pem",
            statuses: &[
                (WITHDRAWN, "2020-01-01T00:00:00Z"),
                (GRANTED, "2016-07-01T00:00:00Z"),
                (ACCREDITED, "2012-01-01T00:00:00Z"),
            ],
        },
        TestService {
            name: "EPCT Test Time-Stamping",
            service_type: TSA,
            certificate: "unlisted-ca.pem",
            statuses: &[(GRANTED, "2016-07-01T00:00:00Z")],
        },
    ]
}

/// The qualified time-stamping service of the test PKI's `tsa-ca`, granted since 2016;
/// the PKI's `tsa` issues time-stamps under it, `untrusted-tsa` does not.
pub fn tsa_service() -> TestService<'static> {
    TestService {
        name: "EPCT Test Qualified Time-Stamping",
        service_type: TSA,
        certificate: "tsa-ca.pem",
        statuses: &[(GRANTED, "2016-07-01T00:00:00Z")],
    }
}

fn base64_of_pem(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect()
}

/// Writes a trusted list of `territory` with `sequence` and `services` into `dir`, signed
/// by the PKI's `signer` (its .key and .pem) with xmlsec1; returns the signed file.
/// Imports `list`, signed by the test PKI's `tl-signer`, as of 2019-09-05 (inside the
/// signer's validity), with `cmd` (an `epct` command with the test's trust store).
pub fn import_test_list(mut cmd: assert_cmd::Command, list: &Path) {
    cmd.args(["trust", "import", "--at", "2019-09-05", "--signer-cert"])
        .arg(pki("tl-signer.pem"))
        .arg(list)
        .assert()
        .success();
}

pub fn signed_list(
    dir: &Path,
    territory: &str,
    sequence: u64,
    services: &[TestService<'_>],
    signer: &str,
) -> PathBuf {
    signed_list_of(
        dir,
        territory,
        sequence,
        services,
        signer,
        "EPCT Test Supervisory Body",
    )
}

/// [`signed_list`] with the scheme operator's name given.
pub fn signed_list_of(
    dir: &Path,
    territory: &str,
    sequence: u64,
    services: &[TestService<'_>],
    signer: &str,
    operator: &str,
) -> PathBuf {
    signed_list_with(
        dir,
        territory,
        sequence,
        services,
        signer,
        operator,
        &SignatureTemplate::default(),
    )
}

pub const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
pub const EXC_C14N_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
pub const C14N: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
pub const C14N_COMMENTS: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";
pub const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
pub const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
pub const SHA1: &str = "http://www.w3.org/2000/09/xmldsig#sha1";

/// How xmlsec1 is to sign a test list: the canonicalization of SignedInfo, the
/// transforms of the reference to the whole list and of the one to the XAdES
/// SignedProperties, the digest, the signature method (default: the one for the
/// signer's key), and whether the list carries comments (before its root, inside it,
/// inside SignedInfo).
pub struct SignatureTemplate<'a> {
    pub canonicalization: &'a str,
    pub list_transforms: &'a [&'a str],
    pub properties_transforms: &'a [&'a str],
    pub digest: &'a str,
    pub method: Option<&'a str>,
    pub comments: bool,
}

impl Default for SignatureTemplate<'_> {
    /// Exclusive canonicalization everywhere, SHA-256, no comments.
    fn default() -> Self {
        SignatureTemplate {
            canonicalization: EXC_C14N,
            list_transforms: &[ENVELOPED, EXC_C14N],
            properties_transforms: &[EXC_C14N],
            digest: SHA256,
            method: None,
            comments: false,
        }
    }
}

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

/// [`signed_list_of`] signed as `template` says.
pub fn signed_list_with(
    dir: &Path,
    territory: &str,
    sequence: u64,
    services: &[TestService<'_>],
    signer: &str,
    operator: &str,
    template: &SignatureTemplate<'_>,
) -> PathBuf {
    let comment = |text: &str| {
        if template.comments {
            format!("<!-- {text} -->")
        } else {
            String::new()
        }
    };
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
{}<TrustServiceStatusList xmlns="{TSL_NS}" Id="tsl" TSLTag="http://uri.etsi.org/19612/TSLTag">{}
  <SchemeInformation>
    <TSLVersionIdentifier>5</TSLVersionIdentifier>
    <TSLSequenceNumber>{sequence}</TSLSequenceNumber>
    <TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric</TSLType>
    <SchemeOperatorName><Name xml:lang="en">{operator}</Name></SchemeOperatorName>
    <SchemeTerritory>{territory}</SchemeTerritory>
    <ListIssueDateTime>2019-08-01T00:00:00Z</ListIssueDateTime>
    <NextUpdate><dateTime>2020-02-01T00:00:00Z</dateTime></NextUpdate>
  </SchemeInformation>
  <TrustServiceProviderList>
    <TrustServiceProvider>
      <TSPInformation><TSPName><Name xml:lang="en">EPCT Test Provider</Name></TSPName></TSPInformation>
      <TSPServices>
"#,
        comment("before the list"),
        comment("inside the list"),
    );
    for s in services {
        let (status, since) = s.statuses[0];
        xml += &format!(
            r#"        <TSPService>
          <ServiceInformation>
            <ServiceTypeIdentifier>{}</ServiceTypeIdentifier>
            <ServiceName><Name xml:lang="en">{}</Name></ServiceName>
            <ServiceDigitalIdentity><DigitalId><X509Certificate>{}</X509Certificate></DigitalId></ServiceDigitalIdentity>
            <ServiceStatus>{status}</ServiceStatus>
            <StatusStartingTime>{since}</StatusStartingTime>
          </ServiceInformation>
"#,
            s.service_type,
            s.name,
            base64_of_pem(&pki(s.certificate))
        );
        if s.statuses.len() > 1 {
            xml += "          <ServiceHistory>\n";
            for (status, since) in &s.statuses[1..] {
                xml += &format!(
                    r#"            <ServiceHistoryInstance>
              <ServiceTypeIdentifier>{}</ServiceTypeIdentifier>
              <ServiceName><Name xml:lang="en">{}</Name></ServiceName>
              <ServiceDigitalIdentity/>
              <ServiceStatus>{status}</ServiceStatus>
              <StatusStartingTime>{since}</StatusStartingTime>
            </ServiceHistoryInstance>
"#,
                    s.service_type, s.name
                );
            }
            xml += "          </ServiceHistory>\n";
        }
        xml += "        </TSPService>\n";
    }
    let method = template.method.unwrap_or(if signer == "tl-signer" {
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
    } else {
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    });
    let (c14n, digest) = (template.canonicalization, template.digest);
    let (list_transforms, properties_transforms) = (
        transforms(template.list_transforms),
        transforms(template.properties_transforms),
    );
    let signed_info_comment = comment("inside SignedInfo");
    xml += &format!(
        r##"      </TSPServices>
    </TrustServiceProvider>
  </TrustServiceProviderList>
<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="sig"><ds:SignedInfo>{signed_info_comment}<ds:CanonicalizationMethod Algorithm="{c14n}"/><ds:SignatureMethod Algorithm="{method}"/><ds:Reference URI="">{list_transforms}<ds:DigestMethod Algorithm="{digest}"/><ds:DigestValue/></ds:Reference><ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#xades-sig">{properties_transforms}<ds:DigestMethod Algorithm="{digest}"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo><ds:Object><xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#sig"><xades:SignedProperties Id="xades-sig"><xades:SignedSignatureProperties><xades:SigningTime>2019-08-01T00:00:00Z</xades:SigningTime></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></ds:Object></ds:Signature></TrustServiceStatusList>
"##
    );
    let template = dir.join(format!("{territory}-{sequence}-template.xml"));
    let signed = dir.join(format!("{territory}-{sequence}.xml"));
    std::fs::write(&template, xml).unwrap();
    let key = format!(
        "{},{}",
        pki(&format!("{signer}.key")).display(),
        pki(&format!("{signer}.pem")).display()
    );
    let out = Command::new("xmlsec1")
        .args(["--sign", "--privkey-pem", &key])
        .args([
            "--id-attr:Id",
            "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
        ])
        .arg("--output")
        .arg(&signed)
        .arg(&template)
        .output()
        .expect("xmlsec1 signs the test lists (Debian package xmlsec1)");
    assert!(
        out.status.success(),
        "xmlsec1 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    signed
}

/// The files in the store's list folder.
pub fn stored_lists(store: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(store.join("lists"))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A copy of the PKI's root CA with an `openssl ca` database of this test's own, kept
/// from one certificate to the next; its first serial number is random, so that the
/// certificates of two test directories (two states' machines) never share one.
fn own_root_ca(dir: &Path) -> PathBuf {
    let ca = dir.join("ca");
    if !ca.join("serial").exists() {
        std::fs::create_dir_all(&ca).unwrap();
        std::fs::copy(pki("root-ca.pem"), ca.join("root-ca.pem")).unwrap();
        std::fs::copy(pki("root-ca.key"), ca.join("root-ca.key")).unwrap();
        std::fs::write(ca.join("index.txt"), "").unwrap();
        let first: u32 = rand_serial();
        std::fs::write(ca.join("serial"), format!("{first:08X}\n")).unwrap();
    }
    let config = ca.join("ca.cnf");
    std::fs::write(
        &config,
        format!(
            "[ca]\ndefault_ca = this\n[this]\ndir = {}\ndatabase = $dir/index.txt\nserial = $dir/serial\n\
             new_certs_dir = $dir\ncertificate = $dir/root-ca.pem\nprivate_key = $dir/root-ca.key\n\
             default_md = sha256\ndefault_days = 30\ndefault_crl_days = 30\npolicy = any\n\
             copy_extensions = copy\nunique_subject = no\n[any]\ncommonName = supplied\n\
             organizationName = optional\ncountryName = optional\n",
            ca.display()
        ),
    )
    .unwrap();
    config
}

/// Generates P-256 key `label` on `token`, has the test PKI's root CA certify it (as
/// `LABEL.pem` in the test directory, with an `openssl ca` of the test's own so that it
/// can revoke it), and stores the certificate beside the key.
pub fn root_certified_key(env: &super::Epct, token: &str, label: &str, subject: &str) -> PathBuf {
    root_certified_key_valid(env, token, label, subject, None)
}

/// As [`root_certified_key`], the certificate valid from `start` to `end`
/// (`YYYYMMDDHHMMSSZ`) instead of 30 days from now.
pub fn root_certified_key_valid(
    env: &super::Epct,
    token: &str,
    label: &str,
    subject: &str,
    validity: Option<(&str, &str)>,
) -> PathBuf {
    let dir = env.dir();
    let (csr, cert) = (format!("{label}.csr"), format!("{label}.pem"));
    env.epct()
        .args([
            "--token", token, "key", "generate", "--label", label, "--type", "p256",
        ])
        .assert()
        .success();
    env.epct()
        .args([
            "--token", token, "cert", "request", "--key", label, "--pem", "--out", &csr,
        ])
        .args(["--subject", subject])
        .assert()
        .success();
    root_ca_issues(dir, &csr, &cert, validity);
    env.epct()
        .args(["--token", token, "cert", "import", "--key", label, &cert])
        .assert()
        .success();
    dir.join(cert)
}

/// The test PKI's root CA issues the certificate `cert` for the request `csr` (both in
/// `dir`), valid from `start` to `end` (`YYYYMMDDHHMMSSZ`) or for 30 days from now, with
/// an `openssl ca` of `dir`'s own, as a real CA would for the security officer.
pub fn root_ca_issues(dir: &Path, csr: &str, cert: &str, validity: Option<(&str, &str)>) {
    let ca = own_root_ca(dir);
    super::run(
        Command::new("openssl")
            .current_dir(dir)
            .args(["ca", "-batch", "-notext", "-config"])
            .arg(&ca)
            .args(["-in", csr, "-out", cert])
            .args(
                validity
                    .map(|(start, end)| vec!["-startdate", start, "-enddate", end])
                    .unwrap_or_default(),
            ),
    );
}

/// A first serial number of eight hex digits, from the clock and the process.
fn rand_serial() -> u32 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    0x4000_0000 | (nanos ^ std::process::id().rotate_left(16))
}
