//! cms in memory, with software keys behind its key traits: signer infos made and
//! checked, recipients wrapped and unwrapped, and whole files sealed and opened.

use std::io::Cursor;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use der::{Decode, Encode};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
use zeroize::Zeroizing;

use super::recipients;
use super::signer_info;
use super::{
    AesKeySize, BindingContext, BoundRecordTypes, Buffering, CmsError, ContentCipher,
    ContentSigner, KeyDecryptor, RecipientBinding, SealRequest, SignerCheck, SignerFailure,
    VerifyOptions, open, seal, sign, verify,
};
use crate::algorithms::{HashAlg, KeyTransport, SignatureAlgorithm};
use crate::oids;
use crate::testing::{Profile, SoftKey, certificate};

impl ContentSigner for SoftKey {
    fn algorithm(&self) -> SignatureAlgorithm {
        SoftKey::algorithm(self)
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CmsError> {
        Ok(SoftKey::sign(self, message))
    }
}

impl KeyDecryptor for SoftKey {
    fn decrypt_key(
        &self,
        transport: &KeyTransport,
        ciphertext: &[u8],
        _expected_len: usize,
    ) -> Result<Zeroizing<Vec<u8>>, CmsError> {
        let SoftKey::Rsa(key) = self else {
            return Err(CmsError::Cipher("an EC key does not decrypt".to_owned()));
        };
        let sha256 = KeyTransport::Oaep {
            hash: HashAlg::Sha256,
            mgf_hash: HashAlg::Sha256,
            label: Vec::new(),
        };
        assert_eq!(transport, &sha256, "epct encrypts with RSAES-OAEP SHA-256");
        let key = key
            .decrypt(rsa::Oaep::<sha2::Sha256>::new(), ciphertext)
            .map_err(|e| CmsError::Cipher(e.to_string()))?;
        Ok(Zeroizing::new(key))
    }

