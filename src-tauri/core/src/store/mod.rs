//! The library: one SQLite file the author owns, and every read and write of it.
//!
//! SQL lives only in this module, one file per table (`issues.rs`, `stories.rs`, …).
//! Each public method is one transaction, so a method that returns `Ok` is durable:
//! the database runs in WAL mode with `synchronous = FULL`, which syncs the log on
//! every commit.

mod changes;
mod feeds;
mod images;
mod issues;
mod items;
mod links;
mod migrations;
mod publications;
mod revisions;
mod search;
mod settings;
mod stories;
mod targets;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction};

use crate::error::{Error, Result};

pub use changes::{ChangeListener, Changes};
pub use feeds::{Checked, FeedEntry, Validators};
pub use images::{AddedImage, ImageInfo};
pub use links::{AddedLink, InboxCounts, LinkPage, LinkQuery, LinkShow, LinkSort, NewLink, TagCount, Taken};
pub use migrations::SCHEMA_VERSION;
pub use publications::MAX_NAME as MAX_PUBLICATION_NAME;
pub use revisions::REVISION_INTERVAL;
pub use settings::{is_library_key, FEEDS_REFRESH, SETTING_KEYS, SPELLING};

/// The file name of the library inside its data directory.
pub const LIBRARY_FILE: &str = "library.sqlite3";

/// How long a write waits for another process holding the library before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open library. Cheap to share behind an `Arc`; calls are serialised on one connection,
/// which is all a single author needs and keeps every method one plain transaction.
pub struct Store {
    path: PathBuf,
    conn: Mutex<Connection>,
    listener: changes::Listener,
    /// Library images as `data:` URIs, made once per name (see `inline_images`).
    image_uris: images::UriCache,
}

/// The result of `db check`.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct DbCheck {
    /// The library file checked.
    pub path: String,
    /// The file's schema version (`PRAGMA user_version`).
    pub schema_version: i64,
    /// The newest schema version this build reads and writes ([`SCHEMA_VERSION`]).
    pub supported_version: i64,
    /// `["ok"]` when healthy, otherwise SQLite's findings.
    pub integrity: Vec<String>,
    /// How many issues the library holds.
    pub issues: i64,
    /// How many stories it holds.
    pub stories: i64,
    /// How many items (coverage links and reactions) it holds.
    pub items: i64,
    /// How many links its inbox holds, archived ones included.
    pub links: i64,
    /// How many kept versions it holds, those of deleted issues included.
    pub revisions: i64,
}

impl Store {
    /// Opens (or creates) the library at `path`, upgrading its schema if needed.
    ///
    /// A file that is not SQLite, is damaged, or was written by a newer Masthead is
    /// refused and left byte-for-byte untouched: all checks happen on a read-only
    /// connection before anything is written.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| Error::ReadOnly { path: dir.to_path_buf(), detail: e.to_string() })?;
        }
        let exists = path.exists();
        if exists {
            preflight(&path)?;
        }
        let mut conn = Connection::open(&path).map_err(|e| open_error(&path, e))?;
        configure(&conn).map_err(|e| open_error(&path, e))?;
        migrations::to_latest(&mut conn, &path)?;
        let listener = changes::Listener::default();
        changes::watch(&conn, listener.clone()).map_err(|e| open_error(&path, e))?;
        Ok(Store { path, conn: Mutex::new(conn), listener, image_uris: Default::default() })
    }

    /// Opens the library in `data_dir` (see [`crate::library::data_dir`]).
    pub fn open_in(data_dir: impl AsRef<Path>) -> Result<Store> {
        Store::open(data_dir.as_ref().join(LIBRARY_FILE))
    }

    /// The library file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Calls `listen` after each commit of this store with what it changed (replacing any
    /// listener before it). Writes by other processes are not reported: see `data_version`.
    pub fn on_change(&self, listen: impl Fn(&Changes) + Send + Sync + 'static) {
        *self.listener.lock().unwrap_or_else(|p| p.into_inner()) = Some(Box::new(listen));
    }

    /// A number that changes whenever another connection (another process: the CLI, a
    /// second window) commits to the library, and never for this store's own writes
    /// (SQLite's `PRAGMA data_version`): polled, it tells the window to look again.
    pub fn data_version(&self) -> Result<i64> {
        self.conn().query_row("PRAGMA data_version", [], |r| r.get(0)).map_err(Error::from_sqlite)
    }

    /// Runs SQLite's full integrity check and counts what the library holds.
    pub fn check(&self) -> Result<DbCheck> {
        Ok(inspect(&self.conn(), &self.path)?)
    }

    /// True for a library nothing has ever been written to (no issue, revision or link):
    /// a library whose issues were all deleted still has their revisions.
    pub fn is_pristine(&self) -> Result<bool> {
        self.read(|tx| {
            Ok(tx.query_row(
                "SELECT NOT EXISTS(SELECT 1 FROM issues) AND NOT EXISTS(SELECT 1 FROM revisions)
                        AND NOT EXISTS(SELECT 1 FROM links)",
                [],
                |r| r.get(0),
            )?)
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-written transaction behind
        // (SQLite rolls it back), so a poisoned lock is safe to reuse.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` in one immediate transaction and commits it.
    fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn();
        let tx =
            conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(Error::from_sqlite)?;
        let out = f(&tx)?;
        tx.commit().map_err(Error::from_sqlite)?;
        Ok(out)
    }

    /// Runs `f` in one read transaction, so what it reads is one consistent state.
    fn read<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(Error::from_sqlite)?;
        f(&tx)
    }
}

