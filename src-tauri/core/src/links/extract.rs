//! A page's metadata from its bytes and URL, with no I/O: title, description, publisher,
//! author, date, canonical URL, image, logo, language and kind.
//!
//! One pass over the parsed document collects every candidate (OpenGraph, Twitter cards,
//! JSON-LD, microdata, `<meta>` names, `<title>`, `<h1>`, bylines, `<link rel>`), then
//! each field takes the first candidate by a fixed priority. OpenGraph comes first
//! because publishers write it for exactly this purpose (link cards); JSON-LD next because
//! it is structured; the page's visible text last.

use scraper::{ElementRef, Html, Node};
use serde::Serialize;
use serde_json::Value;
use url::Url;

use super::{charset, social};

/// What a link card shows. Every URL is absolute; `date` is ISO 8601 with the offset the
/// page gave, on the page's own calendar day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PageMeta {
    /// The page's headline, the site's name taken off; at most [`MAX_TITLE`] characters.
    pub title: Option<String>,
    /// Its summary, the fullest the page gives; at most [`MAX_DESCRIPTION`] characters.
    pub description: Option<String>,
    /// The site's or publisher's name (`og:site_name` first).
    pub publisher: Option<String>,
    /// Who wrote it: a person, never the site's name.
    pub author: Option<String>,
    /// When it was published.
    pub date: Option<String>,
    /// The canonical URL, else the page's own.
    pub url: Option<String>,
    /// The picture the page offers for link cards (`og:image` first).
    pub image: Option<String>,
    /// The publisher's logo, else the page's largest icon.
    pub logo: Option<String>,
    /// The page's language as a tag: `en`, `pt-BR`.
    pub lang: Option<String>,
    /// `article`, `video`, `social`, `document` or `page`.
    pub kind: String,
    /// A post author's handle (`@name`), where the page or its oEmbed names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    /// Engagement counts stated in structured data (`interactionStatistic`,
    /// `interactionCount`): likes, and views or plays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likes: Option<i64>,
    /// Views or plays, as the page states them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub views: Option<i64>,
    /// The page's oEmbed endpoint (`<link type="application/json+oembed">`), absolute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oembed: Option<String>,
    /// The words in the page's paragraphs, when they make an essay's length (see
    /// [`paragraph_words`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<u32>,
}

/// Fewer words than this in a page's paragraphs is not an essay to time (a video page, a
/// post, a landing page): its reading time would mislead.
pub const MIN_ESSAY_WORDS: u32 = 150;

/// The words a reader of the page reads: the text inside its `<p>` elements, outside
/// scripts, styles and comments, counted in one pass over the raw HTML (the metadata
/// parse keeps only what a card needs). `None` under [`MIN_ESSAY_WORDS`].
pub fn paragraph_words(html: &str) -> Option<u32> {
    let (bytes, mut i, mut depth, mut words, mut in_word) = (html.as_bytes(), 0, 0u32, 0u32, false);
    while i < bytes.len() {
        if bytes[i] != b'<' {
            if depth > 0 {
                if bytes[i].is_ascii_whitespace() {
                    in_word = false;
                } else if !in_word {
                    in_word = true;
                    words += 1;
                }
            }
            i += 1;
            continue;
        }
        let rest = &html[i + 1..];
        if rest.starts_with("!--") {
            i += rest.find("-->").map_or(bytes.len(), |j| j + 4);
            continue;
        }
        let closing = rest.starts_with('/');
        let after = &rest[usize::from(closing)..];
        let name = &after[..after.bytes().take_while(u8::is_ascii_alphanumeric).count()];
        let is = |tag: &str| name.eq_ignore_ascii_case(tag);
        if !closing && (is("script") || is("style")) {
            // Skip to the element's end tag: its text is code, not reading.
            let end = format!("</{}", name.to_ascii_lowercase());
            let at = rest.as_bytes().windows(end.len()).position(|w| w.eq_ignore_ascii_case(end.as_bytes()));
            i += at.map_or(bytes.len(), |j| j + 1);
            continue;
        }
        if is("p") {
            depth = if closing { depth.saturating_sub(1) } else { depth + 1 };
            in_word = false;
        }
        i += html[i..].find('>').map_or(bytes.len(), |j| j + 1);
    }
    (words >= MIN_ESSAY_WORDS).then_some(words)
}

/// Extracts metadata from a page's raw bytes. `content_type` is the HTTP header, if any
/// (it may name the charset).
pub fn extract(bytes: &[u8], page_url: &str, content_type: Option<&str>) -> PageMeta {
    if let Some(kind) = super::file::sniff(bytes, content_type) {
        return super::file::card(bytes, page_url, kind);
    }
    let (text, _) = charset::decode(bytes, content_type);
    extract_str(&text, page_url)
}

