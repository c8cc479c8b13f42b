//! The briefing's citations. By default each item numbers its own sources `[1][2]` as
//! analysts' briefings do, each linking to that item's entry in the source list; the
//! theme option `citations = "issue"` numbers them once across the issue instead,
//! de-duplicated by URL. Plain text always numbers links once across the issue.

use masthead_core::render::render;
use masthead_core::theme::{Format, ThemeSet};

fn briefing(themes: &ThemeSet, name: &str, format: Format) -> String {
    let f = super::fixture();
    render(&f.doc, &f.publication, themes.require(name).unwrap(), format).unwrap().body
}

/// The built-in briefing, and `issue-wide`: the briefing with `citations = "issue"`.
fn themes() -> (tempfile::TempDir, ThemeSet) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("issue-wide")).unwrap();
    std::fs::write(
        dir.path().join("issue-wide/theme.toml"),
        "description = \"Briefing, cited across the issue\"\nextends = \"briefing\"\n[options]\ncitations = \"issue\"\n",
    )
    .unwrap();
    let set = ThemeSet::load(Some(dir.path()), None);
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    (dir, set)
}

fn story(html: &str, n: usize) -> &str {
    let start = html.find(&format!("id=\"story-{n}\"")).unwrap();
    let end = html.find(&format!("id=\"story-{}\"", n + 1)).unwrap_or(html.len());
    &html[start..end]
}

#[test]
fn each_item_numbers_its_own_sources_by_default() {
    let (_dir, themes) = themes();
    let html = briefing(&themes, "briefing", Format::Web);
    // Story 1 cites three sources; story 2 a new one and story 1's first again (with a
    // trailing slash): [1][2] afresh, each to its own entry.
    assert!(story(&html, 1).contains(r##"<a href="#source-1-1" title="Our app works offline">[1]</a><a href="#source-1-2" title="Local Dev Weekly">[2]</a><a href="#source-1-3" title="Ein Café geht offline">[3]</a>"##), "{html}");
    assert!(
        story(&html, 2).contains(r##"<a href="#source-2-1" title="The very long story">[1]</a><a href="#source-2-2""##)
    );

    // Every citation has exactly one entry to jump to, which names source, title and note.
    let list = &html[html.find("<h2>Sources</h2>").unwrap()..];
    for part in html.split("href=\"#source-").skip(1) {
        let id = &part[..part.find('"').unwrap()];
        assert_eq!(list.matches(&format!("id=\"source-{id}\"")).count(), 1, "source-{id} listed once");
    }
    assert!(list.contains("<strong class=\"group\">Analysis:</strong> <a href=\"https://example.com/ldw/analysis\" class=\"source\">Local Dev Weekly</a> — <span class=\"note\">good on the sync design</span>"), "{list}");

    // In email a citation goes straight to its page.
    let email = briefing(&themes, "briefing", Format::Email);
    assert!(story(&email, 2).contains(r#"<a href="https://example.com/news/long">[1]</a>"#), "{email}");

    let md = briefing(&themes, "briefing", Format::Markdown);
    assert!(md.contains("Sources: [\\[1\\]](#source-2-1)[\\[2\\]](#source-2-2)"), "{md}");
    assert!(md.contains("- <a id=\"source-2-1\"></a>\\[1\\] Example News — [“The very long story”](<https://example.com/news/long>)  \n  Why the longest"), "{md}");
}

#[test]
fn across_the_issue_citations_keep_one_number_per_url() {
    let (_dir, themes) = themes();
    let html = briefing(&themes, "issue-wide", Format::Web);
    assert!(story(&html, 1).contains(r##"<a href="#source-1-1" title="Our app works offline">[1]</a><a href="#source-1-2" title="Local Dev Weekly">[2]</a><a href="#source-1-3" title="Ein Café geht offline">[3]</a>"##), "{html}");
    // Story 2's new source is [4]; story 1's first (with a trailing slash) keeps [1].
    assert!(story(&html, 2).contains(r##"">[4]</a><a href="#source-2-1""##), "{html}");

    // Numbers first appear in increasing order through the document.
    let mut highest = 0;
    for part in html.split("[").skip(1).filter(|p| p.starts_with(char::is_numeric)) {
        let Ok(n) = part[..part.find(']').unwrap_or(0)].parse::<usize>() else { continue };
        assert!(n <= highest + 1, "citation {n} appears before {}", highest + 1);
        highest = highest.max(n);
    }
}

#[test]
fn plain_text_numbers_every_link_once_across_the_issue() {
    let (_dir, themes) = themes();
    for name in ["briefing", "issue-wide"] {
        let text = briefing(&themes, name, Format::Text);
        // The body's link comes first, then the story's sources; story 2 re-cites it.
        assert!(text.contains("Sources: [1][2][3]"), "{text}");
        assert!(text.contains("Sources: [5][1]"), "{text}");
        assert!(text.contains("[2] Analysis: Local Dev Weekly — good on the sync design\n"), "{text}");
        assert!(text.contains("\n[1] https://example.com/cafe/announce\n"), "{text}");
    }
}
