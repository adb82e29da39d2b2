//! The PKCS#11 call sequences that `cryptoki` 0.12 cannot make.
//!
//! A key with `CKA_ALWAYS_AUTHENTICATE` needs `C_Login(CKU_CONTEXT_SPECIFIC)` between
//! `C_SignInit` (or `C_DecryptInit`) and the single-part `C_Sign` (`C_Decrypt`);
//! `cryptoki` only offers init and operation together. These functions make the three
//! calls through the module's own exported symbols, on the session that `cryptoki`
//! opened (the module is loaded once by the system loader, so both see the same state).

use std::ffi::c_ulong;
use std::path::Path;

use cryptoki::context::Function;
use cryptoki::error::{Error as Pkcs11Error, Rv};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::ObjectHandle;
use cryptoki::session::Session;
use cryptoki_sys::{CK_MECHANISM, CK_RV, CKU_CONTEXT_SPECIFIC};
use secrecy::{ExposeSecret, SecretString};

/// The module's exported PKCS#11 functions.
pub(crate) struct RawModule {
    functions: cryptoki_sys::Pkcs11,
}

/// Which single-part operation follows its init.
#[derive(Clone, Copy)]
pub(crate) enum Operation {
    Sign,
    Decrypt,
}

impl RawModule {
    #[allow(unsafe_code, reason = "loading a library runs its C code")]
    pub(crate) fn load(path: &Path) -> Result<Self, String> {
        // SAFETY: the same library was already loaded and initialised by cryptoki; loading
        // it again only adds a reference to it.
        let functions = unsafe { cryptoki_sys::Pkcs11::new(path) }.map_err(|e| e.to_string())?;
        Ok(RawModule { functions })
    }

    /// Init, context-specific login with `pin` (`None` on a PIN pad), then the operation.
    #[allow(unsafe_code, reason = "PKCS#11 calls take raw C pointers")]
    pub(crate) fn run_with_context_login(
        &self,
        session: &Session,
        operation: Operation,
        mechanism: &Mechanism,
        key: ObjectHandle,
        pin: Option<&SecretString>,
        input: &[u8],
    ) -> Result<Vec<u8>, Pkcs11Error> {
        let handle = session.handle();
        let mut mechanism = CK_MECHANISM::from(mechanism);
        let (init, function) = match operation {
            Operation::Sign => (Function::SignInit, Function::Sign),
            Operation::Decrypt => (Function::DecryptInit, Function::Decrypt),
        };
        // SAFETY: every pointer below points into a live local buffer of the stated length.
        unsafe {
            let rv = match operation {
                Operation::Sign => self
                    .functions
                    .C_SignInit(handle, &mut mechanism, key.handle()),
                Operation::Decrypt => {
                    self.functions
                        .C_DecryptInit(handle, &mut mechanism, key.handle())
                }
            };
            check(rv, init)?;
            let (pin_ptr, pin_len) = match pin {
                Some(p) => (
                    p.expose_secret().as_ptr() as *mut u8,
                    p.expose_secret().len(),
                ),
                None => (std::ptr::null_mut(), 0),
            };
            check(
                self.functions
                    .C_Login(handle, CKU_CONTEXT_SPECIFIC, pin_ptr, pin_len as c_ulong),
                Function::Login,
            )?;
            // Output is at most the modulus or twice the field size: 1 KiB covers RSA-8192.
            let mut output = vec![0u8; 1024];
            let mut output_len = output.len() as c_ulong;
            let input_ptr = input.as_ptr() as *mut u8;
            let input_len = input.len() as c_ulong;
            let rv = match operation {
                Operation::Sign => self.functions.C_Sign(
                    handle,
                    input_ptr,
                    input_len,
                    output.as_mut_ptr(),
                    &mut output_len,
                ),
                Operation::Decrypt => self.functions.C_Decrypt(
                    handle,
                    input_ptr,
                    input_len,
                    output.as_mut_ptr(),
                    &mut output_len,
                ),
            };
            check(rv, function)?;
            output.truncate(output_len as usize);
            Ok(output)
        }
    }
}

fn check(rv: CK_RV, function: Function) -> Result<(), Pkcs11Error> {
    Rv::from(rv).into_result(function)
}
