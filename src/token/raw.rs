//! The PKCS#11 call sequences that `cryptoki` 0.12 cannot make, through the module's
//! function list.
//!
//! A key with `CKA_ALWAYS_AUTHENTICATE` needs `C_Login(CKU_CONTEXT_SPECIFIC)` between
//! `C_SignInit` (or `C_DecryptInit`) and the single-part `C_Sign` (`C_Decrypt`);
//! `cryptoki` only offers init and operation together. PKCS#11 requires a module to
//! export only `C_GetFunctionList` (the p11-kit proxy and NSS softokn export nothing
//! else), so the three calls go through the function list `cryptoki` got from it
//! (exposed by the patched copy in vendor/cryptoki), never through a symbol of their
//! own, on the session that `cryptoki` opened.

use std::ffi::c_ulong;

use cryptoki::context::{Function, Pkcs11};
use cryptoki::error::{Error as Pkcs11Error, Rv, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::ObjectHandle;
use cryptoki::session::Session;
use cryptoki_sys::{CK_FUNCTION_LIST_3_2, CK_MECHANISM, CK_RV, CKU_CONTEXT_SPECIFIC};
use secrecy::{ExposeSecret, SecretString};

/// The module's function list: the very table `cryptoki` calls through.
pub(crate) struct RawModule {
    functions: CK_FUNCTION_LIST_3_2,
}

/// Which single-part operation follows its init.
#[derive(Clone, Copy)]
pub(crate) enum Operation {
    Sign,
    Decrypt,
}

impl RawModule {
    /// The function list of `pkcs11`. A second `C_GetFunctionList` would not do: the
    /// p11-kit proxy gives each caller its own, uninitialised instance.
    pub(crate) fn of(pkcs11: &Pkcs11) -> Self {
        RawModule {
            functions: pkcs11.function_list(),
        }
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
        let f = &self.functions;
        let (init, function) = match operation {
            Operation::Sign => (Function::SignInit, Function::Sign),
            Operation::Decrypt => (Function::DecryptInit, Function::Decrypt),
        };
        let missing = |function| Pkcs11Error::Pkcs11(RvError::FunctionNotSupported, function);
        // SAFETY: every pointer below points into a live local buffer of the stated length,
        // and every function comes from the module's own table.
        unsafe {
            let rv = match operation {
                Operation::Sign => {
                    f.C_SignInit.ok_or(missing(init))?(handle, &mut mechanism, key.handle())
                }
                Operation::Decrypt => {
                    f.C_DecryptInit.ok_or(missing(init))?(handle, &mut mechanism, key.handle())
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
                f.C_Login.ok_or(missing(Function::Login))?(
                    handle,
                    CKU_CONTEXT_SPECIFIC,
                    pin_ptr,
                    pin_len as c_ulong,
                ),
                Function::Login,
            )?;
            // Output is at most the modulus or twice the field size: 1 KiB covers RSA-8192.
            let mut output = vec![0u8; 1024];
            let mut output_len = output.len() as c_ulong;
            let input_ptr = input.as_ptr() as *mut u8;
            let input_len = input.len() as c_ulong;
            let call = match operation {
                Operation::Sign => f.C_Sign,
                Operation::Decrypt => f.C_Decrypt,
            }
            .ok_or(missing(function))?;
            let rv = call(
                handle,
                input_ptr,
                input_len,
                output.as_mut_ptr(),
                &mut output_len,
            );
            check(rv, function)?;
            output.truncate(output_len as usize);
            Ok(output)
        }
    }
}

fn check(rv: CK_RV, function: Function) -> Result<(), Pkcs11Error> {
    Rv::from(rv).into_result(function)
}
