//! Blocking: the received records under short keys, so that each roll row is compared
//! with the few records that could be the same person, never with all of them.
//!
//! Keys, each a 64-bit hash: the date of birth with the surname's [`skeleton`] (the
//! surname at birth too); the date with each given name's skeleton and the surname's
//! first letter (a changed surname); the exact names with two of the date's three
//! parts (a wrong digit). The roll probes the same keys, and those of its date with the
//! day and month swapped.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use time::Date;

use super::compare::swapped;
use super::person::{Person, skeleton};
use super::received::Received;

/// The received records by key.
pub(crate) struct BlockingIndex {
    ranges: HashMap<u64, (u32, u32), BuildHasherDefault<PassThrough>>,
    records: Vec<u32>,
}

/// Buffers for computing keys without allocating.
#[derive(Default)]
pub(crate) struct KeyScratch {
    skeleton: String,
    keys: Vec<u64>,
}

impl BlockingIndex {
    /// The index of every record not superseded.
    pub(crate) fn new(received: &[Received]) -> BlockingIndex {
        let mut scratch = KeyScratch::default();
        let mut pairs: Vec<(u64, u32)> = Vec::with_capacity(received.len() * 6);
        for (i, record) in received.iter().enumerate().filter(|(_, r)| !r.superseded) {
            scratch.keys.clear();
            keys(
                &record.person,
                record.person.date_of_birth,
                true,
                &mut scratch,
            );
            for &key in &scratch.keys {
                pairs.push((key, i as u32));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut ranges = HashMap::with_capacity_and_hasher(pairs.len() / 2, Default::default());
        let mut start = 0;
        while start < pairs.len() {
            let key = pairs[start].0;
            let end = start + pairs[start..].partition_point(|p| p.0 == key);
            ranges.insert(key, (start as u32, end as u32));
            start = end;
        }
        BlockingIndex {
            ranges,
            records: pairs.into_iter().map(|(_, i)| i).collect(),
        }
    }

    /// The received records that `entry` might be, in `out` (sorted, without repeats).
    pub(crate) fn candidates(&self, entry: &Person, scratch: &mut KeyScratch, out: &mut Vec<u32>) {
        out.clear();
        scratch.keys.clear();
        keys(entry, entry.date_of_birth, true, scratch);
        if let Some(other) = swapped(entry.date_of_birth) {
            keys(entry, other, false, scratch);
        }
        for key in &scratch.keys {
            if let Some(&(start, end)) = self.ranges.get(key) {
                out.extend_from_slice(&self.records[start as usize..end as usize]);
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// Appends the keys of `person` born on `date` to `scratch.keys`, with the partial-date
/// keys when `partial`.
fn keys(person: &Person, date: Date, partial: bool, scratch: &mut KeyScratch) {
    let day = date.to_julian_day();
    let surnames =
        std::iter::once(person.surname.latin.as_str()).chain(person.birth_surname.as_deref());
    let mut initial = None;
    for surname in surnames {
        skeleton(surname, &mut scratch.skeleton);
        initial = initial.or(scratch.skeleton.chars().next());
        scratch
            .keys
            .push(hash((1u8, day, scratch.skeleton.as_str())));
    }
    for word in person.given_names.latin.split(' ') {
        skeleton(word, &mut scratch.skeleton);
        scratch
            .keys
            .push(hash((2u8, day, scratch.skeleton.as_str(), initial)));
    }
    if partial {
        let names = (
            person.surname.latin.as_str(),
            person.given_names.latin.as_str(),
        );
        let (y, m, d) = (date.year(), u8::from(date.month()), date.day());
        scratch.keys.push(hash((3u8, names, y, m)));
        scratch.keys.push(hash((4u8, names, y, d)));
        scratch.keys.push(hash((5u8, names, m, d)));
    }
}

fn hash(value: impl Hash) -> u64 {
    let mut hasher = KeyHasher::default();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A fast hash of a key's parts (multiply and rotate, eight bytes at a time, then a
/// final mix): blocking keys need speed, not resistance to chosen inputs, and a
/// collision only brings a record that the comparison then rejects. SipHash took a
/// tenth of the run.
#[derive(Default)]
struct KeyHasher(u64);

impl KeyHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        // The finaliser of SplitMix64: every bit of the state reaches every bit.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// The index's own hasher: its keys are hashes already.
#[derive(Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
