//! Rendering benchmarks against the floor: a seed-size weekly issue (8 stories, 88 items,
//! bodies with sub-headings, lists and links) and a 100-story issue, each rendered to a
//! web page and through the preview, next to comrak alone on the same Markdown.
//!
//! `cargo bench -p masthead-core --bench render`. "Cold" clears the Markdown cache before
//! each render (a first render, or a theme switch); "keystroke" changes one story's body
//! before each preview (the editor's case). Goals: ≤ 3× the floor, seed-size under 2 ms.

use std::time::Duration;

use criterion::{criterion_group, Criterion};
use masthead_core::model::{Issue, IssueDoc, IssueStatus, Item, ItemFields, ItemKind, Publication, Story, StoryFields};
use masthead_core::render::markdown::{clear_cache, convert};
use masthead_core::render::{preview, render, PreviewRequest};
use masthead_core::theme::{Format, ThemeSet};

mod common;
use common::text;

/// About what one story of the weekly seed holds: four paragraphs with a link and some
/// emphasis, a sub-heading, a short list.
fn body(seed: usize) -> String {
    format!(
        "{}. See [the announcement](https://example.com/a/{seed}) and **{}**.\n\n### {}\n\n{}.\n\n- {}\n- {}\n- {}\n\n{} _{}_.\n\n{}.",
        text(seed, 70),
        text(seed + 1, 3),
        text(seed + 2, 4),
        text(seed + 3, 90),
        text(seed + 4, 12),
        text(seed + 5, 10),
        text(seed + 6, 14),
        text(seed + 7, 60),
        text(seed + 8, 4),
        text(seed + 9, 50),
    )
}

fn issue(stories: usize) -> IssueDoc {
    IssueDoc {
        issue: Issue {
            id: 1,
            number: 2,
            title: "A seed-size issue".into(),
            subtitle: text(1, 8),
            date: "2026-04-08".into(),
            status: IssueStatus::Draft,
            theme: "weekly".into(),
            intro: format!("{}\n\n{}\n\n{}", text(2, 120), text(3, 90), text(4, 60)),
            closing: format!("**Read:** {}\n\n{}?\n\n— Sam", text(5, 30), text(6, 20)),
            preheader: text(7, 12),
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
                    headline: text(s + 10, 6),
                    discuss_url: format!("https://example.com/discuss/{s}"),
                    body: body(s),
                    summary: text(s + 11, 30),
                    details: text(s + 12, 50),
                    takeaway: text(s + 13, 70),
                },
                items: (0..11)
                    .map(|i| Item {
                        id: (s * 100 + i) as i64,
                        story_id: s as i64,
                        ordinal: i as i64,
                        fields: ItemFields {
                            kind: if i < 7 { ItemKind::Coverage } else { ItemKind::Reaction },
                            group_heading: ["Official", "Analysis", "Coverage"][i % 3].into(),
                            source: text(s + i, 2),
                            role: if i >= 7 { text(i, 3) } else { String::new() },
                            title: text(s + i + 1, 9),
                            quote: if i >= 7 { text(s + i + 2, 20) } else { String::new() },
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

/// All the Markdown the render turns into HTML, for the comrak-alone floor.
fn markdown_of(doc: &IssueDoc) -> Vec<String> {
    let mut out = vec![doc.issue.intro.clone(), doc.issue.closing.clone()];
    for s in &doc.stories {
        out.push(s.fields.body.clone());
        out.push(s.fields.takeaway.clone());
    }
    out
}

fn floor(md: &[String]) -> usize {
    let options = masthead_core::render::markdown::options();
    md.iter().map(|m| comrak::markdown_to_html(m, &options).len()).sum()
}

fn benches(c: &mut Criterion) {
    let themes = ThemeSet::built_in();
    let publication = Publication::default();
    let weekly = themes.require("weekly").unwrap().clone();
    for (name, doc) in [("seed-size (8 stories, 88 items)", issue(8)), ("100 stories", issue(100))] {
        let md = markdown_of(&doc);
        let mut group = c.benchmark_group(name);
        group.bench_function("comrak alone (floor)", |b| b.iter(|| floor(&md)));
        group.bench_function("Markdown conversion, cold", |b| {
            b.iter(|| {
                clear_cache();
                md.iter().map(|m| convert(m).html.len()).sum::<usize>()
            })
        });
        group.bench_function("render web, cold", |b| {
            b.iter(|| {
                clear_cache();
                render(&doc, &publication, &weekly, Format::Web).unwrap()
            })
        });
        group.bench_function("render text, cold", |b| {
            b.iter(|| {
                clear_cache();
                render(&doc, &publication, &weekly, Format::Text).unwrap()
            })
        });
        // A keystroke: one story's body changed, the rest is as it was.
        let mut typing = doc.clone();
        let base = doc.stories[0].fields.body.clone();
        let mut n = 0usize;
        group.bench_function("preview web, keystroke", |b| {
            b.iter(|| {
                n += 1;
                typing.stories[0].fields.body = format!("{base} {n}");
                preview(&typing, &publication, &themes, &PreviewRequest::default()).unwrap()
            })
        });
        group.finish();
    }
}

criterion_group! {
    name = render_benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(4));
    targets = benches
}

fn main() {
    render_benches();
    Criterion::default().configure_from_args().final_summary();
}
