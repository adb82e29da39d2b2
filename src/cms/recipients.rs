//! RecipientInfos: the content-encryption key made readable for each recipient, and
//! recovered for ours with a [`KeyDecryptor`].
//!
//! Writing: RSA recipients get RSAES-OAEP with SHA-256; EC recipients get
//! ephemeral-static ECDH (RFC 5753) with the X9.63 KDF over SHA-256 and AES key wrap.
//! The `cms` crate's key-agreement builder is not used: it wraps the key under an
//! all-zero key (FIELD-NOTES).
//!
//! Reading also takes RSA PKCS#1 v1.5 key transport, OAEP with any of its hashes and a
//! label, and ECDH with the SHA-1, SHA-256, SHA-384 and SHA-512 KDFs.

use cms::cert::IssuerAndSerialNumber;
use cms::content_info::CmsVersion;
use cms::enveloped_data::{
    KeyAgreeRecipientIdentifier, KeyAgreeRecipientInfo, KeyTransRecipientInfo,
    OriginatorIdentifierOrKey, OriginatorPublicKey, RecipientEncryptedKey, RecipientIdentifier,
    RecipientInfo, RecipientInfos,
};
use der::asn1::{BitString, OctetString, SetOfVec};
use der::{Any, Encode};
use p256::elliptic_curve::Generate;
use p256::elliptic_curve::sec1::ToSec1Point;
use pkcs1::RsaOaepParams;
use rsa::pkcs8::DecodePublicKey;
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::ext::pkix::SubjectKeyIdentifier;
use zeroize::Zeroizing;

use super::algorithms::{
    AesKeySize, key_agreement_kdf, key_agreement_oid, key_wrap_identifier, key_wrap_size, to_der,
};
use super::asn1::EccCmsSharedInfo;
use super::error::CmsError;
use super::kdf::{KdfHash, aes_key_unwrap, aes_key_wrap, x963_kdf};
use super::keys::KeyDecryptor;
use crate::algorithms::{HashAlg, KeyTransport};
use crate::oids;
use crate::x509::{Curve, KeyAlgorithm, key_identifier};

/// The RecipientInfos that give `content_key` to each certificate's key.
pub fn build(recipients: &[Certificate], content_key: &[u8]) -> Result<RecipientInfos, CmsError> {
    if recipients.is_empty() {
        return Err(CmsError::NoRecipients);
    }
    let mut infos = SetOfVec::new();
    for cert in recipients {
        let info = build_one(cert, content_key)?;
        // A certificate given twice (the sender among the recipients) is one recipient.
        if !infos
            .iter()
            .any(|i: &RecipientInfo| same_recipient(i, &info))
        {
            infos
                .insert(info)
                .map_err(|e| CmsError::Malformed(format!("the recipient infos: {e}")))?;
        }
    }
    Ok(RecipientInfos(infos))
}

fn same_recipient(a: &RecipientInfo, b: &RecipientInfo) -> bool {
    match (a, b) {
        (RecipientInfo::Ktri(x), RecipientInfo::Ktri(y)) => x.rid == y.rid,
        (RecipientInfo::Kari(x), RecipientInfo::Kari(y)) => {
            x.recipient_enc_keys.first().map(|k| &k.rid)
                == y.recipient_enc_keys.first().map(|k| &k.rid)
        }
        _ => false,
    }
}

fn issuer_and_serial(cert: &Certificate) -> IssuerAndSerialNumber {
    let tbs = cert.tbs_certificate();
    IssuerAndSerialNumber {
        issuer: tbs.issuer().clone(),
        serial_number: tbs.serial_number().clone(),
    }
}

