use std::fs;

use masthead_core::store::{LIBRARY_FILE, SCHEMA_VERSION};
use masthead_core::{ErrorKind, Store};

use crate::fixtures;

#[test]
fn a_schema_1_library_upgrades_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(LIBRARY_FILE);
    fs::copy(fixtures().join("db/schema-v1.sqlite3"), &path).unwrap();

    let s = Store::open(&path).unwrap();
    let check = s.check().unwrap();
    assert_eq!(check.schema_version, SCHEMA_VERSION);
    assert_eq!(check.integrity, ["ok"]);
    let issue = s.issue_by_number(None, 7).unwrap();
    assert_eq!(issue.title, "An issue from schema one");
    let doc = s.get_issue_doc(issue.id).unwrap();
    let reaction = &doc.stories[0].items[0].fields;
    assert_eq!((reaction.source.as_str(), reaction.likes, reaction.views), ("Marta Keeper", Some(1047), Some(73368)));
    assert_eq!(s.first_publication().unwrap().name, "Old Notes");
    // Migration 2 indexed what schema 1 already held.
    assert_eq!(s.search("foghorn", 5).unwrap()[0].title, "Lighthouse keepers return");
    assert_eq!(s.search("lamp", 5).unwrap()[0].title, "A lamp catalogue");
}

#[test]
fn a_library_from_a_newer_masthead_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(LIBRARY_FILE);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (1); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("a newer library must be refused");
    assert_eq!(err.kind(), ErrorKind::NewerVersion);
    let msg = err.to_string();
    assert!(msg.contains("written by a newer version of Masthead"), "{msg}");
    assert!(msg.contains(&path.display().to_string()), "the message names the file: {msg}");
    assert_eq!(fs::read(&path).unwrap(), before, "not one byte changed");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no journal or WAL file was left beside it: {names:?}");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(LIBRARY_FILE);
    let text = "Dear diary, this is not a database. ".repeat(50);
    fs::write(&path, &text).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert_eq!(err.kind(), ErrorKind::NotADatabase);
    assert!(err.to_string().contains(&path.display().to_string()));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn a_damaged_library_is_reported_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(LIBRARY_FILE);
    {
        let s = Store::open(&path).unwrap();
        masthead_core::sample::install(&s).unwrap();
        s.create_issue(crate::issue(&"x".repeat(5000))).unwrap();
    }
    // Checkpointed on close, so the main file holds everything. Scribble over page 1
    // after its 100-byte header: the schema itself is damaged.
    let mut bytes = fs::read(&path).unwrap();
    for b in &mut bytes[100..4096] {
        *b = 0xA5;
    }
    fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).err().expect("a damaged schema page must be refused");
    assert!(matches!(err.kind(), ErrorKind::Corrupt | ErrorKind::NotADatabase), "{err:?}");
    assert!(err.to_string().contains(&path.display().to_string()), "{err}");
    assert_eq!(fs::read(&path).unwrap(), bytes, "the damaged file is left exactly as found");

    // The app's recovery: move it aside and start fresh; the bad file is kept.
    let aside = masthead_core::store::move_aside(&path).unwrap();
    assert_eq!(fs::read(&aside).unwrap(), bytes);
    let fresh = Store::open(&path).unwrap();
    assert!(fresh.list_issues().unwrap().is_empty());
}

#[test]
fn damage_inside_the_data_is_refused_when_the_library_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(LIBRARY_FILE);
    {
        let s = Store::open(&path).unwrap();
        let i = s.create_issue(crate::issue("t")).unwrap();
        for n in 0..200 {
            s.add_story(i.id, crate::story(&format!("story {n}"), &"body text ".repeat(100)), None).unwrap();
        }
    }
    let mut bytes = fs::read(&path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 2..len / 2 + 8192] {
        *b = 0x5A;
    }
    fs::write(&path, &bytes).unwrap();
    // Refused at once (before, it opened, and the next command wrote to the damaged file).
    let err = Store::open(&path).err().expect("damage in the data is found when the library opens");
    assert!(matches!(err.kind(), ErrorKind::Corrupt | ErrorKind::NotADatabase), "{err:?}");
    assert_eq!(fs::read(&path).unwrap(), bytes, "nothing was written to it");
}

