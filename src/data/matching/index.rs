//! Blocking: the received records under short keys, so that each roll row is compared
//! with the few records that could be the same person, never with all of them.
//!
//! Keys, each a 64-bit hash: the date of birth with the surname's [`skeleton`] (the
//! surname at birth too); the date with each given name's skeleton and the surname's
//! first letter (a changed surname); the exact names with two of the date's three
//! parts (a wrong digit). The roll probes the same keys, and those of its date with the
//! day and month swapped.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};

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
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
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
