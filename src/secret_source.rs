//! Where a secret comes from: a token PIN, or the platform's password or ticket. A
//! secret is never a command-line value: it is typed at the terminal without echo, or
//! read from an environment variable, a file or a file descriptor. Every buffer that
//! held it is zeroised.
//!
//! A source is read with care (docs/threat-model.md, "PIN sources"): `fd:N` only for a
//! descriptor that was open when the process started ([`note_inherited_descriptors`])
//! and only once, never standard output or error; `file:` only for a regular file or
//! pipe that group and others cannot read; never more than [`MAX_PIN_LEN`] bytes.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::os::fd::FromRawFd;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::PathBuf;
use std::sync::Mutex;

use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::input;

/// The longest secret read from any source, in bytes ([`input::PIN_SOURCE`]); a
/// longer line is refused.
pub const MAX_PIN_LEN: usize = input::PIN_SOURCE.bytes as usize;
/// Descriptors at or above this are never secret sources.
pub const MAX_PIN_FD: i32 = 1024;

/// The descriptors below [`MAX_PIN_FD`] that were open when the process started and
/// have not been read for a secret yet, as a bit set; `None` until noted.
static INHERITED: Mutex<Option<[u64; MAX_PIN_FD as usize / 64]>> = Mutex::new(None);

/// Notes which descriptors the process inherited. The binary calls it first thing in
/// `main`, before it opens any file, so that `fd:N` can never name a file epct opened
/// itself. Without it, no `fd:N` source is read.
pub fn note_inherited_descriptors() {
    let mut open = [0u64; MAX_PIN_FD as usize / 64];
    for fd in 0..MAX_PIN_FD {
        // SAFETY: F_GETFD only asks whether the descriptor is open; it changes nothing.
        #[allow(unsafe_code, reason = "fcntl(F_GETFD) has no safe wrapper in std")]
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
        if flags >= 0 {
            open[fd as usize / 64] |= 1 << (fd % 64);
        }
    }
    *INHERITED.lock().unwrap_or_else(|e| e.into_inner()) = Some(open);
}

/// Takes `fd` out of the inherited set: `Ok` when it was inherited and not read yet.
fn take_inherited(fd: i32, secret: Secret) -> Result<(), String> {
    let mut inherited = INHERITED.lock().unwrap_or_else(|e| e.into_inner());
    let Some(open) = inherited.as_mut() else {
        return Err("the descriptors open at start were not noted".to_owned());
    };
    let (word, bit) = (fd as usize / 64, 1u64 << (fd % 64));
    if open[word] & bit == 0 {
        return Err(format!(
            "it was not open when epct started, or a secret was already read from it; \
             open it for epct, one descriptor per {noun} (e.g. {fd}<secret-file)",
            noun = secret.noun
        ));
    }
    open[word] &= !bit;
    Ok(())
}

/// What a secret is, for the messages about its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Secret {
    /// What it is called in a message: "PIN", "platform password".
    pub noun: &'static str,
    /// The option that names its source.
    pub option: &'static str,
}

impl Secret {
    /// A token's PIN (`--pin-source`).
    pub const PIN: Secret = Secret {
        noun: "PIN",
        option: "--pin-source",
    };
    /// The exchange platform's password or ticket (`--platform-password-source`).
    pub const PLATFORM_PASSWORD: Secret = Secret {
        noun: "platform password",
        option: "--platform-password-source",
    };
}

/// A secret that could not be had from its source. No variant holds the secret.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The text given is not repeated: it may be the secret itself, typed by mistake.
    #[error(
        "the {noun} source is none that epct reads (not shown here: it may be the {noun} itself); give prompt, env:VAR, file:PATH or fd:N, never the {noun}"
    )]
    Malformed { noun: &'static str },
    #[error("no terminal to ask for the {noun} on; use {option} env:VAR, file:PATH or fd:N")]
    NoTerminal {
        noun: &'static str,
        option: &'static str,
    },
    #[error("refusing to read the {noun} from {source_name}: {reason}")]
    Refused {
        noun: &'static str,
        source_name: String,
        reason: String,
    },
    #[error("cannot read the {noun} from {source_name}: {reason}")]
    Unreadable {
        noun: &'static str,
        source_name: String,
        reason: String,
    },
}

