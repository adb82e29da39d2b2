//! How a verdict on signers reads in text.

use epct::cms::SignerReport;

/// One block per signer: who, when, how, and whether the signature is intact.
pub fn describe_signers(signers: &[SignerReport], indent: &str) -> String {
    let mut out = String::new();
    for signer in signers {
        describe_signer(&mut out, signer, indent);
    }
    out
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
