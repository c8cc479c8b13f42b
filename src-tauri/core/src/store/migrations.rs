//! The schema's history: append-only SQL files embedded in the binary and applied by
//! `rusqlite_migration`, which keys them on `PRAGMA user_version`.

use std::path::Path;
use std::sync::LazyLock;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};

static MIGRATIONS_SLICE: &[M<'static>] = &[
    M::up(include_str!("../../migrations/0001_initial.sql")),
    M::up(include_str!("../../migrations/0002_search.sql")),
    M::up(include_str!("../../migrations/0003_link_posts.sql")),
    M::up(include_str!("../../migrations/0004_publications.sql")).foreign_key_check(),
    M::up(include_str!("../../migrations/0005_item_dates.sql")),
    M::up(include_str!("../../migrations/0006_link_words.sql")),
    M::up(include_str!("../../migrations/0007_images.sql")),
    M::up(include_str!("../../migrations/0008_link_cards.sql")),
    M::up(include_str!("../../migrations/0009_capture.sql")),
    M::up(include_str!("../../migrations/0010_feeds.sql")),
    M::up(include_str!("../../migrations/0011_publishing.sql")),
    M::up(include_str!("../../migrations/0012_sending.sql")).foreign_key_check(),
];

pub(crate) static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::from_slice(MIGRATIONS_SLICE));

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS_SLICE.len() as i64;

pub(super) fn to_latest(conn: &mut Connection, path: &Path) -> Result<()> {
    // Schemas 4 and 12 rebuild `issues`, which SQLite allows only with foreign keys off (dropping
    // the old table would otherwise delete every story). The pragma is a no-op inside a
    // transaction, so it is set around the migrations, which check the keys themselves
    // before committing.
    conn.pragma_update(None, "foreign_keys", "OFF").map_err(Error::from_sqlite)?;
    let migrated = migrate(conn, path);
    conn.pragma_update(None, "foreign_keys", "ON").map_err(Error::from_sqlite)?;
    migrated
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    MIGRATIONS.to_latest(conn).map_err(|e| match e {
        rusqlite_migration::Error::MigrationDefinition(
            rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
        ) => {
            let found = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap_or(-1);
            Error::NewerVersion { path: path.to_path_buf(), found, supported: SCHEMA_VERSION }
        }
        rusqlite_migration::Error::RusqliteError { err, .. } => Error::from_sqlite(err),
        other => Error::Corrupt { path: path.to_path_buf(), detail: other.to_string() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_validate() {
        MIGRATIONS.validate().expect("every migration applies cleanly to an empty database");
    }
}
