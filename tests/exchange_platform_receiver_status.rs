//! Issue 12: the receiver's side of `exchange status --platform --to CC` through a real
//! Apache httpd: the files waiting in its folders `<CC>/*/`, with and without their
//! receipts, a receipt there that is not its own reported as forged.

mod common;

use std::fs;

use common::platform::TestPlatform;
use common::states::States;
use common::*;

fn status(states: &States, platform: &TestPlatform, state: &str) -> assert_cmd::Command {
    let mut cmd = states.epct(state);
    cmd.args(["exchange", "status", "--to", state])
        .args(platform.args_at(&states.env, state, &platform.url));
    cmd
}

#[test]
fn the_receiver_sees_its_files_waiting_then_each_with_its_receipt() {
    let states = States::new();
    let platform = TestPlatform::start(&states.env, &["BE", "DE", "FR"]);
    let empty = status(&states, &platform, "FR").json();
    assert_eq!(
        (empty["files"].as_u64(), empty["waiting"].as_u64()),
        (Some(0), Some(0))
    );

    fs::create_dir_all(states.env.path("outbox")).unwrap();
    let manifest = states
        .epct("BE")
        .args([
            "exchange",
            "send",
            "be.csv",
            "--key",
            "be",
            "--out-dir",
            "outbox",
        ])
        .args(platform.args_at(&states.env, "BE", &platform.url))
        .json();
    let name = (manifest["files"].as_array().unwrap().iter())
        .find(|f| f["destination"] == "FR")
        .unwrap()["file"]
        .as_str()
        .unwrap()
        .to_owned();

    let waiting = status(&states, &platform, "FR").json_exiting(ExitCode::Failure);
    assert_eq!(waiting["receiver"], "FR");
    assert_eq!(
        (waiting["files"].as_u64(), waiting["waiting"].as_u64()),
        (Some(1), Some(1))
    );
    let file = &waiting["senders"][0]["files"][0];
    assert_eq!(waiting["senders"][0]["state"], "BE");
    assert_eq!(file["file"], name.as_str());
    assert_eq!(file["status"], "waiting");
    assert!(
        file["size"].as_u64().unwrap() > 0 && file["time"].is_string(),
        "{file}"
    );
    status(&states, &platform, "FR").fails_after_report(
        ExitCode::Failure,
        "files waiting in FR's folders without a receipt: 1; run exchange receive --platform",
    );
    let overdue = status(&states, &platform, "FR")
        .args(["--deadline", "2020-01-01"])
        .json_exiting(ExitCode::Failure);
    assert_eq!(overdue["overdue"], 1);

    fs::create_dir_all(states.env.path("got")).unwrap();
    states
        .epct("FR")
        .args(["exchange", "receive", "--key", "fr", "--out-dir", "got"])
        .args(platform.args_at(&states.env, "FR", &platform.url))
        .assert()
        .success();
    let done = status(&states, &platform, "FR").json();
    assert_eq!(
        (done["waiting"].as_u64(), done["answered"].as_u64()),
        (Some(0), Some(1))
    );
    let file = &done["senders"][0]["files"][0];
    assert_eq!(file["status"], "accepted");
    assert_eq!(file["receipt"]["receipt"]["receiver"]["state"], "FR");
    let text = status(&states, &platform, "FR").output().unwrap();
    assert!(
        String::from_utf8_lossy(&text.stdout).contains(&format!("{name} (")),
        "{text:?}"
    );

    // DE has nothing from BE of FR's: its own folder only.
    let de = status(&states, &platform, "DE").json_exiting(ExitCode::Failure);
    let de_file = de["senders"][0]["files"][0]["file"].as_str().unwrap();
    assert!(de_file.contains("-to-DE-"), "{de}");

    // BE, who may write in FR/BE/, places a receipt of its own making: forged.
    fs::write(states.env.path("fake.json"), "{}").unwrap();
    states
        .epct("BE")
        .args(["sign", "fake.json", "--key", "be", "--out", "fake.p7s"])
        .assert()
        .success();
    let placed = platform.on_disk(&format!("FR/BE/receipts/{name}.2.receipt"));
    fs::copy(states.env.path("fake.p7s"), &placed).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&placed, fs::Permissions::from_mode(0o644)).unwrap();
    let forged = status(&states, &platform, "FR").json_exiting(ExitCode::Verification);
    assert_eq!(forged["forged"], 1);
    assert_eq!(
        forged["senders"][0]["files"][0]["status"], "accepted",
        "its own still counts"
    );
    assert_eq!(
        forged["senders"][0]["forged"][0]["receipt"],
        format!("{name}.2.receipt")
    );
}
