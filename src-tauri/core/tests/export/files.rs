//! Files that leave and come back: Markdown with front matter, the issue file (round trip,
//! newer versions, malformed files), the library backup and restore, and the CLI.

use masthead_core::export::{self, issue_file, ExportFormat};
use masthead_core::model::{ItemKind, StoryFields};
use masthead_core::Store;

use super::{library, themes};

#[test]
fn markdown_has_front_matter_no_title_can_break() {
    let (_dir, store) = library();
    let mut fields =
        masthead_core::model::IssueFields { title: "Ports: \"open\" data\n---".into(), ..Default::default() };
    fields.preheader = "Why a catalogue matters".into();
    let issue = store.create_issue(fields).unwrap();
    store
        .add_story(issue.id, StoryFields { headline: "One".into(), body: "Text.".into(), ..Default::default() }, None)
        .unwrap();
    let md = export::export(&store, &themes(), issue.id, ExportFormat::Markdown, None).unwrap();
    let text = md.text;
    assert!(text.starts_with("---\ntitle: \"Ports: \\\"open\\\" data\\n---\"\n"), "{text}");
    assert!(text.contains(&format!("number: {}\n", issue.number)));
    assert!(text.contains("description: \"Why a catalogue matters\"\n"));
    let end = text[4..].find("\n---\n").map(|i| i + 4).unwrap();
    assert!(text[..end].ends_with("stories: 1"), "the front matter closes after its last key: {text}");
    // (set typographically, as the publication's typography says: the rule became a dash)
    assert!(text[end..].contains("\n# Ports: “open” data —\n"), "nor can the title break the body: {text}");
    assert_eq!(text[..end].lines().count(), 9, "one line per key, the title's newline escaped: {text}");
    assert!(md.file_name.ends_with(".md"));
}

/// A library with an issue whose items come from inbox links (one with an override).
fn issue_with_links(store: &Store) -> i64 {
    let added = masthead_core::links::add_urls(
        store,
        &["https://news.example/a?utm_source=x".into(), "https://x.com/bird/status/19".into()],
    )
    .unwrap();
    let a = added[0].as_ref().unwrap().link.id;
    let b = added[1].as_ref().unwrap().link.id;
    let meta = masthead_core::model::LinkMeta {
        title: Some("Fetched A".into()),
        publisher: Some("News".into()),
        likes: Some(1047),
        ..Default::default()
    };
    store.set_link_fetch(a, &meta, masthead_core::model::FetchStatus::Ok, None).unwrap();
    store
        .set_link_overrides(
            a,
            &masthead_core::model::LinkOverrides { title: Some("My A".into()), ..Default::default() },
        )
        .unwrap();
    let issue = store
        .create_issue(masthead_core::model::IssueFields {
            title: "Round trip — ünïcode".into(),
            preheader: "p".into(),
            ..Default::default()
        })
        .unwrap();
    let story = store
        .add_story(
            issue.id,
            StoryFields { headline: "S1".into(), body: "Body *md*".into(), takeaway: "T".into(), ..Default::default() },
            None,
        )
        .unwrap();
    masthead_core::links::attach(store, a, story.id, ItemKind::Coverage, "Analysis").unwrap();
    masthead_core::links::attach(store, b, story.id, ItemKind::Reaction, "").unwrap();
    store
        .add_story(issue.id, StoryFields { headline: "S2".into(), section: "More".into(), ..Default::default() }, None)
        .unwrap();
    issue.id
}

