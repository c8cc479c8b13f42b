//! Email export against the email-check anchor (CONVENTIONS.md §4): juice inlines the
//! 50-story reference issue in about 10.5 ms warm and its output costs 1.83 KB per story.
//! Goals: at least 5× faster (≤ 2.1 ms), at most 1.8 KB per story, 50 stories under 102 KB.
//!
//! The stories have the reference's shape: a paragraph with inline code, a three-item
//! list, a quote, one or two links, and issue-wide reactions (here: one reaction per
//! story, since Masthead attaches reactions to stories). `cargo bench -p masthead-core
//! --bench export` prints sizes and bytes per story before criterion's timings:
//! *inline* is css-inline alone on the rendered email, *export* is render + inline + size
//! meter (what the export command does), both warm.

use std::time::{Duration, SystemTime};

use criterion::{criterion_group, Criterion};
use masthead_core::export::{self, Context, ExportFormat};
use masthead_core::model::{
    Issue, IssueDoc, IssueStatus, Item, ItemFields, ItemKind, Publication, Story, StoryFields, Tagging,
};
use masthead_core::render::render;
use masthead_core::theme::{Format, ThemeSet};

const SHAPES: [(&str, &str); 3] = [
    (
        "Async functions in traits are stable",
        "After years of design work, `async fn` in traits shipped. You can now write trait methods that return futures without boxing, and without a helper macro in most cases.\n\n- Static dispatch works out of the box.\n- Dynamic dispatch (`dyn Trait`) still needs a helper crate.\n- Send bounds on the returned future are the main open question.\n\n> “This is the single biggest ergonomic win since async/await itself.” — a runtime maintainer",
    ),
    (
        "Cutting CI time by 40% with three settings",
        "A reader sent in the recipe their team used to go from 14 to 8 minutes per pipeline:\n\n1. Turn off incremental compilation in CI (`CARGO_INCREMENTAL=0`).\n2. Reduce debug info for dependencies.\n3. Cache the registry and the `target` directory separately.\n\nTheir write-up includes the exact numbers for each step, and a warning about cache invalidation on toolchain upgrades.\n\n> “The debug-info change alone saved us three minutes.”",
    ),
    (
        "A love letter to the borrow checker",
        "This week's essay argues that the borrow checker is less a gatekeeper than a design reviewer that never gets tired. The author walks through three bugs it caught:\n\n- An iterator invalidated by a push during traversal.\n- A callback holding a stale reference to a buffer.\n- A shared cursor mutated from two places at once.\n\n> “Every error message was a bug report I did not have to write.”",
    ),
];

fn issue(n: usize) -> IssueDoc {
    let item = |story: usize, k: usize, fields: ItemFields| Item {
        id: (story * 10 + k) as i64,
        story_id: story as i64,
        ordinal: k as i64,
        fields,
    };
    IssueDoc {
        issue: Issue {
            id: 1,
            publication_id: 0,
            number: 42,
            title: "The Ferris Dispatch #42: async traits, faster builds, and a borrow-checker love letter".into(),
            subtitle: String::new(),
            date: "2025-06-03".into(),
            status: IssueStatus::Draft,
            theme: "weekly".into(),
            intro: String::new(),
            closing: String::new(),
            preheader:
                "Async traits land on stable, a 40% faster CI recipe, and what readers said about last week's issue."
                    .into(),
            created_at: String::new(),
            updated_at: String::new(),
        },
        stories: (0..n)
            .map(|i| {
                let (title, body) = SHAPES[i % 3];
                let title = if i < 3 { title.to_owned() } else { format!("{title} (part {})", i / 3 + 1) };
                Story {
                    id: i as i64,
                    issue_id: 1,
                    ordinal: i as i64,
                    fields: StoryFields { headline: title, body: body.into(), ..StoryFields::default() },
                    items: vec![
                        item(
                            i,
                            0,
                            ItemFields {
                                kind: ItemKind::Coverage,
                                title: "Read the announcement".into(),
                                url: format!("https://example.com/posts/{i}"),
                                ..ItemFields::default()
                            },
                        ),
                        item(
                            i,
                            1,
                            ItemFields {
                                kind: ItemKind::Reaction,
                                source: "@maria".into(),
                                quote: "Finally someone compares the two fairly.".into(),
                                url: format!("https://example.com/links/{i}"),
                                ..ItemFields::default()
                            },
                        ),
                    ],
                    updated_at: String::new(),
                }
            })
            .collect(),
    }
}

