//! The PKCS#11 call sequences that `cryptoki` 0.12 cannot make, through the module's
//! function list.
//!
//! A key with `CKA_ALWAYS_AUTHENTICATE` needs `C_Login(CKU_CONTEXT_SPECIFIC)` between
//! `C_SignInit` (or `C_DecryptInit`) and the single-part `C_Sign` (`C_Decrypt`);
//! `cryptoki` only offers init and operation together. PKCS#11 requires a module to
//! export only `C_GetFunctionList` (the p11-kit proxy and NSS softokn export nothing
//! else), so the three calls go through the table it returns, never through a symbol
//! of their own, on the session that `cryptoki` opened (the system loader loads the
//! library once, so both see the same state).

use std::ffi::c_ulong;
use std::path::Path;

use cryptoki::context::Function;
use cryptoki::error::{Error as Pkcs11Error, Rv, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::ObjectHandle;
use cryptoki::session::Session;
use cryptoki_sys::{
    CK_C_GetFunctionList, CK_FUNCTION_LIST, CK_MECHANISM, CK_RV, CKU_CONTEXT_SPECIFIC,
};
use secrecy::{ExposeSecret, SecretString};

use super::error::ckr_name;

/// The module's function list, and the library that holds it.
pub(crate) struct RawModule {
    functions: CK_FUNCTION_LIST,
    _library: libloading::Library,
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
        // it again only adds a reference to it. `C_GetFunctionList` has the signature of
        // PKCS#11 section 5.2, and the table it points to lives as long as the library.
        unsafe {
            let library = libloading::Library::new(path).map_err(|e| e.to_string())?;
            let get: CK_C_GetFunctionList = *library
                .get::<CK_C_GetFunctionList>(b"C_GetFunctionList\0")
                .map_err(|e| e.to_string())?;
            let get = get.ok_or("C_GetFunctionList is a null pointer")?;
            let mut list: *mut CK_FUNCTION_LIST = std::ptr::null_mut();
            check(get(&mut list), Function::GetFunctionList)
                .map_err(|e| format!("C_GetFunctionList failed ({})", ckr_name(&e)))?;
            if list.is_null() {
                return Err("C_GetFunctionList gave no function list".to_owned());
            }
            Ok(RawModule {
                functions: *list,
                _library: library,
            })
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
