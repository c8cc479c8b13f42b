//! Two publications in one library export side by side, each with its own identity, and
//! the issue file carries the publication from one library to another.

use mail_parser::MessageParser;
use masthead_core::export::{self, issue_file, ExportFormat};
use masthead_core::model::{IssueFields, StoryFields};
use masthead_core::Store;

use super::{library, themes};

/// A second publication, "Morning Brief", with an issue #1 of its own.
fn morning_brief(store: &Store) -> (i64, i64) {
    let brief = store.create_publication("Morning Brief").unwrap();
    for (k, v) in [
        ("publication.sign_off", "— Ada"),
        ("publication.sender", "Morning Brief <ada@brief.example>"),
        ("publication.unsubscribe_url", "https://brief.example/leave"),
        ("publication.postal_address", "9 Quay Street, Northport"),
        ("publication.tagline", "Five minutes before the market opens"),
        ("publication.default_theme", "briefing"),
    ] {
        store.set_publication_setting(brief.id, k, v).unwrap();
    }
    let issue = store
        .create_issue(IssueFields {
            publication_id: Some(brief.id),
            title: "Rates hold steady".into(),
            date: "2026-04-13".into(),
            ..Default::default()
        })
        .unwrap();
    let story = StoryFields { headline: "The bank waits".into(), body: "Nobody moved.".into(), ..Default::default() };
    store.add_story(issue.id, story, None).unwrap();
    (brief.id, issue.id)
}

#[test]
fn two_publications_export_side_by_side_with_their_own_names_sign_offs_and_senders() {
    let (_dir, store) = library();
    let (brief, brief_issue) = morning_brief(&store);
    let field_issue = store.list_issues().unwrap().into_iter().find(|i| i.publication_id != brief).unwrap();
    assert_eq!(store.get_issue(brief_issue).unwrap().number, 1, "numbered within its own publication");
    assert_eq!(field_issue.number, 1);
    assert_eq!(store.get_issue(brief_issue).unwrap().theme, "briefing", "its own default theme");

    let eml = |id| export::export(&store, &themes(), id, ExportFormat::Eml, None).unwrap().text;
    let (field, brief_eml) = (eml(field_issue.id), eml(brief_issue));
    let field = MessageParser::default().parse(field.as_bytes()).unwrap();
    let brief_msg = MessageParser::default().parse(brief_eml.as_bytes()).unwrap();
    let from = |m: &mail_parser::Message| m.from().unwrap().first().unwrap().address().unwrap().to_owned();
    assert_eq!(from(&field), "notes@fieldnotes.example");
    assert_eq!(from(&brief_msg), "ada@brief.example");
    assert_eq!(brief_msg.header_raw("List-Unsubscribe").map(str::trim), Some("<https://brief.example/leave>"));

    let (field_html, brief_html) = (field.body_html(0).unwrap(), brief_msg.body_html(0).unwrap());
    assert!(field_html.contains("— Sam") && !field_html.contains("— Ada"));
    assert!(brief_html.contains("— Ada") && !brief_html.contains("— Sam"));
    assert!(brief_html.contains("9 Quay Street") && !brief_html.contains("1 Harbour Road"));
    let web = export::export(&store, &themes(), brief_issue, ExportFormat::Web, None).unwrap().text;
    assert!(web.contains("Morning Brief") && web.contains("Five minutes before the market opens"));
    assert!(!web.contains("The Field Notes"));
}

#[test]
fn the_issue_file_carries_its_publication_and_import_matches_it_by_name_or_creates_it() {
    let (_dir, store) = library();
    let (_, brief_issue) = morning_brief(&store);
    let text = export::export(&store, &themes(), brief_issue, ExportFormat::Json, None).unwrap().text;
    let file = issue_file::parse(text.as_bytes(), "brief.json").unwrap();
    let carried = file.publication.as_ref().unwrap();
    assert_eq!((carried.name.as_str(), carried.sign_off.as_str()), ("Morning Brief", "— Ada"));

    // A library without it: created with the file's settings, the issue keeps its number.
    let (_dir2, other) = library();
    let first = other.first_publication().unwrap();
    let imported = issue_file::import(&other, &file, Some(first.id)).unwrap();
    let created = other.publication(imported.publication_id).unwrap();
    assert_ne!(created.id, first.id, "the file's publication wins over the fallback");
    assert_eq!(
        (created.name.as_str(), created.sign_off.as_str(), created.sender.as_str(), imported.number),
        ("Morning Brief", "— Ada", "Morning Brief <ada@brief.example>", 1)
    );
    assert!(other.smtp_settings(created.id).unwrap().host.is_empty(), "no SMTP travels in a file");

    // Again: matched by name (ignoring case), settings untouched, the next number.
    other.rename_publication(created.id, "MORNING BRIEF").unwrap();
    other.set_publication_setting(created.id, "publication.sign_off", "— Ada L.").unwrap();
    let again = issue_file::import(&other, &file, None).unwrap();
    assert_eq!((again.publication_id, again.number), (created.id, 2));
    assert_eq!(other.publication(created.id).unwrap().sign_off, "— Ada L.", "an import never rewrites settings");
    assert_eq!(other.publications().unwrap().len(), 2);

    // A file written before publications names none: it goes where the author is.
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json.as_object_mut().unwrap().remove("publication");
    let old = issue_file::parse(json.to_string().as_bytes(), "old.json").unwrap();
    assert_eq!(issue_file::import(&other, &old, Some(created.id)).unwrap().publication_id, created.id);
    assert_eq!(issue_file::import(&other, &old, None).unwrap().publication_id, first.id);

    // A file naming a publication without a name is refused, saying where.
    json["publication"] = serde_json::json!({ "name": "  " });
    let err = issue_file::parse(json.to_string().as_bytes(), "bad.json").unwrap_err();
    assert_eq!(err.to_string(), "bad.json: publication.name: a publication needs a name");
}
