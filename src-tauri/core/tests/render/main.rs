//! Rendering: every built-in theme × output as snapshots, citations, reading time,
//! sanitizing, user themes (override, extend, broken) and the live watcher.

mod citations;
mod every_field;
mod reading;
mod safety;
mod snapshots;
mod themes;
mod watcher;

use masthead_core::model::{IssueDoc, Publication};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Fixture {
    pub publication: Publication,
    pub doc: IssueDoc,
}

/// `tests/fixtures/render/issue.json`: every field used, some left empty, unicode, a
/// 300-character headline, 0 and 12,000,000 likes, hostile titles and quotes.
pub fn fixture() -> Fixture {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/render/issue.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture exists")).expect("fixture parses")
}
