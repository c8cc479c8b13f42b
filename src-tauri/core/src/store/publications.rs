//! The `publications` and `publication_settings` tables: the newsletters a library holds,
//! each a unique name and its settings (`publication.*`, `smtp.*`, `links.*`) as key/value
//! rows, so a new setting needs no migration. The typed views are [`Publication`],
//! [`SmtpSettings`] and [`Tagging`].

use rusqlite::{params, OptionalExtension, Transaction};

use super::settings::{check_key, is_library_key, validate};
use super::{now, Store};
use crate::error::{Error, Result};
use crate::model::{Publication, PublicationId, SmtpSettings, SmtpTls, Tagging, Typography};

/// The longest publication name: it is a From name and a masthead, not a paragraph.
pub const MAX_NAME: usize = 120;

impl Store {
    /// Every publication, oldest first.
    pub fn publications(&self) -> Result<Vec<Publication>> {
        self.read(|tx| {
            let ids: Vec<PublicationId> = {
                let mut stmt = tx.prepare_cached("SELECT id FROM publications ORDER BY id")?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            ids.into_iter().map(|id| get(tx, id)).collect()
        })
    }

    /// One publication with its settings, defaults for anything never set.
    pub fn publication(&self, id: PublicationId) -> Result<Publication> {
        self.read(|tx| get(tx, id))
    }

    /// The publication an issue belongs to.
    pub fn publication_of(&self, issue: crate::model::IssueId) -> Result<Publication> {
        self.read(|tx| {
            let id: Option<PublicationId> =
                tx.query_row("SELECT publication_id FROM issues WHERE id = ?1", [issue], |r| r.get(0)).optional()?;
            get(tx, id.ok_or_else(|| Error::not_found(format!("issue {issue}")))?)
        })
    }

    /// The first publication: where issues go when nobody says which. A library always has
    /// one (schema 4 creates it).
    pub fn first_publication(&self) -> Result<Publication> {
        self.read(|tx| get(tx, first_id(tx)?))
    }

    /// Looks a publication up by name, ignoring case; the error lists the names there are.
    pub fn publication_by_name(&self, name: &str) -> Result<Publication> {
        self.read(|tx| match by_name(tx, name)? {
            Some(id) => get(tx, id),
            None => {
                let names: Vec<String> = {
                    let mut stmt = tx.prepare_cached("SELECT name FROM publications ORDER BY id")?;
                    let rows = stmt.query_map([], |r| r.get(0))?;
                    rows.collect::<rusqlite::Result<_>>()?
                };
                Err(Error::not_found(format!(
                    "publication {:?} (the library has {})",
                    name.trim(),
                    names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join(", ")
                )))
            }
        })
    }

    /// Creates a publication with default settings.
    pub fn create_publication(&self, name: &str) -> Result<Publication> {
        self.write(|tx| {
            let id = insert(tx, name)?;
            get(tx, id)
        })
    }

    /// Renames a publication (names are unique, ignoring case).
    pub fn rename_publication(&self, id: PublicationId, name: &str) -> Result<Publication> {
        self.write(|tx| {
            rename(tx, id, name)?;
            get(tx, id)
        })
    }

    /// Deletes a publication that has no issues; the last one is kept (a library always has
    /// one). Issues are the author's work, so they are never deleted along with it.
    pub fn delete_publication(&self, id: PublicationId) -> Result<()> {
        self.write(|tx| {
            let p = get(tx, id)?;
            let issues: i64 =
                tx.query_row("SELECT count(*) FROM issues WHERE publication_id = ?1", [id], |r| r.get(0))?;
            if issues > 0 {
                return Err(Error::Invalid(format!(
                    "“{}” still has {issues} issue{}: move or delete {} first",
                    p.name,
                    if issues == 1 { "" } else { "s" },
                    if issues == 1 { "it" } else { "them" }
                )));
            }
            let count: i64 = tx.query_row("SELECT count(*) FROM publications", [], |r| r.get(0))?;
            if count <= 1 {
                return Err(Error::Invalid(format!(
                    "“{}” is the library's only publication; a library keeps at least one",
                    p.name
                )));
            }
            tx.execute("DELETE FROM publications WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// Saves every setting of `p` (found by its id) at once, its name included.
    pub fn set_publication(&self, p: &Publication) -> Result<()> {
        let wpm = p.words_per_minute.to_string();
        let pairs = pairs(p, &wpm);
        for (k, v) in &pairs {
            validate(k, v)?;
        }
        self.write(|tx| {
            rename(tx, p.id, &p.name)?;
            write_pairs(tx, p.id, &pairs)
        })
    }

    /// One setting of a publication (`publication.name` is its name); `None` if never set.
    pub fn publication_setting(&self, id: PublicationId, key: &str) -> Result<Option<String>> {
        check_publication_key(key)?;
        self.read(|tx| {
            if key == "publication.name" {
                return Ok(Some(get(tx, id)?.name));
            }
            exists(tx, id)?;
            setting(tx, id, key)
        })
    }

    /// Sets one setting of a publication, validated first.
    pub fn set_publication_setting(&self, id: PublicationId, key: &str, value: &str) -> Result<()> {
        check_publication_key(key)?;
        validate(key, value)?;
        self.write(|tx| {
            if key == "publication.name" {
                return rename(tx, id, value);
            }
            write_pairs(tx, id, &[(key, value)])
        })
    }

    /// A publication's SMTP settings for test sends, with defaults for what was never set.
    pub fn smtp_settings(&self, id: PublicationId) -> Result<SmtpSettings> {
        let all = self.settings_like(id, "smtp.%")?;
        let get = |k: &str| all.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let tls = get("smtp.tls").and_then(|t| SmtpTls::parse(&t)).unwrap_or(SmtpTls::Starttls);
        Ok(SmtpSettings {
            host: get("smtp.host").unwrap_or_default(),
            port: get("smtp.port").and_then(|p| p.parse().ok()).unwrap_or(tls.default_port()),
            tls,
            user: get("smtp.user").unwrap_or_default(),
        })
    }

    /// A publication's link-tagging rules, applied at export.
    pub fn tagging(&self, id: PublicationId) -> Result<Tagging> {
        let all = self.settings_like(id, "links.%")?;
        let get =
            |k: &str| all.iter().find(|(key, _)| key == k).map(|(_, v)| v.trim().to_owned()).filter(|v| !v.is_empty());
        Ok(Tagging {
            enabled: get("links.utm").is_some_and(|v| v == "true"),
            source: get("links.utm_source").unwrap_or_default(),
            medium: get("links.utm_medium").unwrap_or_else(|| "email".into()),
            campaign: get("links.utm_campaign").unwrap_or_else(|| "issue-{number}".into()),
            exclude: get("links.utm_exclude")
                .map(|v| v.split(',').map(|d| d.trim().to_ascii_lowercase()).filter(|d| !d.is_empty()).collect())
                .unwrap_or_default(),
        })
    }

    /// Saves a publication's SMTP settings at once (validated first: all or nothing).
    pub fn set_smtp_settings(&self, id: PublicationId, smtp: &SmtpSettings) -> Result<()> {
        let port = smtp.port.to_string();
        self.set_pairs(
            id,
            &[
                ("smtp.host", smtp.host.trim()),
                ("smtp.port", &port),
                ("smtp.tls", smtp.tls.as_str()),
                ("smtp.user", smtp.user.trim()),
            ],
        )
    }

    /// Saves a publication's link-tagging rules at once.
    pub fn set_tagging(&self, id: PublicationId, t: &Tagging) -> Result<()> {
        let exclude = t.exclude.join(", ");
        self.set_pairs(
            id,
            &[
                ("links.utm", if t.enabled { "true" } else { "false" }),
                ("links.utm_source", t.source.trim()),
                ("links.utm_medium", t.medium.trim()),
                ("links.utm_campaign", t.campaign.trim()),
                ("links.utm_exclude", &exclude),
            ],
        )
    }

    fn set_pairs(&self, id: PublicationId, pairs: &[(&str, &str)]) -> Result<()> {
        for (k, v) in pairs {
            validate(k, v)?;
        }
        self.write(|tx| write_pairs(tx, id, pairs))
    }

    fn settings_like(&self, id: PublicationId, pattern: &str) -> Result<Vec<(String, String)>> {
        self.read(|tx| {
            exists(tx, id)?;
            let mut stmt = tx.prepare_cached(
                "SELECT key, value FROM publication_settings WHERE publication_id = ?1 AND key LIKE ?2",
            )?;
            let rows = stmt.query_map(params![id, pattern], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}

pub(super) fn get(tx: &Transaction<'_>, id: PublicationId) -> Result<Publication> {
    let name: String = tx
        .query_row("SELECT name FROM publications WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(format!("publication {id}")))?;
    let mut p = Publication { id, name, ..Publication::default() };
    let mut stmt = tx.prepare_cached(
        "SELECT key, value FROM publication_settings WHERE publication_id = ?1 AND key LIKE 'publication.%'",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (key, value) = row?;
        match key.as_str() {
            "publication.tagline" => p.tagline = value,
            "publication.cadence" => p.cadence = value,
            "publication.author" => p.author = value,
            "publication.sign_off" => p.sign_off = value,
            "publication.footer" => p.footer = value,
            "publication.footer_order" => p.footer_order = value,
            "publication.default_theme" => p.default_theme = value,
            "publication.sender" => p.sender = value,
            "publication.postal_address" => p.postal_address = value,
            "publication.unsubscribe_url" => p.unsubscribe_url = value,
            "publication.words_per_minute" => p.words_per_minute = value.parse().unwrap_or(265),
            "publication.typography" => p.typography = Typography::parse(&value).unwrap_or_default(),
            "publication.image_base_url" => p.image_base_url = value,
            "publication.site_url" => p.site_url = value,
            _ => {}
        }
    }
    Ok(p)
}

/// The settings of `p` as key/value rows, all but its name (a column of its own).
fn pairs<'a>(p: &'a Publication, wpm: &'a str) -> [(&'static str, &'a str); 14] {
    [
        ("publication.tagline", &p.tagline),
        ("publication.cadence", &p.cadence),
        ("publication.author", &p.author),
        ("publication.sign_off", &p.sign_off),
        ("publication.footer", &p.footer),
        ("publication.footer_order", &p.footer_order),
        ("publication.default_theme", &p.default_theme),
        ("publication.sender", &p.sender),
        ("publication.postal_address", &p.postal_address),
        ("publication.unsubscribe_url", &p.unsubscribe_url),
        ("publication.words_per_minute", wpm),
        ("publication.typography", p.typography.as_str()),
        ("publication.image_base_url", &p.image_base_url),
        ("publication.site_url", &p.site_url),
    ]
}

pub(super) fn first_id(tx: &Transaction<'_>) -> Result<PublicationId> {
    tx.query_row("SELECT min(id) FROM publications", [], |r| r.get::<_, Option<PublicationId>>(0))?
        .ok_or_else(|| Error::not_found("a publication (the library has none)"))
}

pub(super) fn exists(tx: &Transaction<'_>, id: PublicationId) -> Result<()> {
    let found: bool = tx.query_row("SELECT EXISTS(SELECT 1 FROM publications WHERE id = ?1)", [id], |r| r.get(0))?;
    if found {
        Ok(())
    } else {
        Err(Error::not_found(format!("publication {id}")))
    }
}

pub(super) fn by_name(tx: &Transaction<'_>, name: &str) -> Result<Option<PublicationId>> {
    Ok(tx
        .query_row("SELECT id FROM publications WHERE name = ?1 COLLATE NOCASE", [name.trim()], |r| r.get(0))
        .optional()?)
}

pub(super) fn setting(tx: &Transaction<'_>, id: PublicationId, key: &str) -> Result<Option<String>> {
    Ok(tx
        .query_row(
            "SELECT value FROM publication_settings WHERE publication_id = ?1 AND key = ?2",
            params![id, key],
            |r| r.get(0),
        )
        .optional()?)
}

/// Inserts a publication with default settings.
pub(super) fn insert(tx: &Transaction<'_>, name: &str) -> Result<PublicationId> {
    let name = check_name(tx, name, None)?;
    tx.execute("INSERT INTO publications (name, created_at) VALUES (?1, ?2)", params![name, now()])?;
    Ok(tx.last_insert_rowid())
}

/// Inserts a publication with all of `p`'s settings (an imported issue's publication).
pub(super) fn insert_whole(tx: &Transaction<'_>, p: &Publication) -> Result<PublicationId> {
    let id = insert(tx, &p.name)?;
    let wpm = p.words_per_minute.to_string();
    // A file's value the app could not use is left at its default rather than refusing
    // the whole issue: the author's text is what matters, and Settings shows the rest.
    let usable: Vec<(&str, &str)> = pairs(p, &wpm).into_iter().filter(|(k, v)| validate(k, v).is_ok()).collect();
    write_pairs(tx, id, &usable)?;
    Ok(id)
}

fn rename(tx: &Transaction<'_>, id: PublicationId, name: &str) -> Result<()> {
    let name = check_name(tx, name, Some(id))?;
    let n = tx.execute("UPDATE publications SET name = ?2 WHERE id = ?1", params![id, name])?;
    if n == 0 {
        return Err(Error::not_found(format!("publication {id}")));
    }
    Ok(())
}

/// A name trimmed, non-empty, not too long and not another publication's.
fn check_name(tx: &Transaction<'_>, name: &str, except: Option<PublicationId>) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Invalid("a publication needs a name".into()));
    }
    if name.chars().count() > MAX_NAME {
        return Err(Error::Invalid(format!("a publication's name is at most {MAX_NAME} characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::Invalid("a publication's name is one line, without control characters".into()));
    }
    match by_name(tx, name)? {
        Some(other) if Some(other) != except => {
            Err(Error::Invalid(format!("there is already a publication called “{name}”; pick another name")))
        }
        _ => Ok(name.to_owned()),
    }
}

fn write_pairs(tx: &Transaction<'_>, id: PublicationId, pairs: &[(&str, &str)]) -> Result<()> {
    exists(tx, id)?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO publication_settings (publication_id, key, value) VALUES (?1, ?2, ?3)
         ON CONFLICT(publication_id, key) DO UPDATE SET value = excluded.value",
    )?;
    for (k, v) in pairs {
        stmt.execute(params![id, k, v])?;
    }
    Ok(())
}

fn check_publication_key(key: &str) -> Result<()> {
    check_key(key)?;
    if is_library_key(key) {
        return Err(Error::Invalid(format!("{key} is a setting of the whole library, not of a publication")));
    }
    Ok(())
}
