//! One click from the browser: the `masthead://add?url=…&title=…&note=…` link the
//! bookmarklet opens, read into an inbox link (origin `browser`, the selected text as its
//! note), and the words that confirm it ("Already in the inbox (added Tuesday)").

use serde::Serialize;
use specta::Type;

use super::normalize;
use crate::model::Link;
use crate::store::NewLink;
use crate::{Error, Result, Store};

/// The scheme the desktop sends to Masthead.
pub const SCHEME: &str = "masthead";
/// The longest note kept from a page's selection, in characters.
pub const MAX_NOTE: usize = 4000;

/// The bookmarklet to drag to the bookmarks bar: it opens `masthead://add` with the page's
/// address, title and selected text. Kept short and without quotes that a bookmarks bar
/// could mangle.
pub const BOOKMARKLET: &str = "javascript:(()=>{const e=encodeURIComponent;\
location.href='masthead://add?url='+e(location.href)+'&title='+e(document.title)+'&note='+e(String(getSelection()))})()";

/// What one `masthead://` link did.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Captured {
    /// The inbox link: the new one, or the one already there.
    pub link: Link,
    /// False when the link was in the inbox already.
    pub created: bool,
    /// For a toast: `Added to the inbox: “Title”` or `Already in the inbox (added Tuesday)`.
    pub message: String,
}

/// What a `masthead://add` link asks for, before it meets the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The page's address as the browser sent it (`url=`); never empty.
    pub url: String,
    /// The page's title (`title=`), whitespace folded; `None` when not sent or blank.
    pub title: Option<String>,
    /// The text selected on the page (`note=`), trimmed, at most [`MAX_NOTE`] characters; empty when none.
    pub note: String,
}

/// Reads a `masthead://` link. Only `add` is known; anything else is refused in words.
pub fn parse(link: &str) -> Result<Request> {
    let parsed = url::Url::parse(link.trim())
        .map_err(|e| Error::Invalid(format!("“{}” is not a Masthead link: {e}", short(link))))?;
    if parsed.scheme() != SCHEME {
        return Err(Error::Invalid(format!("“{}” is not a masthead:// link", short(link))));
    }
    // `masthead://add?…` puts `add` in the host; `masthead:add?…` in the path.
    let action = parsed.host_str().filter(|h| !h.is_empty()).unwrap_or_else(|| parsed.path().trim_matches('/'));
    if !action.eq_ignore_ascii_case("add") {
        return Err(Error::Invalid(format!(
            "Masthead does not know “masthead://{action}”: the browser button sends masthead://add?url=…"
        )));
    }
    let mut req = Request { url: String::new(), title: None, note: String::new() };
    for (k, v) in parsed.query_pairs() {
        match k.as_ref() {
            "url" => req.url = v.trim().to_owned(),
            "title" => req.title = Some(v.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty()),
            "note" => req.note = v.trim().chars().take(MAX_NOTE).collect(),
            _ => {}
        }
    }
    if req.url.is_empty() {
        return Err(Error::Invalid("the browser sent no page address (masthead://add needs url=…)".into()));
    }
    Ok(req)
}

/// Adds what a `masthead://add` link carries to the inbox.
pub fn capture(store: &Store, link: &str) -> Result<Captured> {
    let req = parse(link)?;
    let url = normalize::parse(&req.url)?;
    let new = NewLink {
        url: req.url.clone(),
        normalized_url: normalize::normalize(&url),
        title: req.title,
        note: req.note,
        tags: Vec::new(),
        origin: "browser".into(),
        saved_at: None,
    };
    let taken = store.take_in_links(std::slice::from_ref(&new))?[0];
    let link = store.get_link(taken.id)?;
    let message = if taken.created {
        format!("Added to the inbox: “{}”", link.card.title)
    } else {
        format!("Already in the inbox (added {})", crate::store::when(&link.added_at))
    };
    Ok(Captured { link, created: taken.created, message })
}

fn short(s: &str) -> String {
    let mut out: String = s.trim().chars().take(80).collect();
    if s.trim().chars().count() > 80 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_links_are_read_and_others_refused() {
        let r = parse("masthead://add?url=https%3A%2F%2Fa.example%2Fx%3Fy%3D1&title=A%20%20title&note=%20picked%20")
            .unwrap();
        assert_eq!(
            r,
            Request { url: "https://a.example/x?y=1".into(), title: Some("A title".into()), note: "picked".into() }
        );
        assert_eq!(parse("masthead:add?url=a.example").unwrap().url, "a.example");
        assert_eq!(parse("MASTHEAD://ADD?url=a.example").unwrap().url, "a.example");
        let no_url = parse("masthead://add?title=x").unwrap_err().to_string();
        assert!(no_url.contains("no page address"), "{no_url}");
        let other = parse("masthead://delete?url=x").unwrap_err().to_string();
        assert!(other.contains("does not know “masthead://delete”"), "{other}");
        assert!(parse("https://a.example").is_err());
        let long = format!("masthead://add?url=a.example&note={}", "x".repeat(MAX_NOTE + 10));
        assert_eq!(parse(&long).unwrap().note.len(), MAX_NOTE);
    }

    #[test]
    fn the_bookmarklet_sends_what_parse_reads() {
        for key in ["url=", "&title=", "&note="] {
            assert!(BOOKMARKLET.contains(key), "{key}");
        }
        assert!(BOOKMARKLET.starts_with("javascript:") && BOOKMARKLET.contains("masthead://add?"));
        assert!(!BOOKMARKLET.contains('"'), "no double quotes to break an href");
    }
}
