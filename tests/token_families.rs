//! epct on PKCS#11 implementations other than SoftHSM2 used directly: the p11-kit proxy
//! (a module that exports only `C_GetFunctionList`, epct's first default) in front of
//! SoftHSM2, with and without a failing module beside it, and NSS softokn, which needs
//! `C_Initialize` arguments and has no SO PIN. Each runs the token, key, certificate,
//! sign/verify and seal/open flows; what a family cannot do ends in a clear message.

mod common;

use std::fs;

use common::families::{NSS_TOKEN, nss_init_args, softokn, tpm2_pkcs11};
use common::*;
use predicates::str::contains;

/// The flows every family runs on token `token`: two keys generated and certified by a
/// CA, the doctor, a signature that OpenSSL and epct verify, and files sealed by each
/// key for the other, opened by both.
fn flows(env: &Epct, token: &str) {
    env.epct()
        .args(["--token", token, "token", "list"])
        .assert()
        .success()
        .stdout(contains(format!("token '{token}'")));
    let ca = TestCa::new(env.dir(), "EU");
    let rsa_cert = env.certified_key(token, "rsa", "rsa2048", &ca);
    let ec_cert = env.certified_key(token, "ec", "p256", &ca);
    env.epct()
        .args(["--token", token, "key", "list"])
        .assert()
        .success()
        .stdout(contains("rsa (id"))
        .stdout(contains("ec (id"));
    env.epct()
        .args(["--token", token, "token", "doctor"])
        .assert()
        .success()
        .stdout(contains(
            "to sign with RSA PKCS#1 v1.5 with SHA-256: epct uses",
        ))
        .stdout(contains(
            "to open files encrypted with RSA-OAEP SHA-256: epct uses",
        ));
    let content = sample_content(100_000);
    fs::write(env.path("in.csv"), &content).unwrap();
    for key in ["rsa", "ec"] {
        let signed = format!("{key}.p7s");
        env.epct()
            .args([
                "--token", token, "sign", "in.csv", "--key", key, "--out", &signed,
            ])
            .assert()
            .success();
        let ca_file = ca.cert.display().to_string();
        openssl(
            env.dir(),
            &[
                "cms",
                "-verify",
                "-binary",
                "-inform",
                "DER",
                "-in",
                &signed,
                "-CAfile",
                &ca_file,
                "-purpose",
                "any",
                "-out",
                "/dev/null",
            ],
        );
        let copy = format!("{key}.copy");
        env.epct()
            .args(["verify", &signed, "--no-trust-check", "--out", &copy])
            .assert()
            .success();
        assert_eq!(fs::read(env.path(&copy)).unwrap(), content);
    }
    for (sender, recipient_cert) in [("rsa", &ec_cert), ("ec", &rsa_cert)] {
        let sealed = format!("{sender}.p7m");
        env.epct()
            .args(["--token", token, "seal", "in.csv", "--key", sender])
            .args(["--out", &sealed, "--to"])
            .arg(recipient_cert)
            .assert()
            .success();
        for key in ["rsa", "ec"] {
            let out = format!("{sender}-to-{key}.csv");
            env.epct()
                .args([
                    "--token", token, "open", &sealed, "--key", key, "--out", &out,
                ])
                .args(["--no-trust-check", "--any-signer"])
                .assert()
                .success();
            assert_eq!(fs::read(env.path(&out)).unwrap(), content, "{sender} {key}");
        }
    }
}

#[test]
fn the_p11kit_proxy_as_default_module_runs_every_flow() {
    let env = Epct::through_p11kit("BE", &[]);
    env.epct()
        .args(["-v", "token", "list"])
        .assert()
        .success()
        .stderr(contains("p11-kit-proxy.so"));
    flows(&env, "BE");
}