#[test]
fn a_library_folder_that_cannot_be_created_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    fs::write(&blocker, "a file where the library folder should be").unwrap();
    let err = Store::open_in(blocker.join("library")).err().unwrap();
    assert_eq!(err.kind(), ErrorKind::ReadOnly);
    assert!(err.to_string().contains("not-a-folder"), "{err}");
}

#[test]
fn two_processes_worth_of_connections_share_one_library_safely() {
    let dir = tempfile::tempdir().unwrap();
    let a = Store::open_in(dir.path()).unwrap();
    let b = Store::open_in(dir.path()).unwrap();
    let ia = a.create_issue(crate::issue("from a")).unwrap();
    let ib = b.create_issue(crate::issue("from b")).unwrap();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            for n in 0..150 {
                a.add_story(ia.id, crate::story(&format!("a{n}"), ""), None).unwrap();
            }
        });
        scope.spawn(|| {
            for n in 0..150 {
                b.add_story(ib.id, crate::story(&format!("b{n}"), ""), None).unwrap();
            }
        });
    });
    let c = a.check().unwrap();
    assert_eq!((c.integrity.as_slice(), c.stories), (&["ok".to_string()][..], 300));
}

/// A library path that is a pipe (opening it would wait for ever), a device or a folder is
/// refused at once, saying what it is.
#[test]
fn a_library_path_that_is_no_file_is_refused_saying_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe").join(LIBRARY_FILE);
    fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (path, is) in [
        (fifo.as_path(), "is a pipe (FIFO), not a library file"),
        (std::path::Path::new("/dev/null"), "is a device, not a library file"),
        (dir.path(), "is a folder, not a library file"),
    ] {
        let err = Store::open(path).err().expect("refused");
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(err.to_string().contains(is), "{err}");
    }
}

/// Schema 4 moves the library-wide settings into a first publication and rebuilds `issues`
/// (numbers become unique per publication). The rebuild must not cascade to stories, and
/// the search triggers it drops must come back.
#[test]
fn a_schema_3_library_becomes_its_first_publication_and_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(LIBRARY_FILE);
    fs::copy(fixtures().join("db/schema-v3.sqlite3"), &path).unwrap();

    let s = Store::open(&path).unwrap();
    let check = s.check().unwrap();
    assert_eq!((check.schema_version, check.integrity.as_slice()), (SCHEMA_VERSION, &["ok".to_owned()][..]));
    assert_eq!((check.issues, check.stories, check.items, check.links, check.revisions), (2, 2, 1, 1, 1));

    let pubs = s.publications().unwrap();
    assert_eq!(pubs.len(), 1);
    let p = &pubs[0];
    assert_eq!(
        (p.name.as_str(), p.sign_off.as_str(), p.sender.as_str(), p.words_per_minute),
        ("Harbour Notes", "— Ines", "Harbour Notes <ines@example.com>", 240)
    );
    assert_eq!(s.smtp_settings(p.id).unwrap().host, "smtp.example.com");
    assert!(s.tagging(p.id).unwrap().enabled);
    // The editor's own setting stays the library's.
    assert_eq!(s.setting("editor.spelling").unwrap().as_deref(), Some("en_GB"));

    let issue = s.issue_by_number(None, 3).unwrap();
    assert_eq!((issue.title.as_str(), issue.publication_id), ("Tides and timetables", p.id));
    let doc = s.get_issue_doc(issue.id).unwrap();
    assert_eq!(doc.stories[0].items[0].fields.source, "Ines Harbour", "stories and items survived the rebuild");

    // The issue search triggers were recreated: an edit is found, the old title is not.
    let mut fields = masthead_core::model::IssueFields { title: "Lanterns at dusk".into(), ..Default::default() };
    fields.intro = issue.intro.clone();
    s.update_issue(issue.id, fields).unwrap();
    assert_eq!(s.search("lanterns", 5).unwrap()[0].title, "Lanterns at dusk");
    assert!(s.search("timetables", 5).unwrap().iter().all(|h| h.title != "Tides and timetables"));

    // Foreign keys are on again: deleting an issue deletes its stories.
    s.delete_issue(issue.id).unwrap();
    assert_eq!(s.check().unwrap().stories, 1);
    // A revision from before schema 4 (no publication in it) restores into the first.
    let revision = s.list_revisions(issue.id).unwrap().into_iter().last().unwrap();
    let back = s.restore_revision(revision.id).unwrap();
    assert_eq!(back.publication_id, p.id);
}
