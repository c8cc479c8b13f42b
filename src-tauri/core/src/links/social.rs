//! Social posts as reactions: recognizing a post's URL (X/Twitter, Bluesky, Mastodon-style
//! instances, Threads, LinkedIn, YouTube), reading who said what from the page's card,
//! and engagement numbers both ways (`1,047`, `2.9M`, `73,368 views`).
//!
//! Networks change their markup often and hide counts from logged-out visitors, so the
//! page card is read defensively: structured data first, then the shapes their titles
//! take ("Name on X: “…”", "Name (@handle)"), and whatever is missing is left for the
//! author to fill in rather than guessed.

use serde::{Deserialize, Serialize};
use specta::Type;
use url::Url;

use super::extract::PageMeta;
use crate::render::numbers::group_digits;

/// The networks whose post addresses Masthead recognizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Network {
    /// X, formerly Twitter (`x.com`, `twitter.com`).
    X,
    /// Bluesky (`bsky.app`).
    Bluesky,
    /// Mastodon and the rest of the fediverse, on any instance.
    Mastodon,
    /// Threads (`threads.net`, `threads.com`).
    Threads,
    /// LinkedIn.
    LinkedIn,
    /// YouTube: videos, Shorts and live streams.
    YouTube,
}

impl Network {
    /// The network's name as people write it: `X`, `LinkedIn`.
    pub fn name(self) -> &'static str {
        match self {
            Network::X => "X",
            Network::Bluesky => "Bluesky",
            Network::Mastodon => "Mastodon",
            Network::Threads => "Threads",
            Network::LinkedIn => "LinkedIn",
            Network::YouTube => "YouTube",
        }
    }
}

/// What a post's URL alone says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostUrl {
    /// The network the post is on.
    pub network: Network,
    /// `@name`, or `@name@instance` on Mastodon; none where the URL does not carry it.
    pub handle: Option<String>,
    /// The post's id on its network (for LinkedIn the slug or URN, for YouTube the video's id).
    pub id: String,
}

/// Recognizes the URL of one post (not a profile or a home page).
pub fn recognize(raw: &str) -> Option<PostUrl> {
    let url = Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.trim_start_matches("www.").trim_start_matches("mobile.").trim_start_matches("m.");
    let segs: Vec<&str> = url.path_segments().map(|s| s.filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    let post = |network, handle: Option<String>, id: &str| Some(PostUrl { network, handle, id: id.to_owned() });
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match (host, segs.as_slice()) {
        ("x.com" | "twitter.com", ["i", "web", "status", id, ..]) if digits(id) => post(Network::X, None, id),
        ("x.com" | "twitter.com", [user, "status" | "statuses", id, ..]) if digits(id) => {
            post(Network::X, Some(format!("@{user}")), id)
        }
        ("bsky.app", ["profile", user, "post", id]) => post(Network::Bluesky, Some(format!("@{user}")), id),
        ("threads.net" | "threads.com", [user, "post", id, ..]) if user.starts_with('@') => {
            post(Network::Threads, Some((*user).to_owned()), id)
        }
        ("linkedin.com", ["posts", slug]) => {
            let who = slug.split('_').next().filter(|w| !w.is_empty() && *w != *slug);
            post(Network::LinkedIn, who.map(|w| w.to_owned()), slug)
        }
        ("linkedin.com", ["feed", "update", urn, ..]) => post(Network::LinkedIn, None, urn),
        ("youtube.com", ["watch"]) => {
            let v = url.query_pairs().find(|(k, _)| k == "v").map(|(_, v)| v.into_owned())?;
            post(Network::YouTube, None, &v)
        }
        ("youtube.com", ["shorts" | "live", id]) => post(Network::YouTube, None, id),
        ("youtu.be", [id]) => post(Network::YouTube, None, id),
        // Mastodon and the fediverse: `/@user/123` (a local or `@user@remote` account) and
        // the ActivityPub form `/users/user/statuses/123`, on any instance.
        (_, [user, id]) if user.starts_with('@') && digits(id) && user.len() > 1 => {
            let handle = if user[1..].contains('@') { (*user).to_owned() } else { format!("{user}@{host}") };
            post(Network::Mastodon, Some(handle), id)
        }
        (_, ["users", user, "statuses", id]) if digits(id) => {
            post(Network::Mastodon, Some(format!("@{user}@{host}")), id)
        }
        _ => None,
    }
}

/// A post read off its page: who, what they said, and how far it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Post {
    /// The network the post is on.
    pub network: Network,
    /// Who posted it, by name (for YouTube the channel); `None` when the page does not say.
    pub person: Option<String>,
    /// Their handle: `@name`, or `@name@instance` on Mastodon; `None` when unknown.
    pub handle: Option<String>,
    /// What they said (for YouTube the video's title), without quotation marks around it.
    pub text: Option<String>,
    /// Likes, where the page states them.
    pub likes: Option<i64>,
    /// Views or plays, where the page states them.
    pub views: Option<i64>,
}