/// The same, from text already decoded.
pub fn extract_str(html: &str, page_url: &str) -> PageMeta {
    let doc = Html::parse_document(&shallow(&essentials(html)));
    let page = Url::parse(page_url).ok();
    let mut c = Candidates::default();
    collect(&doc, &mut c);
    let base = c
        .base_href
        .as_deref()
        .and_then(|b| match &page {
            Some(p) => p.join(b).ok(),
            None => Url::parse(b).ok(),
        })
        .or(page.clone());
    let abs = |u: &str| absolute(base.as_ref(), u);

    let meta = |keys: &[&str]| keys.iter().find_map(|k| c.meta.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()));
    let mut ld = JsonLd::from_scripts(&c.json_ld);
    let addresses: Vec<&str> =
        [c.canonical.as_deref(), c.meta.iter().find(|(k, _)| k == "og:url").map(|(_, v)| v.as_str()), Some(page_url)]
            .into_iter()
            .flatten()
            .collect();
    // The page's headline element: one classed as such, else the first <h1> that is not the
    // site's name (a forum's or blog's first <h1> often is).
    let site_names: Vec<String> = [meta(&["og:site_name"]), c.logo_alt.clone(), meta(&["application-name"])]
        .into_iter()
        .flatten()
        .map(|n| collapse(&n).to_lowercase())
        .collect();
    let h1 = c.headline_el.clone().or_else(|| c.h1s.iter().find(|h| !site_names.contains(&h.to_lowercase())).cloned());
    let titles: Vec<&str> = [c.meta.iter().find(|(k, _)| k == "og:title").map(|(_, v)| v.as_str()), h1.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    ld.prefer_this_page(&addresses, &titles);

    // A first guess, to take the site's name off titles; decided below, with the name the
    // title carries beside the headline.
    let named = meta(&["og:site_name"])
        .or_else(|| ld.publisher_name())
        .or_else(|| meta(&["application-name", "al:android:app_name", "al:ios:app_name"]))
        .and_then(clean);

    let title = super::rules::title(super::rules::TitleCandidates {
        og: meta(&["og:title", "twitter:title"]),
        headline: ld.string("headline").or_else(|| c.microdata.get("headline").cloned()),
        title: c.title.clone(),
        h1: h1.clone(),
        site_name: meta(&["og:site_name"]).or_else(|| named.clone()),
        home: page.as_ref().is_some_and(|p| p.path() == "/" && p.query().is_none()),
        name: ld.string("name"),
        site: |t: &str| strip_site_name(t, named.as_deref(), page.as_ref()),
    });
    let publisher = super::rules::publisher(super::rules::PublisherCandidates {
        og: meta(&["og:site_name"]).and_then(clean),
        structured: ld.publisher().and_then(|p| p.get("name")).and_then(as_text).and_then(clean),
        site: ld.site_name().and_then(clean),
        app: meta(&["application-name", "al:android:app_name", "al:ios:app_name"]).and_then(clean),
        logo_alt: c.logo_alt.clone().and_then(clean),
        title_site: c.title.as_deref().zip(title.as_deref()).and_then(|(whole, t)| site_beside(whole, t)),
        copyright: c.copyright.as_deref().and_then(super::rules::copyright_name),
        section: meta(&["article:section"]),
    });

    let descriptions: Vec<String> = ["og:description", "twitter:description", "description", "dc.description"]
        .iter()
        .filter_map(|k| meta(&[k]))
        .chain(ld.string("description"))
        .filter_map(clean)
        .collect();
    let description = fullest(&descriptions);

    // Each candidate in turn, skipping one that names the site rather than a person.
    let person = |a: String| {
        let names = super::rules::list_names(&super::rules::author_name(&once_named(&collapse(&a)))?);
        let people: Vec<&str> =
            names.split(", ").filter(|a| !names_the_site(a, publisher.as_deref(), page.as_ref())).collect();
        (!people.is_empty()).then(|| people.join(", "))
    };
    // Names in bylines: every name-ranked one (a byline of several authors), else the first line.
    let named: Vec<String> = {
        let mut names: Vec<String> = Vec::new();
        let exact: Vec<_> = c.bylines.iter().filter(|(rank, _, _)| *rank == 0).collect();
        let first_group = exact.first().and_then(|(_, group, _)| *group);
        for (i, (_, group, t)) in exact.iter().enumerate() {
            if i > 0 && (first_group.is_none() || *group != first_group) {
                continue;
            }
            if let Some(n) = person(t.clone()) {
                if !names.contains(&n) && names.len() < 4 {
                    names.push(n);
                }
            }
        }
        names
    };
    let from_bylines = (!named.is_empty()).then(|| named.join(", ")).or_else(|| {
        let mut lines: Vec<&(u8, Option<ego_tree::NodeId>, String)> = c.bylines.iter().collect();
        lines.sort_by_key(|(rank, _, _)| *rank);
        lines.into_iter().find_map(|(_, _, t)| person(t.clone()))
    });
    let candidates: Vec<String> = [
        ld.author().and_then(person),
        c.microdata.get("author").cloned().and_then(person),
        meta(&["author", "article:author", "dc.creator", "parsely-author", "sailthru.author"])
            .filter(|a| !looks_like_url(a))
            .and_then(person),
        from_bylines,
    ]
    .into_iter()
    .flatten()
    .collect();
    let author = super::rules::author(&candidates);

    let date = meta(&[
        "article:published_time",
        "og:published_time",
        "og:article:published_time",
        "published_time",
        "article:published",
        "article.published",
    ])
    .or_else(|| ld.string("datePublished"))
    .or_else(|| c.microdata.get("datePublished").cloned())
    .or_else(|| {
        meta(&[
            // Names publishers and their CMSs use for the same thing (htmldate's list
            // was the survey; modified dates are left out on purpose).
            "date",
            "dc.date",
            "dc.date.issued",
            "dc.date.created",
            "dcterms.created",
            "dcterms.issued",
            "dcterms.date",
            "citation_publication_date",
            "citation_date",
            "pubdate",
            "publishdate",
            "publish_date",
            "publish-date",
            "published-date",
            "publication_date",
            "date_published",
            "datepublished",
            "originalpublicationdate",
            "sailthru.date",
            "parsely-pub-date",
        ])
    })
    .or_else(|| ld.string("uploadDate").or_else(|| ld.string("dateCreated")))
    .or_else(|| c.time.clone())
    .and_then(|d| normalize_date(&d))
    .or_else(|| {
        // A home page or listing shows its teasers' dates, none of them its own.
        if meta(&["og:type"]).is_some_and(|t| t.eq_ignore_ascii_case("website")) && !ld.has_type(ARTICLE_TYPES) {
            return None;
        }
        let lang = c.lang.as_deref().unwrap_or_default().to_ascii_lowercase().replace('_', "-");
        let month_first = (!lang.is_empty()).then_some(lang == "en" || lang == "en-us");
        c.date_lines.iter().find_map(|l| super::rules::visible_date(l, month_first))
    })
    .or_else(|| page.as_ref().and_then(date_in_path));

    let url = c
        .canonical
        .as_deref()
        .and_then(&abs)
        .or_else(|| meta(&["og:url"]).and_then(|u| abs(&u)))
        .or_else(|| page.as_ref().map(|p| p.to_string()));

    let image = meta(&["og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src"])
        .or_else(|| ld.image())
        .or_else(|| c.image_src.clone())
        .and_then(|u| abs(&u));

    // The largest icon, the first of equals.
    let icon = c.icons.iter().rev().max_by_key(|(size, _)| *size).map(|(_, href)| href.clone());
    let logo = ld
        .publisher_logo()
        .or_else(|| ld.organization_logo())
        .or(icon)
        .or_else(|| c.mask_icon.clone())
        .and_then(|u| abs(&u))
        // What every browser asks for when a page names no icon.
        .or_else(|| {
            page.as_ref()
                .filter(|p| matches!(p.scheme(), "http" | "https"))
                .and_then(|p| p.join("/favicon.ico").ok())
                .map(|u| u.to_string())
        });

    let lang = c
        .lang
        .clone()
        .or_else(|| meta(&["og:locale"]))
        .or_else(|| c.content_language.clone())
        .or_else(|| ld.string("inLanguage"))
        .and_then(|l| normalize_lang(&l));

    let og_type = meta(&["og:type"]).unwrap_or_default().to_ascii_lowercase();
    let kind = if og_type.starts_with("video") || ld.has_type(&["VideoObject"]) {
        "video"
    } else if ld.has_type(&["SocialMediaPosting", "DiscussionForumPosting"]) || is_social_host(page.as_ref()) {
        "social"
    } else if og_type == "article" || ld.has_type(ARTICLE_TYPES) || date.is_some() {
        "article"
    } else {
        "page"
    };

    let handle = ld.author_handle();
    let (ld_likes, ld_views) = ld.interactions();
    let likes = ld_likes.or_else(|| meta(&["likes", "twitter:data1:likes"]).and_then(|v| social::parse_count(&v)));
    let views = ld_views
        .or_else(|| c.microdata.get("interactionCount").and_then(|v| social::parse_count(v)))
        .or_else(|| meta(&["interactioncount", "userinteractioncount"]).and_then(|v| social::parse_count(&v)));
    let oembed = c.oembed.as_deref().and_then(&abs).filter(|u| u.starts_with("http://") || u.starts_with("https://"));

    // A page may say anything at any length; a card keeps what a card can show.
    PageMeta {
        title: cap(title, MAX_TITLE),
        description: cap(description, MAX_DESCRIPTION),
        publisher: cap(publisher, MAX_NAME),
        author: cap(author, MAX_NAME),
        date,
        url: url.filter(|u| u.len() <= MAX_URL),
        image: image.filter(|u| u.len() <= MAX_URL),
        logo: logo.filter(|u| u.len() <= MAX_URL),
        lang,
        kind: kind.into(),
        handle,
        likes,
        views,
        oembed,
        words: paragraph_words(html),
    }
}

/// The longest title, description and name a card keeps, in characters (cut at a word
/// with `…`), and the longest address (a longer one is dropped: cut, it would be wrong).
pub const MAX_TITLE: usize = 1_000;
/// The longest description a card keeps, in characters.
pub const MAX_DESCRIPTION: usize = 5_000;
const MAX_NAME: usize = 300;
const MAX_URL: usize = 4_096;

