//! The web archive of a big publication: 500 seed-size issues (8 stories each, every one
//! sent), built into an empty folder, then again over that build with nothing changed, and
//! after one issue was edited. `cargo bench -p masthead-core --bench site` prints the
//! median of three builds of each kind.

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
    let (mut fresh, mut again, mut edited) = (Vec::new(), Vec::new(), Vec::new());
    let one = store.issue_by_number(Some(publication), 250).unwrap().id;
    for run in 0..3 {
        let out = dir.path().join(format!("site-{run}"));
        let t = Instant::now();
        let r = site::build(&store, &themes, publication, &out, Some("https://news.example/"), false).unwrap();
        fresh.push(t.elapsed());
        assert_eq!(r.issues as usize, ISSUES);
        let t = Instant::now();
        site::build(&store, &themes, publication, &out, Some("https://news.example/"), false).unwrap();
        again.push(t.elapsed());
        store.rename_issue(one, &format!("Issue 250, edited {run}")).unwrap();
        let t = Instant::now();
        site::build(&store, &themes, publication, &out, Some("https://news.example/"), false).unwrap();
        edited.push(t.elapsed());
    }
    let size: u64 = std::fs::read_dir(dir.path().join("site-0"))
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "site of {ISSUES} issues ({:.1} MB): built {:.0} ms into an empty folder, {:.0} ms again with nothing changed, \
         {:.0} ms after one issue was edited (medians of 3)",
        size as f64 / 1e6,
        median(fresh),
        median(again),
        median(edited)
    );
}
