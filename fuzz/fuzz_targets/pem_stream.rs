#![no_main]

#[path = "../pem_read.rs"]
mod pem_read;

libfuzzer_sys::fuzz_target!(|data: &[u8]| pem_read::read(data));
