//! Issue 12: `exchange send --platform` and `exchange receive --platform` through a real
//! Apache httpd (tests/common/platform.rs): BE sends to FR and DE, both receive and
//! read; a re-run delivers only what is missing and never overwrites; the failures are
//! exit 6 with their one-line wording, and the password appears nowhere.

mod common;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

use common::platform::{Setup, TestPlatform, password};
use common::trust::{import_test_list, root_certified_key, signed_list, standard_services};
use common::*;

struct World {
    env: Epct,
    store: PathBuf,
}

fn world() -> World {
    let env = Epct::with_token("BE");
    env.add_token("FR");
    env.add_token("DE");
    let dir = env.dir();
    root_certified_key(&env, "BE", "be", "/C=BE/O=FPS Interior/CN=Elections");
    let home_ca = TestCa::new(dir, "HOME");
    let fr = env.certified_key("FR", "fr", "rsa2048", &home_ca);
    let de = env.certified_key("DE", "de", "p384", &home_ca);
    fs::write(
        env.path("partners.csv"),
        format!(
            "country,authority,role,certificate\nBE,FPS Interior,sender,be.pem\nFR,Intérieur,recipient,{}\nDE,Bundeswahlleiter,recipient,{}\n",
            fr.display(),
            de.display()
        ),
    )
    .unwrap();
    let list = signed_list(dir, "BE", 1, &standard_services(), "tl-signer");
    let w = World {
        store: env.path("store"),
        env,
    };
    import_test_list(w.epct(), &list);
    w.epct()
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    w.epct()
        .args([
            "data",
            "generate",
            "--rows",
            "200",
            "--residence",
            "BE",
            "--out",
            "be.csv",
        ])
        .args(["--nationalities", "DE,FR"])
        .assert()
        .success();
    fs::create_dir_all(w.env.path("out")).unwrap();
    w
}

impl World {
    fn epct(&self) -> assert_cmd::Command {
        let mut cmd = self.env.epct();
        cmd.arg("--trust-store").arg(&self.store);
        cmd
    }

