//! A save that reports success is durable: a child process saves as fast as it can and
//! prints each save it has been told is done; we SIGKILL it at random moments and check
//! that every reported save is in the file and the file is healthy.
//!
//! The child is this same test binary, re-run with an environment variable that turns
//! `durability_child` into the saving loop.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use masthead_core::Store;
use rand::Rng;

const CHILD_ENV: &str = "MASTHEAD_DURABILITY_CHILD";
const KILLS: usize = 24;

#[test]
fn durability_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let store = Store::open_in(&dir).unwrap();
    let issue = match store.issue_by_number(None, 1) {
        Ok(i) => i,
        Err(_) => store.create_issue(crate::issue("durability")).unwrap(),
    };
    let story = store.add_story(issue.id, crate::story("body target", ""), None).unwrap();
    let start: u64 = std::env::var("MASTHEAD_DURABILITY_START").unwrap().parse().unwrap();
    for n in start.. {
        // Two kinds of save: a new row, and an autosave of one story's body.
        store.add_story(issue.id, crate::story(&format!("save {n}"), ""), None).unwrap();
        store.save_story(story.id, crate::story("body target", &format!("body {n}"))).unwrap();
        println!("saved {n} {}", story.id);
    }
}

#[test]
fn every_reported_save_survives_sigkill() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let me = std::env::current_exe().unwrap();
    let mut rng = rand::rng();
    let mut next = 0u64;
    let mut reported: Vec<(u64, i64)> = Vec::new();
    for round in 0..KILLS {
        let mut child = Command::new(&me)
            .args(["--exact", "durability::durability_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, dir.path())
            .env("MASTHEAD_DURABILITY_START", next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // Kill after a random number of reported saves (0 to 40), or a random time.
        let wanted = rng.random_range(0..40);
        let deadline = Instant::now() + Duration::from_millis(rng.random_range(50..1500));
        let mut lines = BufReader::new(stdout).lines();
        let mut seen = 0;
        while seen < wanted && Instant::now() < deadline {
            let Some(Ok(line)) = lines.next() else { break };
            if let Some((n, story)) = parse_saved(&line) {
                reported.push((n, story));
                next = n + 1;
                seen += 1;
            }
        }
        child.kill().unwrap(); // SIGKILL: no destructors, no clean close
                               // Lines already written before the kill were reported too.
        for (n, story) in lines.map_while(Result::ok).filter_map(|l| parse_saved(&l)) {
            reported.push((n, story));
            next = n + 1;
        }
        child.wait().unwrap();
        next += 1000 * (round as u64 + 1); // keep numbers unique across rounds

        let store = Store::open_in(dir.path()).unwrap();
        let check = store.check().unwrap();
        assert_eq!(check.integrity, ["ok"], "round {round}");
        // A kill before the child's first write leaves no issue yet, and nothing reported.
        let Ok(issue) = store.issue_by_number(None, 1) else {
            assert!(reported.is_empty(), "round {round}: saves were reported but the issue is missing");
            continue;
        };
        let doc = store.get_issue_doc(issue.id).unwrap();
        let heads: std::collections::HashSet<_> = doc.stories.iter().map(|s| s.fields.headline.clone()).collect();
        for (n, _) in &reported {
            assert!(heads.contains(&format!("save {n}")), "round {round}: reported save {n} is missing");
        }
        // The last reported body save of this round's story is there (or a later one).
        if let Some((n, story)) = reported.last() {
            let body = store.get_story(*story).unwrap().fields.body;
            let saved: u64 = body.trim_start_matches("body ").parse().unwrap_or(0);
            assert!(saved >= *n, "round {round}: body shows save {saved}, but save {n} was reported");
        }
    }
    eprintln!("durability: {} reported saves checked across {KILLS} SIGKILLs", reported.len());
    assert!(reported.len() >= KILLS, "the child reported too few saves ({}) to prove anything", reported.len());
}

/// `saved 17 3` → save number 17 of story 3. A line cut short by the kill is ignored.
fn parse_saved(line: &str) -> Option<(u64, i64)> {
    let mut parts = line.strip_prefix("saved ")?.split(' ');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}
