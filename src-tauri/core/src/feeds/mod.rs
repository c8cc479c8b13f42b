//! Feeds the author follows: RSS, Atom and JSON Feed (read by `feed-rs`), found from a
//! site's address through its `<link rel="alternate">`, refreshed with conditional GETs
//! within the fetcher's limits, their new entries taken into the inbox with the entry's
//! title, summary and date until the page itself is fetched. OPML in and out (`opml`).

pub mod opml;

use std::sync::Arc;

use serde::Serialize;
use specta::Type;

use crate::links::fetch::FeedAnswer;
use crate::links::inbox::Fetcher;
use crate::links::normalize;
use crate::model::{Feed, FeedId, LinkId};
use crate::store::{Checked, FeedEntry, Validators};
use crate::{Error, Result, Store};

/// The most entries taken from one feed at a time (the newest): a feed that carries its
/// whole archive must not flood the inbox.
pub const MAX_ENTRIES: usize = 100;
/// Feeds refreshed at once, and at once from one host.
const AT_ONCE: usize = 4;
const PER_HOST: usize = 2;

/// What a feed document says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedFeed {
    /// The feed's own title; empty when it has none.
    pub title: String,
    /// The site the feed belongs to (its alternate link); empty when it names none.
    pub site_url: String,
    /// Newest first, at most [`MAX_ENTRIES`].
    pub entries: Vec<FeedEntry>,
}

/// Reads a feed document (`url` resolves relative links). An error says, in words, that
/// this is not a feed.
pub fn parse(bytes: &[u8], url: &str) -> Result<ParsedFeed> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        .build()
        .parse(bytes)
        .map_err(|e| Error::Invalid(format!("{} is not a feed Masthead can read ({e})", shown(url))))?;
    let title = feed.title.as_ref().map(text_of).unwrap_or_default();
    let site_url = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate") && !l.href.is_empty())
        .map(|l| l.href.clone())
        .unwrap_or_default();
    let mut entries: Vec<FeedEntry> = feed
        .entries
        .iter()
        .filter_map(|e| {
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or_else(|| e.links.first())?;
            let parsed = normalize::parse(&link.href).ok()?;
            let summary = e
                .summary
                .as_ref()
                .map(text_of)
                .or_else(|| e.content.as_ref().and_then(|c| c.body.as_deref()).map(html_text))
                .map(|s| cut(&s, 400))
                .filter(|s| !s.is_empty());
            let published = e.published.or(e.updated).map(|t| {
                let t = time::OffsetDateTime::from_unix_timestamp(t.timestamp())
                    .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
                crate::store::timestamp(t)
            });
            Some(FeedEntry {
                key: if e.id.trim().is_empty() { link.href.clone() } else { e.id.clone() },
                url: link.href.clone(),
                normalized_url: normalize::normalize(&parsed),
                title: e.title.as_ref().map(text_of).filter(|t| !t.is_empty()),
                summary,
                published,
            })
        })
        .collect();
    // Newest first; undated entries keep the feed's order after the dated ones.
    entries.sort_by(|a, b| b.published.is_some().cmp(&a.published.is_some()).then(b.published.cmp(&a.published)));
    entries.truncate(MAX_ENTRIES);
    Ok(ParsedFeed { title, site_url, entries })
}

