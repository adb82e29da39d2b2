//! What the file commands share: inputs (DER or PEM; `-` for standard input, each
//! counted by a progress bar), outputs that appear whole or not at all (or go to
//! standard output for `--out -` where that is safe), recipient certificates, and
//! algorithm choices.

use std::fs::File;
use std::io::{self, Write};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};

use epct::Error;
use epct::algorithms::SignatureAlgorithm;
use epct::cms::{Input, Output, VerifyOptions};
use epct::input::{self, Limit, read_bounded};
use epct::output::{OutputError, OutputFile};
use epct::trust::{Partners, read_crls};
use epct::verdict::{Accepted, HeldContent, HeldStream};
use epct::x509::read_certificates;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use indicatif::ProgressBarIter;

use super::args::SignatureArgs;
use super::context::Context;
use super::error::CliError;
use super::output::warn;
use super::progress;
use super::stdout::{Stdout, carry_content};
use super::trust_setup::TrustSetup;

/// The path that names the standard streams: `-` as input, `--out -`.
pub fn is_stream(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Opens `path` for reading; `-` is standard input, as a copy of its descriptor, so
/// that it reads as any file does (a pipe or FIFO, or a redirected file).
pub fn open_file(path: &Path) -> Result<File, CliError> {
    let opened = if is_stream(path) {
        io::stdin().as_fd().try_clone_to_owned().map(File::from)
    } else {
        File::open(path)
    };
    Ok(opened.map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?)
}

/// `file`, counted by a progress bar labelled `what` as it is read: its size where it
/// is a regular file, a running count otherwise.
pub fn with_progress(file: File, what: &str) -> ProgressBarIter<File> {
    let size = (file.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len());
    progress::bytes(what, size).wrap_read(file)
}

/// The input file, DER/BER or PEM (`-`: standard input), with its progress bar.
pub fn open_input(path: &Path, what: &str) -> Result<Input<ProgressBarIter<File>>, CliError> {
    let file = with_progress(open_file(path)?, what);
    Ok(Input::sniff(file).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?)
}

/// Where a signed or encrypted file goes: a file that appears whole at commit, or
/// standard output for `--out -` (no plaintext ever goes this way before it verified).
pub enum Destination {
    File(OutputFile),
    Stdout(Stdout),
}

impl Write for Destination {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Destination::File(file) => file.write(buf),
            Destination::Stdout(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Destination::File(file) => file.flush(),
            Destination::Stdout(out) => out.flush(),
        }
    }
}

/// The output for a signed or encrypted file: `-` is standard output, which then
/// carries it (the report goes to standard error); else a file, refused if it exists
/// unless `force`. PEM with `pem`.
pub fn create_destination(
    path: &Path,
    force: bool,
    pem: bool,
) -> Result<Output<Destination>, CliError> {
    let destination = if is_stream(path) {
        carry_content();
        Destination::Stdout(Stdout::get())
    } else {
        Destination::File(OutputFile::create(path, force)?)
    };
    Ok(Output::new(destination, pem).map_err(|e| OutputError::writing(path, e))?)
}

/// Writes the PEM footer if any, then moves the file into place or flushes standard
/// output.
pub fn commit_destination(output: Output<Destination>, path: &Path) -> Result<(), CliError> {
    match output.finish().map_err(|e| OutputError::writing(path, e))? {
        Destination::File(file) => Ok(file.commit()?),
        Destination::Stdout(mut out) => out.flush().map_err(CliError::Stdout),
    }
}

/// Copies content that was held in a private file until it checked out (`--out -` of
/// `open`, `decrypt` and `verify`), from its start, to standard output, which then
/// carries it.
pub fn copy_to_stdout(mut held: File) -> Result<(), CliError> {
    carry_content();
    let mut out = Stdout::get();
    io::copy(&mut held, &mut out)
        .and_then(|_| out.flush())
        .map_err(CliError::Stdout)
}

/// Where `open` and `verify` keep the content until the verdict accepts it: beside
/// the output file, or for `--out -` in a private file whose content goes to standard
/// output once accepted.
pub enum Held {
    File(HeldContent),
    Stream(HeldStream),
}

impl Held {
    pub fn create(path: &Path, force: bool) -> Result<Self, CliError> {
        if is_stream(path) {
            let stream = HeldStream::create().map_err(|e| OutputError::writing(path, e))?;
            return Ok(Held::Stream(stream));
        }
        Ok(Held::File(HeldContent::create(path, force)?))
    }

    pub fn sink(&mut self) -> &mut dyn Write {
        match self {
            Held::File(held) => held,
            Held::Stream(held) => held,
        }
    }