fn cap(text: Option<String>, max: usize) -> Option<String> {
    let text = text?;
    if text.chars().count() <= max {
        return Some(text);
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at_word = cut.rfind(char::is_whitespace).filter(|&i| i > max / 2).unwrap_or(cut.len());
    Some(format!("{}…", cut[..at_word].trim_end()))
}

/// How deep elements may nest before the rest of the page is left out. Real pages stay
/// far below it; a page of 100,000 unclosed `<div>`s would make the parser's work grow with
/// the square of the depth (minutes, within the 2 MB read cap).
const MAX_DEPTH: usize = 256;
/// The most of a page's `<head>` that is parsed (real ones are a few dozen KB).
const HEAD_KEPT: usize = 512 * 1024;

/// `html` up to the point where elements nest deeper than [`MAX_DEPTH`]: a quick scan of
/// the tags (void elements and `/>` do not nest; script, style and comments are skipped).
fn shallow(html: &str) -> std::borrow::Cow<'_, str> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
    ];
    // ASCII lower-casing keeps every byte where it was, so offsets hold in both.
    let lower = html.to_ascii_lowercase();
    let len = html.len();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = lower[i..].find('<') {
        let at = i + off;
        let rest = &lower[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(len, |e| at + e + 3);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_len = rest[if closing { 2 } else { 1 }..].bytes().take_while(u8::is_ascii_alphanumeric).count();
        if name_len == 0 {
            i = at + 1;
            continue;
        }
        let name = &rest[if closing { 2 } else { 1 }..][..name_len];
        let end = rest.find('>').map_or(len, |e| at + e + 1);
        if closing {
            depth = depth.saturating_sub(1);
        } else if name == "script" || name == "style" {
            let close = if name == "script" { "</script" } else { "</style" };
            i = lower[end..].find(close).map_or(len, |e| end + e);
            continue;
        } else if !VOID.contains(&name) && !lower[at..end].ends_with("/>") {
            depth += 1;
            if depth > MAX_DEPTH {
                return html[..at].into(); // `<` is ASCII: a character boundary
            }
        }
        i = end;
    }
    html.into()
}

/// Pages this long are cut before parsing (see [`essentials`]).
const KEEP_WHOLE: usize = 48 * 1024;
/// How much of the body a long page keeps: bylines, a first `<time>` and `<h1>` live near
/// the top.
const BODY_KEPT: usize = 24 * 1024;

/// What extraction needs from a long page: the whole `<head>`, the start of the body, and
/// every JSON-LD block wherever it is (some sites put it at the very end). Parsing the
/// rest, article text and comments, is most of the cost and yields nothing.
fn essentials(html: &str) -> std::borrow::Cow<'_, str> {
    if html.len() <= KEEP_WHOLE {
        return html.into();
    }
    let lower = html.to_ascii_lowercase();
    let head_end = lower.find("</head>").map(|i| i + 7).unwrap_or(0).min(HEAD_KEPT);
    let mut cut = (head_end + BODY_KEPT).min(html.len());
    while !html.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut out = String::with_capacity(cut + 4096);
    out.push_str(&html[..cut]);
    // JSON-LD after the cut, whole script elements.
    let mut from = cut;
    while let Some(i) = lower[from..].find("application/ld+json") {
        let at = from + i;
        let Some(open) = lower[..at].rfind("<script") else {
            break;
        };
        let Some(close) = lower[at..].find("</script>").map(|j| at + j + 9) else {
            break;
        };
        if open >= cut {
            out.push('\n');
            out.push_str(&html[open..close]);
        }
        from = close;
    }
    out.into()
}

/// Everything the single pass over the document picks up.
#[derive(Default)]
struct Candidates {
    /// `<meta>` values by lower-cased `property` or `name`, in document order.
    meta: Vec<(String, String)>,
    title: Option<String>,
    /// The first few `<h1>`s (a site's name is often the first).
    h1s: Vec<String>,
    /// The first heading classed as the post's or article's title (`entry-title`,
    /// `post-title`, `topic-title`, `headline`).
    headline_el: Option<String>,
    lang: Option<String>,
    content_language: Option<String>,
    base_href: Option<String>,
    canonical: Option<String>,
    image_src: Option<String>,
    /// Icons and Apple touch icons with their size in pixels.
    icons: Vec<(u32, String)>,
    /// Safari's pinned-tab icon: a one-colour outline, the last resort before `/favicon.ico`.
    mask_icon: Option<String>,
    /// The alt text of the site's logo picture (`<img>` named or classed a logo, or in a
    /// link to the home page).
    logo_alt: Option<String>,
    /// The first line with `©` or `Copyright` in it.
    copyright: Option<String>,
    json_ld: Vec<String>,
    microdata: std::collections::HashMap<&'static str, String>,
    /// Bylines in page order, each with its rank (see [`byline_rank`]).
    bylines: Vec<(u8, Option<ego_tree::NodeId>, String)>,
    /// Lines readers see a date in: `<time>` without `datetime`, elements classed as a
    /// date, a post's meta line or byline (in page order).
    date_lines: Vec<String>,
    time: Option<String>,
    oembed: Option<String>,
}

