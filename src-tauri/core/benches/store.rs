//! Store benchmarks on a library of 1,000 issues × 10 stories × 5 items (50,000 items):
//! autosave of one story body, listing the library, and a search.
//!
//! `cargo bench -p masthead-core --bench store` measures; it also prints autosave
//! percentiles (p50/p99), which criterion's summary does not give. Under `cargo test`
//! the same code runs once on a small library, as a smoke test.

use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use masthead_core::model::{Issue, IssueDoc, IssueStatus, Item, ItemFields, ItemKind, Story, StoryFields};
use masthead_core::Store;

mod common;
use common::text;

fn doc(n: usize) -> IssueDoc {
    IssueDoc {
        issue: Issue {
            id: 0,
            publication_id: 0,
            number: n as i64 + 1,
            title: format!("Issue {n}: {}", text(n, 5)),
            subtitle: text(n + 1, 8),
            date: "2026-11-20".into(),
            status: IssueStatus::Sent,
            theme: "weekly".into(),
            intro: text(n + 2, 80),
            closing: text(n + 3, 20),
            preheader: text(n + 4, 10),
            created_at: String::new(),
            updated_at: String::new(),
        },
        stories: (0..10)
            .map(|s| Story {
                id: 0,
                issue_id: 0,
                ordinal: s,
                fields: StoryFields {
                    headline: text(n * 10 + s as usize, 8),
                    body: text(n * 10 + s as usize + 5, 250),
                    takeaway: text(n + s as usize, 30),
                    ..Default::default()
                },
                items: (0..5)
                    .map(|k| Item {
                        id: 0,
                        story_id: 0,
                        ordinal: k,
                        fields: ItemFields {
                            kind: if k == 4 { ItemKind::Reaction } else { ItemKind::Coverage },
                            source: format!("Source {}", (n + k as usize) % 97),
                            title: text(n + k as usize * 3, 9),
                            quote: if k == 4 { text(n + 11, 20) } else { String::new() },
                            url: format!("https://example.com/{n}/{s}/{k}"),
                            likes: Some(1047),
                            views: Some(73368),
                            ..Default::default()
                        },
                    })
                    .collect(),
                updated_at: String::new(),
            })
            .collect(),
    }
}

fn library(issues: usize) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    for n in 0..issues {
        store.insert_issue_doc(&doc(n)).unwrap();
    }
    (dir, store)
}

fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn benches(c: &mut Criterion) {
    let size = if measuring() { 1000 } else { 20 };
    let built = Instant::now();
    let (_dir, store) = library(size);
    eprintln!("library of {size} issues built in {:.1} s", built.elapsed().as_secs_f64());
    let last = store.list_issues().unwrap()[0].id;
    let story = store.get_issue_doc(last).unwrap().stories[3].id;
    let mut n = 0u64;
    let mut fields = StoryFields { headline: "Autosaved story".into(), body: text(1, 250), ..Default::default() };

    c.bench_function("autosave one story body", |b| {
        b.iter(|| {
            n += 1;
            fields.body.push_str(if n.is_multiple_of(2) { " a" } else { " b" });
            store.save_story(story, fields.clone()).unwrap();
        })
    });
    c.bench_function("list the library", |b| b.iter(|| store.list_issues().unwrap()));
    c.bench_function("search 50,000 items", |b| b.iter(|| store.search("lighthouse harbour", 20).unwrap()));
    // What a paste into the palette can bring (issue 13): common words, a paragraph, a
    // single letter being typed.
    let pasted = "Sixteen cranes arrived at the harbour on Tuesday, and the port authority said more would follow. "
        .repeat(1200);
    let hostile: [(&str, String); 5] = [
        ("search 5,000 times \"a\"", "a ".repeat(5000)),
        ("search 4 KB of \"the\"", "the ".repeat(1000)),
        ("search a pasted 120 KB paragraph", pasted),
        ("search one letter being typed", "l".into()),
        // Words in nearly every row of this library: the costliest kind of paste.
        ("search a pasted paragraph of the library's own words", text(1, 20_000)),
    ];
    for (name, query) in &hostile {
        c.bench_function(name, |b| b.iter(|| store.search(query, 20).unwrap()));
    }

    if measuring() {
        let mut times: Vec<Duration> = (0..2000)
            .map(|i| {
                fields.body.push_str(if i % 2 == 0 { " c" } else { " d" });
                let t = Instant::now();
                store.save_story(story, fields.clone()).unwrap();
                t.elapsed()
            })
            .collect();
        times.sort();
        let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        eprintln!(
            "autosave over 2000 saves: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            pct(0.50).as_secs_f64() * 1e3,
            pct(0.99).as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3
        );
    }
}

criterion_group! {
    name = store;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(4));
    targets = benches
}

fn main() {
    store();
    Criterion::default().configure_from_args().final_summary();
}
