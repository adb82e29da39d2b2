//! Every way a token operation fails, with a message that says what to do.

use std::path::PathBuf;

use cryptoki::error::{Error as Pkcs11Error, RvError};

use crate::ErrorKind;

use super::PinStatus;

/// A failure of the PKCS#11 layer.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error(
        "no PKCS#11 module found (looked for {looked}); install OpenSC or SoftHSM2, or give --module PATH"
    )]
    NoModule { looked: String },
    #[error("the PKCS#11 module {path} does not exist; check --module or EPCT_PKCS11_MODULE")]
    ModuleMissing { path: PathBuf },
    #[error("cannot load the PKCS#11 module {path}: {reason}; is it a PKCS#11 library?")]
    ModuleLoad { path: PathBuf, reason: String },
    #[error("the PKCS#11 module {path} refused to start ({code}): {cause}")]
    InitializeRefused {
        path: PathBuf,
        code: String,
        cause: &'static str,
    },
    #[error("the module-init-args contain a NUL byte; give them as plain text")]
    BadInitArgs,
    #[error("no token is present; insert the card or initialise a token (epct token init)")]
    NoToken,
    #[error(
        "no smart card reader is visible: the smart card service (pcscd) is not running; start it (sudo systemctl start pcscd.socket), connect the reader, and run epct token list again"
    )]
    NoSmartCardService { module: PathBuf },
    #[error(
        "no smart card reader is connected to this computer (module {}); connect the reader, insert the card, and run epct token list again", module.display()
    )]
    NoReader { module: PathBuf },
    #[error("no token matches {wanted}; present: {present}")]
    TokenNotFound { wanted: String, present: String },
    #[error(
        "{count} tokens are present ({candidates}) and the command names none; choose one with --token LABEL (e.g. --token {example}) or EPCT_TOKEN, or give a key by a label that only one of them holds"
    )]
    AmbiguousToken {
        count: usize,
        candidates: String,
        example: String,
    },
    #[error(
        "{wanted} is on {count} tokens ({candidates}); choose one with --token LABEL (e.g. --token {example}) or EPCT_TOKEN"
    )]
    HeldBySeveralTokens {
        wanted: String,
        count: usize,
        candidates: String,
        example: String,
    },
    #[error(
        "no token present holds {wanted} (tokens: {tokens}); a key seen only after a login needs its token named with --token LABEL or EPCT_TOKEN"
    )]
    HeldByNoToken { wanted: String, tokens: String },
    #[error(
        "token '{token}' is initialised and holds {objects}; erasing it destroys them: give --force, or run at a terminal to confirm"
    )]
    EraseNeedsForce { token: String, objects: String },
    #[error("{what} needs confirming: give --force, or run at a terminal to confirm")]
    ConfirmationNeeded { what: String },
    #[error(
        "no token present holds a key this file is for; it is for {recipients}; certificates on the tokens: {present} (as epct cert list shows them)"
    )]
    NoKeyForFile { recipients: String, present: String },
    #[error("not confirmed; nothing was changed")]
    NotConfirmed,
    #[error(
        "token '{token}' was erased but not given its PINs ({reason}); run epct token init again on it"
    )]
    InitUnfinished { token: String, reason: String },
    #[error("no key matches {wanted} on token '{token}'; keys there: {present}")]
    KeyNotFound {
        wanted: String,
        token: String,
        present: String,
    },
    #[error("{wanted} matches several keys ({candidates}); add id= or object= to the URI")]
    AmbiguousKey { wanted: String, candidates: String },
    #[error("no certificate matches {wanted} on token '{token}'; import one with epct cert import")]
    CertificateNotFound { wanted: String, token: String },
    #[error("a key labelled '{label}' or with id {id} exists already on token '{token}'")]
    KeyExists {
        label: String,
        id: String,
        token: String,
    },
    #[error(
        "the certificate's public key is not that of key {key}; import the certificate issued for this key"
    )]
    CertificateMismatch { key: String },
    #[error(
        "a certificate with id {id} exists already on token '{token}'; use --force to replace it"
    )]
    CertificateExists { id: String, token: String },
    #[error("malformed PKCS#11 URI '{uri}': {reason}")]
    BadUri { uri: String, reason: String },
    #[error("unknown key type '{0}'; use rsa2048, rsa3072, rsa4096, p256 or p384")]
    UnknownKeyType(String),
    #[error("malformed key id '{0}'; give it as hexadecimal, e.g. --id 01a2")]
    BadKeyId(String),
    #[error("the PIN is never taken from the command line or a URI; use --pin-source")]
    PinOnCommandLine,
    #[error(transparent)]
    PinSource(#[from] crate::secret_source::SourceError),
    #[error(
        "wrong PIN for token '{token}' ({status}); it was not retried: check the PIN before trying again"
    )]
    WrongPin { token: String, status: PinStatus },
    #[error(
        "the PIN of token '{token}' is locked after too many wrong tries; ask your security officer to unlock it with the SO PIN"
    )]
    PinLocked { token: String },
    #[error("the PIN must have {min} to {max} characters")]
    PinLength { min: usize, max: usize },
    #[error("the two new PINs differ; nothing was changed")]
    PinsDiffer,
    #[error("token '{token}' cannot {operation} with this key: {reason}")]
    Unsupported {
        token: String,
        operation: &'static str,
        reason: String,
    },
    #[error("token '{token}' cannot generate {key_type} keys: {reason}")]
    CannotGenerate {
        token: String,
        key_type: String,
        reason: String,
    },
    #[error(
        "token '{token}' (NSS softokn) has no SO PIN, so epct neither initialises it nor changes an SO PIN there; make a new database with certutil -N -d sql:DIR and change its PIN with epct token change-pin"
    )]
    NoSoPin { token: String },
    #[error("the host's random number generator failed; try again")]
    HostRandom,
    #[error(
        "token '{token}' cannot do ECDH (it does not offer CKM_ECDH1_DERIVE), so its EC key cannot open files; open them with an RSA key or on a token with ECDH"
    )]
    NoEcdh { token: String },
    #[error("the token refused to {operation} ({})", ckr_name(.source))]
    Refused {
        operation: &'static str,
        #[source]
        source: Pkcs11Error,
    },
    #[error("cannot keep the implicit-rejection secret: {reason}")]
    RejectionSecret { reason: String },
    #[error("decryption failed: the data was not encrypted for this key, or it is damaged")]
    DecryptionFailed,
    #[error("the token returned a malformed {0}")]
    Malformed(&'static str),
}