fn collect(doc: &Html, c: &mut Candidates) {
    let root = doc.root_element();
    if let Some(l) = root.attr("lang").or_else(|| root.attr("xml:lang")) {
        c.lang = Some(l.to_owned()).filter(|l| !l.trim().is_empty());
    }
    for node in root.descendants() {
        if let Node::Text(t) = node.value() {
            if c.copyright.is_none() && (t.contains('©') || t.contains("Copyright")) {
                let line = node.parent().and_then(ElementRef::wrap).map(|p| text_of(&p)).unwrap_or_else(|| collapse(t));
                c.copyright = Some(line).filter(|l| l.len() < 300);
            }
            continue;
        }
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let e = el.value();
        match e.name() {
            "meta" => {
                let content = e.attr("content").map(str::trim).filter(|v| !v.is_empty());
                if let Some(cs) = e.attr("http-equiv") {
                    if cs.eq_ignore_ascii_case("content-language") {
                        c.content_language = content.map(str::to_owned);
                    }
                }
                if let Some(v) = content {
                    for key in [e.attr("property"), e.attr("name")].into_iter().flatten() {
                        c.meta.push((key.trim().to_ascii_lowercase(), v.to_owned()));
                    }
                    if let Some(prop) = e.attr("itemprop") {
                        microdata(c, prop, v);
                    }
                }
            }
            "title" if c.title.is_none() && !inside(&el, "svg") => c.title = Some(text_of(&el)),
            "h1" if c.h1s.len() < 3 => {
                c.h1s.extend(Some(text_of(&el)).filter(|t| !t.is_empty()));
                if c.headline_el.is_none() && headline_class(e) {
                    c.headline_el = c.h1s.last().cloned();
                }
            }
            "h2" | "h3" if c.headline_el.is_none() && headline_class(e) => {
                c.headline_el = Some(text_of(&el)).filter(|t| !t.is_empty());
            }
            "base" if c.base_href.is_none() => c.base_href = e.attr("href").map(str::to_owned),
            "img" if c.logo_alt.is_none() => c.logo_alt = logo_alt(&el),
            "link" => {
                let rel = e.attr("rel").unwrap_or_default().to_ascii_lowercase();
                let Some(href) = e.attr("href").map(str::trim).filter(|h| !h.is_empty()) else {
                    continue;
                };
                let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
                let json_oembed =
                    e.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json+oembed"));
                if rels.contains(&"alternate") && json_oembed && c.oembed.is_none() {
                    c.oembed = Some(href.to_owned());
                } else if rels.contains(&"canonical") && c.canonical.is_none() {
                    c.canonical = Some(href.to_owned());
                } else if rels.contains(&"image_src") && c.image_src.is_none() {
                    c.image_src = Some(href.to_owned());
                } else if rels.contains(&"mask-icon") {
                    c.mask_icon.get_or_insert_with(|| href.to_owned());
                } else {
                    // By the size the page declares: an Apple touch icon is 180 pixels unless
                    // it says otherwise, a plain icon 16 (a `favicon.ico`), `any` (SVG) 512.
                    let implied = if rels.iter().any(|r| r.starts_with("apple-touch-icon")) {
                        180
                    } else if rels.contains(&"icon") {
                        16
                    } else {
                        continue;
                    };
                    let size = match e.attr("sizes").map(str::trim) {
                        Some(s) if s.eq_ignore_ascii_case("any") => 512,
                        Some(s) => s
                            .split_ascii_whitespace()
                            .filter_map(|one| one.split(['x', 'X']).next()?.parse::<u32>().ok())
                            .max()
                            .unwrap_or(implied),
                        None => implied,
                    };
                    c.icons.push((size.min(4096), href.to_owned()));
                }
            }
            "script" if e.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) => {
                c.json_ld.push(el.text().collect());
            }
            "time" if c.time.is_none() && !a_change(&el) && !in_comments(&el) => {
                c.time = e.attr("datetime").map(str::to_owned);
                if c.time.is_none() {
                    c.date_lines.push(text_of(&el));
                }
            }
            _ => {}
        }
        if let Some(prop) = e.attr("itemprop") {
            if e.name() != "meta" {
                let v = e.attr("content").or_else(|| e.attr("datetime")).map(str::to_owned).unwrap_or_else(|| {
                    // An author given as a Person item: its name.
                    el.select(&NAME_PROP).next().map(|n| text_of(&n)).unwrap_or_else(|| text_of(&el))
                });
                microdata(c, prop, &v);
            }
        }
        if c.date_lines.len() < 12 && e.name() != "time" && dated(e) && !in_comments(&el) {
            let t = text_of(&el);
            if !t.is_empty() && t.len() <= 160 {
                c.date_lines.push(t);
            }
        }
        if c.bylines.len() < 8 {
            if let Some(rank) = byline_rank(&el) {
                let t = text_of(&el);
                if !t.is_empty() && t.len() < 160 {
                    // The outermost byline around it, a few levels up: names in the same
                    // one are one article's authors; another's are a comment's or a teaser's.
                    let group = el
                        .ancestors()
                        .take(4)
                        .filter_map(ElementRef::wrap)
                        .filter(|a| byline_rank(a) == Some(1))
                        .last()
                        .map(|a| a.id());
                    c.bylines.push((rank, group, t));
                }
            }
        }
    }
}

/// Whether an element holds a byline, and how surely: 0 for a name itself (a `rel=author`
/// link, a link to an author's page inside a byline, an element classed as an author's
/// name), 1 for a byline or credit line (`byline`, `author`, `autor`, `firma`,
/// `signature`, `reporter`, `credit`, ...), which may hold more than the name.
fn byline_rank(el: &ElementRef) -> Option<u8> {
    const WORDS: &[&str] = &[
        "byline",
        "author",
        "autor",
        "auteur",
        "autore",
        "firma",
        "signature",
        "assinatura",
        "reporter",
        "writer",
        "credit",
        "verfasser",
    ];
    const NOT: &[&str] = &[
        "avatar", "bio", "label", "job", "role", "title", "follow", "photo", "foto", "img", "image", "date", "time",
        "more", "all", "handle",
    ];
    let e = el.value();
    if e.name() == "a"
        && e.attr("rel").is_some_and(|r| r.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("author")))
    {
        return Some(0);
    }
    if matches!(e.name(), "img" | "script" | "style" | "meta" | "link" | "time") {
        return None;
    }
    let class = class_and_id(e);
    let tokens: Vec<&str> = class.split_ascii_whitespace().collect();
    let bylined = |t: &str| WORDS.iter().any(|w| t.contains(w)) && !NOT.iter().any(|n| t.contains(n));
    let named = |t: &str| {
        (bylined(t) || ["full", "display", "real", "user"].iter().any(|w| t.contains(w)))
            && ["name", "nombre", "nome", "nom"].iter().any(|n| t.contains(n))
            && !NOT.iter().any(|n| t.contains(n))
    };
    if tokens.iter().any(|t| named(t)) {
        return Some(0);
    }
    // A plain `name` inside a byline: `<div class="firma"><span class="nombre">`.
    let plain_name = tokens.iter().any(|t| matches!(*t, "name" | "nombre" | "nome" | "nom" | "fn" | "author"));
    if plain_name
        && el
            .ancestors()
            .take(2)
            .any(|a| matches!(a.value(), Node::Element(p) if class_and_id(p).split_ascii_whitespace().any(bylined)))
    {
        return Some(0);
    }
    if e.name() == "a" && !tokens.iter().any(|t| NOT.iter().any(|n| t.contains(n))) {
        let href = e.attr("href").unwrap_or_default().to_ascii_lowercase();
        let to_author = [
            "/author/",
            "/authors/",
            "/autor/",
            "/autoren/",
            "/auteurs/",
            "/autores/",
            "/staff/",
            "/people/",
            "/profile/",
            "/journalist",
        ]
        .iter()
        .any(|p| href.contains(p));
        let in_byline = || {
            el.ancestors().take(3).any(|a| {
                matches!(a.value(), Node::Element(p) if p.attr("class").is_some_and(|c| c.to_ascii_lowercase().split_ascii_whitespace().any(bylined)))
            })
        };
        if to_author && in_byline() {
            return Some(0);
        }
    }
    if tokens.iter().any(|t| bylined(t)) {
        return Some(1);
    }
    // A short line that reads as a byline: `By Tomasz Reilly · 19 Jul`, `Von Anna Keller`.
    if matches!(e.name(), "p" | "div" | "span" | "address") {
        let own = el.children().find_map(|n| n.value().as_text().filter(|t| !t.trim().is_empty()))?;
        let own = own.trim_start();
        let prefixed = ["By ", "Von ", "Par ", "Por ", "Di ", "Door "]
            .iter()
            .any(|p| own.starts_with(p) && own[p.len()..].chars().next().is_none_or(char::is_uppercase));
        if prefixed && own.len() < 120 {
            return Some(2);
        }
    }
    None
}

/// A heading classed as the article's own title: `entry-title`, `post-title`,
/// `article-title`, `topic-title`, `news-title`, `headline`; not the site's or a widget's.
fn headline_class(e: &scraper::node::Element) -> bool {
    let class = class_and_id(e);
    class.split_ascii_whitespace().any(|t| {
        (t.contains("headline")
            || ["post", "entry", "article", "topic", "news", "story", "page"].iter().any(|w| {
                t.contains(&format!("{w}-title"))
                    || t.contains(&format!("{w}_title"))
                    || t.contains(&format!("{w}title"))
            }))
            && !["site", "blog", "section", "widget", "comment"].iter().any(|w| t.contains(w))
    })
}

