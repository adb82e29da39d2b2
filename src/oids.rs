//! Object identifiers used by epct, named in one place.
//!
//! Most come from `const-oid`'s database; the few it lacks are written out with the
//! document that defines them.

use const_oid::ObjectIdentifier;

pub use const_oid::db::rfc5280::{
    ANY_EXTENDED_KEY_USAGE, ID_CE_CRL_REASONS, ID_CE_EXT_KEY_USAGE, ID_CE_SUBJECT_ALT_NAME,
    ID_KP_EMAIL_PROTECTION,
};
pub use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ECDSA_WITH_SHA_384, ECDSA_WITH_SHA_512, ID_EC_PUBLIC_KEY, ID_MGF_1,
    ID_P_SPECIFIED, ID_RSAES_OAEP, ID_RSASSA_PSS, ID_SHA_1, ID_SHA_256, ID_SHA_384, ID_SHA_512,
    RSA_ENCRYPTION, SECP_256_R_1, SECP_384_R_1, SECP_521_R_1, SHA_1_WITH_RSA_ENCRYPTION,
    SHA_256_WITH_RSA_ENCRYPTION, SHA_384_WITH_RSA_ENCRYPTION, SHA_512_WITH_RSA_ENCRYPTION,
};

pub use const_oid::db::rfc5753::{
    DH_SINGLE_PASS_COFACTOR_DH_SHA_1_KDF_SCHEME, DH_SINGLE_PASS_COFACTOR_DH_SHA_224_KDF_SCHEME,
    DH_SINGLE_PASS_COFACTOR_DH_SHA_256_KDF_SCHEME, DH_SINGLE_PASS_COFACTOR_DH_SHA_384_KDF_SCHEME,
    DH_SINGLE_PASS_COFACTOR_DH_SHA_512_KDF_SCHEME, DH_SINGLE_PASS_STD_DH_SHA_1_KDF_SCHEME,
    DH_SINGLE_PASS_STD_DH_SHA_224_KDF_SCHEME, DH_SINGLE_PASS_STD_DH_SHA_256_KDF_SCHEME,
    DH_SINGLE_PASS_STD_DH_SHA_384_KDF_SCHEME, DH_SINGLE_PASS_STD_DH_SHA_512_KDF_SCHEME,
};
pub use const_oid::db::rfc5911::{
    ID_AA_SIGNING_CERTIFICATE, ID_AA_SIGNING_CERTIFICATE_V_2, ID_AES_128_CBC, ID_AES_128_GCM,
    ID_AES_128_WRAP, ID_AES_192_CBC, ID_AES_192_GCM, ID_AES_192_WRAP, ID_AES_256_CBC,
    ID_AES_256_GCM, ID_AES_256_WRAP, ID_CONTENT_TYPE, ID_COUNTERSIGNATURE,
    ID_CT_AUTH_ENVELOPED_DATA, ID_DATA, ID_ENVELOPED_DATA, ID_MESSAGE_DIGEST, ID_SIGNED_DATA,
    ID_SIGNING_TIME,
};

/// des-ede3-cbc (RFC 3370); only ever recognised to be refused.
pub const DES_EDE3_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.3.7");
/// rc2-cbc (RFC 3370); only ever recognised to be refused.
pub const RC2_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.3.2");
/// desCBC (RFC 8018); only ever recognised to be refused.
pub const DES_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.7");

/// ecdsa-with-SHA1 (RFC 5758 section 3.2); read only, with `--allow-legacy`.
pub const ECDSA_WITH_SHA_1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.1");
/// md5WithRSAEncryption (RFC 3279); only ever recognised to be refused.
pub const MD5_WITH_RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.4");
/// id-md5 (RFC 3279); only ever recognised to be refused.
pub const ID_MD5: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.5");
/// id-kp-documentSigning (RFC 9336 section 3.1).
pub const ID_KP_DOCUMENT_SIGNING: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.36");

/// id-epct-aa-recipientBinding: the signed attribute that names for whom a sealed file
/// was made (`cms::RecipientBinding`). It lies under epct's own arc `1.3.6.1.4.1.999999`,
/// in the private-enterprise style, whose `.1` holds signed attributes (docs/contract.md
/// section 3). That number is not registered with IANA: it lies far past IANA's
/// assignments so that it names nothing of anyone else's, and it is epct's by that
/// document alone.
pub const ID_EPCT_AA_RECIPIENT_BINDING: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.6.1.4.1.999999.1.1");

/// id-ct-TSTInfo (RFC 3161 section 2.4.2): the content of a time-stamp token.
pub use const_oid::db::rfc3161::ID_CT_TST_INFO;
/// id-aa-signatureTimeStampToken (RFC 3161 appendix A, CAdES-T): an unsigned attribute
/// holding a time-stamp token over the SignerInfo's signature value.
pub const ID_AA_SIGNATURE_TIME_STAMP_TOKEN: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");
/// id-kp-timeStamping (RFC 5280 section 4.2.1.12): the one purpose of a TSA's key.
pub use const_oid::db::rfc5280::ID_KP_TIME_STAMPING;
