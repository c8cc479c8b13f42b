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

    // Loading the themes: compiling every template and rendering the probe issue in every
    // output of every theme, which finds the fields each leaves out (issue 14).
    let mut group = c.benchmark_group("themes");
    group.bench_function("load the built-in themes (compile + probe)", |b| b.iter(ThemeSet::built_in));
    group.finish();

    // A user's theme that loops for ever (issue 13): how long until the bounds stop it.
    let dir = tempfile::tempdir().unwrap();
    for (name, template) in [
        ("runaway", "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"),
        ("printing", "{% for a in range(100000) %}{{ 'x' * 1000 }}{% endfor %}"),
    ] {
        std::fs::create_dir_all(dir.path().join(name)).unwrap();
        std::fs::write(dir.path().join(name).join("theme.toml"), "extends = \"weekly\"\n").unwrap();
        std::fs::write(dir.path().join(name).join("content.html"), template).unwrap();
    }
    let hostile = ThemeSet::load(Some(dir.path()), None);
    let doc = issue(8);
    let mut group = c.benchmark_group("a theme that never ends");
    group.sample_size(10);
    for (name, label) in
        [("runaway", "10^10 empty steps, until fuel runs out"), ("printing", "100 MB of output, until the cap")]
    {
        let theme = hostile.require(name).unwrap().clone();
        group.bench_function(label, |b| b.iter(|| render(&doc, &publication, &theme, Format::Web).unwrap_err()));
    }
    group.finish();
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