    /// Moves the content into place, or copies it to standard output.
    pub fn release(self, accepted: &Accepted) -> Result<(), CliError> {
        match self {
            Held::File(held) => Ok(held.release(accepted)?),
            Held::Stream(held) => copy_to_stdout(held.release(accepted).map_err(CliError::Stdout)?),
        }
    }
}

/// Makes the output directory `dir` (and its parents) when nothing is there; anything
/// else there is left to the job, which refuses what is not a directory.
pub fn make_missing_dir(dir: &Path) -> Result<(), CliError> {
    if dir.symlink_metadata().is_ok() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|source| {
        Error::Write {
            path: dir.to_owned(),
            source,
        }
        .into()
    })
}

/// Warns that the input `path` had `count` zero bytes after its CMS structure, if any.
pub fn warn_trailing_zeros(path: &Path, count: u64) {
    if count > 0 {
        warn(&format!(
            "{} has {count} zero bytes after the end of its CMS structure (padding, as some eID software adds); they were ignored",
            path.display()
        ));
    }
}

/// Everything `parse` finds in these files, in order.
fn read_all<T, E: Into<Error>>(
    paths: &[PathBuf],
    limit: Limit,
    parse: impl Fn(&[u8], &str) -> Result<Vec<T>, E>,
) -> Result<Vec<T>, CliError> {
    let mut found = Vec::new();
    for path in paths {
        let bytes = read_bounded(path, limit).map_err(Error::from)?;
        found
            .extend(parse(&bytes, &path.display().to_string()).map_err(|e| -> Error { e.into() })?);
    }
    Ok(found)
}

/// Every certificate in these files (PEM files may hold several).
pub fn read_certificate_files(paths: &[PathBuf]) -> Result<Vec<Certificate>, CliError> {
    read_all(paths, input::CERTIFICATE, read_certificates)
}

/// How the commands that sign choose the signature and what goes with it.
#[derive(clap::Args)]
pub struct SignerArgs {
    /// Certificates of the signer's chain to include (PEM or DER).
    #[arg(long, value_name = "PEM")]
    chain: Vec<PathBuf>,
    #[command(flatten)]
    signature: SignatureArgs,
}

impl SignerArgs {
    /// The chain's certificates and the signature algorithm, when chosen.
    pub fn read(&self) -> Result<(Vec<Certificate>, Option<SignatureAlgorithm>), CliError> {
        Ok((
            read_certificate_files(&self.chain)?,
            self.signature.algorithm(),
        ))
    }
}

/// How the commands that read signatures check them.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// Accept SHA-1 signatures and RSA keys under 2048 bits (reported as legacy).
    #[arg(long)]
    pub allow_legacy: bool,
    /// Certificates to find signers among, if the file lacks them.
    #[arg(long = "signer-cert", value_name = "PEM")]
    signer_certs: Vec<PathBuf>,
    /// CRLs to check the signers' certificate paths against (PEM or DER, repeatable;
    /// default: the configuration's crl and crl-dir).
    #[arg(long = "crl", value_name = "FILE")]
    pub crls: Vec<PathBuf>,
    /// Do not check the signers against the trusted lists; the verdict says so.
    #[arg(long)]
    no_trust_check: bool,
    /// Intermediate CA certificates for the signer's path, if the file lacks them (PEM
    /// or DER, repeatable); never taken as signers.
    #[arg(long, value_name = "PEM")]
    chain: Vec<PathBuf>,
}

impl CheckArgs {
    pub fn verify_options(&self) -> Result<VerifyOptions, CliError> {
        Ok(VerifyOptions {
            allow_legacy: self.allow_legacy,
            extra_certificates: read_certificate_files(&self.signer_certs)?,
        })
    }

    pub fn trust(&self, ctx: &Context) -> Result<TrustSetup, CliError> {
        TrustSetup::new(
            ctx,
            self.no_trust_check,
            &self.crls,
            read_certificate_files(&self.chain)?,
        )
    }
}

/// Every CRL in these files (PEM or DER).
pub fn read_crl_files(paths: &[PathBuf]) -> Result<Vec<CertificateList>, CliError> {
    read_all(paths, input::CRL, read_crls)
}

/// The recipients `--to` names: a certificate file, or else a country code or an
/// authority name of the partner directory.
pub fn resolve_recipients(ctx: &Context, names: &[String]) -> Result<Vec<Certificate>, CliError> {
    let mut certificates = Vec::new();
    let mut partners = None;
    for name in names {
        let path = Path::new(name);
        if path.is_file() {
            certificates.extend(read_certificate_files(&[path.to_owned()])?);
            continue;
        }
        if partners.is_none() {
            partners = Some(Partners::load(&ctx.trust_store()?)?);
        }
        let directory = partners.as_ref().expect("loaded above");
        certificates.extend(directory.recipients(name)?);
    }
    Ok(certificates)
}
