//! Links: turning a URL into a card. So far the offline half: decoding a page's bytes
//! (`charset`), extracting its metadata (`extract`), the inbox's de-duplication key
//! (`normalize`), links out of dropped or pasted payloads (`payload`), and adding them to
//! the inbox (`add`). Fetching and social posts build on these (see docs/roadmap.md).

pub mod charset;
pub mod extract;
pub mod fetch;
pub mod normalize;
pub mod payload;

use crate::store::AddedLink;
use crate::{Result, Store};

/// Adds every link in a payload to the inbox, in order. A link already there is reported
/// as the existing entry (`created: false`); one that cannot be added (`ftp:`, a typo) is
/// reported with its reason and stops nothing else.
pub fn add(store: &Store, kind: payload::PayloadKind, data: &str) -> Result<Vec<std::result::Result<AddedLink, Rejected>>> {
    let mut out = Vec::new();
    for found in payload::links_in(kind, data) {
        match normalize::parse(&found.url) {
            Ok(url) => out.push(Ok(store.add_link(found.url.trim(), &normalize::normalize(&url), found.title.as_deref())?)),
            Err(e) => out.push(Err(Rejected { url: found.url, reason: e.to_string() })),
        }
    }
    Ok(out)
}

/// Adds URLs given one by one (the CLI's arguments): unlike a payload, a bad one is
/// reported rather than skipped.
pub fn add_urls(store: &Store, urls: &[String]) -> Result<Vec<std::result::Result<AddedLink, Rejected>>> {
    let mut out = Vec::new();
    for raw in urls {
        match normalize::parse(raw) {
            Ok(url) => out.push(Ok(store.add_link(raw.trim(), &normalize::normalize(&url), None)?)),
            Err(e) => out.push(Err(Rejected { url: raw.clone(), reason: e.to_string() })),
        }
    }
    Ok(out)
}

/// A link that could not be added, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize, specta::Type)]
pub struct Rejected {
    pub url: String,
    pub reason: String,
}

pub use extract::{extract, PageMeta};
