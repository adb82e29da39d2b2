//! Key pairs on a token: generated there (private key sensitive and never extractable),
//! listed, found by URI, deleted, and their public keys read back.

use std::fmt;
use std::str::FromStr;

use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{
    Attribute, AttributeType, KeyType as Pkcs11KeyType, ObjectClass, ObjectHandle,
};
use der::asn1::OctetStringRef;
use der::{Decode, Encode};
use serde::Serialize;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::Certificate;

use super::TokenError;
use super::module::Counted;
use super::session::TokenSession;
use super::uri::{ObjectType, Pkcs11Uri};
use crate::x509::{Curve, KeyAlgorithm, ec_spki, key_identifier, rsa_spki};

/// `--type` of `key generate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    Rsa2048,
    Rsa3072,
    Rsa4096,
    P256,
    P384,
}

impl FromStr for KeyType {
    type Err = TokenError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "rsa2048" => Ok(KeyType::Rsa2048),
            "rsa3072" => Ok(KeyType::Rsa3072),
            "rsa4096" => Ok(KeyType::Rsa4096),
            "p256" => Ok(KeyType::P256),
            "p384" => Ok(KeyType::P384),
            _ => Err(TokenError::UnknownKeyType(s.to_owned())),
        }
    }
}

impl KeyType {
    pub fn algorithm(self) -> KeyAlgorithm {
        match self {
            KeyType::Rsa2048 => KeyAlgorithm::Rsa { bits: 2048 },
            KeyType::Rsa3072 => KeyAlgorithm::Rsa { bits: 3072 },
            KeyType::Rsa4096 => KeyAlgorithm::Rsa { bits: 4096 },
            KeyType::P256 => KeyAlgorithm::Ec { curve: Curve::P256 },
            KeyType::P384 => KeyAlgorithm::Ec { curve: Curve::P384 },
        }
    }
}

/// The objects of one key on a token, grouped by CKA_ID.
#[derive(Clone, Debug)]
pub struct TokenKey {
    pub label: String,
    pub id: Vec<u8>,
    pub algorithm: Option<KeyAlgorithm>,
    pub private: Option<ObjectHandle>,
    pub public: Option<ObjectHandle>,
    pub certificate: Option<ObjectHandle>,
    /// CKA_SENSITIVE of the private key (`None` when not visible without login).
    pub sensitive: Option<bool>,
    pub extractable: Option<bool>,
    pub always_authenticate: bool,
}

/// What `key list` shows of a key.
#[derive(Clone, Debug, Serialize)]
pub struct KeySummary {
    pub label: String,
    pub id: String,
    pub uri: String,
    pub algorithm: Option<KeyAlgorithm>,
    pub private_key: bool,
    pub public_key: bool,
    pub certificate: bool,
    pub sensitive: Option<bool>,
    pub extractable: Option<bool>,
    pub always_authenticate: bool,
}

impl TokenKey {
    /// The URI that names this key on its token.
    pub fn uri(&self, token_label: &str) -> Pkcs11Uri {
        Pkcs11Uri {
            token: Some(token_label.to_owned()),
            object: Some(self.label.clone()),
            id: Some(self.id.clone()),
            ..Default::default()
        }
    }

    pub fn summary(&self, token_label: &str) -> KeySummary {
        KeySummary {
            label: self.label.clone(),
            id: hex::encode(&self.id),
            uri: self.uri(token_label).to_string(),
            algorithm: self.algorithm,
            private_key: self.private.is_some(),
            public_key: self.public.is_some(),
            certificate: self.certificate.is_some(),
            sensitive: self.sensitive,
            extractable: self.extractable,
            always_authenticate: self.always_authenticate,
        }
    }
}

impl fmt::Display for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' (id {})", self.label, hex::encode(&self.id))
    }
}

/// The attributes of one object, by type.
struct Attrs(Vec<Attribute>);

impl Attrs {
    fn bytes(&self, wanted: AttributeType) -> Option<&[u8]> {
        self.0.iter().find_map(|a| match (a, wanted) {
            (Attribute::Label(v), AttributeType::Label)
            | (Attribute::Id(v), AttributeType::Id)
            | (Attribute::Modulus(v), AttributeType::Modulus)
            | (Attribute::PublicExponent(v), AttributeType::PublicExponent)
            | (Attribute::EcParams(v), AttributeType::EcParams)
            | (Attribute::EcPoint(v), AttributeType::EcPoint)
            | (Attribute::Value(v), AttributeType::Value) => Some(v.as_slice()),
            _ => None,
        })
    }

