//! The web archive: every page well-formed and script-free, every link between them
//! resolving inside the folder, drafts left out, the Atom feed read back by `feed-rs`, the
//! sitemap with whole addresses, and the command line.

use std::path::Path;

use masthead_core::export::site;
use masthead_core::model::{IssueFields, IssueStatus, StoryFields};

use super::{library, themes};

/// Every relative `href` and `src` of `page` names a file in `dir` (query and fragment aside).
fn links_resolve(dir: &Path, page: &str) -> Vec<String> {
    let html = std::fs::read_to_string(dir.join(page)).unwrap();
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("[href], [src]").unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr("href").or(e.value().attr("src")))
        .filter(|l| !l.contains(':') && !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split(['#', '?']).next().unwrap().to_owned())
        .filter(|l| !dir.join(l).is_file())
        .collect()
}

fn well_formed(dir: &Path, page: &str) {
    let html = std::fs::read_to_string(dir.join(page)).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") || html.starts_with("<!doctype html>"), "{page}: a doctype first");
    let doc = scraper::Html::parse_document(&html);
    assert_eq!(format!("{:?}", doc.quirks_mode), "NoQuirks", "{page}: read in standards mode");
    let count = |css: &str| doc.select(&scraper::Selector::parse(css).unwrap()).count();
    assert_eq!((count("html[lang]"), count("head > title"), count("meta[charset]")), (1, 1, 1), "{page}");
    assert_eq!(count("script"), 0, "{page}: no script");
}

#[test]
fn an_archive_of_the_published_issues_with_a_feed_and_a_sitemap() {
    let (dir, store) = library();
    let first = store.issue_by_number(None, 1).unwrap();
    store
        .update_issue(
            first.id,
            IssueFields {
                title: first.title.clone(),
                date: "2026-11-20".into(),
                status: Some(IssueStatus::Sent),
                theme: "weekly".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let second = store
        .create_issue(IssueFields {
            title: "Ports & <script>alert(1)</script> tides".into(),
            date: "2026-11-27".into(),
            status: Some(IssueStatus::Ready),
            preheader: "Cranes, and why".into(),
            ..Default::default()
        })
        .unwrap();
    store
        .add_story(second.id, StoryFields { headline: "Cranes grow taller".into(), ..Default::default() }, None)
        .unwrap();
    store.create_issue(IssueFields { title: "Still a draft".into(), ..Default::default() }).unwrap();
    // Scheduled: the list has not had it, the web must not have it first.
    store
        .create_issue(IssueFields {
            title: "Out on Tuesday".into(),
            status: Some(IssueStatus::Scheduled),
            ..Default::default()
        })
        .unwrap();
    let publication = first.publication_id;

    let out = dir.path().join("site");
    let r = site::build(&store, &themes(), publication, &out, Some("https://news.example/archive"), false).unwrap();
    assert_eq!((r.issues, r.sitemap), (2, true));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("Ports &amp; &lt;script&gt;alert(1)&lt;/script&gt; tides"), "titles are text");
    assert!(!index.contains("Still a draft"), "drafts are left out");
    let order: Vec<usize> = ["#2</span>", "#1</span>"].iter().map(|n| index.find(n).unwrap()).collect();
    assert!(order[0] < order[1], "newest first");
    let mut pages: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".html"))
        .collect();
    pages.sort();
    assert_eq!(pages, ["001-welcome-to-masthead.html", "002-ports-script-alert-1-script-tides.html", "index.html"]);
    for page in &pages {
        well_formed(&out, page);
        assert_eq!(links_resolve(&out, page), Vec::<String>::new(), "{page}: links that go nowhere");
    }
    assert!(std::fs::read_to_string(out.join(&pages[0]))
        .unwrap()
        .contains("<a href=\"index.html\">← All issues of The Field Notes</a>"));

    // The feed, read back as any reader would.
    let feed = feed_rs::parser::parse(std::fs::read(out.join("feed.xml")).unwrap().as_slice()).unwrap();
    assert_eq!(feed.title.unwrap().content, "The Field Notes");
    let entries: Vec<(String, String)> =
        feed.entries.iter().map(|e| (e.title.clone().unwrap().content, e.links[0].href.clone())).collect();
    assert_eq!(
        entries,
        [
            (
                "Ports & <script>alert(1)</script> tides".to_owned(),
                "https://news.example/archive/002-ports-script-alert-1-script-tides.html".to_owned()
            ),
            ("Welcome to Masthead".to_owned(), "https://news.example/archive/001-welcome-to-masthead.html".to_owned()),
        ]
    );
    assert_eq!(feed.entries[0].summary.as_ref().unwrap().content, "Cranes, and why");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert_eq!(sitemap.matches("<loc>https://news.example/archive/").count(), 3);

    // Without the site's address: no sitemap, relative addresses; drafts when asked.
    let bare = dir.path().join("bare");
    let r = site::build(&store, &themes(), publication, &bare, None, true).unwrap();
    assert_eq!((r.issues, r.sitemap), (4, false));
    assert!(!bare.join("sitemap.xml").exists());
    let feed = feed_rs::parser::parse(std::fs::read(bare.join("feed.xml")).unwrap().as_slice()).unwrap();
    assert_eq!(feed.entries.len(), 4);
    let bad = site::build(&store, &themes(), publication, &bare, Some("ftp://x"), false).unwrap_err().to_string();
    assert!(bad.contains("is not the site's web address"), "{bad}");
    // Building again into an archive's folder replaces it; a folder of other files is
    // never written into.
    assert_eq!(site::build(&store, &themes(), publication, &bare, None, true).unwrap().issues, 4);
    let other = dir.path().join("someone-else");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("index.html"), "<p>my own site</p>").unwrap();
    let refused = site::build(&store, &themes(), publication, &other, None, true).unwrap_err().to_string();
    assert!(refused.contains("already holds other files and is not an archive Masthead built"), "{refused}");
    assert_eq!(std::fs::read_to_string(other.join("index.html")).unwrap(), "<p>my own site</p>");
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1, "nothing was written");

    // The publication's address is the default.
    store.set_publication_setting(publication, "publication.site_url", "https://site.example/news").unwrap();
    let by_setting = site::build(&store, &themes(), publication, &bare, None, false).unwrap();
    assert!(by_setting.sitemap);
    assert!(std::fs::read_to_string(bare.join("feed.xml")).unwrap().contains("https://site.example/news/index.html"));
}

