//! What a theme shows of the author's words. Rather than trust a theme to declare it, the
//! theme renders a probe issue whose every field holds its own marker word, in each of
//! its outputs, and a field whose marker is missing is one the theme leaves out. The
//! editor marks those fields (a user's own theme included), and the reading time counts
//! only what the web page shows.

use serde::Serialize;
use specta::Type;

use crate::model::{
    Issue, IssueDoc, IssueStatus, Item, ItemFields, ItemKind, ItemLayout, Publication, Story, StoryFields,
};
use crate::theme::{Format, Theme};

/// A field the theme does not show in some of its outputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HiddenField {
    /// `issue.subtitle`, `story.summary`, `coverage.note`, `reaction.counts`,
    /// `publication.tagline`, …: one of [`FIELDS`].
    pub field: String,
    /// What the editor calls it: "What it means", "Reaction note".
    pub label: String,
    /// The outputs that leave it out.
    pub formats: Vec<Format>,
}

/// What the editor calls each of [`FIELDS`].
pub fn label(field: &str) -> &'static str {
    match field {
        "issue.title" => "Title",
        "issue.subtitle" => "Subtitle",
        "issue.intro" => "Intro",
        "issue.closing" => "Closing",
        "story.section" => "Section",
        "story.headline" => "Headline",
        "story.discuss_url" => "Discuss link",
        "story.body" => "Body",
        "story.takeaway" => "What it means",
        "story.summary" => "Summary",
        "story.details" => "Details",
        "coverage.group_heading" => "Link group",
        "coverage.source" => "Link source",
        "coverage.title" => "Link title",
        "coverage.url" => "Link address",
        "coverage.note" => "Link note",
        "coverage.date" => "Link date",
        "story.reading_minutes" => "Reading time",
        "coverage.counts" => "Link likes and views",
        "coverage.description" => "Card description",
        "coverage.image" => "Card picture",
        "reaction.source" => "Reaction person",
        "reaction.role" => "Reaction role",
        "reaction.quote" => "Reaction quote",
        "reaction.url" => "Reaction link",
        "reaction.note" => "Reaction note",
        "reaction.counts" => "Reaction likes and views",
        "publication.name" => "Newsletter name",
        "publication.tagline" => "Tagline",
        "publication.cadence" => "Cadence",
        "publication.footer" => "Footer",
        "publication.sign_off" => "Sign-off",
        _ => "Field",
    }
}

/// Every field an author fills, as the editor names it. `*.counts` stands for likes and
/// views together.
pub const FIELDS: &[&str] = &[
    "issue.title",
    "issue.subtitle",
    "issue.intro",
    "issue.closing",
    "story.section",
    "story.headline",
    "story.discuss_url",
    "story.body",
    "story.takeaway",
    "story.summary",
    "story.details",
    "story.reading_minutes",
    "coverage.group_heading",
    "coverage.source",
    "coverage.title",
    "coverage.url",
    "coverage.note",
    "coverage.date",
    "coverage.counts",
    "coverage.description",
    "coverage.image",
    "reaction.source",
    "reaction.role",
    "reaction.quote",
    "reaction.url",
    "reaction.note",
    "reaction.counts",
    "publication.name",
    "publication.tagline",
    "publication.cadence",
    "publication.footer",
    "publication.sign_off",
];

/// The marker word of a field: letters only, so no output escapes, wraps or splits it.
fn marker(field: &str) -> String {
    format!("zqmark{}", field.replace(['.', '_'], ""))
}

fn url(field: &str) -> String {
    format!("https://example.com/{}", marker(field))
}

/// Likes and views of the probe's items: digits no other field holds.
const COVERAGE_COUNTS: (i64, i64) = (271_828, 314_159);
const REACTION_COUNTS: (i64, i64) = (161_803, 141_421);
/// The probe story's own reading time: minutes no other field holds.
const READING_MINUTES: i64 = 737;
/// The probe card's picture: an image name no other field holds.
const CARD_IMAGE: &str = "c0ffee0ddba1.png";