/// Through the proxy, the real error of a failing command is printed (it used to be
/// hidden by a panic when the module was finalised), and a key that wants the PIN at
/// each use signs through the function list.
#[test]
fn through_the_p11kit_proxy_errors_show_and_context_logins_work() {
    let env = Epct::through_p11kit("BE", &[]);
    env.epct_without_pin()
        .env("WRONG", "9999")
        .args(["--pin-source", "env:WRONG", "key", "list"])
        .fails(ExitCode::Token, "wrong PIN for token 'BE'");
    env.epct()
        .args(["key", "generate", "--label", "each", "--type", "p256"])
        .arg("--always-authenticate")
        .assert()
        .success();
    env.epct()
        .args([
            "cert",
            "self-sign",
            "--key",
            "each",
            "--subject",
            "/CN=each",
        ])
        .args(["--out", "each.pem"])
        .assert()
        .success();
    fs::write(env.path("in.csv"), b"a;b\n").unwrap();
    env.epct()
        .args(["sign", "in.csv", "--key", "each", "--out", "each.p7s"])
        .assert()
        .success();
}

/// tpm2-pkcs11 with no TPM, registered beside SoftHSM2: the proxy skips it, the working
/// token is still found, and epct adds nothing to what the failing module prints
/// itself (compared with OpenSC's pkcs11-tool on the same proxy).
#[test]
fn a_failing_module_behind_the_proxy_hides_nothing_and_adds_no_noise() {
    let env = Epct::through_p11kit("BE", &[("tpm2", tpm2_pkcs11())]);
    let tool = env
        .tool("pkcs11-tool")
        .args([
            "--module",
            "/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so",
            "-L",
        ])
        .output()
        .unwrap();
    assert!(tool.status.success(), "{tool:?}");
    let out = env.epct().args(["token", "list"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("token 'BE'"));
    let theirs = String::from_utf8_lossy(&tool.stderr);
    let ours = String::from_utf8_lossy(&out.stderr);
    for line in ours.lines() {
        assert!(theirs.contains(line), "epct added {line:?} to\n{theirs}");
    }
    env.epct()
        .args(["key", "generate", "--label", "k", "--type", "rsa2048"])
        .assert()
        .success();
}

#[test]
fn nss_softokn_with_its_init_args_runs_every_flow() {
    let env = Epct::on_nss();
    flows(&env, NSS_TOKEN);
}

/// Without its init string NSS refuses C_Initialize: the message names the code and
/// what to give; the same string from the configuration file works.
#[test]
fn nss_softokn_without_init_args_names_the_code_and_the_cause() {
    let env = Epct::on_nss();
    let message = env
        .epct()
        .env_remove("EPCT_PKCS11_INIT_ARGS")
        .args(["token", "list"])
        .fails(ExitCode::Token, "refused to start (CKR_ARGUMENTS_BAD)");
    assert!(message.contains("--module-init-args"), "{message}");
    let config = env.default_config();
    fs::create_dir_all(config.parent().unwrap()).unwrap();
    let args = nss_init_args(&env.path("nss")).replace('\'', "''");
    fs::write(
        &config,
        format!(
            "module = \"{}\"\nmodule-init-args = '''{}'''\n",
            softokn().display(),
            args.replace("''", "'")
        ),
    )
    .unwrap();
    env.epct()
        .env_remove("EPCT_PKCS11_INIT_ARGS")
        .env_remove("EPCT_PKCS11_MODULE")
        .args(["token", "list"])
        .assert()
        .success()
        .stdout(contains(NSS_TOKEN));
}

/// NSS has no SO PIN: `token init` and `change-pin --so` refuse before anything is
/// erased, and the keys are still there.
#[test]
fn nss_softokn_has_no_so_pin_and_nothing_is_erased() {
    let env = Epct::on_nss();
    env.epct()
        .args(["--token", NSS_TOKEN, "key", "generate", "--label", "k"])
        .args(["--type", "rsa2048"])
        .assert()
        .success();
    env.file("so", "0000\n");
    env.epct()
        .args(["--token", NSS_TOKEN, "token", "init", "--label", "X"])
        .args(["--so-pin-source", "file:so"])
        .fails(ExitCode::Token, "(NSS softokn) has no SO PIN");
    env.epct_without_pin()
        .args(["--pin-source", "file:so", "--token", NSS_TOKEN])
        .args(["token", "change-pin", "--so", "--new-pin-source", "file:so"])
        .fails(ExitCode::Token, "has no SO PIN");
    env.epct()
        .args(["--token", NSS_TOKEN, "key", "list"])
        .assert()
        .success()
        .stdout(contains("k (id"));
}
