//! The `items` table: coverage links and reactions attached to a story, in order.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{issues, revisions, stories, Store};
use crate::error::{Error, Result};
use crate::model::{IssueId, Item, ItemFields, ItemId, ItemKind, ItemLayout, StoryId};

const COLUMNS: &str = "id, story_id, ordinal, kind, group_heading, source, role, title, quote, note, url, \
                       likes, views, captured_at, link_id, date, note_first, image, description, layout";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Item> {
    let kind: String = r.get(3)?;
    Ok(Item {
        id: r.get(0)?,
        story_id: r.get(1)?,
        ordinal: r.get(2)?,
        fields: ItemFields {
            kind: ItemKind::parse(&kind).unwrap_or(ItemKind::Coverage),
            group_heading: r.get(4)?,
            source: r.get(5)?,
            role: r.get(6)?,
            title: r.get(7)?,
            quote: r.get(8)?,
            note: r.get(9)?,
            url: r.get(10)?,
            likes: r.get(11)?,
            views: r.get(12)?,
            captured_at: r.get(13)?,
            link_id: r.get(14)?,
            date: r.get(15)?,
            note_first: r.get(16)?,
            image: r.get(17)?,
            description: r.get(18)?,
            layout: ItemLayout::parse(&r.get::<_, String>(19)?).unwrap_or_default(),
        },
    })
}

/// An item URL used in an issue: for "already used in an earlier issue".
#[derive(Debug, Clone, PartialEq)]
pub struct UsedUrl {
    pub url: String,
    pub issue_id: IssueId,
    pub issue_number: i64,
    pub issue_title: String,
}