fn build_one(cert: &Certificate, content_key: &[u8]) -> Result<RecipientInfo, CmsError> {
    let subject = cert.tbs_certificate().subject().to_string();
    let refuse = |reason: String| CmsError::BadRecipient {
        subject: subject.clone(),
        reason,
    };
    let spki = cert.tbs_certificate().subject_public_key_info();
    match KeyAlgorithm::of(spki).map_err(|e| refuse(e.to_string()))? {
        KeyAlgorithm::Rsa { bits } if bits < 2048 => {
            Err(refuse(format!("an RSA key of {bits} bits is too weak")))
        }
        KeyAlgorithm::Rsa { .. } => {
            let key = rsa::PublicKey::from_public_key_der(&to_der(spki))
                .map_err(|e| refuse(e.to_string()))?;
            let mut rng = getrandom::SysRng;
            let encrypted = key
                .encrypt(&mut rng, rsa::Oaep::<sha2::Sha256>::new(), content_key)
                .map_err(|e| refuse(e.to_string()))?;
            Ok(RecipientInfo::Ktri(KeyTransRecipientInfo {
                version: CmsVersion::V0,
                rid: RecipientIdentifier::IssuerAndSerialNumber(issuer_and_serial(cert)),
                key_enc_alg: oaep_identifier(HashAlg::Sha256),
                enc_key: OctetString::new(encrypted).map_err(|e| refuse(e.to_string()))?,
            }))
        }
        KeyAlgorithm::Ec { curve } => {
            let point = crate::x509::ec_point(spki)
                .map_err(|e| refuse(e.to_string()))?
                .1;
            let (ephemeral, z) = ephemeral_agreement(curve, &point).map_err(refuse)?;
            let wrap_size = wrap_size_for(content_key.len());
            let wrap = key_wrap_identifier(wrap_size);
            let kek = x963_kdf(
                KdfHash::Sha256,
                &z,
                &shared_info(&wrap, None, wrap_size),
                wrap_size.bytes(),
            )
            .map_err(|e| refuse(e.to_string()))?;
            let wrapped = aes_key_wrap(&kek, content_key).map_err(|e| refuse(e.to_string()))?;
            Ok(RecipientInfo::Kari(KeyAgreeRecipientInfo {
                version: CmsVersion::V3,
                originator: OriginatorIdentifierOrKey::OriginatorKey(OriginatorPublicKey {
                    algorithm: AlgorithmIdentifierOwned {
                        oid: oids::ID_EC_PUBLIC_KEY,
                        parameters: None,
                    },
                    public_key: BitString::from_bytes(&ephemeral)
                        .map_err(|e| refuse(e.to_string()))?,
                }),
                ukm: None,
                key_enc_alg: AlgorithmIdentifierOwned {
                    oid: key_agreement_oid(KdfHash::Sha256),
                    parameters: Some(Any::encode_from(&wrap).expect("an identifier encodes")),
                },
                recipient_enc_keys: vec![RecipientEncryptedKey {
                    rid: KeyAgreeRecipientIdentifier::IssuerAndSerialNumber(issuer_and_serial(
                        cert,
                    )),
                    enc_key: OctetString::new(wrapped).map_err(|e| refuse(e.to_string()))?,
                }],
            }))
        }
    }
}

/// The key wrap as strong as the content key.
fn wrap_size_for(key_len: usize) -> AesKeySize {
    match key_len {
        16 => AesKeySize::Aes128,
        24 => AesKeySize::Aes192,
        _ => AesKeySize::Aes256,
    }
}

/// id-RSAES-OAEP with MGF1 over the same hash and an empty label.
fn oaep_identifier(hash: HashAlg) -> AlgorithmIdentifierOwned {
    let hash_id = AlgorithmIdentifierOwned {
        oid: hash.oid(),
        parameters: Some(Any::null()),
    };
    let params = RsaOaepParams::<Any> {
        hash: hash_id.clone(),
        mask_gen: spki::AlgorithmIdentifier {
            oid: oids::ID_MGF_1,
            parameters: Some(hash_id),
        },
        p_source: AlgorithmIdentifierOwned {
            oid: oids::ID_P_SPECIFIED,
            parameters: Some(
                Any::encode_from(&OctetString::new(Vec::new()).expect("empty")).expect("encodes"),
            ),
        },
    };
    AlgorithmIdentifierOwned {
        oid: oids::ID_RSAES_OAEP,
        parameters: Some(Any::encode_from(&params).expect("OAEP parameters encode")),
    }
}

