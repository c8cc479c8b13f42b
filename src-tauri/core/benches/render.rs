//! Rendering benchmarks against the floor: a seed-size weekly issue (8 stories, 88 items,
//! bodies with sub-headings, lists and links) and a 100-story issue, each rendered to a
//! web page and through the preview, next to comrak alone on the same Markdown.
//!
//! `cargo bench -p masthead-core --bench render`. "Cold" clears the Markdown cache before
//! each render (a first render, or a theme switch); "keystroke" changes one story's body
//! before each preview (the editor's case). Goals: ≤ 3× the floor, seed-size under 2 ms.

use std::time::Duration;

use criterion::{criterion_group, Criterion};
use masthead_core::model::{IssueDoc, Publication};
use masthead_core::render::markdown::{clear_cache, convert};
use masthead_core::render::{preview, render, PreviewRequest};
use masthead_core::theme::{Format, ThemeSet};

use masthead_core::sample::synthetic_issue as issue;

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
