//! What a template sees: the issue reshaped for layout (numbered stories, coverage grouped
//! under its headings, reactions with their counts written out, stories grouped by
//! section, the sign-off split from the closing) plus the reading time. Every field of the
//! stored issue is passed through, so a theme can show what the built-ins leave out.

use minijinja::{context, Value};
use serde::Serialize;

use super::numbers::{counts, group_digits, long_date, pad};
use super::shown::HiddenField;
use super::text::{count_words, reading_words};
use crate::model::{IssueDoc, Item, ItemKind, Publication, Story};
use crate::theme::Format;

#[derive(Debug)]
pub(crate) struct View<'a> {
    pub publication: &'a Publication,
    pub issue: IssueView<'a>,
    pub stories: Vec<StoryView<'a>>,
    /// Section names in order of first appearance, with the indices of their stories.
    pub sections: Vec<(&'a str, Vec<usize>)>,
    pub reading: Reading,
}

impl View<'_> {
    /// The template context: `extra` plus `publication`, `issue`, `stories`, `sections`
    /// (`{name, stories}`), `reactions` (every reaction in story order, for a "Key Tweets"
    /// list) and `reading`. Each story is converted once; sections and the reaction list
    /// share those values instead of converting copies.
    pub fn into_context(self, extra: Value) -> Value {
        let stories: Vec<Value> = self.stories.iter().map(story_value).collect();
        let sections: Vec<Value> = self
            .sections
            .iter()
            .map(|(name, idx)| context! { name => name, stories => idx.iter().map(|&i| stories[i].clone()).collect::<Vec<_>>() })
            .collect();
        let reactions: Vec<Value> = stories
            .iter()
            .filter_map(|s| s.get_attr("reactions").ok())
            .filter_map(|r| r.try_iter().ok().map(|it| it.collect::<Vec<_>>()))
            .flatten()
            .collect();
        context! {
            // A library written before links were checked may hold an unsafe one.
            publication => Value::from_serialize(Publication {
                unsubscribe_url: safe_url(&self.publication.unsubscribe_url).to_owned(),
                ..self.publication.clone()
            }),
            // An order from a library written before it was checked falls back to the usual.
            footer_order => crate::model::footer_order(&self.publication.footer_order)
                .unwrap_or_else(|_| crate::model::FOOTER_LINES.to_vec()),
            issue => Value::from_serialize(&self.issue),
            reading => Value::from_serialize(self.reading),
            stories => stories,
            sections => sections,
            reactions => reactions,
            ..extra
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct IssueView<'a> {
    pub number: i64,
    /// `002`, as in `Issue #002`.
    pub number_padded: String,
    pub title: &'a str,
    pub subtitle: &'a str,
    pub date: &'a str,
    /// `April 8, 2026`.
    pub date_long: String,
    /// When the issue was created, in the computer's time zone: `April 13, 2026 at 6:19 AM`.
    pub created_long: String,
    pub intro: &'a str,
    /// The closing without its sign-off line.
    pub closing: &'a str,
    /// The closing's own last line when it is a sign-off (`— Sam`), else the publication's.
    pub sign_off: &'a str,
    pub preheader: &'a str,
    pub status: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct StoryView<'a> {
    /// Its number among the stories with a headline (`0` for one without: an untitled
    /// story reads as prose, unnumbered, like a digest's paragraphs).
    pub number: usize,
    /// `01`; empty for an untitled story.
    pub number_padded: String,
    /// Its place among all the stories, from 1.
    pub position: usize,
    pub anchor: String,
    pub section: &'a str,
    /// The first story of a run under a (non-empty) section name: where a theme that
    /// does not group by section shows the name.
    pub section_starts: bool,
    pub headline: &'a str,
    pub discuss_url: &'a str,
    pub body: &'a str,
    pub summary: &'a str,
    pub details: &'a str,
    pub takeaway: &'a str,
    /// Its own reading time in minutes (the essay it links to), if the author gave one.
    pub reading_minutes: Option<i64>,
    /// Items, and the positions in `items` of the coverage, the coverage grouped under its
    /// headings (in the order the headings first appear) and the reactions. Templates get
    /// `items`, `coverage`, `groups` (`{heading, items}`) and `reactions` built from one
    /// conversion of each item (see [`View::into_context`]).
    #[serde(skip)]
    pub items: Vec<ItemView<'a>>,
    #[serde(skip)]
    pub coverage: Vec<usize>,
    #[serde(skip)]
    pub groups: Vec<(&'a str, Vec<usize>)>,
    #[serde(skip)]
    pub reactions: Vec<usize>,
    /// The distinct URLs of its coverage, in order: what a briefing cites as `Sources: [1][2]`.
    pub sources: Vec<SourceView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SourceView<'a> {
    pub url: &'a str,
    pub title: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ItemView<'a> {
    pub kind: &'static str,
    pub group_heading: &'a str,
    pub source: &'a str,
    pub role: &'a str,
    pub title: &'a str,
    /// The quote without the quotation marks an author may have pasted with it; templates
    /// add typographic ones.
    pub quote: &'a str,
    pub note: &'a str,
    /// A coverage link's own date as the author wrote it (`March 2025`).
    pub date: &'a str,
    /// The note stands before the quote (the author put it there).
    pub note_first: bool,
    /// A coverage link shown as a card: its picture, title, description and source.
    pub card: bool,
    /// The card's picture: an image name, which the output resolves (a `data:` URI on
    /// the web page, a hosted address in email); empty without one.
    pub image: &'a str,
    /// The card's description.
    pub description: &'a str,
    pub url: &'a str,
    pub likes: Option<i64>,
    pub views: Option<i64>,
    pub likes_label: Option<String>,
    pub views_label: Option<String>,
    /// `1,047 likes · 73,368 views`, missing counts left out; empty when both are.
    pub counts: String,
    pub captured_at: Option<&'a str>,
    /// The position of the story it belongs to.
    pub story: usize,
    /// A coverage link's number among its story's distinct links (`[1]`, `[2]`): a
    /// briefing's per-item citation. `None` without a link.
    pub cite: Option<usize>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct Reading {
    pub words: usize,
    pub images: usize,
    pub minutes: u32,
}

/// `cards`: whether the theme shows a coverage link as a card unless the author chose.
pub(crate) fn view<'a>(
    doc: &'a IssueDoc,
    publication: &'a Publication,
    hidden: &[HiddenField],
    cards: bool,
) -> View<'a> {
    let mut titled = 0;
    let mut previous_section = "";
    let stories: Vec<StoryView> = doc
        .stories
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut v = story(i + 1, s, cards);
            if !v.headline.is_empty() {
                titled += 1;
                v.number = titled;
                v.number_padded = pad(titled as i64, 2);
            }
            v.section_starts = !v.section.is_empty() && v.section != previous_section;
            previous_section = v.section;
            v
        })
        .collect();

    let mut sections: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, s) in stories.iter().enumerate() {
        match sections.iter_mut().find(|x| x.0 == s.section) {
            Some(sec) => sec.1.push(i),
            None => sections.push((s.section, vec![i])),
        }
    }

    let (closing, sign_off) = split_sign_off(&doc.issue.closing, &publication.sign_off);
    View {
        publication,
        issue: IssueView {
            number: doc.issue.number,
            number_padded: pad(doc.issue.number, 3),
            title: &doc.issue.title,
            subtitle: &doc.issue.subtitle,
            date: &doc.issue.date,
            date_long: long_date(&doc.issue.date),
            created_long: super::numbers::long_time(&doc.issue.created_at),
            intro: &doc.issue.intro,
            closing,
            sign_off,
            preheader: &doc.issue.preheader,
            status: doc.issue.status.as_str(),
        },
        sections,
        reading: reading(doc, publication, hidden),
        stories,
    }
}

