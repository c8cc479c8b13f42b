//! The `targets`, `publishes` and `uploads` tables: the services a publication's issues go
//! to as drafts, the remote draft each issue became there, and the images uploaded there.

use rusqlite::{params, OptionalExtension, Row, Transaction};

use super::{now, Store};
use crate::error::{Error, Result};
use crate::model::{IssueId, IssueStatus, PublicationId};
use crate::publish::{PublishState, Published, Service, Target, TargetId};

const COLUMNS: &str = "id, publication_id, name, service, base_url, api_user, lists, template, created_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Target> {
    let service: String = r.get(3)?;
    Ok(Target {
        id: r.get(0)?,
        publication_id: r.get(1)?,
        name: r.get(2)?,
        service: Service::parse(&service).unwrap_or(Service::Buttondown),
        base_url: r.get(4)?,
        api_user: r.get(5)?,
        lists: r.get(6)?,
        template: r.get(7)?,
        created_at: r.get(8)?,
    })
}

impl Store {
    /// Adds a target to a publication. Its name is unique in the library (ignoring case).
    pub fn add_target(&self, t: &Target) -> Result<Target> {
        let name = t.name.trim();
        if name.is_empty() || name.chars().count() > 60 {
            return Err(Error::Invalid("a target's name is 1 to 60 characters".into()));
        }
        self.write(|tx| {
            if target_by_name(tx, name)?.is_some() {
                return Err(Error::Invalid(format!("there is a target named “{name}” already")));
            }
            tx.execute(
                "INSERT INTO targets (publication_id, name, service, base_url, api_user, lists, template, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    t.publication_id,
                    name,
                    t.service.as_str(),
                    t.base_url.trim().trim_end_matches('/'),
                    t.api_user.trim(),
                    t.lists.trim(),
                    t.template.trim(),
                    now()
                ],
            )?;
            get(tx, tx.last_insert_rowid())
        })
    }

    /// Every target, or a publication's, by name.
    pub fn list_targets(&self, publication: Option<PublicationId>) -> Result<Vec<Target>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM targets WHERE ?1 IS NULL OR publication_id = ?1 ORDER BY name COLLATE NOCASE"
            ))?;
            let list = stmt.query_map([publication], from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(list)
        })
    }

    /// A target by its name (any case).
    pub fn target(&self, name: &str) -> Result<Target> {
        self.read(|tx| {
            target_by_name(tx, name.trim())?.ok_or_else(|| {
                let known = tx
                    .prepare("SELECT name FROM targets ORDER BY name")
                    .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>())
                    .unwrap_or_default();
                if known.is_empty() {
                    Error::not_found(format!("target “{}” (there are none yet: add one first)", name.trim()))
                } else {
                    Error::not_found(format!("target “{}” (the targets are: {})", name.trim(), known.join(", ")))
                }
            })
        })
    }

    /// Removes a target, with the record of what was published and uploaded there (drafts
    /// in the service stay).
    pub fn delete_target(&self, id: TargetId) -> Result<()> {
        self.write(|tx| {
            if tx.execute("DELETE FROM targets WHERE id = ?1", [id])? == 0 {
                return Err(Error::not_found(format!("target {id}")));
            }
            Ok(())
        })
    }

    /// The remote draft an issue became at a target, if it was published there.
    pub fn published(&self, issue: IssueId, target: TargetId) -> Result<Option<Published>> {
        self.read(|tx| {
            Ok(tx
                .query_row(
                    "SELECT p.remote_id, p.remote_url, p.state, p.first_at, p.updated_at, t.name, t.service, p.send_at
                     FROM publishes p JOIN targets t ON t.id = p.target_id WHERE p.issue_id = ?1 AND p.target_id = ?2",
                    params![issue, target],
                    published_row,
                )
                .optional()?)
        })
    }

    /// Where an issue was published, by target name.
    pub fn publishes_of(&self, issue: IssueId) -> Result<Vec<Published>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT p.remote_id, p.remote_url, p.state, p.first_at, p.updated_at, t.name, t.service, p.send_at
                 FROM publishes p JOIN targets t ON t.id = p.target_id WHERE p.issue_id = ?1 ORDER BY t.name COLLATE NOCASE",
            )?;
            let list = stmt.query_map([issue], published_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(list)
        })
    }

    /// The address a target's service gave a library image uploaded to it.
    pub fn uploaded(&self, target: TargetId, name: &str) -> Result<Option<String>> {
        self.read(|tx| {
            Ok(tx
                .query_row("SELECT url FROM uploads WHERE target_id = ?1 AND name = ?2", params![target, name], |r| {
                    r.get(0)
                })
                .optional()?)
        })
    }

    /// Keeps where a target's service put a library image.
    pub fn record_upload(&self, target: TargetId, name: &str, url: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO uploads (target_id, name, url, uploaded_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (target_id, name) DO UPDATE SET url = ?3, uploaded_at = ?4",
                params![target, name, url, now()],
            )?;
            Ok(())
        })
    }

    /// Records what the service confirmed: the remote draft's id and address, its state,
    /// and when the list gets it (`send_at`, for a scheduled or sent one). The issue's
    /// status follows in the same write: scheduled, then sent (a sent issue stays sent); a
    /// scheduled issue whose send was taken back is ready again.
    pub fn record_publish(
        &self,
        issue: IssueId,
        target: TargetId,
        remote_id: &str,
        remote_url: &str,
        state: PublishState,
        send_at: &str,
    ) -> Result<()> {
        self.write(|tx| {
            let at = now();
            tx.execute(
                "INSERT INTO publishes (issue_id, target_id, remote_id, remote_url, state, first_at, updated_at, send_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)
                 ON CONFLICT (issue_id, target_id)
                 DO UPDATE SET remote_id = ?3, remote_url = ?4, state = ?5, updated_at = ?6, send_at = ?7",
                params![issue, target, remote_id, remote_url, state.as_str(), at, send_at],
            )?;
            if state == PublishState::Draft {
                tx.execute(
                    "UPDATE issues SET status = 'ready', updated_at = ?2 WHERE id = ?1 AND status = 'scheduled'
                       AND NOT EXISTS (SELECT 1 FROM publishes WHERE issue_id = ?1 AND state = 'scheduled')",
                    params![issue, at],
                )?;
            }
            let status = match state {
                PublishState::Draft => None,
                PublishState::Scheduled => Some(IssueStatus::Scheduled),
                PublishState::Sent => Some(IssueStatus::Sent),
            };
            if let Some(status) = status {
                tx.execute(
                    "UPDATE issues SET status = ?2, updated_at = ?3 WHERE id = ?1 AND status <> 'sent'",
                    params![issue, status.as_str(), at],
                )?;
            }
            Ok(())
        })
    }
}

fn published_row(r: &Row<'_>) -> rusqlite::Result<Published> {
    let service: String = r.get(6)?;
    let state: String = r.get(2)?;
    Ok(Published {
        remote_id: r.get(0)?,
        remote_url: r.get(1)?,
        state: PublishState::parse(&state).unwrap_or(PublishState::Draft),
        send_at: r.get(7)?,
        first_at: r.get(3)?,
        updated_at: r.get(4)?,
        target: r.get(5)?,
        service: Service::parse(&service).unwrap_or(Service::Buttondown),
    })
}

fn get(tx: &Transaction<'_>, id: TargetId) -> Result<Target> {
    tx.query_row(&format!("SELECT {COLUMNS} FROM targets WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found(format!("target {id}")))
}

fn target_by_name(tx: &Transaction<'_>, name: &str) -> Result<Option<Target>> {
    Ok(tx.query_row(&format!("SELECT {COLUMNS} FROM targets WHERE name = ?1"), [name], from_row).optional()?)
}