/// A feed's text: HTML (Atom's `type="html"`, RSS descriptions) becomes its words; plain
/// text stays as written (a title with `<script>` in it is text, escaped where shown).
fn text_of(t: &feed_rs::model::Text) -> String {
    let sub = t.content_type.subty();
    if sub == "html" || sub == "xhtml" {
        html_text(&t.content)
    } else {
        t.content.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The words of an HTML fragment, scripts and styles left out; blocks apart by a space.
fn html_text(html: &str) -> String {
    const BLOCKS: [&str; 14] =
        ["p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"];
    let doc = scraper::Html::parse_fragment(html);
    let mut out = String::new();
    for node in doc.root_element().descendants() {
        if let Some(e) = node.value().as_element() {
            if BLOCKS.contains(&e.name()) {
                out.push(' ');
            }
        } else if let Some(text) = node.value().as_text() {
            let inside_code = node
                .ancestors()
                .any(|a| a.value().as_element().is_some_and(|e| matches!(e.name(), "script" | "style" | "template")));
            if !inside_code {
                out.push_str(text);
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max).collect();
    if let Some(space) = out.rfind(' ') {
        out.truncate(space);
    }
    out.push('…');
    out
}

fn shown(url: &str) -> String {
    url::Url::parse(url).ok().map(|u| crate::links::fetch::display_host(&u)).unwrap_or_else(|| url.to_owned())
}

/// The feed a web page names (`<link rel="alternate" type="application/rss+xml" href>`,
/// Atom and JSON Feed too), resolved against the page.
pub fn discover(html: &[u8], page_url: &str) -> Option<String> {
    let (text, _) = crate::links::charset::decode(html, None);
    let doc = scraper::Html::parse_document(&text);
    let links = scraper::Selector::parse("link[rel][href]").expect("a constant selector");
    let base = url::Url::parse(page_url).ok()?;
    doc.select(&links)
        .filter(|l| {
            l.value().attr("rel").is_some_and(|r| r.split_whitespace().any(|w| w.eq_ignore_ascii_case("alternate")))
        })
        .filter(|l| {
            let t = l.value().attr("type").unwrap_or_default().to_ascii_lowercase();
            t.contains("rss") || t.contains("atom") || t.contains("feed+json") || t == "application/json"
        })
        .find_map(|l| base.join(l.value().attr("href")?.trim()).ok())
        .map(|u| u.to_string())
}

/// What following a feed did.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Followed {
    /// The feed as the library now holds it.
    pub feed: Feed,
    /// The links its current entries became.
    pub new_links: Vec<LinkId>,
}

/// Follows the feed at `address`, or the one the page at `address` names; reads it once
/// and takes its current entries into the inbox.
pub async fn follow(store: &Arc<Store>, fetcher: &Fetcher, address: &str, folder: &str) -> Result<Followed> {
    let first = normalize::parse(address)?.to_string();
    let not_304 = |url: &str| Error::Invalid(format!("{} answered 304 to a first request", shown(url)));
    let (url, parsed, validators) = match fetcher.fetch_feed(&first, None, None).await {
        FeedAnswer::Body { bytes, final_url, etag, last_modified, content_type } => match parse(&bytes, &final_url) {
            Ok(parsed) => (first, parsed, Validators { etag, last_modified }),
            // A feed that does not parse: say so. A page: look for the feed it names.
            Err(e) if !content_type.as_deref().is_some_and(|t| t.contains("html")) => return Err(e),
            Err(_) => {
                let named = discover(&bytes, &final_url).ok_or_else(|| {
                    Error::Invalid(format!(
                        "{} is neither a feed nor a page that names one (no <link rel=\"alternate\"> to RSS, Atom or JSON Feed)",
                        shown(&first)
                    ))
                })?;
                match fetcher.fetch_feed(&named, None, None).await {
                    FeedAnswer::Body { bytes, final_url, etag, last_modified, .. } => {
                        let parsed = parse(&bytes, &final_url)?;
                        (named, parsed, Validators { etag, last_modified })
                    }
                    FeedAnswer::Failed(why) => return Err(Error::Invalid(why)),
                    FeedAnswer::NotModified => return Err(not_304(&named)),
                }
            }
        },
        FeedAnswer::Failed(why) => return Err(Error::Invalid(why)),
        FeedAnswer::NotModified => return Err(not_304(&first)),
    };
    let store = store.clone();
    let folder = folder.to_owned();
    blocking(move || {
        let feed = store.add_feed(&url, &parsed.title, &parsed.site_url, &folder)?;
        let checked = Checked::Read { title: parsed.title, site_url: parsed.site_url, validators };
        let new_links = store.record_feed(feed.id, &checked, &parsed.entries)?;
        Ok(Followed { feed: store.get_feed(feed.id)?, new_links })
    })
    .await
}

/// How one feed's refresh went.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Refreshed {
    /// Which feed.
    pub feed_id: FeedId,
    /// The feed's name as the inbox shows it.
    pub name: String,
    /// New links it brought.
    pub new: u32,
    /// Why it could not be read, in words.
    pub error: Option<String>,
}

/// What a refresh did, feed by feed, and the links it brought.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct RefreshReport {
    /// Each feed refreshed, in the order they were listed.
    pub feeds: Vec<Refreshed>,
    /// Every link the refresh took into the inbox.
    pub new_links: Vec<LinkId>,
}

impl RefreshReport {
    /// `3 new links from 12 feeds; 1 feed could not be read`.
    pub fn summary(&self) -> String {
        let n = self.new_links.len();
        let failed = self.feeds.iter().filter(|f| f.error.is_some()).count();
        let mut s = format!(
            "{n} new {} from {} {}",
            if n == 1 { "link" } else { "links" },
            self.feeds.len(),
            if self.feeds.len() == 1 { "feed" } else { "feeds" }
        );
        if failed > 0 {
            s.push_str(&format!("; {failed} could not be read"));
        }
        s
    }
}

/// Refreshes these feeds (none given: every feed not paused), a few at a time, each with a
/// conditional GET; records what each said and takes new entries into the inbox. One
/// feed failing never stops the others; its error is kept with it.
pub async fn refresh(store: &Arc<Store>, fetcher: &Fetcher, ids: &[FeedId]) -> Result<RefreshReport> {
    let all = {
        let store = store.clone();
        blocking(move || store.list_feeds()).await?
    };
    let feeds: Vec<Feed> = if ids.is_empty() {
        all.into_iter().filter(|f| !f.paused).collect()
    } else {
        all.into_iter().filter(|f| ids.contains(&f.id)).collect()
    };
    let gate = Arc::new(tokio::sync::Semaphore::new(AT_ONCE));
    // Many feeds on one host (a blog platform, a feed service) are asked two at a time.
    let mut hosts: std::collections::HashMap<String, Arc<tokio::sync::Semaphore>> = Default::default();
    let mut tasks = tokio::task::JoinSet::new();
    for (i, feed) in feeds.into_iter().enumerate() {
        let host = url::Url::parse(&feed.url).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
        let host_gate = hosts.entry(host).or_insert_with(|| Arc::new(tokio::sync::Semaphore::new(PER_HOST))).clone();
        let (store, fetcher, gate) = (store.clone(), fetcher.clone(), gate.clone());
        tasks.spawn(async move {
            let _host_turn = host_gate.acquire_owned().await;
            let _turn = gate.acquire_owned().await;
            (i, refresh_one(&store, &fetcher, feed).await)
        });
    }
    let mut done = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        done.push(joined.map_err(|e| Error::Internal(format!("refreshing a feed: {e}")))?);
    }
    done.sort_by_key(|(i, _)| *i);
    let mut report = RefreshReport::default();
    for (_, r) in done {
        let (refreshed, links) = r?;
        report.new_links.extend(links);
        report.feeds.push(refreshed);
    }
    Ok(report)
}

