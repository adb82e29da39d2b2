//! Trust: ETSI TS 119 612 trusted lists, their XML signatures, the local trust store,
//! certificate path validation against the lists' CA services, CRLs, and the partner
//! directory.
//!
//! Only lists whose signature verifies against a certificate the security officer
//! pinned, or that an already-imported EU list of lists gives for that territory, ever
//! enter the store; a certificate is trusted only through a CA service whose status
//! was trusted at the time asked about. Nothing here prints.

mod c14n;
mod crl;
mod error;
mod partners;
mod path;
mod pins;
mod store;
mod time;
mod tl;
mod webpki_algorithms;
mod xml;
mod xmldsig;

pub use crl::{Revocation, read_crls};
pub use error::{BAD_LINES_SHOWN, BadLine, PartnerProblem, TrustError, UntrustedService};
pub use partners::{Partner, Partners, Role};
pub use path::{RevocationCheck, TrustVerdict};
pub use store::{
    CheckedAgainst, ImportOptions, ImportOutcome, ImportReport, ListSummary, LockedTrustStore,
    PinChange, TrustStore,
};
pub use time::{format_time, parse_time};
pub use tl::{
    CA_SERVICE_TYPES, ListPointer, Provider, Service, StatusEntry, TRUSTED_STATUSES, TrustedList,
};
pub use xmldsig::{ListSignature, UnverifiedList};

/// A real trusted list of the third-party test data.
#[cfg(test)]
pub(crate) fn test_data(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/third-party/trusted-lists")
        .join(name)
}