impl TokenError {
    /// Usage for what the user typed, token for everything the token or PIN did.
    pub fn kind(&self) -> ErrorKind {
        let usage = matches!(
            self,
            TokenError::BadUri { .. }
                | TokenError::AmbiguousToken { .. }
                | TokenError::HeldBySeveralTokens { .. }
                | TokenError::AmbiguousKey { .. }
                | TokenError::EraseNeedsForce { .. }
                | TokenError::ConfirmationNeeded { .. }
                | TokenError::NotConfirmed
                | TokenError::UnknownKeyType(_)
                | TokenError::BadKeyId(_)
                | TokenError::PinOnCommandLine
                | TokenError::BadInitArgs
        );
        if usage || matches!(self, TokenError::PinSource(e) if e.is_usage()) {
            ErrorKind::Usage
        } else if matches!(
            self,
            TokenError::DecryptionFailed | TokenError::NoKeyForFile { .. }
        ) {
            // A file not made for this key (or damaged), not a failure of the token.
            ErrorKind::Other
        } else {
            ErrorKind::Token
        }
    }

    /// Wraps a PKCS#11 error of the named operation.
    pub(crate) fn refused(operation: &'static str) -> impl FnOnce(Pkcs11Error) -> TokenError {
        move |source| TokenError::Refused { operation, source }
    }
}

/// The PKCS#11 return value inside an error, if it is one.
pub(crate) fn rv(error: &Pkcs11Error) -> Option<RvError> {
    match error {
        Pkcs11Error::Pkcs11(rv, _) => Some(*rv),
        _ => None,
    }
}

/// The PKCS#11 name of an error (`CKR_PIN_INCORRECT`), or its text when it is not one.
pub(crate) fn ckr_name(error: &Pkcs11Error) -> String {
    let Some(rv) = rv(error) else {
        return error.to_string();
    };
    let camel = format!("{rv:?}");
    let mut name = String::from("CKR");
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}
