#![no_main]

#[path = "../envelope_decrypt.rs"]
mod envelope_decrypt;

use std::sync::LazyLock;

static RECIPIENTS: LazyLock<Vec<envelope_decrypt::Recipient>> =
    LazyLock::new(envelope_decrypt::recipients);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    envelope_decrypt::decrypt_with_each(data, &RECIPIENTS);
});
