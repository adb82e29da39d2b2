//! Certificates from PEM or DER bytes, and PEM output.

use der::{Decode, EncodePem};
use x509_cert::Certificate;
use x509_cert::request::CertReq;

use super::X509Error;

/// Every certificate in `bytes`: one DER certificate, or any number of PEM ones.
/// `origin` names the input in errors; a certificate request is told apart.
pub fn read_certificates(bytes: &[u8], origin: &str) -> Result<Vec<Certificate>, X509Error> {
    let text = String::from_utf8_lossy(bytes);
    if text.contains("CERTIFICATE REQUEST-----") || CertReq::from_der(bytes).is_ok() {
        return Err(X509Error::Request(origin.to_owned()));
    }
    if text.contains("-----BEGIN") {
        let certs = Certificate::load_pem_chain(bytes).map_err(|e| X509Error::Malformed {
            what: "PEM certificate",
            reason: e.to_string(),
        })?;
        if certs.is_empty() {
            return Err(X509Error::NoCertificate(origin.to_owned()));
        }
        return Ok(certs);
    }
    Certificate::from_der(bytes)
        .map(|c| vec![c])
        .map_err(|_| X509Error::NoCertificate(origin.to_owned()))
}

/// The first certificate in `bytes`.
pub fn read_certificate(bytes: &[u8], origin: &str) -> Result<Certificate, X509Error> {
    Ok(read_certificates(bytes, origin)?.remove(0))
}

/// PEM text of any DER-encodable value, with the given label.
pub fn to_pem<T: EncodePem>(value: &T) -> Result<String, X509Error> {
    value
        .to_pem(der::pem::LineEnding::LF)
        .map_err(X509Error::malformed("PEM output"))
}
