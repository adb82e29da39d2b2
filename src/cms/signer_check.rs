//! The outcome of checking one signature: intact, or failed for one typed reason.
//!
//! Integrity only: whether the signer is trusted is [`crate::verdict`]'s question.

use serde::ser::{Serialize, SerializeMap, Serializer};
use spki::ObjectIdentifier;

use crate::algorithms::{AlgorithmError, HashAlg};

/// What checking one SignerInfo found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignerCheck {
    /// Content type, digest, signature and signing certificate all check out; `legacy`
    /// when it took `--allow-legacy` to accept its algorithm or key.
    Intact {
        legacy: bool,
    },
    Failed(SignerFailure),
}

/// Why a signature is not intact.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignerFailure {
    #[error("the signer's certificate is not in the file")]
    CertificateMissing,
    #[error("the content was changed after it was signed: its digest does not match")]
    DigestMismatch,
    #[error("the signature does not verify with the signer's certificate")]
    SignatureInvalid,
    #[error("{0}")]
    LegacyAlgorithm(AlgorithmError),
    #[error("an RSA key of {bits} bits is too weak; use --allow-legacy to read it anyway")]
    WeakKey { bits: usize },
    #[error("{0}")]
    BadAttribute(AttributeProblem),
    #[error("{0}")]
    UnsupportedAlgorithm(AlgorithmError),
    #[error("a signature without signed attributes cannot be checked in a stream")]
    NoSignedAttributes,
}

/// What is wrong with the signed attributes (RFC 5652 section 5.3, CAdES-BES).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AttributeProblem {
    #[error("the file does not list {0} among its digest algorithms")]
    DigestNotListed(HashAlg),
    #[error("the signed attribute {0} must appear once with one value")]
    NotSingle(ObjectIdentifier),
    #[error("the {0} attribute is malformed")]
    Malformed(&'static str),
    #[error("the {0} attribute is empty")]
    Empty(&'static str),
    #[error("the signed attributes lack the {0}")]
    Missing(&'static str),
    #[error("the signed content type is not the content's type")]
    ContentTypeMismatch,
    #[error("a counter-signature must not sign a content type")]
    CountersignedContentType,
    #[error("the signed attributes name another signing certificate")]
    OtherSigningCertificate,
}

impl SignerCheck {
    pub fn is_intact(&self) -> bool {
        matches!(self, SignerCheck::Intact { .. })
    }

    /// Why not intact, if not.
    pub fn failure(&self) -> Option<&SignerFailure> {
        match self {
            SignerCheck::Failed(failure) => Some(failure),
            SignerCheck::Intact { .. } => None,
        }
    }
}

impl From<AlgorithmError> for SignerFailure {
    fn from(error: AlgorithmError) -> Self {
        match error {
            AlgorithmError::Legacy(_) | AlgorithmError::Md5 => {
                SignerFailure::LegacyAlgorithm(error)
            }
            _ => SignerFailure::UnsupportedAlgorithm(error),
        }
    }
}

impl From<AttributeProblem> for SignerFailure {
    fn from(problem: AttributeProblem) -> Self {
        SignerFailure::BadAttribute(problem)
    }
}

/// As the JSON has always read: `intact`, `problem` (the failure's text) and `legacy`.
impl Serialize for SignerCheck {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("intact", &self.is_intact())?;
        map.serialize_entry("problem", &self.failure().map(ToString::to_string))?;
        map.serialize_entry(
            "legacy",
            &matches!(self, SignerCheck::Intact { legacy: true }),
        )?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_check_serialises_its_reason_as_the_problem() {
        let check = SignerCheck::Failed(SignerFailure::DigestMismatch);
        let json = serde_json::to_value(&check).unwrap();
        assert_eq!(json["intact"], false);
        assert_eq!(json["legacy"], false);
        assert_eq!(
            json["problem"],
            "the content was changed after it was signed: its digest does not match"
        );
    }

    #[test]
    fn a_legacy_intact_check_has_no_problem() {
        let json = serde_json::to_value(SignerCheck::Intact { legacy: true }).unwrap();
        assert_eq!(json["intact"], true);
        assert_eq!(json["legacy"], true);
        assert!(json["problem"].is_null());
    }

    #[test]
    fn md5_and_sha1_are_legacy_other_algorithms_unsupported() {
        assert!(matches!(
            SignerFailure::from(AlgorithmError::Md5),
            SignerFailure::LegacyAlgorithm(_)
        ));
        assert!(matches!(
            SignerFailure::from(AlgorithmError::Unsupported(ObjectIdentifier::new_unwrap(
                "1.2.3"
            ))),
            SignerFailure::UnsupportedAlgorithm(_)
        ));
    }
}