/// A story as a template value, each of its items converted once and shared by `items`,
/// `coverage`, `groups` and `reactions`.
fn story_value(s: &StoryView) -> Value {
    let items: Vec<Value> = s.items.iter().map(Value::from_serialize).collect();
    let pick = |idx: &[usize]| idx.iter().map(|&i| items[i].clone()).collect::<Vec<_>>();
    let groups: Vec<Value> =
        s.groups.iter().map(|(heading, idx)| context! { heading => heading, items => pick(idx) }).collect();
    context! {
        coverage => pick(&s.coverage),
        reactions => pick(&s.reactions),
        groups => groups,
        items => items,
        ..Value::from_serialize(s)
    }
}

/// A story at `position` (numbered by [`view`], which knows the stories before it).
fn story(position: usize, s: &Story, cards: bool) -> StoryView<'_> {
    let mut items: Vec<ItemView> = s.items.iter().map(|i| item(position, i, cards)).collect();
    let of_kind =
        |kind: &str| items.iter().enumerate().filter(|(_, i)| i.kind == kind).map(|(n, _)| n).collect::<Vec<_>>();
    let (coverage, reactions) = (of_kind("coverage"), of_kind("reaction"));
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    for &c in &coverage {
        let heading = items[c].group_heading;
        match groups.iter_mut().find(|g| g.0 == heading) {
            Some(g) => g.1.push(c),
            None => groups.push((heading, vec![c])),
        }
    }
    let mut sources: Vec<SourceView> = Vec::new();
    for &c in &coverage {
        let c = &mut items[c];
        if c.url.is_empty() {
            continue;
        }
        let same = |x: &SourceView| x.url.trim_end_matches('/') == c.url.trim_end_matches('/');
        c.cite = Some(match sources.iter().position(same) {
            Some(at) => at + 1,
            None => {
                sources.push(SourceView { url: c.url, title: if c.title.is_empty() { c.source } else { c.title } });
                sources.len()
            }
        });
    }
    let f = &s.fields;
    StoryView {
        number: 0,
        number_padded: String::new(),
        position,
        anchor: format!("story-{position}"),
        section: f.section.trim(),
        section_starts: false,
        headline: f.headline.trim(),
        discuss_url: safe_url(&f.discuss_url),
        body: &f.body,
        summary: &f.summary,
        details: &f.details,
        takeaway: &f.takeaway,
        reading_minutes: f.reading_minutes,
        items,
        coverage,
        groups,
        reactions,
        sources,
    }
}

