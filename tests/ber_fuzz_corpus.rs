//! The `ber_reader` fuzz target's body (fuzz/ber_walk.rs) over a generated corpus:
//! well-formed BER, the same mutated (bits flipped, bytes dropped, duplicated or
//! inserted, cut short) and random bytes. Runs where cargo-fuzz cannot; by default for
//! a fixed number of inputs, or for `EPCT_FUZZ_SECONDS` (scripts/fuzz.sh).

#[path = "../fuzz/ber_walk.rs"]
mod ber_walk;
#[path = "../fuzz/mutate.rs"]
mod mutate;

use std::io::Write;
use std::num::NonZeroUsize;

use epct::cms::ber_reader::Tag;
use epct::cms::ber_writer::{
    OctetStringWriter, write_end_of_contents, write_header, write_indefinite_header,
};

/// Well-formed BER in the shapes CMS uses: definite and indefinite lengths, nested
/// constructed strings, high tag numbers, long-form lengths.
fn seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = [
        "30 80 02 01 05 24 80 04 02 6162 24 80 04 01 63 00 00 04 00 00 00 a0 80 30 03 02 01 07 00 00 00 00",
        "30 17 02 01 05 24 0b 04 02 6162 24 03 04 01 63 04 00 a0 05 30 03 02 01 07",
        "9f 1f 00 bf 81 00 02 05 00 df 8f ff ff ff 7f 00",
        "04 88 0000000000000002 6162 30 80 05 00 00 00 30 03 02 01 ff",
    ]
    .iter()
    .map(|h| hex::decode(h.replace(' ', "")).unwrap())
    .collect();
    for (len, segment) in [(0, 1), (5, 2), (300, 64), (1000, 1000)] {
        let mut out = Vec::new();
        write_indefinite_header(&mut out, Tag::SEQUENCE).unwrap();
        write_header(&mut out, Tag::INTEGER, false, 1).unwrap();
        out.push(0);
        write_indefinite_header(&mut out, Tag::context(0)).unwrap();
        let segment = NonZeroUsize::new(segment).unwrap();
        let mut w = OctetStringWriter::with_segment_size(out, Tag::OCTET_STRING, segment).unwrap();
        w.write_all(&vec![0xa5; len]).unwrap();
        let mut out = w.finish().unwrap();
        write_end_of_contents(&mut out).unwrap();
        let mut w = OctetStringWriter::with_segment_size(out, Tag::context(0), segment).unwrap();
        w.write_all(&vec![0x5a; len / 2]).unwrap();
        let mut out = w.finish().unwrap();
        write_end_of_contents(&mut out).unwrap();
        seeds.push(out);
    }
    seeds
}

#[test]
fn the_fuzz_target_survives_a_generated_corpus() {
    let seeds = seeds();
    for seed in &seeds {
        let mut r = epct::cms::ber_reader::BerReader::new(&seed[..]);
        while !r.at_end().unwrap() {
            r.read_element_bytes(seed.len()).unwrap();
        }
    }
    mutate::run(&seeds, 30_000, ber_walk::walk);
}
