//! The ways the exchange itself fails, apart from those of the layers below.

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error(
        "cannot tell which state sends: list the sender's certificate in the partner directory (epct partners import) or give --from"
    )]
    UnknownSender,
    #[error(
        "no recipient of {country} in the partner directory; import its certificate (epct partners import) before sending"
    )]
    NoRecipients { country: String },
    #[error("the file has no valid row to send")]
    NothingToSend,
    #[error("the file cannot be sent: {0}")]
    BadHeader(String),
    #[error(
        "{rows} row(s) give a residence country other than {sender}, the sending state; correct them, or leave them out with --skip-invalid"
    )]
    WrongResidence { rows: u64, sender: String },
    #[error("'{0}' is not a directory")]
    NotADirectory(String),
    #[error("{count} file(s) of the exchange failed; see the report")]
    FilesFailed { count: usize },
}

impl ExchangeError {
    /// Errors about the data sent or received (exit code 4).
    pub fn is_invalid_data(&self) -> bool {
        matches!(
            self,
            ExchangeError::NothingToSend
                | ExchangeError::BadHeader(_)
                | ExchangeError::WrongResidence { .. }
        )
    }

    /// Errors that come from what the user typed or set up.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            ExchangeError::UnknownSender
                | ExchangeError::NoRecipients { .. }
                | ExchangeError::NotADirectory(_)
        )
    }
}