    fn flag(&self, wanted: AttributeType) -> Option<bool> {
        self.0.iter().find_map(|a| match (a, wanted) {
            (Attribute::Sensitive(v), AttributeType::Sensitive)
            | (Attribute::Extractable(v), AttributeType::Extractable)
            | (Attribute::AlwaysAuthenticate(v), AttributeType::AlwaysAuthenticate) => Some(*v),
            _ => None,
        })
    }

    fn key_type(&self) -> Option<Pkcs11KeyType> {
        self.0.iter().find_map(|a| match a {
            Attribute::KeyType(t) => Some(*t),
            _ => None,
        })
    }

    fn label(&self) -> String {
        String::from_utf8_lossy(self.bytes(AttributeType::Label).unwrap_or_default()).into_owned()
    }

    fn id(&self) -> Vec<u8> {
        self.bytes(AttributeType::Id).unwrap_or_default().to_vec()
    }
}

const LISTED: [AttributeType; 8] = [
    AttributeType::Label,
    AttributeType::Id,
    AttributeType::KeyType,
    AttributeType::Modulus,
    AttributeType::EcParams,
    AttributeType::Sensitive,
    AttributeType::Extractable,
    AttributeType::AlwaysAuthenticate,
];

impl TokenSession<'_> {
    fn objects(&self, class: ObjectClass) -> Result<Vec<(ObjectHandle, Attrs)>, TokenError> {
        self.note(Some(Counted::Search), || {
            format!("C_FindObjects class={class}")
        });
        let handles = self
            .session()
            .find_objects(&[Attribute::Class(class)])
            .map_err(TokenError::refused("list its objects"))?;
        handles
            .into_iter()
            .map(|h| {
                let attrs = self
                    .session()
                    .get_attributes(h, &LISTED)
                    .map_err(TokenError::refused("read an object"))?;
                Ok((h, Attrs(attrs)))
            })
            .collect()
    }

    /// Every key on the token (private keys only once logged in), with its certificate.
    pub fn keys(&self) -> Result<Vec<TokenKey>, TokenError> {
        let mut keys: Vec<TokenKey> = Vec::new();
        let entry = |keys: &mut Vec<TokenKey>, attrs: &Attrs| -> usize {
            let id = attrs.id();
            let label = attrs.label();
            let found = keys.iter().position(|k| {
                if id.is_empty() {
                    k.id.is_empty() && k.label == label
                } else {
                    k.id == id
                }
            });
            found.unwrap_or_else(|| {
                keys.push(TokenKey {
                    label,
                    id,
                    algorithm: None,
                    private: None,
                    public: None,
                    certificate: None,
                    sensitive: None,
                    extractable: None,
                    always_authenticate: false,
                });
                keys.len() - 1
            })
        };
        for (handle, attrs) in self.objects(ObjectClass::PRIVATE_KEY)? {
            let i = entry(&mut keys, &attrs);
            let key = &mut keys[i];
            key.private = Some(handle);
            key.sensitive = attrs.flag(AttributeType::Sensitive);
            key.extractable = attrs.flag(AttributeType::Extractable);
            key.always_authenticate = attrs
                .flag(AttributeType::AlwaysAuthenticate)
                .unwrap_or(false);
            key.algorithm = key.algorithm.or(algorithm_of(&attrs));
        }
        for (handle, attrs) in self.objects(ObjectClass::PUBLIC_KEY)? {
            let i = entry(&mut keys, &attrs);
            keys[i].public = Some(handle);
            keys[i].algorithm = keys[i].algorithm.or(algorithm_of(&attrs));
        }
        for (handle, attrs) in self.objects(ObjectClass::CERTIFICATE)? {
            let id = attrs.id();
            if let Some(key) = keys.iter_mut().find(|k| !id.is_empty() && k.id == id) {
                key.certificate = Some(handle);
            }
        }
        keys.sort_by(|a, b| a.label.cmp(&b.label).then(a.id.cmp(&b.id)));
        Ok(keys)
    }

    /// The one key that `wanted` names. Ambiguity and absence are errors listing keys.
    pub fn find_key(&self, wanted: &Pkcs11Uri) -> Result<TokenKey, TokenError> {
        let keys = self.keys()?;
        let matching: Vec<&TokenKey> = keys
            .iter()
            .filter(|k| wanted.matches_object(&k.label, &k.id))
            .filter(|k| match wanted.object_type {
                None => true,
                Some(ObjectType::Private) => k.private.is_some(),
                Some(ObjectType::Public) => k.public.is_some(),
                Some(ObjectType::Cert) => k.certificate.is_some(),
                Some(_) => false,
            })
            .collect();
        let list = |ks: &mut dyn Iterator<Item = &TokenKey>| {
            let names: Vec<String> = ks.map(|k| k.to_string()).collect();
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            }
        };
        match matching.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(TokenError::KeyNotFound {
                wanted: wanted.to_string(),
                token: self.label().to_owned(),
                present: list(&mut keys.iter()),
            }),
            many => Err(TokenError::AmbiguousKey {
                wanted: wanted.to_string(),
                candidates: list(&mut many.iter().copied()),
            }),
        }
    }

    /// The public key of `key`: from its public key object, else its certificate, else
    /// the public parts of an RSA private key.
    pub fn public_key(&self, key: &TokenKey) -> Result<SubjectPublicKeyInfoOwned, TokenError> {
        if let Some(handle) = key.public.or(key.private) {
            let attrs = Attrs(
                self.session()
                    .get_attributes(
                        handle,
                        &[
                            AttributeType::KeyType,
                            AttributeType::Modulus,
                            AttributeType::PublicExponent,
                            AttributeType::EcParams,
                            AttributeType::EcPoint,
                        ],
                    )
                    .map_err(TokenError::refused("read a public key"))?,
            );
            if let Some(spki) = spki_of(&attrs)? {
                return Ok(spki);
            }
        }
        if let Some(cert) = key.certificate {
            let der = self.certificate_der(cert)?;
            let cert =
                Certificate::from_der(&der).map_err(|_| TokenError::Malformed("certificate"))?;
            return Ok(cert.tbs_certificate().subject_public_key_info().clone());
        }
        Err(TokenError::Unsupported {
            token: self.label().to_owned(),
            operation: "read the public key",
            reason: format!("key {key} has no public key object and no certificate"),
        })
    }

    /// Generates a key pair. The private key is sensitive, never extractable, and may
    /// be used to sign, decrypt and derive. Without `id`, the id is the key identifier
    /// (SHA-1 of the public key), as certificates will carry it.
    pub fn generate_key(
        &self,
        label: &str,
        key_type: KeyType,
        id: Option<Vec<u8>>,
        always_authenticate: bool,
    ) -> Result<TokenKey, TokenError> {
        self.check_generation(key_type)?;
        let chosen = id.is_some();
        // A temporary id from the host's RNG: some cards refuse C_GenerateRandom.
        let id = match id {
            Some(id) => id,
            None => {
                let mut id = vec![0u8; 20];
                getrandom::fill(&mut id).map_err(|_| TokenError::HostRandom)?;
                id
            }
        };
        self.refuse_taken(label, &id)?;
        let template = KeyTemplate::new(label, &id, key_type, always_authenticate);
        let (public, private) = self
            .session()
            .generate_key_pair(&template.mechanism, &template.public, &template.private)
            .map_err(TokenError::refused("generate the key pair"))?;
        let mut key = TokenKey {
            label: label.to_owned(),
            id,
            algorithm: Some(key_type.algorithm()),
            private: Some(private),
            public: Some(public),
            certificate: None,
            sensitive: Some(true),
            extractable: Some(false),
            always_authenticate,
        };
        if !chosen {
            self.adopt_key_identifier(&mut key)?;
        }
        Ok(key)
    }

    /// Refuses, before anything is made, a key type the token does not generate.
    fn check_generation(&self, key_type: KeyType) -> Result<(), TokenError> {
        let mechanism = generation_mechanism(key_type);
        let refusal = generation_refusal(
            key_type,
            self.supports(mechanism),
            self.key_sizes(mechanism),
        );
        match refusal {
            Some(reason) => Err(TokenError::CannotGenerate {
                token: self.label().to_owned(),
                key_type: key_type.algorithm().to_string(),
                reason,
            }),
            None => Ok(()),
        }
    }

    /// Refuses a new key whose label or id a key on the token already has.
    fn refuse_taken(&self, label: &str, id: &[u8]) -> Result<(), TokenError> {
        match self
            .keys()?
            .into_iter()
            .find(|k| k.label == label || k.id == id)
        {
            Some(existing) => Err(TokenError::KeyExists {
                label: existing.label,
                id: hex::encode(existing.id),
                token: self.label().to_owned(),
            }),
            None => Ok(()),
        }
    }

    /// Gives a newly generated key the key identifier of its public key as its id. Where
    /// the token refuses to change either half, both keep the id they were made with.
    fn adopt_key_identifier(&self, key: &mut TokenKey) -> Result<(), TokenError> {
        let (Some(public), Some(private)) = (key.public, key.private) else {
            return Ok(());
        };
        let ski = key_identifier(&self.public_key(key)?);
        let set = [Attribute::Id(ski.clone())];
        let renamed = self.session().update_attributes(public, &set).is_ok()
            && self.session().update_attributes(private, &set).is_ok();
        if renamed {
            key.id = ski;
        } else {
            let _ = self
                .session()
                .update_attributes(public, &[Attribute::Id(key.id.clone())]);
        }
        Ok(())
    }

    /// Destroys the key's private key, public key and certificate.
    pub fn delete_key(&self, key: &TokenKey) -> Result<(), TokenError> {
        for handle in [key.certificate, key.public, key.private]
            .into_iter()
            .flatten()
        {
            self.session()
                .destroy_object(handle)
                .map_err(TokenError::refused("delete the key"))?;
        }
        Ok(())
    }
}

