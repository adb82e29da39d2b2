//! The body of the `cms_reader` fuzz target, shared with the plain test that runs it
//! where cargo-fuzz cannot (tests/cms_fuzz_corpus.rs): read arbitrary bytes as a CMS
//! file the ways that need no key, `inspect` and `verify`; neither may panic, and
//! `verify` may hand out content only when it says every signature is intact.

use epct::cms::{VerifyOptions, inspect, verify};

pub fn read(data: &[u8]) {
    let _ = inspect(data);
    let mut content = Vec::new();
    let options = VerifyOptions {
        allow_legacy: true,
        ..Default::default()
    };
    if let Ok(report) = verify(data, &mut content, None, &options) {
        assert!(!report.signers.is_empty());
        assert!(report.content_bytes as usize == content.len() || report.detached);
    }
}
