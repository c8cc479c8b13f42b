//! Links out of whatever an author drops or pastes: `text/uri-list`, `text/x-moz-url`
//! (a URL and its title on the next line), HTML with anchors (the anchor text is the
//! title), or plain text with links anywhere in it. The title a browser drag carries is
//! kept so the inbox can show it before any fetch.

use super::normalize;

/// One link found in a payload, with the title that came with it, if any.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct Found {
    /// The address as the payload has it.
    pub url: String,
    /// The title it came with (an anchor's text, the line after a `text/x-moz-url` address); `None` when none.
    pub title: Option<String>,
}

/// What a drop or paste carried, by its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum PayloadKind {
    /// `text/plain`: links anywhere in the text.
    Text,
    /// `text/uri-list`.
    UriList,
    /// `text/x-moz-url`.
    MozUrl,
    /// `text/html`.
    Html,
}

/// Every http(s) link in the payload, in order, each once (by its de-duplication key).
pub fn links_in(kind: PayloadKind, data: &str) -> Vec<Found> {
    let raw = match kind {
        PayloadKind::UriList => data
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| Found { url: l.to_owned(), title: None })
            .collect(),
        PayloadKind::MozUrl => {
            let lines: Vec<&str> = data.lines().collect();
            lines
                .chunks(2)
                .filter_map(|pair| {
                    let url = pair.first()?.trim();
                    let title = pair.get(1).map(|t| t.trim()).filter(|t| !t.is_empty() && *t != url);
                    (!url.is_empty()).then(|| Found { url: url.to_owned(), title: title.map(str::to_owned) })
                })
                .collect()
        }
        PayloadKind::Html => anchors(data),
        PayloadKind::Text => in_text(data),
    };
    let mut seen = std::collections::HashSet::new();
    raw.into_iter()
        .filter_map(|f| {
            let parsed = normalize::parse(&f.url).ok()?;
            seen.insert(normalize::normalize(&parsed)).then_some(f)
        })
        .collect()
}

fn anchors(html: &str) -> Vec<Found> {
    static A: std::sync::LazyLock<scraper::Selector> =
        std::sync::LazyLock::new(|| scraper::Selector::parse("a[href]").expect("a valid selector"));
    let doc = scraper::Html::parse_fragment(html);
    let found: Vec<Found> = doc
        .select(&A)
        .filter_map(|a| {
            let href = a.value().attr("href")?.trim();
            if !(href.starts_with("http://") || href.starts_with("https://")) {
                return None;
            }
            let text = a.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
            let title = (!text.is_empty() && text != href).then_some(text);
            Some(Found { url: href.to_owned(), title })
        })
        .collect();
    if found.is_empty() {
        // A page fragment without anchors may still hold links as text.
        let text: String = doc.root_element().text().collect();
        return in_text(&text);
    }
    found
}

/// Links in running text: each `http://`, `https://` or `www.` run up to whitespace,
/// without the punctuation that ends a sentence or closes a bracket around the link.
fn in_text(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"') {
        let start = ["https://", "http://", "www."].iter().filter_map(|p| word.find(p)).min();
        let Some(start) = start else { continue };
        let mut url = &word[start..];
        loop {
            let before = url.len();
            url = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '*', '…']);
            // A closing bracket belongs to the link only when the link opened one.
            for (open, close) in [('(', ')'), ('[', ']'), ('{', '}')] {
                if url.ends_with(close) && url.matches(open).count() < url.matches(close).count() {
                    url = &url[..url.len() - 1];
                }
            }
            if url.len() == before {
                break;
            }
        }
        if url.len() > 8 {
            out.push(Found { url: url.to_owned(), title: None });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(found: &[Found]) -> Vec<&str> {
        found.iter().map(|f| f.url.as_str()).collect()
    }

    #[test]
    fn plain_text_with_many_links() {
        let text = "Read https://example.com/a, and (see https://example.com/b). Also www.example.org/c!\n\
                    Wikipedia: https://en.example.org/wiki/Rust_(programming_language) and https://example.com/a#again";
        assert_eq!(
            urls(&links_in(PayloadKind::Text, text)),
            [
                "https://example.com/a",
                "https://example.com/b",
                "www.example.org/c",
                "https://en.example.org/wiki/Rust_(programming_language)"
            ],
            "the repeat of /a (with a fragment) is dropped"
        );
    }

    #[test]
    fn uri_list_and_moz_url() {
        let list = "# dragged from a browser\r\nhttps://example.com/one\r\n\r\nhttps://example.com/two\r\nftp://example.com/not\r\n";
        assert_eq!(urls(&links_in(PayloadKind::UriList, list)), ["https://example.com/one", "https://example.com/two"]);
        let moz = "https://example.com/story\nA story title\nhttps://example.com/other\nhttps://example.com/other";
        let found = links_in(PayloadKind::MozUrl, moz);
        assert_eq!(found[0].title.as_deref(), Some("A story title"));
        assert_eq!(found[1], Found { url: "https://example.com/other".into(), title: None });
    }

    #[test]
    fn html_anchors_bring_their_text_as_the_title() {
        let html = r#"<p>See <a href="https://example.com/x"> The   <b>X</b> story </a> and <a href="javascript:alert(1)">bad</a>
            <a href="/relative">rel</a> <a href="https://example.com/y">https://example.com/y</a></p>"#;
        let found = links_in(PayloadKind::Html, html);
        assert_eq!(
            found,
            [
                Found { url: "https://example.com/x".into(), title: Some("The X story".into()) },
                Found { url: "https://example.com/y".into(), title: None },
            ]
        );
        assert_eq!(
            urls(&links_in(PayloadKind::Html, "<p>just text https://example.com/z</p>")),
            ["https://example.com/z"]
        );
    }
}
