//! The body of the `crl_reader` fuzz target, shared with tests/crl_fuzz_corpus.rs: read
//! arbitrary bytes as CRLs (one DER CRL, or PEM blocks), which must never panic, and
//! encode every CRL read back to DER, which must decode to the same CRL.

use der::{Decode, Encode};
use epct::trust::read_crls;
use x509_cert::crl::CertificateList;

pub fn read(data: &[u8]) {
    let Ok(crls) = read_crls(data, "fuzz input") else {
        return;
    };
    for crl in crls {
        let der = crl.to_der().expect("a CRL read encodes");
        assert_eq!(CertificateList::from_der(&der).expect("and decodes"), crl);
    }
}
