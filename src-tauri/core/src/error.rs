//! The one error type of the core, with a stable `kind` the UI and CLI branch on.
//!
//! Messages are written for the author ("… was written by a newer version of Masthead"),
//! never raw library text alone; the `kind` never changes wording.

use std::path::PathBuf;

use serde::Serialize;

/// The core's result: [`Error`] unless another error type is named.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Stable, machine-readable error categories. The UI switches on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// What was asked for is not in the library (an issue, story, link… perhaps deleted meanwhile).
    NotFound,
    /// A value or a file was refused; the message says what was wrong and what is expected.
    Invalid,
    /// The library file is not an SQLite database; it was left untouched.
    NotADatabase,
    /// The library (or a backup being restored) is damaged; it was left untouched.
    Corrupt,
    /// The library was written by a newer Masthead; it was left untouched.
    NewerVersion,
    /// The library or its folder cannot be written.
    ReadOnly,
    /// Another Masthead window or process holds the library for now; trying again works.
    Busy,
    /// Reading or writing a file failed; the message says which and why.
    Io,
    /// SQLite reported an error not covered by the kinds above.
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

/// Everything that can go wrong in the core, each with a message for the author;
/// [`Error::kind`] gives its stable category.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// What was asked for is not in the library.
    #[error("{what} was not found")]
    NotFound {
        /// What was looked for, as the message names it (`link 12`).
        what: String,
    },

    /// A value or a file was refused: the message says what was wrong and what is expected.
    #[error("{0}")]
    Invalid(String),

    /// The file opened as the library is not an SQLite database.
    #[error("{path} is not a Masthead library (it is not an SQLite database); it was left untouched")]
    NotADatabase {
        /// The file that was opened.
        path: PathBuf,
    },

    /// The library, or a backup being restored, is damaged.
    #[error("the library {path} is damaged ({detail}); it was left untouched")]
    Corrupt {
        /// The damaged file.
        path: PathBuf,
        /// What is wrong with it: SQLite's finding, or the table it lacks.
        detail: String,
    },

    /// The library was written by a newer Masthead, with a schema this version does not know.
    #[error(
        "{path} was written by a newer version of Masthead (schema {found}, this version knows up to {supported}); \
         it was left untouched — update Masthead to open it"
    )]
    NewerVersion {
        /// The library file.
        path: PathBuf,
        /// The file's schema version.
        found: i64,
        /// The newest schema version this Masthead knows.
        supported: i64,
    },

    /// A file or folder the library needs cannot be created or written.
    #[error("cannot write to {path}: {detail}")]
    ReadOnly {
        /// The file or folder that cannot be written.
        path: PathBuf,
        /// Why, as the system or SQLite said it.
        detail: String,
    },

    /// Another Masthead window or process holds the library's lock for now.
    #[error("the library is busy in another Masthead window or process; try again in a moment")]
    Busy,

    /// Reading or writing a file failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, naming the file (`cannot create /path/to/folder`).
        context: String,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },

    /// SQLite reported an error that has no kind of its own.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

    /// A theme's template or `theme.toml` is broken.
    #[error("{0}")]
    Theme(crate::theme::ThemeError),

    /// A test send failed; the message names the server and what it refused.
    #[error("{0}")]
    Send(String),

    /// An email service refused or did not answer a publish; the message names the service and why.
    #[error("{0}")]
    Publish(String),

    /// A bug inside Masthead, not the author's doing; the text says what stopped.
    #[error("something went wrong inside Masthead ({0}); nothing was lost, try again")]
    Internal(String),
}

impl Error {
    /// The error's stable category, for the UI and the CLI to branch on.
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
    /// The error's stable category.
    pub kind: ErrorKind,
    /// The error's message, written for the author, ready to show.
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