#[test]
fn export_import_export_is_byte_identical() {
    let (_dir, store) = library();
    let id = issue_with_links(&store);
    let first = export::export(&store, &themes(), id, ExportFormat::Json, None).unwrap().text;
    let file = issue_file::parse(first.as_bytes(), "round.json").unwrap();
    assert_eq!(file.links.len(), 2);
    assert_eq!(file.links[0].overrides.title.as_deref(), Some("My A"));

    let (_dir2, other) = library();
    let imported = issue_file::import(&other, &file, None).unwrap();
    let again = export::export(&other, &themes(), imported.id, ExportFormat::Json, None).unwrap().text;
    assert_eq!(first, again, "export → import → export gives the same bytes");
    let doc = other.get_issue_doc(imported.id).unwrap();
    let link_id = doc.stories[0].items[0].fields.link_id.unwrap();
    assert_eq!(
        other.get_link(link_id).unwrap().meta.likes,
        Some(1047),
        "the inbox link came along and the item points at it"
    );

    // Into the same library: the number is taken, so it gets the next one; content is equal.
    let before = store.list_issues().unwrap().len();
    let copy = issue_file::import(&store, &file, None).unwrap();
    assert_eq!(store.list_issues().unwrap().len(), before + 1);
    assert_ne!(copy.number, file.issue.number);
    assert_eq!(store.list_links().unwrap().len(), 2, "links already in the inbox are reused, not duplicated");
}

#[test]
fn an_issue_file_without_a_date_imports_undated() {
    let (_dir, store) = library();
    let id = issue_with_links(&store);
    let text = export::export(&store, &themes(), id, ExportFormat::Json, None).unwrap().text;
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["issue"]["date"] = serde_json::Value::String(String::new());
    let file = issue_file::parse(json.to_string().as_bytes(), "undated.json").unwrap();
    let (_dir2, other) = library();
    let imported = issue_file::import(&other, &file, None).unwrap();
    assert_eq!(imported.date, "", "no silent “today”: the author sets the date");
    let html = export::export(&other, &themes(), imported.id, ExportFormat::Web, None).unwrap().text;
    assert!(!html.contains("<time"), "an undated issue shows no date");
}

#[test]
fn newer_and_malformed_files_are_refused_naming_what_is_wrong_and_import_nothing() {
    let (_dir, store) = library();
    let id = issue_with_links(&store);
    let good = export::export(&store, &themes(), id, ExportFormat::Json, None).unwrap().text;
    let before = store.list_issues().unwrap().len();

    let newer = good.replacen("\"version\": 1", "\"version\": 7", 1);
    let err = issue_file::parse(newer.as_bytes(), "new.json").unwrap_err().to_string();
    assert!(err.contains("newer Masthead") && err.contains("version 7"), "{err}");

    let bad_type = good.replacen("\"likes\": 1047", "\"likes\": \"many\"", 1);
    assert_ne!(bad_type, good);
    let err = issue_file::parse(bad_type.as_bytes(), "bad.json").unwrap_err().to_string();
    assert!(err.contains("links[0].meta.likes") && err.contains("expected i64") && err.contains("line "), "{err}");

    let bad_kind = good.replacen("\"kind\": \"reaction\"", "\"kind\": \"rumour\"", 1);
    let err = issue_file::parse(bad_kind.as_bytes(), "bad.json").unwrap_err().to_string();
    assert!(err.contains("stories[0].items[1].kind") && err.contains("rumour"), "{err}");

    let dangling = good.replacen("\"link\": \"https://news.example/a\"", "\"link\": \"https://elsewhere.example/\"", 1);
    let err = issue_file::parse(dangling.as_bytes(), "bad.json").unwrap_err().to_string();
    assert!(err.contains("stories[0].items[0].link"), "{err}");

    let err = issue_file::parse(&good.as_bytes()[..good.len() / 2], "cut.json").unwrap_err().to_string();
    assert!(err.contains("not valid JSON") && err.contains("line "), "{err}");
    let err = issue_file::parse(b"{\"format\": \"something-else\"}", "x.json").unwrap_err().to_string();
    assert!(err.contains("not a Masthead issue file"), "{err}");
    assert_eq!(store.list_issues().unwrap().len(), before, "nothing was imported");
}

