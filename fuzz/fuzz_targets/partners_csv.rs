#![no_main]

#[path = "../partners_read.rs"]
mod partners_read;

libfuzzer_sys::fuzz_target!(|data: &[u8]| partners_read::read(data));