fn generation_mechanism(key_type: KeyType) -> MechanismType {
    match key_type.algorithm() {
        KeyAlgorithm::Rsa { .. } => MechanismType::RSA_PKCS_KEY_PAIR_GEN,
        KeyAlgorithm::Ec { .. } => MechanismType::ECC_KEY_PAIR_GEN,
    }
}

/// Why a token cannot make `key_type`: its key-pair mechanism is not `listed`, or the key
/// size is outside the range it reports (`sizes`; EC sizes only where they are in bits).
fn generation_refusal(
    key_type: KeyType,
    listed: bool,
    sizes: Option<(usize, usize)>,
) -> Option<String> {
    let (name, bits, in_bits) = match key_type.algorithm() {
        KeyAlgorithm::Rsa { bits } => ("CKM_RSA_PKCS_KEY_PAIR_GEN", bits, true),
        KeyAlgorithm::Ec { curve } => (
            "CKM_EC_KEY_PAIR_GEN",
            curve.field_len() * 8,
            sizes.is_some_and(|(_, max)| max >= 128),
        ),
    };
    if !listed {
        return Some(format!(
            "it does not offer {name}; generate the key on a token that does"
        ));
    }
    match sizes {
        Some((min, max)) if in_bits && (bits < min || bits > max) => {
            Some(format!("its {name} makes keys of {min} to {max} bits only"))
        }
        _ => None,
    }
}

