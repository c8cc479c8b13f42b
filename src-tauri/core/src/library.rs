//! Where the author's library lives, and opening it the way the app and CLI both do.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::sample;
use crate::store::Store;

/// The environment variable that moves the library (tests, the CLI, a second library).
pub const DATA_DIR_ENV: &str = "MASTHEAD_DATA_DIR";

/// The library's folder: `$MASTHEAD_DATA_DIR`, else the platform data directory
/// (`~/.local/share/masthead` on Linux).
pub fn data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir()
        .map(|d| d.join("masthead"))
        .ok_or_else(|| Error::Invalid(format!("no data directory is known for this user; set {DATA_DIR_ENV}")))
}

/// Opens the library in `dir`; a brand-new, empty library gets the sample issue so the
/// first launch shows what Masthead does.
pub fn open_with_sample(dir: &std::path::Path) -> Result<Store> {
    let store = Store::open_in(dir)?;
    if store.is_pristine()? {
        sample::install(&store)?;
    }
    Ok(store)
}
