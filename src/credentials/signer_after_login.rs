//! A token key that signs, logging in only when the first signature is made: a job
//! that checks its input first (`exchange send` validates every row) asks for the PIN
//! after those checks, not before.

use std::cell::{OnceCell, RefCell};

use crate::algorithms::SignatureAlgorithm;
use crate::cms::{CmsError, ContentSigner};
use crate::token::{
    PinCallback, Pkcs11Uri, TokenError, TokenKey, TokenSession, TokenSigner, UserKind,
};

/// Signs with the key `uri` names on the session's token, after one login as the user.
pub struct SignerAfterLogin<'m, 'a> {
    session: RefCell<TokenSession<'m>>,
    uri: Pkcs11Uri,
    algorithm: SignatureAlgorithm,
    ask: RefCell<Box<PinCallback<'a>>>,
    key: OnceCell<TokenKey>,
}

impl<'m, 'a> SignerAfterLogin<'m, 'a> {
    /// `algorithm` is the one every signature will have: choose it from the key's
    /// certificate (`token::default_signature_algorithm`) before the login.
    pub fn new(
        session: TokenSession<'m>,
        uri: Pkcs11Uri,
        algorithm: SignatureAlgorithm,
        ask: Box<PinCallback<'a>>,
    ) -> Self {
        SignerAfterLogin {
            session: RefCell::new(session),
            uri,
            algorithm,
            ask: RefCell::new(ask),
            key: OnceCell::new(),
        }
    }

    /// Logs in (once) and finds the key with its private half.
    fn key(&self) -> Result<&TokenKey, TokenError> {
        if let Some(key) = self.key.get() {
            return Ok(key);
        }
        let mut session = self.session.borrow_mut();
        let mut ask = self.ask.borrow_mut();
        session.login(UserKind::User, &mut **ask)?;
        let key = session.find_key(&self.uri)?;
        Ok(self.key.get_or_init(|| key))
    }
}

impl ContentSigner for SignerAfterLogin<'_, '_> {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.algorithm
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CmsError> {
        let key = self.key()?;
        let session = self.session.borrow();
        Ok(TokenSigner::new(&session, key, Some(self.algorithm))?.sign(message)?)
    }
}
