//! Importing a big export: 50,000 bookmarks as Pocket writes them (CSV) and as a browser
//! writes them (bookmarks HTML, in folders), into a new library, then the inbox's first
//! page, a search and a tag filter over them. `cargo bench -p masthead-core --bench
//! imports` prints the median of three runs of each, and the peak memory of the process.

use std::time::{Duration, Instant};

use masthead_core::links::import;
use masthead_core::store::{LinkQuery, LinkShow};
use masthead_core::Store;

const LINKS: usize = 50_000;

fn pocket() -> String {
    let mut csv = String::from("title,url,time_added,tags,status\n");
    for i in 0..LINKS {
        csv.push_str(&format!(
            "\"Story {i}: what the council decided, and why\",https://site{}.example/2024/story-{i}?utm_source=rss,{},tag{}|news,unread\n",
            i % 400,
            1_600_000_000 + i,
            i % 37
        ));
    }
    csv
}

fn bookmarks() -> String {
    let mut html = String::from("<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n");
    for folder in 0..50 {
        html.push_str(&format!("<DT><H3>Folder {folder}</H3>\n<DL><p>\n"));
        for j in 0..LINKS / 50 {
            let i = folder * (LINKS / 50) + j;
            html.push_str(&format!(
                "<DT><A HREF=\"https://site{}.example/post/{i}\" ADD_DATE=\"{}\" TAGS=\"reading\">Post {i} &amp; notes</A>\n<DD>Why it matters, in a line.\n",
                i % 400,
                1_600_000_000 + i
            ));
        }
        html.push_str("</DL><p>\n");
    }
    html.push_str("</DL>\n");
    html
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    for (name, file) in [("Pocket CSV", pocket()), ("bookmarks HTML", bookmarks())] {
        let (mut import_t, mut page_t, mut search_t, mut tag_t) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..3 {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(dir.path().join("library.masthead")).unwrap();
            let t = Instant::now();
            let report = import::import(&store, file.as_bytes(), None).unwrap();
            import_t.push(t.elapsed());
            assert_eq!(report.added as usize, LINKS);
            let t = Instant::now();
            let page = store.query_links(&LinkQuery { limit: Some(200), ..LinkQuery::default() }).unwrap();
            page_t.push(t.elapsed());
            assert_eq!(page.total as usize, LINKS);
            let t = Instant::now();
            store
                .query_links(&LinkQuery { search: "story 4999".into(), limit: Some(200), ..Default::default() })
                .unwrap();
            search_t.push(t.elapsed());
            let t = Instant::now();
            store
                .query_links(&LinkQuery {
                    show: LinkShow::Unused,
                    tag: Some("tag7".into()),
                    limit: Some(200),
                    ..Default::default()
                })
                .unwrap();
            tag_t.push(t.elapsed());
        }
        println!(
            "{name}, {LINKS} links ({:.1} MB): import {:.0} ms; first page of 200 with counts {:.1} ms; search {:.1} ms; unused + tag {:.1} ms",
            file.len() as f64 / 1e6,
            median(import_t),
            median(page_t),
            median(search_t),
            median(tag_t)
        );
    }
    println!("peak memory of the process: {:.0} MB", peak_mb());
}