impl SourceError {
    /// Whether the source was wrongly given (a usage error), not merely unreadable.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            SourceError::Malformed { .. } | SourceError::Refused { .. }
        )
    }
}

/// `prompt|env:VAR|file:PATH|fd:N`, as `--pin-source` or `--platform-password-source`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SecretSource {
    /// Asked at the terminal (`/dev/tty`), without echo.
    #[default]
    Prompt,
    Env(String),
    File(PathBuf),
    Fd(i32),
}

impl SecretSource {
    /// Parses the source of `secret`.
    pub fn parse(s: &str, secret: Secret) -> Result<Self, SourceError> {
        let bad = || SourceError::Malformed { noun: secret.noun };
        if s == "prompt" {
            return Ok(SecretSource::Prompt);
        }
        let (kind, value) = s.split_once(':').ok_or_else(bad)?;
        match kind {
            "env" if !value.is_empty() => Ok(SecretSource::Env(value.to_owned())),
            "file" if !value.is_empty() => Ok(SecretSource::File(PathBuf::from(value))),
            "fd" => match value.parse() {
                Ok(fd @ (1 | 2)) => Err(SourceError::Refused {
                    noun: secret.noun,
                    source_name: SecretSource::Fd(fd).to_string(),
                    reason: format!(
                        "it is standard output or error; give the {} on another \
                         descriptor, e.g. fd:3 with 3<secret-file",
                        secret.noun
                    ),
                }),
                Ok(fd) if (0..MAX_PIN_FD).contains(&fd) => Ok(SecretSource::Fd(fd)),
                _ => Err(bad()),
            },
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretSource::Prompt => f.write_str("the terminal"),
            SecretSource::Env(var) => write!(f, "environment variable {var}"),
            SecretSource::File(path) => write!(f, "file {}", path.display()),
            SecretSource::Fd(fd) => write!(f, "file descriptor {fd}"),
        }
    }
}

impl SecretSource {
    /// Reads one `secret`; `prompt` is shown when asking at the terminal.
    pub fn read(&self, secret: Secret, prompt: &str) -> Result<SecretString, SourceError> {
        let noun = secret.noun;
        let unreadable = |reason: String| SourceError::Unreadable {
            noun,
            source_name: self.to_string(),
            reason,
        };
        let refused = |reason: String| SourceError::Refused {
            noun,
            source_name: self.to_string(),
            reason,
        };
        let text: Zeroizing<String> = match self {
            SecretSource::Prompt => {
                if File::open("/dev/tty").is_err() {
                    return Err(SourceError::NoTerminal {
                        noun,
                        option: secret.option,
                    });
                }
                Zeroizing::new(
                    rpassword::prompt_password(prompt).map_err(|e| unreadable(e.to_string()))?,
                )
            }
            SecretSource::Env(var) => Zeroizing::new(
                std::env::var(var).map_err(|_| unreadable("it is not set".to_owned()))?,
            ),
            SecretSource::File(path) => {
                let mut file = File::open(path).map_err(|e| unreadable(e.to_string()))?;
                let meta = file.metadata().map_err(|e| unreadable(e.to_string()))?;
                if !meta.is_file() && !meta.file_type().is_fifo() {
                    return Err(refused(format!(
                        "it is not a regular file or a pipe; put the {noun} in a file"
                    )));
                }
                let mode = meta.permissions().mode() & 0o7777;
                if mode != 0o600 && mode != 0o400 {
                    return Err(refused(format!(
                        "its mode is {mode:04o}, and a {noun} file must be 0600 or 0400; run \
                         chmod 600 '{}'",
                        path.display()
                    )));
                }
                read_first_line(&mut file).map_err(|e| e.into_error(self, secret))?
            }
            SecretSource::Fd(fd) => {
                take_inherited(*fd, secret).map_err(refused)?;
                // SAFETY: the descriptor was open when the process started, so it is the
                // one the user handed to epct, not a file epct opened; it is taken out of
                // the inherited set, read once and closed.
                #[allow(unsafe_code, reason = "the descriptor was inherited, checked above")]
                let mut file = unsafe { File::from_raw_fd(*fd) };
                read_first_line(&mut file).map_err(|e| e.into_error(self, secret))?
            }
        };
        let value = text.trim_end_matches(['\r', '\n']);
        if value.len() > MAX_PIN_LEN {
            return Err(LineError::TooLong.into_error(self, secret));
        }
        if value.is_empty() {
            return Err(unreadable(format!("the {noun} is empty")));
        }
        Ok(SecretString::from(value.to_owned()))
    }
}

