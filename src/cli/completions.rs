//! `epct completions SHELL` and `epct man`: shell completions (clap_complete) and man
//! pages (clap_mangen), both made from the same clap definition as `--help`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use clap_complete::Shell;
use epct::output::{OutputError, write_file};
use serde::Serialize;

use roff::{Roff, bold, roman};

use super::context::Context;
use super::error::CliError;
use super::help::{LeafSections, leaf_sections};
use super::output::emit;
use super::stdout::Stdout;

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    shell: Shell,
}

/// Prints the completion script for the shell on standard output.
pub fn run_completions(args: &CompletionsArgs) -> Result<(), CliError> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut super::command(), "epct", &mut script);
    let mut out = Stdout::get();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .map_err(CliError::Stdout)
}

#[derive(Args)]
pub struct ManArgs {
    /// Write one page per command here (epct.1, epct-seal.1, ...) instead of printing
    /// epct(1) on standard output.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Replace pages that exist already.
    #[arg(long)]
    force: bool,
}

#[derive(Serialize)]
struct ManPages {
    pages: Vec<String>,
}

/// Prints epct(1), or writes every command's page into `--out-dir`.
pub fn run_man(ctx: &Context, args: &ManArgs) -> Result<(), CliError> {
    let mut command = super::command();
    // Built, each subcommand has its full name (epct-token-init) for its page.
    command.build();
    let Some(dir) = &args.out_dir else {
        let mut out = Stdout::get();
        return render_whole(&clap_mangen::Man::new(command))
            .and_then(|page| out.write_all(&page).and_then(|()| out.flush()))
            .map_err(CliError::Stdout);
    };
    std::fs::create_dir_all(dir).map_err(|e| OutputError::writing(dir, e))?;
    let mut pages = Vec::new();
    write_pages(&command, "", dir, args.force, &mut pages)?;
    let written = ManPages { pages };
    emit(ctx, &written, |w| {
        format!("wrote {} man pages into {}", w.pages.len(), dir.display())
    })
}

/// The page of `command` (at `words`, what follows `epct` on its command line) and of
/// every command below it, each written whole.
fn write_pages(
    command: &clap::Command,
    words: &str,
    dir: &Path,
    force: bool,
    written: &mut Vec<String>,
) -> Result<(), CliError> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() != "help" {
            let below = format!("{words} {}", sub.get_name());
            write_pages(sub, below.trim_start(), dir, force, written)?;
        }
    }
    let man = clap_mangen::Man::new(command.clone());
    let path = dir.join(man.get_filename());
    let page = match leaf_sections(words) {
        Some(sections) => render_leaf(&man, command, &sections),
        None => render_whole(&man),
    }
    .map_err(|e| OutputError::writing(&path, e))?;
    write_file(&path, &page, force)?;
    written.push(path.display().to_string());
    Ok(())
}

fn render_whole(man: &clap_mangen::Man) -> std::io::Result<Vec<u8>> {
    let mut page = Vec::new();
    man.render(&mut page)?;
    Ok(page)
}

/// A leaf command's page: clap_mangen's sections, then its own notes, EXAMPLES and
/// EXIT STATUS as man-pages(7) names them (clap_mangen alone would put the after-help
/// text that `--help` shows in one section called EXTRA).
fn render_leaf(
    man: &clap_mangen::Man,
    command: &clap::Command,
    sections: &LeafSections,
) -> std::io::Result<Vec<u8>> {
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    let mut roff = Roff::new();
    let after_help = command.get_after_help().map(|t| t.to_string());
    let notes = after_help.as_deref().unwrap_or_default();
    let notes = notes
        .strip_suffix(&sections.help_text)
        .unwrap_or(notes)
        .trim();
    if !notes.is_empty() {
        roff.control("SH", ["NOTES"]);
        notes.lines().for_each(|line| {
            roff.text([roman(line)]).control("br", []);
        });
    }
    roff.control("SH", ["EXAMPLES"]);
    for example in sections.examples {
        roff.control("TP", []).text([bold(*example)]);
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in &sections.exit_codes {
        roff.control("TP", []).text([bold(code.to_string())]);
        roff.text([roman(*meaning)]);
    }
    roff.to_writer(&mut page)?;
    Ok(page)
}
