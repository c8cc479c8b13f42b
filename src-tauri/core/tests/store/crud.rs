use masthead_core::model::{FetchStatus, IssueFields, IssueStatus, ItemFields, ItemKind, LinkMeta, LinkOverrides};
use masthead_core::ErrorKind;
use masthead_core::Store;

use crate::{issue, story, temp_store};

#[test]
fn issues_are_numbered_in_order_and_listed_newest_first() {
    let (_d, s) = temp_store();
    let a = s.create_issue(issue("First")).unwrap();
    let b = s.create_issue(issue("Second")).unwrap();
    assert_eq!((a.number, b.number), (1, 2));
    assert_eq!(a.status, IssueStatus::Draft);
    assert_eq!(a.theme, "weekly", "the publication's default theme");
    assert_eq!(a.date.len(), 10, "today's date, YYYY-MM-DD");
    let list = s.list_issues().unwrap();
    assert_eq!(list.iter().map(|i| i.number).collect::<Vec<_>>(), [2, 1]);
}

#[test]
fn a_taken_number_is_refused_with_a_clear_message() {
    let (_d, s) = temp_store();
    s.create_issue(issue("First")).unwrap();
    let mut f = issue("Clash");
    f.number = Some(1);
    let err = s.create_issue(f).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.to_string().contains("already has an issue #1"), "{err}");
}

