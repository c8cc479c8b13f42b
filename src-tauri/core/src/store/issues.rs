//! The `issues` table: the library list, issue fields, create, duplicate and delete.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{items, now, publications, revisions, stories, today, Store};
use crate::error::{Error, Result};
use crate::model::{Issue, IssueDoc, IssueFields, IssueId, IssueStatus, IssueSummary, Link, PublicationId};

const COLUMNS: &str = "id, number, title, subtitle, date, status, theme, intro, closing, preheader, created_at, \
                       updated_at, publication_id";

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
        publication_id: r.get(12)?,
    })
}

impl Store {
    /// The library sidebar: every issue, newest number first (by publication, oldest
    /// publication first).
    pub fn list_issues(&self) -> Result<Vec<IssueSummary>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT i.id, i.number, i.title, i.date, i.status, i.theme, i.updated_at,
                        (SELECT count(*) FROM stories s WHERE s.issue_id = i.id), i.publication_id
                 FROM issues i ORDER BY i.publication_id, i.number DESC",
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
                    publication_id: r.get(8)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Creates an issue. Without a publication it goes in the first; without a number it
    /// takes the next one after its publication's highest; without a date, today (an
    /// imported issue without one stays undated until the author sets it); without a
    /// theme, the publication's default.
    pub fn create_issue(&self, mut fields: IssueFields) -> Result<Issue> {
        if fields.date.is_empty() {
            fields.date = today();
        }
        self.write(|tx| {
            let id = insert(tx, &fields)?;
            get(tx, id)
        })
    }

    /// An issue's own fields, without its stories (see [`Store::get_issue_doc`]).
    pub fn get_issue(&self, id: IssueId) -> Result<Issue> {
        self.read(|tx| get(tx, id))
    }

    /// Looks an issue up by its number (what the CLI and authors call it) in a publication,
    /// or, without one, in whichever publication has that number: if more than one has
    /// it, the error names them so the author can say which.
    pub fn issue_by_number(&self, publication: Option<PublicationId>, number: i64) -> Result<Issue> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT i.id, p.name FROM issues i JOIN publications p ON p.id = i.publication_id
                 WHERE i.number = ?1 AND (?2 IS NULL OR i.publication_id = ?2) ORDER BY p.id",
            )?;
            let found = stmt
                .query_map(params![number, publication], |r| Ok((r.get::<_, IssueId>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            match found.as_slice() {
                [(id, _)] => get(tx, *id),
                [] => match publication {
                    Some(p) => {
                        Err(Error::not_found(format!("issue #{number} in “{}”", publications::get(tx, p)?.name)))
                    }
                    None => Err(Error::not_found(format!("issue #{number}"))),
                },
                many => Err(Error::Invalid(format!(
                    "issue #{number} is in more than one publication ({}): say which",
                    many.iter().map(|(_, n)| format!("“{n}”")).collect::<Vec<_>>().join(", ")
                ))),
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
            let publication = fields.publication_id.unwrap_or(current.publication_id);
            publications::exists(tx, publication)?;
            validate_number(tx, publication, number, Some(id))?;
            if !fields.date.is_empty() {
                crate::model::check_issue_date(&fields.date).map_err(Error::Invalid)?;
            }
            tx.execute(
                "UPDATE issues SET number = ?2, title = ?3, subtitle = ?4, date = ?5, status = ?6,
                        theme = ?7, intro = ?8, closing = ?9, preheader = ?10, updated_at = ?11,
                        publication_id = ?12
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
                    publication,
                ],
            )?;
            revisions::maybe_snapshot(tx, id)?;
            get(tx, id)
        })
    }

    /// Sets an issue's title, leaving everything else as it is.
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

    /// Copies an issue with all its stories and items as a new draft with the next number
    /// of its publication.
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

    /// Imports an issue with the inbox links its items use, all in one transaction: a link
    /// already in the inbox (same normalized URL) is used as it is, others are added whole,
    /// and items point at them. The issue goes into the publication with `publication`'s
    /// name (ignoring case), created with its settings if the library has none; without
    /// one, into `doc.issue.publication_id` (0: the first). It keeps its number when that
    /// is free there, else it gets the next one; without a date it stays undated.
    pub fn import_issue(
        &self,
        doc: &IssueDoc,
        publication: Option<&crate::model::Publication>,
        links: &[Link],
    ) -> Result<Issue> {
        self.write(|tx| {
            let mut doc = doc.clone();
            if let Some(p) = publication {
                doc.issue.publication_id = match publications::by_name(tx, &p.name)? {
                    Some(id) => id,
                    None => publications::insert_whole(tx, p)?,
                };
            }
            let mut ids = std::collections::HashMap::new();
            for l in links {
                ids.insert(l.id, super::links::insert_whole(tx, l)?);
            }
            for item in doc.stories.iter_mut().flat_map(|s| s.items.iter_mut()) {
                item.fields.link_id = item.fields.link_id.and_then(|old| ids.get(&old).copied());
            }
            let id = insert_doc(tx, &doc, Some(doc.issue.number))?;
            get(tx, id)
        })
    }

    /// Creates an issue from a whole document (sample data). The document's ids are
    /// ignored; a taken number is replaced by the next free one.
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

