//! Object identifiers used by epct, named in one place.
//!
//! Most come from `const-oid`'s database; the few it lacks are written out with the
//! document that defines them.

use const_oid::ObjectIdentifier;

pub use const_oid::db::rfc5280::{
    ANY_EXTENDED_KEY_USAGE, ID_CE_CRL_REASONS, ID_CE_SUBJECT_ALT_NAME, ID_KP_EMAIL_PROTECTION,
};
pub use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, ECDSA_WITH_SHA_384, ECDSA_WITH_SHA_512, ID_EC_PUBLIC_KEY, ID_MGF_1,
    ID_P_SPECIFIED, ID_RSAES_OAEP, ID_RSASSA_PSS, ID_SHA_1, ID_SHA_256, ID_SHA_384, ID_SHA_512,
    RSA_ENCRYPTION, SECP_256_R_1, SECP_384_R_1, SECP_521_R_1, SHA_1_WITH_RSA_ENCRYPTION,
    SHA_256_WITH_RSA_ENCRYPTION, SHA_384_WITH_RSA_ENCRYPTION, SHA_512_WITH_RSA_ENCRYPTION,
};

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