#[test]
fn updating_an_issue_saves_every_field() {
    let (_d, s) = temp_store();
    let i = s.create_issue(issue("Draft")).unwrap();
    let mut f = issue("Final title");
    f.subtitle = "dek".into();
    f.date = "2026-04-08".into();
    f.status = Some(IssueStatus::Ready);
    f.theme = "briefing".into();
    f.intro = "Intro ✨ with unicode".into();
    f.closing = "— Sam".into();
    f.preheader = "pre".into();
    f.number = Some(42);
    let u = s.update_issue(i.id, f).unwrap();
    assert_eq!(
        (u.number, u.title.as_str(), u.date.as_str(), u.status, u.theme.as_str(), u.intro.as_str()),
        (42, "Final title", "2026-04-08", IssueStatus::Ready, "briefing", "Intro ✨ with unicode")
    );
    assert_eq!(s.issue_by_number(None, 42).unwrap().id, i.id);
    assert_eq!(s.issue_by_number(None, 1).unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn stories_keep_their_order_through_adds_moves_and_deletes() {
    let (_d, s) = temp_store();
    let i = s.create_issue(issue("Order")).unwrap();
    let a = s.add_story(i.id, story("A", ""), None).unwrap();
    let b = s.add_story(i.id, story("B", ""), None).unwrap();
    let c = s.add_story(i.id, story("C", ""), Some(0)).unwrap();
    let heads = |s: &masthead_core::Store| -> Vec<String> {
        s.get_issue_doc(i.id).unwrap().stories.into_iter().map(|x| x.fields.headline).collect()
    };
    assert_eq!(heads(&s), ["C", "A", "B"]);
    assert_eq!(s.move_story(c.id, 2).unwrap(), [a.id, b.id, c.id]);
    assert_eq!(heads(&s), ["A", "B", "C"]);
    s.reorder_stories(i.id, &[b.id, c.id, a.id]).unwrap();
    assert_eq!(heads(&s), ["B", "C", "A"]);
    assert_eq!(s.reorder_stories(i.id, &[b.id, b.id, a.id]).unwrap_err().kind(), ErrorKind::Invalid);
    s.delete_story(c.id).unwrap();
    let doc = s.get_issue_doc(i.id).unwrap();
    assert_eq!(doc.stories.iter().map(|x| x.ordinal).collect::<Vec<_>>(), [0, 1], "no gap left behind");
    assert_eq!(s.list_issues().unwrap()[0].story_count, 2);
}

#[test]
fn saving_a_story_writes_every_field_and_a_1_mb_body() {
    let (_d, s) = temp_store();
    let i = s.create_issue(issue("Big")).unwrap();
    let st = s.add_story(i.id, story("H", ""), None).unwrap();
    let body = "word ".repeat(200_000);
    let mut f = story("Headline", &body);
    f.takeaway = "What it means".into();
    f.summary = "sum".into();
    f.details = "det".into();
    f.section = "Top Priority Items".into();
    f.discuss_url = "https://example.com/d".into();
    s.save_story(st.id, f.clone()).unwrap();
    assert_eq!(s.get_story(st.id).unwrap().fields, f);
}

#[test]
fn items_attach_move_between_stories_and_keep_counts() {
    let (_d, s) = temp_store();
    let i = s.create_issue(issue("Items")).unwrap();
    let a = s.add_story(i.id, story("A", ""), None).unwrap();
    let b = s.add_story(i.id, story("B", ""), None).unwrap();
    let cov = s
        .add_item(
            a.id,
            ItemFields {
                group_heading: "Analysis".into(),
                source: "Desk".into(),
                url: "https://e.com/1".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let reaction = ItemFields {
        kind: ItemKind::Reaction,
        source: "Ada".into(),
        role: "CEO".into(),
        quote: "Big if true".into(),
        likes: Some(0),
        views: Some(12_000_000),
        ..Default::default()
    };
    let r = s.add_item(a.id, reaction.clone()).unwrap();
    assert_eq!((cov.ordinal, r.ordinal), (0, 1));
    assert_eq!(r.fields, reaction);

    let moved = s.move_item(r.id, b.id, 0).unwrap();
    assert_eq!((moved.story_id, moved.ordinal), (b.id, 0));
    assert_eq!(s.get_story(a.id).unwrap().items.len(), 1);

    let mut negative = reaction.clone();
    negative.likes = Some(-1);
    assert_eq!(s.update_item(r.id, negative).unwrap_err().kind(), ErrorKind::Invalid);
    s.delete_item(cov.id).unwrap();
    assert!(s.get_story(a.id).unwrap().items.is_empty());
    // Deleting a story takes its items with it.
    s.delete_story(b.id).unwrap();
    assert_eq!(s.check().unwrap().items, 0);
}

#[test]
fn links_deduplicate_and_a_refetch_never_touches_overrides() {
    let (_d, s) = temp_store();
    let first =
        s.add_link("https://Example.com/a?utm_source=x#top", "https://example.com/a", Some("Dragged title")).unwrap();
    assert!(first.created);
    assert_eq!(first.link.meta.title.as_deref(), Some("Dragged title"));
    let again = s.add_link("https://example.com/a", "https://example.com/a", None).unwrap();
    assert!(!again.created);
    assert_eq!(again.link.id, first.link.id);
    assert_eq!(again.link.url, "https://Example.com/a?utm_source=x#top", "the original URL is kept");

    let id = first.link.id;
    s.set_link_overrides(id, &LinkOverrides { title: Some("My title".into()), ..Default::default() }).unwrap();
    let meta =
        LinkMeta { title: Some("Fetched title".into()), publisher: Some("Example".into()), ..Default::default() };
    let l = s.set_link_fetch(id, &meta, FetchStatus::Ok, None).unwrap();
    assert_eq!(l.meta.title.as_deref(), Some("Fetched title"));
    assert_eq!(l.overrides.title.as_deref(), Some("My title"));
    assert_eq!(l.status, FetchStatus::Ok);
    assert!(l.fetched_at.is_some());

    // An item made from the link survives the link's deletion.
    let i = s.create_issue(issue("L")).unwrap();
    let st = s.add_story(i.id, story("S", ""), None).unwrap();
    let item = s
        .add_item(st.id, ItemFields { link_id: Some(id), title: "Fetched title".into(), ..Default::default() })
        .unwrap();
    s.delete_link(id).unwrap();
    let after = &s.get_story(st.id).unwrap().items[0];
    assert_eq!((after.id, after.fields.link_id, after.fields.title.as_str()), (item.id, None, "Fetched title"));
    assert_eq!(s.delete_link(id).unwrap_err().kind(), ErrorKind::NotFound);
}

/// A new library's sample issue is dated the day it is installed, as a new issue is, not
/// the day the sample was written.
#[test]
fn the_sample_issue_is_dated_the_day_it_is_installed() {
    let (_d, s) = temp_store();
    let sample = masthead_core::sample::install(&s).unwrap();
    let new = s.create_issue(crate::issue("Next week")).unwrap();
    assert_eq!(sample.date, new.date);
}

#[test]
fn duplicating_copies_stories_and_items_as_a_new_draft() {
    let (_d, s) = temp_store();
    let sample = masthead_core::sample::install(&s).unwrap();
    let copy = s.duplicate_issue(sample.id).unwrap();
    assert_eq!(copy.number, sample.number + 1);
    assert_eq!(copy.title, "Welcome to Masthead (copy)");
    let (a, b) = (s.get_issue_doc(sample.id).unwrap(), s.get_issue_doc(copy.id).unwrap());
    assert_eq!(a.stories.len(), b.stories.len());
    for (x, y) in a.stories.iter().zip(&b.stories) {
        assert_eq!(x.fields, y.fields);
        assert_ne!(x.id, y.id);
        let fx: Vec<_> = x.items.iter().map(|i| &i.fields).collect();
        let fy: Vec<_> = y.items.iter().map(|i| &i.fields).collect();
        assert_eq!(fx, fy);
    }
}

#[test]
fn settings_have_defaults_validate_keys_and_persist() {
    let (dir, s) = temp_store();
    let p = s.first_publication().unwrap();
    assert_eq!((p.words_per_minute, p.default_theme.as_str()), (265, "weekly"));
    s.set_publication_setting(p.id, "publication.name", "The Stack").unwrap();
    assert_eq!(s.set_publication_setting(p.id, "publication.nmae", "x").unwrap_err().kind(), ErrorKind::Invalid);
    let err = s.set_publication_setting(p.id, "publication.words_per_minute", "fast").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    // Named as Settings shows it, and by the key the command line takes.
    assert_eq!(
        err.to_string(),
        "Reading speed must be a whole number of words per minute from 50 to 2000, not \"fast\" (setting publication.words_per_minute)"
    );
    for fine in ["en_GB", "de", "off", ""] {
        s.set_setting("editor.spelling", fine).unwrap();
    }
    for bad in ["english", "en_gb", "en_", "../../etc/passwd"] {
        assert_eq!(s.set_setting("editor.spelling", bad).unwrap_err().kind(), ErrorKind::Invalid, "{bad}");
    }
    drop(s);
    let s = masthead_core::Store::open_in(dir.path()).unwrap();
    assert_eq!(s.first_publication().unwrap().name, "The Stack");
}

#[test]
fn missing_things_are_not_found_errors() {
    let (_d, s) = temp_store();
    assert_eq!(s.get_issue_doc(99).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(s.save_story(99, story("x", "")).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(s.add_story(99, story("x", ""), None).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(s.delete_item(99).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(s.restore_revision(99).unwrap_err().kind(), ErrorKind::NotFound);
}

/// The window's poll for changes made elsewhere: another connection's commit moves the
/// number, the store's own writes do not.
#[test]
fn data_version_moves_for_other_writers_only() {
    let dir = tempfile::tempdir().unwrap();
    let mine = Store::open_in(dir.path()).unwrap();
    let start = mine.data_version().unwrap();
    mine.create_issue(IssueFields { title: "Mine".into(), ..Default::default() }).unwrap();
    assert_eq!(mine.data_version().unwrap(), start, "its own writes do not count");
    let other = Store::open_in(dir.path()).unwrap(); // the CLI, say
    other.create_issue(IssueFields { title: "From the CLI".into(), ..Default::default() }).unwrap();
    assert_ne!(mine.data_version().unwrap(), start, "another process's write does");
}

/// The window updates what changed: each commit of the store reports the rows it wrote,
/// a refused write reports nothing, and another process's write is left to `data_version`.
#[test]
fn each_commit_reports_what_it_changed() {
    use masthead_core::store::Changes;
    use std::sync::{Arc, Mutex};
    let (dir, s) = temp_store();
    let seen: Arc<Mutex<Vec<Changes>>> = Arc::default();
    let log = seen.clone();
    s.on_change(move |c| log.lock().unwrap().push(c.clone()));
    let take = || std::mem::take(&mut *seen.lock().unwrap());

    let a = s.create_issue(issue("First")).unwrap();
    assert_eq!(take(), [Changes { issues: vec![a.id], ..Default::default() }]);
    let st = s.add_story(a.id, story("One", "Body"), None).unwrap();
    let item = s
        .add_item(
            st.id,
            ItemFields { kind: ItemKind::Coverage, url: "https://example.com/a".into(), ..Default::default() },
        )
        .unwrap();
    let changed = take();
    assert!(changed.iter().any(|c| c.stories == [st.id]), "{changed:?}");
    assert!(changed.iter().any(|c| c.items.contains(&item.id)), "{changed:?}");

    let first = s.first_publication().unwrap().id;
    s.set_publication_setting(first, "publication.tagline", "Every harbour, weekly").unwrap();
    let changed = take();
    assert!(changed.iter().any(|c| c.settings), "a publication's setting is a setting: {changed:?}");
    let link = s.add_link("https://example.com/b", "https://example.com/b", None).unwrap();
    s.set_publication_setting(first, "publication.name", "The Harbour Letter").unwrap();
    let changed = take();
    assert!(changed.iter().any(|c| c.links.contains(&link.link.id)), "{changed:?}");
    assert!(changed.iter().any(|c| c.settings), "{changed:?}");

    // Refused (the number is taken): rolled back, nothing to report.
    let mut clash = issue("Clash");
    clash.number = Some(1);
    assert!(s.create_issue(clash).is_err());
    assert_eq!(take(), [], "a refused write changes nothing");

    Store::open_in(dir.path()).unwrap().create_issue(issue("From the CLI")).unwrap();
    assert_eq!(take(), [], "another connection's writes are not this store's");
}

/// Settings › Save sends the whole publication at once: every value is checked as the
/// command line's `settings set` checks it, and a refused one changes nothing. (The
/// window's path used to skip the checks: a reading speed of 10 and a `javascript:`
/// unsubscribe link were saved.)
#[test]
fn saving_the_whole_publication_checks_every_value_and_keeps_all_or_nothing() {
    let (_d, s) = temp_store();
    let before = s.first_publication().unwrap();
    for bad in [
        masthead_core::model::Publication { words_per_minute: 10, name: "Changed".into(), ..before.clone() },
        masthead_core::model::Publication {
            unsubscribe_url: "javascript:alert(1)".into(),
            name: "Changed".into(),
            ..before.clone()
        },
    ] {
        let err = s.set_publication(&bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
        assert_eq!(s.first_publication().unwrap(), before, "nothing was written");
    }
    let good = masthead_core::model::Publication { words_per_minute: 300, name: "Changed".into(), ..before };
    s.set_publication(&good).unwrap();
    assert_eq!(s.first_publication().unwrap(), good);
}

/// Schema 5's fields: a story's own reading time, a link's own date, a reaction's note
/// before its quote; kept, refused out of range, and carried by the issue file.
#[test]
fn reading_times_link_dates_and_note_order_are_kept() {
    let (_d, s) = temp_store();
    let i = s.create_issue(issue("Dated")).unwrap();
    let mut fields = story("An essay", "Read it.");
    fields.reading_minutes = Some(7);
    let st = s.add_story(i.id, fields.clone(), None).unwrap();
    assert_eq!(st.fields.reading_minutes, Some(7));
    for bad in [0, 1000, -3] {
        let err =
            s.save_story(st.id, masthead_core::model::StoryFields { reading_minutes: Some(bad), ..fields.clone() });
        assert_eq!(err.unwrap_err().kind(), ErrorKind::Invalid, "{bad}");
    }
    let item = s
        .add_item(
            st.id,
            ItemFields {
                kind: ItemKind::Coverage,
                title: "Old news".into(),
                date: "March 2025".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let reaction = s
        .add_item(
            st.id,
            ItemFields { kind: ItemKind::Reaction, note: "first".into(), note_first: true, ..Default::default() },
        )
        .unwrap();
    let doc = s.get_issue_doc(i.id).unwrap();
    assert_eq!(doc.stories[0].fields.reading_minutes, Some(7));
    let items: Vec<_> =
        doc.stories[0].items.iter().map(|it| (it.id, it.fields.date.as_str(), it.fields.note_first)).collect();
    assert_eq!(items, [(item.id, "March 2025", false), (reaction.id, "", true)]);

    let links = s.links_by_id(&[]).unwrap();
    let publication = s.first_publication().unwrap();
    let file = masthead_core::export::issue_file::to_file(&doc, &publication, &links);
    let bytes = masthead_core::export::issue_file::to_bytes(&file);
    let back = masthead_core::export::issue_file::parse(&bytes, "dated.json").unwrap();
    let copy = masthead_core::export::issue_file::import(&s, &back, None).unwrap();
    let copied = s.get_issue_doc(copy.id).unwrap();
    assert_eq!(copied.stories[0].fields.reading_minutes, Some(7));
    assert_eq!(copied.stories[0].items[0].fields.date, "March 2025");
    assert!(copied.stories[0].items[1].fields.note_first);
}
