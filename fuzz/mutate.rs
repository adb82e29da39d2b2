//! Deterministic input mutation for the plain tests that run the fuzz targets' bodies
//! where cargo-fuzz cannot (tests/*_fuzz_corpus.rs).

use std::time::{Duration, Instant};

/// xorshift64*: deterministic, so that a failure can be reproduced.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A few random edits: bits flipped, bytes replaced, dropped, inserted or duplicated,
/// the input cut short.
pub fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        let last = out.len().saturating_sub(1);
        match rng.below(6) {
            0 if !out.is_empty() => out[at.min(last)] ^= 1 << rng.below(8),
            1 if !out.is_empty() => out[at.min(last)] = rng.next() as u8,
            2 if at < out.len() => {
                out.remove(at);
            }
            3 => out.insert(at, [0x00, 0x80, 0xff, 0x1f, 0x24, 0x30][rng.below(6)]),
            4 => out.truncate(at),
            _ => {
                let end = (at + rng.below(16)).min(out.len());
                let copy = out[at..end].to_vec();
                out.splice(at..at, copy);
            }
        }
    }
    out
}

/// Runs `body` over random bytes, the seeds, and mutated seeds: `default_runs` inputs,
/// or for `EPCT_FUZZ_SECONDS` seconds when that is set (scripts/fuzz.sh).
pub fn run(seeds: &[Vec<u8>], default_runs: u64, body: impl Fn(&[u8])) {
    let budget = std::env::var("EPCT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs);
    let mut rng = Rng(0x5eed_5eed_5eed_5eed);
    let start = Instant::now();
    let mut runs = 0u64;
    loop {
        let done = match budget {
            Some(budget) => start.elapsed() >= budget,
            None => runs >= default_runs,
        };
        if done {
            break;
        }
        let input = match rng.below(8) {
            0 => (0..rng.below(64)).map(|_| rng.next() as u8).collect(),
            1 => seeds[rng.below(seeds.len())].clone(),
            _ => {
                let seed = rng.below(seeds.len());
                mutate(&mut rng, &seeds[seed])
            }
        };
        body(&input);
        runs += 1;
    }
    if budget.is_some() {
        println!("{runs} inputs in {:.0?}", start.elapsed());
    }
}
