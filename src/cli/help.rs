//! What `--help`, the man pages and the completions show beyond clap's derive: for every
//! leaf command its examples and the exit codes it can end with, and the token options
//! hidden where a command never touches a token. One table, applied to the one clap
//! definition that parsing, help, man pages and completions all use.

use std::fmt::Write as _;

use clap::{Arg, Command};

/// The options that only matter to a command that opens a token.
const TOKEN_OPTIONS: [&str; 4] = ["module", "module_init_args", "token", "pin_source"];

/// What a leaf command's help says beyond its options.
struct Leaf {
    /// The words after `epct`, as typed.
    path: &'static str,
    /// Whether the command opens a token (and so shows the token and PIN options).
    token: bool,
    /// The exit codes other than 0, 1 and 2 that it can end with.
    codes: &'static [u8],
    /// One or two command lines, as a user would type them.
    examples: &'static [&'static str],
}

const fn leaf(
    path: &'static str,
    token: bool,
    codes: &'static [u8],
    examples: &'static [&'static str],
) -> Leaf {
    Leaf {
        path,
        token,
        codes,
        examples,
    }
}

const LEAVES: &[Leaf] = &[
    leaf(
        "token list",
        true,
        &[5],
        &["epct token list", "epct token list --json"],
    ),
    leaf(
        "token doctor",
        true,
        &[5],
        &[
            "epct token doctor --token BE-MFA",
            "epct token doctor --token BE-MFA --no-login",
        ],
    ),
    leaf(
        "token init",
        true,
        &[5],
        &[
            "epct token init --label BE-MFA --so-pin-source prompt",
            "epct token init --label BE-MFA --force --so-pin-source prompt --new-so-pin-source prompt",
        ],
    ),
    leaf(
        "token change-pin",
        true,
        &[5],
        &[
            "epct token change-pin --token BE-MFA",
            "epct token change-pin --token BE-MFA --so",
        ],
    ),
    leaf(
        "key generate",
        true,
        &[5],
        &["epct key generate --token BE-MFA --label sign-2026 --type rsa3072"],
    ),
    leaf("key list", true, &[5], &["epct key list --token BE-MFA"]),
    leaf(
        "key delete",
        true,
        &[5],
        &["epct key delete 'pkcs11:token=BE-MFA;object=old-2024'"],
    ),
    leaf(
        "cert request",
        true,
        &[5],
        &[
            "epct cert request --key sign-2026 --subject 'CN=FPS Interior,O=FPS Interior,C=BE' --out req.csr",
        ],
    ),
    leaf(
        "cert import",
        true,
        &[5],
        &["epct cert import --key sign-2026 issued.pem"],
    ),
    leaf("cert list", true, &[5], &["epct cert list --token BE-MFA"]),
    leaf(
        "cert delete",
        true,
        &[5],
        &["epct cert delete 'pkcs11:token=BE-MFA;object=old-2024' --force"],
    ),
    leaf(
        "cert export",
        true,
        &[5],
        &["epct cert export 'pkcs11:token=BE-MFA;object=sign-2026' --out be.pem"],
    ),
    leaf(
        "cert self-sign",
        true,
        &[5],
        &["epct cert self-sign --key sign-2026 --subject 'CN=Test BE,C=BE' --days 30 --out be.pem"],
    ),
    leaf(
        "seal",
        true,
        &[4, 5],
        &[
            "epct seal voters.csv --to FR --key sign-2026 --out BE-to-FR-2026-11-25-voters.p7m",
            "epct seal report.pdf --to fr-recipient.pem --key sign-2026 --out report.p7m",
        ],
    ),
    leaf(
        "open",
        true,
        &[3, 5],
        &[
            "epct open FR-to-BE-2026-11-25-voters.p7m --key sign-2026 --out voters.csv",
            "epct open file.p7m --key sign-2026 --out -   (released once verified)",
        ],
    ),
    leaf(
        "sign",
        true,
        &[5],
        &[
            "epct sign report.pdf --key sign-2026 --out report.p7s",
            "epct sign report.pdf --key sign-2026 --detached --out - > report.p7s",
        ],
    ),
    leaf(
        "verify",
        false,
        &[3],
        &[
            "epct verify report.p7s --out report.pdf",
            "epct verify report.p7s --content report.pdf",
        ],
    ),
    leaf(
        "encrypt",
        false,
        &[],
        &[
            "epct encrypt report.pdf --to fr-recipient.pem --out report.p7m",
            "epct encrypt report.pdf --to FR --to DE --out report.p7m",
        ],
    ),
    leaf(
        "decrypt",
        true,
        &[5],
        &["epct decrypt report.p7m --key sign-2026 --out report.pdf"],
    ),
    leaf(
        "inspect",
        false,
        &[],
        &[
            "epct inspect file.p7m",
            "openssl cms -sign ... | epct inspect -",
        ],
    ),
    leaf(
        "data validate",
        false,
        &[4],
        &[
            "epct data validate voters.csv --election-date 2029-06-07",
            "epct data validate - --json < voters.csv",
        ],
    ),
    leaf(
        "data generate",
        false,
        &[],
        &["epct data generate --rows 1000 --nationalities FR,DE --out sample.csv"],
    ),
    leaf(
        "data match",
        false,
        &[4],
        &[
            "epct data match --roll roll.csv --columns id=ROLL_ID,surname=NOM,given_names=PRENOMS,date_of_birth=NE_LE BE-to-FR-EP-2029-2029-03-01-voters.csv --out review.csv",
            "epct data match --roll roll.csv --received-dir received/ --out review.json",
        ],
    ),
    leaf(
        "exchange send",
        true,
        &[4, 5, 6],
        &[
            "epct exchange send voters.csv --out-dir outbox --key sign-2026",
            "epct exchange send voters.csv --out-dir outbox --key sign-2026 --platform https://platform.example/dav",
        ],
    ),
    leaf(
        "exchange receive",
        true,
        &[3, 5, 6],
        &["epct exchange receive inbox --out-dir received --key sign-2026"],
    ),
    leaf(
        "exchange status",
        false,
        &[3, 6],
        &[
            "epct exchange status --out-dir outbox --deadline 2029-05-01",
            "epct exchange status --platform https://platform.example/dav --from BE",
        ],
    ),
    leaf(
        "exchange log",
        false,
        &[],
        &["epct exchange log", "epct exchange log --json"],
    ),
    leaf(
        "exchange platform-layout",
        false,
        &[],
        &["epct exchange platform-layout --states BE,FR,DE"],
    ),
    leaf(
        "trust import",
        false,
        &[3],
        &[
            "epct trust import eu-lotl.xml --signer-cert lotl-signer.pem",
            "epct trust import BE-tl.xml",
        ],
    ),
    leaf(
        "trust list",
        false,
        &[],
        &["epct trust list", "epct trust list --json"],
    ),
    leaf(
        "trust check",
        false,
        &[3],
        &["epct trust check signer.pem --at 2026-11-25"],
    ),
    leaf(
        "partners import",
        false,
        &[],
        &["epct partners import partners.csv"],
    ),
    leaf("partners list", false, &[], &["epct partners list"]),
    leaf(
        "completions",
        false,
        &[],
        &["epct completions bash > ~/.local/share/bash-completion/completions/epct"],
    ),
    leaf(
        "man",
        false,
        &[],
        &[
            "epct man --out-dir ~/.local/share/man/man1",
            "epct man | man -l -",
        ],
    ),
    leaf(
        "config show",
        false,
        &[],
        &[
            "epct config show",
            "epct --config site.toml config show --json",
        ],
    ),
];

