//! What the reading commands judge signers with: the trust store (unless
//! `--no-trust-check`), the partner directory when there is one, the CRLs given, and
//! the intermediate certificates given (`--chain`) for the signers' paths.

use std::path::PathBuf;

use epct::cms::SignerReport;
use epct::trust::{Partners, TrustStore};
use epct::verdict::{AuthorityRule, Rules, TrustPolicy, ValidationTime, Verdict, judge};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;

use super::context::Context;
use super::error::CliError;
use super::files::read_crl_files;

/// How to judge trust: `--no-trust-check` skips it; otherwise the trust store.
pub struct TrustSetup {
    store: Option<TrustStore>,
    partners: Option<Partners>,
    crls: Vec<CertificateList>,
    intermediates: Vec<Certificate>,
}

impl TrustSetup {
    pub fn new(
        ctx: &Context,
        no_trust_check: bool,
        crls: &[PathBuf],
        intermediates: Vec<Certificate>,
    ) -> Result<Self, CliError> {
        let crls = read_crl_files(&ctx.crl_files(crls)?)?;
        // Without a trust check, the partner directory still names the signer if it can.
        let store = match ctx.trust_store() {
            Ok(store) => Some(store),
            Err(_) if no_trust_check => None,
            Err(e) => return Err(e),
        };
        let partners = store.as_ref().and_then(|s| Partners::load(s).ok());
        Ok(TrustSetup {
            store: store.filter(|_| !no_trust_check),
            partners,
            crls,
            intermediates,
        })
    }

    /// The verdict on these signers, validated at `time`, with the partner directory's
    /// `authority` rule; the file's `certificates` and the intermediates given build the
    /// signers' paths. Only its `accept()` releases content.
    pub fn judge(
        &self,
        signers: Vec<SignerReport>,
        certificates: &[Certificate],
        time: ValidationTime,
        authority: AuthorityRule,
    ) -> Verdict {
        let trust = match &self.store {
            Some(store) => TrustPolicy::Lists {
                store,
                crls: &self.crls,
            },
            None => TrustPolicy::Skipped,
        };
        let rules = Rules {
            trust,
            partners: self.partners.as_ref(),
            time,
            authority,
        };
        let pool: Vec<Certificate> = certificates
            .iter()
            .chain(&self.intermediates)
            .cloned()
            .collect();
        judge(signers, &pool, &rules)
    }
}
