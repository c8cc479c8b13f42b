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

/// What a restore did: what the restored library holds, and where the replaced one is kept.
#[derive(Debug, Clone, PartialEq, serde::Serialize, specta::Type)]
pub struct Restored {
    /// How many issues the restored library holds.
    pub issues: u32,
    /// How many stories the restored library holds.
    pub stories: u32,
    /// How many inbox links the restored library holds.
    pub links: u32,
    /// Where the replaced library was moved (`….before-restore-<unix time>`); `None` when there was none.
    pub kept: Option<String>,
}

impl Restored {
    fn new(check: &DbCheck, kept: Option<PathBuf>) -> Restored {
        let n = |v: i64| u32::try_from(v.max(0)).unwrap_or(u32::MAX);
        Restored {
            issues: n(check.issues),
            stories: n(check.stories),
            links: n(check.links),
            kept: kept.map(|p| p.display().to_string()),
        }
    }
}

/// Restores `backup` as the library in `data_dir` (which must not be open): a backup that
/// is not sound is refused before anything changes, and the replaced library is kept
/// beside it.
pub fn restore(data_dir: &Path, backup: &Path) -> Result<Restored> {
    std::fs::create_dir_all(data_dir)
        .map_err(|e| crate::Error::ReadOnly { path: data_dir.to_path_buf(), detail: e.to_string() })?;
    let (check, kept) = store::restore(&data_dir.join(store::LIBRARY_FILE), backup)?;
    Ok(Restored::new(&check, kept))
}