    fn shared_secret(&self, peer_point: &[u8]) -> Result<Zeroizing<Vec<u8>>, CmsError> {
        let SoftKey::P256(key) = self else {
            return Err(CmsError::Cipher("an RSA key does not agree".to_owned()));
        };
        let peer = p256::PublicKey::from_sec1_bytes(peer_point)
            .map_err(|e| CmsError::Cipher(e.to_string()))?;
        let shared = p256::ecdh::diffie_hellman(key.to_nonzero_scalar(), peer.as_affine());
        Ok(Zeroizing::new(shared.raw_secret_bytes().to_vec()))
    }
}

const INTACT: SignerCheck = SignerCheck::Intact { legacy: false };

fn at(days: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(days * 86_400)
}

/// A self-signed certificate for `key`, for signing and for receiving files.
fn own_certificate(key: &SoftKey, subject: &str) -> Certificate {
    let usage = KeyUsages::DigitalSignature
        | KeyUsages::NonRepudiation
        | KeyUsages::KeyEncipherment
        | KeyUsages::KeyAgreement;
    let profile = Profile {
        subject,
        ca: false,
        key_usage: KeyUsage(usage),
        not_before: at(18_000),
        not_after: at(30_000),
    };
    certificate(key, &profile, None)
}

fn rsa() -> (SoftKey, Certificate) {
    let key = SoftKey::rsa();
    let cert = own_certificate(&key, "CN=RSA official,O=Authority,C=BE");
    (key, cert)
}

fn ec() -> (SoftKey, Certificate) {
    let key = SoftKey::p256(5);
    let cert = own_certificate(&key, "CN=EC official,O=Authority,C=FR");
    (key, cert)
}

/// A SignerInfo over `content`, as its DER, and the content's SHA-256 digest.
fn signer_info_over(key: &SoftKey, cert: &Certificate, content: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let digest = HashAlg::Sha256.digest(content);
    let info = signer_info::sign(key, cert, oids::ID_DATA, &digest, at(20_000), None).unwrap();
    (info.to_der().unwrap(), digest)
}

#[test]
fn a_signer_info_made_with_each_key_type_verifies_as_intact() {
    for (key, cert) in [rsa(), ec()] {
        let (raw, digest) = signer_info_over(&key, &cert, b"voter file");
        let report = signer_info::verify(
            &raw,
            Some(oids::ID_DATA),
            &[(HashAlg::Sha256, digest)],
            std::slice::from_ref(&cert),
            false,
        )
        .unwrap();
        assert_eq!(report.check, INTACT);
        assert_eq!(report.signature_algorithm, Some(key.algorithm()));
        assert_eq!(report.signer.as_ref(), Some(&cert));
    }
}

#[test]
fn a_signer_info_over_other_content_is_not_intact() {
    let (key, cert) = ec();
    let (raw, _) = signer_info_over(&key, &cert, b"voter file");
    let other = HashAlg::Sha256.digest(b"voter file, changed");
    let report = signer_info::verify(
        &raw,
        Some(oids::ID_DATA),
        &[(HashAlg::Sha256, other)],
        &[cert],
        false,
    )
    .unwrap();
    assert_eq!(report.check.failure(), Some(&SignerFailure::DigestMismatch));
}

#[test]
fn a_signer_info_without_its_certificate_is_not_intact() {
    let (key, cert) = rsa();
    let (raw, digest) = signer_info_over(&key, &cert, b"voter file");
    let (_, stranger) = ec();
    let report = signer_info::verify(
        &raw,
        Some(oids::ID_DATA),
        &[(HashAlg::Sha256, digest)],
        &[stranger],
        false,
    )
    .unwrap();
    assert_eq!(
        report.check.failure(),
        Some(&SignerFailure::CertificateMissing)
    );
}

#[test]
fn a_signer_info_signed_by_another_key_is_not_intact() {
    let (_, cert) = ec();
    let (raw, digest) = signer_info_over(&SoftKey::p256(6), &cert, b"voter file");
    let report = signer_info::verify(
        &raw,
        Some(oids::ID_DATA),
        &[(HashAlg::Sha256, digest)],
        &[cert],
        false,
    )
    .unwrap();
    assert_eq!(
        report.check.failure(),
        Some(&SignerFailure::SignatureInvalid)
    );
}

#[test]
fn oaep_and_ecdh_recipients_each_recover_the_content_key() {
    let (rsa_key, rsa_cert) = rsa();
    let (ec_key, ec_cert) = ec();
    let content_key = [0x5a_u8; 32];
    let infos = recipients::build(&[rsa_cert.clone(), ec_cert.clone()], &content_key).unwrap();
    assert_eq!(infos.0.len(), 2);
    for (key, cert) in [(&rsa_key, &rsa_cert), (&ec_key, &ec_cert)] {
        let recovered = recipients::unwrap(&infos, cert, key, content_key.len()).unwrap();
        assert_eq!(recovered.as_slice(), content_key.as_slice());
    }
}

#[test]
fn a_file_for_other_recipients_is_not_for_this_key() {
    let (_, rsa_cert) = rsa();
    let (ec_key, ec_cert) = ec();
    let infos = recipients::build(&[rsa_cert], &[1u8; 16]).unwrap();
    let error = recipients::unwrap(&infos, &ec_cert, &ec_key, 16).unwrap_err();
    assert!(matches!(error, CmsError::NotForThisKey { .. }), "{error}");
}

#[test]
fn a_signed_file_verifies_and_gives_back_its_content_attached_or_detached() {
    let (key, cert) = ec();
    let content = b"surname;given names\n".repeat(1000);
    for attached in [true, false] {
        let (signed, summary) = sign(
            content.as_slice(),
            Vec::new(),
            &key,
            &cert,
            &[],
            attached,
            at(20_000),
        )
        .unwrap();
        assert_eq!(summary.content_bytes, content.len() as u64);
        let mut out = Vec::new();
        let mut detached = content.as_slice();
        let given: Option<&mut dyn std::io::Read> = (!attached).then_some(&mut detached);
        let report = verify(
            signed.as_slice(),
            &mut out,
            given,
            &VerifyOptions::default(),
        )
        .unwrap();
        assert_eq!(report.detached, !attached);
        assert_eq!(report.content_bytes, content.len() as u64);
        assert_eq!(report.signers[0].check, INTACT);
        if attached {
            assert_eq!(out, content);
        }
    }
}

fn seal_for(recipients: &[Certificate], cipher: ContentCipher, content: &[u8]) -> Vec<u8> {
    let (signer, signer_cert) = ec();
    let request = SealRequest {
        recipients,
        chain: &[],
        cipher,
        signing_time: at(20_000),
        buffering: Buffering::SMALL,
        binding: bound_for_fr(),
    };
    let (sealed, report) = seal(content, Vec::new(), &signer, &signer_cert, &request).unwrap();
    assert_eq!(report.signature.content_bytes, content.len() as u64);
    sealed
}

#[test]
fn a_sealed_file_opens_for_each_recipient_and_each_cipher() {
    let (rsa_key, rsa_cert) = rsa();
    let (ec_key, ec_cert) = ec();
    // Several blocks of the small buffering, and a last one that is not full.
    let content: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    for cipher in [
        ContentCipher::Gcm(AesKeySize::Aes256),
        ContentCipher::Cbc(AesKeySize::Aes128),
    ] {
        let sealed = seal_for(&[rsa_cert.clone(), ec_cert.clone()], cipher, &content);
        for (key, cert) in [(&rsa_key, &rsa_cert), (&ec_key, &ec_cert)] {
            let mut out = Vec::new();
            let report = open(
                Cursor::new(sealed.clone()),
                &mut out,
                key,
                cert,
                &VerifyOptions::default(),
            )
            .unwrap();
            assert_eq!(out, content);
            assert_eq!(report.content_bytes, content.len() as u64);
            assert_eq!(report.signers.len(), 1);
            assert_eq!(report.signers[0].check, INTACT);
            let binding = report.signers[0].binding.as_ref().unwrap();
            assert!(binding.names(&rsa_cert) && binding.names(&ec_cert));
            assert!(!binding.names(&own_certificate(&SoftKey::p256(9), "CN=Other")));
            assert_eq!(binding.destination(), Some("FR"));
            assert_eq!(
                binding.file_name.as_deref(),
                Some("BE-to-FR-2026-11-25-voters.p7m")
            );
            assert_eq!(binding.record_types, Some(BoundRecordTypes::Voters));
        }
    }
}

fn bound_for_fr() -> BindingContext {
    BindingContext {
        destination: Some("FR".into()),
        file_name: Some("BE-to-FR-2026-11-25-voters.p7m".into()),
        record_types: Some(BoundRecordTypes::Voters),
    }
}

#[test]
fn a_recipient_binding_names_each_certificate_once_and_reads_back() {
    let (_, rsa_cert) = rsa();
    let (_, ec_cert) = ec();
    let recipients = [rsa_cert.clone(), ec_cert.clone(), rsa_cert.clone()];
    let binding = RecipientBinding::new(&recipients, &BindingContext::default()).unwrap();
    assert_eq!(binding.recipients.len(), 2);
    let read = RecipientBinding::from_der(&binding.to_der().unwrap()).unwrap();
    assert_eq!(read, binding);
    assert_eq!(
        (read.destination(), read.file_name.as_deref()),
        (None, None)
    );
    let bound = RecipientBinding::new(&recipients[..1], &bound_for_fr()).unwrap();
    let read = RecipientBinding::from_der(&bound.to_der().unwrap()).unwrap();
    assert_eq!(read, bound);
    assert!(read.names(&rsa_cert) && !read.names(&ec_cert));
    assert!(RecipientBinding::new(&[], &BindingContext::default()).is_err());
    let greece = BindingContext {
        destination: Some("Greece".into()),
        ..BindingContext::default()
    };
    assert!(RecipientBinding::new(&recipients, &greece).is_err());
}

#[test]
fn a_sealed_file_with_one_changed_byte_is_refused() {
    let (key, cert) = rsa();
    let content = vec![b'x'; 100_000];
    let sealed = seal_for(
        std::slice::from_ref(&cert),
        ContentCipher::Gcm(AesKeySize::Aes256),
        &content,
    );
    let mut tampered = sealed.clone();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x01;
    let mut out = Vec::new();
    let error = open(
        Cursor::new(tampered),
        &mut out,
        &key,
        &cert,
        &VerifyOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(error, CmsError::AuthenticationFailed), "{error}");
}

#[test]
fn real_cades_signatures_from_dss_verify_in_memory_as_dss_judges_them() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/third-party/cades");
    for (file, intact) in [
        ("HU-intact-Signature-C-BES-4.p7m", true),
        ("enveloping-intact.pkcs7", true),
        ("enveloping-content-modified.pkcs7", false),
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let mut out = Vec::new();
        let report = verify(bytes.as_slice(), &mut out, None, &VerifyOptions::default()).unwrap();
        let check = &report.signers[0].check;
        if intact {
            assert_eq!(check, &INTACT, "{file}");
        } else {
            assert_eq!(
                check.failure(),
                Some(&SignerFailure::DigestMismatch),
                "{file}"
            );
        }
    }
}

