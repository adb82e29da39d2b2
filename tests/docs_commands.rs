//! Every command that README.md and docs/*.md show in a fenced `sh` block runs, as
//! written: each document in a sandbox of its own (a temporary world with fresh SoftHSM2
//! tokens, `epct` on `PATH`, `EPCT_PIN_SOURCE` and `EPCT_SO_PIN_SOURCE` set as a script
//! would set them, the files its commands name, a configuration where the document
//! uses one, and a real Apache for docs/platform.md), its blocks in order, each in
//! `bash` with `set -euo pipefail`, so that one block's outputs feed the next. What the
//! other parties do between two blocks (the CA issuing a certificate, the partner states
//! receiving and returning receipts) is played by the test, named by the block it
//! precedes. A failure names the document, the block's line and the command's stderr.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::platform::TestPlatform;
use common::trust::{
    LOTL, LOTL_SIGNER, SK, import_test_list, pki, real, root_ca_issues, root_certified_key,
    signed_list, standard_services,
};
use common::{Epct, PIN, Run, SO_PIN};

/// The blocks that cannot run in a test, by document and first line, with the reason.
const NOT_RUNNABLE: &[(&str, &str, &str)] = &[(
    "README.md",
    "scripts/demo.sh",
    "installs packages as root, and scripts/test.sh is this whole test suite",
)];

/// The clock of a document whose commands read archived real lists: the only real
/// national list there is (SK of 2019) was signed by a certificate that expired in 2023.
const TIME_OF_THE_2019_LISTS: &str = "2019-09-05 12:00:00";

/// One fenced `sh` block: its document, the line of its opening fence, its text.
struct Block {
    doc: String,
    line: usize,
    text: String,
}

/// The `sh` blocks of `doc` (a path from the repository's root), in order.
fn blocks(doc: &str) -> Vec<Block> {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap();
    let mut found = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        let fence = line.trim_start();
        match open.take() {
            Some(block) if fence.starts_with("```") => found.push(block),
            Some(mut block) => {
                block.text += line;
                block.text.push('\n');
                open = Some(block);
            }
            None if fence == "```sh" => {
                open = Some(Block {
                    doc: doc.to_owned(),
                    line: i + 1,
                    text: String::new(),
                })
            }
            None => {}
        }
    }
    assert!(open.is_none(), "{doc}: a block is not closed");
    found
}

/// What another party does before the block whose text contains `before`.
struct Between<'a> {
    before: &'static str,
    does: Box<dyn Fn(&Epct) + 'a>,
}

/// A document's world, and the clock its commands run at.
struct Sandbox {
    env: Epct,
    clock: Option<&'static str>,
}

impl Sandbox {
    fn new(env: Epct) -> Self {
        let bin = env.path(".bin");
        fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(assert_cmd::cargo::cargo_bin!("epct"), bin.join("epct"))
            .unwrap();
        Sandbox { env, clock: None }
    }

