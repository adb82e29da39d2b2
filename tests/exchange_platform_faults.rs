//! Issue 12's faults through the binary against the real Apache httpd of
//! tests/common/platform.rs: an expired server certificate, a full space (507) told
//! apart from a file too large (413), a connection cut in the middle of an upload and
//! of a download (tests/common/platform.rs `CuttingRelay`), a forward proxy from
//! `HTTPS_PROXY` (and `NO_PROXY` around it), a client certificate the server requires.
//! Each: exit 6 with its one-line error, nothing local lost, and no partial file on the
//! platform under a final name.

mod common;

use std::fs;

use common::platform::{CuttingRelay, Direction, Setup, TestPlatform};
use common::states::States;
use common::*;

/// A file large enough (about 400 KB sealed per state) for a cut in its middle.
const ROWS: u64 = 4000;

fn states() -> States {
    let states = States::new();
    states.generate("big.csv", ROWS, "FR,DE", 0);
    fs::create_dir_all(states.env.path("outbox")).unwrap();
    states
}

/// BE's `exchange send big.csv` to the platform at `url`, with `extra` options.
fn send(
    states: &States,
    platform: &TestPlatform,
    url: &str,
    extra: &[&str],
) -> assert_cmd::Command {
    let mut cmd = states.epct("BE");
    cmd.args([
        "exchange",
        "send",
        "big.csv",
        "--key",
        "be",
        "--out-dir",
        "outbox",
    ])
    .args(platform.args_at(&states.env, "BE", url))
    .args(extra);
    cmd
}

/// The names in the folder `relative` on the server that are not temporary uploads.
fn final_names(platform: &TestPlatform, relative: &str) -> Vec<String> {
    (platform.names_in(relative).into_iter())
        .filter(|n| !n.ends_with(".epct-part"))
        .collect()
}

/// The sealed files kept in `outbox` are whole: each has the SHA-256 its manifest says.
fn outbox_is_whole(states: &States) {
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(states.env.path("outbox/manifest.json")).unwrap())
            .unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    for f in files {
        let bytes = fs::read(
            states
                .env
                .path(&format!("outbox/{}", f["file"].as_str().unwrap())),
        )
        .unwrap();
        use sha2::Digest;
        assert_eq!(
            hex::encode(sha2::Sha256::digest(&bytes)),
            f["sha256"].as_str().unwrap()
        );
    }
}

#[test]
fn an_expired_server_certificate_is_exit_6_and_says_it_expired() {
    let states = states();
    let setup = Setup {
        expired: true,
        ..Setup::default()
    };
    let platform = TestPlatform::start_with(&states.env, &["BE", "DE", "FR"], &setup);
    send(&states, &platform, &platform.url, &[])
        .fails(ExitCode::Platform, "its certificate has expired");
    outbox_is_whole(&states);
    assert!(final_names(&platform, "FR").is_empty());
    assert!(final_names(&platform, "DE").is_empty());
}

#[test]
fn a_full_space_507_is_told_apart_from_a_file_too_large_413() {
    let states = states();
    let full = Setup {
        refuse_writes_with: Some(507),
        ..Setup::default()
    };
    let platform = TestPlatform::start_with(&states.env, &["BE", "DE", "FR"], &full);
    let error =
        send(&states, &platform, &platform.url, &[]).fails(ExitCode::Platform, "space is full");
    assert!(error.contains("(507 Insufficient Storage)"), "{error}");
    assert!(!error.contains("413"), "{error}");
    outbox_is_whole(&states);
    for folder in ["DE/BE", "FR/BE"] {
        assert!(final_names(&platform, folder).is_empty(), "{folder}");
    }

    let limited = Setup {
        limit_request_body: 100_000,
        ..Setup::default()
    };
    let platform = TestPlatform::start_with(&states.env, &["BE", "DE", "FR"], &limited);
    let error = send(&states, &platform, &platform.url, &[])
        .fails(ExitCode::Platform, "too large for one upload (413");
    assert!(!error.contains("507") && !error.contains("full"), "{error}");
    assert!(
        error.contains("/dav/DE/BE/BE-to-DE-"),
        "names the file: {error}"
    );
    outbox_is_whole(&states);
    for folder in ["DE/BE", "FR/BE"] {
        assert!(final_names(&platform, folder).is_empty(), "{folder}");
    }
}

