//! The briefing's citations: numbered by first appearance across the whole issue,
//! de-duplicated by URL, each `[n]` linking to one numbered source list.

use masthead_core::render::render;
use masthead_core::theme::{Format, ThemeSet};

fn briefing(format: Format) -> String {
    let f = super::fixture();
    let themes = ThemeSet::built_in();
    render(&f.doc, &f.publication, themes.require("briefing").unwrap(), format).unwrap().body
}

#[test]
fn citations_are_numbered_by_first_appearance_and_deduplicated() {
    let html = briefing(Format::Web);
    // Story 1 cites three sources, story 2 a new one and story 1's first again
    // (with a trailing slash): [4][1], not [4][5].
    let s1 = html.find("id=\"story-1\"").unwrap();
    let s2 = html.find("id=\"story-2\"").unwrap();
    let story1 = &html[s1..s2];
    assert!(story1.contains(r##"<a href="#source-1" title="Our app works offline">[1]</a><a href="#source-2" title="Local Dev Weekly">[2]</a><a href="#source-3" title="Ein Café geht offline">[3]</a>"##), "{story1}");
    let story2 = &html[s2..html.find("id=\"story-3\"").unwrap()];
    assert!(story2.contains(r##"">[4]</a><a href="#source-1""##), "{story2}");

    // Numbers first appear in increasing order through the document.
    let mut highest = 0;
    for part in html.split("href=\"#source-").skip(1) {
        let n: usize = part[..part.find('"').unwrap()].parse().unwrap();
        assert!(n <= highest + 1, "citation {n} appears before {}", highest + 1);
        highest = highest.max(n);
    }

    // One list, one entry per distinct URL, each with the anchor the citations jump to.
    let list = &html[html.find("<h2>Sources</h2>").unwrap()..];
    for n in 1..=highest {
        assert_eq!(list.matches(&format!("id=\"source-{n}\"")).count(), 1, "source {n} listed once");
    }
    assert_eq!(list.matches("<li id=\"source-").count(), highest);
    assert_eq!(list.matches("https://example.com/cafe/announce").count(), 1, "{list}");
}

#[test]
fn text_and_markdown_number_the_same_way() {
    let text = briefing(Format::Text);
    assert!(text.contains("Sources: [1][2][3]"), "{text}");
    assert!(text.contains("Sources: [4][1]"), "{text}");
    assert!(text.contains("[1] Our app works offline — https://example.com/cafe/announce\n"), "{text}");
    let md = briefing(Format::Markdown);
    assert!(md.contains("Sources: [\\[4\\]](#source-4)[\\[1\\]](#source-1)"), "{md}");
    assert!(
        md.contains("1. <a id=\"source-1\"></a>[Our app works offline](<https://example.com/cafe/announce>)"),
        "{md}"
    );
}