fn next_number(tx: &Transaction<'_>, publication: PublicationId) -> Result<i64> {
    let next: i64 = tx.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM issues WHERE publication_id = ?1",
        [publication],
        |r| r.get(0),
    )?;
    crate::model::check_issue_number(next).map_err(|e| Error::Invalid(format!("there is no next number: {e}")))?;
    Ok(next)
}

fn validate_number(
    tx: &Transaction<'_>,
    publication: PublicationId,
    number: i64,
    except: Option<IssueId>,
) -> Result<()> {
    crate::model::check_issue_number(number).map_err(Error::Invalid)?;
    let taken: Option<IssueId> = tx
        .query_row(
            "SELECT id FROM issues WHERE publication_id = ?1 AND number = ?2",
            params![publication, number],
            |r| r.get(0),
        )
        .optional()?;
    match taken {
        Some(other) if Some(other) != except => {
            let name = publications::get(tx, publication)?.name;
            Err(Error::Invalid(format!("“{name}” already has an issue #{number}; pick another number")))
        }
        _ => Ok(()),
    }
}

/// The publication `id` stands for: itself if it exists, the first for none (0).
fn resolve_publication(tx: &Transaction<'_>, id: Option<PublicationId>) -> Result<PublicationId> {
    match id.filter(|&id| id != 0) {
        Some(id) => {
            publications::exists(tx, id)?;
            Ok(id)
        }
        None => publications::first_id(tx),
    }
}

fn insert(tx: &Transaction<'_>, fields: &IssueFields) -> Result<IssueId> {
    let publication = resolve_publication(tx, fields.publication_id)?;
    let number = match fields.number {
        Some(n) => {
            validate_number(tx, publication, n, None)?;
            n
        }
        None => next_number(tx, publication)?,
    };
    let theme =
        if fields.theme.is_empty() { publications::get(tx, publication)?.default_theme } else { fields.theme.clone() };
    let date = fields.date.clone();
    if !date.is_empty() {
        crate::model::check_issue_date(&date).map_err(Error::Invalid)?;
    }
    let stamp = now();
    tx.execute(
        "INSERT INTO issues (number, title, subtitle, date, status, theme, intro, closing, preheader,
                             created_at, updated_at, publication_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
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
            publication,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

pub(super) fn fields_of(issue: &crate::model::Issue) -> IssueFields {
    IssueFields {
        publication_id: Some(issue.publication_id),
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

/// Inserts a whole document as a new issue in its publication (the first if it has none
/// or it was deleted), numbered `number` if that is free there.
pub(super) fn insert_doc(tx: &Transaction<'_>, doc: &IssueDoc, number: Option<i64>) -> Result<IssueId> {
    let mut fields = fields_of(&doc.issue);
    let publication = match resolve_publication(tx, fields.publication_id) {
        Err(Error::NotFound { .. }) => publications::first_id(tx)?,
        other => other?,
    };
    fields.publication_id = Some(publication);
    fields.number = match number {
        Some(n) if validate_number(tx, publication, n, None).is_ok() => Some(n),
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
