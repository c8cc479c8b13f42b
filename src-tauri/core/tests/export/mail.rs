//! Email HTML and the .eml, read back as a mail client would.

use std::time::SystemTime;

use mail_parser::{MessageParser, MimeHeaders};
use masthead_core::export::{self, Context, ExportFormat, SizeLevel};
use masthead_core::model::{IssueDoc, Publication, StoryFields, Tagging};

use super::{fixture, library, themes};

fn ctx<'a>(
    p: &'a Publication,
    t: &'a Tagging,
    themes: &'a masthead_core::theme::ThemeSet,
    theme: &'a str,
    to: &'a [String],
) -> Context<'a> {
    Context {
        publication: p,
        tagging: t,
        themes,
        theme: Some(theme),
        links: &[],
        to,
        date: SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_775_600_000),
        images: None,
    }
}

/// What is left in `<style>` once the `@media` blocks are taken out.
fn style_outside_media(html: &str) -> String {
    let mut rest = String::new();
    let mut s = html;
    while let Some(i) = s.find("<style") {
        let start = s[i..].find('>').map(|j| i + j + 1).unwrap();
        let end = s[start..].find("</style>").map(|j| start + j).unwrap();
        let mut css = &s[start..end];
        while let Some(m) = css.find("@media") {
            rest.push_str(&css[..m]);
            // skip the balanced block
            let open = css[m..].find('{').map(|j| m + j).unwrap();
            let mut depth = 0;
            let mut close = open;
            for (k, c) in css[open..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            close = open + k + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            css = &css[close..];
        }
        rest.push_str(css);
        s = &s[end..];
    }
    rest.trim().to_owned()
}

#[test]
fn every_theme_email_is_inlined_and_built_for_mail_clients() {
    let (publication, doc) = fixture();
    let themes = themes();
    for theme in ["weekly", "digest", "briefing"] {
        let out =
            export::export_doc(&doc, ExportFormat::Email, &ctx(&publication, &Tagging::default(), &themes, theme, &[]))
                .unwrap();
        let html = &out.text;
        assert_eq!(style_outside_media(html), "", "{theme}: only @media rules stay in <style>");
        assert!(html.contains("@media (prefers-color-scheme: dark)"), "{theme}: dark mode kept as an enhancement");
        assert!(html.contains(" style=\""), "{theme}: styles are on the elements");
        assert!(!html.contains(" class=\"content\">"), "{theme}: no element is left with only its class");
        assert!(
            html.contains("role=\"presentation\"") && html.contains("<!--[if mso]>"),
            "{theme}: tables and the Outlook ghost table"
        );
        assert!(html.contains("name=\"color-scheme\""), "{theme}");
        let lower = html.to_lowercase();
        for bad in ["<script", "<iframe"] {
            assert!(
                !lower.contains(bad),
                "{theme}: {}",
                &html[lower.find(bad).unwrap().saturating_sub(200)..lower.find(bad).unwrap() + 100]
            );
        }
        assert!(!html.contains("href=\"#source-"), "{theme}: no local anchors in mail");
        for img in html.split("<img").skip(1) {
            let tag = &img[..img.find('>').unwrap()];
            assert!(tag.contains(" alt=") && tag.contains("width="), "{theme}: {tag}");
        }
        let size = out.size.unwrap();
        assert_eq!(size.bytes as usize, html.len());
        assert_eq!(size.stories.len(), doc.stories.len());
        assert!(size.stories.iter().all(|s| s.bytes > 0), "{theme}: every story measured: {:?}", size.stories);
        assert!(size.stories.iter().map(|s| s.bytes).sum::<u32>() < size.bytes);
        assert_eq!(size.level, SizeLevel::Ok);
        assert_eq!(
            out.file_name,
            format!("{:03}-{}.email.html", doc.issue.number, export::tagging::slug(&doc.issue.title))
                .replace("--", "-")
        );
    }
}

#[test]
fn a_long_issue_warns_and_names_its_largest_stories() {
    let (publication, mut doc) = fixture();
    let story = doc.stories[0].clone();
    for n in 0..60 {
        let mut s = story.clone();
        s.id = 1000 + n;
        s.fields = StoryFields {
            headline: format!("Long story {n}"),
            body: "A paragraph about harbour data and catalogues that goes on for a while. ".repeat(if n == 7 {
                120
            } else {
                18
            }),
            ..s.fields.clone()
        };
        doc.stories.push(s);
    }
    let themes = themes();
    let out =
        export::export_doc(&doc, ExportFormat::Email, &ctx(&publication, &Tagging::default(), &themes, "weekly", &[]))
            .unwrap();
    let size = out.size.unwrap();
    assert_ne!(size.level, SizeLevel::Ok, "{} bytes", size.bytes);
    assert!(size.summary.contains("“Long story 7”"), "the largest story is named first: {}", size.summary);
    let largest = size.stories.iter().max_by_key(|s| s.bytes).unwrap();
    assert_eq!(largest.headline, "Long story 7");
}

#[test]
fn the_eml_reads_back_as_text_then_html_with_every_header() {
    let (_dir, store) = library();
    let mut p = store.first_publication().unwrap();
    p.name = "Field Notes — Über Häfen".into();
    let mut doc = store.get_issue_doc(1).unwrap();
    doc.issue.title = "Häfen & harbours: “open data” week".into();
    let themes = themes();
    let to = vec!["Ana <ana@example.org>".to_string(), "bo@example.org".to_string()];
    let out =
        export::export_doc(&doc, ExportFormat::Eml, &ctx(&p, &Tagging::default(), &themes, "weekly", &to)).unwrap();
    let raw = out.text.as_bytes();

    for line in out.text.split("\r\n") {
        assert!(line.len() <= 998, "no line over 998 octets");
    }
    let mut in_qp = false;
    for line in out.text.split("\r\n") {
        if line.starts_with("Content-Transfer-Encoding: quoted-printable") {
            in_qp = true;
        } else if line.starts_with("--") {
            in_qp = false;
        } else if in_qp {
            assert!(line.len() <= 76, "quoted-printable lines are at most 76 characters: {line:?}");
        }
    }
    assert!(out.text.is_ascii(), "8-bit text travels encoded");
    assert!(out.text.contains("Subject: =?utf-8?"), "a non-ASCII subject is RFC 2047-encoded");

    let msg = MessageParser::default().parse(raw).unwrap();
    assert_eq!(msg.subject(), Some("Häfen & harbours: “open data” week"));
    assert_eq!(msg.from().unwrap().first().unwrap().address(), Some("notes@fieldnotes.example"));
    let tos: Vec<&str> = msg.to().unwrap().iter().filter_map(|a| a.address()).collect();
    assert_eq!(tos, ["ana@example.org", "bo@example.org"]);
    assert!(msg.date().is_some() && msg.message_id().unwrap().ends_with("@fieldnotes.example"));
    let header = |name: &str| msg.header_raw(name).map(|v| v.trim().to_owned());
    assert_eq!(header("List-Unsubscribe").as_deref(), Some("<https://fieldnotes.example/unsubscribe?u=42>"));
    assert_eq!(header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));

    let root = msg.root_part();
    assert_eq!(root.content_type().unwrap().subtype(), Some("alternative"));
    let parts: Vec<String> = msg.parts[1..]
        .iter()
        .filter_map(|p| p.content_type().map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or(""))))
        .collect();
    assert_eq!(parts, ["text/plain", "text/html"], "text first, HTML last (the preferred)");

    let text = msg.body_text(0).unwrap();
    let theme = themes.get("weekly").unwrap();
    let rendered = masthead_core::render::render(&doc, &p, theme, masthead_core::theme::Format::Text).unwrap().body;
    assert_eq!(text.replace("\r\n", "\n").trim_end(), rendered.trim_end(), "the text part is the real text rendering");
    let html = msg.body_html(0).unwrap();
    let email = export::export_doc(&doc, ExportFormat::Email, &ctx(&p, &Tagging::default(), &themes, "weekly", &to))
        .unwrap()
        .text;
    assert_eq!(html.replace("\r\n", "\n"), email.replace("\r\n", "\n"), "the HTML part is the email export");
}

