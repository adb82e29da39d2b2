//! The body of the `csv_validator` fuzz target, shared with tests/csv_fuzz_corpus.rs:
//! validate arbitrary bytes as a voter/candidate file. No input may panic, and the
//! summary must agree with the rows handed out.

use epct::data::{ValidationOptions, Validator};
use time::macros::date;

pub fn validate(data: &[u8]) {
    let options = ValidationOptions::new(date!(2026 - 06 - 01));
    let Ok(mut validator) = Validator::new(std::io::Cursor::new(data.to_vec()), options) else {
        return;
    };
    let (mut rows, mut with_errors) = (0u64, 0u64);
    while let Some(row) = validator.next_row() {
        let Ok(row) = row else { return };
        rows += 1;
        with_errors += u64::from(row.has_errors());
    }
    let summary = validator.finish();
    assert_eq!(summary.rows, rows);
    assert_eq!(summary.rows_with_errors, with_errors);
    assert!(summary.voters + summary.candidates <= rows);
    assert!(summary.nationalities.values().sum::<u64>() <= rows);
}
