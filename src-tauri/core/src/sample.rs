//! The sample issue a new library starts with (`assets/sample/issue.json`), written for
//! this project to show every part of an issue. Never text from real newsletters.

use serde::Deserialize;

use crate::error::Result;
use crate::model::{Issue, IssueDoc, IssueFields, IssueStatus, Item, ItemFields, ItemKind, Story, StoryFields};
use crate::store::Store;

const SAMPLE_JSON: &str = include_str!("../../../assets/sample/issue.json");

#[derive(Deserialize)]
struct Sample {
    publication: Vec<(String, String)>,
    issue: IssueFields,
    stories: Vec<SampleStory>,
}

#[derive(Deserialize)]
struct SampleStory {
    #[serde(flatten)]
    fields: StoryFields,
    #[serde(default)]
    items: Vec<ItemFields>,
}

/// The sample as an issue document (ids are placeholders; inserting assigns real ones).
pub fn sample_doc() -> IssueDoc {
    let sample: Sample = serde_json::from_str(SAMPLE_JSON).expect("the embedded sample issue is valid");
    to_doc(&sample)
}

fn to_doc(sample: &Sample) -> IssueDoc {
    let f = &sample.issue;
    IssueDoc {
        issue: Issue {
            id: 0,
            publication_id: 0,
            number: f.number.unwrap_or(1),
            title: f.title.clone(),
            subtitle: f.subtitle.clone(),
            date: f.date.clone(),
            status: f.status.unwrap_or(IssueStatus::Draft),
            theme: f.theme.clone(),
            intro: f.intro.clone(),
            closing: f.closing.clone(),
            preheader: f.preheader.clone(),
            created_at: String::new(),
            updated_at: String::new(),
        },
        stories: sample
            .stories
            .iter()
            .enumerate()
            .map(|(n, s)| Story {
                id: 0,
                issue_id: 0,
                ordinal: n as i64,
                fields: s.fields.clone(),
                items: s
                    .items
                    .iter()
                    .enumerate()
                    .map(|(k, it)| Item { id: 0, story_id: 0, ordinal: k as i64, fields: it.clone() })
                    .collect(),
                updated_at: String::new(),
            })
            .collect(),
    }
}

/// Adds the sample issue, dated today, and the sample's theme where none is set yet. The
/// sample never sets the publication's identity (name, author, sign-off): those are the
/// author's, asked for by the window's welcome, so a new issue is never headed with the
/// sample's name.
pub fn install(store: &Store) -> Result<Issue> {
    let sample: Sample = serde_json::from_str(SAMPLE_JSON).expect("the embedded sample issue is valid");
    let first = store.first_publication()?.id;
    for (key, value) in &sample.publication {
        if store.publication_setting(first, key)?.is_none() {
            store.set_publication_setting(first, key, value)?;
        }
    }
    // Dated the day it is installed, as a new issue is: a first launch months after this
    // build should not open on an issue from the past.
    let mut doc = to_doc(&sample);
    doc.issue.date = crate::store::today();
    store.insert_issue_doc(&doc)
}

/// About what one story of the weekly seed holds: four paragraphs with a link and some
/// emphasis, a sub-heading, a short list.
fn synthetic_body(seed: usize) -> String {
    format!(
        "{}. See [the announcement](https://example.com/a/{seed}) and **{}**.\n\n### {}\n\n{}.\n\n- {}\n- {}\n- {}\n\n{} _{}_.\n\n{}.",
        filler(seed, 70),
        filler(seed + 1, 3),
        filler(seed + 2, 4),
        filler(seed + 3, 90),
        filler(seed + 4, 12),
        filler(seed + 5, 10),
        filler(seed + 6, 14),
        filler(seed + 7, 60),
        filler(seed + 8, 4),
        filler(seed + 9, 50),
    )
}

/// A synthetic issue shaped like the weekly seed: `stories` stories of four paragraphs,
/// a sub-heading and a list, each with 7 links under three groups and 4 reactions (8
/// stories ≈ the seed). For benchmarks and measurements, never shown to authors.
pub fn synthetic_issue(stories: usize) -> IssueDoc {
    IssueDoc {
        issue: Issue {
            id: 1,
            publication_id: 0,
            number: 2,
            title: "A seed-size issue".into(),
            subtitle: filler(1, 8),
            date: "2026-04-08".into(),
            status: IssueStatus::Draft,
            theme: "weekly".into(),
            intro: format!("{}\n\n{}\n\n{}", filler(2, 120), filler(3, 90), filler(4, 60)),
            closing: format!("**Read:** {}\n\n{}?\n\n— Sam", filler(5, 30), filler(6, 20)),
            preheader: filler(7, 12),
            created_at: String::new(),
            updated_at: String::new(),
        },
        stories: (0..stories)
            .map(|s| Story {
                id: s as i64,
                issue_id: 1,
                ordinal: s as i64,
                fields: StoryFields {
                    section: "Top Priority Items".into(),
                    headline: filler(s + 10, 6),
                    discuss_url: format!("https://example.com/discuss/{s}"),
                    body: synthetic_body(s),
                    summary: filler(s + 11, 30),
                    details: filler(s + 12, 50),
                    takeaway: filler(s + 13, 70),
                    reading_minutes: None,
                },
                items: (0..11)
                    .map(|i| Item {
                        id: (s * 100 + i) as i64,
                        story_id: s as i64,
                        ordinal: i as i64,
                        fields: ItemFields {
                            kind: if i < 7 { ItemKind::Coverage } else { ItemKind::Reaction },
                            group_heading: ["Official", "Analysis", "Coverage"][i % 3].into(),
                            source: filler(s + i, 2),
                            role: if i >= 7 { filler(i, 3) } else { String::new() },
                            title: filler(s + i + 1, 9),
                            quote: if i >= 7 { filler(s + i + 2, 20) } else { String::new() },
                            url: format!("https://example.com/{s}/{i}"),
                            likes: (i >= 7).then_some(1047 * i as i64),
                            views: (i >= 8).then_some(73368 * i as i64),
                            ..Default::default()
                        },
                    })
                    .collect(),
                updated_at: String::new(),
            })
            .collect(),
    }
}

const WORDS: &[&str] = &[
    "lighthouse",
    "harbour",
    "catalogue",
    "open",
    "data",
    "model",
    "release",
    "editor",
    "plugin",
    "folder",
    "weather",
    "station",
    "maps",
    "offline",
    "reader",
    "footnote",
    "library",
    "record",
    "licence",
    "nightly",
];

/// Deterministic filler text of `words` words.
pub fn filler(seed: usize, words: usize) -> String {
    (0..words).map(|i| WORDS[(seed * 7 + i * 13 + i / 3) % WORDS.len()]).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_parses_and_uses_both_item_kinds() {
        let doc = super::sample_doc();
        assert!(doc.stories.len() >= 3);
        let kinds: std::collections::HashSet<_> =
            doc.stories.iter().flat_map(|s| s.items.iter().map(|i| i.fields.kind)).collect();
        assert_eq!(kinds.len(), 2);
    }
}
