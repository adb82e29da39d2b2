//! The `cms_reader` fuzz target's body (fuzz/cms_read.rs) over real CMS files (EU DSS
//! signatures) and mutations of them. Runs where cargo-fuzz cannot; by default for a
//! fixed number of inputs, or for `EPCT_FUZZ_SECONDS` (scripts/fuzz.sh).

#[path = "../fuzz/cms_read.rs"]
mod cms_read;
#[path = "../fuzz/mutate.rs"]
mod mutate;

#[test]
fn the_cms_reader_survives_mutated_real_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/third-party/cades");
    let seeds: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert!(seeds.len() >= 3);
    mutate::run(&seeds, 3_000, cms_read::read);
}
