//! oEmbed: the JSON a page advertises with `<link rel="alternate"
//! type="application/json+oembed">`. Video sites and social networks put the author's name
//! and the post's text there rather than in the page, so it enriches the card.

use scraper::{Html, Selector};
use serde::Deserialize;

use super::extract::PageMeta;

/// The fields of an oEmbed response Masthead uses (oembed.com §2.3.4). Everything is
/// optional: providers omit freely.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct OEmbed {
    /// The oEmbed `type`: `video`, `rich`, `photo` or `link`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The title of the video or post.
    pub title: Option<String>,
    /// The author's display name.
    pub author_name: Option<String>,
    /// The author's profile page, where a handle is read from.
    pub author_url: Option<String>,
    /// The site's name (`YouTube`, `Bluesky`).
    pub provider_name: Option<String>,
    /// A picture of the resource, the card's image when the page has none; http(s) only.
    pub thumbnail_url: Option<String>,
    /// Embed markup; for posts a `<blockquote>` holding the text. Never shown as HTML:
    /// only its text is read.
    pub html: Option<String>,
}

/// Parses an oEmbed response; `None` for anything that is not a JSON object.
pub fn parse(bytes: &[u8]) -> Option<OEmbed> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    if !value.is_object() {
        return None;
    }
    // Providers send numbers where strings belong (and the reverse); read leniently.
    let text = |k: &str| match value.get(k)? {
        serde_json::Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    Some(OEmbed {
        kind: text("type"),
        title: text("title"),
        author_name: text("author_name"),
        author_url: text("author_url"),
        provider_name: text("provider_name"),
        thumbnail_url: text("thumbnail_url").filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        html: text("html"),
    })
}

/// Fills what the page left out and prefers oEmbed's author (a person's display name,
/// where pages often give only the network's name).
pub fn merge(meta: &mut PageMeta, o: &OEmbed) {
    if let Some(author) = &o.author_name {
        meta.author = Some(author.clone());
    }
    if meta.handle.is_none() {
        meta.handle = o.author_url.as_deref().and_then(handle_from_profile);
    }
    if meta.title.is_none() {
        meta.title = o.title.clone();
    }
    if meta.publisher.is_none() {
        meta.publisher = o.provider_name.clone();
    }
    if meta.image.is_none() {
        meta.image = o.thumbnail_url.clone();
    }
    if let Some(said) = o.html.as_deref().and_then(post_text) {
        if meta.description.is_none() || meta.kind == "social" {
            meta.description = Some(said);
        }
    }
    if meta.kind == "page" && o.kind.as_deref() == Some("video") {
        meta.kind = "video".into();
    }
}

/// `https://twitter.com/examplebird` → `@examplebird`; `https://bsky.app/profile/ana.bsky.social`
/// → `@ana.bsky.social`; `https://toot.example/@jo` → `@jo@toot.example`.
fn handle_from_profile(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let host = u.host_str()?.trim_start_matches("www.");
    let last = u.path_segments()?.rfind(|s| !s.is_empty())?;
    if let Some(user) = last.strip_prefix('@') {
        return Some(if user.contains('@') { format!("@{user}") } else { format!("@{user}@{host}") });
    }
    matches!(host, "twitter.com" | "x.com" | "bsky.app" | "threads.net" | "threads.com").then(|| format!("@{last}"))
}

static PARAGRAPH: std::sync::LazyLock<Selector> =
    std::sync::LazyLock::new(|| Selector::parse("blockquote p, p").expect("a valid selector"));

/// The words of an embedded post: the text of the first paragraph of its blockquote.
fn post_text(html: &str) -> Option<String> {
    let frag = Html::parse_fragment(html);
    let p = frag.select(&PARAGRAPH).next()?;
    let text = p.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_embed_gives_author_handle_and_text() {
        let o = parse(br##"{"type":"rich","version":"1.0","author_name":"Example Bird","author_url":"https://twitter.com/examplebird",
            "provider_name":"Twitter","html":"<blockquote class=\"twitter-tweet\"><p lang=\"en\">Nightly dumps &amp; <a href=\"https://t.co/x\">portals</a>.</p>&mdash; Example Bird (@examplebird) <a href=\"#\">April 1, 2026</a></blockquote>\n<script async src=\"https://platform.twitter.com/widgets.js\"></script>"}"##).unwrap();
        let mut meta = PageMeta { title: Some("X".into()), kind: "social".into(), ..Default::default() };
        merge(&mut meta, &o);
        assert_eq!(meta.author.as_deref(), Some("Example Bird"));
        assert_eq!(meta.handle.as_deref(), Some("@examplebird"));
        assert_eq!(meta.description.as_deref(), Some("Nightly dumps & portals."));
        assert_eq!(meta.publisher.as_deref(), Some("Twitter"));
    }

    #[test]
    fn a_video_embed_names_the_channel_and_odd_answers_are_ignored() {
        let o = parse(br#"{"type":"video","title":"Building a kiln","author_name":"Kiln Club","author_url":"https://video.example.com/@kilnclub","thumbnail_url":"https://i.example.com/k.jpg","width":480}"#).unwrap();
        let mut meta = PageMeta { kind: "page".into(), ..Default::default() };
        merge(&mut meta, &o);
        assert_eq!(
            (meta.title.as_deref(), meta.author.as_deref(), meta.kind.as_str()),
            (Some("Building a kiln"), Some("Kiln Club"), "video")
        );
        assert_eq!(meta.handle.as_deref(), Some("@kilnclub@video.example.com"));
        assert_eq!(parse(b"[1,2]"), None);
        assert_eq!(parse(b"<html>not json</html>"), None);
        assert_eq!(parse(br#"{"thumbnail_url":"javascript:alert(1)"}"#).unwrap().thumbnail_url, None);
    }
}
