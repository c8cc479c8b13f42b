//! The `settings` table: the library's own settings (`editor.*`), and the list, meaning
//! and validation of every setting key, a publication's included (those are stored per
//! publication: see `publications.rs`).

use rusqlite::{params, OptionalExtension, Transaction};

use super::Store;
use crate::error::{Error, Result};
use crate::model::SmtpTls;

/// Every key `settings get|set` accepts, with what it means. `editor.*` belong to the
/// library; the others to a publication.
pub const SETTING_KEYS: &[(&str, &str)] = &[
    ("publication.name", "the newsletter's name, shown in mastheads and the From name"),
    ("publication.tagline", "one line under the name"),
    ("publication.cadence", "how often it comes out, e.g. \"Every Tuesday.\""),
    ("publication.author", "who writes it"),
    ("publication.sign_off", "the closing line, e.g. \"— Sam\""),
    ("publication.footer", "footer text: why the reader gets it, one line each"),
    (
        "publication.footer_order",
        "the footer's lines in your order, e.g. \"footer, name, tagline, cadence\" (the usual)",
    ),
    ("publication.default_theme", "theme for new issues: weekly, digest or briefing"),
    ("publication.sender", "the From address, e.g. \"The Stack <hello@example.com>\""),
    ("publication.postal_address", "postal address printed in email footers"),
    (
        "publication.image_base_url",
        "where email images are hosted, e.g. https://cdn.example.com/news/ (images go there by name)",
    ),
    (
        "publication.site_url",
        "where the web archive (site build) is published, e.g. https://example.com/news/: the feed's addresses and the sitemap",
    ),
    ("publication.unsubscribe_url", "the unsubscribe link of email exports"),
    ("publication.words_per_minute", "reading speed for reading times (default 265)"),
    ("publication.typography", "typographic (curly quotes, dashes; the default) or as_typed, in every output"),
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
    (
        "feeds.refresh_minutes",
        "how often the window refreshes feeds while open, in minutes (default 30; 0: only at start and on demand)",
    ),
];

/// The key of the editor's spelling language.
pub const SPELLING: &str = "editor.spelling";
/// The key of how often the window refreshes feeds, in minutes.
pub const FEEDS_REFRESH: &str = "feeds.refresh_minutes";

/// True for a setting of the whole library rather than of one publication.
pub fn is_library_key(key: &str) -> bool {
    key.starts_with("editor.") || key.starts_with("feeds.")
}

impl Store {
    /// A setting of the whole library (`editor.*`, `feeds.*`); `None` if never set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        check_library_key(key)?;
        self.read(|tx| get(tx, key))
    }

    /// Sets a setting of the whole library, validated first.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        check_library_key(key)?;
        validate(key, value)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
    }
}

/// Refuses values the app could not use, saying what is expected: by the name Settings
/// shows, then the key the command line uses.
pub(super) fn validate(key: &str, value: &str) -> Result<()> {
    let v = value.trim();
    let label = match key {
        "publication.words_per_minute" => "Reading speed",
        "smtp.port" => "The mail server's port",
        "smtp.tls" => "The mail server's security",
        "smtp.host" => "The mail server",
        "links.utm" => "Link tagging",
        "publication.unsubscribe_url" => "The unsubscribe link",
        "publication.footer_order" => "The footer's order",
        "publication.typography" => "Typography",
        "publication.image_base_url" => "The image address",
        "publication.site_url" => "The archive's address",
        SPELLING => "The spelling language",
        FEEDS_REFRESH => "How often feeds are refreshed",
        _ => key,
    };
    let bad = |what: &str| Err(Error::Invalid(format!("{label} must be {what}, not {value:?} (setting {key})")));
    match key {
        "publication.words_per_minute" if !matches!(v.parse::<i64>(), Ok(n) if (50..=2000).contains(&n)) => {
            bad("a whole number of words per minute from 50 to 2000")
        }
        "publication.footer_order" if crate::model::footer_order(v).is_err() => bad(&format!(
            "footer, name, tagline and cadence in any order ({})",
            crate::model::footer_order(v).unwrap_err()
        )),
        "publication.typography" if crate::model::Typography::parse(v).is_none() => bad("typographic or as_typed"),
        FEEDS_REFRESH if !v.is_empty() && !matches!(v.parse::<u32>(), Ok(n) if n <= 24 * 60) => {
            bad("a whole number of minutes from 0 (only at start and on demand) to 1440")
        }
        "publication.image_base_url"
            if (!v.is_empty() && !v.starts_with("https://") && !v.starts_with("http://"))
                || v.contains(char::is_whitespace) =>
        {
            bad("an https:// address of the folder the images are uploaded to")
        }
        "publication.site_url"
            if (!v.is_empty() && !v.starts_with("https://") && !v.starts_with("http://"))
                || v.contains(char::is_whitespace) =>
        {
            bad("the https:// address the web archive is published at")
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

pub(super) fn check_key(key: &str) -> Result<()> {
    if SETTING_KEYS.iter().any(|(k, _)| *k == key) {
        Ok(())
    } else {
        let known: Vec<&str> = SETTING_KEYS.iter().map(|(k, _)| *k).collect();
        Err(Error::Invalid(format!("unknown setting {key:?}; known settings: {}", known.join(", "))))
    }
}

fn check_library_key(key: &str) -> Result<()> {
    check_key(key)?;
    if !is_library_key(key) {
        return Err(Error::Invalid(format!("{key} is a setting of a publication: say which publication")));
    }
    Ok(())
}