#[test]
fn a_connection_cut_mid_upload_is_exit_6_and_a_rerun_completes_the_send() {
    let states = states();
    let platform = TestPlatform::start(&states.env, &["BE", "DE", "FR"]);
    let relay = CuttingRelay::start(&platform, Direction::Up, 64 * 1024);
    let error = send(&states, &platform, &relay.url(&platform), &[])
        .fails(ExitCode::Platform, "connection to the platform was cut");
    assert!(
        error.contains("/dav/DE/BE/BE-to-DE-"),
        "names the file: {error}"
    );
    outbox_is_whole(&states);
    for folder in ["DE/BE", "FR/BE"] {
        assert!(final_names(&platform, folder).is_empty(), "{folder}");
    }
    let log = states.epct("BE").args(["exchange", "log"]).json();
    assert!(
        (log["entries"].as_array().unwrap().iter()).all(|e| e["step"] == "seal"),
        "no upload noted: {log}"
    );
    drop(relay);

    send(&states, &platform, &platform.url, &[])
        .assert()
        .success();
    for folder in ["DE/BE", "FR/BE"] {
        assert_eq!(final_names(&platform, folder).len(), 2, "{folder}");
    }
    outbox_is_whole(&states);
}

#[test]
fn a_connection_cut_mid_download_is_exit_6_and_leaves_nothing_behind() {
    let states = states();
    let platform = TestPlatform::start(&states.env, &["BE", "DE", "FR"]);
    send(&states, &platform, &platform.url, &[])
        .assert()
        .success();
    let sealed = final_names(&platform, "FR/BE")
        .into_iter()
        .find(|n| n.ends_with(".p7m"))
        .unwrap();
    let on_server = fs::read(platform.on_disk(&format!("FR/BE/{sealed}"))).unwrap();
    let relay = CuttingRelay::start(&platform, Direction::Down, 64 * 1024);
    let receive = |url: &str| {
        fs::create_dir_all(states.env.path("got-FR")).unwrap();
        let mut cmd = states.epct("FR");
        cmd.args(["exchange", "receive", "--key", "fr", "--out-dir", "got-FR"])
            .args(["--inbox", "inbox-FR"])
            .args(platform.args_at(&states.env, "FR", url));
        cmd
    };
    let error = receive(&relay.url(&platform))
        .fails(ExitCode::Platform, "connection to the platform was cut");
    assert!(error.contains(&format!("/dav/FR/BE/{sealed}")), "{error}");
    states
        .env
        .nothing_left_behind(format!("got-FR/{}", sealed.replace(".p7m", ".csv")));
    let inbox: Vec<_> = walk(&states.env.path("inbox-FR"));
    assert!(inbox.is_empty(), "no partial download: {inbox:?}");
    assert_eq!(
        fs::read(platform.on_disk(&format!("FR/BE/{sealed}"))).unwrap(),
        on_server
    );
    assert!(final_names(&platform, "FR/BE/receipts").is_empty());
    drop(relay);

    let done = receive(&platform.url).json();
    assert_eq!(done["received"], 1, "{done}");
    assert_eq!(
        final_names(&platform, "FR/BE/receipts"),
        [format!("{sealed}.receipt")]
    );
}