/// Issue numbers and dates are bounded wherever they enter: a file numbered at the integer
/// limit or dated `2026-13-45` is refused, and after it the library still numbers issues.
#[test]
fn out_of_range_numbers_and_impossible_dates_are_refused() {
    let (_dir, store) = library();
    let id = issue_with_links(&store);
    let good = export::export(&store, &themes(), id, ExportFormat::Json, None).unwrap().text;
    let number = format!("\"number\": {}", store.get_issue(id).unwrap().number);
    let date = format!("\"date\": \"{}\"", store.get_issue(id).unwrap().date);
    assert!(good.contains(&number) && good.contains(&date), "{good}");
    for (from, to, says) in [
        (&number, "\"number\": 9223372036854775807".to_string(), "issue.number: issue numbers go from 1 to 999,999"),
        (&number, "\"number\": 0".to_string(), "issue.number: issue numbers go from 1 to 999,999, not 0"),
        (&date, "\"date\": \"2026-13-45\"".to_string(), "issue.date: an issue's date is a day written YYYY-MM-DD"),
        (&date, "\"date\": \"next Tuesday\"".to_string(), "issue.date: an issue's date is a day written YYYY-MM-DD"),
    ] {
        let err = issue_file::parse(good.replacen(from.as_str(), &to, 1).as_bytes(), "bad.json").unwrap_err();
        assert!(err.to_string().starts_with(&format!("bad.json: {says}")), "{err}");
    }
    let fields = |number: Option<i64>, date: &str| masthead_core::model::IssueFields {
        number,
        date: date.into(),
        ..Default::default()
    };
    for bad in
        [fields(Some(1_000_000), ""), fields(Some(i64::MAX), ""), fields(None, "2026-02-30"), fields(None, "2026-4-8")]
    {
        assert_eq!(store.create_issue(bad.clone()).unwrap_err().kind(), masthead_core::ErrorKind::Invalid, "{bad:?}");
        assert_eq!(
            store.update_issue(id, bad.clone()).unwrap_err().kind(),
            masthead_core::ErrorKind::Invalid,
            "{bad:?}"
        );
    }
    let next = store.create_issue(fields(None, "2026-04-08")).unwrap();
    assert_eq!(next.number, store.list_issues().unwrap().iter().map(|i| i.number).max().unwrap());
}

#[test]
fn a_backup_restores_the_whole_library_and_keeps_the_one_it_replaces() {
    let (dir, store) = library();
    issue_with_links(&store);
    let backup = dir.path().join("backup.masthead");
    let bytes = export::backup::backup(&store, &backup).unwrap();
    assert!(bytes > 0);
    store.delete_issue(1).unwrap();
    let issues_after_delete = store.list_issues().unwrap().len();
    drop(store);

    let done = export::backup::restore(dir.path(), &backup).unwrap();
    assert_eq!(done.issues as usize, issues_after_delete + 1);
    let kept = std::path::PathBuf::from(done.kept.unwrap());
    assert!(kept.file_name().unwrap().to_string_lossy().contains("before-restore"));
    let restored = Store::open_in(dir.path()).unwrap();
    assert!(restored.get_issue(1).is_ok(), "the deleted issue is back");
    assert_eq!(restored.list_links().unwrap().len(), 2);
    assert_eq!(restored.first_publication().unwrap().name, "The Field Notes", "settings come back too");
    assert_eq!(
        Store::open(&kept).unwrap().list_issues().unwrap().len(),
        issues_after_delete,
        "the replaced library is kept whole"
    );

    // A file that is not a backup is refused and the library is left alone.
    let junk = dir.path().join("junk.masthead");
    std::fs::write(&junk, b"not a database at all, just text that is long enough to look like a header and more")
        .unwrap();
    let before = std::fs::read(dir.path().join("library.sqlite3")).unwrap();
    let err = export::backup::restore(dir.path(), &junk).unwrap_err();
    assert_eq!(err.kind(), masthead_core::ErrorKind::NotADatabase, "{err}");
    assert_eq!(std::fs::read(dir.path().join("library.sqlite3")).unwrap(), before);
}

