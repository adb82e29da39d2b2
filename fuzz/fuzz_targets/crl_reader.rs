#![no_main]

#[path = "../crl_read.rs"]
mod crl_read;

libfuzzer_sys::fuzz_target!(|data: &[u8]| crl_read::read(data));