/// An ephemeral key on `curve` and its shared secret with `peer`.
fn ephemeral_agreement(curve: Curve, peer: &[u8]) -> Result<(Vec<u8>, Zeroizing<Vec<u8>>), String> {
    match curve {
        Curve::P256 => {
            let peer = p256::PublicKey::from_sec1_bytes(peer).map_err(|e| e.to_string())?;
            let secret = p256::ecdh::EphemeralSecret::generate();
            let z = Zeroizing::new(secret.diffie_hellman(&peer).raw_secret_bytes().to_vec());
            Ok((
                secret.public_key().to_sec1_point(false).as_bytes().to_vec(),
                z,
            ))
        }
        Curve::P384 => {
            let peer = p384::PublicKey::from_sec1_bytes(peer).map_err(|e| e.to_string())?;
            let secret = p384::ecdh::EphemeralSecret::generate();
            let z = Zeroizing::new(secret.diffie_hellman(&peer).raw_secret_bytes().to_vec());
            Ok((
                secret.public_key().to_sec1_point(false).as_bytes().to_vec(),
                z,
            ))
        }
    }
}

/// The DER ECC-CMS-SharedInfo for the KDF.
fn shared_info(
    wrap: &AlgorithmIdentifierOwned,
    ukm: Option<&OctetString>,
    size: AesKeySize,
) -> Vec<u8> {
    let bits = (size.bytes() as u32 * 8).to_be_bytes();
    to_der(&EccCmsSharedInfo {
        key_info: wrap.clone(),
        entity_u_info: ukm.cloned(),
        supp_pub_info: OctetString::new(bits.to_vec()).expect("four bytes"),
    })
}

/// How RecipientInfos name their recipients, for messages.
pub fn describe(infos: &RecipientInfos) -> String {
    infos
        .0
        .iter()
        .flat_map(describe_one)
        .collect::<Vec<_>>()
        .join("; ")
}

/// How one RecipientInfo names its recipients.
pub(crate) fn describe_one(info: &RecipientInfo) -> Vec<String> {
    match info {
        RecipientInfo::Ktri(k) => vec![describe_rid(&k.rid)],
        RecipientInfo::Kari(k) => k
            .recipient_enc_keys
            .iter()
            .map(|r| match &r.rid {
                KeyAgreeRecipientIdentifier::IssuerAndSerialNumber(isn) => describe_isn(isn),
                KeyAgreeRecipientIdentifier::RKeyId(k) => {
                    format!(
                        "key id {}",
                        hex::encode(k.subject_key_identifier.0.as_bytes())
                    )
                }
            })
            .collect(),
        _ => vec!["a recipient epct cannot use (password, KEK or other)".to_owned()],
    }
}

pub(super) fn describe_rid(rid: &RecipientIdentifier) -> String {
    match rid {
        RecipientIdentifier::IssuerAndSerialNumber(isn) => describe_isn(isn),
        RecipientIdentifier::SubjectKeyIdentifier(ski) => {
            format!("key id {}", hex::encode(ski.0.as_bytes()))
        }
    }
}

fn describe_isn(isn: &IssuerAndSerialNumber) -> String {
    format!(
        "serial {} of '{}'",
        hex::encode(isn.serial_number.as_bytes()),
        isn.issuer
    )
}

pub(super) fn matches_isn(cert: &Certificate, isn: &IssuerAndSerialNumber) -> bool {
    let tbs = cert.tbs_certificate();
    tbs.issuer() == &isn.issuer && tbs.serial_number() == &isn.serial_number
}

pub(super) fn matches_key_id(cert: &Certificate, id: &[u8]) -> bool {
    let tbs = cert.tbs_certificate();
    let from_extension = tbs
        .get_extension::<SubjectKeyIdentifier>()
        .ok()
        .flatten()
        .map(|(_, k)| k.0.as_bytes().to_vec());
    from_extension.as_deref() == Some(id) || key_identifier(tbs.subject_public_key_info()) == id
}

/// Recovers the `key_len`-byte content key from the RecipientInfo addressed to `cert`,
/// the certificate of the key behind `decryptor`.
pub fn unwrap(
    infos: &RecipientInfos,
    cert: &Certificate,
    decryptor: &dyn KeyDecryptor,
    key_len: usize,
) -> Result<Zeroizing<Vec<u8>>, CmsError> {
    for info in infos.0.iter() {
        match info {
            RecipientInfo::Ktri(ktri) => {
                let ours = match &ktri.rid {
                    RecipientIdentifier::IssuerAndSerialNumber(isn) => matches_isn(cert, isn),
                    RecipientIdentifier::SubjectKeyIdentifier(ski) => {
                        matches_key_id(cert, ski.0.as_bytes())
                    }
                };
                if ours {
                    let transport = key_transport(&ktri.key_enc_alg)?;
                    return decryptor.decrypt_key(&transport, ktri.enc_key.as_bytes(), key_len);
                }
            }
            RecipientInfo::Kari(kari) => {
                let ours = kari.recipient_enc_keys.iter().find(|r| match &r.rid {
                    KeyAgreeRecipientIdentifier::IssuerAndSerialNumber(isn) => {
                        matches_isn(cert, isn)
                    }
                    KeyAgreeRecipientIdentifier::RKeyId(k) => {
                        matches_key_id(cert, k.subject_key_identifier.0.as_bytes())
                    }
                });
                if let Some(recipient) = ours {
                    return agree(kari, recipient.enc_key.as_bytes(), decryptor, key_len);
                }
            }
            _ => {}
        }
    }
    Err(CmsError::NotForThisKey {
        recipients: describe(infos),
    })
}