/// An element a page writes its date in, by its class or id: `date`, `time`, `datum`,
/// `fecha`, `data`, `posted`, `published`, `dateline`, `meta`, a byline; not today's date
/// in a header (`data-hoje`, `today`) or an update.
fn dated(e: &scraper::node::Element) -> bool {
    const DATED: &[&str] = &[
        "date",
        "time",
        "datum",
        "fecha",
        "data",
        "posted",
        "publish",
        "pubdate",
        "dateline",
        "zeit",
        "hora",
        "meta",
        "byline",
        "author",
        "post-info",
        "postinfo",
        "credit",
    ];
    const NOT: &[&str] = &["hoje", "today", "heute", "oggi", "hoy", "aujourd", "current", "update", "modif", "read"];
    if matches!(e.name(), "html" | "body" | "main" | "article" | "section" | "script" | "style") {
        return false;
    }
    class_and_id(e)
        .split_ascii_whitespace()
        .any(|t| DATED.iter().any(|d| t.contains(d)) && !NOT.iter().any(|n| t.contains(n)))
}

/// An element's class and id, lower-cased, in one string (empty without either: most
/// elements, checked for nothing more).
fn class_and_id(e: &scraper::node::Element) -> String {
    let (class, id) = (e.attr("class").unwrap_or_default(), e.attr("id").unwrap_or_default());
    if class.is_empty() && id.is_empty() {
        return String::new();
    }
    let mut both = String::with_capacity(class.len() + id.len() + 1);
    both.push_str(class);
    both.push(' ');
    both.push_str(id);
    both.make_ascii_lowercase();
    both
}

/// Inside the comments under a post: their dates and names are the commenters'.
fn in_comments(el: &ElementRef) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).any(|a| {
        class_and_id(a.value()).split_ascii_whitespace().any(|t| t.starts_with("comment") || t.starts_with("respond"))
    })
}

/// A `<time>` that dates a change (classed `updated`/`modified`, or in a line that says so).
fn a_change(el: &ElementRef) -> bool {
    let class = el.value().attr("class").unwrap_or_default().to_ascii_lowercase();
    if class.contains("updated") || class.contains("modified") {
        return true;
    }
    // The words just before it: `Updated <time>`, `Aktualisiert am <time>`.
    let before: String =
        el.prev_siblings().take(2).filter_map(|n| n.value().as_text().map(|t| t.to_lowercase())).collect();
    ["updated", "modified", "aktualisiert", "mis à jour", "actualizado", "aggiornato", "atualizado", "更新"]
        .iter()
        .any(|u| before.contains(u))
}

/// The alt text of a site's logo: a picture whose address, class or id says logo (or
/// whose nearby parent's does), or that links to the home page. Not a generic "Logo".
fn logo_alt(img: &ElementRef) -> Option<String> {
    let alt = collapse(img.value().attr("alt")?);
    let says_logo = |e: &scraper::node::Element| {
        ["class", "id", "src"].iter().any(|a| {
            e.attr(a).is_some_and(|v| {
                let v = v.to_ascii_lowercase();
                v.contains("logo") || v.contains("brand") || v.contains("masthead")
            })
        })
    };
    let home_link = |e: &scraper::node::Element| {
        e.name() == "a" && e.attr("href").is_some_and(|h| matches!(h.trim(), "/" | "./" | "/index.html"))
    };
    let near = img.ancestors().take(3).filter_map(|a| match a.value() {
        Node::Element(e) => Some(e),
        _ => None,
    });
    let is_logo = says_logo(img.value()) || near.into_iter().any(|e| says_logo(e) || home_link(e));
    let generic = ["logo", "home", "homepage", "startseite", "accueil", "inicio", "home page"];
    let lower = alt.to_lowercase();
    (is_logo
        && !alt.is_empty()
        && alt.chars().count() <= 80
        && !generic.contains(&lower.as_str())
        && !lower.starts_with("logo "))
    .then_some(alt)
}

/// The name `<title>` gives beside the headline (`Headline | UK News | The Courier` →
/// `The Courier`; `Radio X – Headline` → `Radio X`), when the title holds the headline.
fn site_beside(whole: &str, headline: &str) -> Option<String> {
    let whole = collapse(whole);
    let at = whole.find(headline)?;
    const SEPARATORS: &[char] = &['|', '-', '–', '—', '·', '•', ':', '｜', '_', '»', '«'];
    let (before, after) = (&whole[..at], &whole[at + headline.len()..]);
    let segment = if !after.trim().is_empty() {
        after.rsplit(|c| SEPARATORS.contains(&c)).map(str::trim).find(|s| !s.is_empty())?
    } else {
        before.split(|c| SEPARATORS.contains(&c)).map(str::trim).find(|s| !s.is_empty())?
    };
    (segment.chars().count() <= 60 && !segment.starts_with("by ") && !super::rules::looks_like_host(segment))
        .then(|| segment.to_owned())
}

static NAME_PROP: std::sync::LazyLock<scraper::Selector> =
    std::sync::LazyLock::new(|| scraper::Selector::parse("[itemprop=name]").expect("a valid selector"));

fn microdata(c: &mut Candidates, prop: &str, value: &str) {
    for key in ["headline", "author", "datePublished", "interactionCount"] {
        if prop.split_ascii_whitespace().any(|p| p == key) && !value.trim().is_empty() {
            c.microdata.entry(key).or_insert_with(|| value.trim().to_owned());
        }
    }
}

fn inside(el: &ElementRef, tag: &str) -> bool {
    el.ancestors().any(|a| matches!(a.value(), Node::Element(e) if e.name() == tag))
}

/// Visible text with whitespace collapsed.
fn text_of(el: &ElementRef) -> String {
    collapse(&el.text().collect::<String>())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Collapses whitespace and drops what is empty.
fn clean(s: String) -> Option<String> {
    let s = collapse(&s);
    (!s.is_empty()).then_some(s)
}

/// HTML attributes and text arrive decoded by the parser; JSON-LD strings are raw script
/// text, where publishers often write `&amp;`, so only they are decoded here.
fn decode_entities(s: &str) -> String {
    let frag = Html::parse_fragment(&format!("<p>{}</p>", s.replace('<', "&lt;")));
    frag.root_element().text().collect()
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//")
}

/// A byline widget's doubled name (`Kim Lee Kim Lee`) said once.
fn once_named(a: &str) -> String {
    let words: Vec<&str> = a.split_whitespace().collect();
    let half = words.len() / 2;
    if words.len() >= 2 && words.len().is_multiple_of(2) && words[..half] == words[half..] {
        words[..half].join(" ")
    } else {
        a.to_owned()
    }
}

/// An "author" that is the site: its name, its host (`example.de`), or a bare domain.
fn names_the_site(a: &str, publisher: Option<&str>, page: Option<&Url>) -> bool {
    let a = a.trim().to_lowercase();
    let host = page.and_then(|p| p.host_str()).map(|h| h.trim_start_matches("www.").to_lowercase());
    let domain_like = !a.contains('@') && super::rules::looks_like_host(&a);
    publisher.is_some_and(|p| p.trim().to_lowercase() == a) || host.is_some_and(|h| h == a) || domain_like
}

const SEPARATORS: [&str; 7] = [" | ", " — ", " – ", " - ", " · ", " :: ", " » "];

/// `Headline | Site`, `Site — Headline`: the site's part goes when it is the publisher's
/// name or the host's.
fn strip_site_name(title: &str, publisher: Option<&str>, page: Option<&Url>) -> String {
    let title = collapse(title);
    let host_name = page.and_then(|p| p.host_str()).map(|h| {
        let h = h.trim_start_matches("www.");
        h.split('.').next().unwrap_or(h).to_ascii_lowercase()
    });
    let is_site = |part: &str| {
        let p = part.trim().to_lowercase();
        let squashed: String = p.chars().filter(|c| c.is_alphanumeric()).collect();
        publisher.is_some_and(|pubr| pubr.trim().to_lowercase() == p)
            || host_name.as_deref().is_some_and(|h| h == squashed || p == h)
            || page.and_then(|u| u.host_str()).is_some_and(|h| h.trim_start_matches("www.").eq_ignore_ascii_case(&p))
    };
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if is_site(tail) && !head.trim().is_empty() {
                return head.trim().to_owned();
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if is_site(head) && !tail.trim().is_empty() {
                return tail.trim().to_owned();
            }
        }
    }
    title
}

