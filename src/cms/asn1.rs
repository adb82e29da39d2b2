//! ASN.1 types that CMS files carry and the `cms` crate lacks, one per RFC structure.

use cms::enveloped_data::RecipientIdentifier;
use der::asn1::{GeneralizedTime, Int, OctetString, PrintableString};
use der::{Enumerated, Sequence};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::Extensions;
use x509_cert::ext::pkix::name::{GeneralName, GeneralNames};
use x509_cert::serial_number::SerialNumber;

/// ```text
/// GCMParameters ::= SEQUENCE {
///   aes-nonce        OCTET STRING, -- recommended size is 12 octets
///   aes-ICVlen       AES-GCM-ICVlen DEFAULT 12 }
/// AES-GCM-ICVlen ::= INTEGER (12 | 13 | 14 | 15 | 16)
/// ```
/// (RFC 5084 section 3.2)
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct GcmParameters {
    pub nonce: OctetString,
    #[asn1(default = "default_icv_len")]
    pub icv_len: u8,
}

fn default_icv_len() -> u8 {
    12
}

/// ```text
/// ECC-CMS-SharedInfo ::= SEQUENCE {
///   keyInfo         AlgorithmIdentifier,
///   entityUInfo [0] EXPLICIT OCTET STRING OPTIONAL,
///   suppPubInfo [2] EXPLICIT OCTET STRING   }
/// ```
/// (RFC 5753 section 7.2): the shared info of the X9.63 KDF; `keyInfo` is the key wrap
/// algorithm, `suppPubInfo` the wrap key's length in bits as four big-endian bytes.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct EccCmsSharedInfo {
    pub key_info: AlgorithmIdentifierOwned,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub entity_u_info: Option<OctetString>,
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT")]
    pub supp_pub_info: OctetString,
}

/// ```text
/// SigningCertificateV2 ::=  SEQUENCE {
///     certs        SEQUENCE OF ESSCertIDv2,
///     policies     SEQUENCE OF PolicyInformation OPTIONAL }
/// ```
/// (RFC 5035 section 3); policies are never written and ignored when read.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct SigningCertificateV2 {
    pub certs: Vec<EssCertIdV2>,
}

/// ```text
/// ESSCertIDv2 ::=  SEQUENCE {
///     hashAlgorithm           AlgorithmIdentifier DEFAULT {algorithm id-sha256},
///     certHash                Hash,
///     issuerSerial            IssuerSerial OPTIONAL }
/// ```
/// (RFC 5035 section 4). The default hash is written by leaving `hash_algorithm` out.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct EssCertIdV2 {
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierOwned>,
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

/// ```text
/// SigningCertificate ::=  SEQUENCE {
///     certs        SEQUENCE OF ESSCertID,
///     policies     SEQUENCE OF PolicyInformation OPTIONAL }
/// ESSCertID ::=  SEQUENCE {
///     certHash                 Hash,  -- SHA-1
///     issuerSerial             IssuerSerial OPTIONAL }
/// ```
/// (RFC 2634 section 5.4): the older form, read in signatures made by other tools.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct SigningCertificate {
    pub certs: Vec<EssCertId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct EssCertId {
    pub cert_hash: OctetString,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial>,
}

/// ```text
/// IssuerSerial ::= SEQUENCE {
///     issuer                   GeneralNames,
///     serialNumber             CertificateSerialNumber }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct IssuerSerial {
    pub issuer: GeneralNames,
    pub serial_number: SerialNumber,
}

