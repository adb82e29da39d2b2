//! The `csv_validator` fuzz target's body (fuzz/csv_validate.rs) over its seeds (fuzz/data/csv), every input
//! that once crashed it (fuzz/regressions/csv_validator), and mutations of them. Runs where
//! cargo-fuzz cannot; by default for a fixed number of inputs, or for
//! `EPCT_FUZZ_SECONDS` (scripts/fuzz.sh).

#[path = "../fuzz/csv_validate.rs"]
mod csv_validate;
#[path = "../fuzz/mutate.rs"]
mod mutate;
#[path = "../fuzz/seeds.rs"]
mod seeds;

#[test]
fn the_csv_validator_survives_mutated_files_and_counts_what_it_hands_out() {
    let seeds = seeds::seeds("csv", "csv_validator");
    assert!(!seeds.is_empty());
    for seed in &seeds {
        csv_validate::validate(seed);
    }
    mutate::run(&seeds, 3_000, csv_validate::validate);
}
