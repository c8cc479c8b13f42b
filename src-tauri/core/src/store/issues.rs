//! The `issues` table: the library list, issue fields, create, duplicate and delete.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{items, now, revisions, stories, today, Store};
use crate::error::{Error, Result};
use crate::model::{Issue, IssueDoc, IssueFields, IssueId, IssueStatus, IssueSummary, Link};

const COLUMNS: &str =
    "id, number, title, subtitle, date, status, theme, intro, closing, preheader, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Issue> {
    let status: String = r.get(5)?;
    Ok(Issue {
        id: r.get(0)?,
        number: r.get(1)?,
        title: r.get(2)?,
        subtitle: r.get(3)?,
        date: r.get(4)?,
        status: IssueStatus::parse(&status).unwrap_or(IssueStatus::Draft),
        theme: r.get(6)?,
        intro: r.get(7)?,
        closing: r.get(8)?,
        preheader: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
    })
}

impl Store {
    /// The library sidebar: every issue, newest number first.
    pub fn list_issues(&self) -> Result<Vec<IssueSummary>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT i.id, i.number, i.title, i.date, i.status, i.theme, i.updated_at,
                        (SELECT count(*) FROM stories s WHERE s.issue_id = i.id)
                 FROM issues i ORDER BY i.number DESC",
            )?;
            let rows = stmt.query_map([], |r| {
                let status: String = r.get(4)?;
                Ok(IssueSummary {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    title: r.get(2)?,
                    date: r.get(3)?,
                    status: IssueStatus::parse(&status).unwrap_or(IssueStatus::Draft),
                    theme: r.get(5)?,
                    updated_at: r.get(6)?,
                    story_count: r.get(7)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Creates an issue. Without a number it takes the next one after the highest; without
    /// a date, today (an imported issue without one stays undated until the author sets
    /// it); without a theme, the publication's default.
    pub fn create_issue(&self, mut fields: IssueFields) -> Result<Issue> {
        if fields.date.is_empty() {
            fields.date = today();
        }
        self.write(|tx| {
            let id = insert(tx, &fields)?;
            get(tx, id)
        })
    }

    pub fn get_issue(&self, id: IssueId) -> Result<Issue> {
        self.read(|tx| get(tx, id))
    }

    /// Looks an issue up by its number (what the CLI and authors call it).
    pub fn issue_by_number(&self, number: i64) -> Result<Issue> {
        self.read(|tx| {
            let id: Option<IssueId> =
                tx.query_row("SELECT id FROM issues WHERE number = ?1", [number], |r| r.get(0)).optional()?;
            match id {
                Some(id) => get(tx, id),
                None => Err(Error::not_found(format!("issue #{number}"))),
            }
        })
    }

    /// The issue with its stories and their items, in order.
    pub fn get_issue_doc(&self, id: IssueId) -> Result<IssueDoc> {
        self.read(|tx| load_doc(tx, id))
    }

    /// Saves every editable field of an issue at once (the editor's autosave).
    pub fn update_issue(&self, id: IssueId, fields: IssueFields) -> Result<Issue> {
        self.write(|tx| {
            let current = get(tx, id)?;
            let number = fields.number.unwrap_or(current.number);
            validate_number(tx, number, Some(id))?;
            if !fields.date.is_empty() {
                crate::model::check_issue_date(&fields.date).map_err(Error::Invalid)?;
            }
            tx.execute(
                "UPDATE issues SET number = ?2, title = ?3, subtitle = ?4, date = ?5, status = ?6,
                        theme = ?7, intro = ?8, closing = ?9, preheader = ?10, updated_at = ?11
                 WHERE id = ?1",
                params![
                    id,
                    number,
                    fields.title,
                    fields.subtitle,
                    if fields.date.is_empty() { current.date } else { fields.date },
                    fields.status.unwrap_or(current.status).as_str(),
                    if fields.theme.is_empty() { current.theme } else { fields.theme },
                    fields.intro,
                    fields.closing,
                    fields.preheader,
                    now(),
                ],
            )?;
            revisions::maybe_snapshot(tx, id)?;
            get(tx, id)
        })
    }

    pub fn rename_issue(&self, id: IssueId, title: &str) -> Result<Issue> {
        self.write(|tx| {
            let n =
                tx.execute("UPDATE issues SET title = ?2, updated_at = ?3 WHERE id = ?1", params![id, title, now()])?;
            if n == 0 {
                return Err(Error::not_found(format!("issue {id}")));
            }
            get(tx, id)
        })
    }

    /// Copies an issue with all its stories and items as a new draft with the next number.
    pub fn duplicate_issue(&self, id: IssueId) -> Result<Issue> {
        self.write(|tx| {
            let mut doc = load_doc(tx, id)?;
            doc.issue.title = format!("{} (copy)", doc.issue.title).trim().to_string();
            doc.issue.status = IssueStatus::Draft;
            let new_id = insert_doc(tx, &doc, None)?;
            get(tx, new_id)
        })
    }

    /// Deletes an issue, keeping a revision of it first so it can be brought back.
    pub fn delete_issue(&self, id: IssueId) -> Result<()> {
        self.write(|tx| {
            revisions::snapshot(tx, id, "before deleting the issue")?;
            tx.execute("DELETE FROM issues WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// Creates an issue from a whole document (sample data, duplicates, imports).
    /// The document's ids are ignored; a taken number is replaced by the next free one.
    /// Imports an issue with the inbox links its items use, all in one transaction: a link
    /// already in the inbox (same normalized URL) is used as it is, others are added whole,
    /// and items point at them. The issue keeps its number when it is free, else it gets
    /// the next one; without a date it stays undated (no silent "today").
    pub fn import_issue(&self, doc: &IssueDoc, links: &[Link]) -> Result<Issue> {
        self.write(|tx| {
            let mut ids = std::collections::HashMap::new();
            for l in links {
                ids.insert(l.id, super::links::insert_whole(tx, l)?);
            }
            let mut doc = doc.clone();
            for item in doc.stories.iter_mut().flat_map(|s| s.items.iter_mut()) {
                item.fields.link_id = item.fields.link_id.and_then(|old| ids.get(&old).copied());
            }
            let id = insert_doc(tx, &doc, Some(doc.issue.number))?;
            get(tx, id)
        })
    }

    pub fn insert_issue_doc(&self, doc: &IssueDoc) -> Result<Issue> {
        self.write(|tx| {
            let id = insert_doc(tx, doc, Some(doc.issue.number))?;
            get(tx, id)
        })
    }
}

pub(super) fn get(tx: &Transaction<'_>, id: IssueId) -> Result<Issue> {
    tx.query_row(&format!("SELECT {COLUMNS} FROM issues WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("issue {id}")))
}

pub(super) fn load_doc(tx: &Transaction<'_>, id: IssueId) -> Result<IssueDoc> {
    let issue = get(tx, id)?;
    let stories = stories::load_for_issue(tx, id)?;
    Ok(IssueDoc { issue, stories })
}

/// Marks an issue as edited now (stories and items call this when they change).
pub(super) fn touch(tx: &Transaction<'_>, id: IssueId) -> Result<()> {
    tx.execute("UPDATE issues SET updated_at = ?2 WHERE id = ?1", params![id, now()])?;
    Ok(())
}

fn next_number(tx: &Transaction<'_>) -> Result<i64> {
    let next: i64 = tx.query_row("SELECT coalesce(max(number), 0) + 1 FROM issues", [], |r| r.get(0))?;
    crate::model::check_issue_number(next).map_err(|e| Error::Invalid(format!("there is no next number: {e}")))?;
    Ok(next)
}

fn validate_number(tx: &Transaction<'_>, number: i64, except: Option<IssueId>) -> Result<()> {
    crate::model::check_issue_number(number).map_err(Error::Invalid)?;
    let taken: Option<IssueId> =
        tx.query_row("SELECT id FROM issues WHERE number = ?1", [number], |r| r.get(0)).optional()?;
    match taken {
        Some(other) if Some(other) != except => {
            Err(Error::Invalid(format!("issue #{number} already exists; pick another number")))
        }
        _ => Ok(()),
    }
}

fn insert(tx: &Transaction<'_>, fields: &IssueFields) -> Result<IssueId> {
    let number = match fields.number {
        Some(n) => {
            validate_number(tx, n, None)?;
            n
        }
        None => next_number(tx)?,
    };
    let theme = if fields.theme.is_empty() {
        super::settings::get(tx, "publication.default_theme")?.unwrap_or_else(|| "weekly".into())
    } else {
        fields.theme.clone()
    };
    let date = fields.date.clone();
    if !date.is_empty() {
        crate::model::check_issue_date(&date).map_err(Error::Invalid)?;
    }
    let stamp = now();
    tx.execute(
        "INSERT INTO issues (number, title, subtitle, date, status, theme, intro, closing, preheader,
                             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![
            number,
            fields.title,
            fields.subtitle,
            date,
            fields.status.unwrap_or(IssueStatus::Draft).as_str(),
            theme,
            fields.intro,
            fields.closing,
            fields.preheader,
            stamp,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(super) fn fields_of(issue: &crate::model::Issue) -> IssueFields {
    IssueFields {
        number: Some(issue.number),
        title: issue.title.clone(),
        subtitle: issue.subtitle.clone(),
        date: issue.date.clone(),
        status: Some(issue.status),
        theme: issue.theme.clone(),
        intro: issue.intro.clone(),
        closing: issue.closing.clone(),
        preheader: issue.preheader.clone(),
    }
}

/// Inserts a whole document as a new issue, numbered `number` if that is free.
pub(super) fn insert_doc(tx: &Transaction<'_>, doc: &IssueDoc, number: Option<i64>) -> Result<IssueId> {
    let mut fields = fields_of(&doc.issue);
    fields.number = match number {
        Some(n) if validate_number(tx, n, None).is_ok() => Some(n),
        _ => None,
    };
    let id = insert(tx, &fields)?;
    replace_content(tx, id, doc)?;
    Ok(id)
}

/// Replaces an issue's stories and items with those of `doc` (restore, import).
pub(super) fn replace_content(tx: &Transaction<'_>, id: IssueId, doc: &IssueDoc) -> Result<()> {
    tx.execute("DELETE FROM stories WHERE issue_id = ?1", [id])?;
    for (ordinal, story) in doc.stories.iter().enumerate() {
        let story_id = stories::insert_at(tx, id, ordinal as i64, &story.fields)?;
        for (pos, item) in story.items.iter().enumerate() {
            let mut fields = item.fields.clone();
            // The inbox link may have been deleted since the snapshot was taken.
            if let Some(link) = fields.link_id {
                let exists: bool =
                    tx.query_row("SELECT EXISTS(SELECT 1 FROM links WHERE id = ?1)", [link], |r| r.get(0))?;
                if !exists {
                    fields.link_id = None;
                }
            }
            items::insert_at(tx, story_id, pos as i64, &fields)?;
        }
    }
    Ok(())
}