    /// The platform options of `user`, given after the subcommand.
    fn platform_args(&self, platform: &TestPlatform, user: &str) -> Vec<String> {
        let password_file = platform.password_file(&self.env, user);
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

    fn send(&self, platform: &TestPlatform, user: &str) -> std::process::Output {
        let mut cmd = self.epct();
        cmd.args(["--token", "BE", "exchange", "send", "be.csv", "--key", "be"])
            .args(["--out-dir", "out"])
            .args(self.platform_args(platform, user));
        cmd.output().unwrap()
    }

    fn receive(&self, platform: &TestPlatform, state: &str) -> std::process::Output {
        self.receive_into(platform, state, &format!("received-{state}"))
    }

    fn receive_into(
        &self,
        platform: &TestPlatform,
        state: &str,
        out: &str,
    ) -> std::process::Output {
        fs::create_dir_all(self.env.path(out)).unwrap();
        let key = state.to_lowercase();
        let mut cmd = self.epct();
        cmd.args([
            "--json", "--token", state, "exchange", "receive", "--key", &key,
        ])
        .args(["--out-dir", out])
        .args(self.platform_args(platform, state));
        cmd.output().unwrap()
    }
}

fn sealed_name(platform: &TestPlatform, folder: &str) -> String {
    platform
        .names_in(folder)
        .into_iter()
        .find(|n| n.ends_with(".p7m"))
        .unwrap_or_else(|| panic!("a sealed file in {folder}"))
}

#[test]
fn be_sends_to_fr_and_de_through_the_platform_and_both_read_their_file() {
    let w = world();
    let platform = TestPlatform::start(&w.env, &["BE", "DE", "FR"]);
    let sent = w.send(&platform, "BE");
    assert!(sent.status.success(), "{sent:?}");
    for (to, stem) in [("FR", "BE-to-FR-"), ("DE", "BE-to-DE-")] {
        let folder = format!("{to}/BE");
        let names = platform.names_in(&folder);
        assert_eq!(names.len(), 2, "{names:?}");
        let sealed = sealed_name(&platform, &folder);
        assert!(sealed.starts_with(stem));
        assert_eq!(
            fs::read(platform.on_disk(&format!("{folder}/{sealed}"))).unwrap(),
            fs::read(w.env.path(&format!("out/{sealed}"))).unwrap()
        );
        assert!(names.iter().any(|n| n.ends_with(".manifest.json")));
    }
    for state in ["FR", "DE"] {
        let got = w.receive(&platform, state);
        assert!(got.status.success(), "{state}: {got:?}");
        let report = parse_json(&got);
        assert_eq!(report["received"], 1, "{report}");
        let out = fs::read_dir(w.env.path(&format!("received-{state}"))).unwrap();
        assert!(
            out.map(|e| e.unwrap().file_name())
                .any(|n| n.to_string_lossy().ends_with(".csv"))
        );
    }
    let again = w.send(&platform, "BE");
    assert!(again.status.success(), "{again:?}");
    assert!(String::from_utf8_lossy(&again.stdout).contains("already there"));
    let fr_again = w.receive_into(&platform, "FR", "received-FR-again");
    assert!(fr_again.status.success(), "{fr_again:?}");
    let fr_again_json = parse_json(&fr_again);
    assert_eq!(
        fr_again_json["received"], 0,
        "nothing new is fetched: {fr_again_json}"
    );
}

#[test]
fn a_send_interrupted_by_the_server_is_completed_by_a_rerun_without_duplicate_or_overwrite() {
    let w = world();
    let platform = TestPlatform::start(&w.env, &["BE", "DE", "FR"]);
    platform.stop();
    let down = w.send(&platform, "BE");
    assert_eq!(
        down.status.code(),
        Some(status(ExitCode::Platform)),
        "{down:?}"
    );
    assert!(one_line_error(&down.stderr).contains("cannot be reached"));
    let local: Vec<_> = fs::read_dir(w.env.path("out")).unwrap().collect();
    assert!(!local.is_empty(), "the sealed files are kept locally");
    let manifest = fs::read(w.env.path("out/manifest.json")).unwrap();

    platform.start_again();
    let done = w.send(&platform, "BE");
    assert!(done.status.success(), "{done:?}");
    assert_eq!(
        fs::read(w.env.path("out/manifest.json")).unwrap(),
        manifest,
        "not sealed again"
    );
    let de_file = platform.on_disk(&format!("DE/BE/{}", sealed_name(&platform, "DE/BE")));
    let before = fs::metadata(&de_file).unwrap();

    // As if the connection had been cut before FR's file: it is missing on the server.
    let fr_file = platform.on_disk(&format!("FR/BE/{}", sealed_name(&platform, "FR/BE")));
    fs::remove_file(&fr_file).unwrap();
    let rerun = w.send(&platform, "BE");
    assert!(rerun.status.success(), "{rerun:?}");
    let after = fs::metadata(&de_file).unwrap();
    assert_eq!(
        (before.ino(), before.mtime()),
        (after.ino(), after.mtime()),
        "not overwritten"
    );
    assert!(fr_file.exists());
    for folder in ["DE/BE", "FR/BE"] {
        assert_eq!(
            platform.names_in(folder).len(),
            2,
            "{:?}",
            platform.names_in(folder)
        );
    }
}

#[test]
fn a_file_changed_on_the_server_is_an_error_naming_it_and_is_not_overwritten() {
    let w = world();
    let platform = TestPlatform::start(&w.env, &["BE", "DE", "FR"]);
    assert!(w.send(&platform, "BE").status.success());
    let name = sealed_name(&platform, "FR/BE");
    let on_server = platform.on_disk(&format!("FR/BE/{name}"));
    fs::write(&on_server, b"changed on the server").unwrap();
    let rerun = w.send(&platform, "BE");
    assert_eq!(
        rerun.status.code(),
        Some(status(ExitCode::Platform)),
        "{rerun:?}"
    );
    let error = one_line_error(&rerun.stderr);
    assert!(
        error.contains(&format!("/dav/FR/BE/{name} on the platform differs")),
        "{error}"
    );
    assert_eq!(fs::read(&on_server).unwrap(), b"changed on the server");
}

#[test]
fn a_wrong_password_is_exit_6_with_the_401_wording_and_appears_nowhere() {
    let w = world();
    let platform = TestPlatform::start(&w.env, &["BE", "DE", "FR"]);
    let wrong = "wrong-Pass-5521x";
    w.env.pin_file("BE.password", wrong);
    let mut cmd = w.epct();
    cmd.args([
        "--token",
        "BE",
        "exchange",
        "send",
        "be.csv",
        "--key",
        "be",
        "--out-dir",
        "out",
    ])
    .args(["--platform", &platform.url])
    .arg("--platform-ca")
    .arg(&platform.ca)
    .args(["--platform-user", "BE"])
    .args(["--platform-password-source", "file:BE.password"]);
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Platform)),
        "{out:?}"
    );
    let error = one_line_error(&out.stderr);
    assert!(error.contains("refused the credentials (401)"), "{error}");
    for stream in [&out.stdout, &out.stderr] {
        assert!(!String::from_utf8_lossy(stream).contains(wrong));
        assert!(!String::from_utf8_lossy(stream).contains(&password("BE")));
    }
}

#[test]
fn another_state_cannot_use_the_folder_of_fr_and_be_403_naming_it() {
    let w = world();
    let platform = TestPlatform::start(&w.env, &["BE", "DE", "FR"]);
    let out = w.send(&platform, "DE");
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Platform)),
        "{out:?}"
    );
    let error = one_line_error(&out.stderr);
    assert!(
        error.contains("no permission on https://127.0.0.1:"),
        "{error}"
    );
    assert!(error.contains("/dav/FR/BE (403)"), "{error}");
}

#[test]
fn a_missing_state_folder_is_exit_6_naming_it() {
    let w = world();
    let setup = Setup {
        make_inboxes: false,
        ..Setup::default()
    };
    let platform = TestPlatform::start_with(&w.env, &["BE", "DE", "FR"], &setup);
    let out = w.receive(&platform, "FR");
    assert_eq!(
        out.status.code(),
        Some(status(ExitCode::Platform)),
        "{out:?}"
    );
    assert!(one_line_error(&out.stderr).contains("/dav/FR/ does not exist on the platform (404)"));
}
