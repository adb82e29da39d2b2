//! `exchange send` validates its file in a first pass and seals it in a second: a FIFO
//! is read once (copied into an unnamed private file that both passes read) and sent
//! like a regular file; a file rewritten while it is sent is refused, with no panic
//! and nothing sealed.

mod common;

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use common::exchange::pair;
use common::*;

#[test]
fn a_fifo_is_read_once_and_sent_like_the_file() {
    let x = pair(40);
    let made = Command::new("mkfifo")
        .arg(x.env.path("be.fifo"))
        .status()
        .unwrap();
    assert!(made.success());
    let bytes = fs::read(x.env.path("be.csv")).unwrap();
    let fifo = x.env.path("be.fifo");
    let writer = thread::spawn(move || {
        OpenOptions::new()
            .write(true)
            .open(fifo)
            .unwrap()
            .write_all(&bytes)
            .unwrap();
    });
    let manifest = x.send("be.fifo").json();
    writer.join().unwrap();
    assert_eq!(
        (manifest["rows"].as_u64(), manifest["sent_rows"].as_u64()),
        (Some(40), Some(40))
    );
    let files = manifest["files"].as_array().unwrap();
    let sealed_rows: u64 = files.iter().map(|f| f["rows"].as_u64().unwrap()).sum();
    assert_eq!(sealed_rows, 40, "the manifest agrees with the summary");
    let mut expected: Vec<String> = files
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_owned())
        .collect();
    expected.extend(["manifest.csv".to_owned(), "manifest.json".to_owned()]);
    expected.sort();
    assert_eq!(
        x.files("out").into_iter().collect::<Vec<_>>(),
        expected,
        "no spool left"
    );

    let fr = files.iter().find(|f| f["destination"] == "FR").unwrap();
    let name = fr["file"].as_str().unwrap();
    fs::copy(
        x.env.path(&format!("out/{name}")),
        x.env.path(&format!("inbox/{name}")),
    )
    .unwrap();
    let report = x.receive().json();
    assert_eq!(report["received"], 1);
    assert_eq!(report["files"][0]["rows"], fr["rows"]);
}

/// A file of many rows that a writer keeps changing in place (a new surname in its last
/// row, valid each time, as fast as it can) from before `send` starts until it ends: the
/// two passes read that row at different moments, so they read different bytes. The
/// writer is a real concurrent writer on a real file; no hook in epct is involved.
#[test]
fn a_file_rewritten_while_it_is_sent_is_refused_and_nothing_is_sealed() {
    let x = pair(20_000);
    let path = x.env.path("be.csv");
    let text = fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let surname = header.iter().position(|h| *h == "surname").unwrap();
    let last = text.lines().last().unwrap();
    let mut fields: Vec<String> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(last.as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    fields[surname] = "Aaaaaaaa".to_owned();
    // A record of its own: the generated rows each have their record_id.
    let record_id = header.iter().position(|h| *h == "record_id").unwrap();
    fields[record_id] = "BE-appended".to_owned();
    let mut row = csv::Writer::from_writer(Vec::new());
    row.write_record(&fields).unwrap();
    let row = String::from_utf8(row.into_inner().unwrap()).unwrap();
    let at = text.len() as u64 + row.find("Aaaaaaaa").unwrap() as u64 + 1;
    fs::write(&path, text + &row).unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, file) = (
            Arc::clone(&stop),
            OpenOptions::new().write(true).open(&path).unwrap(),
        );
        thread::spawn(move || {
            let mut n: u64 = 0;
            while !stop.load(Ordering::Relaxed) {
                let letters: Vec<u8> = (0..7)
                    .map(|i| b'a' + ((n >> (4 * i)) & 0xf) as u8)
                    .collect();
                file.write_all_at(&letters, at).unwrap();
                n += 1;
            }
            n
        })
    };
    let out = x.spawn_send("be.csv").wait_with_output().unwrap();
    stop.store(true, Ordering::Relaxed);
    assert!(
        writer.join().unwrap() > 1,
        "the file was rewritten meanwhile"
    );

    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Failure)),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let line = one_line_error(&out.stderr);
    assert!(
        line.contains("the data file changed while it was read"),
        "{line}"
    );
    // Under --json the failure is the error object on stdout, and nothing else.
    assert_eq!(parse_json(&out)["error"]["exit_code"], 1);
    assert!(
        x.files("out").is_empty(),
        "nothing sealed: {:?}",
        x.files("out")
    );
}