/// The first description, unless it is a cut-short copy (`…` or `...` at its end) of a
/// fuller one the page also gives (`og:description` trimmed by the site, `description`
/// whole): then the fuller one.
fn fullest(found: &[String]) -> Option<String> {
    let first = found.first()?;
    let cut = first.trim_end_matches(['…', '.']).trim_end();
    if cut.len() == first.len() || cut.is_empty() {
        return Some(first.clone());
    }
    let fuller = found.iter().filter(|d| d.len() > cut.len() + 1 && d.starts_with(cut)).max_by_key(|d| d.len());
    Some(fuller.unwrap_or(first).clone())
}

/// A date in the page's address, as news sites write it: `/2019/10/16/` (or `/2019-10-16/`
/// as one segment). Years from 1995 to next year only: a path of numbers is not always a date.
fn date_in_path(page: &Url) -> Option<String> {
    let segments: Vec<&str> = page.path_segments()?.collect();
    let ok = |y: &str, m: &str, d: &str| -> Option<String> {
        let (y, m, d): (i32, u8, u8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        if y < 1995 || y > time::OffsetDateTime::now_utc().year() + 1 {
            return None;
        }
        let date = time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()?;
        Some(date.to_string())
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    for w in segments.windows(3) {
        if digits(w[0], 4) && digits(w[1], 2) && digits(w[2], 2) {
            if let Some(d) = ok(w[0], w[1], w[2]) {
                return Some(d);
            }
        }
    }
    segments.iter().find_map(|s| {
        let (y, m, d) = (s.get(0..4)?, s.get(5..7)?, s.get(8..10)?);
        (s.len() == 10 && &s[4..5] == "-" && &s[7..8] == "-" && digits(y, 4) && digits(m, 2) && digits(d, 2))
            .then(|| ok(y, m, d))
            .flatten()
    })
}

/// The page's date as ISO 8601, keeping its own offset and calendar day: `2026-04-08`,
/// `2026-04-08T09:30:00+02:00`, `2026-04-08T09:30:00Z`. RFC 2822 dates are converted;
/// what cannot be read as a date is dropped.
pub fn normalize_date(raw: &str) -> Option<String> {
    use time::format_description::well_known::{Iso8601, Rfc2822, Rfc3339};
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = time::OffsetDateTime::parse(s, &Rfc3339) {
        return Some(keep_zero_offset(format_offset(dt), s));
    }
    // `2026-04-08 09:30:00+0200`, `2026-04-08T09:30+02:00`, no seconds, no colon in the offset.
    let t = s.replacen(' ', "T", 1);
    if let Ok(dt) = time::OffsetDateTime::parse(&t, &Iso8601::DEFAULT) {
        return Some(keep_zero_offset(format_offset(dt), s));
    }
    if let Ok(dt) = time::PrimitiveDateTime::parse(&t, &Iso8601::DEFAULT) {
        return dt.format(&time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]")).ok();
    }
    if let Ok(dt) = time::OffsetDateTime::parse(s, &Rfc2822) {
        return Some(format_offset(dt));
    }
    let day = s.get(..10)?;
    let b = day.as_bytes();
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && time::Date::parse(day, &time::macros::format_description!("[year]-[month]-[day]")).is_ok()
    {
        return Some(day.to_owned());
    }
    None
}

/// A page that wrote `+00:00` (or `+0000`) keeps it rather than `Z`: the same instant,
/// written as the page wrote it.
fn keep_zero_offset(formatted: String, raw: &str) -> String {
    match formatted.strip_suffix('Z') {
        Some(base) if raw.ends_with("+00:00") || raw.ends_with("+0000") => format!("{base}+00:00"),
        _ => formatted,
    }
}

fn format_offset(dt: time::OffsetDateTime) -> String {
    let base = dt
        .format(&time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"))
        .unwrap_or_default();
    let off = dt.offset();
    if off.is_utc() {
        format!("{base}Z")
    } else {
        let (h, m, _) = off.as_hms();
        format!("{base}{}{:02}:{:02}", if off.is_negative() { '-' } else { '+' }, h.unsigned_abs(), m.unsigned_abs())
    }
}

/// `en_US` → `en-US`; `EN` → `en`.
pub(crate) fn normalize_lang(l: &str) -> Option<String> {
    let l = l.trim().replace('_', "-");
    let mut parts = l.split('-');
    let first = parts.next()?.to_ascii_lowercase();
    if first.is_empty() || first.len() > 8 || !first.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let rest: Vec<String> = parts.map(|p| if p.len() == 2 { p.to_ascii_uppercase() } else { p.to_owned() }).collect();
    Some(std::iter::once(first).chain(rest).collect::<Vec<_>>().join("-"))
}

fn absolute(base: Option<&Url>, u: &str) -> Option<String> {
    let u = u.trim();
    if u.is_empty() || u.starts_with("data:") || u.starts_with("javascript:") {
        return None;
    }
    let joined = match base {
        Some(b) => b.join(u).ok()?,
        None => Url::parse(u).ok()?,
    };
    matches!(joined.scheme(), "http" | "https").then(|| joined.to_string())
}

const SOCIAL_HOSTS: [&str; 8] = [
    "twitter.com",
    "x.com",
    "bsky.app",
    "threads.net",
    "threads.com",
    "mastodon.social",
    "linkedin.com",
    "facebook.com",
];

fn is_social_host(page: Option<&Url>) -> bool {
    let Some(host) = page.and_then(|p| p.host_str()) else {
        return false;
    };
    let host = host.trim_start_matches("www.").trim_start_matches("mobile.");
    SOCIAL_HOSTS.contains(&host) && page.is_some_and(|p| p.path().len() > 1)
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNews",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
];

/// The JSON-LD of a page, flattened: every object in every script, `@graph` and array
/// included, with the primary one (an article type first, then a video or post, then a
/// web page) chosen for its fields.
struct JsonLd {
    objects: Vec<Value>,
    primary: Option<usize>,
}

impl JsonLd {
    fn from_scripts(scripts: &[String]) -> JsonLd {
        let mut objects = Vec::new();
        for s in scripts {
            let s = s.trim().trim_start_matches("<!--").trim_end_matches("-->").trim();
            let Ok(v) = serde_json::from_str::<Value>(s) else {
                continue;
            };
            flatten(v, &mut objects, 0);
        }
        let rank = |o: &Value| {
            let types = types_of(o);
            if types.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str())) {
                0
            } else if types
                .iter()
                .any(|t| matches!(t.as_str(), "VideoObject" | "SocialMediaPosting" | "DiscussionForumPosting"))
            {
                1
            } else if types
                .iter()
                .any(|t| matches!(t.as_str(), "WebPage" | "ItemPage" | "AboutPage" | "CollectionPage"))
            {
                2
            } else {
                9
            }
        };
        let primary =
            objects.iter().enumerate().filter(|(_, o)| rank(o) < 9).min_by_key(|(i, o)| (rank(o), *i)).map(|(i, _)| i);
        JsonLd { objects, primary }
    }

    /// Of several articles (the page's own and related ones), the one that is this page:
    /// its `url`, `@id` or `mainEntityOfPage` is the page's address, or its headline is the
    /// page's title. Otherwise the first stays.
    fn prefer_this_page(&mut self, addresses: &[&str], titles: &[&str]) {
        let bare = |u: &str| u.split('#').next().unwrap_or(u).trim_end_matches('/').to_owned();
        let addresses: Vec<String> = addresses.iter().map(|a| bare(a)).collect();
        let articles: Vec<usize> = (0..self.objects.len())
            .filter(|&i| types_of(&self.objects[i]).iter().any(|t| ARTICLE_TYPES.contains(&t.as_str())))
            .collect();
        if articles.len() < 2 {
            return;
        }
        let is_here = |o: &Value| {
            let own = ["url", "@id"].iter().filter_map(|k| o.get(*k)?.as_str().map(str::to_owned));
            let main = o
                .get("mainEntityOfPage")
                .and_then(|m| m.as_str().or_else(|| m.get("@id")?.as_str()))
                .map(str::to_owned);
            own.chain(main).any(|u| addresses.contains(&bare(&u)))
        };
        let titled = |o: &Value| o.get("headline").and_then(Value::as_str).is_some_and(|h| titles.contains(&h.trim()));
        if let Some(&i) = articles
            .iter()
            .find(|&&i| is_here(&self.objects[i]))
            .or_else(|| articles.iter().find(|&&i| titled(&self.objects[i])))
        {
            self.primary = Some(i);
        }
    }

    fn primary(&self) -> Option<&Value> {
        self.primary.map(|i| &self.objects[i])
    }

    fn has_type(&self, wanted: &[&str]) -> bool {
        self.primary().is_some_and(|o| types_of(o).iter().any(|t| wanted.contains(&t.as_str())))
    }

    fn string(&self, key: &str) -> Option<String> {
        self.primary().and_then(|o| as_text(o.get(key)?))
    }

    fn author(&self) -> Option<String> {
        let a = self.primary()?.get("author")?;
        let names: Vec<String> = match a {
            Value::Array(list) => list.iter().filter_map(|x| self.name_of(x)).collect(),
            other => self.name_of(other).into_iter().collect(),
        };
        (!names.is_empty()).then(|| names.join(", "))
    }

    /// A person or organization's name, following an `@id` reference into the graph.
    fn name_of(&self, v: &Value) -> Option<String> {
        match v {
            Value::String(s) => (!looks_like_url(s)).then(|| as_text(v)).flatten(),
            Value::Object(o) => o.get("name").and_then(as_text).or_else(|| {
                let id = o.get("@id")?.as_str()?;
                let target = self
                    .objects
                    .iter()
                    .find(|x| x.get("@id").and_then(Value::as_str) == Some(id) && x.get("name").is_some())?;
                target.get("name").and_then(as_text)
            }),
            _ => None,
        }
    }

    fn publisher(&self) -> Option<&Value> {
        let p = self.primary()?.get("publisher")?;
        let p = if let Value::Array(l) = p { l.first()? } else { p };
        if p.get("name").is_some() {
            return Some(p);
        }
        let id = p.get("@id")?.as_str()?;
        self.objects.iter().find(|x| x.get("@id").and_then(Value::as_str) == Some(id))
    }

    fn publisher_name(&self) -> Option<String> {
        self.publisher().and_then(|p| p.get("name")).and_then(as_text).or_else(|| self.site_name())
    }

    /// The site's own node: a `WebSite` or a news organization.
    fn site_name(&self) -> Option<String> {
        self.objects
            .iter()
            .find(|o| types_of(o).iter().any(|t| t == "WebSite" || t == "NewsMediaOrganization"))
            .and_then(|o| o.get("name"))
            .and_then(as_text)
    }

    fn publisher_logo(&self) -> Option<String> {
        image_url(self.publisher()?.get("logo")?)
    }

    /// The site's own logo where the article names no publisher with one: an organization
    /// or web site node's `logo` (or its publisher's).
    fn organization_logo(&self) -> Option<String> {
        self.objects
            .iter()
            .filter(|o| types_of(o).iter().any(|t| t.ends_with("Organization") || t == "Corporation" || t == "WebSite"))
            .find_map(|o| o.get("logo").or_else(|| o.get("publisher")?.get("logo")).and_then(image_url))
    }

    /// A post author's `@handle`: `alternateName` or `identifier` on the author.
    fn author_handle(&self) -> Option<String> {
        let a = self.primary()?.get("author")?;
        let a = if let Value::Array(l) = a { l.first()? } else { a };
        ["alternateName", "identifier"].iter().find_map(|k| {
            let h = as_text(a.get(*k)?)?;
            let h = h.trim();
            (!h.is_empty() && !h.contains(' ') && !looks_like_url(h)).then(|| {
                if h.starts_with('@') {
                    h.to_owned()
                } else {
                    format!("@{h}")
                }
            })
        })
    }

    /// Likes and views from `interactionStatistic` (schema.org `InteractionCounter`s with
    /// `LikeAction`, `WatchAction` or `ViewAction`) or a plain `interactionCount`.
    fn interactions(&self) -> (Option<i64>, Option<i64>) {
        let Some(o) = self.primary() else {
            return (None, None);
        };
        let (mut likes, mut views) = (None, None);
        let stats = match o.get("interactionStatistic") {
            Some(Value::Array(l)) => l.iter().collect(),
            Some(one) => vec![one],
            None => vec![],
        };
        for s in stats {
            let kind = match s.get("interactionType") {
                Some(Value::String(t)) => t.clone(),
                Some(t @ Value::Object(_)) => types_of(t).join(" "),
                _ => String::new(),
            };
            let n = s.get("userInteractionCount").and_then(|v| match v {
                Value::Number(n) => n.as_i64(),
                Value::String(t) => social::parse_count(t),
                _ => None,
            });
            if kind.ends_with("LikeAction") {
                likes = likes.or(n);
            } else if kind.ends_with("WatchAction") || kind.ends_with("ViewAction") {
                views = views.or(n);
            }
        }
        let count = o.get("interactionCount").and_then(as_text).and_then(|t| social::parse_count(&t));
        (likes, views.or(count))
    }

    fn image(&self) -> Option<String> {
        self.primary().and_then(|o| o.get("image").or_else(|| o.get("thumbnailUrl"))).and_then(image_url)
    }
}

fn flatten(v: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(list) => list.into_iter().for_each(|x| flatten(x, out, depth + 1)),
        Value::Object(mut o) => {
            if let Some(graph) = o.remove("@graph") {
                flatten(graph, out, depth + 1);
            }
            // A page node that holds the article as its main entity.
            if let Some(main) = o.get("mainEntity").filter(|m| m.get("@type").is_some()) {
                flatten(main.clone(), out, depth + 1);
            }
            if o.contains_key("@type") {
                out.push(Value::Object(o));
            }
        }
        _ => {}
    }
}

