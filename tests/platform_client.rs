//! Issue 12: the WebDAV client against a real Apache httpd (tests/common/platform.rs):
//! folders made and listed, uploads that never overwrite and are verified, downloads,
//! and each failure told apart (403 naming the folder, 401, 404, 413, TLS causes).

mod common;

use std::fs;
use std::time::Duration;

use common::Epct;
use common::platform::{Setup, TestPlatform, password};
use epct::platform::{Platform, PlatformError, PlatformOptions, RemotePath, TlsCause, layout};
use secrecy::SecretString;

fn options(platform: &TestPlatform, user: &str, secret: &str) -> PlatformOptions {
    PlatformOptions {
        url: platform.url.clone(),
        ca: Some(platform.ca.clone()),
        client_cert: None,
        client_key: None,
        user: Some(user.to_owned()),
        password: Some(SecretString::from(secret.to_owned())),
        timeout: Duration::from_secs(10),
        retries: 0,
    }
}

fn connect(platform: &TestPlatform, user: &str) -> Platform {
    Platform::connect(&options(platform, user, &password(user))).unwrap()
}

fn cc(code: &str) -> epct::country::Country {
    code.parse().unwrap()
}

#[test]
fn an_upload_lands_whole_is_verified_and_is_never_overwritten() {
    let env = Epct::new();
    let platform = TestPlatform::start(&env, &["BE", "FR"]);
    let be = connect(&platform, "BE");
    let folder = layout::folder(cc("FR"), cc("BE"));
    assert!(be.make_folder(&folder).unwrap());
    assert!(!be.make_folder(&folder).unwrap());
    let content = common::sample_content(300_000);
    let local = env.file("BE-to-FR-2026-11-25-voters.p7m", &content);
    let sent = be
        .upload(&local, &folder, "BE-to-FR-2026-11-25-voters.p7m")
        .unwrap();
    assert!(!sent.already_there);
    assert_eq!(sent.size, content.len() as u64);
    assert_eq!(
        fs::read(platform.on_disk("FR/BE/BE-to-FR-2026-11-25-voters.p7m")).unwrap(),
        content
    );
    assert_eq!(
        platform.names_in("FR/BE"),
        ["BE-to-FR-2026-11-25-voters.p7m"]
    );

    let again = be
        .upload(&local, &folder, "BE-to-FR-2026-11-25-voters.p7m")
        .unwrap();
    assert!(again.already_there);
    assert_eq!(again.sha256, sent.sha256);

    let other = env.file("other.p7m", b"not the same content");
    let err = be
        .upload(&other, &folder, "BE-to-FR-2026-11-25-voters.p7m")
        .unwrap_err();
    assert!(matches!(err, PlatformError::RemoteDiffers { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("/dav/FR/BE/BE-to-FR-2026-11-25-voters.p7m")
    );
    assert_eq!(
        fs::read(platform.on_disk("FR/BE/BE-to-FR-2026-11-25-voters.p7m")).unwrap(),
        content
    );
    assert_eq!(
        platform.names_in("FR/BE"),
        ["BE-to-FR-2026-11-25-voters.p7m"]
    );
}

#[test]
fn the_receiver_lists_its_folder_and_downloads_whole_files() {
    let env = Epct::new();
    let platform = TestPlatform::start(&env, &["BE", "FR"]);
    let be = connect(&platform, "BE");
    let folder = layout::folder(cc("FR"), cc("BE"));
    be.make_folder(&folder).unwrap();
    be.make_folder(&layout::receipts(cc("FR"), cc("BE")))
        .unwrap();
    let content = common::sample_content(100_000);
    let local = env.file("sent.p7m", &content);
    let sent = be
        .upload(&local, &folder, "BE-to-FR-2026-11-25-voters.p7m")
        .unwrap();

    let fr = connect(&platform, "FR");
    let states = fr.list(&layout::inbox(cc("FR"))).unwrap();
    assert_eq!(states.len(), 1);
    assert!(states[0].folder);
    assert_eq!(states[0].name, "BE");
    let files = fr.list(&folder).unwrap();
    let names: Vec<_> = files.iter().map(|e| (e.name.as_str(), e.folder)).collect();
    assert_eq!(
        names,
        [
            ("BE-to-FR-2026-11-25-voters.p7m", false),
            ("receipts", true)
        ]
    );
    assert_eq!(files[0].size, Some(content.len() as u64));

    let inbox = env.path("inbox");
    fs::create_dir(&inbox).unwrap();
    let got = fr
        .download(
            &folder.join("BE-to-FR-2026-11-25-voters.p7m"),
            &inbox,
            "in.p7m",
        )
        .unwrap();
    assert_eq!(got.sha256, sent.sha256);
    assert_eq!(fs::read(&got.path).unwrap(), content);
    assert_eq!(
        fs::read_dir(&inbox).unwrap().count(),
        1,
        "no temporary file is left"
    );
}

#[test]
fn a_third_state_is_refused_with_403_naming_the_folder() {
    let env = Epct::new();
    let platform = TestPlatform::start(&env, &["BE", "DE", "FR"]);
    connect(&platform, "BE")
        .make_folder(&layout::folder(cc("FR"), cc("BE")))
        .unwrap();
    let de = connect(&platform, "DE");
    let err = de.list(&layout::folder(cc("FR"), cc("BE"))).unwrap_err();
    assert!(matches!(err, PlatformError::Forbidden { .. }), "{err}");
    assert!(err.to_string().contains("/dav/FR/BE/ (403)"), "{err}");
    assert!(matches!(
        de.list(&layout::inbox(cc("FR"))),
        Err(PlatformError::Forbidden { .. })
    ));
    assert!(matches!(
        de.list(&RemotePath::root()),
        Err(PlatformError::Forbidden { .. })
    ));
}

#[test]
fn a_wrong_password_is_401_and_never_shown() {
    let env = Epct::new();
    let platform = TestPlatform::start(&env, &["BE", "FR"]);
    let wrong = "wrong-Secret-81ab";
    let be = Platform::connect(&options(&platform, "BE", wrong)).unwrap();
    let err = be.list(&layout::inbox(cc("FR"))).unwrap_err();
    assert!(matches!(err, PlatformError::Unauthorized { .. }), "{err}");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(wrong), "{shown}");
}

#[test]
fn a_missing_state_folder_is_404_naming_it() {
    let env = Epct::new();
    let setup = Setup {
        make_inboxes: false,
        ..Setup::default()
    };
    let platform = TestPlatform::start_with(&env, &["BE", "FR"], &setup);
    let err = connect(&platform, "FR")
        .list(&layout::inbox(cc("FR")))
        .unwrap_err();
    assert!(matches!(err, PlatformError::NotFound { .. }), "{err}");
    assert!(err.to_string().contains("/dav/FR/ does not exist"), "{err}");
}

#[test]
fn an_upload_over_the_limit_is_a_quota_error_and_leaves_no_file() {
    let env = Epct::new();
    let setup = Setup {
        limit_request_body: 10_000,
        ..Setup::default()
    };
    let platform = TestPlatform::start_with(&env, &["BE", "FR"], &setup);
    let be = connect(&platform, "BE");
    let folder = layout::folder(cc("FR"), cc("BE"));
    be.make_folder(&folder).unwrap();
    let local = env.file("big.p7m", common::sample_content(50_000));
    let err = be.upload(&local, &folder, "big.p7m").unwrap_err();
    assert!(matches!(err, PlatformError::TooLarge { .. }), "{err}");
    assert!(platform.names_in("FR/BE").is_empty());
}

#[test]
fn tls_failures_name_their_cause() {
    let env = Epct::new();
    let platform = TestPlatform::start(&env, &["BE", "FR"]);
    let mut no_ca = options(&platform, "BE", &password("BE"));
    no_ca.ca = None;
    let err = Platform::connect(&no_ca)
        .unwrap()
        .list(&layout::inbox(cc("FR")))
        .unwrap_err();
    assert!(
        matches!(
            err,
            PlatformError::Tls {
                cause: TlsCause::UnknownCa,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("--platform-ca"), "{err}");

    let setup = Setup {
        names: "DNS:platform.example",
        ..Setup::default()
    };
    let other = TestPlatform::start_with(&env, &["BE", "FR"], &setup);
    let err = connect(&other, "BE")
        .list(&layout::inbox(cc("FR")))
        .unwrap_err();
    assert!(
        matches!(
            err,
            PlatformError::Tls {
                cause: TlsCause::NameMismatch,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_host_name_that_does_not_resolve_is_unreachable_not_a_cut_transfer() {
    let env = Epct::new();
    let platform = TestPlatform::start(&env, &["BE", "FR"]);
    let mut options = options(&platform, "BE", &password("BE"));
    // .invalid never resolves (RFC 6761).
    options.url = "https://no-such-platform.invalid/dav".to_owned();
    let err = Platform::connect(&options)
        .and_then(|p| p.list(&layout::inbox(cc("BE"))))
        .unwrap_err();
    assert!(matches!(err, PlatformError::Unreachable { .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("no-such-platform.invalid"), "{text}");
    assert!(text.contains("its host name is not known"), "{text}");
}

#[test]
fn a_stopped_server_is_unreachable() {
    let env = Epct::new();
    let platform = TestPlatform::start(&env, &["BE", "FR"]);
    platform.stop();
    let err = connect(&platform, "BE")
        .list(&layout::inbox(cc("BE")))
        .unwrap_err();
    assert!(matches!(err, PlatformError::Unreachable { .. }), "{err}");
}