/// The key transport an RSA recipient's algorithm names.
pub(super) fn key_transport(id: &AlgorithmIdentifierOwned) -> Result<KeyTransport, CmsError> {
    if id.oid == oids::RSA_ENCRYPTION {
        return Ok(KeyTransport::Pkcs1v15);
    }
    if id.oid != oids::ID_RSAES_OAEP {
        return Err(CmsError::Unsupported {
            what: "the key transport",
            algorithm: id.oid.to_string(),
        });
    }
    let bad = || CmsError::Malformed("the RSAES-OAEP parameters are malformed".to_owned());
    // Absent parameters mean all the defaults: SHA-1, MGF1 with SHA-1, empty label.
    let params: RsaOaepParams<Any> = match &id.parameters {
        None => RsaOaepParams::default(),
        Some(p) if p.is_null() => RsaOaepParams::default(),
        Some(p) => p.decode_as().map_err(|_| bad())?,
    };
    let hash = HashAlg::from_identifier(&params.hash)?;
    if params.mask_gen.oid != oids::ID_MGF_1 {
        return Err(bad());
    }
    let mgf_hash = HashAlg::from_identifier(params.mask_gen.parameters.as_ref().ok_or_else(bad)?)?;
    if params.p_source.oid != oids::ID_P_SPECIFIED {
        return Err(bad());
    }
    let label = match &params.p_source.parameters {
        None => Vec::new(),
        Some(p) => p
            .decode_as::<OctetString>()
            .map_err(|_| bad())?
            .as_bytes()
            .to_vec(),
    };
    Ok(KeyTransport::Oaep {
        hash,
        mgf_hash,
        label,
    })
}

/// Recovers a key from an ephemeral-static ECDH RecipientInfo: the shared secret from
/// the decryptor, the KDF and the key unwrap here.
fn agree(
    kari: &KeyAgreeRecipientInfo,
    wrapped: &[u8],
    decryptor: &dyn KeyDecryptor,
    key_len: usize,
) -> Result<Zeroizing<Vec<u8>>, CmsError> {
    let OriginatorIdentifierOrKey::OriginatorKey(originator) = &kari.originator else {
        return Err(CmsError::Unsupported {
            what: "the key agreement",
            algorithm: "a static originator key".to_owned(),
        });
    };
    let kdf_hash = key_agreement_kdf(kari.key_enc_alg.oid)?;
    let wrap: AlgorithmIdentifierOwned = kari
        .key_enc_alg
        .parameters
        .as_ref()
        .ok_or_else(|| CmsError::Malformed("the key agreement names no key wrap".to_owned()))?
        .decode_as()
        .map_err(|_| CmsError::Malformed("the key wrap algorithm is malformed".to_owned()))?;
    let size = key_wrap_size(&wrap)?;
    let z = decryptor.shared_secret(originator.public_key.raw_bytes())?;
    let kek = x963_kdf(
        kdf_hash,
        &z,
        &shared_info(&wrap, kari.ukm.as_ref(), size),
        size.bytes(),
    )
    .map_err(|e| CmsError::Cipher(e.to_string()))?;
    let key = aes_key_unwrap(&kek, wrapped).map_err(|_| CmsError::AuthenticationFailed)?;
    if key.len() != key_len {
        return Err(CmsError::AuthenticationFailed);
    }
    Ok(key)
}

/// The DER of a RecipientInfos, as written in a file.
pub fn encode(infos: &RecipientInfos) -> Vec<u8> {
    infos.to_der().expect("recipient infos encode")
}
