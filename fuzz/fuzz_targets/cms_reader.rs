#![no_main]

#[path = "../cms_read.rs"]
mod cms_read;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cms_read::read(data));