/// The fields `theme` leaves out of any of its outputs; empty when it shows everything.
/// An output that fails to render is skipped: the error surfaces when it is used.
///
/// The probe is rendered twice, its coverage link once as a line and once as a card: a
/// field counts as shown only if both show it. A card's description and picture belong
/// to the card alone, and a picture to the outputs that have pictures (web and email).
pub(crate) fn hidden_fields(theme: &Theme) -> Vec<HiddenField> {
    let (doc, publication) = probe();
    let as_card = {
        let mut d = doc.clone();
        d.stories[0].items[0].fields.layout = ItemLayout::Card;
        d
    };
    let mut hidden: Vec<HiddenField> = Vec::new();
    for &format in &theme.info.outputs {
        let seen = |d: &IssueDoc| {
            super::render(d, &publication, theme, format).ok().map(|out| visible(&out.body, format).to_lowercase())
        };
        let (Some(line), Some(card)) = (seen(&doc), seen(&as_card)) else { continue };
        for &field in FIELDS {
            let shown_in = |text: &str| match field {
                "coverage.counts" => has_counts(text, COVERAGE_COUNTS),
                "reaction.counts" => has_counts(text, REACTION_COUNTS),
                "story.reading_minutes" => text.contains(&format!("{READING_MINUTES} min")),
                "coverage.image" => text.contains(CARD_IMAGE),
                _ => text.contains(&marker(field)),
            };
            let shown = match field {
                "coverage.description" => shown_in(&card),
                "coverage.image" => matches!(format, Format::Text | Format::Markdown) || shown_in(&card),
                _ => shown_in(&line) && shown_in(&card),
            };
            if !shown {
                match hidden.iter_mut().find(|h| h.field == field) {
                    Some(h) => h.formats.push(format),
                    None => hidden.push(HiddenField {
                        field: field.to_owned(),
                        label: label(field).to_owned(),
                        formats: vec![format],
                    }),
                }
            }
        }
    }
    hidden
}

fn has_counts(text: &str, (likes, views): (i64, i64)) -> bool {
    let seen = |n: i64| text.contains(&super::numbers::group_digits(n)) || text.contains(&n.to_string());
    seen(likes) && seen(views)
}

/// What a reader sees of an output: an HTML page's body (its `<title>` is only a tab's
/// name), the whole of the text and Markdown outputs.
fn visible(body: &str, format: Format) -> &str {
    match format {
        Format::Web | Format::Email => body.find("<body").map_or(body, |at| &body[at..]),
        Format::Text | Format::Markdown => body,
    }
}

/// An issue with one story, one coverage link and one reaction, every field holding its
/// marker.
fn probe() -> (IssueDoc, Publication) {
    let m = marker;
    let issue = Issue {
        id: 1,
        publication_id: 0,
        number: 7,
        title: m("issue.title"),
        subtitle: m("issue.subtitle"),
        date: "2026-04-08".into(),
        status: IssueStatus::Draft,
        theme: String::new(),
        intro: m("issue.intro"),
        closing: m("issue.closing"),
        preheader: String::new(),
        created_at: String::new(),
        updated_at: String::new(),
    };
    let item = |ordinal, fields| Item { id: ordinal, story_id: 1, ordinal, fields };
    let coverage = ItemFields {
        kind: ItemKind::Coverage,
        group_heading: m("coverage.group_heading"),
        source: m("coverage.source"),
        title: m("coverage.title"),
        url: url("coverage.url"),
        note: m("coverage.note"),
        date: m("coverage.date"),
        likes: Some(COVERAGE_COUNTS.0),
        views: Some(COVERAGE_COUNTS.1),
        description: m("coverage.description"),
        image: CARD_IMAGE.into(),
        layout: ItemLayout::Line,
        ..ItemFields::default()
    };
    let reaction = ItemFields {
        kind: ItemKind::Reaction,
        source: m("reaction.source"),
        role: m("reaction.role"),
        quote: m("reaction.quote"),
        url: url("reaction.url"),
        note: m("reaction.note"),
        likes: Some(REACTION_COUNTS.0),
        views: Some(REACTION_COUNTS.1),
        ..ItemFields::default()
    };
    let story = Story {
        id: 1,
        issue_id: 1,
        ordinal: 1,
        fields: StoryFields {
            section: m("story.section"),
            reading_minutes: Some(READING_MINUTES),
            headline: m("story.headline"),
            discuss_url: url("story.discuss_url"),
            body: m("story.body"),
            summary: m("story.summary"),
            details: m("story.details"),
            takeaway: m("story.takeaway"),
        },
        items: vec![item(1, coverage), item(2, reaction)],
        updated_at: String::new(),
    };
    let publication = Publication {
        name: m("publication.name"),
        tagline: m("publication.tagline"),
        cadence: m("publication.cadence"),
        footer: m("publication.footer"),
        sign_off: format!("— {}", m("publication.sign_off")),
        ..Publication::default()
    };
    (IssueDoc { issue, stories: vec![story] }, publication)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_marker_of_its_own() {
        assert!(FIELDS.iter().all(|f| label(f) != "Field"), "every field has a label");
        let markers: std::collections::HashSet<String> = FIELDS.iter().map(|f| marker(f)).collect();
        assert_eq!(markers.len(), FIELDS.len());
        for (a, b) in markers.iter().flat_map(|a| markers.iter().map(move |b| (a, b))) {
            assert!(a == b || !a.contains(b.as_str()), "{a} contains {b}");
        }
    }
}
