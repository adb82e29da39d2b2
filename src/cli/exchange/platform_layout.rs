//! `epct exchange platform-layout`: the platform's folders and, for Apache httpd, the
//! access rules that its administrator sets (docs/platform.md).

use epct::country::Country;
use epct::platform::layout;
use serde::Serialize;

use crate::cli::context::Context;
use crate::cli::error::CliError;
use crate::cli::output::emit;

#[derive(clap::Args)]
pub struct LayoutArgs {
    /// The states of the exchange.
    #[arg(long, value_name = "CC,...", value_delimiter = ',', required = true)]
    states: Vec<Country>,
    /// The URL path of the exchange's root on the server, for the Apache rules.
    #[arg(long, value_name = "PATH", default_value = "/epct")]
    url_path: String,
    /// The htpasswd file with one account per state, named by its code.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "/etc/apache2/epct.htpasswd"
    )]
    htpasswd: String,
}

#[derive(Serialize)]
struct Layout {
    folders: Vec<String>,
    apache: String,
}

pub fn run(ctx: &Context, args: &LayoutArgs) -> Result<(), CliError> {
    let mut states = args.states.clone();
    states.sort_by_key(|s| s.code());
    states.dedup();
    let url_path = format!("/{}", args.url_path.trim_matches('/'));
    let layout = Layout {
        folders: layout::folders(&states),
        apache: layout::apache_rules(&states, &url_path, &args.htpasswd),
    };
    emit(ctx, &layout, |l| {
        let mut text = String::from("# Folders, under the platform's root:\n");
        for folder in &l.folders {
            text.push_str(&format!("#   {folder}\n"));
        }
        text + &l.apache
    })?;
    Ok(())
}
