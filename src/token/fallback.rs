//! Trying mechanisms in turn: tokens list mechanisms they then refuse with some
//! parameters, so each way of doing a job is tried until the token accepts one.

use cryptoki::error::{Error, RvError};

use super::error::{ckr_name, rv};

/// Runs `attempt` on each candidate until one succeeds: a refusal of the mechanism or
/// its parameters moves on to the next, any other error stops. `Err(None)` when there
/// was no candidate at all. Each attempt made and its error are handed to `trail`.
pub(crate) fn first_accepted<M: Copy, T>(
    candidates: &[M],
    mut attempt: impl FnMut(M) -> Result<T, Error>,
    trail: &mut Vec<(M, Option<String>)>,
) -> Result<T, Option<Error>> {
    let mut last_refusal = None;
    for &candidate in candidates {
        let result = attempt(candidate);
        trail.push((candidate, result.as_ref().err().map(ckr_name)));
        match result {
            Ok(done) => return Ok(done),
            Err(e) if is_mechanism_refusal(&e) => last_refusal = Some(e),
            Err(e) => return Err(Some(e)),
        }
    }
    Err(last_refusal)
}

/// Whether the token refused the mechanism or its parameters (so another may work).
fn is_mechanism_refusal(error: &Error) -> bool {
    use RvError::*;
    matches!(
        rv(error),
        Some(
            MechanismInvalid
                | MechanismParamInvalid
                | ArgumentsBad
                | KeyFunctionNotPermitted
                | KeyTypeInconsistent
                | FunctionNotSupported
                | DataLenRange
        )
    ) || matches!(error, Error::InvalidValue)
}
