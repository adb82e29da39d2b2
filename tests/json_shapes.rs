//! The JSON vocabulary (docs/json.md): every leaf command run for real with `--json` on
//! SoftHSM tokens and files made by epct, each document checked for its `version`, its
//! members and their JSON types, `recipients` as arrays and algorithms as names with
//! their OIDs; and every command docs/json.md documents is one run here.

mod common;

use std::collections::BTreeMap;
use std::fs;

use common::exchange::{Pair, pair};
use common::platform::TestPlatform;
use common::trust::{pki, signed_list, standard_services};
use common::{ExitCode, SO_PIN, parse_json, status};
use serde_json::Value;

const SHA256: (&str, &str) = ("sha256", "2.16.840.1.101.3.4.2.1");
const ECDSA_SHA256: (&str, &str) = ("ecdsa-sha256", "1.2.840.10045.4.3.2");
const RSA_PKCS1_SHA256: (&str, &str) = ("rsa-pkcs1-sha256", "1.2.840.113549.1.1.11");
const AES256_GCM: (&str, &str) = ("aes256-gcm", "2.16.840.1.101.3.4.1.46");
const RSA_OAEP_SHA256: (&str, &str) = ("rsa-oaep-sha256", "1.2.840.113549.1.1.7");
const ECDH_SHA256: (&str, &str) = ("ecdh-sha256", "1.3.132.1.11.1");

/// The JSON type of `value`, as the checks name them.
fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Asserts that `value` has each member of `members` with one of its types
/// (`"string|null"`).
fn members(value: &Value, members: &[(&str, &str)]) {
    for (name, types) in members {
        let member = value
            .get(name)
            .unwrap_or_else(|| panic!("no member '{name}' in {value}"));
        assert!(
            types.split('|').any(|t| t == type_of(member)),
            "'{name}' is {}, not {types}: {value}",
            type_of(member)
        );
    }
}

/// Asserts that `value` names `algorithm`: `{"name": ..., "oid": ...}`.
fn algorithm(value: &Value, (name, oid): (&str, &str)) {
    assert_eq!(value["name"], name, "{value}");
    assert_eq!(value["oid"], oid, "{value}");
}

/// What holds in every document: an object with `"version": 1` first, no other
/// `version` below it, no bare path names of old (`input`, `source`), `recipients`
/// always an array, and every algorithm of a CMS file a name with its OID.
fn vocabulary(command: &str, raw: &str) -> Value {
    let packed: String = raw.split_whitespace().collect();
    assert!(
        packed.starts_with("{\"version\":1,"),
        "{command}: not a document of version 1: {raw}"
    );
    let document: Value = serde_json::from_str(raw).unwrap();
    walk(command, &document, true);
    document
}

fn walk(command: &str, value: &Value, top: bool) {
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                assert!(top || key != "version", "{command}: a nested 'version'");
                assert!(
                    !["input", "signer_subject"].contains(&key.as_str()),
                    "{command}: '{key}' is not in the vocabulary"
                );
                // `source` is where a setting came from, never a path.
                if key == "source" {
                    assert!(
                        ["default", "file", "environment", "flag"]
                            .contains(&member.as_str().unwrap_or("")),
                        "{command}: source {member}"
                    );
                }
                if key == "recipients" {
                    assert!(member.is_array(), "{command}: recipients {member}");
                }
                if [
                    "cipher",
                    "digest_algorithm",
                    "signature_algorithm",
                    "key_encryption",
                ]
                .contains(&key.as_str())
                {
                    members(member, &[("name", "string"), ("oid", "string")]);
                }
                if key == "key_algorithm" || (key == "algorithm" && !member.is_object()) {
                    assert!(
                        member.is_string() || member.is_null(),
                        "{command}: {key} {member}"
                    );
                }
                walk(command, member, false);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| walk(command, item, false)),
        _ => {}
    }
}

/// The documents of a run, by command.
struct Documents {
    world: Pair,
    seen: BTreeMap<String, Value>,
}

