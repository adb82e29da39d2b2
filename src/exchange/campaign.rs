//! The yearly test campaign as one command: a realistic made-up file (the data
//! generator's) with rows for every partner state that has a recipient in the partner
//! directory, sealed and sent like a real one but with `test` in every file's name, so
//! that the receivers mark their receipts as a test and `status --test` shows which
//! partners completed the round trip.

use std::path::Path;

use x509_cert::Certificate;

use super::error::ExchangeError;
use super::send::{Manifest, SendOptions, send, sending_state};
use crate::cms::ContentSigner;
use crate::country::Country;
use crate::data::{GeneratorOptions, generate};
use crate::output::write_file;
use crate::trust::Partners;

/// Made-up rows per partner state.
pub const TEST_ROWS_PER_STATE: u64 = 20;

/// Writes the test campaign's file into `out_dir` (`BE-test-campaign-DATE.csv`, kept
/// beside the sealed files to show what was sent) and sends it to every partner state
/// as [`send`] does, with `test` in the names.
pub fn send_test(
    out_dir: &Path,
    signer: &dyn ContentSigner,
    certificate: &Certificate,
    partners: &Partners,
    options: &SendOptions<'_>,
) -> Result<Manifest, ExchangeError> {
    if !out_dir.is_dir() {
        return Err(ExchangeError::NotADirectory(out_dir.display().to_string()));
    }
    let sender = sending_state(certificate, partners, options.sender)?;
    let mut states: Vec<Country> = (partners.entries().iter())
        .filter(|p| p.role.receives() && p.country != sender)
        .map(|p| p.country)
        .collect();
    states.sort();
    states.dedup();
    if states.is_empty() {
        return Err(ExchangeError::NoPartners);
    }
    let mut csv = Vec::new();
    for (index, state) in states.iter().enumerate() {
        let mut generator =
            GeneratorOptions::new(TEST_ROWS_PER_STATE, sender, options.validation.today);
        generator.nationalities = vec![*state];
        generator.seed = index as u64 + 1;
        let mut rows = Vec::new();
        generate(&mut rows, &generator)?;
        let body = match index {
            0 => &rows[..],
            _ => {
                let header_end = rows.iter().position(|b| *b == b'\n').map_or(0, |i| i + 1);
                &rows[header_end..]
            }
        };
        csv.extend_from_slice(body);
    }
    let path = out_dir.join(format!("{}-test-campaign-{}.csv", sender, options.date));
    write_file(&path, &csv, options.force)?;
    let options = SendOptions {
        sender: Some(sender),
        test: true,
        ..*options
    };
    send(&path, out_dir, signer, certificate, partners, &options)
}