/// The post behind `url`, from the page's card (and its oEmbed data, already merged into
/// `meta` by the fetcher). `None` when the URL is not a post.
pub fn post(url: &str, meta: &PageMeta) -> Option<Post> {
    let at = recognize(url)?;
    let title = meta.title.as_deref().unwrap_or_default();
    let (title_person, title_handle, title_text) = read_title(title);
    let person = meta.author.clone().or(title_person).filter(|p| !p.is_empty());
    let handle = meta.handle.clone().or(title_handle).or(at.handle);
    let text = match at.network {
        // A video's "quote" is its title; the channel is the person.
        Network::YouTube => meta.title.clone(),
        _ => meta.description.clone().or(title_text),
    }
    .map(|t| unquote(&t))
    .filter(|t| !t.is_empty());
    let (text_likes, text_views) = meta.description.as_deref().map(counts_in_text).unwrap_or_default();
    Some(Post {
        network: at.network,
        person,
        handle,
        text,
        likes: meta.likes.or(text_likes),
        views: meta.views.or(text_views),
    })
}

/// The shapes post titles take: `Name on X: "text"`, `Name (@handle) on Threads`,
/// `Name (@handle@instance)`, `Name on LinkedIn: text`.
fn read_title(title: &str) -> (Option<String>, Option<String>, Option<String>) {
    let mut rest = title.trim();
    let mut text = None;
    for network in [" on X: ", " on Twitter: ", " on LinkedIn: ", " on Threads: "] {
        if let Some((who, said)) = rest.split_once(network) {
            text = Some(said.to_owned());
            rest = who;
            break;
        }
    }
    for network in [" on X", " on Twitter", " on Threads", " on LinkedIn", " on Bluesky"] {
        if let Some(who) = rest.strip_suffix(network) {
            rest = who;
        }
    }
    let (person, handle) = match rest.rsplit_once(" (@") {
        Some((name, h)) if h.ends_with(')') => (name.trim(), Some(format!("@{}", &h[..h.len() - 1]))),
        _ => (rest, None),
    };
    let person =
        (!person.is_empty() && person != title.trim() || text.is_some() || handle.is_some()).then(|| person.to_owned());
    (person.filter(|p| !p.is_empty()), handle, text)
}

fn unquote(s: &str) -> String {
    let t = s.trim();
    for (open, close) in [('“', '”'), ('"', '"'), ('«', '»'), ('„', '“')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner.trim().to_owned();
        }
    }
    t.to_owned()
}

/// Reads an engagement count as people write it: `1,047`, `1 047`, `2.9M`, `12K`,
/// `1.2B`, `73,368 views`. `None` for what is not a count.
pub fn parse_count(s: &str) -> Option<i64> {
    let s = s.trim();
    let end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '\'')))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let (number, rest) = s.split_at(end);
    let number = number.trim();
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let multiplier = match rest.trim_start().chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('k') => 1_000.0,
        Some('m') if !rest.trim_start().to_ascii_lowercase().starts_with("min") => 1_000_000.0,
        Some('b') => 1_000_000_000.0,
        _ => 1.0,
    };
    let compact: String = number.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'')).collect();
    let value = if multiplier > 1.0 {
        // `2.9M`: the dot (or a comma, `2,9M`) is a decimal point.
        compact.replace(',', ".").parse::<f64>().ok()? * multiplier
    } else {
        // `1,047` / `1.047`: separators between groups of three are thousands.
        let groups: Vec<&str> = compact.split([',', '.']).collect();
        if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) {
            groups.concat().parse::<f64>().ok()?
        } else {
            compact.replace(',', ".").parse::<f64>().ok()?.floor()
        }
    };
    (value.is_finite() && value < 9e15).then(|| value.round() as i64)
}

