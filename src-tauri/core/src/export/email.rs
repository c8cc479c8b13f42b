//! Email HTML: the theme's email render with its CSS inlined onto the elements (css-inline),
//! only `@media` rules (phone widths, dark mode) left in `<style>` as an enhancement, images
//! given a width, and the size measured against Gmail's clipping point, story by story.

use serde::Serialize;
use specta::Type;

use crate::model::IssueDoc;
use crate::{Error, Result};

/// Gmail hides everything after about 102 KB of HTML behind "[Message clipped]", the
/// footer and unsubscribe link included (102 KiB, as email-check measures it).
pub const GMAIL_CLIP_BYTES: usize = 102 * 1024;
/// Where the meter starts warning.
pub const WARN_BYTES: usize = 90 * 1024;
/// Images without a width get the content column's: Outlook on Windows otherwise shows
/// them at their file's size. CSS keeps them from overflowing narrower screens.
const IMAGE_WIDTH: &str = "528";

/// The email's size against the clipping point, and what each story costs.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SizeReport {
    /// The email HTML's size in bytes, pictures not included.
    pub bytes: u32,
    /// Gmail's clipping point in bytes ([`GMAIL_CLIP_BYTES`]).
    pub limit: u32,
    /// How close the email is to being clipped.
    pub level: SizeLevel,
    /// Every story, in issue order.
    pub stories: Vec<StorySize>,
    /// What the author reads: "41.2 KB of 102 KB", plus the largest stories once it warns
    /// and the pictures' weight when it has some.
    pub summary: String,
    /// The library images the email shows, and what they weigh together: what each reader
    /// downloads besides the HTML (Gmail's clipping counts only the HTML).
    pub images: u32,
    /// What those images weigh together, in bytes.
    pub image_bytes: u32,
}

impl SizeReport {
    /// Adds the weight of the email's pictures to the report and its summary.
    pub fn with_images(mut self, count: usize, bytes: usize) -> SizeReport {
        self.images = count as u32;
        self.image_bytes = bytes as u32;
        if count > 0 {
            let weight = if bytes >= 1 << 20 {
                format!("{:.1} MB", bytes as f64 / 1_048_576.0)
            } else {
                format!("{} KB", kb(bytes))
            };
            self.summary.push_str(&format!("; plus {count} picture{} ({weight})", if count == 1 { "" } else { "s" }));
        }
        self
    }
}

/// How close an email is to Gmail's clipping point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SizeLevel {
    /// Under 90 KB: nothing to worry about.
    Ok,
    /// From 90 KB: close to clipping.
    Warning,
    /// Over 102 KB: Gmail will clip it.
    Clipped,
}

/// What one story costs in the email.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct StorySize {
    /// The story's id.
    pub story_id: i64,
    /// The story's headline, to name it in the summary.
    pub headline: String,
    /// The bytes of the story's HTML in the email; 0 when the theme's email does not mark the story (`id="story-N"`).
    pub bytes: u32,
}

/// Inlines the CSS of a rendered email. Only `@media` rules stay in `<style>`. Size is the
/// point of the steps around it: Gmail clips at 102 KB, so template indentation is folded
/// first, and afterwards classes no remaining rule uses are dropped and style values
/// compacted (about a fifth of a story's bytes).
pub fn inline(html: &str) -> Result<String> {
    let html = fold_whitespace(html);
    let inliner = css_inline::CSSInliner::options()
        .inline_style_tags(true)
        .keep_style_tags(false)
        .keep_at_rules(true)
        .keep_link_tags(false)
        .load_remote_stylesheets(false)
        .minify_css(true)
        .preallocate_node_capacity(html.len() / 24)
        .build();
    let out = inliner
        .inline(&html)
        .map_err(|e| Error::Invalid(format!("the theme's email CSS could not be inlined: {e}")))?;
    Ok(plain_figures(&with_image_widths(&compact_attributes(&out))))
}

/// A captioned image's `<figure>` and `<figcaption>` as a `<div>` and a `<p>`, their styles
/// already inlined: older Outlooks and some webmail drop the HTML5 elements' spacing.
fn plain_figures(html: &str) -> String {
    if !html.contains("<figure") {
        return html.to_owned();
    }
    html.replace("<figcaption", "<p")
        .replace("</figcaption>", "</p>")
        .replace("<figure", "<div")
        .replace("</figure>", "</div>")
}

