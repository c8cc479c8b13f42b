//! Rendering an issue for readers: the author's Markdown to safe HTML (`markdown`), the
//! view a template sees (`context`), template helpers (`filters`), plain text (`text`),
//! numbers and dates (`numbers`), quotes and dashes (`typography`), and the entry points here: [`render`] for the four
//! outputs and [`preview`] for the editor's sandboxed frame.

mod context;
pub(crate) mod filters;
pub mod markdown;
pub mod numbers;
pub(crate) mod shown;
pub mod text;
pub mod typography;

pub use shown::{label as field_label, HiddenField, FIELDS};

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::model::{IssueDoc, Link, Publication};
use crate::theme::{Format, Theme, ThemeError, ThemeSet};
use crate::{Error, Result};

/// Light or dark for the preview; `auto` follows the reader's system.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Appearance {
    /// Follow the reader's system.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Appearance {
    fn as_str(self) -> &'static str {
        match self {
            Appearance::Auto => "auto",
            Appearance::Light => "light",
            Appearance::Dark => "dark",
        }
    }
}

/// An issue rendered in one theme, as one output.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The output it is.
    pub format: Format,
    /// The name of the theme it was rendered in.
    pub theme: String,
    /// The finished document: HTML for web and email, text or Markdown otherwise.
    pub body: String,
    /// The words a reader of the web page reads (fields the theme leaves out of it not counted).
    pub words: usize,
    /// The reading time in minutes at the publication's reading speed, at least 1.
    pub minutes: u32,
}

/// Renders `doc` in `theme` as `format`.
pub fn render(doc: &IssueDoc, publication: &Publication, theme: &Theme, format: Format) -> Result<Rendered> {
    render_with(doc, publication, theme, format, Appearance::Auto)
}

fn render_with(
    doc: &IssueDoc,
    publication: &Publication,
    theme: &Theme,
    format: Format,
    appearance: Appearance,
) -> Result<Rendered> {
    if !theme.supports(format) {
        return Err(Error::Invalid(format!(
            "the theme “{}” has no {} output (it has: {})",
            theme.info.name,
            format.as_str(),
            theme.info.outputs.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
        )));
    }
    let typeset = typography::typeset(doc, publication);
    let (doc, publication) = match &typeset {
        Some((doc, publication)) => (doc, publication),
        None => (doc, publication),
    };
    // The Markdown export carries the author's Markdown as written, so it is cleaned here
    // by the HTML outputs' rules, for every theme (a user's own included).
    let cleaned;
    let (doc, publication) = if format == Format::Markdown {
        cleaned = markdown_safe(doc, publication);
        (&cleaned.0, &cleaned.1)
    } else {
        (doc, publication)
    };
    let view = context::view(doc, publication, &theme.info.hidden, theme.info.link_cards);
    let reading = view.reading;
    let ctx = view.into_context(minijinja::context! {
        format => format.as_str(),
        appearance => appearance.as_str(),
        theme => &theme.info.name,
        typography => publication.typography.as_str(),
        refs => minijinja::Value::from_object(filters::Refs::default()),
    });
    let tmpl = theme.env.get_template(format.template()).map_err(|e| Error::Theme(theme.locate(&e)))?;
    // Sized for the whole page at once (Markdown roughly doubles as HTML, the theme adds
    // its frame): growing the buffer while writing copied it over and over.
    let mut out = Capped { bytes: Vec::with_capacity(expected_size(doc)), full: false };
    let too_long = || {
        format!(
            "the output passed {} MB, far beyond any issue: a loop that never ends, or loops inside loops?",
            OUTPUT_CAP >> 20
        )
    };
    if let Err(e) = tmpl.render_captured_to(ctx, &mut out) {
        let mut located = theme.locate(&e);
        if out.full {
            located.message = format!("{}; {}", located.message, too_long());
        }
        return Err(Error::Theme(located));
    }
    if out.full {
        // Writing on past the cap costs nothing, and the loop usually runs out of fuel,
        // which names its line; one that does not is named by the output's template.
        return Err(Error::Theme(crate::theme::ThemeError {
            theme: theme.info.name.clone(),
            file: format.template().to_owned(),
            line: None,
            column: None,
            message: too_long(),
        }));
    }
    let mut body =
        String::from_utf8(out.bytes).map_err(|_| Error::Internal("a template wrote invalid UTF-8".into()))?;
    if format == Format::Text {
        body = text::wrap(&body);
    }
    Ok(Rendered { format, theme: theme.info.name.clone(), body, words: reading.words, minutes: reading.minutes })
}