fn publication() -> Publication {
    Publication {
        name: "The Ferris Dispatch".into(),
        sender: "The Ferris Dispatch <news@example.com>".into(),
        unsubscribe_url: "https://example.com/newsletter/unsubscribe?u=abc123".into(),
        postal_address: "The Ferris Dispatch, 1 Example Street, Springfield".into(),
        ..Publication::default()
    }
}

fn bench(c: &mut Criterion) {
    let themes = ThemeSet::load(None, None);
    let p = publication();
    let tagging = Tagging::default();
    let ctx = Context {
        publication: &p,
        tagging: &tagging,
        themes: &themes,
        theme: None,
        links: &[],
        to: &[],
        date: SystemTime::now(),
        images: None,
    };
    let size = |n: usize| export::export_doc(&issue(n), ExportFormat::Email, &ctx).unwrap().text.len();
    let (s3, s50) = (size(3), size(50));
    let per_story = (s50 - s3) as f64 / 47.0;
    println!(
        "email size: 3 stories {:.1} KB, 10 {:.1} KB, 25 {:.1} KB, 50 {:.1} KB; {:.2} KB per story, {:.1} KB fixed; {} stories fit under 102 KB",
        s3 as f64 / 1024.0,
        size(10) as f64 / 1024.0,
        size(25) as f64 / 1024.0,
        s50 as f64 / 1024.0,
        per_story / 1024.0,
        (s3 as f64 - 3.0 * per_story) / 1024.0,
        ((102.0 * 1024.0 - (s3 as f64 - 3.0 * per_story)) / per_story) as usize
    );

    if let Ok(path) = std::env::var("MASTHEAD_DUMP_EMAIL") {
        std::fs::write(path, export::export_doc(&issue(50), ExportFormat::Email, &ctx).unwrap().text).unwrap();
    }
    // Medians from an interleaved loop: this machine drifts between criterion groups, so
    // the three steps are timed turn by turn on the same 50-story issue.
    if std::env::args().any(|a| a == "--bench") {
        let doc = issue(50);
        let rendered = render(&doc, &p, themes.get("weekly").unwrap(), Format::Email).unwrap().body;
        let raw = css_inline::CSSInliner::options().keep_at_rules(true).load_remote_stylesheets(false).build();
        let (mut t_raw, mut t_inline, mut t_export) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..200 {
            let t = std::time::Instant::now();
            std::hint::black_box(raw.inline(&rendered).unwrap());
            t_raw.push(t.elapsed());
            let t = std::time::Instant::now();
            std::hint::black_box(export::email::inline(&rendered).unwrap());
            t_inline.push(t.elapsed());
            let t = std::time::Instant::now();
            std::hint::black_box(export::export_doc(&doc, ExportFormat::Email, &ctx).unwrap());
            t_export.push(t.elapsed());
        }
        let median = |v: &mut Vec<Duration>| {
            v.sort();
            v[v.len() / 2].as_secs_f64() * 1000.0
        };
        println!(
            "50 stories, medians of 200 interleaved runs: css-inline alone {:.2} ms, inline (with folding and compaction) {:.2} ms, whole email export {:.2} ms",
            median(&mut t_raw),
            median(&mut t_inline),
            median(&mut t_export)
        );
    }
    let mut g = c.benchmark_group("email");
    g.measurement_time(Duration::from_secs(4));
    for n in [3, 50] {
        let doc = issue(n);
        let rendered = render(&doc, &p, themes.get("weekly").unwrap(), Format::Email).unwrap().body;
        g.bench_function(format!("inline, {n} stories"), |b| b.iter(|| export::email::inline(&rendered).unwrap()));
        let raw = css_inline::CSSInliner::options().keep_at_rules(true).load_remote_stylesheets(false).build();
        let minified = css_inline::CSSInliner::options()
            .keep_at_rules(true)
            .load_remote_stylesheets(false)
            .minify_css(true)
            .build();
        g.bench_function(format!("css-inline minify, {n} stories"), |b| b.iter(|| minified.inline(&rendered).unwrap()));
        g.bench_function(format!("css-inline alone, {n} stories"), |b| b.iter(|| raw.inline(&rendered).unwrap()));
        g.bench_function(format!("export, {n} stories"), |b| {
            b.iter(|| export::export_doc(&doc, ExportFormat::Email, &ctx).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
