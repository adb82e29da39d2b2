//! Issue 12's receipts through a real Apache httpd (tests/common/platform.rs): FR and DE
//! return signed receipts to `<ME>/BE/receipts/`; BE's `exchange status --platform`
//! shows both accepted; a file changed on the server gets a refused receipt and no
//! plaintext; a receipt placed by the wrong state is reported as forged; the audit logs
//! hold every step; the test campaign goes round trip.

mod common;

use std::fs;

use common::platform::TestPlatform;
use common::states::States;
use common::*;

fn platform_args(states: &States, platform: &TestPlatform, user: &str) -> Vec<String> {
    let password_file = platform.password_file(&states.env, user);
    vec![
        "--platform".into(),
        platform.url.clone(),
        "--platform-ca".into(),
        platform.ca.display().to_string(),
        "--platform-user".into(),
        user.into(),
        "--platform-retries".into(),
        "1".into(),
        "--platform-password-source".into(),
        format!("file:{}", password_file.display()),
    ]
}

fn send(states: &States, platform: &TestPlatform, extra: &[&str]) -> serde_json::Value {
    fs::create_dir_all(states.env.path("outbox")).unwrap();
    states
        .epct("BE")
        .args(["exchange", "send", "--key", "be", "--out-dir", "outbox"])
        .args(extra)
        .args(platform_args(states, platform, "BE"))
        .json()
}

fn receive(states: &States, platform: &TestPlatform, state: &str) -> std::process::Output {
    let out = format!("got-{state}");
    fs::create_dir_all(states.env.path(&out)).unwrap();
    states
        .epct(state)
        .args(["--json", "exchange", "receive", "--key", States::key(state)])
        .args(["--out-dir", &out])
        .args(platform_args(states, platform, state))
        .output()
        .unwrap()
}

fn status(states: &States, platform: &TestPlatform, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = states.epct("BE");
    cmd.args(["exchange", "status", "--from", "BE"])
        .args(extra)
        .args(platform_args(states, platform, "BE"));
    cmd
}

