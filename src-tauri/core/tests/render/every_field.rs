//! Switching theme never hides what the author wrote: an issue with every field filled
//! renders in every built-in theme and output with every field's words in it, untitled
//! stories read as prose, and a theme that leaves a field out says which.

use masthead_core::model::{Issue, IssueDoc, IssueStatus, Item, ItemFields, ItemKind, Publication, Story, StoryFields};
use masthead_core::render::render;
use masthead_core::theme::{Format, ThemeSet};

/// Each field holds a phrase no other field holds, plain words so that no output's
/// escaping or typography changes them.
const FIELDS: &[(&str, &str)] = &[
    ("issue.title", "Harbour lights at dusk"),
    ("issue.subtitle", "seven ferries and a lighthouse"),
    ("issue.intro", "The week opened with fog over the water"),
    ("issue.closing", "Write back with your own harbour story"),
    ("story.section", "Signals from the quay"),
    ("story.headline", "The night ferry keeps its schedule"),
    ("story.body", "Crews worked through the storm to keep the crossing open"),
    ("story.takeaway", "Reliable service wins loyal passengers"),
    ("story.summary", "A ferry line ran every sailing despite the gale"),
    ("story.details", "Two captains swapped shifts so the boat never waited"),
    ("coverage.group_heading", "Dockside reports"),
    ("coverage.source", "Coastal Courier"),
    ("coverage.title", "Ferry holds firm in the gale"),
    ("coverage.note", "the best account of the night"),
    ("reaction.source", "Marta Quayle"),
    ("reaction.role", "harbour pilot"),
    ("reaction.quote", "Never seen a crossing that calm in a storm"),
    ("reaction.note", "she guided the ferry in"),
    ("publication.name", "The Lantern"),
    ("publication.tagline", "Notes from the waterfront"),
    ("publication.footer", "Printed on the pier every Thursday"),
];

fn text(field: &str) -> String {
    FIELDS.iter().find(|(f, _)| *f == field).unwrap().1.to_owned()
}

fn everything() -> (IssueDoc, Publication) {
    let t = text;
    let item = |id, fields| Item { id, story_id: 1, ordinal: id, fields };
    let coverage = ItemFields {
        kind: ItemKind::Coverage,
        group_heading: t("coverage.group_heading"),
        source: t("coverage.source"),
        title: t("coverage.title"),
        note: t("coverage.note"),
        url: "https://example.com/courier/ferry".into(),
        likes: Some(4_321),
        views: Some(98_765),
        ..ItemFields::default()
    };
    let reaction = ItemFields {
        kind: ItemKind::Reaction,
        source: t("reaction.source"),
        role: t("reaction.role"),
        quote: t("reaction.quote"),
        note: t("reaction.note"),
        url: "https://example.com/social/marta/1".into(),
        likes: Some(1_234),
        views: Some(56_789),
        ..ItemFields::default()
    };
    let story = Story {
        id: 1,
        issue_id: 1,
        ordinal: 0,
        fields: StoryFields {
            section: t("story.section"),
            headline: t("story.headline"),
            discuss_url: "https://example.com/discuss/ferry".into(),
            body: t("story.body"),
            summary: t("story.summary"),
            details: t("story.details"),
            takeaway: t("story.takeaway"),
        },
        items: vec![item(1, coverage), item(2, reaction)],
        updated_at: String::new(),
    };
    let issue = Issue {
        id: 1,
        publication_id: 0,
        number: 12,
        title: t("issue.title"),
        subtitle: t("issue.subtitle"),
        date: "2026-04-08".into(),
        status: IssueStatus::Draft,
        theme: String::new(),
        intro: t("issue.intro"),
        closing: t("issue.closing"),
        preheader: String::new(),
        created_at: String::new(),
        updated_at: String::new(),
    };
    let publication = Publication {
        name: t("publication.name"),
        tagline: t("publication.tagline"),
        footer: t("publication.footer"),
        sign_off: "— Ines".into(),
        ..Publication::default()
    };
    (IssueDoc { issue, stories: vec![story] }, publication)
}