impl Store {
    /// Every item URL in issues other than `except`, with the issue it is in.
    pub fn item_urls_except(&self, except: IssueId) -> Result<Vec<UsedUrl>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT items.url, issues.id, issues.number, issues.title FROM items
                 JOIN stories ON stories.id = items.story_id JOIN issues ON issues.id = stories.issue_id
                 WHERE issues.id != ?1 AND items.url != '' ORDER BY issues.number",
            )?;
            let rows = stmt.query_map([except], |r| {
                Ok(UsedUrl { url: r.get(0)?, issue_id: r.get(1)?, issue_number: r.get(2)?, issue_title: r.get(3)? })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Attaches an item to the end of a story.
    pub fn add_item(&self, story_id: StoryId, fields: ItemFields) -> Result<Item> {
        self.write(|tx| {
            let issue_id = stories::issue_of(tx, story_id)?;
            let next: i64 = tx.query_row(
                "SELECT coalesce(max(ordinal), -1) + 1 FROM items WHERE story_id = ?1",
                [story_id],
                |r| r.get(0),
            )?;
            let id = insert_at(tx, story_id, next, &fields)?;
            issues::touch(tx, issue_id)?;
            get(tx, id)
        })
    }

    /// The autosave path: writes every field of one item. Refused when the likes or views
    /// are negative or `image` is not an image name.
    pub fn update_item(&self, id: ItemId, fields: ItemFields) -> Result<Item> {
        self.write(|tx| {
            let (story_id, _) = place(tx, id)?;
            validate(&fields)?;
            tx.execute(
                "UPDATE items SET kind = ?2, group_heading = ?3, source = ?4, role = ?5, title = ?6,
                        quote = ?7, note = ?8, url = ?9, likes = ?10, views = ?11, captured_at = ?12,
                        link_id = ?13, date = ?14, note_first = ?15, image = ?16, description = ?17,
                        layout = ?18
                 WHERE id = ?1",
                params![
                    id,
                    fields.kind.as_str(),
                    fields.group_heading,
                    fields.source,
                    fields.role,
                    fields.title,
                    fields.quote,
                    fields.note,
                    fields.url,
                    fields.likes,
                    fields.views,
                    fields.captured_at,
                    fields.link_id,
                    fields.date,
                    fields.note_first,
                    fields.image,
                    fields.description,
                    fields.layout.as_str(),
                ],
            )?;
            let issue_id = stories::issue_of(tx, story_id)?;
            issues::touch(tx, issue_id)?;
            revisions::maybe_snapshot(tx, issue_id)?;
            get(tx, id)
        })
    }

    /// Takes an item out of its story; the items after it move up.
    pub fn delete_item(&self, id: ItemId) -> Result<()> {
        self.write(|tx| {
            let (story_id, _) = place(tx, id)?;
            tx.execute("DELETE FROM items WHERE id = ?1", [id])?;
            renumber(tx, story_id)?;
            issues::touch(tx, stories::issue_of(tx, story_id)?)
        })
    }

    /// Moves an item to position `to` of a story (the same one or another, in any issue).
    pub fn move_item(&self, id: ItemId, to_story: StoryId, to: usize) -> Result<Item> {
        self.write(|tx| {
            let (from_story, _) = place(tx, id)?;
            let target_issue = stories::issue_of(tx, to_story)?;
            let mut order = ids(tx, to_story)?;
            order.retain(|&i| i != id);
            order.insert(to.min(order.len()), id);
            tx.execute("UPDATE items SET story_id = ?2 WHERE id = ?1", params![id, to_story])?;
            write_order(tx, &order)?;
            if from_story != to_story {
                renumber(tx, from_story)?;
                issues::touch(tx, stories::issue_of(tx, from_story)?)?;
            }
            issues::touch(tx, target_issue)?;
            get(tx, id)
        })
    }
}

fn validate(f: &ItemFields) -> Result<()> {
    for (name, n) in [("likes", f.likes), ("views", f.views)] {
        if matches!(n, Some(v) if v < 0) {
            return Err(Error::Invalid(format!("{name} cannot be negative")));
        }
    }
    if !f.image.is_empty() && !crate::images::is_image_name(&f.image) {
        return Err(Error::Invalid(format!("“{}” is not the name of an image in the library", f.image)));
    }
    Ok(())
}

fn get(tx: &Transaction<'_>, id: ItemId) -> Result<Item> {
    tx.query_row(&format!("SELECT {COLUMNS} FROM items WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("item {id}")))
}

fn place(tx: &Transaction<'_>, id: ItemId) -> Result<(StoryId, i64)> {
    tx.query_row("SELECT story_id, ordinal FROM items WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("item {id}")))
}

pub(super) fn insert_at(tx: &Transaction<'_>, story_id: StoryId, ordinal: i64, f: &ItemFields) -> Result<ItemId> {
    validate(f)?;
    tx.execute(
        "INSERT INTO items (story_id, ordinal, kind, group_heading, source, role, title, quote, note, url,
                            likes, views, captured_at, link_id, date, note_first, image, description, layout)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            story_id,
            ordinal,
            f.kind.as_str(),
            f.group_heading,
            f.source,
            f.role,
            f.title,
            f.quote,
            f.note,
            f.url,
            f.likes,
            f.views,
            f.captured_at,
            f.link_id,
            f.date,
            f.note_first,
            f.image,
            f.description,
            f.layout.as_str(),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(super) fn load_for_story(tx: &Transaction<'_>, story_id: StoryId) -> Result<Vec<Item>> {
    let mut stmt =
        tx.prepare_cached(&format!("SELECT {COLUMNS} FROM items WHERE story_id = ?1 ORDER BY ordinal, id"))?;
    let items = stmt.query_map([story_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

/// Every item of an issue in one query, grouped by story.
pub(super) fn load_for_issue(tx: &Transaction<'_>, issue_id: IssueId) -> Result<HashMap<StoryId, Vec<Item>>> {
    // `items.` on every column: `stories` has an `id` too.
    let columns = COLUMNS.split(", ").map(|c| format!("items.{c}")).collect::<Vec<_>>().join(", ");
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {columns} FROM items JOIN stories ON stories.id = items.story_id
         WHERE stories.issue_id = ?1 ORDER BY items.story_id, items.ordinal, items.id"
    ))?;
    let mut map: HashMap<StoryId, Vec<Item>> = HashMap::new();
    for item in stmt.query_map([issue_id], from_row)? {
        let item = item?;
        map.entry(item.story_id).or_default().push(item);
    }
    Ok(map)
}

fn ids(tx: &Transaction<'_>, story_id: StoryId) -> Result<Vec<ItemId>> {
    let mut stmt = tx.prepare_cached("SELECT id FROM items WHERE story_id = ?1 ORDER BY ordinal, id")?;
    let ids = stmt.query_map([story_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

fn write_order(tx: &Transaction<'_>, order: &[ItemId]) -> Result<()> {
    let mut stmt = tx.prepare_cached("UPDATE items SET ordinal = ?2 WHERE id = ?1")?;
    for (i, id) in order.iter().enumerate() {
        stmt.execute(params![id, i as i64])?;
    }
    Ok(())
}

fn renumber(tx: &Transaction<'_>, story_id: StoryId) -> Result<()> {
    let order = ids(tx, story_id)?;
    write_order(tx, &order)
}
