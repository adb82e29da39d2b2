//! The `envelope_decrypt` fuzz target's body (fuzz/envelope_decrypt.rs) over its seeds (fuzz/data/envelopes), every input
//! that once crashed it (fuzz/regressions/envelope_decrypt), and mutations of them. Runs where
//! cargo-fuzz cannot; by default for a fixed number of inputs, or for
//! `EPCT_FUZZ_SECONDS` (scripts/fuzz.sh).

#[path = "../fuzz/envelope_decrypt.rs"]
mod envelope_decrypt;
#[path = "../fuzz/mutate.rs"]
mod mutate;
#[path = "../fuzz/seeds.rs"]
mod seeds;

#[test]
fn the_envelope_reader_survives_mutated_openssl_envelopes() {
    let seeds = seeds::seeds("envelopes", "envelope_decrypt");
    assert!(!seeds.is_empty());
    let recipients = envelope_decrypt::recipients();
    for seed in &seeds {
        assert!(envelope_decrypt::decrypt_with_each(seed, &recipients) > 0);
    }
    mutate::run(&seeds, 400, |input| {
        envelope_decrypt::decrypt_with_each(input, &recipients);
    });
}
