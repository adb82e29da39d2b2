//! The body of the `partners_csv` fuzz target, shared with tests/partners_fuzz_corpus.rs:
//! read arbitrary bytes as a partner directory (through a file, as `partners import`
//! does), which must never panic; every entry read has a certificate and a role.

use epct::trust::Partners;

pub fn read(data: &[u8]) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("partners.csv");
    std::fs::write(&path, data).expect("writes the input");
    if let Ok(partners) = Partners::read_csv(&path) {
        for partner in partners.entries() {
            assert!(partner.role.sends() || partner.role.receives());
        }
    }
}
