//! The `feeds` and `feed_entries` tables: the feeds the author follows, what their servers
//! said last, and every entry ever taken from them.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{now, Store};
use crate::error::{Error, Result};
use crate::model::{Feed, FeedId, LinkId};

const COLUMNS: &str = "id, url, site_url, title, name, folder, paused, checked_at, error, added_at, \
                       (SELECT count(*) FROM links WHERE links.feed_id = feeds.id)";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Feed> {
    Ok(Feed {
        id: r.get(0)?,
        url: r.get(1)?,
        site_url: r.get(2)?,
        title: r.get(3)?,
        name: r.get(4)?,
        folder: r.get(5)?,
        paused: r.get(6)?,
        checked_at: r.get(7)?,
        error: r.get(8)?,
        added_at: r.get(9)?,
        links: r.get(10)?,
    })
}

/// What the server said last, for the next conditional GET.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` of the feed's last full answer, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` of the feed's last full answer, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// How one refresh of a feed went, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// The feed was read: its title and site as it says them now, and its validators.
    Read {
        /// What the feed calls itself.
        title: String,
        /// The site the feed belongs to, as it says.
        site_url: String,
        /// What to send with the next request, to be told when nothing changed.
        validators: Validators,
    },
    /// 304 Not Modified: nothing new, validators kept.
    NotModified,
    /// It could not be read; the words say why.
    Failed(String),
}

/// One entry of a feed, as it becomes an inbox link.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedEntry {
    /// The entry's id (else its link): an entry is taken once, ever.
    pub key: String,
    /// The entry's link, as the feed gives it.
    pub url: String,
    /// That link normalized: an entry whose page the inbox has already is skipped.
    pub normalized_url: String,
    /// The entry's title as plain text; `None` when it has none.
    pub title: Option<String>,
    /// The entry's summary (else the start of its content) as plain text, cut to 400
    /// characters; `None` when it has none.
    pub summary: Option<String>,
    /// When it was published (else updated), as the library keeps time.
    pub published: Option<String>,
}

impl Store {
    /// Follows a feed (its address as given, checked by the caller). Refused, in words,
    /// when it is followed already.
    pub fn add_feed(&self, url: &str, title: &str, site_url: &str, folder: &str) -> Result<Feed> {
        self.write(|tx| {
            if let Some(f) =
                tx.query_row(&format!("SELECT {COLUMNS} FROM feeds WHERE url = ?1"), [url], from_row).optional()?
            {
                return Err(Error::Invalid(format!("you already follow {url} (as “{}”)", f.shown_name())));
            }
            tx.execute(
                "INSERT INTO feeds (url, title, site_url, folder, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![url, title.trim(), site_url, folder.trim(), now()],
            )?;
            get(tx, tx.last_insert_rowid())
        })
    }

    /// A feed by its id, with how many links came from it.
    pub fn get_feed(&self, id: FeedId) -> Result<Feed> {
        self.read(|tx| get(tx, id))
    }

    /// Every feed, by folder then name.
    pub fn list_feeds(&self) -> Result<Vec<Feed>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM feeds
                 ORDER BY folder COLLATE NOCASE, coalesce(nullif(name, ''), nullif(title, ''), url) COLLATE NOCASE"
            ))?;
            let feeds = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(feeds)
        })
    }

    /// The author's name, folder and pause for a feed.
    pub fn edit_feed(&self, id: FeedId, name: &str, folder: &str, paused: bool) -> Result<Feed> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE feeds SET name = ?2, folder = ?3, paused = ?4 WHERE id = ?1",
                params![id, name.trim(), folder.trim(), paused],
            )?;
            if n == 0 {
                return Err(Error::not_found(format!("feed {id}")));
            }
            get(tx, id)
        })
    }

    /// Stops following a feed. The links it brought stay in the inbox.
    pub fn delete_feed(&self, id: FeedId) -> Result<()> {
        self.write(|tx| {
            if tx.execute("DELETE FROM feeds WHERE id = ?1", [id])? == 0 {
                return Err(Error::not_found(format!("feed {id}")));
            }
            Ok(())
        })
    }

    /// The validators of the feed's last answer.
    pub fn feed_validators(&self, id: FeedId) -> Result<Validators> {
        self.read(|tx| {
            tx.query_row("SELECT etag, last_modified FROM feeds WHERE id = ?1", [id], |r| {
                Ok(Validators { etag: r.get(0)?, last_modified: r.get(1)? })
            })
            .optional()?
            .ok_or_else(|| Error::not_found(format!("feed {id}")))
        })
    }

    /// Records a refresh: what the feed said, or why it could not be read, and when; and
    /// takes its entries not seen before into the inbox (marked with the feed, the entry's
    /// title, summary and date). Returns the new links.
    pub fn record_feed(&self, id: FeedId, checked: &Checked, entries: &[FeedEntry]) -> Result<Vec<LinkId>> {
        self.write(|tx| {
            let at = now();
            let n = match checked {
                Checked::Read { title, site_url, validators } => tx.execute(
                    "UPDATE feeds SET title = ?2, site_url = ?3, etag = ?4, last_modified = ?5, checked_at = ?6,
                            error = NULL WHERE id = ?1",
                    params![id, title, site_url, validators.etag, validators.last_modified, at],
                )?,
                Checked::NotModified => {
                    tx.execute("UPDATE feeds SET checked_at = ?2, error = NULL WHERE id = ?1", params![id, at])?
                }
                Checked::Failed(why) => {
                    tx.execute("UPDATE feeds SET checked_at = ?2, error = ?3 WHERE id = ?1", params![id, at, why])?
                }
            };
            if n == 0 {
                return Err(Error::not_found(format!("feed {id}")));
            }
            take_in(tx, id, entries, &at)
        })
    }
}

fn get(tx: &Transaction<'_>, id: FeedId) -> Result<Feed> {
    tx.query_row(&format!("SELECT {COLUMNS} FROM feeds WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("feed {id}")))
}

/// Entries not seen before become links (unless the inbox has their page already).
fn take_in(tx: &Transaction<'_>, feed: FeedId, entries: &[FeedEntry], at: &str) -> Result<Vec<LinkId>> {
    let mut seen = tx.prepare_cached("INSERT OR IGNORE INTO feed_entries (feed_id, entry_key) VALUES (?1, ?2)")?;
    let mut known = tx.prepare_cached("SELECT 1 FROM links WHERE normalized_url = ?1")?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO links (url, normalized_url, title, description, published, origin, feed_id, saved_at, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'feed', ?6, ?7, ?8)",
    )?;
    let mut new = Vec::new();
    for e in entries {
        if seen.execute(params![feed, e.key])? == 0 {
            continue; // taken before: deleting its link was the author's answer
        }
        if known.exists([&e.normalized_url])? {
            continue;
        }
        // A feed's date is when the entry was published: the inbox sorts it there, never later than now.
        let saved = e.published.as_deref().filter(|p| *p < at);
        insert.execute(params![
            e.url,
            e.normalized_url,
            e.title,
            e.summary,
            e.published.as_deref().map(|p| &p[..10]),
            feed,
            saved,
            at
        ])?;
        new.push(tx.last_insert_rowid());
    }
    Ok(new)
}
