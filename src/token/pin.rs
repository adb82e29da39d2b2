//! Where a PIN comes from. A PIN is never a command-line value: it is typed at the
//! terminal without echo, or read from an environment variable, a file or a file
//! descriptor. Every buffer that held it is zeroised.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::os::fd::FromRawFd;
use std::path::PathBuf;
use std::str::FromStr;

use secrecy::SecretString;
use zeroize::Zeroizing;

use super::TokenError;

/// `--pin-source prompt|env:VAR|file:PATH|fd:N`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PinSource {
    /// Asked at the terminal (`/dev/tty`), without echo.
    #[default]
    Prompt,
    Env(String),
    File(PathBuf),
    Fd(i32),
}

impl FromStr for PinSource {
    type Err = TokenError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || TokenError::BadPinSource(s.to_owned());
        if s == "prompt" {
            return Ok(PinSource::Prompt);
        }
        let (kind, value) = s.split_once(':').ok_or_else(bad)?;
        match kind {
            "env" if !value.is_empty() => Ok(PinSource::Env(value.to_owned())),
            "file" if !value.is_empty() => Ok(PinSource::File(PathBuf::from(value))),
            "fd" => value.parse().map(PinSource::Fd).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for PinSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PinSource::Prompt => f.write_str("the terminal"),
            PinSource::Env(var) => write!(f, "environment variable {var}"),
            PinSource::File(path) => write!(f, "file {}", path.display()),
            PinSource::Fd(fd) => write!(f, "file descriptor {fd}"),
        }
    }
}

impl PinSource {
    /// Reads one PIN; `prompt` is shown when asking at the terminal.
    pub fn read(&self, prompt: &str) -> Result<SecretString, TokenError> {
        let unreadable = |reason: String| TokenError::PinUnreadable {
            source_name: self.to_string(),
            reason,
        };
        let text: Zeroizing<String> = match self {
            PinSource::Prompt => {
                if File::open("/dev/tty").is_err() {
                    return Err(TokenError::NoTerminal);
                }
                Zeroizing::new(
                    rpassword::prompt_password(prompt).map_err(|e| unreadable(e.to_string()))?,
                )
            }
            PinSource::Env(var) => Zeroizing::new(
                std::env::var(var).map_err(|_| unreadable("it is not set".to_owned()))?,
            ),
            PinSource::File(path) => {
                let mut file = File::open(path).map_err(|e| unreadable(e.to_string()))?;
                read_first_line(&mut file).map_err(unreadable)?
            }
            PinSource::Fd(fd) => {
                if *fd < 0 {
                    return Err(unreadable("not a file descriptor".to_owned()));
                }
                // SAFETY: the user handed this descriptor to epct to read the PIN from;
                // it is read once and closed.
                #[allow(unsafe_code, reason = "the user vouches for the descriptor")]
                let mut file = unsafe { File::from_raw_fd(*fd) };
                read_first_line(&mut file).map_err(unreadable)?
            }
        };
        let pin = text.trim_end_matches(['\r', '\n']);
        if pin.is_empty() {
            return Err(unreadable("the PIN is empty".to_owned()));
        }
        Ok(SecretString::from(pin.to_owned()))
    }
}

/// The first line of `reader`, read byte by byte so that nothing after it is consumed.
fn read_first_line(reader: &mut impl Read) -> Result<Zeroizing<String>, String> {
    let mut bytes = Zeroizing::new(Vec::new());
    let mut byte = [0u8; 1];
    loop {
        match reader.read(&mut byte) {
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) => bytes.push(byte[0]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    String::from_utf8(bytes.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| "the PIN is not UTF-8".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use std::io::Write;

    #[test]
    fn prompt_env_fd_and_file_sources_parse_and_a_bare_pin_is_refused() {
        assert_eq!("prompt".parse::<PinSource>().unwrap(), PinSource::Prompt);
        assert_eq!(
            "env:P".parse::<PinSource>().unwrap(),
            PinSource::Env("P".into())
        );
        assert_eq!("fd:3".parse::<PinSource>().unwrap(), PinSource::Fd(3));
        assert_eq!(
            "file:/run/pin".parse::<PinSource>().unwrap(),
            PinSource::File("/run/pin".into())
        );
        for bad in ["1234", "env:", "fd:x", "file:", "tty:1"] {
            assert!(matches!(
                bad.parse::<PinSource>(),
                Err(TokenError::BadPinSource(_))
            ));
        }
    }

    #[test]
    fn file_source_reads_the_first_line_only() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        writeln!(file, "4321\r\nsecond line").unwrap();
        let pin = PinSource::File(file.path().into()).read("").unwrap();
        assert_eq!(pin.expose_secret(), "4321");
    }

    #[test]
    fn empty_and_missing_pins_are_errors() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let err = PinSource::File(file.path().into()).read("").unwrap_err();
        assert!(err.to_string().contains("the PIN is empty"));
        let err = PinSource::Env("EPCT_TEST_SURELY_UNSET".into())
            .read("")
            .unwrap_err();
        assert!(err.to_string().contains("is not set"));
    }
}
