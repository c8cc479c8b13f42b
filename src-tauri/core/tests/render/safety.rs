//! Nothing in an issue becomes script: raw HTML in Markdown is sanitized, and fetched or
//! typed titles, quotes and names are escaped, in every theme and output.

use masthead_core::render::render;
use masthead_core::theme::{Format, ThemeSet};

#[test]
fn no_output_carries_script_handlers_or_javascript_links() {
    let f = super::fixture();
    let themes = ThemeSet::built_in();
    for theme in ["weekly", "digest", "briefing"] {
        for format in [Format::Web, Format::Email] {
            let html = render(&f.doc, &f.publication, themes.require(theme).unwrap(), format).unwrap().body;
            let lower = html.to_ascii_lowercase();
            assert!(!lower.contains("<script"), "{theme} {format:?}: script element");
            // The fixture's hostile source name shows as escaped text; no element carries a handler.
            assert_eq!(
                lower.matches("onerror").count(),
                lower.matches("&lt;img src=x onerror").count(),
                "{theme} {format:?}: event handler"
            );
            assert!(!lower.contains("javascript:"), "{theme} {format:?}: javascript: link");
            // Harmless markup survives.
            if theme != "briefing" {
                assert!(
                    html.contains("<sup>2</sup>") && html.contains("<abbr title=\"HyperText\">HTML</abbr>"),
                    "{theme}"
                );
            }
        }
    }
}

#[test]
fn item_text_is_escaped_not_interpreted() {
    let f = super::fixture();
    let themes = ThemeSet::built_in();
    let weekly = render(&f.doc, &f.publication, themes.require("weekly").unwrap(), Format::Web).unwrap().body;
    assert!(weekly.contains("&lt;img src=x onerror=alert(4)&gt;"), "a source name is text");
    assert!(
        weekly.contains("“&quot;Quoted&quot; &lt;script&gt;alert(5)&lt;/script&gt; &amp; more”"),
        "a title is text"
    );
    assert!(weekly.contains("<span class=\"quote\">“&lt;/q&gt;&lt;script&gt;"), "a quote cannot close its element");
    let briefing = render(&f.doc, &f.publication, themes.require("briefing").unwrap(), Format::Web).unwrap().body;
    assert!(briefing.contains("Titles with &lt;b&gt;tags&lt;/b&gt; &amp; ampersands"), "summaries are text");
    let md = render(&f.doc, &f.publication, themes.require("weekly").unwrap(), Format::Markdown).unwrap().body;
    assert!(md.contains(r"\<img src=x onerror=alert(4)\>"), "fetched text stays text in Markdown: {md}");
}

#[test]
fn a_one_megabyte_body_renders() {
    let mut f = super::fixture();
    f.doc.stories[0].fields.body =
        "A paragraph of an unusually long story, repeated. ".repeat(20_000) + "\n\n" + &"- item\n".repeat(20_000);
    assert!(f.doc.stories[0].fields.body.len() > 1_000_000);
    let themes = ThemeSet::built_in();
    for format in Format::ALL {
        let out = render(&f.doc, &f.publication, themes.require("weekly").unwrap(), format).unwrap();
        assert!(out.body.len() > 1_000_000, "{format:?}");
    }
}

/// The Markdown export is never less safe than the HTML ones: raw `<script>`, handlers,
/// frames and `javascript:` links in the author's Markdown (and markup in plain-text
/// fields such as a section's name) come out cleaned or escaped in every theme, read as a
/// service that takes Markdown with HTML would (comrak, raw HTML allowed); harmless markup
/// and ordinary Markdown stay as written.
#[test]
fn the_markdown_export_carries_no_script_handlers_or_javascript_links() {
    let mut f = super::fixture();
    let hostile = "Before.\n\n<script>alert(1)</script>\n\n<img src=\"x.png\" onerror=\"alert(2)\" alt=\"x\"> and \
                   [click](javascript:alert(3)) <a href=\"javascript:alert(4)\">raw</a> H<sub>2</sub>O\n\n\
                   <iframe src=\"https://evil.example\"></iframe>\n\nAfter.";
    f.doc.stories[0].fields.body = hostile.into();
    f.doc.issue.intro = "An **ordinary** intro with a [link](https://example.org/a).".into();
    f.doc.stories[1].fields.section = "<img src=x onerror=alert(5)>".into();
    f.publication.sign_off = "<b onclick=\"alert(6)\">— Sam</b>".into();
    // The export's dialect (GFM), read with raw HTML allowed.
    let unsafe_reader = masthead_core::render::markdown::options();
    let themes = ThemeSet::built_in();
    for theme in ["weekly", "digest", "briefing"] {
        let md = render(&f.doc, &f.publication, themes.require(theme).unwrap(), Format::Markdown).unwrap().body;
        let html = scraper::Html::parse_fragment(&comrak::markdown_to_html(&md, &unsafe_reader));
        for el in html.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
            let e = el.value();
            assert!(!matches!(e.name(), "script" | "iframe" | "object" | "embed"), "{theme}: <{}> in\n{md}", e.name());
            for (name, value) in e.attrs() {
                assert!(!name.starts_with("on"), "{theme}: handler {name} in\n{md}");
                assert!(
                    !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                    "{theme}: {name}={value} in\n{md}"
                );
            }
        }
        assert!(md.contains("An **ordinary** intro with a [link](https://example.org/a)."), "{theme}: {md}");
        if theme != "briefing" {
            assert!(md.contains("H<sub>2</sub>O") && md.contains("After."), "{theme}: harmless markup stays: {md}");
        }
    }
}
