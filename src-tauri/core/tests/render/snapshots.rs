//! Every built-in theme × output for the fixture issue, compared with the committed
//! snapshots in `snapshots/`. Review changes with `cargo insta review`.

use masthead_core::render::render;
use masthead_core::theme::{Format, ThemeSet};

#[test]
fn every_theme_and_output_matches_its_snapshot() {
    let mut f = super::fixture();
    // The briefing's "Created:" line is in the computer's time zone, which differs between
    // machines; every_field.rs checks it.
    f.doc.issue.created_at.clear();
    let themes = ThemeSet::built_in();
    assert!(themes.errors.is_empty(), "{:?}", themes.errors);
    for theme in ["weekly", "digest", "briefing"] {
        for format in Format::ALL {
            let out = render(&f.doc, &f.publication, themes.require(theme).unwrap(), format).unwrap();
            let name = format!("{theme}-{}", format.as_str());
            insta::assert_snapshot!(name, out.body);
        }
    }
}

#[test]
fn one_issue_renders_in_every_theme_without_losing_fields() {
    let f = super::fixture();
    let themes = ThemeSet::built_in();
    let web = |t: &str| render(&f.doc, &f.publication, themes.require(t).unwrap(), Format::Web).unwrap().body;
    let (weekly, digest, briefing) = (web("weekly"), web("digest"), web("briefing"));

    // weekly: numbered stories, discuss link, takeaway, grouped coverage, reactions with counts
    assert!(weekly.contains(r#"<span class="num">01</span> Café Zürich ships"#), "{weekly}");
    assert!(weekly.contains(">discuss ↗</a>"));
    assert!(weekly.contains("<h3>What it means</h3>") && weekly.contains("<h3>Links and reactions</h3>"));
    assert!(weekly.contains("<h4>Coverage — Switzerland</h4>"));
    assert!(weekly.contains("<span class=\"quote\">“Offline-first from a café. Respect.”</span> <span class=\"counts\">· 12,000,000 likes · 98,765,432 views</span>"), "{weekly}");
    assert!(weekly.contains("<span class=\"counts\">· 0 likes</span>"), "zero is a count, not a missing one");
    // Sub-headings link to themselves on the web; in email a local anchor goes nowhere.
    assert!(weekly.contains("<h3 id=\"how-it-works\">How it works<a href=\"#how-it-works\""), "{weekly}");
    let email = render(&f.doc, &f.publication, themes.require("weekly").unwrap(), Format::Email).unwrap().body;
    assert!(email.contains("<h3 id=\"how-it-works\">How it works</h3>") && !email.contains("class=\"anchor\""));

    // digest: the masthead line, the sign-off from the publication, the unsubscribe line
    assert!(digest.contains("Issue #002 <time datetime=\"2026-04-08\">April 8, 2026</time> · ~"), "{digest}");
    assert!(digest.contains("<p class=\"signoff\">— Ana</p>"));
    assert!(
        digest.contains("No spam. <a href=\"https://example.com/unsubscribe?u=1&amp;list=2\">Unsubscribe anytime</a>")
    );

    // briefing: executive summary, numbered priority items with Summary/Details, key tweets, sources
    assert!(briefing.contains("<h2>Executive Summary</h2>"));
    assert!(briefing.contains("<span class=\"num\">1.</span> Café Zürich"));
    assert!(briefing.contains("<strong class=\"label\">Summary:</strong> A two-person café team"));
    assert!(briefing.contains("<h2>Key Tweets</h2>"));
    assert!(briefing.contains("<h2>Additional Noteworthy Developments</h2>"));
    assert!(briefing.contains("<h2>Sources</h2>"));
}

#[test]
fn text_output_wraps_at_72_columns_with_numbered_references() {
    let f = super::fixture();
    let themes = ThemeSet::built_in();
    for theme in ["weekly", "digest", "briefing"] {
        let text = render(&f.doc, &f.publication, themes.require(theme).unwrap(), Format::Text).unwrap().body;
        for line in text.lines() {
            let width = line.chars().count();
            // a single unbreakable word (a URL, the fixture's 300-character run) may stand alone
            assert!(
                width <= 72 || !line.trim().contains(' ') || line.starts_with('[') || line.starts_with("    "),
                "{theme}: line of {width} columns: {line:?}"
            );
        }
        assert!(text.contains("[1] "), "{theme} lists its links as references:\n{text}");
    }
    let weekly = render(&f.doc, &f.publication, themes.require("weekly").unwrap(), Format::Text).unwrap().body;
    assert!(weekly.contains("What it means\n-------------"), "headings are underlined:\n{weekly}");
    assert!(weekly.contains("Read the announcement [2]."), "links become references:\n{weekly}");
}
