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
                          WHERE it.link_id = links.id) AS used_in, \
                       note, origin, saved_at, archived_at, \
                       (SELECT group_concat(tag, char(31)) FROM \
                          (SELECT tag FROM link_tags WHERE link_id = links.id ORDER BY tag)) AS tags, \
                       feed_id, (SELECT coalesce(nullif(trim(f.name), ''), nullif(trim(f.title), ''), f.url) \
                          FROM feeds f WHERE f.id = links.feed_id) AS feed";

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
        note: r.get(31)?,
        origin: r.get(32)?,
        saved_at: r.get(33)?,
        archived_at: r.get(34)?,
        feed_id: r.get(36)?,
        feed: r.get(37)?,
        tags: r
            .get::<_, Option<String>>(35)?
            .map(|t| t.split('\u{1f}').map(str::to_owned).collect())
            .unwrap_or_default(),
        card: Default::default(),
        used_in,
    };
    link.card = link.card_of();
    Ok(link)
}

/// What adding a URL to the inbox did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, specta::Type)]
pub struct AddedLink {
    /// The inbox entry: the new one, or the one that was there already.
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

    /// A link by its id, with its card and the issues that use it.
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
        self.delete_links(&[id])
    }
}

/// Which links the inbox shows. Every choice but `Archived` and `All` leaves archived
/// links out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LinkShow {
    /// Every link not archived.
    #[default]
    Inbox,
    /// Not in any issue yet.
    Unused,
    /// In at least one issue.
    Used,
    /// The fetch failed or the site refused it.
    Failed,
    /// Archived links only.
    Archived,
    /// Archived or not.
    All,
}

/// The order of the inbox: newest saved first, or newest published first (links without
/// a date last, by saved date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LinkSort {
    /// Newest saved first: the date an import or feed gave, else when it came into the inbox.
    #[default]
    Saved,
    /// Newest published first (the author's date before the fetched one); links without a
    /// date last.
    Published,
}

/// A view of the inbox: what to show, in which order, and which page of it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(default)]
pub struct LinkQuery {
    /// Which links to show.
    pub show: LinkShow,
    /// Only links with this tag (any case).
    pub tag: Option<String>,
    /// Only links from this origin (`pocket`, `browser`, `feed`, …; `""` for pasted ones).
    pub origin: Option<String>,
    /// Only links from this feed.
    pub feed: Option<crate::model::FeedId>,
    /// Words that must all appear in the address, title, description, publisher, note
    /// or tags (any case).
    pub search: String,
    /// The order to show them in.
    pub sort: LinkSort,
    /// At most this many links (all when absent).
    pub limit: Option<u32>,
    /// How many matching links to skip first: where the page starts.
    pub offset: u32,
}

/// One page of the inbox, how many links match in all, and what the filters can offer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, specta::Type)]
pub struct LinkPage {
    /// The links of this page, in order.
    pub links: Vec<Link>,
    /// Links matching the query (all pages).
    pub total: u32,
    /// How many links each [`LinkShow`] choice holds.
    pub counts: InboxCounts,
    /// Every tag in use, alphabetical, with how many links carry it.
    pub tags: Vec<TagCount>,
}

/// How many links each [`LinkShow`] choice holds (search and tag aside).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct InboxCounts {
    /// Links not archived.
    pub inbox: u32,
    /// Links not archived and in no issue.
    pub unused: u32,
    /// Links not archived and in at least one issue.
    pub used: u32,
    /// Links not archived whose fetch failed or was blocked.
    pub failed: u32,
    /// Archived links.
    pub archived: u32,
}

/// A tag in use and how many links carry it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct TagCount {
    /// The tag, as the author wrote it.
    pub tag: String,
    /// How many links carry it.
    pub count: u32,
}

/// A link arriving from outside the window (an import, the browser), with what its
/// source knew about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewLink {
    /// The URL as the source gave it.
    pub url: String,
    /// That URL normalized: a link the inbox has already is not added twice.
    pub normalized_url: String,
    /// The title the source knew, shown until a fetch finds better; `None` for none.
    pub title: Option<String>,
    /// The author's note (a capture's selected text, an import's note); empty for none.
    pub note: String,
    /// The author's tags, cleaned on the way in (see [`crate::links::tag_name`]).
    pub tags: Vec<String>,
    /// Where it came from: `browser` (the bookmarklet) or the import's format (`pocket`,
    /// `bookmarks`, …).
    pub origin: String,
    /// When the author saved it elsewhere (RFC 3339), if the source says; a date later
    /// than its arrival is ignored.
    pub saved_at: Option<String>,
}

