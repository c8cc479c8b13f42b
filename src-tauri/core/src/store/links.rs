//! The `links` table: the inbox of collected URLs and their metadata cache.
//!
//! Fetched metadata and the author's overrides live in separate columns so that a
//! re-fetch can replace the one and never touch the other.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{now, Store};
use crate::error::{Error, Result};
use crate::model::{FetchStatus, Link, LinkId, LinkMeta, LinkOverrides};

const COLUMNS: &str = "id, url, normalized_url, final_url, canonical_url, title, description, publisher, author, \
                       published, image, logo, lang, kind, status, reason, fetched_at, title_override, \
                       description_override, publisher_override, author_override, published_override, \
                       image_override, added_at, handle, likes, views, words, image_name, logo_name, \
                       (SELECT group_concat(DISTINCT iss.number) FROM items it \
                          JOIN stories st ON st.id = it.story_id JOIN issues iss ON iss.id = st.issue_id \
                          WHERE it.link_id = links.id) AS used_in";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Link> {
    let status: String = r.get(14)?;
    let used: Option<String> = r.get(30)?;
    let mut used_in: Vec<i64> = used.unwrap_or_default().split(',').filter_map(|n| n.parse().ok()).collect();
    used_in.sort_unstable();
    let mut link = Link {
        id: r.get(0)?,
        url: r.get(1)?,
        normalized_url: r.get(2)?,
        meta: LinkMeta {
            final_url: r.get(3)?,
            canonical_url: r.get(4)?,
            title: r.get(5)?,
            description: r.get(6)?,
            publisher: r.get(7)?,
            author: r.get(8)?,
            published: r.get(9)?,
            image: r.get(10)?,
            logo: r.get(11)?,
            lang: r.get(12)?,
            kind: r.get(13)?,
            handle: r.get(24)?,
            likes: r.get(25)?,
            views: r.get(26)?,
            words: r.get(27)?,
            image_name: r.get(28)?,
            logo_name: r.get(29)?,
        },
        status: FetchStatus::parse(&status).unwrap_or(FetchStatus::Pending),
        reason: r.get(15)?,
        fetched_at: r.get(16)?,
        overrides: LinkOverrides {
            title: r.get(17)?,
            description: r.get(18)?,
            publisher: r.get(19)?,
            author: r.get(20)?,
            published: r.get(21)?,
            image: r.get(22)?,
        },
        added_at: r.get(23)?,
        card: Default::default(),
        used_in,
    };
    link.card = link.card_of();
    Ok(link)
}

/// What adding a URL to the inbox did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, specta::Type)]
pub struct AddedLink {
    pub link: Link,
    /// False when the normalized URL was already in the inbox; `link` is then that entry.
    pub created: bool,
}

impl Store {
    /// Adds a URL to the inbox unless its normalized form is already there. `title` is what
    /// a browser drag carried, shown until a fetch finds better.
    pub fn add_link(&self, url: &str, normalized_url: &str, title: Option<&str>) -> Result<AddedLink> {
        self.write(|tx| {
            if let Some(existing) = by_normalized(tx, normalized_url)? {
                return Ok(AddedLink { link: existing, created: false });
            }
            tx.execute(
                "INSERT INTO links (url, normalized_url, title, added_at) VALUES (?1, ?2, ?3, ?4)",
                params![url, normalized_url, title, now()],
            )?;
            Ok(AddedLink { link: get(tx, tx.last_insert_rowid())?, created: true })
        })
    }

    pub fn get_link(&self, id: LinkId) -> Result<Link> {
        self.read(|tx| get(tx, id))
    }