#[test]
fn the_recipients_of_a_file_are_read_without_a_key_and_the_input_given_back_whole() {
    let ((_, rsa_cert), (_, ec_cert), (_, other)) = (rsa(), ec(), rsa());
    let cipher = ContentCipher::Gcm(AesKeySize::Aes256);
    let sealed = seal_for(&[rsa_cert.clone(), ec_cert.clone()], cipher, b"rows");
    let (recipients, mut replayed) = super::read_recipients(Cursor::new(sealed.clone())).unwrap();
    assert!(recipients.includes(&rsa_cert) && recipients.includes(&ec_cert));
    assert!(!recipients.includes(&other));
    assert_eq!(recipients.names().len(), 2);
    let mut again = Vec::new();
    std::io::Read::read_to_end(&mut replayed, &mut again).unwrap();
    assert_eq!(again, sealed);
    let (key, cert) = rsa();
    let (signed, _) = sign(&b"rows"[..], Vec::new(), &key, &cert, &[], true, at(20_000)).unwrap();
    assert!(matches!(
        super::read_recipients(Cursor::new(signed)),
        Err(CmsError::SignedNotEncrypted)
    ));
    assert!(matches!(
        super::read_recipients(Cursor::new(b"plain text".to_vec())),
        Err(CmsError::NotCms(_))
    ));
}