/// A rebuild renders only the pages whose issue changed, removes the page of an issue
/// that left the archive, and renders everything again when the publication changes.
#[test]
fn a_rebuild_renders_what_changed_and_removes_what_left() {
    let (dir, store) = library();
    let publication = store.first_publication().unwrap().id;
    let mut ids = Vec::new();
    for title in ["Tides", "Cranes", "Lighthouses"] {
        let i = store
            .create_issue(IssueFields { title: title.into(), status: Some(IssueStatus::Sent), ..Default::default() })
            .unwrap();
        ids.push(i);
    }
    let out = dir.path().join("site");
    assert_eq!(site::build(&store, &themes(), publication, &out, None, false).unwrap().issues, 3);
    let page = |i: &masthead_core::model::Issue| {
        let file = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .find(|f| f.starts_with(&format!("{:03}-", i.number)))
            .unwrap_or_default();
        out.join(file)
    };
    // A mark on each page shows whether the rebuild wrote it again.
    let mark = |i: &masthead_core::model::Issue| {
        let p = page(i);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, format!("{text}<!-- untouched -->")).unwrap();
    };
    let untouched = |i: &masthead_core::model::Issue| {
        std::fs::read_to_string(page(i)).unwrap_or_default().ends_with("<!-- untouched -->")
    };
    ids.iter().for_each(mark);

    let (tides, cranes, lights) = (&ids[0], &ids[1], &ids[2]);
    store
        .add_story(cranes.id, StoryFields { headline: "Taller every year".into(), ..Default::default() }, None)
        .unwrap();
    store
        .update_issue(
            lights.id,
            IssueFields { title: "Lighthouses".into(), status: Some(IssueStatus::Draft), ..Default::default() },
        )
        .unwrap();
    let lights_page = page(lights);
    assert_eq!(site::build(&store, &themes(), publication, &out, None, false).unwrap().issues, 2);
    assert!(untouched(tides), "an unchanged issue's page is not rendered again");
    assert!(!untouched(cranes), "a changed issue's page is");
    assert!(std::fs::read_to_string(page(cranes)).unwrap().contains("Taller every year"));
    assert!(!lights_page.exists(), "an issue that is a draft again leaves the archive");

    mark(tides);
    store.set_publication_setting(publication, "publication.tagline", "Notes from the coast").unwrap();
    site::build(&store, &themes(), publication, &out, None, false).unwrap();
    assert!(!untouched(tides), "a change to the publication renders every page again");
}