/// ```text
/// EpctRecipientBinding
///   { iso(1) identified-organization(3) dod(6) internet(1) private(4)
///     enterprise(1) epct(999999) module(0) recipientBinding(1) }
///
/// id-epct-aa-recipientBinding OBJECT IDENTIFIER ::=
///   { iso(1) identified-organization(3) dod(6) internet(1) private(4)
///     enterprise(1) epct(999999) attributes(1) recipientBinding(1) }
///
/// RecipientBinding ::= SEQUENCE {
///   recipients       SEQUENCE SIZE (1..MAX) OF RecipientIdentifier,
///   destination  [0] IMPLICIT PrintableString (SIZE (2)) OPTIONAL,
///   fileName     [1] IMPLICIT UTF8String OPTIONAL,
///   recordTypes  [2] IMPLICIT RecordTypes OPTIONAL }
///
/// RecordTypes ::= ENUMERATED {
///   voters (1), candidates (2), votersAndCandidates (3) }
/// ```
/// epct's own signed attribute (docs/contract.md section 3): for whom a sealed file was
/// made. `recipients` are the certificates it was encrypted for, the sender's among
/// them (RFC 5652 section 6.2.1, `issuerAndSerialNumber` as epct writes them);
/// `destination` the Member State it is for, `fileName` the name it was sealed as, and
/// `recordTypes` what it holds, as the exchange names them.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct RecipientBinding {
    pub recipients: Vec<RecipientIdentifier>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub destination: Option<PrintableString>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub file_name: Option<String>,
    #[asn1(context_specific = "2", tag_mode = "IMPLICIT", optional = "true")]
    pub record_types: Option<BoundRecordTypes>,
}

/// `RecordTypes` of [`RecipientBinding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Enumerated, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[repr(u32)]
pub enum BoundRecordTypes {
    Voters = 1,
    Candidates = 2,
    VotersCandidates = 3,
}

/// ```text
/// TSTInfo ::= SEQUENCE  {
///    version                      INTEGER  { v1(1) },
///    policy                       TSAPolicyId,
///    messageImprint               MessageImprint,
///      -- MUST have the same value as the similar field in
///      -- TimeStampReq
///    serialNumber                 INTEGER,
///     -- Time-Stamping users MUST be ready to accommodate integers
///     -- up to 160 bits.
///    genTime                      GeneralizedTime,
///    accuracy                     Accuracy                 OPTIONAL,
///    ordering                     BOOLEAN             DEFAULT FALSE,
///    nonce                        INTEGER                  OPTIONAL,
///      -- MUST be present if the similar field was present
///      -- in TimeStampReq.  In that case it MUST have the same value.
///    tsa                          [0] GeneralName          OPTIONAL,
///    extensions                   [1] IMPLICIT Extensions   OPTIONAL  }
/// ```
/// (RFC 3161 section 2.4.2): what a time-stamping authority signs. `x509-tsp` has this
/// type, but only for `der` 0.7 and `cms` 0.2.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct TstInfo {
    pub version: u8,
    pub policy: spki::ObjectIdentifier,
    pub message_imprint: MessageImprint,
    pub serial_number: Int,
    pub gen_time: GeneralizedTime,
    #[asn1(optional = "true")]
    pub accuracy: Option<Accuracy>,
    #[asn1(default = "Default::default")]
    pub ordering: bool,
    #[asn1(optional = "true")]
    pub nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub tsa: Option<GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub extensions: Option<Extensions>,
}

/// ```text
/// MessageImprint ::= SEQUENCE  {
///      hashAlgorithm                AlgorithmIdentifier,
///      hashedMessage                OCTET STRING  }
/// ```
/// (RFC 3161 section 2.4.1).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct MessageImprint {
    pub hash_algorithm: AlgorithmIdentifierOwned,
    pub hashed_message: OctetString,
}

/// ```text
/// Accuracy ::= SEQUENCE {
///       seconds        INTEGER           OPTIONAL,
///       millis     [0] INTEGER  (1..999) OPTIONAL,
///       micros     [1] INTEGER  (1..999) OPTIONAL  }
/// ```
/// (RFC 3161 section 2.4.2).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub struct Accuracy {
    #[asn1(optional = "true")]
    pub seconds: Option<u64>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub millis: Option<u16>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub micros: Option<u16>,
}
