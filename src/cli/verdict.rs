//! How a verdict on signers reads in text.

use epct::cms::SignerReport;
use epct::verdict::{SignerVerdict, Trust};

/// One block per signer: who, when, how, whether the signature is intact, and whether
/// the signer is trusted.
pub fn describe_verdicts(verdicts: &[SignerVerdict], indent: &str) -> String {
    let mut out = String::new();
    for verdict in verdicts {
        describe_signer(&mut out, &verdict.signature, indent);
        if let Some(a) = &verdict.authority {
            out.push_str(&format!(
                "{indent}  authority: {} ({}, {} in the partner directory)\n",
                a.authority, a.country, a.role
            ));
        }
        out.push_str(&format!(
            "{indent}  trust: {}\n",
            describe_trust(&verdict.trust)
        ));
    }
    out
}

fn describe_trust(trust: &Trust) -> String {
    match trust {
        Trust::Trusted(t) => {
            let status = t.status.rsplit('/').next().unwrap_or(&t.status);
            let revocation = if t
                .revocation
                .iter()
                .all(|r| matches!(r.revocation, epct::trust::Revocation::NotChecked))
            {
                "no CRL given"
            } else {
                "CRLs checked"
            };
            format!(
                "trusted at {} through {} ({}), service '{}' of '{}', {status} since {}{}; {revocation}",
                t.at,
                t.territory,
                format_args!("list {}", t.sequence),
                t.service,
                t.provider,
                t.status_since,
                if t.list_stale {
                    " (the list is past its next update)"
                } else {
                    ""
                },
            )
        }
        Trust::NotTrusted { reason, .. } => format!("NOT TRUSTED: {reason}"),
        Trust::NotChecked { reason } => format!("NOT CHECKED: {reason}"),
    }
}

fn describe_signer(out: &mut String, signer: &SignerReport, indent: &str) {
    match &signer.certificate {
        Some(c) => {
            out.push_str(&format!("{indent}signer: {}\n", c.subject));
            out.push_str(&format!(
                "{indent}  issued by: {} (serial {})\n",
                c.issuer, c.serial
            ));
        }
        None => out.push_str(&format!(
            "{indent}signer: unknown (certificate not in the file)\n"
        )),
    }
    if let Some(time) = &signer.signing_time {
        out.push_str(&format!("{indent}  signing time: {time}\n"));
    }
    if let Some(algorithm) = &signer.signature_algorithm {
        out.push_str(&format!("{indent}  signature: {algorithm}\n"));
    }
    let verdict = if signer.intact {
        if signer.legacy {
            "intact, but made with a legacy algorithm (accepted with --allow-legacy)".to_owned()
        } else {
            "intact".to_owned()
        }
    } else {
        format!(
            "NOT intact: {}",
            signer.problem.as_deref().unwrap_or("unknown reason")
        )
    };
    out.push_str(&format!("{indent}  integrity: {verdict}\n"));
    for counter in &signer.countersignatures {
        out.push_str(&format!("{indent}  counter-signed:\n"));
        describe_signer(out, counter, &format!("{indent}    "));
    }
}
