//! The trusted-list reader on arbitrary bytes: the XML tree, the list model, and the
//! signature's structure and canonicalization (checked against no certificate, so it
//! always ends in a refusal) must never panic.

#![no_main]

use epct::trust::UnverifiedList;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(list) = UnverifiedList::read(data) {
        // Legacy allowed, so that SHA-1 references are canonicalised and digested too.
        let _ = list.verify(&[], true);
    }
});
