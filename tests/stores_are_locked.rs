//! Two runs that change the same store at once run one after the other: 60 concurrent
//! `trust import`s of lists with sequence numbers 1 to 60 always leave sequence 60
//! stored, each run either storing its list or refusing it as older than the stored one;
//! concurrent `partners import`s leave one whole directory; and a run that finds the
//! store locked says that it waits, on one line, and goes on when the lock is released.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::trust::*;
use common::{Epct, ExitCode, status};
use epct::lock::Lock;

const RUNS: u64 = 60;

/// `epct ARGS` in `env`, started with its output piped.
fn spawn(env: &Epct, args: &[&std::ffi::OsStr]) -> Child {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("epct"));
    env.isolate(&mut cmd)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("epct starts")
}

fn trust_import(env: &Epct, list: &Path) -> Child {
    let signer = pki("tl-signer.pem");
    spawn(
        env,
        &[
            "trust".as_ref(),
            "import".as_ref(),
            "--at".as_ref(),
            "2019-09-05".as_ref(),
            "--signer-cert".as_ref(),
            signer.as_os_str(),
            list.as_os_str(),
        ],
    )
}

/// The stored XT list's sequence number, as `trust list` says.
fn stored_sequence(env: &Epct) -> u64 {
    let listed = env
        .epct_without_pin()
        .args(["trust", "list", "--json"])
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let lists = listed["lists"].as_array().unwrap();
    assert_eq!(lists.len(), 1, "{listed}");
    lists[0]["sequence"].as_u64().unwrap()
}

#[test]
fn sixty_concurrent_trust_imports_leave_the_highest_sequence_stored() {
    let env = Epct::new();
    let lists: Vec<PathBuf> = (1..=RUNS)
        .map(|sequence| signed_list(env.dir(), "XT", sequence, &standard_services(), "tl-signer"))
        .collect();
    // Started in an order that puts old lists after new ones.
    let order = (1..=RUNS).rev().step_by(2).chain((1..=RUNS).step_by(2));
    let runs: Vec<(u64, Child)> = order
        .map(|sequence| (sequence, trust_import(&env, &lists[sequence as usize - 1])))
        .collect();
    let mut stored = 0;
    for (sequence, child) in runs {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => stored += 1,
            Some(code) if code == status(ExitCode::Verification) => assert!(
                stderr.contains(&format!(
                    "error: the XT list has sequence number {sequence}, older than the imported"
                )),
                "sequence {sequence}: {stderr}"
            ),
            other => panic!("sequence {sequence} exited {other:?}: {stderr}"),
        }
    }
    assert!(stored >= 1);
    assert_eq!(stored_sequence(&env), RUNS);
    assert_eq!(stored_lists(&env.trust_store()), ["XT.xml"]);
}

/// A partner directory whose three authorities all carry the number `n`.
fn numbered_directory(dir: &Path, n: usize) -> PathBuf {
    let csv = dir.join(format!("partners-{n}.csv"));
    let cert = |name: &str| pki(name).display().to_string();
    std::fs::write(
        &csv,
        format!(
            "country,authority,role,certificate\n\
             DE,Wahlleitung {n},both,{}\n\
             FR,Intérieur {n},recipient,{}\n\
             AT,Innenministerium {n},sender,{}\n",
            cert("valid.pem"),
            cert("revoked-after.pem"),
            cert("intermediate-leaf.pem")
        ),
    )
    .unwrap();
    csv
}

#[test]
fn concurrent_partner_imports_leave_one_whole_directory() {
    let env = Epct::new();
    let runs: Vec<Child> = (0..RUNS as usize)
        .map(|n| {
            let csv = numbered_directory(env.dir(), n);
            spawn(
                &env,
                &["partners".as_ref(), "import".as_ref(), csv.as_os_str()],
            )
        })
        .collect();
    for child in runs {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let listed = env
        .epct_without_pin()
        .args(["partners", "list", "--json"])
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let names: Vec<&str> = listed["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["authority"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 3, "{listed}");
    let n = names[0].rsplit(' ').next().unwrap();
    assert_eq!(
        names,
        [
            format!("Wahlleitung {n}"),
            format!("Intérieur {n}"),
            format!("Innenministerium {n}")
        ]
    );
}

#[test]
fn an_import_that_finds_the_store_locked_says_so_and_waits() {
    let env = Epct::new();
    let list = signed_list(env.dir(), "XT", 7, &standard_services(), "tl-signer");
    let lock_file = env.trust_store().join(".lock");
    let held = Lock::exclusive(&lock_file, |_| panic!("nobody else holds it")).unwrap();

    let mut child = trust_import(&env, &list);
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    assert_eq!(
        first.trim_end(),
        format!(
            "waiting for {}: another epct run is changing the same store",
            lock_file.display()
        )
    );
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(300) {
        assert!(child.try_wait().unwrap().is_none(), "it did not wait");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(stored_lists(&env.trust_store()).is_empty());

    drop(held);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert_eq!(rest, "", "one line about the wait, nothing more");
    assert_eq!(stored_sequence(&env), 7);
}