impl Store {
    /// Writes a consistent copy of the whole library to `to` (SQLite's `VACUUM INTO`: one
    /// compact file, taken inside a read transaction, so saves during it are not mixed in).
    /// Written beside the target and renamed, so a failure never leaves half a backup.
    pub fn backup_to(&self, to: &Path) -> Result<u64> {
        if fs::metadata(to).is_ok_and(|m| !m.is_file()) {
            // A device or a pipe: the backup is made aside, then streamed into it.
            let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            let aside =
                std::env::temp_dir().join(format!("masthead-backup-{}-{}", std::process::id(), stamp.as_nanos()));
            let streamed = self.backup_to(&aside).and_then(|bytes| {
                let mut file = fs::File::open(&aside).map_err(|e| Error::io("reading the backup back", e))?;
                stream_to_special(to, &mut file).map(|_| bytes)
            });
            let _ = fs::remove_file(&aside);
            return streamed;
        }
        let tmp = to.with_file_name(format!(
            ".{}.partial",
            to.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "backup".into())
        ));
        let _ = fs::remove_file(&tmp);
        let target = tmp.to_string_lossy().into_owned();
        self.conn().execute("VACUUM INTO ?1", [&target]).map_err(|e| match e.sqlite_error_code() {
            Some(
                rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::PermissionDenied,
            ) => Error::ReadOnly { path: to.to_path_buf(), detail: e.to_string() },
            _ => Error::from_sqlite(e),
        })?;
        fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(format!("syncing {}", tmp.display()), e))?;
        fs::rename(&tmp, to).map_err(|e| Error::io(format!("writing {}", to.display()), e))?;
        Ok(fs::metadata(to).map(|m| m.len()).unwrap_or(0))
    }
}

/// Writes `from` into `path` when `path` is a device or a pipe (`/dev/stdout`, a process
/// substitution), which must be written to as it is, never replaced by a file; returns
/// false for a regular file or a new path (to be written atomically by the caller). A
/// folder is refused.
pub(crate) fn stream_to_special(path: &Path, from: &mut dyn std::io::Read) -> Result<bool> {
    let Ok(meta) = fs::metadata(path) else { return Ok(false) };
    if meta.is_file() {
        return Ok(false);
    }
    if meta.is_dir() {
        return Err(Error::Invalid(format!("{} is a folder; give a file name in it", path.display())));
    }
    let io = |e| Error::io(format!("writing {}", path.display()), e);
    let mut to = fs::OpenOptions::new().write(true).open(path).map_err(io)?;
    std::io::copy(from, &mut to).map_err(io)?;
    Ok(true)
}

/// `db check` on the library file at `path`, read-only: it reports damage that keeps the
/// library from opening, without writing anything.
pub fn check_file(path: &Path) -> Result<DbCheck> {
    let meta = fs::metadata(path).map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
    if !meta.is_file() {
        return Err(Error::Invalid(format!("{} is {}, not a library file", path.display(), file_kind(&meta))));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| open_error(path, e))?;
    inspect(&conn, path).map_err(|e| open_error(path, e))
}

