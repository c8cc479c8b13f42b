//! Extraction throughput on one thread over the fixture pages in `tests/fixtures/links/`
//! (46 pages of every shape: JSON-LD graphs, charsets, social posts, empty pages).
//! `cargo bench -p masthead-core --bench links` reports pages per second as criterion's
//! element throughput. The yardstick in the issue: an in-process JavaScript extractor does
//! about 40 pages/s on these machines; the goal is 20× that (800 pages/s).

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, Criterion, Throughput};
use masthead_core::links::extract;

fn pages() -> Vec<(Vec<u8>, String, Option<String>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/links");
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries.into_iter().filter(|p| p.extension().is_some_and(|x| x == "json")) {
        let spec: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        out.push((
            std::fs::read(p.with_extension("html")).unwrap(),
            spec["url"].as_str().unwrap().to_owned(),
            spec["content_type"].as_str().map(str::to_owned),
        ));
    }
    out
}

/// A news page of realistic size: 60 KB of body text and markup around the metadata.
fn big_page() -> Vec<u8> {
    let head = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/links/news-jsonld-graph.html"),
    )
    .unwrap();
    let para = "<p>The harbour master said the quay had been <a href=\"/x\">rebuilt</a> in stages, with <em>new</em> bollards and lighting along the whole length of the pier.</p>\n";
    head.replace("</body>", &format!("<article>{}</article></body>", para.repeat(400))).into_bytes()
}

fn benches(c: &mut Criterion) {
    let pages = pages();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.bench_function(format!("{} fixture pages", pages.len()), |b| {
        b.iter(|| {
            for (html, url, ct) in &pages {
                std::hint::black_box(extract(html, url, ct.as_deref()));
            }
        })
    });
    let big = big_page();
    g.throughput(Throughput::Elements(1));
    g.bench_function(format!("one {} KB news page", big.len() / 1024), |b| {
        b.iter(|| {
            extract(&big, "https://news.example.com/2026/04/08/harbour-reopens", Some("text/html; charset=utf-8"))
        })
    });
    // Hostile pages (issue 13): before the depth bound, minutes each.
    let nested_head =
        format!("<html><head><title>Deep</title>{}</head><body></body></html>", "<div>".repeat(100_000)).into_bytes();
    let opening_tags = format!("<title>Many tags</title>{}", "<div>".repeat(200_000)).into_bytes();
    for (name, page) in
        [("100,000 divs nested in the head", &nested_head), ("200,000 opening divs (1 MB)", &opening_tags)]
    {
        g.bench_function(name, |b| b.iter(|| extract(page, "https://hostile.example/", None)));
    }
    g.finish();
}

criterion_group! {
    name = link_benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(4));
    targets = benches
}

fn main() {
    link_benches();
    Criterion::default().configure_from_args().final_summary();
}