    /// The inbox, newest first.
    pub fn list_links(&self) -> Result<Vec<Link>> {
        self.read(|tx| {
            let mut stmt =
                tx.prepare_cached(&format!("SELECT {COLUMNS} FROM links ORDER BY added_at DESC, id DESC"))?;
            let links = stmt.query_map([], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(links)
        })
    }

    /// Records a fetch result. Replaces the fetched columns only; overrides are untouched.
    pub fn set_link_fetch(
        &self,
        id: LinkId,
        meta: &LinkMeta,
        status: FetchStatus,
        reason: Option<&str>,
    ) -> Result<Link> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE links SET final_url = ?2, canonical_url = ?3, title = coalesce(?4, title),
                        description = ?5, publisher = ?6, author = ?7, published = ?8, image = ?9,
                        logo = ?10, lang = ?11, kind = ?12, status = ?13, reason = ?14, fetched_at = ?15,
                        handle = ?16, likes = ?17, views = ?18, words = ?19, image_name = ?20, logo_name = ?21
                 WHERE id = ?1",
                params![
                    id,
                    meta.final_url,
                    meta.canonical_url,
                    meta.title,
                    meta.description,
                    meta.publisher,
                    meta.author,
                    meta.published,
                    meta.image,
                    meta.logo,
                    meta.lang,
                    meta.kind,
                    status.as_str(),
                    reason,
                    now(),
                    meta.handle,
                    meta.likes.map(|n| n.max(0)),
                    meta.views.map(|n| n.max(0)),
                    meta.words.map(|n| n.max(0)),
                    meta.image_name,
                    meta.logo_name,
                ],
            )?;
            if n == 0 {
                return Err(Error::not_found(format!("link {id}")));
            }
            get(tx, id)
        })
    }

    /// Records a fetch that failed for a link that already has a card: the card stays (a
    /// site being down today does not erase what it said yesterday); status, reason and
    /// time change.
    pub fn set_link_status(&self, id: LinkId, status: FetchStatus, reason: Option<&str>) -> Result<Link> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE links SET status = ?2, reason = ?3, fetched_at = ?4 WHERE id = ?1",
                params![id, status.as_str(), reason, now()],
            )?;
            if n == 0 {
                return Err(Error::not_found(format!("link {id}")));
            }
            get(tx, id)
        })
    }

    /// Links with these ids, in the order asked; unknown ids are left out.
    pub fn links_by_id(&self, ids: &[LinkId]) -> Result<Vec<Link>> {
        self.read(|tx| {
            let mut out = Vec::with_capacity(ids.len());
            let mut stmt = tx.prepare_cached(&format!("SELECT {COLUMNS} FROM links WHERE id = ?1"))?;
            for id in ids {
                if let Some(l) = stmt.query_row([id], from_row).optional()? {
                    out.push(l);
                }
            }
            Ok(out)
        })
    }

    /// Saves what the author typed over the fetched metadata (`None` clears an override).
    pub fn set_link_overrides(&self, id: LinkId, o: &LinkOverrides) -> Result<Link> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE links SET title_override = ?2, description_override = ?3, publisher_override = ?4,
                        author_override = ?5, published_override = ?6, image_override = ?7
                 WHERE id = ?1",
                params![id, o.title, o.description, o.publisher, o.author, o.published, o.image],
            )?;
            if n == 0 {
                return Err(Error::not_found(format!("link {id}")));
            }
            get(tx, id)
        })
    }

    /// Removes a link from the inbox. Items made from it keep their own copy of the data.
    pub fn delete_link(&self, id: LinkId) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute("DELETE FROM links WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(Error::not_found(format!("link {id}")));
            }
            Ok(())
        })
    }
}

fn get(tx: &Transaction<'_>, id: LinkId) -> Result<Link> {
    tx.query_row(&format!("SELECT {COLUMNS} FROM links WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("link {id}")))
}

/// Inserts a link with every column as given (an imported or restored record), unless its
/// normalized URL is already in the inbox: then the inbox's own entry wins. Returns its id.
pub(super) fn insert_whole(tx: &Transaction<'_>, l: &Link) -> Result<LinkId> {
    if let Some(existing) = by_normalized(tx, &l.normalized_url)? {
        return Ok(existing.id);
    }
    let (m, o) = (&l.meta, &l.overrides);
    tx.execute(
        "INSERT INTO links (url, normalized_url, final_url, canonical_url, title, description, publisher, author,
                published, image, logo, lang, kind, status, reason, fetched_at, title_override, description_override,
                publisher_override, author_override, published_override, image_override, added_at, handle, likes, views,
                words, image_name, logo_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
                 ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
        rusqlite::params![
            l.url,
            l.normalized_url,
            m.final_url,
            m.canonical_url,
            m.title,
            m.description,
            m.publisher,
            m.author,
            m.published,
            m.image,
            m.logo,
            m.lang,
            m.kind,
            l.status.as_str(),
            l.reason,
            l.fetched_at,
            o.title,
            o.description,
            o.publisher,
            o.author,
            o.published,
            o.image,
            l.added_at,
            m.handle,
            m.likes.map(|n| n.max(0)),
            m.views.map(|n| n.max(0)),
            m.words.map(|n| n.max(0)),
            m.image_name,
            m.logo_name,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn by_normalized(tx: &Transaction<'_>, normalized: &str) -> Result<Option<Link>> {
    Ok(tx
        .query_row(&format!("SELECT {COLUMNS} FROM links WHERE normalized_url = ?1"), [normalized], from_row)
        .optional()?)
}
