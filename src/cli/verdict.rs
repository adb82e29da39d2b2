//! How verdicts read in text: a signer's integrity, trust and authority, and a trust
//! verdict on its own (`trust check`). One renderer for each part; every line goes out
//! through [`push_line`], escaped.

use epct::cms::{SignerCheck, SignerReport};
use epct::trust::{Revocation, TrustVerdict, format_time};
use epct::verdict::{
    AuthorityRule, Basis, Binding, NOT_IN_DIRECTORY, SignerVerdict, Trust, ValidatedAt,
};

use super::output::push_line;

/// One block per signer: who, when, how, whether the signature is intact, at what time
/// it was validated, whether the signer is trusted and which authority it is.
pub fn describe_verdicts(verdicts: &[SignerVerdict], rule: AuthorityRule, indent: &str) -> String {
    let mut out = String::new();
    for verdict in verdicts {
        describe_signer(&mut out, &verdict.signature, indent);
        let authority = match (&verdict.authority, rule) {
            (Some(a), _) => format!(
                "{indent}  authority: {} ({}, {} in the partner directory)",
                a.authority, a.country, a.role
            ),
            (None, AuthorityRule::AnySigner) => format!(
                "{indent}  authority: NONE: {NOT_IN_DIRECTORY}, accepted only because of --any-signer"
            ),
            (None, _) => format!("{indent}  authority: {NOT_IN_DIRECTORY}"),
        };
        push_line(&mut out, &authority);
        if let Some(validated) = &verdict.validated_at {
            push_line(
                &mut out,
                &format!("{indent}  validated at: {}", describe_validated(validated)),
            );
        }
        push_line(
            &mut out,
            &format!("{indent}  trust: {}", describe_trust(&verdict.trust)),
        );
        if let Some(binding) = describe_binding(&verdict.binding) {
            push_line(&mut out, &format!("{indent}  recipients: {binding}"));
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

fn describe_validated(v: &ValidatedAt) -> String {
    match &v.basis {
        Basis::Now => format!("{} (now: no time-stamp proves an earlier time)", v.at),
        Basis::TimeStamp {
            authority,
            service,
            territory,
        } => format!(
            "{} (proven by a time-stamp of '{authority}', service '{service}' of the {territory} list)",
            v.at
        ),
        Basis::Assumed { warning } => format!("{}, {warning}", v.at),
    }
}

/// `trust check`: the whole trust verdict, a line per fact.
pub fn describe_trust_check(v: &TrustVerdict) -> String {
    let mut out = String::new();
    push_line(&mut out, &format!("trusted at {}", v.at));
    for (i, subject) in v.chain.iter().enumerate() {
        let label = if i == 0 { "chain:" } else { "" };
        push_line(&mut out, &format!("  {label:<10}{subject}"));
    }
    let stale = if v.list_stale {
        " (stale at that time)"
    } else {
        ""
    };
    let service_type = v.service_type.rsplit("/Svctype/").next();
    for line in [
        format!(
            "  list:     {}, sequence {}{stale}",
            v.territory, v.sequence
        ),
        format!("  provider: {}", v.provider),
        format!(
            "  service:  {} ({})",
            v.service,
            service_type.unwrap_or_default()
        ),
        format!("  status:   {} since {}", short_status(v), v.status_since),
    ] {
        push_line(&mut out, &line);
    }
    for check in &v.revocation {
        push_line(
            &mut out,
            &format!(
                "  revocation of {}: {}",
                check.subject,
                describe_revocation(&check.revocation)
            ),
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
            push_line(out, &format!("{indent}signer: {}", c.subject));
            push_line(
                out,
                &format!("{indent}  issued by: {} (serial {})", c.issuer, c.serial),
            );
        }
        None => push_line(
            out,
            &format!("{indent}signer: unknown (certificate not in the file)"),
        ),
    }
    if let Some(time) = &signer.signing_time {
        push_line(out, &format!("{indent}  signing time: {time}"));
    }
    if let Some(algorithm) = &signer.signature_algorithm {
        push_line(out, &format!("{indent}  signature: {algorithm}"));
    }
    let verdict = match &signer.check {
        SignerCheck::Intact { legacy: false } => "intact".to_owned(),
        SignerCheck::Intact { legacy: true } => {
            "intact, but made with a legacy algorithm (accepted with --allow-legacy)".to_owned()
        }
        SignerCheck::Failed(failure) => format!("NOT intact: {failure}"),
    };
    push_line(out, &format!("{indent}  integrity: {verdict}"));
    for stamp in &signer.time_stamps {
        let when = stamp
            .gen_time
            .map(format_time)
            .unwrap_or_else(|| "unknown time".to_owned());
        let line = match &stamp.problem {
            None => format!("{indent}  time-stamp: {when}, intact"),
            Some(problem) => format!("{indent}  time-stamp: NOT usable: {problem}"),
        };
        push_line(out, &line);
    }
    for counter in &signer.countersignatures {
        push_line(out, &format!("{indent}  counter-signed:"));
        describe_signer(out, counter, &format!("{indent}    "));
    }
}
