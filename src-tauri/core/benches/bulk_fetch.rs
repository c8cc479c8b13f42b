//! Bulk fetch: 200 inbox links from a loopback server that answers each after 250 ms,
//! fetched and stored into a real library file by `Fetcher::fetch_all`. Reports the wall
//! time against the ideal `ceil(200 / concurrency) × 0.25 s` and the process's peak memory.
//!
//! A plain program rather than criterion: one run takes seconds and its point is the wall
//! time of one whole batch. `cargo bench -p masthead-core --bench bulk_fetch` runs it;
//! under `cargo test` (no `--bench` argument) a small batch checks it still works.
//! The links spread over 50 host names, all pinned to the loopback server, so the
//! per-host limit (2) shapes the queue as it would on real news sites.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use masthead_core::links::fetch::FetchOptions;
use masthead_core::links::inbox::{CancellationToken, Fetcher};
use masthead_core::Store;
use masthead_test_support::http;

/// A news page of about 20 KB: head with Open Graph and JSON-LD, then body text.
fn news_page() -> Vec<u8> {
    let mut page = String::from(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour reopens after storm repairs | Example News</title>
<meta property="og:title" content="Harbour reopens after storm repairs"><meta property="og:site_name" content="Example News">
<meta property="og:description" content="The city harbour welcomed its first ships in three weeks.">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour reopens","datePublished":"2026-04-08T07:15:00+02:00","author":{"@type":"Person","name":"Mara Lind"}}</script>
</head><body>"#,
    );
    while page.len() < 20 * 1024 {
        page.push_str(
            "<p>The harbour master said the repairs finished two days early, and the first ferry left on time.</p>\n",
        );
    }
    page.push_str("</body></html>");
    page.into_bytes()
}

/// The shared loopback server, answering every request with the news page after `delay`.
fn server(delay: Duration) -> SocketAddr {
    let page = news_page();
    let server =
        http::Server::start(move |_| http::Response::new(200, "text/html; charset=utf-8", page.clone()).after(delay));
    server.base.trim_start_matches("http://").parse().unwrap()
}

/// Peak resident memory of this process so far (`VmHWM`), in MB.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn run(links: usize, hosts: usize, delay: Duration, concurrency: usize) -> (Duration, Duration) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let addr = server(delay);
        let names: Vec<String> = (0..hosts).map(|i| format!("news-{i}.test")).collect();
        let opts =
            FetchOptions { resolve: names.iter().map(|n| (n.clone(), addr)).collect(), ..FetchOptions::default() };
        let fetcher = Fetcher::new(opts).with_limits(concurrency, 2);
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open_in(dir.path()).unwrap());
        let urls: Vec<String> =
            (0..links).map(|i| format!("http://news-{}.test:{}/2026/04/story-{i}", i % hosts, addr.port())).collect();
        let ids: Vec<i64> =
            masthead_core::links::add_urls(&store, &urls).unwrap().into_iter().map(|a| a.unwrap().link.id).collect();
        let started = Instant::now();
        let summary = fetcher.fetch_all(store.clone(), &ids, CancellationToken::new(), |_| {}).await.unwrap();
        let took = started.elapsed();
        assert_eq!(summary.ok, links, "every link fetched: {summary:?}");
        assert!(store
            .list_links()
            .unwrap()
            .iter()
            .all(|l| l.meta.title.as_deref() == Some("Harbour reopens after storm repairs")));
        let ideal = delay * links.div_ceil(concurrency) as u32;
        (took, ideal)
    })
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    if !benching {
        let (took, ideal) = run(16, 4, Duration::from_millis(20), 8);
        println!("bulk_fetch (test mode): 16 links in {took:?}, ideal {ideal:?}");
        return;
    }
    for concurrency in [8, 16] {
        let (took, ideal) = run(200, 50, Duration::from_millis(250), concurrency);
        println!(
            "bulk_fetch: 200 links × 250 ms, concurrency {concurrency}, 2 per host: {:.2} s, ideal {:.2} s, ratio {:.3}, peak RSS {:.1} MB",
            took.as_secs_f64(),
            ideal.as_secs_f64(),
            took.as_secs_f64() / ideal.as_secs_f64(),
            peak_rss_mb()
        );
    }
}