/// Checks that `backup` is a whole, readable library this build can open, without
/// changing it: SQLite header, schema version, and a full integrity check.
pub fn check_backup(backup: &Path) -> Result<DbCheck> {
    if !backup.is_file() {
        return Err(Error::not_found(format!("the backup {}", backup.display())));
    }
    preflight(backup)?;
    let conn = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| open_error(backup, e))?;
    let check = inspect(&conn, backup).map_err(|e| match e.to_string().strip_prefix("no such table: ") {
        Some(table) => Error::Corrupt { path: backup.to_path_buf(), detail: format!("it has no {table} table") },
        None => open_error(backup, e),
    })?;
    if check.integrity != ["ok"] {
        return Err(Error::Corrupt { path: backup.to_path_buf(), detail: check.integrity.join("; ") });
    }
    Ok(check)
}

/// The integrity check and the counts of a library, read on `conn`.
fn inspect(conn: &Connection, path: &Path) -> rusqlite::Result<DbCheck> {
    let integrity = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let count = |table: &str| conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0));
    Ok(DbCheck {
        path: path.display().to_string(),
        schema_version: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        supported_version: SCHEMA_VERSION,
        integrity,
        issues: count("issues")?,
        stories: count("stories")?,
        items: count("items")?,
        links: count("links")?,
        revisions: count("revisions")?,
    })
}

/// Replaces the library at `library` with the backup at `backup`. The backup is checked
/// first; the library being replaced is kept beside it (`<name>.before-restore-<time>`),
/// never deleted. Nothing may have the library open.
pub fn restore(library: &Path, backup: &Path) -> Result<(DbCheck, Option<PathBuf>)> {
    let check = check_backup(backup)?;
    let name = library.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = library.with_file_name(format!(".{name}.restoring"));
    fs::copy(backup, &tmp).map_err(|e| Error::io(format!("copying {}", backup.display()), e))?;
    fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| Error::io(format!("syncing {}", tmp.display()), e))?;
    let kept = if library.exists() {
        // Fold the log into the old library first, so the copy kept aside is whole.
        if let Ok(conn) = Connection::open(library) {
            let _ = conn.pragma_update(None, "wal_checkpoint", "TRUNCATE");
        }
        Some(rename_aside(library, "before-restore")?)
    } else {
        None
    };
    fs::rename(&tmp, library)
        .map_err(|e| Error::io(format!("putting the backup in place at {}", library.display()), e))?;
    Ok((check, kept))
}

/// Moves a library that cannot be opened out of the way (`<name>.broken-<timestamp>`,
/// with its `-wal`/`-shm` companions) so the author can start fresh without losing it.
pub fn move_aside(path: &Path) -> Result<PathBuf> {
    rename_aside(path, "broken")
}

/// Renames a library to `<name>.<label>-<timestamp>`, its `-wal`/`-shm` companions with it.
fn rename_aside(path: &Path, label: &str) -> Result<PathBuf> {
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let target = path.with_file_name(format!("{name}.{label}-{stamp}"));
    fs::rename(path, &target).map_err(|e| Error::io(format!("moving {} aside", path.display()), e))?;
    for suffix in ["-wal", "-shm"] {
        let side = path.with_file_name(format!("{name}{suffix}"));
        if side.exists() {
            let _ = fs::rename(&side, target.with_file_name(format!("{name}.{label}-{stamp}{suffix}")));
        }
    }
    Ok(target)
}