/// What each exit code means, as every command's help lists it.
fn meaning(code: u8) -> &'static str {
    match code {
        0 => "success",
        1 => "other error",
        2 => "usage error (command line, configuration, URI)",
        3 => "signature or trust verification failed",
        4 => "data validation failed",
        5 => "token or PIN error",
        6 => "platform or network error",
        _ => unreachable!("exit codes are 0 to 6"),
    }
}

/// A leaf command's examples and exit codes with their meanings, for its man page.
pub struct LeafSections {
    pub examples: &'static [&'static str],
    pub exit_codes: Vec<(u8, &'static str)>,
    /// What `--help` adds after the options for them, at the end of its after-help.
    pub help_text: String,
}

/// The sections of the leaf command at `path` (the words after `epct`), if it is one.
pub fn leaf_sections(path: &str) -> Option<LeafSections> {
    let leaf = LEAVES.iter().find(|l| l.path == path)?;
    Some(LeafSections {
        examples: leaf.examples,
        exit_codes: exit_codes(leaf).map(|code| (code, meaning(code))).collect(),
        help_text: after_help(leaf),
    })
}

fn exit_codes(leaf: &Leaf) -> impl Iterator<Item = u8> + '_ {
    [0, 1, 2].into_iter().chain(leaf.codes.iter().copied())
}

