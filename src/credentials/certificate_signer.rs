//! The bridge between a token signer and the `x509-cert` builders: the builder makes
//! the to-be-signed bytes, the token signs them, the builder assembles the result.

use der::Document;
use der::asn1::BitString;
use signature::Keypair;
use spki::{
    AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, EncodePublicKey,
    SubjectPublicKeyInfoOwned,
};
use x509_cert::builder::Builder;

use super::CredentialsError;
use crate::token::TokenSigner;
use crate::x509::X509Error;

/// A token signer as the `x509-cert` builders see it.
pub struct CertificateSigner<'a, 's, 'm>(pub &'a TokenSigner<'s, 'm>);

/// The signer's public key, as the builders want it.
#[derive(Clone)]
pub struct SignerPublicKey(SubjectPublicKeyInfoOwned);

impl EncodePublicKey for SignerPublicKey {
    fn to_public_key_der(&self) -> spki::Result<Document> {
        Ok(Document::encode_msg(&self.0)?)
    }
}

impl Keypair for CertificateSigner<'_, '_, '_> {
    type VerifyingKey = SignerPublicKey;

    fn verifying_key(&self) -> SignerPublicKey {
        SignerPublicKey(self.0.public_key().clone())
    }
}

impl DynSignatureAlgorithmIdentifier for CertificateSigner<'_, '_, '_> {
    fn signature_algorithm_identifier(&self) -> spki::Result<AlgorithmIdentifierOwned> {
        Ok(self.0.algorithm().identifier())
    }
}

impl CertificateSigner<'_, '_, '_> {
    /// Finalises `builder`, signs on the token, and assembles the signed object.
    pub fn build<B: Builder>(&self, mut builder: B) -> Result<B::Output, CredentialsError> {
        let failed = |e: x509_cert::builder::Error| X509Error::Malformed {
            what: "certificate or request",
            reason: e.to_string(),
        };
        let to_be_signed = builder.finalize(self).map_err(failed)?;
        let signature = self.0.sign(&to_be_signed)?;
        let signature =
            BitString::from_bytes(&signature).map_err(X509Error::malformed("signature"))?;
        Ok(builder.assemble(signature, self).map_err(failed)?)
    }
}
