//! The watcher: editing a template on disk reloads the theme, reports the new set once,
//! and ignores writes that change nothing, with native events and with polling.

use std::fs;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use masthead_core::render::render;
use masthead_core::theme::watch::watch;
use masthead_core::theme::{Format, LiveThemes, WatchMode};

/// Writes as editors do, to a hidden temporary file renamed over the target, so the
/// watcher never sees a half-written (or truncated) template.
fn save(path: &std::path::Path, text: &str) {
    let tmp = path.with_file_name(format!(".{}.tmp", path.file_name().unwrap().to_string_lossy()));
    fs::write(&tmp, text).unwrap();
    fs::rename(&tmp, path).unwrap();
}

/// Waits for the event that satisfies `ok`; earlier events (an editor's intermediate
/// states) are skipped.
fn wait_for(
    rx: &mpsc::Receiver<Arc<masthead_core::theme::ThemeSet>>,
    ok: impl Fn(&masthead_core::theme::ThemeSet) -> bool,
) -> Arc<masthead_core::theme::ThemeSet> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let set = rx.recv_timeout(left).expect("the expected theme-changed event within 10 s");
        if ok(&set) {
            return set;
        }
    }
}

fn edit_and_observe(mode: WatchMode) {
    let dir = tempfile::tempdir().unwrap();
    let live = Arc::new(LiveThemes::for_library(dir.path()));
    let (tx, rx) = mpsc::channel();
    let watcher = watch(live.clone(), mode, move |set| {
        let _ = tx.send(set);
    })
    .unwrap();
    if let WatchMode::Poll(_) = mode {
        assert!(watcher.polling);
    }
    let themes_dir = dir.path().join("themes");
    assert!(themes_dir.is_dir(), "the folder is created so authors can find it");

    fs::create_dir_all(themes_dir.join("digest")).unwrap();
    let file = themes_dir.join("digest/content.html");
    save(&file, "<p>edited on disk: {{ issue.title }}</p>");
    let f = super::fixture();
    let output = |set: &masthead_core::theme::ThemeSet| {
        render(&f.doc, &f.publication, set.require("digest").unwrap(), Format::Web).unwrap().body
    };
    let set = wait_for(&rx, |set| output(set).contains("<p>edited on disk: Quiet releases, loud reactions</p>"));
    assert!(set.errors.is_empty());
    // Let anything still in flight for that edit arrive.
    while rx.recv_timeout(Duration::from_millis(600)).is_ok() {}

    // Same bytes again: no event.
    save(&file, "<p>edited on disk: {{ issue.title }}</p>");
    assert!(rx.recv_timeout(Duration::from_millis(1500)).is_err(), "a write that changed nothing is dropped");

    // A broken edit is reported (with its error) and the last good version stays.
    save(&file, "{% for %}");
    let set = wait_for(&rx, |set| !set.errors.is_empty());
    assert_eq!(set.errors[0].file, "content.html");
    let body = render(&f.doc, &f.publication, set.require("digest").unwrap(), Format::Web).unwrap().body;
    assert!(body.contains("edited on disk"));
    drop(watcher);
}

#[test]
fn native_events_reload_the_theme() {
    edit_and_observe(WatchMode::Auto);
}

#[test]
fn polling_reloads_the_theme() {
    edit_and_observe(WatchMode::Poll(Duration::from_millis(200)));
}
