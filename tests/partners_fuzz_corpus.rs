//! The `partners_csv` fuzz target's body (fuzz/partners_read.rs) over its seeds (fuzz/data/partners), every input
//! that once crashed it (fuzz/regressions/partners_csv), and mutations of them. Runs where
//! cargo-fuzz cannot; by default for a fixed number of inputs, or for
//! `EPCT_FUZZ_SECONDS` (scripts/fuzz.sh).

#[path = "../fuzz/mutate.rs"]
mod mutate;
#[path = "../fuzz/partners_read.rs"]
mod partners_read;
#[path = "../fuzz/seeds.rs"]
mod seeds;

#[test]
fn the_partner_directory_reader_survives_mutated_directories() {
    let seeds = seeds::seeds("partners", "partners_csv");
    assert!(!seeds.is_empty());
    for seed in &seeds {
        partners_read::read(seed);
    }
    mutate::run(&seeds, 1_000, partners_read::read);
}
