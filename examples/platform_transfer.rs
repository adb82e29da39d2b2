//! One upload or download through epct's platform client, for scripts/bench-platform.sh:
//! `platform_transfer upload|download URL CA PASSWORD-FILE FILE` as the account BE, to
//! and from `<root>/FR/BE/`.

use std::path::Path;
use std::time::Duration;

use epct::platform::{Platform, PlatformOptions, layout};
use secrecy::SecretString;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, what, url, ca, password, file] = &args[..] else {
        return Err("usage: platform_transfer upload|download URL CA PASSWORD-FILE FILE".into());
    };
    let password = std::fs::read_to_string(password)?;
    let platform = Platform::connect(&PlatformOptions {
        url: url.clone(),
        ca: Some(ca.into()),
        client_cert: None,
        client_key: None,
        user: Some("BE".to_owned()),
        password: Some(SecretString::from(password.trim().to_owned())),
        timeout: Duration::from_secs(60),
        retries: 0,
    })?;
    let folder = layout::folder("FR".parse()?, "BE".parse()?);
    let file = Path::new(file);
    let name = "BE-to-FR-2026-11-25-voters.p7m";
    if what == "upload" {
        platform.upload(file, &folder, name)?;
    } else {
        let dir = file.parent().ok_or("no folder")?;
        let local = file.file_name().ok_or("no name")?.to_string_lossy();
        platform.download(&folder.join(name), dir, &local)?;
    }
    Ok(())
}
