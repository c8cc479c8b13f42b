//! The `settings` table: publication settings as key/value rows (`publication.name`, …).
//!
//! Key/value rather than columns so later settings (SMTP, UTM rules, the themes folder)
//! need no migration; the typed view is [`Publication`].

use rusqlite::{params, OptionalExtension, Transaction};

use super::Store;
use crate::error::{Error, Result};
use crate::model::Publication;

/// Every key `settings get|set` accepts, with what it means.
pub const SETTING_KEYS: &[(&str, &str)] = &[
    ("publication.name", "the newsletter's name, shown in mastheads and the From name"),
    ("publication.tagline", "one line under the name"),
    ("publication.author", "who writes it"),
    ("publication.sign_off", "the closing line, e.g. \"— Sam\""),
    ("publication.footer", "footer text: cadence, why the reader gets it"),
    ("publication.default_theme", "theme for new issues: weekly, digest or briefing"),
    ("publication.sender", "the From address, e.g. \"The Stack <hello@example.com>\""),
    ("publication.postal_address", "postal address printed in email footers"),
    ("publication.unsubscribe_url", "the unsubscribe link of email exports"),
    ("publication.words_per_minute", "reading speed for reading times (default 265)"),
];

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        check_key(key)?;
        self.read(|tx| get(tx, key))
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        check_key(key)?;
        if key == "publication.words_per_minute" && !matches!(value.parse::<i64>(), Ok(n) if (50..=2000).contains(&n)) {
            return Err(Error::Invalid(format!(
                "words per minute must be a whole number from 50 to 2000, not {value:?}"
            )));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
    }

    /// The publication settings, with defaults for anything never set.
    pub fn publication(&self) -> Result<Publication> {
        self.read(|tx| {
            let mut p = Publication::default();
            let mut stmt = tx.prepare_cached("SELECT key, value FROM settings WHERE key LIKE 'publication.%'")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (key, value) = row?;
                match key.as_str() {
                    "publication.name" => p.name = value,
                    "publication.tagline" => p.tagline = value,
                    "publication.author" => p.author = value,
                    "publication.sign_off" => p.sign_off = value,
                    "publication.footer" => p.footer = value,
                    "publication.default_theme" => p.default_theme = value,
                    "publication.sender" => p.sender = value,
                    "publication.postal_address" => p.postal_address = value,
                    "publication.unsubscribe_url" => p.unsubscribe_url = value,
                    "publication.words_per_minute" => p.words_per_minute = value.parse().unwrap_or(265),
                    _ => {}
                }
            }
            Ok(p)
        })
    }

    /// Saves every publication setting at once.
    pub fn set_publication(&self, p: &Publication) -> Result<()> {
        let wpm = p.words_per_minute.to_string();
        let pairs = [
            ("publication.name", p.name.as_str()),
            ("publication.tagline", &p.tagline),
            ("publication.author", &p.author),
            ("publication.sign_off", &p.sign_off),
            ("publication.footer", &p.footer),
            ("publication.default_theme", &p.default_theme),
            ("publication.sender", &p.sender),
            ("publication.postal_address", &p.postal_address),
            ("publication.unsubscribe_url", &p.unsubscribe_url),
            ("publication.words_per_minute", &wpm),
        ];
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            )?;
            for (k, v) in pairs {
                stmt.execute(params![k, v])?;
            }
            Ok(())
        })
    }
}

pub(super) fn get(tx: &Transaction<'_>, key: &str) -> Result<Option<String>> {
    Ok(tx.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
}

fn check_key(key: &str) -> Result<()> {
    if SETTING_KEYS.iter().any(|(k, _)| *k == key) {
        Ok(())
    } else {
        let known: Vec<&str> = SETTING_KEYS.iter().map(|(k, _)| *k).collect();
        Err(Error::Invalid(format!("unknown setting {key:?}; known settings: {}", known.join(", "))))
    }
}
