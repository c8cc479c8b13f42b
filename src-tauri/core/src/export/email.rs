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
    pub bytes: u32,
    pub limit: u32,
    pub level: SizeLevel,
    /// Every story, in issue order.
    pub stories: Vec<StorySize>,
    /// What the author reads: "41.2 KB of 102 KB", plus the largest stories once it warns.
    pub summary: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SizeLevel {
    Ok,
    /// From 90 KB: close to clipping.
    Warning,
    /// Over 102 KB: Gmail will clip it.
    Clipped,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct StorySize {
    pub story_id: i64,
    pub headline: String,
    pub bytes: u32,
}

/// Inlines the CSS of a rendered email. Only `@media` rules stay in `<style>`.
pub fn inline(html: &str) -> Result<String> {
    let inliner = css_inline::CSSInliner::options()
        .inline_style_tags(true)
        .keep_style_tags(false)
        .keep_at_rules(true)
        .keep_link_tags(false)
        .load_remote_stylesheets(false)
        .minify_css(true)
        .build();
    let out =
        inliner.inline(html).map_err(|e| Error::Invalid(format!("the theme's email CSS could not be inlined: {e}")))?;
    Ok(with_image_widths(&out))
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
    let stories: Vec<StorySize> = doc
        .stories
        .iter()
        .enumerate()
        .map(|(i, s)| StorySize {
            story_id: s.id,
            headline: s.fields.headline.clone(),
            bytes: element_len(html, &format!("id=\"story-{}\"", i + 1)) as u32,
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
        largest.sort_by(|a, b| b.bytes.cmp(&a.bytes));
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
    SizeReport { bytes: bytes as u32, limit: GMAIL_CLIP_BYTES as u32, level, stories, summary }
}

fn kb(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / 1024.0)
}

/// The length of the element whose start tag holds `marker`, through its matching end tag.
fn element_len(html: &str, marker: &str) -> usize {
    let Some(at) = html.find(marker) else { return 0 };
    let Some(open) = html[..at].rfind('<') else { return 0 };
    let name: String = html[open + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    if name.is_empty() {
        return 0;
    }
    let (open_tag, close_tag) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0usize;
    let mut i = open;
    while i < html.len() {
        let next_open = html[i..].find(&open_tag).map(|j| i + j);
        let next_close = html[i..].find(&close_tag).map(|j| i + j);
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                i = o + open_tag.len();
            }
            (_, Some(c)) => {
                depth = depth.saturating_sub(1);
                i = c + close_tag.len();
                if depth == 0 {
                    return i - open;
                }
            }
            _ => break,
        }
    }
    0
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
