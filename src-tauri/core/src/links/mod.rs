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

/// What adding one link did: the inbox entry (new or already there), or why it was refused.
pub type Added = std::result::Result<AddedLink, Rejected>;

/// Adds every link in a payload to the inbox, in order. A link already there is reported
/// as the existing entry (`created: false`); one that cannot be added (`ftp:`, a typo) is
/// reported with its reason and stops nothing else.
pub fn add(store: &Store, kind: payload::PayloadKind, data: &str) -> Result<Vec<Added>> {
    payload::links_in(kind, data).into_iter().map(|f| add_one(store, &f.url, f.title.as_deref())).collect()
}

/// Adds URLs given one by one (the CLI's arguments): unlike a payload, a bad one is
/// reported rather than skipped.
pub fn add_urls(store: &Store, urls: &[String]) -> Result<Vec<Added>> {
    urls.iter().map(|u| add_one(store, u, None)).collect()
}

fn add_one(store: &Store, raw: &str, title: Option<&str>) -> Result<Added> {
    Ok(match normalize::parse(raw) {
        Ok(url) => Ok(store.add_link(raw.trim(), &normalize::normalize(&url), title)?),
        Err(e) => Err(Rejected { url: raw.to_owned(), reason: e.to_string() }),
    })
}

/// A link that could not be added, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize, specta::Type)]
pub struct Rejected {
    pub url: String,
    pub reason: String,
}

pub use extract::{extract, PageMeta};
