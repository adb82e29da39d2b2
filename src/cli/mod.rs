//! The command line: one module per command group, a context for the options that
//! every command shares, and the one place where errors become messages and exit codes.

mod args;
mod cert;
mod completions;
mod config_show;
mod context;
mod data;
mod data_match;
mod envelope;
mod error;
mod exchange;
mod files;
mod help;
mod inspect;
mod key;
mod output;
mod partners;
mod platform;
mod plural;
mod progress;
mod seal;
mod seal_check;
mod settings;
mod signature;
mod stdout;
mod table;
mod token;
mod trust;
mod trust_setup;
mod verdict;

use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use context::Context;
use error::CliError;

/// The help heading of the options that every command takes.
const GLOBAL: &str = "Global options";
/// The help heading of the options of every command that opens a token.
const TOKEN: &str = "Token options";

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  other error
  2  usage error (command line, configuration, URI)
  3  signature or trust verification failed
  4  data validation failed
  5  token or PIN error
  6  platform or network error (the exchange platform: unreachable, TLS, 401, 403, 404,
     quota, a cut transfer, a remote file that differs)";

/// Sign, encrypt and exchange voter and candidate files between EU Member States, with
/// keys on a smart card or HSM.
#[derive(Parser)]
#[command(name = "epct", version, after_help = EXIT_CODES, max_term_width = 100)]
struct Cli {
    /// Show no progress bars (they appear only on a terminal).
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    quiet: bool,
    /// Print machine-readable JSON on standard output.
    #[arg(long, global = true, help_heading = GLOBAL)]
    json: bool,
    /// Configuration file (TOML).
    #[arg(long, global = true, value_name = "FILE", env = "EPCT_CONFIG", help_heading = GLOBAL)]
    config: Option<PathBuf>,
    /// Say more about what is done.
    #[arg(short, long, global = true, action = clap::ArgAction::Count, help_heading = GLOBAL)]
    verbose: u8,
    /// PKCS#11 module (default: p11-kit proxy, OpenSC or SoftHSM2, the first found).
    #[arg(long, global = true, value_name = "PATH", env = "EPCT_PKCS11_MODULE", help_heading = TOKEN)]
    module: Option<PathBuf>,
    /// The string given to the module's C_Initialize (NSS softokn: "configdir='sql:DIR'
    /// certPrefix='' keyPrefix='' secmod='secmod.db' flags=").
    #[arg(
        long,
        global = true,
        value_name = "TEXT",
        env = "EPCT_PKCS11_INIT_ARGS",
        help_heading = TOKEN
    )]
    module_init_args: Option<String>,
    /// Token label: shorthand for token=LABEL in key URIs.
    #[arg(long, global = true, value_name = "LABEL", help_heading = TOKEN)]
    token: Option<String>,
    /// Where the PIN comes from: prompt, env:VAR, file:PATH or fd:N (never the PIN itself).
    #[arg(long, global = true, value_name = "SOURCE", help_heading = TOKEN)]
    pin_source: Option<String>,
    /// Force every output to disk before it is reported written, large ones too (slower:
    /// see docs/architecture.md); state files (trust store, partner directory, manifests,
    /// reports) always are.
    #[arg(long, global = true, help_heading = GLOBAL)]
    sync: bool,
    /// Trust store directory (default: epct/trust under the XDG data directory).
    #[arg(long, global = true, value_name = "DIR", env = "EPCT_TRUST_STORE", help_heading = GLOBAL)]
    trust_store: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Tokens: list, diagnose, initialise, change PINs.
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// Key pairs on a token.
    #[command(subcommand)]
    Key(key::KeyCommand),
    /// Certificates: requests, import, export, self-signed test certificates.
    #[command(subcommand)]
    Cert(cert::CertCommand),
    /// Sign a file with a token key, then encrypt it for the recipients and the sender.
    Seal(seal::SealArgs),
    /// Decrypt a sealed file with a token key, verify it, and only then write it out.
    Open(seal::OpenArgs),
    /// Sign a file (CAdES-BES), attached or detached.
    Sign(signature::SignArgs),
    /// Verify a signature made by epct, OpenSSL or an eID card.
    Verify(signature::VerifyArgs),
    /// Encrypt a file for recipients, without signing it.
    Encrypt(envelope::EncryptArgs),
    /// Decrypt an encrypted file with a token key.
    Decrypt(envelope::DecryptArgs),
    /// Describe the structure of any CMS file, without a key.
    Inspect(inspect::InspectArgs),
    /// Voter and candidate files: validate them, generate test files.
    #[command(subcommand)]
    Data(data::DataCommand),
    /// The exchange: send a file to every home state, receive theirs.
    #[command(subcommand)]
    Exchange(exchange::ExchangeCommand),
    /// Trusted lists: import, list, check a certificate against them.
    #[command(subcommand)]
    Trust(trust::TrustCommand),
    /// The partner directory: which authority uses which certificate.
    #[command(subcommand)]
    Partners(partners::PartnersCommand),
    /// Print the completion script for a shell.
    Completions(completions::CompletionsArgs),
    /// Print epct's man page, or write every command's page into a directory.
    Man(completions::ManArgs),
    /// The configuration: which file is in effect, every setting and its source.
    #[command(subcommand)]
    Config(config_show::ConfigCommand),
}