impl Documents {
    /// Runs `cmd` (the command `command`) with `--json`, asserts that it exits with
    /// `code`, checks the vocabulary and returns the document.
    fn run(&mut self, command: &str, mut cmd: assert_cmd::Command, code: ExitCode) -> Value {
        let out = cmd.arg("--json").output().unwrap();
        assert_eq!(out.status.code(), Some(status(code)), "{command}: {out:?}");
        let document = vocabulary(command, &String::from_utf8_lossy(&out.stdout));
        assert_eq!(document, parse_json(&out));
        self.seen.insert(command.to_owned(), document.clone());
        document
    }

    fn ok(&mut self, command: &str, args: &[&str]) -> Value {
        let mut cmd = self.world.epct();
        cmd.args(args);
        self.run(command, cmd, ExitCode::Success)
    }
}

fn docs() -> String {
    fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/json.md")).unwrap()
}

/// Every command with a section in docs/json.md: its `## \`epct ...\`` headings.
fn documented() -> Vec<String> {
    docs()
        .lines()
        .filter_map(|l| l.strip_prefix("## `epct "))
        .map(|l| l.trim_end_matches('`').to_owned())
        .collect()
}

#[test]
fn every_sample_of_the_docs_follows_the_vocabulary() {
    let docs = docs();
    let samples: Vec<&str> = docs
        .split("```json\n")
        .skip(1)
        .map(|block| block.split("```").next().unwrap())
        .collect();
    assert!(samples.len() > documented().len(), "a sample per command");
    for sample in samples {
        vocabulary("docs/json.md", sample);
    }
}

#[test]
fn every_command_prints_the_documented_vocabulary() {
    let mut d = Documents {
        world: pair(6),
        seen: BTreeMap::new(),
    };
    tokens_and_keys(&mut d);
    certificates(&mut d);
    files(&mut d);
    data(&mut d);
    exchange(&mut d);
    trust_and_partners(&mut d);
    configuration(&mut d);
    pages_and_completions(&mut d);
    let run: Vec<&String> = d.seen.keys().collect();
    let mut documented = documented();
    documented.sort();
    assert_eq!(
        run,
        documented.iter().collect::<Vec<_>>(),
        "docs/json.md and this test cover the same commands"
    );
}

fn tokens_and_keys(d: &mut Documents) {
    let list = d.ok("token list", &["token", "list"]);
    members(&list, &[("module", "string"), ("slots", "array")]);
    let slot = &list["slots"][0];
    members(
        slot,
        &[
            ("slot_id", "number"),
            ("slot_description", "string"),
            ("token", "object|null"),
        ],
    );
    members(
        &slot["token"],
        &[
            ("label", "string"),
            ("serial", "string"),
            ("flags", "object"),
            ("user_pin", "object"),
            ("so_pin", "object"),
            ("memory", "object"),
        ],
    );

    let doctor = d.ok("token doctor", &["--token", "BE", "token", "doctor"]);
    members(
        &doctor,
        &[
            ("token", "object"),
            ("mechanisms", "array"),
            ("keys", "array"),
        ],
    );
    members(
        &doctor["mechanisms"][0],
        &[("mechanism", "string"), ("listed", "boolean")],
    );
    assert_eq!(doctor["keys"][0]["algorithm"], "p256");
    members(
        &doctor["keys"][0]["probes"][0],
        &[
            ("operation", "string"),
            ("mechanism", "string"),
            ("accepted", "boolean"),
            ("detail", "string|null"),
        ],
    );

    let key = &["--token", "BE", "key", "generate", "--label", "extra"];
    let generated = d.ok("key generate", &[&key[..], &["--type", "rsa2048"]].concat());
    members(
        &generated,
        &[
            ("label", "string"),
            ("id", "string"),
            ("uri", "string"),
            ("private_key", "boolean"),
            ("certificate", "boolean"),
        ],
    );
    assert_eq!(generated["algorithm"], "rsa2048");

    let keys = d.ok("key list", &["--token", "BE", "key", "list"]);
    members(&keys, &[("token", "string"), ("keys", "array")]);
    assert_eq!(keys["keys"][0]["algorithm"], "p256");

    d.world.env.pin_file("new", "5678\n");
    let changed = d.ok(
        "token change-pin",
        &[
            "--token",
            "FR",
            "token",
            "change-pin",
            "--new-pin-source",
            "file:new",
        ],
    );
    members(&changed, &[("token", "string"), ("pin", "string")]);
    assert_eq!(changed["pin"], "user");
    // Back to the test PIN, for FR's later runs.
    d.world.env.pin_file("old", format!("{}\n", common::PIN));
    d.world
        .env
        .epct_without_pin()
        .args(["--pin-source", "file:new", "--token", "FR", "token"])
        .args(["change-pin", "--new-pin-source", "file:old"])
        .assert()
        .success();

    d.world.env.pin_file("so", format!("{SO_PIN}\n"));
    d.world.env.pin_file("user", "4321\n");
    let mut init = d.world.env.epct_without_pin();
    init.args(["token", "init", "--label", "DE-NEW"]).args([
        "--so-pin-source",
        "file:so",
        "--pin-source",
        "file:user",
    ]);
    let initialised = d.run("token init", init, ExitCode::Success);
    members(
        &initialised,
        &[
            ("label", "string"),
            ("serial", "string"),
            ("slot_id", "number"),
            ("so_pin", "string"),
            ("erased", "object|null"),
        ],
    );
}

