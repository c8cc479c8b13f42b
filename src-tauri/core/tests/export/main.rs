//! Export against a real library file: email HTML with its CSS inlined, the `.eml` read
//! back by a MIME parser, link tagging, Markdown front matter, the issue file round trip
//! and its refusals, backup and restore, the web archive and publishing's pieces.

mod check;
mod files;
mod mail;
mod publications;
mod send;
mod site;

use std::path::Path;

use masthead_core::model::{IssueDoc, Publication};
use masthead_core::theme::ThemeSet;
use masthead_core::Store;

/// A library with the sample issue and a sender, an unsubscribe link and a postal address.
pub fn library() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = masthead_core::library::open_with_sample(dir.path()).unwrap();
    for (k, v) in [
        ("publication.name", "The Field Notes"),
        ("publication.author", "Sam Rivera"),
        ("publication.sign_off", "— Sam"),
        ("publication.sender", "Field Notes <notes@fieldnotes.example>"),
        ("publication.unsubscribe_url", "https://fieldnotes.example/unsubscribe?u=42"),
        ("publication.postal_address", "1 Harbour Road, Portside"),
    ] {
        store.set_publication_setting(store.first_publication().unwrap().id, k, v).unwrap();
    }
    (dir, store)
}

pub fn themes() -> ThemeSet {
    ThemeSet::load(None, None)
}

/// The render fixture: every field used, unicode, hostile titles and quotes.
pub fn fixture() -> (Publication, IssueDoc) {
    #[derive(serde::Deserialize)]
    struct Fixture {
        publication: Publication,
        doc: IssueDoc,
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/render/issue.json");
    let f: Fixture = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    (f.publication, f.doc)
}
