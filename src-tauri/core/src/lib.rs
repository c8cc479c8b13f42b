//! Masthead's core: every behaviour of the app as plain Rust, with no Tauri in sight.
//!
//! The desktop shell (`src-tauri/`) and the `masthead-cli` tool are both thin adapters
//! over this crate, so anything an author can do in the window can also be done, and
//! tested, headless.

// Every public item says what it is for: the shell, the CLI and outside tools build on
// this API, and clippy's `-D warnings` in CI makes a missing doc an error.
#![warn(missing_docs)]

pub mod check;
pub mod error;
pub mod export;
pub mod feeds;
pub mod images;
pub mod library;
pub mod links;
pub mod model;
pub mod publish;
pub mod render;
pub mod sample;
pub mod send;
pub mod store;
pub mod theme;

pub use error::{Error, ErrorKind, Result};
pub use store::Store;