#[test]
fn the_web_page_stands_alone() {
    let (_dir, store) = library();
    let fields = masthead_core::model::IssueFields {
        title: "Harbours & <data>".into(),
        preheader: "Why a catalogue matters".into(),
        ..Default::default()
    };
    let issue = store.create_issue(fields).unwrap();
    store
        .add_story(
            issue.id,
            StoryFields {
                headline: "One".into(),
                body: "See ![a chart](https://img.example/c.png).".into(),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    let web = export::export(&store, &themes(), issue.id, ExportFormat::Web, None).unwrap();
    let html = web.text;
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\""));
    assert!(html.contains("<title>Harbours &amp; &lt;data&gt; — The Field Notes</title>"), "{html}");
    assert!(html.contains("<meta name=\"description\" content=\"Why a catalogue matters\">"));
    assert!(html.contains("<meta property=\"og:title\" content=\"Harbours &amp; &lt;data&gt;\">"));
    assert!(html.contains("<style>"), "the CSS is inside");
    assert!(
        !html.contains("<link rel=\"stylesheet\"") && !html.to_lowercase().contains("<script"),
        "no other request, no script"
    );
    let requests: Vec<&str> = html.split("src=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    assert_eq!(requests, ["https://img.example/c.png"], "the only thing it loads is the author's image");
    assert!(web.file_name.ends_with("-harbours-data.html"), "{}", web.file_name);
}

/// Import reads only regular files, and no more than an issue file can be: a device
/// (`/dev/zero` would be read for ever), a folder, a pipe, or a file of 21 MB are refused
/// at once, saying what they are.
#[test]
fn import_reads_only_an_issue_file_sized_file() {
    let dir = tempfile::tempdir().unwrap();
    for (path, says) in [
        (std::path::PathBuf::from("/dev/zero"), "is not a file (it is a folder, a device or a pipe)"),
        (dir.path().to_path_buf(), "is not a file"),
    ] {
        let err = issue_file::read(&path).unwrap_err().to_string();
        assert!(err.contains(says), "{err}");
    }
    let fifo = dir.path().join("pipe.json");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    assert!(issue_file::read(&fifo).unwrap_err().to_string().contains("is not a file"));
    let big = dir.path().join("big.json");
    std::fs::File::create(&big).unwrap().set_len(21 << 20).unwrap();
    let err = issue_file::read(&big).unwrap_err().to_string();
    assert!(err.contains("larger than an issue file can be (20 MB at most)"), "{err}");
}

/// An export or backup written onto a device or a pipe (`-o /dev/stdout`, a process
/// substitution) is streamed into it; the device stays a device, never replaced by a file.
/// (A pipe stands in for a device: a test must never risk replacing `/dev/null`.)
#[test]
fn exports_and_backups_stream_into_pipes_and_never_replace_them() {
    use std::os::unix::fs::FileTypeExt;
    let (dir, store) = library();
    let fifo = dir.path().join("out.pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let read_all = |path: std::path::PathBuf| std::thread::spawn(move || std::fs::read(path).unwrap());

    let reader = read_all(fifo.clone());
    export::write_file(&fifo, b"<p>the issue</p>").unwrap();
    assert_eq!(reader.join().unwrap(), b"<p>the issue</p>");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "still a pipe");

    let reader = read_all(fifo.clone());
    let bytes = export::backup::backup(&store, &fifo).unwrap();
    let got = reader.join().unwrap();
    assert_eq!(got.len() as u64, bytes);
    assert!(got.starts_with(b"SQLite format 3\0"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "still a pipe");

    let err = export::write_file(dir.path(), b"x").unwrap_err().to_string();
    assert!(err.contains("is a folder"), "{err}");
}
