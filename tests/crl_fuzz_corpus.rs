//! The `crl_reader` fuzz target's body (fuzz/crl_read.rs) over its seeds (fuzz/data/crls), every input
//! that once crashed it (fuzz/regressions/crl_reader), and mutations of them. Runs where
//! cargo-fuzz cannot; by default for a fixed number of inputs, or for
//! `EPCT_FUZZ_SECONDS` (scripts/fuzz.sh).

#[path = "../fuzz/crl_read.rs"]
mod crl_read;
#[path = "../fuzz/mutate.rs"]
mod mutate;
#[path = "../fuzz/seeds.rs"]
mod seeds;

#[test]
fn the_crl_reader_survives_mutated_crls() {
    let seeds = seeds::seeds("crls", "crl_reader");
    assert!(!seeds.is_empty());
    for seed in &seeds {
        crl_read::read(seed);
    }
    mutate::run(&seeds, 3_000, crl_read::read);
}