/// The text after a leaf command's options: its examples, then its exit codes.
fn after_help(leaf: &Leaf) -> String {
    let mut text = String::from("Examples:\n");
    for example in leaf.examples {
        writeln!(text, "  {example}").expect("writing to a String");
    }
    text.push_str("\nExit codes:\n");
    for code in exit_codes(leaf) {
        writeln!(text, "  {code}  {}", meaning(code)).expect("writing to a String");
    }
    text
}

/// Adds every leaf's examples and exit codes to `command`, and on the leaves that never
/// open a token gives them the token options as hidden copies of the global ones (clap
/// then passes them no global option of that name; the values still reach the top).
pub fn decorate(command: Command) -> Command {
    let token_options: Vec<Arg> = (command.get_arguments())
        .filter(|arg| TOKEN_OPTIONS.contains(&arg.get_id().as_str()))
        .map(|arg| arg.clone().hide(true))
        .collect();
    decorate_below(command, "", &token_options)
}

fn decorate_below(mut command: Command, prefix: &str, token_options: &[Arg]) -> Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let path = format!("{prefix}{name}");
        command = command.mut_subcommand(&name, |sub| {
            if sub.has_subcommands() {
                return decorate_below(sub, &format!("{path} "), token_options);
            }
            decorate_leaf(sub, &path, token_options)
        });
    }
    command
}

fn decorate_leaf(mut sub: Command, path: &str, token_options: &[Arg]) -> Command {
    let Some(leaf) = LEAVES.iter().find(|l| l.path == path) else {
        return sub;
    };
    let own = sub
        .get_after_help()
        .map(|text| format!("{text}\n\n"))
        .unwrap_or_default();
    sub = sub.after_help(format!("{own}{}", after_help(leaf)));
    if !leaf.token {
        sub = sub.args(token_options);
    }
    sub
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(command: &Command, prefix: &str, found: &mut Vec<String>) {
        for sub in command.get_subcommands() {
            let path = format!("{prefix}{}", sub.get_name());
            if sub.has_subcommands() {
                leaves(sub, &format!("{path} "), found);
            } else if sub.get_name() != "help" {
                found.push(path);
            }
        }
    }

    #[test]
    fn every_leaf_command_has_examples_and_exit_codes() {
        let mut found = Vec::new();
        leaves(&super::super::command(), "", &mut found);
        for path in &found {
            let leaf = LEAVES.iter().find(|l| l.path == path);
            assert!(
                leaf.is_some(),
                "no examples for 'epct {path}' in cli/help.rs"
            );
        }
        for leaf in LEAVES {
            assert!(
                found.iter().any(|p| p == leaf.path),
                "no command {}",
                leaf.path
            );
            assert!(!leaf.examples.is_empty() && leaf.examples.len() <= 2);
            assert!(
                leaf.examples
                    .iter()
                    .all(|e| e.starts_with("epct ") || e.contains("| epct "))
            );
        }
    }

    #[test]
    fn docs_json_md_documents_every_leaf_command() {
        let docs = include_str!("../../docs/json.md");
        for leaf in LEAVES {
            assert!(
                docs.contains(&format!("\n## `epct {}`\n", leaf.path)),
                "docs/json.md has no section for 'epct {}'",
                leaf.path
            );
        }
    }

    #[test]
    fn no_option_set_from_the_environment_is_required() {
        fn check(command: &Command) {
            for arg in command.get_arguments() {
                assert!(
                    !(arg.get_env().is_some() && arg.is_required_set()),
                    "{} --{:?} is required although the environment may set it",
                    command.get_name(),
                    arg.get_long()
                );
            }
            command.get_subcommands().for_each(check);
        }
        check(&super::super::command());
    }

    #[test]
    fn the_exit_codes_say_what_they_mean() {
        let text = after_help(&LEAVES[0]);
        assert!(text.contains("  5  token or PIN error"), "{text}");
        assert!(!text.contains("  4  "), "{text}");
    }
}