/// What taking in one link did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct Taken {
    /// The inbox entry: the new one, or the one that was there already.
    pub id: LinkId,
    /// False when it was in the inbox already: its tags were added to, and its note kept
    /// or, when it had none, set.
    pub created: bool,
}

const USED: &str = "EXISTS (SELECT 1 FROM items WHERE items.link_id = links.id)";

impl Store {
    /// The inbox as `q` asks for it.
    pub fn query_links(&self, q: &LinkQuery) -> Result<LinkPage> {
        let mut filter = vec![match q.show {
            LinkShow::Inbox => "archived_at IS NULL".to_owned(),
            LinkShow::Unused => format!("archived_at IS NULL AND NOT {USED}"),
            LinkShow::Used => format!("archived_at IS NULL AND {USED}"),
            LinkShow::Failed => "archived_at IS NULL AND status IN ('failed', 'blocked')".to_owned(),
            LinkShow::Archived => "archived_at IS NOT NULL".to_owned(),
            LinkShow::All => "1".to_owned(),
        }];
        let mut args: Vec<String> = Vec::new();
        if let Some(tag) = q.tag.as_deref().filter(|t| !t.trim().is_empty()) {
            args.push(tag.trim().to_owned());
            filter.push(format!(
                "EXISTS (SELECT 1 FROM link_tags lt WHERE lt.link_id = links.id AND lt.tag = ?{})",
                args.len()
            ));
        }
        if let Some(origin) = &q.origin {
            args.push(origin.clone());
            filter.push(format!("origin = ?{}", args.len()));
        }
        if let Some(feed) = q.feed {
            filter.push(format!("feed_id = {feed}")); // a number: nothing to bind
        }
        for word in q.search.split_whitespace().take(8) {
            args.push(format!("%{}%", word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")));
            let n = args.len();
            filter.push(format!(
                "(url LIKE ?{n} ESCAPE '\\' OR coalesce(title_override, title, '') LIKE ?{n} ESCAPE '\\' \
                  OR coalesce(description_override, description, '') LIKE ?{n} ESCAPE '\\' \
                  OR coalesce(publisher_override, publisher, '') LIKE ?{n} ESCAPE '\\' OR note LIKE ?{n} ESCAPE '\\' \
                  OR EXISTS (SELECT 1 FROM link_tags lt WHERE lt.link_id = links.id AND lt.tag LIKE ?{n} ESCAPE '\\'))"
            ));
        }
        let filter = filter.join(" AND ");
        let order = match q.sort {
            LinkSort::Saved => "coalesce(saved_at, added_at) DESC, id DESC",
            LinkSort::Published => {
                "coalesce(published_override, published) IS NULL, coalesce(published_override, published) DESC, \
                 coalesce(saved_at, added_at) DESC, id DESC"
            }
        };
        let limit = q.limit.map_or(-1, i64::from);
        self.read(|tx| {
            let params = rusqlite::params_from_iter(args.iter());
            let total: u32 =
                tx.query_row(&format!("SELECT count(*) FROM links WHERE {filter}"), params, |r| r.get(0))?;
            let mut stmt = tx.prepare(&format!(
                "SELECT {COLUMNS} FROM links WHERE {filter} ORDER BY {order} LIMIT {limit} OFFSET {}",
                q.offset
            ))?;
            let links = stmt
                .query_map(rusqlite::params_from_iter(args.iter()), from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let counts = tx.query_row(
                &format!(
                    "SELECT count(*) FILTER (WHERE archived_at IS NULL),
                            count(*) FILTER (WHERE archived_at IS NULL AND NOT {USED}),
                            count(*) FILTER (WHERE archived_at IS NULL AND {USED}),
                            count(*) FILTER (WHERE archived_at IS NULL AND status IN ('failed', 'blocked')),
                            count(*) FILTER (WHERE archived_at IS NOT NULL)
                     FROM links"
                ),
                [],
                |r| {
                    Ok(InboxCounts {
                        inbox: r.get(0)?,
                        unused: r.get(1)?,
                        used: r.get(2)?,
                        failed: r.get(3)?,
                        archived: r.get(4)?,
                    })
                },
            )?;
            let mut stmt =
                tx.prepare_cached("SELECT min(tag), count(*) FROM link_tags GROUP BY tag ORDER BY tag COLLATE NOCASE")?;
            let tags = stmt
                .query_map([], |r| Ok(TagCount { tag: r.get(0)?, count: r.get(1)? }))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(LinkPage { links, total, counts, tags })
        })
    }

    /// Takes in links from outside the window in one transaction: each new one with its
    /// title, note, tags, origin and saved date; one already in the inbox gains the tags
    /// and, if it had no note, the note (nothing the author wrote is replaced).
    pub fn take_in_links(&self, new: &[NewLink]) -> Result<Vec<Taken>> {
        self.write(|tx| {
            let added_at = now();
            let mut links = Vec::with_capacity(new.len());
            let mut insert = tx.prepare_cached(
                "INSERT INTO links (url, normalized_url, title, note, origin, saved_at, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut add_note = tx.prepare_cached("UPDATE links SET note = ?2 WHERE id = ?1 AND note = ''")?;
            let mut find = tx.prepare_cached("SELECT id FROM links WHERE normalized_url = ?1")?;
            for n in new {
                let known: Option<LinkId> = find.query_row([&n.normalized_url], |r| r.get(0)).optional()?;
                let (id, created) = match known {
                    Some(id) => {
                        if !n.note.trim().is_empty() {
                            add_note.execute(params![id, n.note.trim()])?;
                        }
                        (id, false)
                    }
                    None => {
                        let title = n.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
                        // A saved date is never later than the link's arrival here (a
                        // file's clock can be wrong; the inbox's order should not be).
                        let saved = n.saved_at.as_deref().filter(|s| *s < added_at.as_str());
                        insert.execute(params![
                            n.url,
                            n.normalized_url,
                            title,
                            n.note.trim(),
                            n.origin,
                            saved,
                            added_at
                        ])?;
                        (tx.last_insert_rowid(), true)
                    }
                };
                add_tags(tx, id, &n.tags)?;
                links.push(Taken { id, created });
            }
            Ok(links)
        })
    }

    /// Sets the author's note on a link.
    pub fn set_link_note(&self, id: LinkId, note: &str) -> Result<Link> {
        self.write(|tx| {
            if tx.execute("UPDATE links SET note = ?2 WHERE id = ?1", params![id, note.trim()])? == 0 {
                return Err(Error::not_found(format!("link {id}")));
            }
            get(tx, id)
        })
    }

    /// Gives links tags and takes tags away, in one transaction. Tags are cleaned as
    /// [`crate::links::tag_name`] says; ones that clean to nothing are ignored.
    pub fn tag_links(&self, ids: &[LinkId], add: &[String], remove: &[String]) -> Result<Vec<Link>> {
        self.write(|tx| {
            let mut out = Vec::with_capacity(ids.len());
            for &id in ids {
                for t in remove.iter().filter_map(|t| crate::links::tag_name(t)) {
                    tx.execute("DELETE FROM link_tags WHERE link_id = ?1 AND tag = ?2", params![id, t])?;
                }
                add_tags(tx, id, add)?;
                out.push(get(tx, id)?);
            }
            Ok(out)
        })
    }

    /// Archives links (out of the inbox's usual view) or brings them back.
    pub fn archive_links(&self, ids: &[LinkId], archived: bool) -> Result<Vec<Link>> {
        self.write(|tx| {
            let at = archived.then(now);
            let mut out = Vec::with_capacity(ids.len());
            for &id in ids {
                if tx.execute("UPDATE links SET archived_at = ?2 WHERE id = ?1", params![id, at])? == 0 {
                    return Err(Error::not_found(format!("link {id}")));
                }
                out.push(get(tx, id)?);
            }
            Ok(out)
        })
    }

    /// Removes links from the inbox, all or none. Items made from them keep their copy.
    pub fn delete_links(&self, ids: &[LinkId]) -> Result<()> {
        self.write(|tx| {
            for &id in ids {
                if tx.execute("DELETE FROM links WHERE id = ?1", [id])? == 0 {
                    return Err(Error::not_found(format!("link {id}")));
                }
            }
            Ok(())
        })
    }
}

fn add_tags(tx: &Transaction<'_>, id: LinkId, tags: &[String]) -> Result<()> {
    let mut stmt = tx.prepare_cached("INSERT OR IGNORE INTO link_tags (link_id, tag) VALUES (?1, ?2)")?;
    for t in tags.iter().filter_map(|t| crate::links::tag_name(t)) {
        stmt.execute(params![id, t])?;
    }
    Ok(())
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
