//! `data match`, the home state's step: find each received citizen on the home
//! state's own roll, and list what an official must review, never deleting anything.
//!
//! The received records (up to millions) are read whole into a [`index`] of short
//! keys; the roll (tens of millions of rows) is streamed past it once, each row
//! compared only with the records its keys give. Reading the roll never changes it.

mod columns;
mod compare;
mod error;
mod index;
mod person;
mod received;
mod received_dir;
mod review;
mod roll;
mod transliterate;

use std::path::Path;

pub use columns::{ColumnMap, RollField};
pub use compare::{Fit, Reason};
pub use error::MatchError;
pub use received::{Action, ReceivedInput};
pub use received_dir::received_in;
pub use review::{Class, ClassCounts, MatchSummary, Review, ReviewLine};

pub(crate) use person::{Kind, Name};
pub(crate) use transliterate::{has_greek_or_cyrillic, to_latin};

/// The received files, read and indexed, waiting for the roll.
pub struct Matcher {
    inputs: Vec<ReceivedInput>,
    received: Vec<received::Received>,
    unreadable: Vec<received::Unreadable>,
    index: index::BlockingIndex,
    roll: roll::Roll,
}

impl Matcher {
    /// Checks the roll's header against `columns`, then reads and indexes every
    /// received file: every refusal comes before the roll is read or anything written.
    /// Received rows that cannot be read are kept for the review, not refused.
    pub fn new(
        roll: &Path,
        columns: &ColumnMap,
        inputs: Vec<ReceivedInput>,
    ) -> Result<Matcher, MatchError> {
        let roll = roll::Roll::open(roll, columns)?;
        let loaded = received::load(&inputs)?;
        let index = index::BlockingIndex::new(&loaded.records);
        Ok(Matcher {
            inputs,
            received: loaded.records,
            unreadable: loaded.unreadable,
            index,
            roll,
        })
    }

    /// How many received records were read (replaced ones included).
    pub fn received(&self) -> usize {
        self.received.len()
    }

    /// Streams the roll and gives the review; `progress` is told the bytes of the roll
    /// read so far, now and then.
    pub fn run(self, progress: &mut dyn FnMut(u64)) -> Result<Review, MatchError> {
        let mut findings = vec![roll::Findings::default(); self.received.len()];
        let counts = self
            .roll
            .stream(&self.received, &self.index, &mut findings, progress)?;
        Ok(Review::new(
            &self.inputs,
            (self.received, self.unreadable),
            findings,
            counts,
        ))
    }
}
