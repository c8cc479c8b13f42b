//! The `revisions` table: whole-issue snapshots, throttled while editing and always taken
//! before anything destructive, with restore and a readable text diff.

use std::fmt::Write as _;
use std::time::Duration;

use rusqlite::{params, OptionalExtension, Transaction};

use super::{issues, now, Store};
use crate::error::{Error, Result};
use crate::model::{Issue, IssueDoc, IssueId, ItemKind, RevisionId, RevisionSummary};

/// At most one automatic snapshot per issue in this interval of editing.
pub const REVISION_INTERVAL: Duration = Duration::from_secs(5 * 60);

impl Store {
    /// An issue's revisions, newest first (including those of a deleted issue).
    pub fn list_revisions(&self, issue_id: IssueId) -> Result<Vec<RevisionSummary>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT id, issue_id, reason, created_at, title FROM revisions
                 WHERE issue_id = ?1 ORDER BY id DESC",
            )?;
            let rows = stmt.query_map([issue_id], |r| {
                Ok(RevisionSummary {
                    id: r.get(0)?,
                    issue_id: r.get(1)?,
                    reason: r.get(2)?,
                    created_at: r.get(3)?,
                    title: r.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Takes a snapshot now, whatever the interval (the "save a version" action).
    pub fn snapshot_issue(&self, issue_id: IssueId, reason: &str) -> Result<RevisionId> {
        self.write(|tx| snapshot(tx, issue_id, reason))
    }

    /// The issue as revision `id` kept it: its fields, stories and items.
    pub fn revision_doc(&self, id: RevisionId) -> Result<IssueDoc> {
        self.read(|tx| load(tx, id))
    }

    /// Puts an issue back as it was in revision `id`. The current state is snapshotted
    /// first, so a restore can itself be undone by restoring that snapshot. A revision of
    /// a deleted issue brings the issue back (with its old number if still free).
    pub fn restore_revision(&self, id: RevisionId) -> Result<Issue> {
        self.write(|tx| {
            let doc = load(tx, id)?;
            let issue_id = doc.issue.id;
            let exists: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM issues WHERE id = ?1)", [issue_id], |r| r.get(0))?;
            if !exists {
                let new_id = issues::insert_doc(tx, &doc, Some(doc.issue.number))?;
                return issues::get(tx, new_id);
            }
            snapshot(tx, issue_id, &format!("before restoring the version of {}", short_time(&created_at(tx, id)?)))?;
            let current = issues::get(tx, issue_id)?;
            // The issue stays in the publication it is in now; only its number comes back.
            let number_free: bool = tx.query_row(
                "SELECT NOT EXISTS(SELECT 1 FROM issues WHERE number = ?1 AND id != ?2 AND publication_id = ?3)",
                params![doc.issue.number, issue_id, current.publication_id],
                |r| r.get(0),
            )?;
            let f = issues::fields_of(&doc.issue);
            tx.execute(
                "UPDATE issues SET number = ?2, title = ?3, subtitle = ?4, date = ?5, status = ?6, theme = ?7,
                        intro = ?8, closing = ?9, preheader = ?10, updated_at = ?11 WHERE id = ?1",
                params![
                    issue_id,
                    if number_free { doc.issue.number } else { current.number },
                    f.title,
                    f.subtitle,
                    f.date,
                    doc.issue.status.as_str(),
                    f.theme,
                    f.intro,
                    f.closing,
                    f.preheader,
                    now(),
                ],
            )?;
            issues::replace_content(tx, issue_id, &doc)?;
            issues::get(tx, issue_id)
        })
    }

    /// A unified text diff between revision `a` and revision `b`, or the current issue
    /// when `b` is `None`.
    pub fn diff_revisions(&self, a: RevisionId, b: Option<RevisionId>) -> Result<String> {
        self.read(|tx| {
            let old = load(tx, a)?;
            let (new, new_label) = match b {
                Some(b) => (load(tx, b)?, format!("version of {}", short_time(&created_at(tx, b)?))),
                None => (issues::load_doc(tx, old.issue.id)?, "now".to_string()),
            };
            let old_label = format!("version of {}", short_time(&created_at(tx, a)?));
            let (old_text, new_text) = (doc_text(&old), doc_text(&new));
            let diff = similar::TextDiff::from_lines(&old_text, &new_text);
            Ok(diff.unified_diff().context_radius(3).header(&old_label, &new_label).to_string())
        })
    }
}

pub(super) fn snapshot(tx: &Transaction<'_>, issue_id: IssueId, reason: &str) -> Result<RevisionId> {
    let doc = issues::load_doc(tx, issue_id)?;
    let json = serde_json::to_string(&doc).expect("an issue always serializes");
    tx.execute(
        "INSERT INTO revisions (issue_id, reason, title, snapshot, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![issue_id, reason, doc.issue.title, json, now()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Snapshots the issue if its last revision is older than [`REVISION_INTERVAL`].
pub(super) fn maybe_snapshot(tx: &Transaction<'_>, issue_id: IssueId) -> Result<()> {
    let last: Option<String> = tx
        .query_row("SELECT created_at FROM revisions WHERE issue_id = ?1 ORDER BY id DESC LIMIT 1", [issue_id], |r| {
            r.get(0)
        })
        .optional()?;
    let due = match last {
        None => true,
        Some(last) => {
            let cutoff = time::OffsetDateTime::now_utc() - REVISION_INTERVAL;
            match time::OffsetDateTime::parse(&last, &time::format_description::well_known::Rfc3339) {
                Ok(t) => t <= cutoff,
                Err(_) => true,
            }
        }
    };
    if due {
        snapshot(tx, issue_id, "while editing")?;
    }
    Ok(())
}

fn load(tx: &Transaction<'_>, id: RevisionId) -> Result<IssueDoc> {
    let json: String = tx
        .query_row("SELECT snapshot FROM revisions WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("revision {id}")))?;
    serde_json::from_str(&json).map_err(|e| Error::Invalid(format!("revision {id} cannot be read: {e}")))
}

fn created_at(tx: &Transaction<'_>, id: RevisionId) -> Result<String> {
    tx.query_row("SELECT created_at FROM revisions WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("revision {id}")))
}

/// `2026-11-23T09:41:07.123Z` → `2026-11-23 09:41 UTC`.
fn short_time(stamp: &str) -> String {
    match (stamp.get(..10), stamp.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t} UTC"),
        _ => stamp.to_string(),
    }
}

/// The issue as plain text, one field per paragraph, so a line diff reads naturally.
fn doc_text(doc: &IssueDoc) -> String {
    let i = &doc.issue;
    let mut out = String::new();
    let _ = writeln!(out, "Issue #{} — {}", i.number, i.title);
    for (label, value) in
        [("Subtitle", &i.subtitle), ("Date", &i.date), ("Theme", &i.theme), ("Preheader", &i.preheader)]
    {
        if !value.is_empty() {
            let _ = writeln!(out, "{label}: {value}");
        }
    }
    let _ = writeln!(out, "Status: {}", i.status.as_str());
    block(&mut out, "Intro", &i.intro);
    for (n, s) in doc.stories.iter().enumerate() {
        let f = &s.fields;
        let _ = writeln!(out, "\n## {:02} {}", n + 1, f.headline);
        for (label, value) in [("Section", &f.section), ("Discuss", &f.discuss_url)] {
            if !value.is_empty() {
                let _ = writeln!(out, "{label}: {value}");
            }
        }
        block(&mut out, "Body", &f.body);
        block(&mut out, "Summary", &f.summary);
        block(&mut out, "Details", &f.details);
        block(&mut out, "What it means", &f.takeaway);
        for item in &s.items {
            let it = &item.fields;
            match it.kind {
                ItemKind::Coverage => {
                    let _ = writeln!(out, "- [{}] {} — {} <{}>", it.group_heading, it.source, it.title, it.url);
                }
                ItemKind::Reaction => {
                    let _ = writeln!(
                        out,
                        "- reaction: {} {} — \"{}\" likes={} views={} <{}>",
                        it.source,
                        it.role,
                        it.quote,
                        it.likes.map(|n| n.to_string()).unwrap_or_default(),
                        it.views.map(|n| n.to_string()).unwrap_or_default(),
                        it.url
                    );
                }
            }
        }
    }
    block(&mut out, "Closing", &i.closing);
    out
}

fn block(out: &mut String, label: &str, text: &str) {
    if !text.trim().is_empty() {
        let _ = writeln!(out, "\n{label}:\n{}", text.trim_end());
    }
}