/// The most work one render may do, in minijinja's steps ("fuel"). A hundred-story issue
/// takes at most 77,000 in any built-in theme and output, a sixty-fifth of it; a template
/// that loops for ever stops within a fraction of a second, with its file and line.
pub const TEMPLATE_FUEL: u64 = 5_000_000;

/// About how many bytes a render of `doc` writes, to size its buffer once.
fn expected_size(doc: &IssueDoc) -> usize {
    let i = &doc.issue;
    let text: usize = i.intro.len()
        + i.closing.len()
        + doc
            .stories
            .iter()
            .map(|s| {
                let f = &s.fields;
                f.headline.len()
                    + f.body.len()
                    + f.summary.len()
                    + f.details.len()
                    + f.takeaway.len()
                    + s.items
                        .iter()
                        .map(|it| it.fields.title.len() + it.fields.quote.len() + it.fields.url.len() + 400)
                        .sum::<usize>()
                    + 600
            })
            .sum::<usize>();
    (16 << 10) + 2 * text
}

/// The most one render may write: far beyond any issue (Gmail clips an email at 102 KB).
pub const OUTPUT_CAP: usize = 16 << 20;

/// A render's output, kept up to [`OUTPUT_CAP`]; what comes after is dropped (the render
/// is then refused).
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    full: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.full || self.bytes.len() + buf.len() > OUTPUT_CAP {
            self.full = true;
        } else {
            self.bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The issue and publication with every Markdown field (and the sign-off, which templates
/// print as it is) made safe: see [`markdown::safe_markdown`].
fn markdown_safe(doc: &IssueDoc, publication: &Publication) -> (IssueDoc, Publication) {
    let (mut doc, mut publication) = (doc.clone(), publication.clone());
    let clean = |s: &mut String| *s = markdown::safe_markdown(s);
    clean(&mut doc.issue.intro);
    clean(&mut doc.issue.closing);
    for story in &mut doc.stories {
        let f = &mut story.fields;
        for field in [&mut f.body, &mut f.takeaway, &mut f.summary, &mut f.details] {
            clean(field);
        }
    }
    clean(&mut publication.footer);
    clean(&mut publication.sign_off);
    (doc, publication)
}

/// The theme an issue renders in when none is asked for: its own, else the publication's
/// default, else `weekly`.
pub fn theme_name_for<'a>(doc: &'a IssueDoc, publication: &'a Publication) -> &'a str {
    [doc.issue.theme.as_str(), publication.default_theme.as_str()]
        .into_iter()
        .map(str::trim)
        .find(|t| !t.is_empty())
        .unwrap_or("weekly")
}

/// Desktop or phone width for the preview frame.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Viewport {
    /// The pane's full width.
    #[default]
    Desktop,
    /// A phone's width, 390 CSS pixels.
    Mobile,
}

/// What the editor asks the preview for.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct PreviewRequest {
    /// The output to show; `None` shows the web page.
    pub format: Option<Format>,
    /// A theme other than the issue's own, to try one on.
    pub theme: Option<String>,
    /// Desktop or phone width.
    pub viewport: Viewport,
    /// Light or dark; `auto` follows the system.
    pub appearance: Appearance,
}

/// The editor's preview of an issue, with its status line.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Preview {
    /// A complete document for an `<iframe sandbox srcdoc>`: never runs script.
    pub html: String,
    /// The output shown.
    pub format: Format,
    /// The name of the theme it was rendered in.
    pub theme: String,
    /// Width of the frame in CSS pixels; `None` fills the pane.
    pub width: Option<u32>,
    /// The words a reader of the web page reads.
    pub words: u32,
    /// The reading time in minutes, at least 1.
    pub minutes: u32,
    /// Size of the rendered output in bytes (before the email's CSS is inlined).
    pub bytes: u32,
    /// The status line under the preview: `1,234 words · ~5 min read · 24.1 KB · weekly`.
    pub summary: String,
    /// Themes that failed to load: the preview may be using the last good version.
    pub theme_errors: Vec<ThemeError>,
}

