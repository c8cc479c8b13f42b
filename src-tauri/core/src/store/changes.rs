//! What each committed write changed, told to whoever listens (the window, which then
//! updates only what changed).
//!
//! One place sees every write: SQLite's update hook notes each row touched, and the commit
//! hook hands the lot to the listener once the transaction commits, so no store method
//! has to remember to report its own changes. Another process's writes are not seen here
//! (see [`Store::data_version`](super::Store::data_version)).

use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::model::{IssueId, ItemId, LinkId, StoryId};

/// The rows one transaction wrote, by table: ids of issues, stories, items and links
/// inserted, updated or deleted, and whether any setting changed (a publication's
/// included). Revisions (kept
/// versions) are not reported: they change what History lists, not what is shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct Changes {
    /// Issues inserted, updated or deleted.
    pub issues: Vec<IssueId>,
    /// Stories inserted, updated or deleted.
    pub stories: Vec<StoryId>,
    /// Items inserted, updated or deleted.
    pub items: Vec<ItemId>,
    /// Inbox links inserted, updated or deleted.
    pub links: Vec<LinkId>,
    /// Whether a library setting, or a publication or its settings, changed.
    pub settings: bool,
}

impl Changes {
    /// True when the transaction changed nothing reported here.
    pub fn is_empty(&self) -> bool {
        self.issues.is_empty()
            && self.stories.is_empty()
            && self.items.is_empty()
            && self.links.is_empty()
            && !self.settings
    }
}

/// One transaction's changes so far. A row is noted once however often it is written:
/// a set, since a transaction can touch tens of thousands of rows (an import).
#[derive(Default)]
struct Pending {
    changes: Changes,
    seen: std::collections::HashSet<(u8, i64)>,
}

impl Pending {
    fn note(&mut self, table: &str, row: i64) {
        let (kind, ids) = match table {
            "issues" => (0, &mut self.changes.issues),
            "stories" => (1, &mut self.changes.stories),
            "items" => (2, &mut self.changes.items),
            "links" => (3, &mut self.changes.links),
            "settings" | "publications" | "publication_settings" => {
                self.changes.settings = true;
                return;
            }
            _ => return,
        };
        if self.seen.insert((kind, row)) {
            ids.push(row);
        }
    }
}

/// Called with each commit's changes, on the writing thread while the write still holds
/// the library: it must be quick and must not call back into the store.
pub type ChangeListener = Box<dyn Fn(&Changes) + Send + Sync>;

/// The listener of one store, if any.
pub(super) type Listener = Arc<Mutex<Option<ChangeListener>>>;

/// Installs the hooks that collect each transaction's changes and report them on commit.
pub(super) fn watch(conn: &Connection, listener: Listener) -> rusqlite::Result<()> {
    let pending = Arc::new(Mutex::new(Pending::default()));
    let noted = pending.clone();
    conn.update_hook(Some(move |_action, _db: &str, table: &str, row: i64| {
        noted.lock().unwrap_or_else(|p| p.into_inner()).note(table, row);
    }))?;
    let committed = pending.clone();
    conn.commit_hook(Some(move || {
        let changes = std::mem::take(&mut *committed.lock().unwrap_or_else(|p| p.into_inner())).changes;
        if !changes.is_empty() {
            if let Some(tell) = listener.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
                tell(&changes);
            }
        }
        false // never veto the commit
    }))?;
    conn.rollback_hook(Some(move || {
        *pending.lock().unwrap_or_else(|p| p.into_inner()) = Pending::default();
    }))?;
    Ok(())
}