/// Checks an existing file without writing to it: the SQLite header, that the schema
/// can be read, and that its schema version is one this build knows.
fn preflight(path: &Path) -> Result<()> {
    // Opening a pipe waits for a writer for ever, and a device is no library.
    let meta = fs::metadata(path).map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
    if !meta.is_file() {
        return Err(Error::Invalid(format!(
            "{} is {}, not a library file; move it away, or set MASTHEAD_DATA_DIR to another folder",
            path.display(),
            file_kind(&meta)
        )));
    }
    let mut header = [0u8; 16];
    let mut file = fs::File::open(path).map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len == 0 {
        return Ok(()); // an empty file is a new database to SQLite
    }
    if len < 100 || file.read_exact(&mut header).is_err() || &header != b"SQLite format 3\0" {
        return Err(Error::NotADatabase { path: path.to_path_buf() });
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| open_error(path, e))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| open_error(path, e))?;
    // Reading the schema table touches the first pages; damage there shows up now.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map_err(|e| open_error(path, e))?;
    if version > SCHEMA_VERSION {
        return Err(Error::NewerVersion { path: path.to_path_buf(), found: version, supported: SCHEMA_VERSION });
    }
    // Damage in the middle of the file: refused before anything writes to it (a write
    // could spread it), so the window offers recovery with the file as it was found.
    // quick_check reads every page once; a 1,000-issue library takes milliseconds.
    let verdict: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(|e| open_error(path, e))?;
    if verdict != "ok" {
        return Err(Error::Corrupt { path: path.to_path_buf(), detail: verdict });
    }
    Ok(())
}

/// What a path that is not a regular file is, in words.
pub(crate) fn file_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a pipe (FIFO)";
        } else if t.is_char_device() || t.is_block_device() {
            return "a device";
        } else if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL (not NORMAL) in WAL mode: every commit is synced, so a reported save survives
    // a power cut, not only a killed process.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Turns SQLite's open-time failures into errors that name the file and the cause.
fn open_error(path: &Path, err: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode::*;
    let path = path.to_path_buf();
    match err.sqlite_error_code() {
        Some(NotADatabase) => Error::NotADatabase { path },
        Some(DatabaseCorrupt) => Error::Corrupt { path, detail: err.to_string() },
        Some(ReadOnly | CannotOpen | PermissionDenied) => Error::ReadOnly { path, detail: err.to_string() },
        Some(DatabaseBusy | DatabaseLocked) => Error::Busy,
        _ => Error::Database(err),
    }
}

/// Now, as RFC 3339 UTC with milliseconds: sortable as text.
pub(crate) fn now() -> String {
    timestamp(time::OffsetDateTime::now_utc())
}

/// A moment as the library stores it: RFC 3339 UTC with milliseconds.
pub(crate) fn timestamp(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    t.format(&fmt).expect("formatting a UTC timestamp cannot fail")
}

/// Today's calendar date in the computer's time zone, `YYYY-MM-DD` (jiff reads the zone
/// from any thread; `time`'s local offset fails once threads run, which gave the UTC day).
pub(crate) fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// When a stored moment was, as people say it in a sentence: `today`, `yesterday`, a
/// weekday within the last week (`Tuesday`), else the date (`3 November`, with the year
/// when it is not this one). In the computer's time zone.
pub fn when(stored: &str) -> String {
    when_from(stored, &jiff::Zoned::now())
}

fn when_from(stored: &str, now: &jiff::Zoned) -> String {
    let Ok(t) = stored.parse::<jiff::Timestamp>() else { return stored.to_owned() };
    let day = t.to_zoned(now.time_zone().clone()).date();
    let today = now.date();
    // Date minus date is a span of whole days.
    match (today - day).get_days() {
        0 => "today".into(),
        1 => "yesterday".into(),
        2..=6 => day.strftime("%A").to_string(),
        _ if day.year() == today.year() => day.strftime("%-d %B").to_string(),
        _ => day.strftime("%-d %B %Y").to_string(),
    }
}

#[cfg(test)]
mod when_tests {
    #[test]
    fn days_are_said_as_people_say_them() {
        let now: jiff::Zoned = "2026-11-27T10:00:00+00:00[UTC]".parse().unwrap();
        let said = |t: &str| super::when_from(t, &now);
        assert_eq!(said("2026-11-27T01:00:00.000Z"), "today");
        assert_eq!(said("2026-11-26T23:59:00.000Z"), "yesterday");
        assert_eq!(said("2026-11-24T12:00:00.000Z"), "Tuesday");
        assert_eq!(said("2026-11-03T12:00:00.000Z"), "3 November");
        assert_eq!(said("2025-11-26T12:00:00.000Z"), "26 November 2025");
        assert_eq!(said("not a time"), "not a time");
    }
}