fn item(story: usize, i: &Item, cards: bool) -> ItemView<'_> {
    let f = &i.fields;
    ItemView {
        kind: match f.kind {
            ItemKind::Coverage => "coverage",
            ItemKind::Reaction => "reaction",
        },
        group_heading: f.group_heading.trim(),
        source: f.source.trim(),
        role: f.role.trim(),
        title: f.title.trim(),
        quote: strip_quotes(&f.quote),
        note: f.note.trim(),
        date: f.date.trim(),
        note_first: f.note_first,
        card: f.kind == ItemKind::Coverage && f.layout.is_card(cards),
        image: if crate::images::is_image_name(&f.image) { &f.image } else { "" },
        description: f.description.trim(),
        url: safe_url(&f.url),
        likes: f.likes,
        views: f.views,
        likes_label: f.likes.map(group_digits),
        views_label: f.views.map(group_digits),
        counts: counts(f.likes, f.views),
        captured_at: f.captured_at.as_deref(),
        story,
        cite: None,
    }
}

/// A link as templates may use it: a `javascript:` or `data:` URL (pasted or fetched)
/// becomes no link at all, in every theme including the author's own.
fn safe_url(url: &str) -> &str {
    let url = url.trim();
    if super::markdown::is_safe_url(url) {
        url
    } else {
        ""
    }
}

fn strip_quotes(q: &str) -> &str {
    let q = q.trim();
    for (open, close) in [('"', '"'), ('“', '”'), ('\'', '\''), ('‘', '’'), ('«', '»')] {
        if let Some(inner) = q.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            if !inner.contains(open) && !inner.contains(close) {
                return inner.trim();
            }
        }
    }
    q
}

/// Splits a closing whose last line is a sign-off (`— Sam`, `-- Sam`) from it.
fn split_sign_off<'a>(closing: &'a str, default: &'a str) -> (&'a str, &'a str) {
    let trimmed = closing.trim_end();
    let (rest, last) = match trimmed.rfind('\n') {
        Some(i) => (&trimmed[..i], trimmed[i + 1..].trim()),
        None => ("", trimmed.trim()),
    };
    if last.starts_with('—') || last.starts_with("--") || last.starts_with('–') {
        (rest.trim_end(), last)
    } else {
        (trimmed, default.trim())
    }
}