/// The members of a certificate's summary.
fn certificate(value: &Value) {
    members(
        value,
        &[
            ("subject", "string"),
            ("issuer", "string"),
            ("serial", "string"),
            ("not_before", "string"),
            ("not_after", "string"),
            ("key_algorithm", "string|null"),
            ("sha256", "string"),
        ],
    );
}

fn certificates(d: &mut Documents) {
    let key = [
        "--token",
        "BE",
        "--key",
        "extra",
        "--subject",
        "CN=Extra,C=BE",
    ];
    let mut request = vec!["cert", "request"];
    request.extend(key);
    let requested = d.ok(
        "cert request",
        &[&request[..], &["--out", "x.csr"]].concat(),
    );
    members(&requested, &[("output", "string"), ("subject", "string")]);
    assert_eq!(requested["output"], "x.csr");
    algorithm(&requested["signature_algorithm"], RSA_PKCS1_SHA256);

    let mut self_sign = vec!["cert", "self-sign", "--days", "30", "--out", "x.pem"];
    self_sign.extend(key);
    let signed = d.ok("cert self-sign", &self_sign);
    members(
        &signed,
        &[
            ("token", "string"),
            ("key", "string"),
            ("certificate", "object"),
            ("output", "string|null"),
            ("warning", "string"),
        ],
    );
    certificate(&signed["certificate"]);
    assert_eq!(signed["certificate"]["key_algorithm"], "rsa2048");

    let listed = d.ok("cert list", &["--token", "BE", "cert", "list"]);
    members(&listed, &[("token", "string"), ("certificates", "array")]);
    let first = &listed["certificates"][0];
    members(
        first,
        &[("label", "string"), ("id", "string"), ("uri", "string")],
    );
    certificate(first);

    let uri = "pkcs11:token=BE;object=extra";
    let exported = d.ok("cert export", &["cert", "export", uri, "--out", "y.pem"]);
    members(
        &exported,
        &[("output", "string"), ("certificate", "object")],
    );
    certificate(&exported["certificate"]);

    let deleted = d.ok("cert delete", &["cert", "delete", uri, "--force"]);
    members(
        &deleted,
        &[
            ("token", "string"),
            ("label", "string"),
            ("id", "string"),
            ("certificate", "object|null"),
        ],
    );

    let import = ["--token", "BE", "cert", "import", "--key", "extra", "x.pem"];
    let imported = d.ok("cert import", &import);
    members(
        &imported,
        &[
            ("file", "string"),
            ("token", "string"),
            ("key", "string"),
            ("certificate", "object"),
        ],
    );
    assert_eq!(imported["file"], "x.pem");

    let deleted = d.ok("key delete", &["key", "delete", uri, "--force"]);
    members(&deleted, &[("token", "string"), ("key", "object")]);
    assert_eq!(deleted["key"]["label"], "extra");
}

