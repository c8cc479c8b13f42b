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
    ("coverage.date", "March 2025"),
    ("reaction.source", "Marta Quayle"),
    ("reaction.role", "harbour pilot"),
    ("reaction.quote", "Never seen a crossing that calm in a storm"),
    ("reaction.note", "she guided the ferry in"),
    ("publication.name", "The Lantern"),
    ("publication.tagline", "Notes from the waterfront"),
    ("publication.cadence", "Out every second Thursday"),
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
        date: t("coverage.date"),
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
            reading_minutes: Some(7),
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
        cadence: t("publication.cadence"),
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
            for counts in ["4,321 likes · 98,765 views", "1,234 likes · 56,789 views", "— Ines", "~7 min read"] {
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

/// The author orders the footer's lines (the digest seed puts its "Built on …" line before
/// the name and tagline); every theme and output follows, and lines left out of the order
/// follow in the usual order, so none is ever dropped.
#[test]
fn the_footer_lines_follow_the_authors_order_in_every_theme_and_output() {
    let (doc, mut publication) = everything();
    let themes = ThemeSet::built_in();
    for (order, want) in [
        ("", ["publication.footer", "publication.tagline", "publication.cadence"]),
        ("cadence, TAGLINE", ["publication.cadence", "publication.tagline", "publication.footer"]),
    ] {
        publication.footer_order = order.into();
        for theme in ["weekly", "digest", "briefing"] {
            let theme = themes.require(theme).unwrap();
            for format in Format::ALL {
                let out = render(&doc, &publication, theme, format).unwrap().body;
                let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
                // The footer closes the issue: its lines are the last of their words.
                let at = |field: &str| flat.rfind(&text(field)).unwrap_or_else(|| panic!("{field} in:\n{out}"));
                let positions: Vec<usize> = want.iter().map(|f| at(f)).collect();
                assert!(
                    positions.windows(2).all(|w| w[0] < w[1]),
                    "{} {format:?} with order {order:?}: {want:?} at {positions:?}:\n{out}",
                    theme.info.name
                );
                if theme.info.name == "digest" {
                    // The digest's footer names the newsletter: after the footer text, as usual.
                    assert!(at("publication.name") > at("publication.footer"), "{format:?}:\n{out}");
                }
            }
        }
    }
    let err = masthead_core::model::footer_order("name, logo").unwrap_err();
    assert_eq!(err, "\"logo\" is not a footer line (they are footer, name, tagline, cadence)");
    assert_eq!(masthead_core::model::footer_order("name, name").unwrap_err(), "name is named twice");
}

/// Typography is one rule for the whole issue: typographic everywhere (Markdown, one-line
/// fields, and the quote marks a theme adds), or as typed everywhere.
#[test]
fn typography_is_typographic_everywhere_or_as_typed_everywhere() {
    let (mut doc, mut publication) = everything();
    doc.issue.title = r#"The "big" week"#.into();
    doc.stories[0].fields.body = r#""Quoted" -- in the body"#.into();
    doc.stories[0].items[1].fields.quote = "It's calm -- really...".into();
    doc.stories[0].items[1].fields.note = "she'd know".into();
    let themes = ThemeSet::built_in();
    for theme in ["weekly", "digest", "briefing"] {
        let theme = themes.require(theme).unwrap();
        let name = &theme.info.name;
        publication.typography = masthead_core::model::Typography::Typographic;
        for format in [Format::Text, Format::Web, Format::Email] {
            let out = render(&doc, &publication, theme, format).unwrap().body;
            let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
            // (A briefing's text writes its title in capitals.)
            let flat = flat.to_lowercase();
            for set in ["The “big” week", "“Quoted” – in the body", "“It’s calm – really…”", "she’d know"]
            {
                assert!(flat.contains(&set.to_lowercase()), "{name} {format:?} has {set}:\n{out}");
            }
        }
        publication.typography = masthead_core::model::Typography::AsTyped;
        for format in [Format::Text, Format::Markdown] {
            let out = render(&doc, &publication, theme, format).unwrap().body;
            let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
            let flat = flat.to_lowercase();
            for typed in
                [r#"The "big" week"#, r#""Quoted" -- in the body"#, r#""It's calm -- really...""#, "she'd know"]
            {
                assert!(flat.contains(&typed.to_lowercase()), "{name} {format:?} has {typed}:\n{out}");
            }
            for mark in ['“', '”', '‘', '’', '…'] {
                assert!(!out.contains(mark), "{name} {format:?}: no {mark} when as typed:\n{out}");
            }
        }
        let web = render(&doc, &publication, theme, Format::Web).unwrap().body;
        assert!(web.contains("\"Quoted\" -- in the body"), "{name}: the body as typed:\n{web}");
    }
}

/// The briefing's "Created: April 13, 2026 at 6:19 AM" line, from when the issue was begun,
/// in every output (the time zone is the computer's, so it is worked out the same way here).
#[test]
fn the_briefing_says_when_the_issue_was_created() {
    let (mut doc, publication) = everything();
    doc.issue.created_at = "2026-04-13T06:19:00.000Z".into();
    let created = masthead_core::render::numbers::long_time(&doc.issue.created_at);
    assert!(created.starts_with("April 1") && created.contains(", 2026 at "), "{created}");
    let themes = ThemeSet::built_in();
    let briefing = themes.require("briefing").unwrap();
    for format in Format::ALL {
        let out = render(&doc, &publication, briefing, format).unwrap().body;
        assert!(out.contains(&format!("Created: {created}")), "{format:?}:\n{out}");
    }
    doc.issue.created_at.clear();
    let out = render(&doc, &publication, briefing, Format::Web).unwrap().body;
    assert!(!out.contains("Created:"), "no time, no line");
}

/// A coverage link's own date follows its title without a stray dash, as the seeds write it
/// (`“Title” (March 2025)`), and a reaction's note stands before its quote when the author
/// puts it there.
#[test]
fn link_dates_and_notes_before_quotes_read_as_the_seeds() {
    let (mut doc, publication) = everything();
    doc.stories[0].items[1].fields.note_first = true;
    let themes = ThemeSet::built_in();
    for theme in ["weekly", "digest", "briefing"] {
        let theme = themes.require(theme).unwrap();
        for format in [Format::Text, Format::Markdown, Format::Web] {
            let out = render(&doc, &publication, theme, format).unwrap().body;
            let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
            let name = &theme.info.name;
            let dated = match format {
                // The digest's links read `Title (Source, date)`.
                _ if name == "digest" => "(Coastal Courier, March 2025)",
                Format::Web => "“Ferry holds firm in the gale”</a> <span class=\"date\">(March 2025)</span>",
                Format::Markdown => "“Ferry holds firm in the gale”](<https://example.com/courier/ferry>) (March 2025)",
                _ => "“Ferry holds firm in the gale” (March 2025)",
            };
            assert!(flat.contains(dated), "{name} {format:?}: {dated}\n{out}");
            let (note, quote) = (flat.rfind("she guided the ferry in"), flat.rfind("Never seen a crossing"));
            assert!(note.unwrap() < quote.unwrap(), "{name} {format:?}: the note first\n{out}");
        }
    }
}