/// Reading time (DESIGN.md §2): every word the web page shows (the issue's, its
/// stories' and items', the publication's name, tagline, footer and sign-off) at the
/// publication's words per minute, plus 12 s for the first image, one second less for
/// each next, never below 3 s. A field the theme leaves out of its web page is not read.
fn reading(doc: &IssueDoc, publication: &Publication, hidden: &[HiddenField]) -> Reading {
    let shows = |field: &str| !hidden.iter().any(|h| h.field == field && h.formats.contains(&Format::Web));
    let mut words = 0;
    let mut images = 0;
    let mut plain = |field: &str, s: &str| {
        if shows(field) {
            words += count_words(s);
        }
    };
    let i = &doc.issue;
    plain("issue.title", &i.title);
    plain("issue.subtitle", &i.subtitle);
    plain("publication.name", &publication.name);
    plain("publication.tagline", &publication.tagline);
    for s in &doc.stories {
        let f = &s.fields;
        plain("story.section", &f.section);
        plain("story.headline", &f.headline);
        for item in &s.items {
            let f = &item.fields;
            // The probe's names for these fields, without building strings per keystroke.
            let names = match f.kind {
                ItemKind::Coverage => [
                    "coverage.group_heading",
                    "coverage.source",
                    "coverage.role",
                    "coverage.title",
                    "coverage.quote",
                    "coverage.note",
                ],
                ItemKind::Reaction => [
                    "reaction.group_heading",
                    "reaction.source",
                    "reaction.role",
                    "reaction.title",
                    "reaction.quote",
                    "reaction.note",
                ],
            };
            let values = [&f.group_heading, &f.source, &f.role, &f.title, &f.quote, &f.note];
            for (name, value) in names.into_iter().zip(values) {
                plain(name, value);
            }
        }
    }
    let (closing, sign_off) = split_sign_off(&i.closing, &publication.sign_off);
    if closing.len() < i.closing.trim_end().len() {
        plain("issue.closing", sign_off);
    } else {
        plain("publication.sign_off", sign_off);
    }
    let mut md = |field: &str, s: &str| {
        if shows(field) {
            let (w, n) = reading_words(s);
            words += w;
            images += n;
        }
    };
    md("issue.intro", &i.intro);
    md("issue.closing", closing);
    md("publication.footer", &publication.footer);
    for s in &doc.stories {
        let f = &s.fields;
        for (name, value) in [
            ("story.body", &f.body),
            ("story.takeaway", &f.takeaway),
            ("story.summary", &f.summary),
            ("story.details", &f.details),
        ] {
            md(name, value);
        }
    }
    Reading { words, images, minutes: minutes(words, images, publication.words_per_minute) }
}

/// Reading minutes for `words` and `images` at `wpm` words a minute (an image takes 12 s,
/// one second less for each after it, at least 3 s): at least a minute.
pub(crate) fn minutes(words: usize, images: usize, wpm: i64) -> u32 {
    let wpm = if wpm > 0 { wpm as f64 } else { 265.0 };
    let image_seconds: f64 = (0..images).map(|i| (12.0 - i as f64).max(3.0)).sum();
    let seconds = words as f64 / wpm * 60.0 + image_seconds;
    ((seconds / 60.0).ceil() as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_pasted_with_a_quote_are_removed_once() {
        assert_eq!(strip_quotes("\"my goodness mythos\""), "my goodness mythos");
        assert_eq!(strip_quotes("“Should we?”"), "Should we?");
        assert_eq!(strip_quotes("He said \"no\" twice"), "He said \"no\" twice");
        assert_eq!(strip_quotes("\"a\" and \"b\""), "\"a\" and \"b\"");
    }

    #[test]
    fn the_sign_off_is_split_from_the_closing() {
        assert_eq!(split_sign_off("Question?\n\n— Sam\n", "— Pub"), ("Question?", "— Sam"));
        assert_eq!(split_sign_off("Question?", "— Pub"), ("Question?", "— Pub"));
        assert_eq!(split_sign_off("", ""), ("", ""));
    }
}
