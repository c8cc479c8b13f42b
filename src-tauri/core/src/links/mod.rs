//! Links: turning a URL into a card and a card into a story's coverage or reaction.
//! Offline: decoding a page's bytes (`charset`), extracting its metadata (`extract`,
//! `oembed`; a PDF's or image's card, `file`), social posts and their counts (`social`), the inbox's de-duplication key
//! (`normalize`), links out of dropped or pasted payloads (`payload`). Online: fetching one
//! page within limits (`fetch`) and many into the library (`inbox`). Here: adding links to
//! the inbox and attaching them to stories.

pub mod capture;
pub mod charset;
pub mod extract;
pub mod fetch;
pub mod file;
pub mod import;
pub mod inbox;
pub mod normalize;
pub mod oembed;
pub mod payload;
mod rules;
pub mod social;

use crate::model::{FetchStatus, Item, ItemFields, ItemKind, Link, LinkId, StoryId};
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

/// Attaches an inbox link to a story: as coverage under `group_heading`, or as a reaction
/// (a social post's person, quote and counts). The item keeps its own copy of the card,
/// so later edits to the inbox never change a written issue.
pub fn attach(store: &Store, link_id: LinkId, story_id: StoryId, kind: ItemKind, group_heading: &str) -> Result<Item> {
    let link = store.get_link(link_id)?;
    store.add_item(story_id, item_for(&link, kind, group_heading))
}

/// The item a link becomes, with the author's overrides over the fetched card.
pub fn item_for(link: &Link, kind: ItemKind, group_heading: &str) -> ItemFields {
    let pick = |o: &Option<String>, m: &Option<String>| o.clone().or_else(|| m.clone()).unwrap_or_default();
    let (o, m) = (&link.overrides, &link.meta);
    let title = pick(&o.title, &m.title);
    // The source an item names is what the link's card showed the author.
    let publisher = link.card_of().publisher;
    let base = ItemFields {
        kind,
        group_heading: group_heading.trim().to_owned(),
        url: link.url.clone(),
        link_id: Some(link.id),
        ..ItemFields::default()
    };
    match kind {
        ItemKind::Coverage => ItemFields {
            source: publisher,
            title,
            // The card's own copy: shown when the item is a card.
            image: m.image_name.clone().unwrap_or_default(),
            description: pick(&o.description, &m.description),
            ..base
        },
        ItemKind::Reaction => {
            let is_video = m.kind.as_deref() == Some("video");
            let person = pick(&o.author, &m.author);
            let quote = if is_video { title.clone() } else { pick(&o.description, &m.description) };
            ItemFields {
                // Who said it: the person, else their handle, else the site.
                source: [person, m.handle.clone().unwrap_or_default(), publisher]
                    .into_iter()
                    .find(|s| !s.is_empty())
                    .unwrap_or_default(),
                quote: if quote.is_empty() { title } else { quote },
                likes: m.likes,
                views: m.views,
                captured_at: link.fetched_at.clone().filter(|_| m.likes.is_some() || m.views.is_some()),
                ..base
            }
        }
    }
}

/// The address a link in the window may open in the browser: http, https and mailto only.
/// Anything else (`javascript:`, `file:`, `data:`, an app's own scheme) is refused with a
/// message that says so, because the author clicked it expecting a web page.
pub fn openable(url: &str) -> Result<url::Url> {
    let text = url.trim();
    let parsed = url::Url::parse(text)
        .map_err(|_| crate::Error::Invalid(format!("“{text}” is not a web address, so it was not opened")))?;
    match parsed.scheme() {
        "http" | "https" | "mailto" => Ok(parsed),
        other => Err(crate::Error::Invalid(format!(
            "{other}: links are not opened from Masthead (only http, https and mailto): {text}"
        ))),
    }
}

/// The longest tag kept, in characters (a longer one is cut).
pub const MAX_TAG: usize = 60;

/// A tag as the inbox keeps it: trimmed, without a leading `#`, inner whitespace made one
/// space, at most [`MAX_TAG`] characters; `None` when nothing is left. Case is kept (the
/// store compares tags ignoring it).
pub fn tag_name(raw: &str) -> Option<String> {
    let words: Vec<&str> = raw.trim().trim_start_matches('#').split_whitespace().collect();
    let tag: String = words.join(" ").chars().filter(|c| !c.is_control()).take(MAX_TAG).collect();
    let tag = tag.trim_end().to_owned();
    (!tag.is_empty()).then_some(tag)
}

/// What adding several links did: the inbox entries (new or already there) and what was
/// refused.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, specta::Type)]
pub struct InboxAdded {
    /// The links now in the inbox, in the order given: each new one, or the entry already there.
    pub added: Vec<AddedLink>,
    /// The links that could not be added, with why.
    pub rejected: Vec<Rejected>,
}

impl From<Vec<Added>> for InboxAdded {
    fn from(results: Vec<Added>) -> InboxAdded {
        let mut out = InboxAdded::default();
        for r in results {
            match r {
                Ok(a) => out.added.push(a),
                Err(e) => out.rejected.push(e),
            }
        }
        out
    }
}

impl InboxAdded {
    /// The links this add should fetch (see [`to_fetch`]).
    pub fn to_fetch(&self) -> Vec<LinkId> {
        to_fetch(&self.added)
    }
}

/// The links an add should fetch: those never fetched yet. A link that was in the inbox
/// already keeps its card; fetching it again is asked for on its own.
pub fn to_fetch<'a>(added: impl IntoIterator<Item = &'a AddedLink>) -> Vec<LinkId> {
    added.into_iter().filter(|a| a.link.status == FetchStatus::Pending).map(|a| a.link.id).collect()
}

/// The links a fetch without a list takes (`masthead-cli inbox fetch`): every link not
/// fetched yet or whose fetch failed, or with `all` every link; oldest first.
pub fn to_refetch(store: &Store, all: bool) -> Result<Vec<LinkId>> {
    let wanted = |l: &&Link| all || matches!(l.status, FetchStatus::Pending | FetchStatus::Failed);
    Ok(store.list_links()?.iter().filter(wanted).map(|l| l.id).rev().collect())
}

/// A link that could not be added, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize, specta::Type)]
pub struct Rejected {
    /// The address as given.
    pub url: String,
    /// Why it was refused, in words.
    pub reason: String,
}

pub use extract::{extract, PageMeta};

#[cfg(test)]
mod tests {
    #[test]
    fn only_web_and_mail_links_open() {
        for ok in
            ["https://example.org/a?b=1", "http://127.0.0.1:9/x", "mailto:sam@example.org", " https://café.example/ "]
        {
            assert!(super::openable(ok).is_ok(), "{ok}");
        }
        for bad in
            ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "masthead://add", "example.org", ""]
        {
            let e = super::openable(bad).unwrap_err().to_string();
            assert!(e.contains("not"), "{bad}: {e}");
        }
    }
}