    /// Runs `block` in bash, `epct` first on `PATH`; panics with its stderr if it fails.
    fn run(&self, block: &Block) {
        let script = format!("set -euo pipefail\n{}", block.text);
        let mut cmd = match self.clock {
            Some(time) => {
                let mut cmd = Command::new("faketime");
                cmd.arg(time).arg("bash");
                cmd
            }
            None => Command::new("bash"),
        };
        cmd.arg("-c").arg(&script);
        self.env.isolate(&mut cmd);
        let path = format!(
            "{}:{}",
            self.env.path(".bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = cmd
            .env("PATH", path)
            .env("EPCT_DOC_PIN", PIN)
            .env("EPCT_PIN_SOURCE", "env:EPCT_DOC_PIN")
            .env("EPCT_DOC_SO_PIN", SO_PIN)
            .env("EPCT_SO_PIN_SOURCE", "env:EPCT_DOC_SO_PIN")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}:{}: the block failed ({}):\n{}stderr:\n{}",
            block.doc,
            block.line,
            out.status,
            block.text,
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Runs every block of `doc` in order, the others' parts between them; returns how
    /// many ran (the blocks of [`NOT_RUNNABLE`] do not).
    fn run_document(&self, doc: &'static str, between: &[Between]) -> usize {
        let mut ran = 0;
        let mut played = vec![false; between.len()];
        for block in blocks(doc) {
            for (i, part) in between.iter().enumerate() {
                if block.text.contains(part.before) && !played[i] {
                    (part.does)(&self.env);
                    played[i] = true;
                }
            }
            let first = block.text.trim_start();
            if NOT_RUNNABLE
                .iter()
                .any(|(d, start, _)| *d == doc && first.starts_with(start))
            {
                continue;
            }
            self.run(&block);
            ran += 1;
        }
        for (part, played) in between.iter().zip(played) {
            assert!(played, "{doc}: no block has '{}'", part.before);
        }
        ran
    }
}

/// `file` of the test directory with these `lines` (a header first).
fn write_lines(env: &Epct, file: &str, lines: &[&str]) {
    fs::write(env.path(file), lines.join("\n") + "\n").unwrap();
}

/// FR and DE, each on its own machine: their tokens in a world apart from the
/// document's (so that BE's machine shows BE's token only), their commands run in the
/// document's directory, where the files are exchanged, with its trust store.
struct Partners {
    world: Epct,
}

impl Partners {
    /// FR and DE with keys `fr-2026` and `de-2026` certified by the test PKI's root CA,
    /// the test list that grants that CA imported into `env`'s store, and the partner
    /// directory `partners.csv`, in which BE's certificate is `be_cert` (a file that the
    /// document may make later).
    fn new(env: &Epct, be_cert: &str) -> Self {
        let world = Epct::new();
        for (state, subject) in [
            ("FR", "/C=FR/O=Ministère de l'Intérieur/CN=fr-2026"),
            ("DE", "/C=DE/O=Bundeswahlleiterin/CN=de-2026"),
        ] {
            world.add_token(state);
            let label = format!("{}-2026", state.to_lowercase());
            let cert = root_certified_key(&world, state, &label, subject);
            fs::copy(cert, env.path(&format!("{label}.pem"))).unwrap();
        }
        let list = signed_list(env.dir(), "BE", 1, &standard_services(), "tl-signer");
        import_test_list(env.epct(), &list);
        write_lines(
            env,
            "partners.csv",
            &[
                "country,authority,role,certificate",
                &format!("BE,FPS Interior,both,{be_cert}"),
                "FR,\"Ministère de l'Intérieur, Élections\",both,fr-2026.pem",
                "DE,Bundeswahlleiterin,recipient,de-2026.pem",
            ],
        );
        Partners { world }
    }

    /// `epct` as `state` runs it in `env`'s directory: its own token and state directory.
    fn epct(&self, env: &Epct, state: &str) -> assert_cmd::Command {
        let mut cmd = self.world.epct();
        cmd.current_dir(env.dir())
            .env("EPCT_TRUST_STORE", env.trust_store())
            .env("XDG_STATE_HOME", self.world.path(&format!("state-{state}")))
            .args(["--token", state]);
        cmd
    }
}

/// A made-up voter file of `rows` residents of `residence` of `nationalities`.
fn generate(
    mut cmd: assert_cmd::Command,
    out: &str,
    rows: u64,
    residence: &str,
    nationalities: &str,
) {
    cmd.args(["data", "generate", "--residence", residence, "--out", out])
        .args([
            "--rows",
            &rows.to_string(),
            "--nationalities",
            nationalities,
        ])
        .assert()
        .success();
}

/// FR sends BE the file of BE's nationals living in FR, which lands in `inbox/`, and
/// seals one more for BE as `single`.
fn fr_sends_to_be(env: &Epct, partners: &Partners, single: &str) {
    generate(partners.epct(env, "FR"), "fr.csv", 12, "FR", "BE");
    partners
        .epct(env, "FR")
        .args(["exchange", "send", "fr.csv", "--key", "fr-2026"])
        .args(["--out-dir", "fr-outbox"])
        .assert()
        .success();
    fs::create_dir_all(env.path("inbox")).unwrap();
    for name in files_for(env, "fr-outbox", "-to-BE-") {
        fs::copy(
            env.path("fr-outbox").join(&name),
            env.path("inbox").join(&name),
        )
        .unwrap();
    }
    partners
        .epct(env, "FR")
        .args([
            "seal", "fr.csv", "--to", "BE", "--key", "fr-2026", "--out", single,
        ])
        .assert()
        .success();
}

/// FR and DE receive what BE sent into `outbox/` and return their receipts into
/// `outbox/receipts/`, as BE collects them.
fn partners_answer(env: &Epct, partners: &Partners) {
    let receipts = env.path("outbox/receipts");
    fs::create_dir_all(&receipts).unwrap();
    for state in ["FR", "DE"] {
        let inbox = env.path(&format!("inbox-{state}"));
        fs::create_dir_all(&inbox).unwrap();
        for name in files_for(env, "outbox", &format!("-to-{state}-")) {
            fs::copy(env.path("outbox").join(&name), inbox.join(&name)).unwrap();
        }
        let received = format!("received-{state}");
        partners
            .epct(env, state)
            .args(["exchange", "receive", &format!("inbox-{state}")])
            .args(["--key", &format!("{}-2026", state.to_lowercase())])
            .args(["--out-dir", &received])
            .assert()
            .success();
        for receipt in fs::read_dir(env.path(&received).join("receipts")).unwrap() {
            let receipt = receipt.unwrap();
            fs::copy(receipt.path(), receipts.join(receipt.file_name())).unwrap();
        }
    }
}

/// The sealed files in `dir` whose names contain `part`.
fn files_for(env: &Epct, dir: &str, part: &str) -> Vec<String> {
    let names: Vec<String> = fs::read_dir(env.path(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(part) && n.ends_with(".p7m"))
        .collect();
    assert!(!names.is_empty(), "no file with '{part}' in {dir}");
    names
}

/// A home state's roll with its own column names, as docs/officials.md maps them.
fn roll(env: &Epct) {
    write_lines(
        env,
        "roll.csv",
        &[
            "ROLL_ID,NOM,PRENOMS,NE_LE,NOM_NAISSANCE,LIEU_NAISSANCE",
            "BE-1,Peeters,Jan,1970-01-02,,Leuven",
            "BE-2,Janssens,Marie Louise,14/05/1985,Maes,Gent",
        ],
    );
}

/// The configuration that maps the columns of [`roll`], as docs/officials.md shows it.
const MATCH_COLUMNS: &str = "[match-columns]\nid = \"ROLL_ID\"\nsurname = \"NOM\"\n\
    given_names = \"PRENOMS\"\ndate_of_birth = \"NE_LE\"\nbirth_surname = \"NOM_NAISSANCE\"\n\
    place_of_birth = \"LIEU_NAISSANCE\"\n";

/// The real third-party file `name` copied into the test directory as `as_name`.
fn copy_real(env: &Epct, name: &str, as_name: &str) {
    fs::copy(real(name), env.path(as_name)).unwrap();
}

#[test]
fn every_command_of_the_readme_runs() {
    let env = Epct::new();
    let partners = Partners::new(&env, "be.pem");
    copy_real(&env, LOTL, "eu-lotl.xml");
    copy_real(&env, LOTL_SIGNER, "oj.pem");
    generate(env.epct(), "voters-2026.csv", 40, "BE", "FR,DE");
    generate(env.epct(), "file.csv", 5, "BE", "FR");
    roll(&env);
    let config = env.default_config();
    fs::create_dir_all(config.parent().unwrap()).unwrap();
    fs::write(config, MATCH_COLUMNS).unwrap();
    let sandbox = Sandbox::new(env);
    let ran = sandbox.run_document(
        "README.md",
        &[
            Between {
                before: "cert import --key be-2026 be.pem",
                does: Box::new(|env| root_ca_issues(env.dir(), "be.csr", "be.pem", None)),
            },
            Between {
                before: "exchange send voters-2026.csv",
                does: Box::new(|env| fr_sends_to_be(env, &partners, "from-fr.p7m")),
            },
            Between {
                before: "exchange status --out-dir outbox",
                does: Box::new(|env| partners_answer(env, &partners)),
            },
        ],
    );
    assert_eq!(ran, 5, "the README's blocks, but the one of NOT_RUNNABLE");
}

/// BE's machine as the guides assume it, set up already: token `BE-ELECTIONS` with key
/// `be-2026` certified by the test PKI's root CA, the partner directory imported, and
/// `voters-2026.csv` to send; FR and DE on machines of their own.
fn be_set_up(env: &Epct) -> Partners {
    env.add_token("BE-ELECTIONS");
    let partners = Partners::new(env, "be-2026.pem");
    root_certified_key(
        env,
        "BE-ELECTIONS",
        "be-2026",
        "/C=BE/O=FPS Interior/CN=be-2026",
    );
    generate(env.epct(), "voters-2026.csv", 40, "BE", "FR,DE");
    env.epct()
        .args(["partners", "import", "partners.csv"])
        .assert()
        .success();
    partners
}

#[test]
fn every_command_of_the_officials_guide_runs() {
    let env = Epct::new();
    let partners = be_set_up(&env);
    generate(env.epct(), "voters-for-fr.csv", 10, "BE", "FR");
    fr_sends_to_be(&env, &partners, "voters-from-fr.p7m");
    roll(&env);
    let sandbox = Sandbox::new(env);
    let ran = sandbox.run_document(
        "docs/officials.md",
        &[Between {
            before: "exchange status --out-dir outbox",
            does: Box::new(|env| partners_answer(env, &partners)),
        }],
    );
    assert_eq!(ran, 8);
}

#[test]
fn every_command_of_the_platform_guide_runs_against_apache() {
    let env = Epct::new();
    let partners = be_set_up(&env);
    let platform = TestPlatform::start(&env, &["BE", "FR", "DE"]);
    let config = env.default_config();
    fs::create_dir_all(config.parent().unwrap()).unwrap();
    fs::write(
        &config,
        format!(
            "platform = \"{}\"\nplatform-ca = \"{}\"\nplatform-user = \"BE\"\n\
             platform-password-source = \"file:{}\"\n",
            platform.url,
            platform.ca.display(),
            platform.password_file(&env, "BE").display()
        ),
    )
    .unwrap();
    let sandbox = Sandbox::new(env);
    let ran = sandbox.run_document(
        "docs/platform.md",
        &[Between {
            before: "exchange status --from BE",
            does: Box::new(|env| {
                for state in ["FR", "DE"] {
                    partners
                        .epct(env, state)
                        .args(["exchange", "receive", "--key"])
                        .arg(format!("{}-2026", state.to_lowercase()))
                        .args(["--out-dir", &format!("received-{state}")])
                        .args(platform.args_at(&partners.world, state, &platform.url))
                        .assert()
                        .success();
                }
            }),
        }],
    );
    assert_eq!(ran, 2);
}

#[test]
fn every_command_of_the_security_officers_guide_runs() {
    let sandbox = Sandbox::new(Epct::new());
    let ran = sandbox.run_document(
        "docs/security-officers.md",
        &[Between {
            before: "cert import --key be-2026 be-2026.pem",
            does: Box::new(|env| root_ca_issues(env.dir(), "be-2026.csr", "be-2026.pem", None)),
        }],
    );
    assert_eq!(ran, 6);
    // token init set the new SO PIN that EPCT_SO_PIN_SOURCE gave, as the guide says: it
    // sets the user PIN (to the one it is) as only the SO may.
    for (so_pin, works) in [(SO_PIN, true), ("87654321", false)] {
        let out = Command::new("pkcs11-tool")
            .env("SOFTHSM2_CONF", &sandbox.env.conf)
            .arg("--module")
            .arg(common::pkcs11_module())
            .args([
                "--token-label",
                "BE-ELECTIONS",
                "--login",
                "--login-type",
                "so",
            ])
            .args(["--so-pin", so_pin, "--init-pin", "--new-pin", PIN])
            .output()
            .unwrap();
        assert_eq!(out.status.success(), works, "SO PIN {so_pin}: {out:?}");
    }
}

#[test]
fn every_command_of_the_trust_guide_runs() {
    let env = Epct::new();
    copy_real(&env, LOTL_SIGNER, "oj-lotl-1.pem");
    copy_real(&env, LOTL, "eu-lotl.xml");
    copy_real(&env, SK, "SK.xml");
    fs::copy(pki("tl-signer.pem"), env.path("xt-signer.pem")).unwrap();
    for sequence in [1, 2] {
        let dir = env.path(&format!("xt-{sequence}"));
        fs::create_dir_all(&dir).unwrap();
        let list = signed_list(&dir, "XT", sequence, &standard_services(), "tl-signer");
        fs::copy(list, env.path(&format!("XT-{sequence}.xml"))).unwrap();
    }
    let mut sandbox = Sandbox::new(env);
    sandbox.clock = Some(TIME_OF_THE_2019_LISTS);
    let ran = sandbox.run_document("docs/trust.md", &[]);
    assert_eq!(ran, 4);
}

#[test]
fn every_command_of_the_configuration_guide_runs_on_its_example() {
    let text =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/configuration.md"))
            .unwrap();
    let example = text
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/configuration.md has its example");
    let sandbox = Sandbox::new(Epct::new());
    sandbox.env.write_default_config(example);
    assert_eq!(sandbox.run_document("docs/configuration.md", &[]), 1);
    // config show takes every key of the example from the file, but the two that the
    // test's environment sets (its SoftHSM2 module, its PIN source), as a script would.
    let shown = sandbox.env.epct().args(["config", "show"]).json();
    let example: toml::Table = example.parse().unwrap();
    for key in example
        .keys()
        .filter(|k| !["module", "pin-source"].contains(&k.as_str()))
    {
        let setting = (shown["settings"].as_array().unwrap().iter())
            .find(|s| s["name"] == key.as_str())
            .unwrap_or_else(|| panic!("{key} not shown: {shown}"));
        assert_eq!(setting["source"], "file", "{setting}");
    }
}

#[test]
fn the_blocks_are_found_with_their_lines() {
    let readme = blocks("README.md");
    let first = &readme[0];
    assert!(first.text.starts_with("scripts/demo.sh"), "{}", first.text);
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert_eq!(text.lines().nth(first.line - 1), Some("```sh"));
    for (doc, start, _) in NOT_RUNNABLE {
        assert!(
            blocks(doc)
                .iter()
                .any(|b| b.text.trim_start().starts_with(start)),
            "{doc} has no block '{start}' any more: take it off NOT_RUNNABLE"
        );
    }
}

#[test]
fn every_file_name_the_docs_show_is_one_epct_writes() {
    let mut seen = Vec::new();
    for doc in [
        "README.md",
        "docs/officials.md",
        "docs/contract.md",
        "docs/platform.md",
    ] {
        let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap();
        let names = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
            .filter(|w| w.contains("-to-") && w.ends_with(".p7m") && !w.starts_with('<'));
        for name in names {
            let parsed = epct::exchange::FileName::parse(name)
                .unwrap_or_else(|| panic!("{doc}: '{name}' is not a name epct writes"));
            assert_eq!(parsed.to_string(), name, "{doc}");
            seen.push(name.to_owned());
        }
    }
    for example in [
        "BE-to-FR-2026-11-25-voters-candidates.p7m",
        "BE-to-FR-EP-2029-2026-11-25-test-voters.p7m",
    ] {
        assert!(
            seen.iter().any(|n| n == example),
            "{example} not in {seen:?}"
        );
    }
}

/// The documents whose blocks the tests above run.
const RUN: [&str; 6] = [
    "README.md",
    "docs/configuration.md",
    "docs/officials.md",
    "docs/security-officers.md",
    "docs/trust.md",
    "docs/platform.md",
];

#[test]
fn every_document_with_commands_is_run() {
    for entry in fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")).unwrap() {
        let name = format!("docs/{}", entry.unwrap().file_name().to_string_lossy());
        if name.ends_with(".md") && !RUN.contains(&name.as_str()) {
            assert!(
                blocks(&name).is_empty(),
                "{name} has sh blocks: give it a sandbox and a test here"
            );
        }
    }
}
