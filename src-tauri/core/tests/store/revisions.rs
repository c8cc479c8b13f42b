use crate::{issue, story, temp_store};

#[test]
fn editing_snapshots_at_most_once_per_interval() {
    let (_d, s) = temp_store();
    let i = s.create_issue(issue("Throttle")).unwrap();
    let st = s.add_story(i.id, story("H", "v0"), None).unwrap();
    for n in 1..=20 {
        s.save_story(st.id, story("H", &format!("v{n}"))).unwrap();
    }
    let revs = s.list_revisions(i.id).unwrap();
    assert_eq!(revs.len(), 1, "twenty quick saves make one revision, not twenty");
    assert_eq!(revs[0].reason, "while editing");
}

#[test]
fn destructive_actions_snapshot_first_and_restore_is_undoable() {
    let (_d, s) = temp_store();
    let i = s.create_issue(issue("Undo")).unwrap();
    let keep = s.add_story(i.id, story("Keep", "body one"), None).unwrap();
    let gone = s.add_story(i.id, story("Gone", "body two"), None).unwrap();
    s.delete_story(gone.id).unwrap();
    let revs = s.list_revisions(i.id).unwrap();
    assert_eq!(revs[0].reason, "before deleting a story");
    let before_delete = revs[0].id;

    s.save_story(keep.id, story("Keep", "edited after the delete")).unwrap();
    let restored = s.restore_revision(before_delete).unwrap();
    assert_eq!(restored.id, i.id);
    let doc = s.get_issue_doc(i.id).unwrap();
    let heads: Vec<_> = doc.stories.iter().map(|x| x.fields.headline.as_str()).collect();
    assert_eq!(heads, ["Keep", "Gone"]);
    assert_eq!(doc.stories[0].fields.body, "body one");

    // The restore snapshotted what it replaced; restoring that undoes the restore.
    let undo = s.list_revisions(i.id).unwrap()[0].clone();
    assert!(undo.reason.starts_with("before restoring"), "{}", undo.reason);
    s.restore_revision(undo.id).unwrap();
    let doc = s.get_issue_doc(i.id).unwrap();
    assert_eq!(doc.stories.len(), 1);
    assert_eq!(doc.stories[0].fields.body, "edited after the delete");
}

#[test]
fn a_deleted_issue_comes_back_from_its_revision() {
    let (_d, s) = temp_store();
    let sample = masthead_core::sample::install(&s).unwrap();
    let before = s.get_issue_doc(sample.id).unwrap();
    s.delete_issue(sample.id).unwrap();
    assert!(s.list_issues().unwrap().is_empty());
    let rev = s.list_revisions(sample.id).unwrap()[0].id;
    let back = s.restore_revision(rev).unwrap();
    assert_eq!(back.number, sample.number);
    let after = s.get_issue_doc(back.id).unwrap();
    assert_eq!(after.stories.len(), before.stories.len());
    assert_eq!(after.stories[1].items.len(), before.stories[1].items.len());
}

#[test]
fn the_diff_reads_as_text() {
    let (_d, s) = temp_store();
    let i = s.create_issue(issue("Diff")).unwrap();
    let st = s.add_story(i.id, story("Headline", "first line\nsecond line"), None).unwrap();
    let r1 = s.snapshot_issue(i.id, "manual").unwrap();
    s.save_story(st.id, story("Headline", "first line\nchanged line")).unwrap();
    let r2 = s.snapshot_issue(i.id, "manual").unwrap();
    let diff = s.diff_revisions(r1, Some(r2)).unwrap();
    assert!(diff.contains("-second line"), "{diff}");
    assert!(diff.contains("+changed line"), "{diff}");
    assert!(diff.contains(" first line"), "{diff}");
    assert_eq!(
        s.diff_revisions(r2, None)
            .unwrap()
            .lines()
            .filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---"))
            .count(),
        0
    );
}