/// Why a first line could not be read.
enum LineError {
    TooLong,
    Other(String),
}

impl LineError {
    fn into_error(self, source: &SecretSource, secret: Secret) -> SourceError {
        let noun = secret.noun;
        match self {
            LineError::TooLong => SourceError::Refused {
                noun,
                source_name: source.to_string(),
                reason: format!(
                    "its first line is longer than {MAX_PIN_LEN} bytes; give the {noun} alone \
                     on the first line"
                ),
            },
            LineError::Other(reason) => SourceError::Unreadable {
                noun,
                source_name: source.to_string(),
                reason,
            },
        }
    }
}

/// The first line of `reader`, read byte by byte so that nothing after it is consumed,
/// and never more than [`MAX_PIN_LEN`] bytes and a line end (`/dev/zero` ends here).
fn read_first_line(reader: &mut impl Read) -> Result<Zeroizing<String>, LineError> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(MAX_PIN_LEN + 2));
    let mut byte = [0u8; 1];
    loop {
        match reader.read(&mut byte) {
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) if bytes.len() > MAX_PIN_LEN => return Err(LineError::TooLong),
            Ok(_) => bytes.push(byte[0]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(LineError::Other(e.to_string())),
        }
    }
    String::from_utf8(bytes.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| LineError::Other("it is not UTF-8".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use std::io::Write;

    #[test]
    fn prompt_env_fd_and_file_sources_parse_and_a_bare_pin_is_refused() {
        assert_eq!(
            SecretSource::parse("prompt", Secret::PIN).unwrap(),
            SecretSource::Prompt
        );
        assert_eq!(
            SecretSource::parse("env:P", Secret::PIN).unwrap(),
            SecretSource::Env("P".into())
        );
        assert_eq!(
            SecretSource::parse("fd:3", Secret::PIN).unwrap(),
            SecretSource::Fd(3)
        );
        assert_eq!(
            SecretSource::parse("file:/run/pin", Secret::PIN).unwrap(),
            SecretSource::File("/run/pin".into())
        );
        for bad in ["1234", "env:", "fd:x", "file:", "tty:1"] {
            assert!(matches!(
                SecretSource::parse(bad, Secret::PIN),
                Err(SourceError::Malformed { .. })
            ));
        }
    }

    #[test]
    fn file_source_reads_the_first_line_only() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        writeln!(file, "4321\r\nsecond line").unwrap();
        let pin = SecretSource::File(file.path().into())
            .read(Secret::PIN, "")
            .unwrap();
        assert_eq!(pin.expose_secret(), "4321");
    }

    #[test]
    fn empty_and_missing_pins_are_errors() {
        let file = tempfile::NamedTempFile::new().unwrap();
        let err = SecretSource::File(file.path().into())
            .read(Secret::PIN, "")
            .unwrap_err();
        assert!(err.to_string().contains("the PIN is empty"));
        let err = SecretSource::Env("EPCT_TEST_SURELY_UNSET".into())
            .read(Secret::PIN, "")
            .unwrap_err();
        assert!(err.to_string().contains("is not set"));
    }
}