/// What `C_GenerateKeyPair` is asked for: the mechanism and the two templates.
struct KeyTemplate {
    mechanism: Mechanism<'static>,
    public: Vec<Attribute>,
    private: Vec<Attribute>,
}

impl KeyTemplate {
    /// A key pair stored on the token under `label` and `id`: the private key private,
    /// sensitive and never extractable, for signing and decrypting (RSA) or deriving
    /// (EC); the public key for verifying and encrypting (RSA, exponent 65537).
    fn new(label: &str, id: &[u8], key_type: KeyType, always_authenticate: bool) -> Self {
        let mut public = vec![
            Attribute::Token(true),
            Attribute::Label(label.as_bytes().to_vec()),
            Attribute::Id(id.to_vec()),
            Attribute::Private(false),
            Attribute::Verify(true),
        ];
        let mut private = vec![
            Attribute::Token(true),
            Attribute::Label(label.as_bytes().to_vec()),
            Attribute::Id(id.to_vec()),
            Attribute::Private(true),
            Attribute::Sensitive(true),
            Attribute::Extractable(false),
            Attribute::Sign(true),
        ];
        if always_authenticate {
            private.push(Attribute::AlwaysAuthenticate(true));
        }
        let mechanism = match key_type.algorithm() {
            KeyAlgorithm::Rsa { bits } => {
                public.extend([
                    Attribute::ModulusBits((bits as u64).into()),
                    Attribute::PublicExponent(vec![1, 0, 1]),
                    Attribute::Encrypt(true),
                ]);
                private.push(Attribute::Decrypt(true));
                Mechanism::RsaPkcsKeyPairGen
            }
            KeyAlgorithm::Ec { curve } => {
                public.push(Attribute::EcParams(
                    curve.oid().to_der().expect("an OID encodes"),
                ));
                private.push(Attribute::Derive(true));
                Mechanism::EccKeyPairGen
            }
        };
        KeyTemplate {
            mechanism,
            public,
            private,
        }
    }
}