#[test]
fn without_a_sender_the_eml_says_how_to_set_one() {
    let (publication, doc) = fixture();
    let p = Publication { sender: String::new(), ..publication };
    let err = export::export_doc(&doc, ExportFormat::Eml, &ctx(&p, &Tagging::default(), &themes(), "digest", &[]))
        .unwrap_err();
    assert!(err.to_string().contains("settings set publication.sender"), "{err}");
    let p = Publication { sender: "not an address".into(), ..p };
    let err = export::export_doc(&doc, ExportFormat::Eml, &ctx(&p, &Tagging::default(), &themes(), "digest", &[]))
        .unwrap_err();
    assert!(err.to_string().contains("is not an email address"), "{err}");
}

#[test]
fn links_are_tagged_in_every_output_but_never_the_unsubscribe_link() {
    let (_dir, store) = library();
    for (k, v) in [("links.utm", "true"), ("links.utm_exclude", "internal.example")] {
        store.set_publication_setting(store.first_publication().unwrap().id, k, v).unwrap();
    }
    let themes = themes();
    let doc: IssueDoc = store.get_issue_doc(1).unwrap();
    let url = doc
        .stories
        .iter()
        .flat_map(|s| s.items.iter())
        .find(|i| i.fields.url.starts_with("https://"))
        .unwrap()
        .fields
        .url
        .clone();
    for format in [ExportFormat::Web, ExportFormat::Email, ExportFormat::Text, ExportFormat::Markdown] {
        let out = export::export(&store, &themes, 1, format, None).unwrap().text;
        assert!(
            out.contains("utm_source=the-field-notes")
                && out.contains("utm_medium=email")
                && out.contains("utm_campaign=issue-1"),
            "{format:?}"
        );
        assert!(
            !out.contains("unsubscribe?u=42&amp;utm") && !out.contains("unsubscribe?u=42&utm"),
            "{format:?}: the unsubscribe link is untouched"
        );
        assert!(!out.contains(&format!("{url}\"")), "{format:?}: {url} was tagged");
    }
    store.set_publication_setting(store.first_publication().unwrap().id, "links.utm", "false").unwrap();
    assert!(
        !export::export(&store, &themes, 1, ExportFormat::Web, None).unwrap().text.contains("utm_source"),
        "off by default"
    );
}

