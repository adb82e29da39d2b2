//! Every input read whole has its limit (`epct::input`): `/dev/zero` given as a trusted
//! list, a signer certificate, a CRL, a partner directory, a certificate in a partner
//! directory, a certificate to import or the configuration file is refused with one line
//! naming the file and the limit, and the run's peak memory (GNU time's maximum resident
//! set size) stays within the limit and a little more. A regular file over the limit is
//! refused by its size before it is read.

mod common;

use std::path::Path;
use std::process::Command;

use common::trust::*;
use common::{Epct, ExitCode, status};

const MIB: u64 = 1024 * 1024;
/// What a run needs beside the bytes it read: the binary, its libraries, its heap.
const HEADROOM: u64 = 96 * MIB;

/// Runs `epct ARGS` in `env` under GNU time; asserts that it exits with `code` and one
/// line of error containing `text`, and that its peak resident memory stayed under
/// `limit` + [`HEADROOM`].
fn refused(env: &Epct, args: &[&str], code: ExitCode, text: &str, limit: u64) {
    let rss = env.path("peak-rss-kib");
    let mut cmd = Command::new("/usr/bin/time");
    cmd.args(["-f", "%M", "-o"])
        .arg(&rss)
        .arg(assert_cmd::cargo::cargo_bin!("epct"));
    env.isolate(&mut cmd).args(args);
    let out = assert_cmd::Command::from_std(cmd)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(status(code)), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(text), "'{text}' not in: {stderr}");
    // GNU time writes "Command exited with non-zero status N" first, then the figure.
    let report = std::fs::read_to_string(&rss).unwrap();
    let peak_kib: u64 = report.lines().last().unwrap().parse().unwrap();
    assert!(
        peak_kib * 1024 < limit + HEADROOM,
        "{args:?} peaked at {peak_kib} KiB"
    );
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn an_endless_trusted_list_signer_certificate_or_crl_is_refused_at_its_limit() {
    let env = Epct::new();
    let signer = pki("tl-signer.pem");
    let list = signed_list(env.dir(), "XT", 1, &standard_services(), "tl-signer");
    refused(
        &env,
        &[
            "trust",
            "import",
            "/dev/zero",
            "--signer-cert",
            path(&signer),
        ],
        ExitCode::Failure,
        "error: /dev/zero is larger than 64 MiB, the most epct reads for trusted lists; is it the right file?",
        64 * MIB,
    );
    refused(
        &env,
        &["trust", "import", path(&list), "--signer-cert", "/dev/zero"],
        ExitCode::Failure,
        "error: /dev/zero is larger than 1 MiB, the most epct reads for certificate files",
        MIB,
    );
    refused(
        &env,
        &[
            "trust",
            "check",
            path(&pki("valid.pem")),
            "--crl",
            "/dev/zero",
        ],
        ExitCode::Failure,
        "error: /dev/zero is larger than 256 MiB, the most epct reads for CRL files",
        256 * MIB,
    );
    assert!(stored_lists(&env.trust_store()).is_empty());
}

#[test]
fn a_regular_file_over_the_limit_is_refused_by_its_size_before_it_is_read() {
    let env = Epct::new();
    let big = env.path("big.xml");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(64 * MIB + 1)
        .unwrap();
    refused(
        &env,
        &[
            "trust",
            "import",
            "big.xml",
            "--signer-cert",
            path(&pki("tl-signer.pem")),
        ],
        ExitCode::Failure,
        "big.xml is larger than 64 MiB, the most epct reads for trusted lists",
        0,
    );
}

#[test]
fn an_endless_partner_directory_or_partner_certificate_is_refused_at_its_limit() {
    let env = Epct::new();
    refused(
        &env,
        &["partners", "import", "/dev/zero"],
        ExitCode::Failure,
        "error: /dev/zero is larger than 16 MiB, the most epct reads for partner directories",
        16 * MIB,
    );
    let csv = env.file(
        "partners.csv",
        format!(
            "country,authority,role,certificate\nDE,Bundeswahlleiterin,both,{}\nFR,Intérieur,recipient,/dev/zero\n",
            pki("valid.pem").display()
        ),
    );
    refused(
        &env,
        &["partners", "import", path(&csv)],
        ExitCode::Failure,
        "partners.csv: line 3, column 4 (certificate): /dev/zero is larger than 1 MiB, the most epct reads for certificate files",
        MIB,
    );
    assert!(!env.trust_store().join("partners.csv").exists());
}

#[test]
fn an_endless_certificate_to_import_or_configuration_is_refused_at_its_limit() {
    let env = Epct::with_token("T");
    refused(
        &env,
        &["--token", "T", "cert", "import", "--key", "k", "/dev/zero"],
        ExitCode::Failure,
        "error: /dev/zero is larger than 1 MiB, the most epct reads for certificate files",
        MIB,
    );
    refused(
        &env,
        &["--config", "/dev/zero", "trust", "list"],
        ExitCode::Usage,
        "cannot use the configuration file /dev/zero: it is larger than 1 MiB, the most epct reads for configuration files",
        MIB,
    );
}
