//! The whole library in one file and back: a backup is a consistent, compact copy of the
//! SQLite library (every issue, revision, link and setting), which any SQLite tool can
//! also read. Restoring checks the file first and keeps the replaced library beside it.

use std::path::{Path, PathBuf};

use crate::store::{self, DbCheck};
use crate::{Result, Store};

/// The name a backup is offered under: `masthead-2026-11-27.backup` (today, UTC).
pub fn file_name() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("masthead-{:04}-{:02}-{:02}.backup", d.year(), u8::from(d.month()), d.day())
}

/// Writes the backup; returns its size in bytes.
pub fn backup(store: &Store, to: &Path) -> Result<u64> {
    store.backup_to(to)
}

/// Restores `backup` as the library in `data_dir`. Returns what the backup holds and where
/// the previous library was kept.
pub fn restore(data_dir: &Path, backup: &Path) -> Result<(DbCheck, Option<PathBuf>)> {
    std::fs::create_dir_all(data_dir)
        .map_err(|e| crate::Error::ReadOnly { path: data_dir.to_path_buf(), detail: e.to_string() })?;
    store::restore(&data_dir.join(store::LIBRARY_FILE), backup)
}
