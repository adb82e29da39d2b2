#![no_main]

#[path = "../ber_walk.rs"]
mod ber_walk;

libfuzzer_sys::fuzz_target!(|data: &[u8]| ber_walk::walk(data));
