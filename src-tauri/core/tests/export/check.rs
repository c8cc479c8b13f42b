//! The pre-flight check on an issue planted with every problem it looks for, its links
//! served by a real HTTP server on loopback.

use std::time::Duration;

use masthead_core::check::{self, Severity};
use masthead_core::links::fetch::FetchOptions;
use masthead_core::links::inbox::Fetcher;
use masthead_core::model::{IssueFields, ItemFields, ItemKind, StoryFields};
use masthead_test_support::http;

use super::{library, themes};

/// `/ok` answers 200 (HEAD answers 405, as many servers do); `/gone` 404; `/wall` a bot check.
fn http_server() -> String {
    http::Server::start(|r| match (r.method.as_str(), r.path.as_str()) {
        ("HEAD", _) => http::Response::empty(405),
        (_, p) if p.starts_with("/ok") => http::Response::html(200, "<html><title>fine</title></html>"),
        (_, "/wall") => http::Response::html(503, "<html><title>Just a moment...</title></html>"),
        _ => http::Response::html(404, "gone"),
    })
    .base
}

#[test]
fn every_problem_is_found_with_its_place_and_a_fix() {
    let base = http_server();
    let (_dir, store) = library();
    // An earlier issue already used one of the links.
    let old = store.get_issue_doc(1).unwrap();
    let old_story = old.stories[0].id;
    store
        .add_item(
            old_story,
            ItemFields {
                kind: ItemKind::Coverage,
                url: format!("{base}/ok/reused"),
                title: "Old".into(),
                ..Default::default()
            },
        )
        .unwrap();

    let issue = store
        .create_issue(IssueFields { title: "Checked TK".into(), theme: "weekly".into(), ..Default::default() })
        .unwrap();
    let s1 = store
        .add_story(
            issue.id,
            StoryFields {
                headline: "Harbour".into(),
                body: format!("Read [this]({base}/gone) and [that]({base}/ok/a) and [home](/about).\n\n![](https://img.example/x.png)\n\nTODO finish"),
                takeaway: "It matters.".into(),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    store
        .add_item(
            s1.id,
            ItemFields {
                kind: ItemKind::Coverage,
                url: format!("{base}/ok/reused"),
                title: "Again".into(),
                ..Default::default()
            },
        )
        .unwrap();
    store
        .add_item(
            s1.id,
            ItemFields {
                kind: ItemKind::Coverage,
                url: format!("{base}/wall"),
                title: "Walled".into(),
                ..Default::default()
            },
        )
        .unwrap();
    store
        .add_item(
            s1.id,
            ItemFields {
                kind: ItemKind::Coverage,
                url: "https://fieldnotes.example/unsubscribe?u=42".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let s2 =
        store.add_story(issue.id, StoryFields { headline: "Empty one".into(), ..Default::default() }, None).unwrap();

    let fetcher = Fetcher::new(FetchOptions {
        timeout: Duration::from_secs(3),
        connect_timeout: Duration::from_secs(1),
        ..Default::default()
    });
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let report = rt.block_on(check::check(&store, &themes(), issue.id, Some(&fetcher))).unwrap();
    let find = |code: &str| report.findings.iter().filter(|f| f.code == code).collect::<Vec<_>>();

    let broken = find("broken-link");
    assert_eq!(broken.len(), 1, "{:#?}", report.findings);
    assert!(broken[0].problem.contains("/gone") && broken[0].problem.contains("404"), "{}", broken[0].problem);
    assert_eq!(
        (broken[0].severity, broken[0].story_id, broken[0].field.as_str()),
        (Severity::Error, Some(s1.id), "body")
    );
    assert!(broken[0].place.starts_with("Story 1 “Harbour” › body"), "{}", broken[0].place);
    assert_eq!(find("unchecked-link").len(), 1, "a bot wall proves nothing either way");
    assert_eq!(report.links_checked, 4, "the unsubscribe link is not fetched; the rest once each");

    let markers: Vec<&str> = find("marker").iter().map(|f| f.field.as_str()).collect();
    assert_eq!(markers, ["title", "body"]);
    assert_eq!(find("image-alt").len(), 1);
    assert!(find("relative-link")[0].problem.contains("/about"));
    assert_eq!(find("no-takeaway")[0].story_id, Some(s2.id));
    assert_eq!(find("no-text")[0].story_id, Some(s2.id));
    assert_eq!(find("no-preheader").len(), 1);
    let reused = find("used-before");
    assert_eq!(reused.len(), 1);
    assert!(reused[0].problem.contains("issue #1"), "{}", reused[0].problem);
    assert!(report.findings.iter().all(|f| !f.fix.is_empty()), "every finding says what to do");
    assert!(report.summary.starts_with("3 errors"), "{}", report.summary);
    assert!(report.findings.windows(2).all(|w| w[0].severity <= w[1].severity), "errors first");

    // The sample issue, offline, has nothing worse than a warning.
    let clean = rt.block_on(check::check(&store, &themes(), 1, None)).unwrap();
    assert!(clean.findings.iter().all(|f| f.severity != Severity::Error), "{:#?}", clean.findings);
}

#[test]
fn an_untitled_undated_issue_is_flagged_and_its_subject_is_never_bare() {
    let (_dir, store) = library();
    let new = store.create_issue(IssueFields { theme: "digest".into(), ..Default::default() }).unwrap();
    assert_eq!(new.date.len(), 10, "a new issue is dated today");
    // An imported issue without a date stays undated.
    let mut doc = store.get_issue_doc(new.id).unwrap();
    doc.issue.date.clear();
    let issue = store.import_issue(&doc, None, &[]).unwrap();
    assert_eq!(issue.date, "");
    // Two untitled stories read as a digest's paragraphs: no headline is asked for.
    for body in ["First paragraph.", "Second paragraph."] {
        store.add_story(issue.id, StoryFields { body: body.into(), ..Default::default() }, None).unwrap();
    }

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let report = rt.block_on(check::check(&store, &themes(), issue.id, None)).unwrap();
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"no-title") && codes.contains(&"no-date"), "{codes:?}");
    assert!(!codes.contains(&"no-headline"), "{codes:?}");
    let no_title = report.findings.iter().find(|f| f.code == "no-title").unwrap();
    assert!(no_title.problem.contains(&format!("“The Field Notes #{}”", issue.number)), "{}", no_title.problem);
    // A publication always has a name in a library; a bare one (a theme's probe) still
    // never makes a subject of " #1".
    let nameless = masthead_core::model::Publication { name: String::new(), ..Default::default() };
    let doc = store.get_issue_doc(issue.id).unwrap();
    assert_eq!(masthead_core::export::eml::subject(&doc, &nameless), format!("Issue #{}", issue.number));

    // A title past 150 characters is flagged; one story without a headline among titled ones is.
    let doc = store.get_issue_doc(issue.id).unwrap();
    let mut fields = IssueFields { number: Some(issue.number), theme: "digest".into(), ..Default::default() };
    fields.title = "A title that goes on ".repeat(8);
    fields.date = "2026-04-08".into();
    store.update_issue(issue.id, fields).unwrap();
    let first = &doc.stories[0];
    store.save_story(first.id, StoryFields { headline: "Now titled".into(), ..first.fields.clone() }).unwrap();
    let report = rt.block_on(check::check(&store, &themes(), issue.id, None)).unwrap();
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"long-title") && !codes.contains(&"no-date"), "{codes:?}");
    let headline = report.findings.iter().find(|f| f.code == "no-headline").expect("the untitled one is flagged");
    assert_eq!((headline.severity, headline.story_id), (Severity::Warning, Some(doc.stories[1].id)));
}
