//! What the file commands share: inputs (DER or PEM), outputs that appear whole or not
//! at all, recipient certificates, and algorithm choices.

use std::fs::File;
use std::path::{Path, PathBuf};

use epct::Error;
use epct::algorithms::SignatureAlgorithm;
use epct::cms::{Input, Output, VerifyOptions};
use epct::input::{self, Limit, read_bounded};
use epct::output::{OutputError, OutputFile};
use epct::trust::{Partners, read_crls};
use epct::x509::read_certificates;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::args::SignatureArgs;
use super::context::Context;
use super::error::CliError;
use super::output::warn;
use super::trust_setup::TrustSetup;

/// The input file, DER/BER or PEM.
pub fn open_input(path: &Path) -> Result<Input<File>, CliError> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(read_error)?;
    Ok(Input::sniff(file).map_err(read_error)?)
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

/// The output file, refused if it exists unless `force`; PEM with `pem`.
pub fn create_output(path: &Path, force: bool, pem: bool) -> Result<Output<OutputFile>, CliError> {
    let file = OutputFile::create(path, force)?;
    Ok(Output::new(file, pem).map_err(|e| OutputError::writing(path, e))?)
}

/// Writes the PEM footer if any and moves the output into place.
pub fn commit_output(output: Output<OutputFile>, path: &Path) -> Result<(), CliError> {
    let file = output.finish().map_err(|e| OutputError::writing(path, e))?;
    Ok(file.commit()?)
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
    /// CRLs to check the signers' certificate paths against (PEM or DER, repeatable).
    #[arg(long = "crl", value_name = "FILE")]
    pub crls: Vec<PathBuf>,
    /// Do not check the signers against the trusted lists; the verdict says so.
    #[arg(long)]
    no_trust_check: bool,
}

impl CheckArgs {
    pub fn verify_options(&self) -> Result<VerifyOptions, CliError> {
        Ok(VerifyOptions {
            allow_legacy: self.allow_legacy,
            extra_certificates: read_certificate_files(&self.signer_certs)?,
        })
    }

    pub fn trust(&self, ctx: &Context) -> Result<TrustSetup, CliError> {
        TrustSetup::new(ctx, self.no_trust_check, &self.crls)
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
