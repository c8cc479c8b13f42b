//! The `settings` table: publication settings as key/value rows (`publication.name`, …).
//!
//! Key/value rather than columns so later settings (SMTP, UTM rules, the themes folder)
//! need no migration; the typed view is [`Publication`].

use rusqlite::{params, OptionalExtension, Transaction};

use super::Store;
use crate::error::{Error, Result};
use crate::model::{Publication, SmtpSettings, SmtpTls, Tagging};

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
    ("smtp.host", "the SMTP server for test sends, e.g. smtp.example.com"),
    ("smtp.port", "its port (default 587 for starttls, 465 for tls, 25 for none)"),
    ("smtp.tls", "starttls (default), tls (implicit, port 465) or none (only for localhost)"),
    ("smtp.user", "the SMTP login; the password is kept in the system keychain, never in the library"),
    ("smtp.ca_file", "a PEM certificate to trust, for a server with its own certificate authority (optional)"),
    ("links.utm", "true to add utm_source, utm_medium and utm_campaign to outbound links at export (default false)"),
    ("links.utm_source", "utm_source (default: the publication's name as a slug)"),
    ("links.utm_medium", "utm_medium (default email)"),
    ("links.utm_campaign", "utm_campaign; {number} becomes the issue's number (default issue-{number})"),
    ("links.utm_exclude", "domains never tagged, comma-separated (subdomains included)"),
    ("editor.spelling", "the editor's spelling dictionary, e.g. en_GB; off for none; empty for the system's language"),
];

/// The key of the editor's spelling language.
pub const SPELLING: &str = "editor.spelling";

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        check_key(key)?;
        self.read(|tx| get(tx, key))
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.set_many(&[(key, value)])
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
        self.set_many(&pairs)
    }
}

impl Store {
    /// The SMTP settings for test sends, with defaults for what was never set.
    pub fn smtp_settings(&self) -> Result<SmtpSettings> {
        let all = self.settings_like("smtp.%")?;
        let get = |k: &str| all.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let tls = get("smtp.tls").and_then(|t| SmtpTls::parse(&t)).unwrap_or(SmtpTls::Starttls);
        Ok(SmtpSettings {
            host: get("smtp.host").unwrap_or_default(),
            port: get("smtp.port").and_then(|p| p.parse().ok()).unwrap_or(tls.default_port()),
            tls,
            user: get("smtp.user").unwrap_or_default(),
        })
    }

    /// The link-tagging rules applied at export.
    pub fn tagging(&self) -> Result<Tagging> {
        let all = self.settings_like("links.%")?;
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

    /// Saves every SMTP setting at once (validated first: all or nothing).
    pub fn set_smtp_settings(&self, smtp: &SmtpSettings) -> Result<()> {
        let port = smtp.port.to_string();
        self.set_many(&[
            ("smtp.host", smtp.host.trim()),
            ("smtp.port", &port),
            ("smtp.tls", smtp.tls.as_str()),
            ("smtp.user", smtp.user.trim()),
        ])
    }

    /// Saves the link-tagging rules at once.
    pub fn set_tagging(&self, t: &Tagging) -> Result<()> {
        let exclude = t.exclude.join(", ");
        self.set_many(&[
            ("links.utm", if t.enabled { "true" } else { "false" }),
            ("links.utm_source", t.source.trim()),
            ("links.utm_medium", t.medium.trim()),
            ("links.utm_campaign", t.campaign.trim()),
            ("links.utm_exclude", &exclude),
        ])
    }

    fn set_many(&self, pairs: &[(&str, &str)]) -> Result<()> {
        for (k, v) in pairs {
            check_key(k)?;
            validate(k, v)?;
        }
        self.write_pairs(pairs)
    }

    /// Writes settings in one transaction.
    fn write_pairs(&self, pairs: &[(&str, &str)]) -> Result<()> {
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

    fn settings_like(&self, pattern: &str) -> Result<Vec<(String, String)>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached("SELECT key, value FROM settings WHERE key LIKE ?1")?;
            let rows = stmt.query_map([pattern], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}

/// Refuses values the app could not use, saying what is expected: by the name Settings
/// shows, then the key the command line uses.
fn validate(key: &str, value: &str) -> Result<()> {
    let v = value.trim();
    let label = match key {
        "publication.words_per_minute" => "Reading speed",
        "smtp.port" => "The mail server's port",
        "smtp.tls" => "The mail server's security",
        "smtp.host" => "The mail server",
        "links.utm" => "Link tagging",
        "publication.unsubscribe_url" => "The unsubscribe link",
        SPELLING => "The spelling language",
        _ => key,
    };
    let bad = |what: &str| Err(Error::Invalid(format!("{label} must be {what}, not {value:?} (setting {key})")));
    match key {
        "publication.words_per_minute" if !matches!(v.parse::<i64>(), Ok(n) if (50..=2000).contains(&n)) => {
            bad("a whole number of words per minute from 50 to 2000")
        }
        "smtp.port" if !matches!(v.parse::<u16>(), Ok(n) if n > 0) => bad("a port number from 1 to 65535"),
        "smtp.tls" if SmtpTls::parse(v).is_none() => bad("starttls, tls or none"),
        "links.utm" if !matches!(v, "true" | "false") => bad("true or false"),
        "publication.unsubscribe_url" if !v.is_empty() && crate::links::openable(v).is_err() => {
            bad("an http, https or mailto link")
        }
        SPELLING if !(v.is_empty() || v == "off" || is_language_tag(v)) => {
            bad("a dictionary's language such as en_GB or de_DE, off, or empty for the system's")
        }
        "smtp.host" if v.contains(char::is_whitespace) || v.contains('/') => {
            bad("a host name such as smtp.example.com")
        }
        _ => Ok(()),
    }
}

/// `en`, `en_GB`, `pt_BR`: what hunspell names its dictionaries by.
fn is_language_tag(v: &str) -> bool {
    let (lang, region) = v.split_once('_').unwrap_or((v, ""));
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && (region.is_empty() || (region.len() == 2 && region.bytes().all(|b| b.is_ascii_uppercase())))
        && !(v.contains('_') && region.is_empty())
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