/// What one story asks of its reader, as the editor shows it beside the body.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct StoryReading {
    /// The story.
    pub story_id: i64,
    /// The words in its body and takeaway, link addresses and markup not counted.
    pub words: u32,
    /// 0 for a story without words.
    pub minutes: u32,
    /// `312 words · 2 min read`, `1 word · 1 min read`, `0 words`.
    pub label: String,
    /// The reading time of the longest page the story links to, when its length is known:
    /// what the story's own reading time (`~7 min read`) can be set from.
    pub linked_minutes: Option<u32>,
}

/// Each story's own reading (its body and takeaway) at the publication's reading speed:
/// the same count and minutes the preview's status line uses for the whole issue; and
/// the minutes of the longest page it links to among `links` (those its items use).
pub fn story_readings(doc: &IssueDoc, publication: &Publication, links: &[Link]) -> Vec<StoryReading> {
    doc.stories
        .iter()
        .map(|s| {
            let (bw, bi) = text::reading_words(&s.fields.body);
            let (tw, ti) = text::reading_words(&s.fields.takeaway);
            let (words, images) = (bw + tw, bi + ti);
            let minutes =
                if words + images == 0 { 0 } else { context::minutes(words, images, publication.words_per_minute) };
            let count = crate::links::social::format_count(words as i64);
            let noun = if words == 1 { "word" } else { "words" };
            let label =
                if minutes == 0 { format!("{count} {noun}") } else { format!("{count} {noun} · {minutes} min read") };
            let linked_words = s
                .items
                .iter()
                .filter_map(|i| i.fields.link_id)
                .filter_map(|id| links.iter().find(|l| l.id == id)?.meta.words)
                .max();
            let linked_minutes = linked_words
                .filter(|&w| w > 0)
                .map(|w| context::minutes(usize::try_from(w).unwrap_or(usize::MAX), 0, publication.words_per_minute));
            StoryReading { story_id: s.id, words: words as u32, minutes, label, linked_minutes }
        })
        .collect()
}

/// `1,234 words · ~5 min read · 24.1 KB · weekly`.
fn preview_summary(words: usize, minutes: u32, bytes: u32, theme: &str) -> String {
    let size = if bytes < 1024 { format!("{bytes} B") } else { format!("{:.1} KB", f64::from(bytes) / 1024.0) };
    format!("{} words · ~{minutes} min read · {size} · {theme}", numbers::group_digits(words as i64))
}

/// Renders an issue for the editor's preview frame. Text and Markdown are shown as
/// preformatted text; web and email as themselves, with `appearance` forced on the page.
pub fn preview(doc: &IssueDoc, publication: &Publication, themes: &ThemeSet, req: &PreviewRequest) -> Result<Preview> {
    let name =
        req.theme.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| theme_name_for(doc, publication));
    let theme: &Arc<Theme> = themes.require(name)?;
    let format = req.format.unwrap_or(Format::Web);
    let r = render_with(doc, publication, theme, format, req.appearance)?;
    let bytes = r.body.len() as u32;
    let summary = preview_summary(r.words, r.minutes, bytes, &r.theme);
    let html = match format {
        Format::Web | Format::Email => force_appearance(r.body, req.appearance),
        Format::Text | Format::Markdown => text_page(&r.body, req.appearance),
    };
    Ok(Preview {
        html,
        format,
        theme: r.theme,
        width: match req.viewport {
            Viewport::Desktop => None,
            Viewport::Mobile => Some(390),
        },
        summary,
        words: r.words as u32,
        minutes: r.minutes,
        bytes,
        theme_errors: themes.errors.clone(),
    })
}

/// Marks the page's root so the theme's light or dark rules apply whatever the system says.
fn force_appearance(html: String, appearance: Appearance) -> String {
    if appearance == Appearance::Auto {
        return html;
    }
    match html.find("<html") {
        Some(i) => {
            let mut out = String::with_capacity(html.len() + 32);
            out.push_str(&html[..i + 5]);
            out.push_str(&format!(" data-appearance=\"{}\"", appearance.as_str()));
            out.push_str(&html[i + 5..]);
            out
        }
        None => html,
    }
}