/// `1047` → `1,047`.
pub fn format_count(n: i64) -> String {
    group_digits(n)
}

/// `2900000` → `2.9M`, `73368` → `73.3K`, `1047` → `1,047`: the networks' short form,
/// rounded down so a count is never overstated.
pub fn compact_count(n: i64) -> String {
    let short = |unit: i64, suffix: &str| {
        let tenths = n / (unit / 10);
        if tenths % 10 == 0 || tenths >= 1000 {
            format!("{}{suffix}", tenths / 10)
        } else {
            format!("{}.{}{suffix}", tenths / 10, tenths % 10)
        }
    };
    match n.unsigned_abs() {
        0..=9_999 => group_digits(n),
        10_000..=999_999 => short(1_000, "K"),
        1_000_000..=999_999_999 => short(1_000_000, "M"),
        _ => short(1_000_000_000, "B"),
    }
}

/// Counts a page states in words, as LinkedIn and some embeds do: `1,047 likes`,
/// `2.9M views`, `312 reactions`.
pub fn counts_in_text(s: &str) -> (Option<i64>, Option<i64>) {
    let (mut likes, mut views) = (None, None);
    let words: Vec<&str> = s.split_whitespace().collect();
    for (i, w) in words.iter().enumerate().skip(1) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        let n = || parse_count(words[i - 1]);
        match w.as_str() {
            "likes" | "like" | "reactions" | "hearts" | "favorites" | "favourites" if likes.is_none() => likes = n(),
            "views" | "view" | "plays" if views.is_none() => views = n(),
            _ => {}
        }
    }
    (likes, views)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handle(u: &str) -> (Network, Option<String>) {
        let p = recognize(u).unwrap_or_else(|| panic!("{u} is a post"));
        (p.network, p.handle)
    }

    #[test]
    fn post_urls_of_every_network() {
        assert_eq!(
            handle("https://x.com/examplebird/status/1900000000000000001?s=20"),
            (Network::X, Some("@examplebird".into()))
        );
        assert_eq!(handle("https://mobile.twitter.com/bird/status/19"), (Network::X, Some("@bird".into())));
        assert_eq!(
            handle("https://bsky.app/profile/ana.example.com/post/3kabc"),
            (Network::Bluesky, Some("@ana.example.com".into()))
        );
        assert_eq!(
            handle("https://toot.example.social/@jo/112233"),
            (Network::Mastodon, Some("@jo@toot.example.social".into()))
        );
        assert_eq!(
            handle("https://toot.example.social/@jo@elsewhere.example/112233"),
            (Network::Mastodon, Some("@jo@elsewhere.example".into()))
        );
        assert_eq!(
            handle("https://toot.example.social/users/jo/statuses/112233"),
            (Network::Mastodon, Some("@jo@toot.example.social".into()))
        );
        assert_eq!(handle("https://www.threads.net/@zuck/post/C8abc"), (Network::Threads, Some("@zuck".into())));
        assert_eq!(
            handle("https://www.linkedin.com/posts/jane-doe_ships-today-activity-7123-abcd"),
            (Network::LinkedIn, Some("jane-doe".into()))
        );
        assert_eq!(handle("https://www.linkedin.com/feed/update/urn:li:activity:7123/"), (Network::LinkedIn, None));
        assert_eq!(handle("https://www.youtube.com/watch?v=abc123&t=10"), (Network::YouTube, None));
        assert_eq!(recognize("https://youtu.be/abc123").unwrap().id, "abc123");
        assert_eq!(recognize("https://www.youtube.com/shorts/xyz").unwrap().id, "xyz");
        for not_a_post in [
            "https://x.com/examplebird",
            "https://bsky.app/profile/ana.example.com",
            "https://news.example.com/2026/04/story",
            "https://toot.example.social/@jo",
            "https://www.youtube.com/channel/UC123",
            "ftp://x.com/a/status/1",
        ] {
            assert_eq!(recognize(not_a_post), None, "{not_a_post}");
        }
    }

    #[test]
    fn engagement_numbers_both_ways() {
        for (written, n) in [
            ("1,047", 1047),
            ("73,368 views", 73368),
            ("2.9M", 2_900_000),
            ("2,9M", 2_900_000),
            ("12K likes", 12_000),
            ("1.2B", 1_200_000_000),
            ("1 047", 1047),
            ("1.047", 1047),
            ("12,000,000", 12_000_000),
            ("0", 0),
            ("15.5k", 15_500),
        ] {
            assert_eq!(parse_count(written), Some(n), "{written}");
        }
        for junk in ["", "likes", "-", "n/a", "∞"] {
            assert_eq!(parse_count(junk), None, "{junk}");
        }
        assert_eq!(format_count(1047), "1,047");
        assert_eq!(format_count(73368), "73,368");
        assert_eq!(compact_count(2_900_000), "2.9M");
        assert_eq!(compact_count(2_999_999), "2.9M", "rounded down, never overstated");
        assert_eq!(compact_count(73_368), "73.3K");
        assert_eq!(compact_count(1047), "1,047");
        assert_eq!(compact_count(10_000), "10K");
        assert_eq!(compact_count(1_000_000_000), "1B");
        for n in [1047, 73_368, 2_900_000, 12_000] {
            assert_eq!(parse_count(&format_count(n)), Some(n));
        }
        assert_eq!(parse_count(&compact_count(2_900_000)), Some(2_900_000));
    }

    #[test]
    fn counts_written_in_words() {
        assert_eq!(counts_in_text("Ana · 1,047 likes · 73,368 views"), (Some(1047), Some(73368)));
        assert_eq!(counts_in_text("312 reactions, 2.9M views."), (Some(312), Some(2_900_000)));
        assert_eq!(counts_in_text("Nothing counted here"), (None, None));
    }

    #[test]
    fn who_said_what_from_the_title() {
        let meta = |title: &str, description: Option<&str>| PageMeta {
            title: Some(title.into()),
            description: description.map(Into::into),
            kind: "social".into(),
            ..Default::default()
        };
        let x = post(
            "https://x.com/examplebird/status/19",
            &meta("Example Bird on X: \"Nightly dumps beat portals.\"", None),
        )
        .unwrap();
        assert_eq!(
            (x.person.as_deref(), x.handle.as_deref(), x.text.as_deref()),
            (Some("Example Bird"), Some("@examplebird"), Some("Nightly dumps beat portals."))
        );
        let bsky = post(
            "https://bsky.app/profile/ana.example.com/post/3k",
            &meta("Ana (@ana.example.com)", Some("Offline tiles.")),
        )
        .unwrap();
        assert_eq!(
            (bsky.person.as_deref(), bsky.handle.as_deref(), bsky.text.as_deref()),
            (Some("Ana"), Some("@ana.example.com"), Some("Offline tiles."))
        );
        let threads =
            post("https://www.threads.net/@mo/post/C8", &meta("Mo Reyes (@mo) on Threads", Some("“Ship it.”")))
                .unwrap();
        assert_eq!((threads.person.as_deref(), threads.text.as_deref()), (Some("Mo Reyes"), Some("Ship it.")));
        let mut video = meta("Building a kiln in a weekend", None);
        video.author = Some("Kiln Club".into());
        video.views = Some(73_368);
        let yt = post("https://www.youtube.com/watch?v=abc", &video).unwrap();
        assert_eq!(
            (yt.person.as_deref(), yt.text.as_deref(), yt.views),
            (Some("Kiln Club"), Some("Building a kiln in a weekend"), Some(73_368))
        );
        assert_eq!(post("https://news.example.com/story", &meta("A story", None)), None);
    }
}
