//! The author's Markdown to HTML that is safe to put in any output: comrak with every
//! option in one place, then ammonia, so raw HTML in a story can never bring script,
//! event handlers or `javascript:` links into a page, an email or the preview.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex};

/// The Markdown dialect of every output: GFM (tables, strikethrough, autolinks, task
/// lists), footnotes, smart punctuation, and ids on headings so sections can be linked.
pub fn options() -> comrak::Options<'static> {
    let mut o = comrak::Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.header_id_prefix = Some(String::new());
    o.parse.smart = true;
    // Raw HTML is let through comrak on purpose: ammonia decides what survives, so
    // harmless markup (<sup>, <br>, <abbr>) keeps working.
    o.render.r#unsafe = true;
    o
}

pub(crate) static OPTIONS: LazyLock<comrak::Options<'static>> = LazyLock::new(options);

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags(["input", "section"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("abbr", ["title"])
        .add_tag_attributes("a", ["id", "class", "data-footnote-ref", "data-footnote-backref", "aria-hidden"])
        .add_tag_attributes("sup", ["class", "id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("section", ["class", "data-footnotes"])
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"]);
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, ["id"]);
    }
    b.url_schemes(HashSet::from(["http", "https", "mailto", "tel"]));
    // A checkbox is allowed only as comrak writes it for task lists; the `type`
    // attribute is checked below.
    b.attribute_filter(|element, attribute, value| match (element, attribute) {
        ("input", "type") if value != "checkbox" => None,
        _ => Some(value.into()),
    });
    b
});

/// Cleans a fragment of HTML by the same rules as a story's Markdown.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// The author's Markdown for the Markdown export, never less safe than the HTML outputs.
/// Markdown without raw HTML or unsafe links comes back exactly as written. A field with
/// either becomes the HTML the web output shows for it (cleaned by the same rules: script,
/// handlers and unsafe URLs go, `<sup>` stays), with Markdown's syntax in its text and
/// attribute values written as character references, so that nothing in it can turn into
/// a link, an image or a tag when the export is read as Markdown again. (Writing the
/// Markdown out again instead was tried: the fuzzer found inputs whose second reading
/// differs from the first.)
pub fn safe_markdown(markdown: &str) -> String {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, markdown, &OPTIONS);
    let risky = root.descendants().any(|node| match &node.data.borrow().value {
        NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_) => true,
        NodeValue::Link(link) | NodeValue::Image(link) => !is_safe_url(&link.url),
        _ => false,
    });
    if !risky {
        return markdown.to_owned();
    }
    let mut html = String::new();
    comrak::format_html(root, &OPTIONS, &mut html).expect("writing to a String cannot fail");
    let clean = inert_text(&sanitize(&html));
    // One paragraph stays inline (a template may put it after a label).
    let inner = clean.trim().strip_prefix("<p>").and_then(|c| c.strip_suffix("</p>")).filter(|c| !c.contains("<p>"));
    inner.unwrap_or(clean.trim()).to_owned()
}