/// Text and Markdown as a mail client shows a text part: lines exactly as written (the
/// text output is already wrapped at 72 columns), scrolling sideways on a phone.
fn text_page(body: &str, appearance: Appearance) -> String {
    let (bg, fg) = match appearance {
        Appearance::Dark => ("#1b1b1d", "#e6e4df"),
        _ => ("#ffffff", "#1d1d1f"),
    };
    let scheme = match appearance {
        Appearance::Auto => "light dark",
        Appearance::Light => "light",
        Appearance::Dark => "dark",
    };
    let auto_dark = if appearance == Appearance::Auto {
        "@media (prefers-color-scheme: dark){body{background:#1b1b1d;color:#e6e4df}}"
    } else {
        ""
    };
    let mut escaped = String::with_capacity(body.len() + body.len() / 8);
    escape_html_into(&mut escaped, body).expect("writing to a String cannot fail");
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"color-scheme\" content=\"{scheme}\">\
         <style>body{{margin:0;padding:24px;background:{bg};color:{fg}}}\
         pre{{font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre;overflow-x:auto;margin:0 auto;max-width:76ch}}{auto_dark}</style>\
         </head><body><pre>{escaped}</pre></body></html>"
    )
}

/// Writes `s` with the five characters that matter in HTML text and quoted attributes
/// escaped, copying the runs between them as they are. The theme formatter and the text
/// preview both write through it.
pub(crate) fn escape_html_into(out: &mut impl std::fmt::Write, s: &str) -> std::fmt::Result {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&s[start..i])?;
        out.write_str(rep)?;
        start = i + 1;
    }
    out.write_str(&s[start..])
}

#[cfg(test)]
mod reading_tests {
    use super::*;
    use crate::model::{Issue, Story, StoryFields};

    fn doc(bodies: &[(&str, &str)]) -> IssueDoc {
        let stories = bodies
            .iter()
            .enumerate()
            .map(|(i, (body, takeaway))| Story {
                id: i as i64 + 1,
                issue_id: 1,
                ordinal: i as i64,
                fields: StoryFields { body: (*body).into(), takeaway: (*takeaway).into(), ..Default::default() },
                items: vec![],
                updated_at: String::new(),
            })
            .collect();
        IssueDoc { issue: Issue { id: 1, ..sample_issue() }, stories }
    }

    fn sample_issue() -> Issue {
        crate::sample::sample_doc().issue
    }

    #[test]
    fn a_story_reads_its_body_and_takeaway_at_the_publication_speed() {
        let long = "word ".repeat(300);
        let d = doc(&[(&long, "Why it **matters**, in [four](https://x.example) words"), ("", ""), ("One", "")]);
        let slow = Publication { words_per_minute: 100, ..Publication::default() };
        let r = story_readings(&d, &slow, &[]);
        assert_eq!((r[0].words, r[0].minutes), (306, 4), "link targets and markup are not read");
        assert_eq!(r[0].label, "306 words · 4 min read");
        assert_eq!(r[1].label, "0 words");
        assert_eq!(r[2].label, "1 word · 1 min read");
        assert_eq!(r[2].story_id, 3);
        assert_eq!(r[0].linked_minutes, None, "no link, no linked reading time");
    }

    #[test]
    fn a_story_can_take_its_reading_time_from_the_longest_page_it_links_to() {
        use crate::model::{Item, ItemFields, LinkMeta};
        let mut d = doc(&[("Read this.", "")]);
        let link = |id, words| crate::model::Link {
            id,
            url: format!("https://example.com/{id}"),
            normalized_url: format!("https://example.com/{id}"),
            meta: LinkMeta { words, ..LinkMeta::default() },
            overrides: Default::default(),
            status: crate::model::FetchStatus::Ok,
            reason: None,
            fetched_at: None,
            added_at: String::new(),
            note: String::new(),
            tags: Vec::new(),
            origin: String::new(),
            saved_at: None,
            archived_at: None,
            feed_id: None,
            feed: None,
            card: Default::default(),
            used_in: Vec::new(),
        };
        let links = [link(7, Some(1_800)), link(8, Some(400)), link(9, None)];
        d.stories[0].items = [7, 8, 9]
            .map(|id| Item {
                id,
                story_id: 1,
                ordinal: id,
                fields: ItemFields { link_id: Some(id), ..ItemFields::default() },
            })
            .to_vec();
        let r = story_readings(&d, &Publication { words_per_minute: 250, ..Publication::default() }, &links);
        assert_eq!(r[0].linked_minutes, Some(8), "1,800 words at 250 a minute, rounded up");
    }

    #[test]
    fn the_preview_status_line_says_words_time_size_and_theme() {
        assert_eq!(preview_summary(1234, 5, 24_678, "weekly"), "1,234 words · ~5 min read · 24.1 KB · weekly");
        assert_eq!(preview_summary(3, 1, 900, "digest"), "3 words · ~1 min read · 900 B · digest");
    }
}
