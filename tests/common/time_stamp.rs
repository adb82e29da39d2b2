//! Signature time-stamps for the tests: RFC 3161 tokens made by `openssl ts` with the
//! test PKI's time-stamping authorities (at a chosen time with `faketime`), attached to
//! a signature as the CAdES-T unsigned attribute id-aa-signatureTimeStampToken.

use std::fs;
use std::process::Command;

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfo};
use der::asn1::SetOfVec;
use der::{Any, Decode, Encode};

use super::trust::pki;
use super::{Epct, run};

/// The signature value of the first signer of the SignedData `file` (DER).
pub fn signature_value(file: &[u8]) -> Vec<u8> {
    let info = ContentInfo::from_der(file).expect("a ContentInfo");
    let signed: SignedData = info.content.decode_as().expect("a SignedData");
    let first = signed.signer_infos.0.iter().next().expect("a signer");
    first.signature.as_bytes().to_vec()
}

/// A time-stamp token over `data` from the PKI's authority `tsa` (`tsa.pem`,
/// `tsa.key`), made by `openssl ts -reply` at `at` (a `faketime` time) or now.
pub fn time_stamp_token(env: &Epct, data: &[u8], tsa: &str, at: Option<&str>) -> Vec<u8> {
    let dir = env.dir();
    fs::write(dir.join("ts-data.bin"), data).unwrap();
    fs::write(dir.join("ts-serial"), "01\n").unwrap();
    fs::write(
        dir.join("ts.cnf"),
        format!(
            "[tsa]\ndefault_tsa = this\n[this]\nserial = {}/ts-serial\nsigner_digest = sha256\n\
             default_policy = 1.3.6.1.4.1.4146.2.3\ndigests = sha256, sha384\n\
             ess_cert_id_alg = sha256\naccuracy = secs:1\n",
            dir.display()
        ),
    )
    .unwrap();
    run(Command::new("openssl").current_dir(dir).args([
        "ts",
        "-query",
        "-data",
        "ts-data.bin",
        "-sha256",
        "-cert",
        "-out",
        "ts.tsq",
    ]));
    let mut reply = match at {
        Some(at) => {
            let mut cmd = Command::new("faketime");
            cmd.args([at, "openssl"]);
            cmd
        }
        None => Command::new("openssl"),
    };
    reply
        .current_dir(dir)
        .args(["ts", "-reply", "-queryfile", "ts.tsq", "-config", "ts.cnf"])
        .arg("-signer")
        .arg(pki(&format!("{tsa}.pem")))
        .arg("-inkey")
        .arg(pki(&format!("{tsa}.key")))
        .args(["-token_out", "-out", "ts.tst"]);
    run(&mut reply);
    fs::read(dir.join("ts.tst")).unwrap()
}

/// `file` (a SignedData, DER) with `token` as its first signer's signature time-stamp, in DER.
pub fn with_time_stamp(file: &[u8], token: &[u8]) -> Vec<u8> {
    let info = ContentInfo::from_der(file).expect("a ContentInfo");
    let mut signed: SignedData = info.content.decode_as().unwrap();
    let mut signers: Vec<SignerInfo> = signed.signer_infos.0.iter().cloned().collect();
    let mut values = SetOfVec::new();
    values.insert(Any::from_der(token).unwrap()).unwrap();
    let mut unsigned = SetOfVec::new();
    unsigned
        .insert(x509_cert::attr::Attribute {
            oid: epct::oids::ID_AA_SIGNATURE_TIME_STAMP_TOKEN,
            values,
        })
        .unwrap();
    signers[0].unsigned_attrs = Some(unsigned);
    signed.signer_infos.0 = SetOfVec::try_from(signers).unwrap();
    ContentInfo {
        content_type: info.content_type,
        content: Any::encode_from(&signed).unwrap(),
    }
    .to_der()
    .unwrap()
}