#[test]
fn every_field_shows_in_every_built_in_theme_and_output() {
    let (doc, publication) = everything();
    let themes = ThemeSet::built_in();
    for theme in ["weekly", "digest", "briefing"] {
        let theme = themes.require(theme).unwrap();
        assert_eq!(theme.info.hidden, [], "{} reports no hidden field", theme.info.name);
        for format in Format::ALL {
            let out = render(&doc, &publication, theme, format).unwrap().body;
            // Text wraps lines and a briefing writes its title in capitals.
            let flat = out.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            for (field, words) in FIELDS {
                assert!(
                    flat.contains(&words.to_lowercase()),
                    "{} {format:?} leaves out {field}:\n{out}",
                    theme.info.name
                );
            }
            for link in [
                "https://example.com/courier/ferry",
                "https://example.com/social/marta/1",
                "https://example.com/discuss/ferry",
            ] {
                assert!(out.contains(link), "{} {format:?} leaves out {link}:\n{out}", theme.info.name);
            }
            for counts in ["4,321 likes · 98,765 views", "1,234 likes · 56,789 views", "— Ines"] {
                assert!(
                    flat.contains(&counts.to_lowercase()),
                    "{} {format:?} leaves out {counts}:\n{out}",
                    theme.info.name
                );
            }
        }
    }
}

#[test]
fn untitled_stories_read_as_prose_in_every_theme() {
    let (mut doc, publication) = everything();
    let mut second = doc.stories[0].clone();
    second.id = 2;
    second.fields = StoryFields { body: "A second paragraph of harbour news".into(), ..StoryFields::default() };
    second.items.clear();
    doc.stories[0].fields.headline.clear();
    doc.stories[0].fields.section.clear();
    doc.stories.push(second);
    let themes = ThemeSet::built_in();
    for theme in ["weekly", "digest", "briefing"] {
        let theme = themes.require(theme).unwrap();
        let web = render(&doc, &publication, theme, Format::Web).unwrap().body;
        let name = &theme.info.name;
        assert!(!web.contains("<h2 class=\"headline\"><span class=\"num\">01</span> </h2>"), "{name}: no bare number");
        assert!(!web.contains("<nav class=\"toc\""), "{name}: no table of contents of untitled stories");
        assert!(!web.contains("<h3></h3>") && !web.contains("<h2></h2>"), "{name}: no empty headings:\n{web}");
        assert!(!web.contains("<span class=\"num\">1.</span> </h3>"), "{name}: no empty numbered item");
        assert!(web.contains("A second paragraph of harbour news"));
        let text = render(&doc, &publication, theme, Format::Text).unwrap().body;
        assert!(!text.lines().any(|l| l.trim() == "01" || l.trim() == "1."), "{name}: no bare numbers:\n{text}");
    }
}

#[test]
fn an_untitled_issue_writes_no_empty_title_or_dangling_date() {
    let (mut doc, publication) = everything();
    doc.issue.title.clear();
    let themes = ThemeSet::built_in();
    for theme in ["weekly", "digest", "briefing"] {
        let theme = themes.require(theme).unwrap();
        for format in [Format::Web, Format::Email] {
            let html = render(&doc, &publication, theme, format).unwrap().body;
            assert!(!html.contains("<h1 class=\"title\"></h1>"), "{}: {html}", theme.info.name);
            assert!(!html.contains("<title></title>") && !html.contains("<title> —"), "{}: {html}", theme.info.name);
        }
        let text = render(&doc, &publication, theme, Format::Text).unwrap().body;
        assert!(!text.lines().any(|l| l.starts_with(" - ")), "{}: {text}", theme.info.name);
    }
}

#[test]
fn a_theme_that_leaves_a_field_out_says_which() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("terse")).unwrap();
    std::fs::write(dir.path().join("terse/theme.toml"), "description = \"Headlines only\"\nextends = \"weekly\"\n")
        .unwrap();
    std::fs::write(
        dir.path().join("terse/content.html"),
        "<h1>{{ issue.title }}</h1>{% for s in stories %}<h2>{{ s.headline }}</h2>{{ s.body|markdown }}{% endfor %}",
    )
    .unwrap();
    let themes = ThemeSet::load(Some(dir.path()), None);
    let terse = themes.require("terse").unwrap();
    let hidden = |field: &str| terse.info.hidden.iter().find(|h| h.field == field).map(|h| h.formats.clone());
    assert_eq!(hidden("story.takeaway"), Some(vec![Format::Web, Format::Email]), "{:?}", terse.info.hidden);
    assert_eq!(hidden("reaction.quote"), Some(vec![Format::Web, Format::Email]));
    assert_eq!(hidden("story.headline"), None);
    assert_eq!(hidden("story.body"), None);

    // The reading time counts only what the page shows: the takeaway's words are not read.
    let (mut doc, publication) = everything();
    let before = render(&doc, &publication, terse, Format::Web).unwrap().words;
    doc.stories[0].fields.takeaway = "word ".repeat(500);
    assert_eq!(render(&doc, &publication, terse, Format::Web).unwrap().words, before);
}