fn types_of(o: &Value) -> Vec<String> {
    match o.get("@type") {
        Some(Value::String(t)) => vec![t.trim_start_matches("schema:").to_owned()],
        Some(Value::Array(ts)) => {
            ts.iter().filter_map(Value::as_str).map(|t| t.trim_start_matches("schema:").to_owned()).collect()
        }
        _ => vec![],
    }
}

fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if s.contains('&') => Some(decode_entities(s)),
        Value::String(s) => Some(s.clone()),
        Value::Array(l) => l.first().and_then(as_text),
        Value::Object(o) => o.get("@value").and_then(as_text),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn image_url(v: &Value) -> Option<String> {
    match v {
        Value::String(_) => as_text(v),
        Value::Array(l) => l.iter().find_map(image_url),
        Value::Object(o) => o.get("url").or_else(|| o.get("contentUrl")).and_then(as_text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_essay_is_timed_by_the_words_in_its_paragraphs() {
        let para = |n: usize| format!("<p class=x>{}</p>", vec!["word"; n].join(" "));
        let page = format!(
            "<html><head><title>T</title><style>p {{ color: red }}</style></head><body><nav>Home About</nav>\
             {}<P>Two <a href=\"/x\">linked words</a>.</P><!-- <p>not this</p> --><script>var p = \"<p>no</p>\";</script>\
             <pre>code is not counted</pre>{}</body></html>",
            para(100),
            para(60)
        );
        assert_eq!(paragraph_words(&page), Some(163), "paragraphs only: no nav, comment, script or pre");
        assert_eq!(paragraph_words(&para(149)), None, "under an essay's length");
        assert_eq!(paragraph_words("<p>unclosed <script>never ends"), None);
        assert_eq!(extract_str(&page, "https://example.com/essay").words, Some(163));
    }

    #[test]
    fn dates_keep_their_offset_and_day() {
        assert_eq!(normalize_date("2026-04-08").as_deref(), Some("2026-04-08"));
        assert_eq!(normalize_date("2026-04-08T23:30:00-07:00").as_deref(), Some("2026-04-08T23:30:00-07:00"));
        assert_eq!(normalize_date("2026-04-08T09:30:00.123Z").as_deref(), Some("2026-04-08T09:30:00Z"));
        assert_eq!(normalize_date("2026-04-08 09:30:00").as_deref(), Some("2026-04-08T09:30:00"));
        assert_eq!(normalize_date("Wed, 08 Apr 2026 23:30:00 +0900").as_deref(), Some("2026-04-08T23:30:00+09:00"));
        assert_eq!(normalize_date("yesterday"), None);
    }

    #[test]
    fn og_titles_lose_the_site_name_and_cut_descriptions_give_way_to_full_ones() {
        let html = r#"<html><head><meta property="og:site_name" content="Harbour Daily">
<meta property="og:title" content="Ferries run on time | Harbour Daily">
<meta property="og:description" content="The timetable is the product: how one port got...">
<meta name="description" content="The timetable is the product: how one port got every boat out on the minute.">
</head></html>"#;
        let m = extract_str(html, "https://harbour.example/news/ferries");
        assert_eq!(m.title.as_deref(), Some("Ferries run on time"));
        assert_eq!(
            m.description.as_deref(),
            Some("The timetable is the product: how one port got every boat out on the minute.")
        );
        let whole = r#"<html><head><meta property="og:description" content="Short and whole."><meta name="description" content="Another text altogether, longer."></head></html>"#;
        assert_eq!(extract_str(whole, "https://x.example/").description.as_deref(), Some("Short and whole."));
    }

    #[test]
    fn an_author_is_a_person_said_once_never_the_site() {
        let page = |author: &str, ld: &str| {
            format!(
                r#"<html><head><meta property="og:site_name" content="Harbour Daily"><meta name="author" content="{author}">{ld}</head></html>"#
            )
        };
        let author = |html: String| extract_str(&html, "https://www.harbour.example/a").author;
        assert_eq!(author(page("Kim Lee Kim Lee", "")).as_deref(), Some("Kim Lee"), "a byline widget's doubled name");
        assert_eq!(author(page("Harbour Daily", "")), None, "the site's name is not an author");
        assert_eq!(author(page("harbour.example", "")), None, "nor its host");
        assert_eq!(author(page("news24.cl", "")), None, "nor any bare domain");
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Organization","name":"Harbour Daily"}}</script>"#;
        assert_eq!(
            author(page("Kim Lee", ld)).as_deref(),
            Some("Kim Lee"),
            "past a JSON-LD author that is the site, to the person"
        );
        assert_eq!(
            author(page("J. R. Hartley", "")).as_deref(),
            Some("J. R. Hartley"),
            "initials with spaces are a person"
        );
    }

    #[test]
    fn a_time_without_datetime_is_read_as_readers_see_it() {
        for (shown, want) in [
            ("October 16, 2019", Some("2019-10-16")),
            ("Oct 16th, 2019", Some("2019-10-16")),
            ("16 October 2019", Some("2019-10-16")),
            ("16. Oktober 2019", Some("2019-10-16")),
            ("16.10.2019", Some("2019-10-16")),
            ("2019-10-16", Some("2019-10-16")),
            ("vor 3 Tagen", None),
            ("2 hours ago", None),
            ("10/06/2019", None),
            ("31.02.2019", None),
        ] {
            let html = format!("<html><body><article><time>{shown}</time></article></body></html>");
            let date = extract_str(&html, "https://news.example/story").date;
            assert_eq!(date.as_deref(), want, "{shown}");
        }
    }

    #[test]
    fn a_date_in_the_address_is_the_last_resort() {
        let bare = "<html><head><title>A story</title></head></html>";
        let date = |u: &str| extract_str(bare, u).date;
        assert_eq!(date("https://news.example/2019/10/16/a-story/").as_deref(), Some("2019-10-16"));
        assert_eq!(date("https://news.example/world/2019-10-16/a-story").as_deref(), Some("2019-10-16"));
        assert_eq!(date("https://news.example/products/1024/2048/64"), None, "numbers that are not a date");
        assert_eq!(date("https://news.example/2019/13/45/x"), None, "no thirteenth month");
        let dated =
            r#"<html><head><meta property="article:published_time" content="2019-10-15T22:00:00-04:00"></head></html>"#;
        assert_eq!(
            extract_str(dated, "https://news.example/2019/10/16/x").date.as_deref(),
            Some("2019-10-15T22:00:00-04:00"),
            "the page's own date wins"
        );
    }

    #[test]
    fn site_names_come_off_titles_only_when_they_are_the_site() {
        let page = Url::parse("https://www.example-news.com/a").ok();
        assert_eq!(strip_site_name("Big story | Example News", Some("Example News"), page.as_ref()), "Big story");
        assert_eq!(strip_site_name("Example News — Big story", Some("Example News"), page.as_ref()), "Big story");
        assert_eq!(strip_site_name("Big story - example-news.com", None, page.as_ref()), "Big story");
        assert_eq!(strip_site_name("Rust 2.0 - what changes", None, page.as_ref()), "Rust 2.0 - what changes");
    }

    #[test]
    fn long_pages_keep_head_start_of_body_and_late_json_ld() {
        let filler = "<p>filler text that goes on</p>".repeat(4000);
        let html = format!(
            "<html><head><title>Long page</title></head><body><p class=byline>By Kim</p>{filler}\
             <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"datePublished\":\"2026-02-03\"}}</script></body></html>"
        );
        assert!(html.len() > 100_000);
        let kept = essentials(&html);
        assert!(kept.len() < 40_000, "{}", kept.len());
        let m = extract_str(&html, "https://example.com/long");
        assert_eq!(m.title.as_deref(), Some("Long page"));
        assert_eq!(m.author.as_deref(), Some("Kim"));
        assert_eq!(m.date.as_deref(), Some("2026-02-03"), "JSON-LD at the end is still read");
    }

    #[test]
    fn languages_are_normalized() {
        assert_eq!(normalize_lang("en_US").as_deref(), Some("en-US"));
        assert_eq!(normalize_lang("DE").as_deref(), Some("de"));
        assert_eq!(normalize_lang("zh-Hant-TW").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(normalize_lang("{{lang}}"), None);
    }
}