fn algorithm_of(attrs: &Attrs) -> Option<KeyAlgorithm> {
    let key_type = attrs.key_type()?;
    if key_type == Pkcs11KeyType::RSA {
        let modulus = attrs.bytes(AttributeType::Modulus)?;
        let significant = modulus.iter().skip_while(|&&b| b == 0).count();
        Some(KeyAlgorithm::Rsa {
            bits: significant * 8,
        })
    } else if key_type == Pkcs11KeyType::EC {
        let params = attrs.bytes(AttributeType::EcParams)?;
        let oid = der::asn1::ObjectIdentifier::from_der(params).ok()?;
        Curve::from_oid(oid).map(|curve| KeyAlgorithm::Ec { curve })
    } else {
        None
    }
}

/// The SubjectPublicKeyInfo from a key object's attributes, if they carry it.
fn spki_of(attrs: &Attrs) -> Result<Option<SubjectPublicKeyInfoOwned>, TokenError> {
    let Some(key_type) = attrs.key_type() else {
        return Ok(None);
    };
    if key_type == Pkcs11KeyType::RSA {
        let (Some(n), Some(e)) = (
            attrs.bytes(AttributeType::Modulus),
            attrs.bytes(AttributeType::PublicExponent),
        ) else {
            return Ok(None);
        };
        return rsa_spki(n, e)
            .map(Some)
            .map_err(|_| TokenError::Malformed("RSA public key"));
    }
    if key_type == Pkcs11KeyType::EC {
        let (Some(params), Some(point)) = (
            attrs.bytes(AttributeType::EcParams),
            attrs.bytes(AttributeType::EcPoint),
        ) else {
            return Ok(None);
        };
        let oid = der::asn1::ObjectIdentifier::from_der(params)
            .map_err(|_| TokenError::Malformed("EC curve"))?;
        let curve = Curve::from_oid(oid).ok_or(TokenError::Malformed("EC curve"))?;
        // CKA_EC_POINT is a DER OCTET STRING around the point; some tokens give it bare.
        let raw = <&OctetStringRef>::from_der(point)
            .map(|o| o.as_bytes())
            .unwrap_or(point);
        return ec_spki(curve, raw)
            .map(Some)
            .map_err(|_| TokenError::Malformed("EC public key"));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use cryptoki::mechanism::MechanismType;

    use super::*;

    #[test]
    fn a_private_key_is_made_sensitive_and_never_extractable() {
        let template = KeyTemplate::new("signing", b"\x01", KeyType::P256, false);
        for wanted in [
            Attribute::Token(true),
            Attribute::Private(true),
            Attribute::Sensitive(true),
            Attribute::Extractable(false),
            Attribute::Sign(true),
            Attribute::Derive(true),
        ] {
            assert!(template.private.contains(&wanted), "{wanted:?}");
        }
        assert!(
            !template
                .private
                .contains(&Attribute::AlwaysAuthenticate(true))
        );
        assert!(template.public.contains(&Attribute::Private(false)));
    }

    #[test]
    fn both_halves_carry_the_label_and_id() {
        let template = KeyTemplate::new("decryption", b"\xab\xcd", KeyType::Rsa2048, true);
        for half in [&template.public, &template.private] {
            assert!(half.contains(&Attribute::Label(b"decryption".to_vec())));
            assert!(half.contains(&Attribute::Id(vec![0xab, 0xcd])));
        }
        assert!(
            template
                .private
                .contains(&Attribute::AlwaysAuthenticate(true))
        );
    }

    #[test]
    fn rsa_keys_get_their_size_and_exponent_65537() {
        let template = KeyTemplate::new("k", b"\x01", KeyType::Rsa3072, false);
        assert_eq!(
            template.mechanism.mechanism_type(),
            MechanismType::RSA_PKCS_KEY_PAIR_GEN
        );
        assert!(
            template
                .public
                .contains(&Attribute::ModulusBits(3072.into()))
        );
        assert!(
            template
                .public
                .contains(&Attribute::PublicExponent(vec![1, 0, 1]))
        );
        assert!(template.public.contains(&Attribute::Encrypt(true)));
        assert!(template.private.contains(&Attribute::Decrypt(true)));
    }

    #[test]
    fn ec_keys_name_their_curve() {
        let template = KeyTemplate::new("k", b"\x01", KeyType::P384, false);
        assert_eq!(
            template.mechanism.mechanism_type(),
            MechanismType::ECC_KEY_PAIR_GEN
        );
        let params = Curve::P384.oid().to_der().unwrap();
        assert!(template.public.contains(&Attribute::EcParams(params)));
        assert!(!template.private.contains(&Attribute::Decrypt(true)));
    }
}
