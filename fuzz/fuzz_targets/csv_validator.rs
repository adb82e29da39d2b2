#![no_main]

#[path = "../csv_validate.rs"]
mod csv_validate;

libfuzzer_sys::fuzz_target!(|data: &[u8]| csv_validate::validate(data));