async fn refresh_one(store: &Arc<Store>, fetcher: &Fetcher, feed: Feed) -> Result<(Refreshed, Vec<LinkId>)> {
    let v = {
        let store = store.clone();
        blocking(move || store.feed_validators(feed.id)).await?
    };
    let (checked, entries) = match fetcher.fetch_feed(&feed.url, v.etag.as_deref(), v.last_modified.as_deref()).await {
        FeedAnswer::NotModified => (Checked::NotModified, Vec::new()),
        FeedAnswer::Failed(why) => (Checked::Failed(why), Vec::new()),
        FeedAnswer::Body { bytes, final_url, etag, last_modified, .. } => match parse(&bytes, &final_url) {
            Ok(p) => (
                Checked::Read { title: p.title, site_url: p.site_url, validators: Validators { etag, last_modified } },
                p.entries,
            ),
            Err(e) => (Checked::Failed(e.to_string()), Vec::new()),
        },
    };
    let error = match &checked {
        Checked::Failed(why) => Some(why.clone()),
        _ => None,
    };
    let store = store.clone();
    let id = feed.id;
    let links = blocking(move || store.record_feed(id, &checked, &entries)).await?;
    let name = feed.shown_name();
    Ok((Refreshed { feed_id: feed.id, name, new: links.len() as u32, error }, links))
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| Error::Internal(format!("a library task stopped: {e}")))?
}
