//! The body of the `pem_stream` fuzz target, shared with tests/pem_fuzz_corpus.rs: read
//! arbitrary bytes through the PEM/DER sniffing reader, which must never panic; and
//! write the same bytes as PEM and read them back, which must give them unchanged.

use std::io::{Read, Write};

use epct::cms::{Input, Output};

pub fn read(data: &[u8]) {
    if let Ok(mut input) = Input::sniff(data) {
        let mut back = Vec::new();
        let _ = input.read_to_end(&mut back);
    }
    let mut pem = Output::new(Vec::new(), true).expect("writes to memory");
    pem.write_all(data).expect("writes to memory");
    let text = pem.finish().expect("writes to memory");
    let mut input = Input::sniff(text.as_slice()).expect("reads from memory");
    assert!(input.is_pem());
    let mut back = Vec::new();
    input
        .read_to_end(&mut back)
        .expect("epct reads its own PEM");
    assert_eq!(back, data);
}
