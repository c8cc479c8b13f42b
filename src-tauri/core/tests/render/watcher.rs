//! The watcher: editing a template on disk reloads the theme, reports the new set once,
//! and ignores writes that change nothing, with native events and with polling.

use std::fs;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use masthead_core::render::render;
use masthead_core::theme::watch::watch;
use masthead_core::theme::{Format, LiveThemes, WatchMode};

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
    fs::write(themes_dir.join("digest/content.html"), "<p>edited on disk: {{ issue.title }}</p>").unwrap();
    let set = rx.recv_timeout(Duration::from_secs(10)).expect("a theme-changed event after the edit");
    let f = super::fixture();
    let body = render(&f.doc, &f.publication, set.require("digest").unwrap(), Format::Web).unwrap().body;
    assert!(body.contains("<p>edited on disk: Quiet releases, loud reactions</p>"), "{body}");
    // Drain any event still in flight for that edit (an editor may write in two steps).
    while rx.recv_timeout(Duration::from_millis(600)).is_ok() {}

    // Same bytes again: no event.
    fs::write(themes_dir.join("digest/content.html"), "<p>edited on disk: {{ issue.title }}</p>").unwrap();
    assert!(rx.recv_timeout(Duration::from_millis(1500)).is_err(), "a write that changed nothing is dropped");

    // A broken edit is reported (with its error) and the last good version stays.
    fs::write(themes_dir.join("digest/content.html"), "{% for %}").unwrap();
    let set = rx.recv_timeout(Duration::from_secs(10)).expect("an event for the broken edit");
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