/// Whitespace runs that hold a line break become one line break (the same space to a
/// browser), except inside `<pre>`, where every character counts.
fn fold_whitespace(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let bytes = html.as_bytes();
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'<' && html[i..].starts_with("<pre") {
            i = html[i..].find("</pre>").map(|j| i + j + 6).unwrap_or(bytes.len());
            continue;
        }
        if bytes[i].is_ascii_whitespace() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i - start > 1 && bytes[start..i].contains(&b'\n') {
                out.push_str(&html[copied..start]);
                out.push('\n');
                copied = i;
            }
            continue;
        }
        i += 1;
    }
    out.push_str(&html[copied..]);
    out
}

/// After inlining: `class` values that no rule left in `<style>` mentions go (the whole
/// attribute when none is left), and `style` values lose the spaces after commas.
fn compact_attributes(html: &str) -> String {
    let css: String = html.split("<style").skip(1).filter_map(|s| s.find("</style>").map(|e| &s[..e])).collect();
    let in_css = |class: &str| {
        css.match_indices(class).any(|(i, _)| {
            i > 0
                && css.as_bytes()[i - 1] == b'.'
                && !css[i + class.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_')
        })
    };
    // A class is looked up in the CSS once, however many elements carry it.
    let mut known: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    let mut used = |class: &str| -> bool {
        if let Some(&seen) = known.get(class) {
            return seen;
        }
        let found = in_css(class);
        known.insert(class.to_owned(), found);
        found
    };
    let mut out = String::with_capacity(html.len());
    // The next ` class="` and ` style="` at or after `at`, each searched for again only
    // once it is passed: one scan of the email, not one per attribute.
    let next = |from: usize, what: &str| html[from..].find(what).map(|i| from + i);
    let (mut at, mut c, mut st) = (0, next(0, " class=\""), next(0, " style=\""));
    loop {
        if c.is_some_and(|c| c < at) {
            c = next(at, " class=\"");
        }
        if st.is_some_and(|s| s < at) {
            st = next(at, " style=\"");
        }
        let Some(i) = [c, st].into_iter().flatten().min() else { break };
        out.push_str(&html[at..i]);
        let is_class = Some(i) == c;
        let v = &html[i + 8..];
        let Some(end) = v.find('"') else {
            at = i;
            break;
        };
        if is_class {
            let kept: Vec<&str> = v[..end].split_ascii_whitespace().filter(|c| used(c)).collect();
            if !kept.is_empty() {
                out.push_str(" class=\"");
                out.push_str(&kept.join(" "));
                out.push('"');
            }
        } else {
            out.push_str(" style=\"");
            let mut after_comma = false;
            for c in v[..end].chars() {
                if !(after_comma && c == ' ') {
                    out.push(c);
                }
                after_comma = c == ',';
            }
            out.push('"');
        }
        at = i + 8 + end + 1;
    }
    out.push_str(&html[at..]);
    out
}

/// Adds `width` to `<img>` elements that have none.
fn with_image_widths(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find("<img") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find('>').map(|e| e + 1).unwrap_or(rest.len());
        let tag = &rest[..end];
        if tag.contains(" width=") {
            out.push_str(tag);
        } else {
            out.push_str("<img width=\"");
            out.push_str(IMAGE_WIDTH);
            out.push('"');
            out.push_str(&tag[4..]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Measures the finished email: the whole and each story's element (`id="story-N"`, as
/// the built-in themes mark them; a theme without the marks gets totals only).
pub fn size_report(html: &str, doc: &IssueDoc) -> SizeReport {
    let bytes = html.len();
    // Stories come in order: each is looked for after the one before (one pass, not one
    // search of the whole email per story).
    let mut from = 0;
    let stories: Vec<StorySize> = doc
        .stories
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (at, len) = element_at(&html[from..], &format!("id=\"story-{}\"", i + 1)).unwrap_or((0, 0));
            if len > 0 {
                from += at + len;
            }
            StorySize { story_id: s.id, headline: s.fields.headline.clone(), bytes: len as u32 }
        })
        .collect();
    let level = if bytes > GMAIL_CLIP_BYTES {
        SizeLevel::Clipped
    } else if bytes >= WARN_BYTES {
        SizeLevel::Warning
    } else {
        SizeLevel::Ok
    };
    let mut summary = format!("{} of {} KB", kb(bytes), GMAIL_CLIP_BYTES / 1024);
    if level != SizeLevel::Ok {
        let mut largest: Vec<&StorySize> = stories.iter().filter(|s| s.bytes > 0).collect();
        largest.sort_by_key(|s| std::cmp::Reverse(s.bytes));
        let names: Vec<String> =
            largest.iter().take(3).map(|s| format!("“{}” ({} KB)", s.headline, kb(s.bytes as usize))).collect();
        summary.push_str(if level == SizeLevel::Clipped {
            ": Gmail will clip this email and hide the rest, unsubscribe link included"
        } else {
            ": close to where Gmail clips emails"
        });
        if !names.is_empty() {
            summary.push_str(&format!("; the largest stories are {}", names.join(", ")));
        }
    }
    SizeReport {
        bytes: bytes as u32,
        limit: GMAIL_CLIP_BYTES as u32,
        level,
        stories,
        summary,
        images: 0,
        image_bytes: 0,
    }
}

fn kb(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / 1024.0)
}

/// The length of the element whose start tag holds `marker`, through its matching end tag.
#[cfg(test)]
fn element_len(html: &str, marker: &str) -> usize {
    element_at(html, marker).map_or(0, |(_, len)| len)
}

/// Where the element whose start tag holds `marker` starts, and its length through its
/// matching end tag.
fn element_at(html: &str, marker: &str) -> Option<(usize, usize)> {
    let at = html.find(marker)?;
    let open = html[..at].rfind('<')?;
    let name: String = html[open + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    if name.is_empty() {
        return None;
    }
    let (open_tag, close_tag) = (format!("<{name}"), format!("</{name}>"));
    let find = |from: usize, what: &str| html[from..].find(what).map(|j| from + j);
    let mut depth = 0usize;
    let mut i = open;
    // Each of the next start and end tag is searched for again only once it is passed.
    let (mut next_open, mut next_close) = (find(i, &open_tag), find(i, &close_tag));
    while i < html.len() {
        if next_open.is_some_and(|o| o < i) {
            next_open = find(i, &open_tag);
        }
        if next_close.is_some_and(|c| c < i) {
            next_close = find(i, &close_tag);
        }
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                i = o + open_tag.len();
            }
            (_, Some(c)) => {
                depth = depth.saturating_sub(1);
                i = c + close_tag.len();
                if depth == 0 {
                    return Some((open, i - open));
                }
            }
            _ => break,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_rules_move_onto_elements_and_media_rules_stay() {
        let html = r#"<html><head><style>.lead { color: #123456; } p { margin: 0; } @media (prefers-color-scheme: dark) { .lead { color: #fff !important; } }</style></head><body><p class="lead">Hi <img src="https://x.example/a.png" alt="A"></p></body></html>"#;
        let out = inline(html).unwrap();
        assert!(out.contains("color:#123456"), "{out}");
        assert!(out.contains("@media (prefers-color-scheme: dark)"), "{out}");
        assert!(!out.contains(".lead { color: #123456"), "{out}");
        assert!(out.contains("<img width=\"528\""), "{out}");
    }

    #[test]
    fn classes_without_rules_go_and_whitespace_folds_outside_pre() {
        let html = "<html><head><style>.lead { color: #123456; } .keep { color: red; } @media (max-width: 600px) { .keep { color: blue !important; } }</style></head>\n<body>\n    <p class=\"lead keep\">Hi  there</p>\n    <pre>a\n    b</pre>\n  <span class=\"x\">y</span></body></html>";
        let out = inline(html).unwrap();
        assert!(out.contains("<p class=\"keep\" style="), "{out}");
        assert!(out.contains("<span>y</span>"), "{out}");
        assert!(out.contains("Hi  there") && out.contains("<pre>a\n    b</pre>"), "{out}");
        assert!(!out.contains("\n    <p"), "{out}");
    }

    #[test]
    fn an_element_is_measured_through_its_matching_end() {
        let html = r#"<div><section id="story-1"><section>inner</section>tail</section><section id="story-2">x</section></div>"#;
        assert_eq!(
            element_len(html, "id=\"story-1\""),
            r#"<section id="story-1"><section>inner</section>tail</section>"#.len()
        );
        assert_eq!(element_len(html, "id=\"story-2\""), r#"<section id="story-2">x</section>"#.len());
        assert_eq!(element_len(html, "id=\"story-3\""), 0);
    }
}