/// The one clap definition of the command line, with every leaf's examples and exit
/// codes: what parses, and what `--help`, the man pages and the completions show.
pub fn command() -> clap::Command {
    help::decorate(Cli::command())
}

/// Runs the command line and returns the process exit code.
pub fn run() -> std::process::ExitCode {
    let parsed = command()
        .try_get_matches()
        .and_then(|matches| Ok((Cli::from_arg_matches(&matches)?, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => return refuse_arguments(error, json_requested()),
    };
    epct::output::sync_large_outputs(cli.sync);
    progress::show_on_terminal(!cli.quiet);
    if let Command::Completions(args) = &cli.command {
        return finish(completions::run_completions(args), cli.json);
    }
    let result = Context::new(&cli, &matches).and_then(|ctx| match cli.command {
        Command::Token(command) => token::run(&ctx, command),
        Command::Key(command) => key::run(&ctx, command),
        Command::Cert(command) => cert::run(&ctx, command),
        Command::Seal(args) => seal::run_seal(&ctx, &args),
        Command::Open(args) => seal::run_open(&ctx, &args),
        Command::Sign(args) => signature::run_sign(&ctx, &args),
        Command::Verify(args) => signature::run_verify(&ctx, &args),
        Command::Encrypt(args) => envelope::run_encrypt(&ctx, &args),
        Command::Decrypt(args) => envelope::run_decrypt(&ctx, &args),
        Command::Inspect(args) => inspect::run(&ctx, &args),
        Command::Data(command) => data::run(&ctx, command),
        Command::Exchange(command) => exchange::run(&ctx, command),
        Command::Trust(command) => trust::run(&ctx, command),
        Command::Partners(command) => partners::run(&ctx, command),
        Command::Man(args) => completions::run_man(&ctx, &args),
        Command::Config(command) => config_show::run(&ctx, command),
        Command::Completions(_) => unreachable!("run before the context"),
    });
    finish(result, cli.json)
}

/// Prints the JSON reports held and gives the exit code of `result`.
fn finish(result: Result<(), CliError>, json: bool) -> std::process::ExitCode {
    match result.and_then(|()| output::print_json(None)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => fail(&error, json),
    }
}

/// Prints the error, as one line on standard error and, under `--json`, as a JSON
/// object on standard output (in the command's report, if it made one), and gives its
/// exit code.
fn fail(error: &CliError, json: bool) -> std::process::ExitCode {
    stdout::print_error_line(format_args!(
        "error: {}",
        output::escaped(&error.to_string())
    ));
    if json {
        // Nothing is left to report if standard output cannot take the object.
        let _ = output::print_json(Some(&error.report()));
    }
    std::process::ExitCode::from(error.exit_code() as u8)
}

/// Whether `--json` is among the arguments, for a command line that did not parse.
fn json_requested() -> bool {
    std::env::args_os()
        .skip(1)
        .take_while(|arg| arg != "--")
        .any(|arg| arg == "--json")
}

/// A value that one of epct's own parsers refused is one error line, as every other
/// error; clap reports the rest of the command line's mistakes (exit code 2), with a
/// JSON object under `--json` as well. Help and version are no mistakes.
fn refuse_arguments(error: clap::Error, json: bool) -> std::process::ExitCode {
    use std::error::Error as _;
    let ours = error
        .source()
        .and_then(|source| source.downcast_ref::<CliError>());
    match ours {
        Some(refusal) if error.kind() == ErrorKind::ValueValidation => fail(refusal, json),
        _ if json && error.use_stderr() => {
            let usage = CliError::Arguments(first_line(&error));
            let _ = error.print();
            let _ = output::print_json(Some(&usage.report()));
            std::process::ExitCode::from(usage.exit_code() as u8)
        }
        _ => error.exit(),
    }
}

/// The first line of clap's message, without its "error: ".
fn first_line(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let line = text.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_owned()
}