/// Every file under `dir`, at any depth.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn https_proxy_is_used_through_connect_and_no_proxy_goes_around_it() {
    let states = states();
    let setup = Setup {
        proxy: true,
        ..Setup::default()
    };
    let platform = TestPlatform::start_with(&states.env, &["BE", "DE", "FR"], &setup);
    let proxy = platform.proxy.clone().unwrap();
    let with_proxy = |cmd: &mut assert_cmd::Command, proxy: &str, no_proxy: Option<&str>| {
        for name in [
            "ALL_PROXY",
            "all_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "https_proxy",
        ] {
            cmd.env_remove(name);
        }
        cmd.env("HTTPS_PROXY", proxy);
        match no_proxy {
            Some(hosts) => cmd.env("NO_PROXY", hosts),
            None => cmd.env_remove("NO_PROXY").env_remove("no_proxy"),
        };
    };
    let mut cmd = send(&states, &platform, &platform.url, &[]);
    with_proxy(&mut cmd, &proxy, None);
    cmd.assert().success();
    let log = platform.proxy_log();
    assert!(
        log.contains(&format!("CONNECT 127.0.0.1:{} HTTP/1.1 200", platform.port)),
        "{log}"
    );
    for folder in ["DE/BE", "FR/BE"] {
        assert_eq!(final_names(&platform, folder).len(), 2, "{folder}");
    }

    // A proxy that is not there: the platform cannot be reached, and nothing is lost.
    let dead = format!("http://127.0.0.1:{}", free_port());
    let mut status = states.epct("BE");
    status
        .args(["exchange", "status", "--from", "BE"])
        .args(platform.args_at(&states.env, "BE", &platform.url));
    with_proxy(&mut status, &dead, None);
    status.fails(ExitCode::Platform, "cannot be reached");
    outbox_is_whole(&states);

    let before = platform.proxy_log();
    let mut around = states.epct("BE");
    around
        .args(["exchange", "status", "--from", "BE"])
        .args(platform.args_at(&states.env, "BE", &platform.url));
    with_proxy(&mut around, &dead, Some("localhost,127.0.0.1"));
    around.json_exiting(ExitCode::Failure);
    assert_eq!(
        platform.proxy_log(),
        before,
        "NO_PROXY went around the proxy"
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn a_client_certificate_the_server_requires_is_refused_without_it_and_taken_with_it() {
    let states = states();
    let setup = Setup {
        client_certificates: true,
        ..Setup::default()
    };
    let platform = TestPlatform::start_with(&states.env, &["BE", "DE", "FR"], &setup);
    // Under TLS 1.3 the server refuses a missing client certificate after the handshake:
    // the client reads the refusal, unless it was already writing its request and sees
    // only the connection closed (a cut), by timing. Either way: exit 6, nothing sent.
    let output = send(&states, &platform, &platform.url, &[])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(ExitCode::Platform as i32),
        "{stderr}"
    );
    assert!(
        stderr.contains("refused the client certificate") || stderr.contains("was cut"),
        "{stderr}"
    );
    outbox_is_whole(&states);
    assert!(final_names(&platform, "FR").is_empty());

    let (cert, key) = platform.client_certificate(&states.env, "be-client");
    let (cert, key) = (cert.display().to_string(), key.display().to_string());
    send(
        &states,
        &platform,
        &platform.url,
        &[
            "--platform-client-cert",
            &cert,
            "--platform-client-key",
            &key,
        ],
    )
    .assert()
    .success();
    for folder in ["DE/BE", "FR/BE"] {
        assert_eq!(final_names(&platform, folder).len(), 2, "{folder}");
    }
}

#[test]
fn a_send_stopped_after_its_first_upload_has_that_upload_in_the_audit_log() {
    let states = states();
    let platform = TestPlatform::start(&states.env, &["BE", "DE", "FR"]);
    let manifest = states.send("big.csv", "outbox");
    // FR's name is taken on the server by other content: the send stops there.
    let fr = (manifest["files"].as_array().unwrap().iter())
        .find(|f| f["destination"] == "FR")
        .unwrap()["file"]
        .as_str()
        .unwrap()
        .to_owned();
    fs::create_dir_all(platform.on_disk("FR/BE")).unwrap();
    fs::write(platform.on_disk(&format!("FR/BE/{fr}")), b"someone else's").unwrap();
    use std::os::unix::fs::PermissionsExt;
    for path in [
        platform.on_disk("FR/BE"),
        platform.on_disk(&format!("FR/BE/{fr}")),
    ] {
        fs::set_permissions(&path, fs::Permissions::from_mode(0o777)).unwrap();
    }
    send(&states, &platform, &platform.url, &[]).fails(ExitCode::Platform, "differs");
    let log = states.epct("BE").args(["exchange", "log"]).json();
    let steps: Vec<String> = (log["entries"].as_array().unwrap().iter())
        .map(|e| {
            format!(
                "{} {}",
                e["step"].as_str().unwrap(),
                e["peer"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(steps, ["seal DE", "seal FR", "upload DE"]);
    assert_eq!(
        fs::read(platform.on_disk(&format!("FR/BE/{fr}"))).unwrap(),
        b"someone else's"
    );
}
