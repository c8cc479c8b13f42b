//! The web archive of a big publication: 500 seed-size issues (8 stories each, every one
//! sent), built into an empty folder and then again over the first build. `cargo bench -p
//! masthead-core --bench site` prints the median of three builds of each kind.

use std::time::{Duration, Instant};

use masthead_core::export::site;
use masthead_core::model::IssueStatus;
use masthead_core::sample::synthetic_issue;
use masthead_core::theme::ThemeSet;
use masthead_core::Store;

const ISSUES: usize = 500;

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    let publication = store.first_publication().unwrap().id;
    for k in 1..=ISSUES {
        let mut doc = synthetic_issue(8);
        doc.issue.number = k as i64;
        doc.issue.publication_id = publication;
        doc.issue.status = IssueStatus::Sent;
        doc.issue.title = format!("Issue {k}: {}", doc.issue.title);
        store.insert_issue_doc(&doc).unwrap();
    }
    let themes = ThemeSet::load(None, None);
    let (mut fresh, mut again) = (Vec::new(), Vec::new());
    for run in 0..3 {
        let out = dir.path().join(format!("site-{run}"));
        let t = Instant::now();
        let r = site::build(&store, &themes, publication, &out, Some("https://news.example/"), false).unwrap();
        fresh.push(t.elapsed());
        assert_eq!(r.issues as usize, ISSUES);
        let t = Instant::now();
        site::build(&store, &themes, publication, &out, Some("https://news.example/"), false).unwrap();
        again.push(t.elapsed());
    }
    let size: u64 = std::fs::read_dir(dir.path().join("site-0"))
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "site of {ISSUES} issues ({:.1} MB): built {:.0} ms into an empty folder, {:.0} ms over the last build (medians of 3)",
        size as f64 / 1e6,
        median(fresh),
        median(again)
    );
}
