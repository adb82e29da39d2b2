//! Which token a key or certificate is on, when several tokens are present: the one
//! that holds it (seen without logging in), and the certificates of every token, for
//! finding the key that a file is encrypted for.

use x509_cert::Certificate;

use super::TokenError;
use super::certs::TokenCertificate;
use super::info::TokenSummary;
use super::module::Module;
use super::uri::Pkcs11Uri;

/// A certificate on a token, parsed.
pub struct PresentCertificate {
    pub token: TokenSummary,
    pub stored: TokenCertificate,
    pub certificate: Certificate,
}

impl PresentCertificate {
    /// The URI of the key beside it: its token and CKA_ID.
    pub fn key_uri(&self) -> Pkcs11Uri {
        Pkcs11Uri {
            token: Some(self.token.label().to_owned()),
            id: Some(self.stored.id.clone()),
            ..Default::default()
        }
    }
}

impl Module {
    /// Every initialised token that the token attributes of `wanted` match.
    pub fn tokens(&self, wanted: &Pkcs11Uri) -> Result<Vec<TokenSummary>, TokenError> {
        Ok(self
            .slots()?
            .into_iter()
            .filter(|t| t.token.as_ref().is_some_and(|d| d.flags.initialized))
            .filter(|t| wanted.matches_token(t))
            .collect())
    }

    /// The token of the key or certificate `wanted` names: the one token its token
    /// attributes match, or, among several, the one token where an object with its
    /// label and id shows without a login.
    pub fn token_holding(&self, wanted: &Pkcs11Uri) -> Result<TokenSummary, TokenError> {
        let tokens = self.tokens(wanted)?;
        if tokens.len() < 2 || (wanted.object.is_none() && wanted.id.is_none()) {
            return self.find_token(wanted);
        }
        let mut holders = Vec::new();
        for token in &tokens {
            let session = self.open(token, false)?;
            let holds = session
                .keys()?
                .iter()
                .any(|k| wanted.matches_object(&k.label, &k.id))
                || (session.certificates()?.iter()).any(|c| wanted.matches_object(&c.label, &c.id));
            if holds {
                holders.push(token);
            }
        }
        match holders.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(TokenError::HeldByNoToken {
                wanted: wanted.to_string(),
                tokens: TokenSummary::describe_all(&tokens),
            }),
            many => Err(TokenSummary::several(Some(wanted.to_string()), many)),
        }
    }

    /// The readable X.509 certificates on every token `wanted` matches, read without
    /// logging in.
    pub fn present_certificates(
        &self,
        wanted: &Pkcs11Uri,
    ) -> Result<Vec<PresentCertificate>, TokenError> {
        let mut found = Vec::new();
        for token in self.tokens(wanted)? {
            let session = self.open(&token, false)?;
            for stored in session.certificates()? {
                if let Ok(certificate) = crate::x509::read_certificate(&stored.der, "the token") {
                    found.push(PresentCertificate {
                        token: token.clone(),
                        stored,
                        certificate,
                    });
                }
            }
        }
        Ok(found)
    }
}
