//! The one error type of the core, with a stable `kind` the UI and CLI branch on.
//!
//! Messages are written for the author ("… was written by a newer version of Masthead"),
//! never raw library text alone; the `kind` never changes wording.

use std::path::PathBuf;

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Stable, machine-readable error categories. The UI switches on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    NotFound,
    Invalid,
    NotADatabase,
    Corrupt,
    NewerVersion,
    ReadOnly,
    Busy,
    Io,
    Database,
    /// A theme's template or `theme.toml` is broken; the message names theme, file, line and column.
    Theme,
    /// A task inside Masthead stopped unexpectedly (a bug, not the author's doing).
    Internal,
    /// A test send failed; the message names the server and what it refused.
    Send,
    /// A service refused or did not answer a publish; the message names the service and why.
    Publish,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{what} was not found")]
    NotFound { what: String },

    #[error("{0}")]
    Invalid(String),

    #[error("{path} is not a Masthead library (it is not an SQLite database); it was left untouched")]
    NotADatabase { path: PathBuf },

    #[error("the library {path} is damaged ({detail}); it was left untouched")]
    Corrupt { path: PathBuf, detail: String },

    #[error(
        "{path} was written by a newer version of Masthead (schema {found}, this version knows up to {supported}); \
         it was left untouched — update Masthead to open it"
    )]
    NewerVersion { path: PathBuf, found: i64, supported: i64 },

    #[error("cannot write to {path}: {detail}")]
    ReadOnly { path: PathBuf, detail: String },

    #[error("the library is busy in another Masthead window or process; try again in a moment")]
    Busy,

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

    #[error("{0}")]
    Theme(crate::theme::ThemeError),

    #[error("{0}")]
    Send(String),

    #[error("{0}")]
    Publish(String),

    #[error("something went wrong inside Masthead ({0}); nothing was lost, try again")]
    Internal(String),
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Invalid(_) => ErrorKind::Invalid,
            Error::NotADatabase { .. } => ErrorKind::NotADatabase,
            Error::Corrupt { .. } => ErrorKind::Corrupt,
            Error::NewerVersion { .. } => ErrorKind::NewerVersion,
            Error::ReadOnly { .. } => ErrorKind::ReadOnly,
            Error::Busy => ErrorKind::Busy,
            Error::Io { .. } => ErrorKind::Io,
            Error::Database(_) => ErrorKind::Database,
            Error::Theme(_) => ErrorKind::Theme,
            Error::Internal(_) => ErrorKind::Internal,
            Error::Send(_) => ErrorKind::Send,
            Error::Publish(_) => ErrorKind::Publish,
        }
    }

    pub(crate) fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound { what: what.into() }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io { context: context.into(), source }
    }

    /// Maps SQLite's busy/locked codes to [`Error::Busy`] so callers see one kind for it.
    pub(crate) fn from_sqlite(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        match err.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => Error::Busy,
            _ => Error::Database(err),
        }
    }
}

/// An error and its sources as one line (`connection error: tls handshake failed`), each
/// message once: libraries often repeat their source's text in their own. Used to tell
/// one failure from another before saying it in the author's words.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(x) = src {
        let t = x.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        src = x.source();
    }
    s
}

/// What crosses to the UI and the CLI's `--json` output: the stable kind plus the message.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    pub message: String,
}

impl From<&Error> for ErrorPayload {
    fn from(e: &Error) -> Self {
        ErrorPayload { kind: e.kind(), message: e.to_string() }
    }
}

impl From<Error> for ErrorPayload {
    fn from(e: Error) -> Self {
        ErrorPayload::from(&e)
    }
}