/// A `javascript:` unsubscribe link is refused when set, and one already in a library (from
/// before links were checked) never becomes a live link in any export or header.
#[test]
fn an_unsafe_unsubscribe_link_is_refused_and_never_exported() {
    let (_dir, store) = library();
    let err = store
        .set_publication_setting(
            store.first_publication().unwrap().id,
            "publication.unsubscribe_url",
            "javascript:alert(document.cookie)",
        )
        .unwrap_err();
    assert_eq!(err.kind(), masthead_core::ErrorKind::Invalid);
    assert!(err.to_string().starts_with("The unsubscribe link must be an http, https or mailto link"), "{err}");
    store
        .set_publication_setting(
            store.first_publication().unwrap().id,
            "publication.unsubscribe_url",
            "mailto:leave@fieldnotes.example",
        )
        .unwrap();

    let mut p = store.first_publication().unwrap();
    p.unsubscribe_url = " JavaScript:alert(1)".into(); // as an old library may hold it
    let doc = store.get_issue_doc(1).unwrap();
    let themes = themes();
    let to = vec!["ana@example.org".to_string()];
    for theme in ["weekly", "digest", "briefing"] {
        for format in
            [ExportFormat::Web, ExportFormat::Email, ExportFormat::Text, ExportFormat::Markdown, ExportFormat::Eml]
        {
            let out = export::export_doc(&doc, format, &ctx(&p, &Tagging::default(), &themes, theme, &to)).unwrap();
            assert!(!out.text.to_ascii_lowercase().contains("javascript:"), "{theme} {}", format.label());
        }
    }
}