/// `html` (well-formed, as ammonia writes it) with every character that is Markdown
/// syntax in its text and attribute values written as a character reference, and line
/// breaks inside attribute values too: the same page in a browser, but nothing that
/// Markdown could read as a link, an image, emphasis or code, nor a line that could start
/// a block of its own.
fn inert_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let (mut in_tag, mut quote) = (false, None::<char>);
    for c in html.chars() {
        let in_value = in_tag && quote.is_some();
        match (in_tag, quote, c) {
            (true, Some(q), c) if c == q => quote = None,
            (true, None, '"' | '\'') => quote = Some(c),
            (true, None, '>') => in_tag = false,
            (false, _, '<') => in_tag = true,
            (_, _, '[' | ']' | '(' | ')' | '!' | '*' | '_' | '`' | '~' | '\\' | '|' | '#' | '<' | '>')
                if !in_tag || in_value =>
            {
                out.push_str(&format!("&#{};", c as u32));
                continue;
            }
            (true, Some(_), '\n') => {
                out.push_str("&#10;");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Whether a link may appear in any output: http(s), mailto, tel, or relative.
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    match url.find(':') {
        Some(i) if !url[..i].contains(['/', '?', '#']) => {
            matches!(url[..i].to_ascii_lowercase().as_str(), "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// The same dialect with raw HTML refused: comrak then also drops `javascript:`,
/// `vbscript:`, `file:` and non-image `data:` URLs itself.
static SAFE_OPTIONS: LazyLock<comrak::Options<'static>> = LazyLock::new(|| {
    let mut o = options();
    o.render.r#unsafe = false;
    o
});

/// One piece of Markdown, converted: its safe HTML and what the reading time needs.
#[derive(Debug)]
pub struct Converted {
    /// The sanitized HTML, safe to put in any output.
    pub html: String,
    /// The words a reader reads (image descriptions and reference marks left out).
    pub words: usize,
    /// How many images it shows.
    pub images: usize,
}

/// Recent conversions, by their text. The preview renders the whole issue on every
/// keystroke while only one field changed, so every other field is found here instead of
/// parsed again. Bounded by total size; when full it starts over.
static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| Mutex::new(Cache::default()));
const CACHE_BYTES: usize = 32 << 20;

#[derive(Default)]
struct Cache {
    // Every render looks up every body, so hashing them is on the keystroke's path:
    // foldhash is several times faster than the default SipHash on long text (the keys
    // are the author's own, no one's to collide on purpose).
    map: HashMap<String, Arc<Converted>, foldhash::fast::RandomState>,
    bytes: usize,
}

/// Forgets every cached conversion (benchmarks use it to measure a cold render).
pub fn clear_cache() {
    let mut c = CACHE.lock().unwrap_or_else(|p| p.into_inner());
    c.map.clear();
    c.bytes = 0;
}

/// Converts Markdown once: sanitized HTML plus its words and images.
///
/// Most story bodies hold no raw HTML, and for those comrak's own safe mode is all the
/// sanitizing needed; ammonia (five times comrak's cost) runs only over documents that
/// contain raw HTML, which is where it is needed.
pub fn convert(markdown: &str) -> Arc<Converted> {
    if let Some(hit) = CACHE.lock().unwrap_or_else(|p| p.into_inner()).map.get(markdown) {
        return hit.clone();
    }
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, markdown, &OPTIONS);
    let has_html = root.descendants().any(|n| {
        matches!(
            n.data.borrow().value,
            comrak::nodes::NodeValue::HtmlBlock(_) | comrak::nodes::NodeValue::HtmlInline(_)
        )
    });
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    if has_html {
        comrak::format_html(root, &OPTIONS, &mut html).expect("writing to a String cannot fail");
        html = SANITIZER.clean(&html).to_string();
    } else {
        comrak::format_html(root, &SAFE_OPTIONS, &mut html).expect("writing to a String cannot fail");
    }
    if html.contains(" title=\"") {
        html = figures(&html);
    }
    let (words, images) = super::text::reading_of(root);
    let converted = Arc::new(Converted { html, words, images });

    let size = markdown.len() * 2 + converted.html.len();
    let mut c = CACHE.lock().unwrap_or_else(|p| p.into_inner());
    if c.bytes + size > CACHE_BYTES {
        c.map.clear();
        c.bytes = 0;
    }
    if size <= CACHE_BYTES / 4 && c.map.insert(markdown.to_owned(), converted.clone()).is_none() {
        c.bytes += size;
    }
    converted
}

/// `html` with each paragraph that holds only an image with a title (`![alt](x "Caption")`,
/// perhaps inside a link) as a figure with that caption: what Ghost and Substack call an
/// image card. An image among words keeps its title as a tooltip.
fn figures(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find("<p>") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let Some(end) = after.find("</p>") else {
            rest = &rest[at..];
            break;
        };
        let inner = &after[..end];
        match lone_titled_image(inner) {
            Some((image, caption)) => {
                out.push_str("<figure>");
                out.push_str(&image);
                out.push_str("<figcaption>");
                out.push_str(caption);
                out.push_str("</figcaption></figure>");
            }
            None => {
                out.push_str("<p>");
                out.push_str(inner);
                out.push_str("</p>");
            }
        }
        rest = &after[end + 4..];
    }
    out.push_str(rest);
    out
}

/// The image (its `title` taken out) and its caption, already escaped, when `inner` is one
/// `<img … title="…">`, alone or as the only thing in a link.
fn lone_titled_image(inner: &str) -> Option<(String, &str)> {
    let inner = inner.trim();
    let (open, img, close) = if inner.starts_with("<a ") && inner.ends_with("</a>") {
        let gt = inner.find('>')? + 1;
        (&inner[..gt], &inner[gt..inner.len() - 4], "</a>")
    } else {
        ("", inner, "")
    };
    if !img.starts_with("<img ") || img.find('>')? != img.len() - 1 || img[1..].contains('<') {
        return None;
    }
    let t = img.find(" title=\"")?;
    let value_end = t + 8 + img[t + 8..].find('"')?;
    let caption = &img[t + 8..value_end];
    if caption.trim().is_empty() {
        return None;
    }
    Some((format!("{open}{}{}{close}", &img[..t], &img[value_end + 1..]), caption))
}

/// `html` without the self-links comrak puts in headings (`<a href="#id" … class="anchor"></a>`).
pub fn without_heading_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<a href=\"#") {
        let Some(len) = rest[at..].find("</a>").map(|end| end + "</a>".len()) else { break };
        let link = &rest[at..at + len];
        out.push_str(&rest[..at]);
        if !(link.contains("class=\"anchor\"") && link.ends_with("\"></a>")) {
            out.push_str(link);
        }
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// Renders Markdown to sanitized HTML.
pub fn to_html(markdown: &str) -> String {
    convert(markdown).html.clone()
}

/// Renders Markdown to sanitized HTML with its quotes and dashes as typed (a publication
/// that sets `as_typed`). Not cached: the cache holds the usual, typographic conversion.
pub fn to_html_as_typed(markdown: &str) -> String {
    let mut options = options();
    options.parse.smart = false;
    SANITIZER.clean(&comrak::markdown_to_html(markdown, &options)).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_image_alone_with_a_caption_is_a_figure() {
        let md = "![Sales “up”](3f2a9c1b7d4e.png \"March <sales> & more\")\n\n[![Map](ab12cd34ef56.jpg \"The route\")](https://example.org/map)\n\nInline ![x](y.png \"tip\") stays.\n\n![No caption](c0ffee0ddba1.png)\n";
        let html = &super::convert(md).html;
        assert!(html.contains("<figure><img src=\"3f2a9c1b7d4e.png\" alt=\"Sales “up”\" /><figcaption>March &lt;sales&gt; &amp; more</figcaption></figure>"), "{html}");
        assert!(html.contains("<figure><a href=\"https://example.org/map\"><img src=\"ab12cd34ef56.jpg\" alt=\"Map\" /></a><figcaption>The route</figcaption></figure>"), "{html}");
        assert!(html.contains("<p>Inline <img src=\"y.png\" alt=\"x\" title=\"tip\" /> stays.</p>"), "{html}");
        assert!(html.contains("<p><img src=\"c0ffee0ddba1.png\" alt=\"No caption\" /></p>"), "{html}");
    }

    use super::to_html;

    #[test]
    fn gfm_footnotes_smart_punctuation_and_heading_ids() {
        let html = to_html(
            "## What it means\n\n\"Quoted\" -- and ~~gone~~.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\nSee https://example.com and a note.[^1]\n\n[^1]: The note.\n",
        );
        assert!(html.contains(r#"<h2 id="what-it-means">"#) || html.contains(r#"id="what-it-means""#), "{html}");
        assert!(html.contains("“Quoted” –"), "smart quotes and dashes: {html}");
        assert!(html.contains("<del>gone</del>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains(r#"type="checkbox""#) && html.contains("checked"), "{html}");
        assert!(html.contains(r#"href="https://example.com""#), "autolink: {html}");
        assert!(html.contains(r##"href="#fn-1""##), "footnote reference: {html}");
        assert!(html.contains(r#"id="fn-1""#), "footnote target keeps its id: {html}");
    }

    #[test]
    fn script_handlers_and_javascript_links_never_survive() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=\"x.png\" onerror=\"alert(2)\" alt=\"x\">\n\n[click](javascript:alert(3)) <a href=\"javascript:alert(4)\">raw</a> <a href=\"JaVaScRiPt:alert(5)\">mixed</a>\n\n<iframe src=\"https://evil.example\"></iframe><input type=\"text\" value=\"x\"><style>body{}</style>\n",
        );
        let lower = html.to_lowercase();
        for bad in ["<script", "alert(1)", "onerror", "javascript:", "<iframe", "<style", r#"type="text""#] {
            assert!(!lower.contains(bad), "{bad} survived: {html}");
        }
        assert!(html.contains(r#"<img src="x.png" alt="x">"#), "the image itself stays: {html}");
    }

    #[test]
    fn markdown_without_raw_html_is_still_safe() {
        // No raw HTML, so the fast path (comrak's safe mode, no ammonia) renders these.
        for md in [
            "[a](javascript:alert(1))",
            "[b](JaVaScRiPt:alert(2))",
            "[c](vbscript:msgbox(3))",
            "[d](data:text/html;base64,PHNjcmlwdD4=)",
            "![e](javascript:alert(4))",
            "<javascript:alert(5)>",
        ] {
            let html = to_html(md).to_ascii_lowercase();
            // As text ("javascript:alert(5)" shown as written) it is harmless; as a URL never.
            assert!(
                !html.contains("=\"javascript:") && !html.contains("=\"vbscript:") && !html.contains("=\"data:text"),
                "{md} → {html}"
            );
        }
        assert!(to_html("[ok](https://example.com/x)").contains(r#"href="https://example.com/x""#));
        assert!(to_html("[mail](mailto:a@example.com)").contains(r#"href="mailto:a@example.com""#));
    }

    #[test]
    fn conversions_are_cached_by_their_text() {
        let text = "A body for the cache test, with **bold** and ![an image](https://example.com/i.png).";
        let a = super::convert(text);
        let b = super::convert(text);
        assert!(std::sync::Arc::ptr_eq(&a, &b), "the second call is a cache hit");
        assert_eq!((a.words, a.images), (9, 1));
        let c = super::convert(&format!("{text} More."));
        assert!(!std::sync::Arc::ptr_eq(&a, &c) && c.words == 10, "changed text is converted anew");
    }

    #[test]
    fn harmless_inline_markup_is_kept() {
        let html = to_html("E = mc<sup>2</sup><br>line two <abbr title=\"Large language model\">LLM</abbr>");
        assert!(html.contains("<sup>2</sup>"), "{html}");
        assert!(html.contains("<br>"), "{html}");
        assert!(html.contains(r#"<abbr title="Large language model">LLM</abbr>"#), "{html}");
    }

    #[test]
    fn a_one_megabyte_body_renders() {
        let body = "A paragraph with **bold** and a [link](https://example.com).\n\n".repeat(17_000);
        assert!(body.len() > 1_000_000);
        let html = to_html(&body);
        assert_eq!(html.matches("<p>").count(), 17_000);
    }
}
