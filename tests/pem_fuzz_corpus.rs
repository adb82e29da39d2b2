//! The `pem_stream` fuzz target's body (fuzz/pem_read.rs) over its seeds (fuzz/data/pem), every input
//! that once crashed it (fuzz/regressions/pem_stream), and mutations of them. Runs where
//! cargo-fuzz cannot; by default for a fixed number of inputs, or for
//! `EPCT_FUZZ_SECONDS` (scripts/fuzz.sh).

#[path = "../fuzz/mutate.rs"]
mod mutate;
#[path = "../fuzz/pem_read.rs"]
mod pem_read;
#[path = "../fuzz/seeds.rs"]
mod seeds;

#[test]
fn the_pem_reader_survives_mutated_input_and_reads_its_own_pem() {
    let seeds = seeds::seeds("pem", "pem_stream");
    assert!(!seeds.is_empty());
    for seed in &seeds {
        pem_read::read(seed);
    }
    mutate::run(&seeds, 3_000, pem_read::read);
}
