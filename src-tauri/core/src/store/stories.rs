//! The `stories` table: add, autosave, delete and reorder the stories of an issue.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{issues, items, now, revisions, Store};
use crate::error::{Error, Result};
use crate::model::{IssueId, Story, StoryFields, StoryId};

const COLUMNS: &str =
    "id, issue_id, ordinal, section, headline, discuss_url, body, summary, details, takeaway, updated_at, \
     reading_minutes";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Story> {
    Ok(Story {
        id: r.get(0)?,
        issue_id: r.get(1)?,
        ordinal: r.get(2)?,
        fields: StoryFields {
            section: r.get(3)?,
            headline: r.get(4)?,
            discuss_url: r.get(5)?,
            body: r.get(6)?,
            summary: r.get(7)?,
            details: r.get(8)?,
            takeaway: r.get(9)?,
            reading_minutes: r.get(11)?,
        },
        items: Vec::new(),
        updated_at: r.get(10)?,
    })
}

impl Store {
    /// Adds a story to an issue at `position` (0-based), or at the end.
    pub fn add_story(&self, issue_id: IssueId, fields: StoryFields, position: Option<usize>) -> Result<Story> {
        self.write(|tx| {
            issues::get(tx, issue_id)?;
            let count = count(tx, issue_id)?;
            let at = position.map(|p| (p as i64).min(count)).unwrap_or(count);
            tx.execute(
                "UPDATE stories SET ordinal = ordinal + 1 WHERE issue_id = ?1 AND ordinal >= ?2",
                params![issue_id, at],
            )?;
            let id = insert_at(tx, issue_id, at, &fields)?;
            issues::touch(tx, issue_id)?;
            get(tx, id)
        })
    }

    /// A story with its items.
    pub fn get_story(&self, id: StoryId) -> Result<Story> {
        self.read(|tx| get(tx, id))
    }

    /// The autosave path: writes every editable field of one story in one transaction.
    pub fn save_story(&self, id: StoryId, fields: StoryFields) -> Result<Story> {
        crate::model::check_reading_minutes(fields.reading_minutes).map_err(Error::Invalid)?;
        self.write(|tx| {
            let issue_id = issue_of(tx, id)?;
            tx.execute(
                "UPDATE stories SET section = ?2, headline = ?3, discuss_url = ?4, body = ?5,
                        summary = ?6, details = ?7, takeaway = ?8, updated_at = ?9, reading_minutes = ?10
                 WHERE id = ?1",
                params![
                    id,
                    fields.section,
                    fields.headline,
                    fields.discuss_url,
                    fields.body,
                    fields.summary,
                    fields.details,
                    fields.takeaway,
                    now(),
                    fields.reading_minutes,
                ],
            )?;
            issues::touch(tx, issue_id)?;
            revisions::maybe_snapshot(tx, issue_id)?;
            // The editor already holds the fields it sent; return the row without its items
            // to keep the hot path short.
            tx.query_row(&format!("SELECT {COLUMNS} FROM stories WHERE id = ?1"), [id], from_row).map_err(Into::into)
        })
    }

    /// Deletes a story and its items, keeping a revision of the issue first.
    pub fn delete_story(&self, id: StoryId) -> Result<()> {
        self.write(|tx| {
            let issue_id = issue_of(tx, id)?;
            revisions::snapshot(tx, issue_id, "before deleting a story")?;
            tx.execute("DELETE FROM stories WHERE id = ?1", [id])?;
            renumber(tx, issue_id)?;
            issues::touch(tx, issue_id)
        })
    }

    /// Moves a story to position `to` (0-based) within its issue.
    pub fn move_story(&self, id: StoryId, to: usize) -> Result<Vec<StoryId>> {
        self.write(|tx| {
            let issue_id = issue_of(tx, id)?;
            let mut order = ids(tx, issue_id)?;
            let from = order.iter().position(|&s| s == id).expect("the story belongs to its issue");
            let moved = order.remove(from);
            order.insert(to.min(order.len()), moved);
            write_order(tx, &order)?;
            issues::touch(tx, issue_id)?;
            Ok(order)
        })
    }

    /// Sets the whole order of an issue's stories at once; `order` must name each exactly once.
    pub fn reorder_stories(&self, issue_id: IssueId, order: &[StoryId]) -> Result<()> {
        self.write(|tx| {
            let mut current = ids(tx, issue_id)?;
            let mut wanted = order.to_vec();
            current.sort_unstable();
            wanted.sort_unstable();
            if current != wanted {
                return Err(Error::Invalid(
                    "the new story order must list every story of the issue exactly once".into(),
                ));
            }
            write_order(tx, order)?;
            issues::touch(tx, issue_id)
        })
    }
}

pub(super) fn get(tx: &Transaction<'_>, id: StoryId) -> Result<Story> {
    let mut story = tx
        .query_row(&format!("SELECT {COLUMNS} FROM stories WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("story {id}")))?;
    story.items = items::load_for_story(tx, id)?;
    Ok(story)
}

pub(super) fn issue_of(tx: &Transaction<'_>, id: StoryId) -> Result<IssueId> {
    tx.query_row("SELECT issue_id FROM stories WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("story {id}")))
}

pub(super) fn load_for_issue(tx: &Transaction<'_>, issue_id: IssueId) -> Result<Vec<Story>> {
    let mut stmt =
        tx.prepare_cached(&format!("SELECT {COLUMNS} FROM stories WHERE issue_id = ?1 ORDER BY ordinal, id"))?;
    let mut stories = stmt.query_map([issue_id], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut by_story = items::load_for_issue(tx, issue_id)?;
    for story in &mut stories {
        story.items = by_story.remove(&story.id).unwrap_or_default();
    }
    Ok(stories)
}

pub(super) fn insert_at(tx: &Transaction<'_>, issue_id: IssueId, ordinal: i64, f: &StoryFields) -> Result<StoryId> {
    crate::model::check_reading_minutes(f.reading_minutes).map_err(Error::Invalid)?;
    let stamp = now();
    tx.execute(
        "INSERT INTO stories (issue_id, ordinal, section, headline, discuss_url, body, summary, details,
                              takeaway, created_at, updated_at, reading_minutes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
        params![
            issue_id,
            ordinal,
            f.section,
            f.headline,
            f.discuss_url,
            f.body,
            f.summary,
            f.details,
            f.takeaway,
            stamp,
            f.reading_minutes,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn count(tx: &Transaction<'_>, issue_id: IssueId) -> Result<i64> {
    Ok(tx.query_row("SELECT count(*) FROM stories WHERE issue_id = ?1", [issue_id], |r| r.get(0))?)
}

fn ids(tx: &Transaction<'_>, issue_id: IssueId) -> Result<Vec<StoryId>> {
    let mut stmt = tx.prepare_cached("SELECT id FROM stories WHERE issue_id = ?1 ORDER BY ordinal, id")?;
    let ids = stmt.query_map([issue_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

fn write_order(tx: &Transaction<'_>, order: &[StoryId]) -> Result<()> {
    let mut stmt = tx.prepare_cached("UPDATE stories SET ordinal = ?2 WHERE id = ?1")?;
    for (i, id) in order.iter().enumerate() {
        stmt.execute(params![id, i as i64])?;
    }
    Ok(())
}

/// Closes the gap a deleted story leaves, so ordinals stay 0..n.
fn renumber(tx: &Transaction<'_>, issue_id: IssueId) -> Result<()> {
    let order = ids(tx, issue_id)?;
    write_order(tx, &order)
}