/// The members of an envelope's description, encrypted for `recipients`.
fn envelope(value: &Value, recipients: usize) {
    members(
        value,
        &[
            ("structure", "string"),
            ("content_type", "string"),
            ("recipients", "array"),
        ],
    );
    algorithm(&value["cipher"], AES256_GCM);
    assert_eq!(value["recipients"].as_array().unwrap().len(), recipients);
}

/// The members of a signer's verdict, signed by BE's P-256 key.
fn signer(value: &Value) {
    members(
        value,
        &[
            ("certificate", "object"),
            ("intact", "boolean"),
            ("signing_time", "string|null"),
            ("trust", "object"),
        ],
    );
    certificate(&value["certificate"]);
    assert_eq!(value["certificate"]["key_algorithm"], "p256");
    algorithm(&value["digest_algorithm"], SHA256);
    algorithm(&value["signature_algorithm"], ECDSA_SHA256);
}

fn files(d: &mut Documents) {
    let be = ["--token", "BE"];
    let seal = [
        "seal", "be.csv", "--key", "be", "--to", "FR", "--out", "be.p7m",
    ];
    let sealed = d.ok("seal", &[&be[..], &seal].concat());
    members(
        &sealed,
        &[
            ("file", "string"),
            ("output", "string"),
            ("validation", "object"),
            ("envelope", "object"),
            ("signature", "object"),
        ],
    );
    envelope(&sealed["envelope"], 2);
    members(
        &sealed["signature"],
        &[("signer", "string"), ("content_bytes", "number")],
    );
    algorithm(&sealed["signature"]["digest_algorithm"], SHA256);
    algorithm(&sealed["signature"]["signature_algorithm"], ECDSA_SHA256);

    let fr = ["--token", "FR"];
    let open = ["open", "be.p7m", "--key", "fr", "--out", "o.csv"];
    let opened = d.ok("open", &[&fr[..], &open].concat());
    members(
        &opened,
        &[
            ("file", "string"),
            ("output", "string"),
            ("envelope", "object"),
            ("content_bytes", "number"),
            ("trailing_zero_bytes", "number"),
            ("authority_rule", "string"),
            ("signers", "array"),
        ],
    );
    envelope(&opened["envelope"], 2);
    signer(&opened["signers"][0]);

    let sign = ["sign", "be.csv", "--key", "be", "--out", "be.p7s"];
    let signed = d.ok("sign", &[&be[..], &sign].concat());
    members(
        &signed,
        &[
            ("file", "string"),
            ("output", "string"),
            ("detached", "boolean"),
            ("signer", "string"),
            ("content_bytes", "number"),
            ("content_digest", "string"),
        ],
    );
    algorithm(&signed["digest_algorithm"], SHA256);
    algorithm(&signed["signature_algorithm"], ECDSA_SHA256);

    let verified = d.ok("verify", &["verify", "be.p7s", "--out", "v.csv"]);
    members(
        &verified,
        &[
            ("file", "string"),
            ("content", "null"),
            ("output", "string"),
            ("content_bytes", "number"),
            ("detached", "boolean"),
            ("intact", "boolean"),
            ("trusted", "boolean"),
            ("signers", "array"),
        ],
    );
    signer(&verified["signers"][0]);

    let encrypt = ["encrypt", "be.csv", "--to", "fr.pem", "--out", "e.p7m"];
    let encrypted = d.ok("encrypt", &encrypt);
    members(
        &encrypted,
        &[
            ("file", "string"),
            ("output", "string"),
            ("content_bytes", "number"),
        ],
    );
    envelope(&encrypted["envelope"], 1);

    let decrypt = ["decrypt", "e.p7m", "--key", "fr", "--out", "d.csv"];
    let decrypted = d.ok("decrypt", &[&fr[..], &decrypt].concat());
    members(
        &decrypted,
        &[
            ("file", "string"),
            ("output", "string"),
            ("malleable", "boolean"),
            ("content_bytes", "number"),
        ],
    );
    envelope(&decrypted["envelope"], 1);

    let signed = d.ok("inspect", &["inspect", "be.p7s"]);
    members(
        &signed,
        &[
            ("file", "string"),
            ("content_type", "string"),
            ("structure", "string"),
            ("certificates", "array"),
            ("signers", "array"),
        ],
    );
    algorithm(&signed["signers"][0]["digest_algorithm"], SHA256);
    algorithm(&signed["signers"][0]["signature_algorithm"], ECDSA_SHA256);
    let sealed = d.ok("inspect", &["inspect", "be.p7m"]);
    members(
        &sealed,
        &[
            ("cms_version", "number"),
            ("recipients", "array"),
            ("encrypted_bytes", "number"),
        ],
    );
    algorithm(&sealed["cipher"], AES256_GCM);
    let by_kind = |kind: &str| {
        sealed["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["kind"] == kind)
            .unwrap()["key_encryption"]
            .clone()
    };
    algorithm(&by_kind("key transport"), RSA_OAEP_SHA256);
    algorithm(&by_kind("key agreement"), ECDH_SHA256);
}

fn data(d: &mut Documents) {
    let validated = d.ok("data validate", &["data", "validate", "be.csv"]);
    members(
        &validated,
        &[
            ("file", "string"),
            ("valid", "boolean"),
            ("summary", "object"),
            ("problems", "array"),
            ("problems_truncated", "boolean"),
        ],
    );
    let generate = ["data", "generate", "--rows", "3", "--out", "g.csv"];
    let generated = d.ok("data generate", &generate);
    members(
        &generated,
        &[
            ("output", "string"),
            ("rows", "number"),
            ("voters", "number"),
            ("candidates", "number"),
            ("residence", "string"),
            ("seed", "number"),
        ],
    );
    let roll = [
        "data",
        "generate",
        "--rows",
        "20",
        "--roll-rows",
        "30",
        "--roll",
        "r.csv",
    ];
    let more = [
        "--nationalities",
        "FR",
        "--residence",
        "BE",
        "--out",
        "rr.csv",
    ];
    let generated = d.ok("data generate", &[&roll[..], &more].concat());
    members(
        &generated,
        &[
            ("output", "string"),
            ("roll", "string"),
            ("updates", "string"),
            ("truth", "string"),
            ("received_rows", "number"),
            ("columns", "string"),
        ],
    );
    d.world.env.file(
        "roll.csv",
        "ID;NOM;PRENOMS;NE_LE\nFR-1;Dupont;Jean;01/02/1980\n",
    );
    let columns = "id=ID,surname=NOM,given_names=PRENOMS,date_of_birth=NE_LE";
    let matched = d.ok(
        "data match",
        &["data", "match", "--roll", "roll.csv", "--columns", columns]
            .into_iter()
            .chain(["o.csv", "--out", "review.json"])
            .collect::<Vec<_>>(),
    );
    members(
        &matched,
        &[
            ("output", "string"),
            ("received", "number"),
            ("roll_rows", "number"),
            ("marking", "object"),
            ("by_file", "object"),
        ],
    );
}

fn exchange(d: &mut Documents) {
    let sent = d.run("exchange send", d.world.send("be.csv"), ExitCode::Success);
    members(
        &sent,
        &[
            ("file", "string"),
            ("sender", "string"),
            ("signer", "string"),
            ("date", "string"),
            ("rows", "number"),
            ("files", "array"),
        ],
    );
    members(
        &sent["files"][0],
        &[
            ("destination", "string"),
            ("file", "string"),
            ("recipients", "array"),
            ("sha256", "string"),
        ],
    );
    let name = d
        .world
        .files("out")
        .into_iter()
        .find(|n| n.starts_with("BE-to-FR-"))
        .unwrap();
    let env = &d.world.env;
    fs::copy(
        env.path(&format!("out/{name}")),
        env.path(&format!("inbox/{name}")),
    )
    .unwrap();
    let received = d.run("exchange receive", d.world.receive(), ExitCode::Success);
    members(
        &received,
        &[
            ("received", "number"),
            ("failed", "number"),
            ("report", "string"),
            ("files", "array"),
        ],
    );
    members(
        &received["files"][0],
        &[
            ("file", "string"),
            ("output", "string|null"),
            ("status", "string"),
            ("signers", "array"),
        ],
    );
    signer(&received["files"][0]["signers"][0]);

    // No receipt is back yet, so the status fails (exit 1) with its error inside the
    // report.
    let mut cmd = d.world.epct();
    cmd.args(["exchange", "status", "--out-dir", "out"]);
    let status = d.run("exchange status", cmd, ExitCode::Failure);
    members(
        &status,
        &[
            ("error", "object"),
            ("sender", "string"),
            ("destinations", "array"),
            ("files", "number"),
            ("accepted", "number"),
            ("waiting", "number"),
        ],
    );
    assert_eq!(
        (&status["accepted"], &status["waiting"]),
        (&0.into(), &2.into())
    );
    members(
        &status["destinations"][0]["files"][0],
        &[
            ("file", "string"),
            ("status", "string"),
            ("receipt", "object|null"),
        ],
    );

    let log = d.ok("exchange log", &["exchange", "log"]);
    members(&log, &[("file", "string"), ("entries", "array")]);
    members(
        &log["entries"][0],
        &[
            ("time", "string"),
            ("step", "string"),
            ("outcome", "string"),
            ("file", "string|null"),
        ],
    );
    let layout = d.ok(
        "exchange platform-layout",
        &["exchange", "platform-layout", "--states", "BE,FR"],
    );
    members(&layout, &[("folders", "array"), ("apache", "string")]);
}

fn trust_and_partners(d: &mut Documents) {
    let list = signed_list(
        d.world.env.dir(),
        "BE",
        2,
        &standard_services(),
        "tl-signer",
    );
    let signer_cert = pki("tl-signer.pem");
    let imported = d.ok(
        "trust import",
        &[
            "trust",
            "import",
            "--at",
            "2019-09-05",
            "--signer-cert",
            signer_cert.to_str().unwrap(),
            list.to_str().unwrap(),
        ],
    );
    members(
        &imported,
        &[
            ("file", "string"),
            ("output", "string"),
            ("territory", "string"),
            ("sequence", "number"),
            ("outcome", "string"),
            ("signature", "object"),
            ("pin", "string"),
        ],
    );
    members(
        &imported["signature"],
        &[("signer", "string"), ("legacy", "boolean")],
    );

    let lists = d.ok("trust list", &["trust", "list"]);
    members(&lists, &[("lists", "array")]);
    members(
        &lists["lists"][0],
        &[
            ("territory", "string"),
            ("tsl_version", "number"),
            ("sequence", "number"),
            ("stale", "boolean"),
        ],
    );

    let checked = d.ok("trust check", &["trust", "check", "be.pem"]);
    members(
        &checked,
        &[
            ("territory", "string"),
            ("chain", "array"),
            ("at", "string"),
        ],
    );

    for command in ["import", "list"] {
        let mut args = vec!["partners", command];
        if command == "import" {
            args.push("partners.csv");
        }
        let partners = d.ok(&format!("partners {command}"), &args);
        members(&partners, &[("partners", "array")]);
        let first = &partners["partners"][0];
        members(
            first,
            &[
                ("country", "string"),
                ("authority", "string"),
                ("role", "string"),
                ("certificate", "object"),
            ],
        );
        certificate(&first["certificate"]);
    }
}

fn configuration(d: &mut Documents) {
    let shown = d.ok("config show", &["config", "show"]);
    members(
        &shown,
        &[
            ("file", "string|null"),
            ("file_source", "string"),
            ("settings", "array"),
        ],
    );
    let settings = shown["settings"].as_array().unwrap();
    for setting in settings {
        members(setting, &[("name", "string"), ("source", "string")]);
    }
    let date = settings
        .iter()
        .find(|s| s["name"] == "election-date")
        .unwrap();
    assert_eq!(date["source"], "default", "{date}");
}

fn pages_and_completions(d: &mut Documents) {
    let pages = d.ok("man", &["man", "--out-dir", "man"]);
    members(&pages, &[("pages", "array")]);
    // A completion script is no document; a failure still is one.
    let mut cmd = d.world.epct();
    cmd.args(["completions", "tcsh"]);
    let refused = d.run("completions", cmd, ExitCode::Usage);
    members(&refused, &[("error", "object")]);
    assert_eq!(refused["error"]["kind"], "usage");
}

/// Runs `cmd` with `--json`, asserts that it exits with `code` and returns its document,
/// checked against the vocabulary.
fn document(command: &str, cmd: &mut assert_cmd::Command, code: ExitCode) -> Value {
    let out = cmd.arg("--json").output().unwrap();
    assert_eq!(out.status.code(), Some(status(code)), "{command}: {out:?}");
    vocabulary(command, &String::from_utf8_lossy(&out.stdout))
}

#[test]
fn the_platform_members_follow_the_vocabulary() {
    let world = pair(6);
    let env = &world.env;
    let platform = TestPlatform::start(env, &["BE", "DE", "FR"]);
    let on_platform = |user: &str| platform.args_at(env, user, &platform.url);

    let mut send = world.send("be.csv");
    let sent = document(
        "send --platform",
        send.args(on_platform("BE")),
        ExitCode::Success,
    );
    members(
        &sent["delivered"][0],
        &[
            ("destination", "string"),
            ("file", "string"),
            ("url", "string"),
            ("size", "number"),
            ("sha256", "string"),
            ("already_there", "boolean"),
        ],
    );

    let mut waiting = world.epct();
    waiting
        .args(["exchange", "status", "--to", "FR"])
        .args(on_platform("FR"));
    let waiting = document("status --to", &mut waiting, ExitCode::Failure);
    members(
        &waiting,
        &[
            ("error", "object"),
            ("receiver", "string"),
            ("senders", "array"),
            ("files", "number"),
            ("waiting", "number"),
        ],
    );
    members(
        &waiting["senders"][0]["files"][0],
        &[("file", "string"), ("status", "string")],
    );

    let mut receive = world.epct();
    receive
        .args(["--token", "FR", "exchange", "receive", "--key", "fr"])
        .args(["--out-dir", "received"])
        .args(on_platform("FR"));
    let received = document("receive --platform", &mut receive, ExitCode::Success);
    members(
        &received["platform"],
        &[
            ("downloaded", "array"),
            ("with_receipt", "array"),
            ("receipts_returned", "array"),
        ],
    );

    let mut status = world.epct();
    status
        .args(["exchange", "status", "--from", "BE"])
        .args(on_platform("BE"));
    // FR's certificate is not in the trusted list: BE takes its receipt for a forgery.
    let sender = document("status --platform", &mut status, ExitCode::Verification);
    members(
        &sender,
        &[
            ("error", "object"),
            ("sender", "string"),
            ("destinations", "array"),
            ("forged", "number"),
        ],
    );
    members(
        &sender["destinations"][1]["forged"][0],
        &[("receipt", "string"), ("reason", "string")],
    );
}