fn steps(states: &States, state: &str) -> Vec<String> {
    let log = states.epct(state).args(["exchange", "log"]).json();
    (log["entries"].as_array().unwrap().iter())
        .map(|e| {
            format!(
                "{} {}",
                e["step"].as_str().unwrap(),
                e["peer"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn be_sees_fr_and_de_accept_through_the_platform_and_each_log_holds_every_step() {
    let states = States::new();
    let platform = TestPlatform::start(&states.env, &["BE", "DE", "FR"]);
    let manifest = send(&states, &platform, &["be.csv"]);
    for state in ["FR", "DE"] {
        let got = receive(&states, &platform, state);
        assert!(got.status.success(), "{state}: {got:?}");
        let name = (manifest["files"].as_array().unwrap().iter())
            .find(|f| f["destination"] == state)
            .unwrap()["file"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            platform.names_in(&format!("{state}/BE/receipts")),
            [format!("{name}.receipt")]
        );
        assert_eq!(
            fs::read(platform.on_disk(&format!("{state}/BE/receipts/{name}.receipt"))).unwrap(),
            fs::read(
                states
                    .env
                    .path(&format!("got-{state}/receipts/{name}.receipt"))
            )
            .unwrap()
        );
    }
    let report = status(&states, &platform, &[]).json();
    assert_eq!(
        (report["files"].as_u64(), report["accepted"].as_u64()),
        (Some(2), Some(2))
    );
    for d in report["destinations"].as_array().unwrap() {
        assert_eq!(d["complete"], true, "{d}");
        let file = &d["files"][0];
        assert_eq!(file["status"], "accepted");
        assert_eq!(
            file["receipt"]["signers"][0]["authority"]["role"],
            "recipient"
        );
        let sent = (manifest["files"].as_array().unwrap().iter())
            .find(|f| f["file"] == file["file"])
            .unwrap();
        assert_eq!(file["sha256"], sent["sha256"]);
        assert!(file["time"].is_string(), "the server's time: {file}");
    }

    assert_eq!(
        steps(&states, "BE"),
        [
            "seal DE",
            "seal FR",
            "upload DE",
            "upload FR",
            "receipt-received DE",
            "receipt-received FR"
        ]
    );
    for state in ["FR", "DE"] {
        assert_eq!(
            steps(&states, state),
            ["download BE", "receive BE", "receipt-made BE", "upload BE"],
            "{state}"
        );
    }
}

#[test]
fn a_sealed_file_changed_on_the_server_gets_a_refused_receipt_and_no_plaintext() {
    let states = States::new();
    let platform = TestPlatform::start(&states.env, &["BE", "DE", "FR"]);
    let manifest = send(&states, &platform, &["be.csv"]);
    let name = manifest["files"][1]["file"].as_str().unwrap().to_owned();
    assert!(name.starts_with("BE-to-FR-"));
    let on_server = platform.on_disk(&format!("FR/BE/{name}"));
    let mut bytes = fs::read(&on_server).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x04;
    fs::write(&on_server, bytes).unwrap();

    let got = receive(&states, &platform, "FR");
    assert_eq!(
        got.status.code(),
        Some(common::status(ExitCode::Verification)),
        "{got:?}"
    );
    states
        .env
        .nothing_left_behind(format!("got-FR/{}", name.replace(".p7m", ".csv")));
    let receipt = states.receipt_json(&format!("got-FR/receipts/{name}.receipt"));
    assert_eq!(receipt["outcome"], "refused");
    assert_ne!(receipt["sha256"], manifest["files"][1]["sha256"]);
    assert_eq!(
        platform.names_in("FR/BE/receipts"),
        [format!("{name}.receipt")],
        "returned to BE"
    );

    let report = status(&states, &platform, &[]).json_exiting(ExitCode::Failure);
    let fr = &report["destinations"][1];
    assert_eq!(fr["state"], "FR");
    assert_eq!(fr["files"][0]["status"], "changed");
    assert_eq!(fr["files"][0]["receipt"]["receipt"]["outcome"], "refused");
}

#[test]
fn a_receipt_placed_by_the_wrong_state_is_reported_as_forged() {
    let states = States::new();
    let platform = TestPlatform::start(&states.env, &["BE", "DE", "FR"]);
    let manifest = send(&states, &platform, &["be.csv"]);
    for state in ["FR", "DE"] {
        assert!(receive(&states, &platform, state).status.success());
    }
    // DE signs a receipt for BE's file to FR, and it lands in FR's receipts folder.
    let name = manifest["files"][1]["file"].as_str().unwrap().to_owned();
    let receipt = states.receipt_json(&format!("got-FR/receipts/{name}.receipt"));
    fs::write(states.env.path("copy.json"), receipt.to_string()).unwrap();
    states
        .epct("DE")
        .args(["sign", "copy.json", "--key", "de", "--out", "by-de.p7s"])
        .assert()
        .success();
    let placed = platform.on_disk(&format!("FR/BE/receipts/{name}.2.receipt"));
    fs::copy(states.env.path("by-de.p7s"), &placed).unwrap();
    // As the server would keep it: readable by the web server's user.
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&placed, fs::Permissions::from_mode(0o644)).unwrap();

    let report = status(&states, &platform, &[]).json_exiting(ExitCode::Verification);
    assert_eq!(report["forged"], 1);
    let fr = &report["destinations"][1];
    assert_eq!(
        fr["files"][0]["status"], "accepted",
        "FR's own receipt still counts"
    );
    assert_eq!(fr["forged"][0]["receipt"], format!("{name}.2.receipt"));
    assert!(
        fr["forged"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("not a recipient authority of FR"),
        "{fr}"
    );
    status(&states, &platform, &[]).fails_after_report(
        ExitCode::Verification,
        "forged receipts, not signed by a recipient authority of the state they come from: 1",
    );
}

#[test]
fn the_test_campaign_goes_round_trip_through_the_platform() {
    let states = States::new();
    let platform = TestPlatform::start(&states.env, &["BE", "DE", "FR"]);
    let manifest = send(&states, &platform, &["--test"]);
    assert_eq!(manifest["files"].as_array().unwrap().len(), 2);
    let report = status(&states, &platform, &["--test"]).json_exiting(ExitCode::Failure);
    assert_eq!(report["waiting"], 2);
    for state in ["FR", "DE"] {
        let got = receive(&states, &platform, state);
        assert!(got.status.success(), "{state}: {got:?}");
    }
    let report = status(&states, &platform, &["--test"]).json();
    let complete: Vec<(&str, bool)> = (report["destinations"].as_array().unwrap().iter())
        .map(|d| {
            (
                d["state"].as_str().unwrap(),
                d["complete"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(complete, [("DE", true), ("FR", true)]);
    for d in report["destinations"].as_array().unwrap() {
        assert_eq!(d["files"][0]["receipt"]["receipt"]["test"], true);
    }
}
