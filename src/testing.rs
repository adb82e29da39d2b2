//! Software keys and certificates for the in-memory unit tests: what a token and a CA
//! do, done on the host with `rsa` and `p256`.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::SystemTime;

use der::asn1::BitString;
use der::{Decode, Document, Encode};
use p256::elliptic_curve::sec1::ToSec1Point;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::EncodePublicKey;
use signature::{Keypair, SignatureEncoding, Signer};
use spki::{
    AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, SubjectPublicKeyInfoOwned,
    SubjectPublicKeyInfoRef,
};
use x509_cert::Certificate;
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, KeyUsage, SubjectKeyIdentifier,
};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

use crate::algorithms::{HashAlg, SignatureAlgorithm};
use crate::x509::{Curve, ec_spki, parse_name};

/// A private key in memory.
pub(crate) enum SoftKey {
    Rsa(Box<rsa::PrivateKey>),
    P256(p256::SecretKey),
}

impl SoftKey {
    /// The 2048-bit RSA key of `tests/data/rsa2048-test-key.hex`.
    pub(crate) fn rsa() -> SoftKey {
        let der = hex::decode(include_str!("../tests/data/rsa2048-test-key.hex").trim())
            .expect("the test key is hex");
        SoftKey::Rsa(Box::new(
            rsa::PrivateKey::from_pkcs1_der(&der).expect("the test key is PKCS#1"),
        ))
    }

    /// A P-256 key made from `seed`, the same at every run.
    pub(crate) fn p256(seed: u8) -> SoftKey {
        SoftKey::P256(p256::SecretKey::from_slice(&[seed; 32]).expect("a valid scalar"))
    }

    pub(crate) fn spki(&self) -> SubjectPublicKeyInfoOwned {
        match self {
            SoftKey::Rsa(key) => {
                let der = key.to_public_key().to_public_key_der().expect("encodes");
                SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).expect("decodes")
            }
            SoftKey::P256(key) => ec_spki(
                Curve::P256,
                key.public_key().to_sec1_point(false).as_bytes(),
            )
            .expect("a P-256 point"),
        }
    }

    /// RSA PKCS#1 v1.5 or ECDSA, with SHA-256.
    pub(crate) fn algorithm(&self) -> SignatureAlgorithm {
        match self {
            SoftKey::Rsa(_) => SignatureAlgorithm::RsaPkcs1v15(HashAlg::Sha256),
            SoftKey::P256(_) => SignatureAlgorithm::Ecdsa(HashAlg::Sha256),
        }
    }

    /// Signs `message` as a token signs it: the signature's encoding in CMS and X.509.
    pub(crate) fn sign(&self, message: &[u8]) -> Vec<u8> {
        match self {
            SoftKey::Rsa(key) => rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new((**key).clone())
                .sign(message)
                .to_vec(),
            SoftKey::P256(key) => {
                let signature: p256::ecdsa::DerSignature =
                    p256::ecdsa::SigningKey::from(key).sign(message);
                signature.to_vec()
            }
        }
    }
}

/// What a test certificate says about its key.
pub(crate) struct Profile<'a> {
    pub subject: &'a str,
    pub ca: bool,
    pub key_usage: KeyUsage,
    pub not_before: SystemTime,
    pub not_after: SystemTime,
}

/// A certificate for `key`, issued by `issuer` (its certificate and key), or by `key`
/// itself.
pub(crate) fn certificate(
    key: &SoftKey,
    profile: &Profile<'_>,
    issuer: Option<(&Certificate, &SoftKey)>,
) -> Certificate {
    static SERIAL: AtomicU32 = AtomicU32::new(1);
    let subject = parse_name(profile.subject).expect("a valid name");
    let (issuer_name, signer) = match issuer {
        Some((cert, signer)) => (cert.tbs_certificate().subject().clone(), signer),
        None => (subject.clone(), key),
    };
    let serial = SERIAL.fetch_add(1, Ordering::Relaxed).to_be_bytes();
    let validity = Validity::new(
        Time::try_from(profile.not_before).expect("a time"),
        Time::try_from(profile.not_after).expect("a time"),
    );
    let mut builder = CertificateBuilder::new(
        Extensions {
            subject,
            issuer: issuer_name,
            ca: profile.ca,
            key_usage: profile.key_usage,
        },
        SerialNumber::new(&serial).expect("a serial"),
        validity,
        key.spki(),
    )
    .expect("a builder");
    let signing = Signing(signer);
    let to_be_signed = builder.finalize(&signing).expect("finalises");
    let signature = BitString::from_bytes(&signer.sign(&to_be_signed)).expect("a bit string");
    builder.assemble(signature, &signing).expect("assembles")
}

/// The names and extensions of a test certificate.
struct Extensions {
    subject: Name,
    issuer: Name,
    ca: bool,
    key_usage: KeyUsage,
}

impl BuilderProfile for Extensions {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let subject = tbs.subject();
        let mut extensions = Vec::new();
        let constraints = BasicConstraints {
            ca: self.ca,
            path_len_constraint: None,
        };
        extensions.push(constraints.to_extension(subject, &extensions)?);
        extensions.push(self.key_usage.to_extension(subject, &extensions)?);
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        extensions.push(ski.to_extension(subject, &extensions)?);
        let aki = AuthorityKeyIdentifier {
            key_identifier: Some(SubjectKeyIdentifier::try_from(issuer_spk)?.0),
            ..Default::default()
        };
        extensions.push(aki.to_extension(subject, &extensions)?);
        Ok(extensions)
    }
}

/// A software key as the `x509-cert` builders see it.
struct Signing<'k>(&'k SoftKey);

#[derive(Clone)]
struct PublicKey(SubjectPublicKeyInfoOwned);

impl EncodePublicKey for PublicKey {
    fn to_public_key_der(&self) -> spki::Result<Document> {
        Ok(Document::encode_msg(&self.0)?)
    }
}

impl Keypair for Signing<'_> {
    type VerifyingKey = PublicKey;

    fn verifying_key(&self) -> PublicKey {
        PublicKey(self.0.spki())
    }
}

impl DynSignatureAlgorithmIdentifier for Signing<'_> {
    fn signature_algorithm_identifier(&self) -> spki::Result<AlgorithmIdentifierOwned> {
        Ok(self.0.algorithm().identifier())
    }
}

/// The DER of `cert`.
pub(crate) fn der(cert: &Certificate) -> Vec<u8> {
    cert.to_der().expect("a certificate encodes")
}
