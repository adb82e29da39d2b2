//! What the file commands share: inputs (DER or PEM), outputs that appear whole or not
//! at all, recipient certificates, and algorithm choices.

use std::fs::File;
use std::path::{Path, PathBuf};

use epct::Error;
use epct::algorithms::SignatureAlgorithm;
use epct::cms::{AesKeySize, ContentCipher, Input, Output};
use epct::output::OutputFile;
use epct::x509::read_certificates;
use x509_cert::Certificate;

/// The input file, DER/BER or PEM.
pub fn open_input(path: &Path) -> Result<Input<File>, Error> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(read_error)?;
    Input::sniff(file).map_err(read_error)
}

/// The output file, refused if it exists unless `force`; PEM with `pem`.
pub fn create_output(path: &Path, force: bool, pem: bool) -> Result<Output<OutputFile>, Error> {
    let file = OutputFile::create(path, force)?;
    Output::new(file, pem).map_err(|source| Error::Write {
        path: path.to_owned(),
        source,
    })
}

/// Writes the PEM footer if any and moves the output into place.
pub fn commit_output(output: Output<OutputFile>, path: &Path) -> Result<(), Error> {
    output
        .finish()
        .map_err(|source| Error::Write {
            path: path.to_owned(),
            source,
        })?
        .commit()
}

/// Every certificate in these files (PEM files may hold several).
pub fn read_certificate_files(paths: &[PathBuf]) -> Result<Vec<Certificate>, Error> {
    let mut certificates = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        certificates.extend(read_certificates(&bytes, &path.display().to_string())?);
    }
    Ok(certificates)
}

/// `--signature-algorithm`, when given.
pub fn signature_algorithm(name: Option<&str>) -> Result<Option<SignatureAlgorithm>, Error> {
    name.map(|n| {
        n.parse::<SignatureAlgorithm>()
            .map_err(|e| Error::Usage(e.to_string()))
    })
    .transpose()
}

/// `--cipher`: aes256-gcm (the default), aes128-gcm, aes256-cbc, aes128-cbc.
pub fn content_cipher(name: &str) -> Result<ContentCipher, Error> {
    match name {
        "aes256-gcm" => Ok(ContentCipher::Gcm(AesKeySize::Aes256)),
        "aes128-gcm" => Ok(ContentCipher::Gcm(AesKeySize::Aes128)),
        "aes256-cbc" => Ok(ContentCipher::Cbc(AesKeySize::Aes256)),
        "aes128-cbc" => Ok(ContentCipher::Cbc(AesKeySize::Aes128)),
        other => Err(Error::Usage(format!(
            "unknown cipher '{other}'; use aes256-gcm (the default) or aes256-cbc for receivers without GCM"
        ))),
    }
}
