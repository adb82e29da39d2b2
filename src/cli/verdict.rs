//! How verdicts read in text: a signer's integrity, trust and authority, and a trust
//! verdict on its own (`trust check`). One renderer for each part.

use epct::cms::{SignerCheck, SignerReport};
use epct::trust::{Revocation, TrustVerdict};
use epct::verdict::{Binding, SignerVerdict, Trust};

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
        if let Some(binding) = describe_binding(&verdict.binding) {
            out.push_str(&format!("{indent}  recipients: {binding}\n"));
        }
    }
    out
}

/// A checked recipient binding on one line; nothing when it was not checked.
fn describe_binding(binding: &Binding) -> Option<String> {
    Some(match binding {
        Binding::NotChecked => return None,
        Binding::Bound {
            destination,
            file_name,
            ..
        } => format!(
            "bound: sealed for this key{}{}",
            destination
                .as_deref()
                .map(|d| format!(", for {d}"))
                .unwrap_or_default(),
            file_name
                .as_deref()
                .map(|n| format!(", as '{n}'"))
                .unwrap_or_default()
        ),
        Binding::NotBound { .. } => {
            "NOT BOUND to its recipients: the signature does not say for whom the file was made"
                .to_owned()
        }
        Binding::Misdirected { mismatch } => format!("MISDIRECTED: {mismatch}"),
    })
}

/// `trust check`: the whole trust verdict, a line per fact.
pub fn describe_trust_check(v: &TrustVerdict) -> String {
    let mut out = format!("trusted at {}\n", v.at);
    for (i, subject) in v.chain.iter().enumerate() {
        let label = if i == 0 { "chain:" } else { "" };
        out += &format!("  {label:<10}{subject}\n");
    }
    out += &format!(
        "  list:     {}, sequence {}{}\n  provider: {}\n  service:  {} ({})\n  status:   {} since {}\n",
        v.territory,
        v.sequence,
        if v.list_stale {
            " (stale at that time)"
        } else {
            ""
        },
        v.provider,
        v.service,
        v.service_type
            .rsplit("/Svctype/")
            .next()
            .unwrap_or_default(),
        short_status(v),
        v.status_since
    );
    for check in &v.revocation {
        out += &format!(
            "  revocation of {}: {}\n",
            check.subject,
            describe_revocation(&check.revocation)
        );
    }
    out
}

/// The status URI's last part: `granted`, `withdrawn`, ...
fn short_status(v: &TrustVerdict) -> &str {
    v.status.rsplit('/').next().unwrap_or(&v.status)
}

fn describe_revocation(revocation: &Revocation) -> String {
    match revocation {
        Revocation::NotChecked => "not checked (no CRL of its issuer given)".to_owned(),
        Revocation::NotRevoked { crl_issued } => format!("not revoked (CRL issued {crl_issued})"),
        Revocation::RevokedLater { revoked, reason } => format!(
            "revoked on {revoked}{}, after the time checked: valid then",
            reason
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        ),
    }
}

/// A signer's trust on one line.
fn describe_trust(trust: &Trust) -> String {
    match trust {
        Trust::Trusted(t) => {
            let revocation = if t
                .revocation
                .iter()
                .all(|r| matches!(r.revocation, Revocation::NotChecked))
            {
                "no CRL given"
            } else {
                "CRLs checked"
            };
            format!(
                "trusted at {} through {} (list {}), service '{}' of '{}', {} since {}{}; {revocation}",
                t.at,
                t.territory,
                t.sequence,
                t.service,
                t.provider,
                short_status(t),
                t.status_since,
                if t.list_stale {
                    " (the list is past its next update)"
                } else {
                    ""
                },
            )
        }
        Trust::NotTrusted { error } => format!("NOT TRUSTED: {error}"),
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
    let verdict = match &signer.check {
        SignerCheck::Intact { legacy: false } => "intact".to_owned(),
        SignerCheck::Intact { legacy: true } => {
            "intact, but made with a legacy algorithm (accepted with --allow-legacy)".to_owned()
        }
        SignerCheck::Failed(failure) => format!("NOT intact: {failure}"),
    };
    out.push_str(&format!("{indent}  integrity: {verdict}\n"));
    for counter in &signer.countersignatures {
        out.push_str(&format!("{indent}  counter-signed:\n"));
        describe_signer(out, counter, &format!("{indent}    "));
    }
}
