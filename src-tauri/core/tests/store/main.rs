//! Integration tests of the library store, on real SQLite files in temporary folders.
//!
//! - `crud`: issues, stories, items, links, settings, ordering
//! - `revisions`: throttled snapshots, snapshots before destructive actions, restore, diff
//! - `search`: FTS ranking, snippets, sync after edits and deletes
//! - `opening`: upgrade from schema 1, newer-version refusal, damaged and foreign files
//! - `durability`: SIGKILL a saving child process, then check every reported save

mod crud;
mod durability;
mod images;
mod opening;
mod publications;
mod revisions;
mod search;

use masthead_core::model::{IssueFields, StoryFields};
use masthead_core::Store;

/// A store in a fresh temporary folder (kept alive with it).
pub fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    (dir, store)
}

pub fn issue(title: &str) -> IssueFields {
    IssueFields { title: title.into(), ..Default::default() }
}

pub fn story(headline: &str, body: &str) -> StoryFields {
    StoryFields { headline: headline.into(), body: body.into(), ..Default::default() }
}

/// The repository's `tests/fixtures` folder.
pub fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}
