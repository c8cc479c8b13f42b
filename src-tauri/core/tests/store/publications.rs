//! Several publications in one library: each its own name, settings and numbering.

use masthead_core::model::{IssueFields, SmtpSettings, SmtpTls};
use masthead_core::ErrorKind;

use crate::{issue, temp_store};

#[test]
fn a_new_library_has_one_publication_and_names_are_unique_ignoring_case() {
    let (_d, s) = temp_store();
    let first = s.first_publication().unwrap();
    assert_eq!(s.publications().unwrap(), vec![first.clone()]);
    assert_eq!(first.name, "My Newsletter");

    let briefing = s.create_publication("  Morning Briefing ").unwrap();
    assert_eq!(briefing.name, "Morning Briefing", "trimmed");
    for bad in ["", "   ", "morning briefing", "MY NEWSLETTER", "two\nlines", &"x".repeat(121)] {
        let err = s.create_publication(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "{bad:?}: {err}");
    }
    assert_eq!(s.publication_by_name("MORNING briefing").unwrap().id, briefing.id);
    let err = s.publication_by_name("Evening").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("“My Newsletter”, “Morning Briefing”"), "lists the names: {err}");

    let renamed = s.rename_publication(briefing.id, "The Briefing").unwrap();
    assert_eq!(renamed.name, "The Briefing");
    assert_eq!(s.rename_publication(briefing.id, "my newsletter").unwrap_err().kind(), ErrorKind::Invalid);
    // Renaming to itself in another case is fine.
    assert_eq!(s.rename_publication(briefing.id, "THE BRIEFING").unwrap().name, "THE BRIEFING");
}

#[test]
fn issue_numbers_run_per_publication() {
    let (_d, s) = temp_store();
    let weekly = s.first_publication().unwrap();
    let briefing = s.create_publication("Briefing").unwrap();
    let w1 = s.create_issue(issue("Weekly one")).unwrap();
    let w2 = s.create_issue(issue("Weekly two")).unwrap();
    let b1 = s.create_issue(IssueFields { publication_id: Some(briefing.id), ..issue("Briefing one") }).unwrap();
    assert_eq!((w1.number, w2.number, b1.number), (1, 2, 1));
    assert_eq!((w1.publication_id, b1.publication_id), (weekly.id, briefing.id));

    // #2 is only in the weekly; #1 is in both, so a bare number must say which.
    assert_eq!(s.issue_by_number(None, 2).unwrap().id, w2.id);
    let err = s.issue_by_number(None, 1).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.to_string().contains("“My Newsletter”, “Briefing”"), "{err}");
    assert_eq!(s.issue_by_number(Some(briefing.id), 1).unwrap().id, b1.id);
    let err = s.issue_by_number(Some(briefing.id), 2).unwrap_err();
    assert_eq!(err.to_string(), "issue #2 in “Briefing” was not found");

    // A number is taken only within its publication.
    let taken = s.create_issue(IssueFields { number: Some(1), ..issue("Again") }).unwrap_err();
    assert_eq!(taken.to_string(), "“My Newsletter” already has an issue #1; pick another number");
    // Moving an issue keeps its number if the other publication has it free.
    let moved =
        s.update_issue(w2.id, IssueFields { publication_id: Some(briefing.id), ..issue("Weekly two") }).unwrap();
    assert_eq!((moved.publication_id, moved.number), (briefing.id, 2));
    let clash = s.update_issue(w1.id, IssueFields { publication_id: Some(briefing.id), ..issue("Weekly one") });
    assert_eq!(clash.unwrap_err().kind(), ErrorKind::Invalid);
    assert_eq!(s.get_issue(w1.id).unwrap().publication_id, weekly.id, "a refused move changes nothing");

    // A duplicate stays in its publication, numbered there.
    let copy = s.duplicate_issue(b1.id).unwrap();
    assert_eq!((copy.publication_id, copy.number), (briefing.id, 3));
    // A new issue takes its publication's default theme.
    s.set_publication_setting(briefing.id, "publication.default_theme", "briefing").unwrap();
    let themed = s.create_issue(IssueFields { publication_id: Some(briefing.id), ..issue("Themed") }).unwrap();
    assert_eq!(themed.theme, "briefing");
    assert_eq!(s.create_issue(issue("Plain")).unwrap().theme, "weekly");
}

#[test]
fn settings_belong_to_their_publication() {
    let (_d, s) = temp_store();
    let a = s.first_publication().unwrap();
    let b = s.create_publication("Second").unwrap();
    s.set_publication_setting(a.id, "publication.sign_off", "— A").unwrap();
    s.set_publication_setting(b.id, "publication.sign_off", "— B").unwrap();
    let smtp = SmtpSettings { host: "smtp.b.example".into(), port: 465, tls: SmtpTls::Tls, user: "b".into() };
    s.set_smtp_settings(b.id, &smtp).unwrap();
    assert_eq!(s.publication(a.id).unwrap().sign_off, "— A");
    assert_eq!(s.publication(b.id).unwrap().sign_off, "— B");
    assert_eq!(s.smtp_settings(b.id).unwrap(), smtp);
    assert_eq!(s.smtp_settings(a.id).unwrap().host, "", "the first publication's SMTP is untouched");
    assert_eq!(s.publication_setting(b.id, "publication.name").unwrap().as_deref(), Some("Second"));
    s.set_publication_setting(b.id, "publication.name", "Renamed").unwrap();
    assert_eq!(s.publication(b.id).unwrap().name, "Renamed");

    // The editor's settings are the library's, a publication's are not.
    assert_eq!(s.set_setting("publication.sign_off", "x").unwrap_err().kind(), ErrorKind::Invalid);
    assert_eq!(s.set_publication_setting(a.id, "editor.spelling", "en_GB").unwrap_err().kind(), ErrorKind::Invalid);
    assert_eq!(s.publication(999).unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(s.set_publication_setting(999, "publication.tagline", "x").unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn a_publication_with_issues_or_the_last_one_is_not_deleted() {
    let (_d, s) = temp_store();
    let a = s.first_publication().unwrap();
    let err = s.delete_publication(a.id).unwrap_err();
    assert_eq!(err.to_string(), "“My Newsletter” is the library's only publication; a library keeps at least one");
    let b = s.create_publication("Second").unwrap();
    s.set_publication_setting(b.id, "publication.tagline", "gone with it").unwrap();
    let i = s.create_issue(IssueFields { publication_id: Some(b.id), ..issue("Kept") }).unwrap();
    let err = s.delete_publication(b.id).unwrap_err();
    assert_eq!(err.to_string(), "“Second” still has 1 issue: move or delete it first");
    s.delete_issue(i.id).unwrap();
    s.delete_publication(b.id).unwrap();
    assert_eq!(s.publications().unwrap().len(), 1);
    // Its settings went with it: a new one of the same name starts empty.
    assert_eq!(s.create_publication("Second").unwrap().tagline, "");
    // A revision of an issue whose publication is gone restores into the first.
    let revision = s.list_revisions(i.id).unwrap().remove(0);
    assert_eq!(s.restore_revision(revision.id).unwrap().publication_id, a.id);
}
