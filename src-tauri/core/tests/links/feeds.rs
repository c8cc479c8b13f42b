//! Feeds against a real HTTP server on loopback: RSS 2.0, Atom (gzipped) and JSON Feed
//! read into the inbox; a site's page leading to its feed; a feed that changes between
//! refreshes; conditional GET (304); a malformed feed, a 20 MB one, a redirect loop and a
//! removed one, each with its error in words and the other feeds unharmed; an entry whose
//! link the author deleted never coming back; script in titles kept as text; OPML out and
//! back in.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use masthead_core::feeds;
use masthead_core::links::fetch::FetchOptions;
use masthead_core::links::inbox::Fetcher;
use masthead_core::store::{LinkQuery, LinkShow};
use masthead_core::Store;
use masthead_test_support::http;

/// What the server saw: each path asked, with the `If-None-Match` it carried.
#[derive(Default)]
struct Seen {
    asked: Mutex<Vec<(String, Option<String>)>>,
    changing: AtomicUsize,
}

fn rss(base: &str, items: &[(u32, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(n, title)| {
            format!(
                "<item><title>{title}</title><link>{base}/post/{n}</link><guid>post-{n}</guid>\
                 <description>&lt;p&gt;Summary of post {n}, &lt;b&gt;in bold&lt;/b&gt;.&lt;/p&gt;</description>\
                 <pubDate>Tue, 1{n} Nov 2026 08:00:00 GMT</pubDate></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour Notes</title><link>{base}/</link>\
         <description>Ports and ships</description>{items}</channel></rss>"
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Answers one request: (status line, extra headers, body).
fn answer(
    path: &str,
    etag: Option<&str>,
    base: &str,
    seen: &Seen,
) -> (&'static str, Vec<(&'static str, String)>, Vec<u8>) {
    let xml = |body: String| ("200 OK", vec![("Content-Type", "application/rss+xml".to_owned())], body.into_bytes());
    match path {
        "/rss.xml" if etag == Some("\"v1\"") => ("304 Not Modified", vec![("ETag", "\"v1\"".into())], Vec::new()),
        "/rss.xml" => {
            let body = rss(base, &[(1, "Cranes grow taller"), (2, "&lt;script&gt;alert(1)&lt;/script&gt; Quay walls")]);
            (
                "200 OK",
                vec![("Content-Type", "application/rss+xml".into()), ("ETag", "\"v1\"".into())],
                body.into_bytes(),
            )
        }
        "/changing.xml" => {
            let n = seen.changing.fetch_add(1, Ordering::SeqCst);
            let mut items = vec![(3, "First of the week"), (4, "Second of the week")];
            if n > 0 {
                items.push((5, "Third, added later"));
            }
            xml(rss(base, &items))
        }
        "/atom.xml" => {
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
                 <title type=\"html\">Rail &amp;amp; Road</title><link href=\"{base}/rail\"/><id>urn:rail</id>\
                 <updated>2026-11-20T10:00:00Z</updated>\
                 <entry><title type=\"html\">Night trains &lt;em&gt;return&lt;/em&gt;</title><link href=\"/rail/night\"/>\
                 <id>urn:rail:1</id><published>2026-11-20T09:00:00+02:00</published><updated>2026-11-20T10:00:00Z</updated>\
                 <summary>Sleepers are back on three routes.</summary></entry></feed>"
            );
            let headers =
                vec![("Content-Type", "application/atom+xml".to_owned()), ("Content-Encoding", "gzip".to_owned())];
            ("200 OK", headers, gzip(body.as_bytes()))
        }
        "/feed.json" => {
            let body = serde_json::json!({
                "version": "https://jsonfeed.org/version/1.1", "title": "Grid Weekly", "home_page_url": format!("{base}/grid"),
                "items": [{"id": "g1", "url": format!("{base}/grid/storage"), "title": "Storing the grid",
                           "content_html": "<p>Batteries <script>evil()</script>at scale.</p>", "date_published": "2026-11-18T12:00:00Z"}]
            });
            ("200 OK", vec![("Content-Type", "application/feed+json".into())], body.to_string().into_bytes())
        }
        "/site" => {
            let page = "<html><head><title>Rail</title><link rel=\"alternate\" type=\"application/atom+xml\" href=\"/atom.xml\"></head></html>";
            ("200 OK", vec![("Content-Type", "text/html".into())], page.as_bytes().to_vec())
        }
        "/plain-page" => (
            "200 OK",
            vec![("Content-Type", "text/html".into())],
            b"<html><head><title>No feed</title></head></html>".to_vec(),
        ),
        "/broken.xml" => xml("<rss version=\"2.0\"><channel><title>Broken<item>".into()),
        "/huge.xml" => {
            let mut body = rss(base, &[(6, "Big")]).into_bytes();
            body.extend(std::iter::repeat_n(b' ', 20 << 20));
            ("200 OK", vec![("Content-Type", "application/rss+xml".into())], body)
        }
        "/loop-a" => ("302 Found", vec![("Location", "/loop-b".into())], Vec::new()),
        "/loop-b" => ("302 Found", vec![("Location", "/loop-a".into())], Vec::new()),
        "/gone" => ("410 Gone", vec![], Vec::new()),
        _ => ("404 Not Found", vec![], Vec::new()),
    }
}

/// The shared loopback server answering with `answer`.
fn server() -> (String, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let (s, b) = (seen.clone(), base.clone());
    let server = http::Server::start(move |r| {
        let etag = r.header("if-none-match").map(str::to_owned);
        s.asked.lock().unwrap().push((r.path.clone(), etag.clone()));
        let (status, extra, body) = answer(&r.path, etag.as_deref(), b.get().map_or("", String::as_str), &s);
        let code = status.split(' ').next().and_then(|c| c.parse().ok()).unwrap_or(500);
        extra.into_iter().fold(http::Response::new(code, "", body), |a, (k, v)| a.header(k, v))
    });
    base.set(server.base.clone()).expect("set once");
    (server.base, seen)
}

fn library() -> (tempfile::TempDir, Arc<Store>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path().join("library.masthead")).unwrap());
    (dir, store)
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchOptions::default())
}

fn titles(store: &Store) -> Vec<String> {
    let mut t: Vec<String> = store
        .query_links(&LinkQuery { show: LinkShow::All, ..Default::default() })
        .unwrap()
        .links
        .into_iter()
        .map(|l| l.meta.title.unwrap_or_default())
        .collect();
    t.sort();
    t
}

#[tokio::test(flavor = "multi_thread")]
async fn rss_atom_and_json_feed_entries_come_into_the_inbox_with_their_feed() {
    let (base, _seen) = server();
    let (_dir, store) = library();
    let f = fetcher();

    let rss = feeds::follow(&store, &f, &format!("{base}/rss.xml"), "Ports").await.unwrap();
    assert_eq!((rss.feed.title.as_str(), rss.feed.folder.as_str(), rss.new_links.len()), ("Harbour Notes", "Ports", 2));
    // The site's address leads to the feed its page names; gzip is read as the page is.
    let atom = feeds::follow(&store, &f, &format!("{base}/site"), "").await.unwrap();
    assert_eq!((atom.feed.url, atom.feed.title.as_str()), (format!("{base}/atom.xml"), "Rail & Road"));
    let json = feeds::follow(&store, &f, &format!("{base}/feed.json"), "").await.unwrap();
    assert_eq!(json.feed.title, "Grid Weekly");

    let links = store.query_links(&LinkQuery { show: LinkShow::All, ..Default::default() }).unwrap().links;
    let by_title = |t: &str| {
        links.iter().find(|l| l.meta.title.as_deref() == Some(t)).unwrap_or_else(|| panic!("{t}: {links:#?}"))
    };
    let crane = by_title("Cranes grow taller");
    assert_eq!(crane.feed.as_deref(), Some("Harbour Notes"));
    assert_eq!((crane.origin.as_str(), crane.feed_id), ("feed", Some(rss.feed.id)));
    assert_eq!(
        crane.meta.description.as_deref(),
        Some("Summary of post 1, in bold."),
        "the summary's words, not its tags"
    );
    assert_eq!(crane.meta.published.as_deref(), Some("2026-11-11"));
    // A title with markup in an RSS <title> is text: kept as written, escaped where shown.
    by_title("<script>alert(1)</script> Quay walls");
    let night = by_title("Night trains return");
    assert_eq!(night.url, format!("{base}/rail/night"), "relative links resolve against the feed");
    assert_eq!(night.meta.published.as_deref(), Some("2026-11-20"), "the published date, not the updated one");
    assert_eq!(by_title("Storing the grid").meta.description.as_deref(), Some("Batteries at scale."));

    let page = store.query_links(&LinkQuery { feed: Some(rss.feed.id), ..Default::default() }).unwrap();
    assert_eq!(page.total, 2);
    let listed = store.list_feeds().unwrap();
    assert_eq!(listed.iter().map(|f| f.links).collect::<Vec<_>>(), [1, 1, 2], "by folder, then name");

    let again = feeds::follow(&store, &f, &format!("{base}/rss.xml"), "").await.unwrap_err().to_string();
    assert_eq!(again, format!("you already follow {base}/rss.xml (as “Harbour Notes”)"));
    let none = feeds::follow(&store, &f, &format!("{base}/plain-page"), "").await.unwrap_err().to_string();
    assert!(none.contains("is neither a feed nor a page that names one"), "{none}");
}

#[tokio::test(flavor = "multi_thread")]
async fn refreshes_take_only_new_entries_ask_conditionally_and_keep_deleted_ones_out() {
    let (base, seen) = server();
    let (_dir, store) = library();
    let f = fetcher();
    let rss = feeds::follow(&store, &f, &format!("{base}/rss.xml"), "").await.unwrap();
    let changing = feeds::follow(&store, &f, &format!("{base}/changing.xml"), "").await.unwrap();
    assert_eq!(changing.new_links.len(), 2);

    // The author deletes one entry's link; the feed still lists it.
    let first = store
        .links_by_id(&changing.new_links)
        .unwrap()
        .into_iter()
        .find(|l| l.meta.title.as_deref() == Some("First of the week"));
    store.delete_links(&[first.unwrap().id]).unwrap();
    let report = feeds::refresh(&store, &f, &[]).await.unwrap();
    assert_eq!(report.new_links.len(), 1, "{report:?}");
    assert_eq!(report.summary(), "1 new link from 2 feeds");
    assert!(titles(&store).contains(&"Third, added later".to_owned()));
    assert!(!titles(&store).contains(&"First of the week".to_owned()), "a deleted entry never comes back");
    // The RSS feed answered 304 to the ETag it gave.
    let asked = seen.asked.lock().unwrap().clone();
    assert!(asked.contains(&("/rss.xml".to_owned(), Some("\"v1\"".to_owned()))), "{asked:?}");

    // Paused feeds are left alone by a refresh of all, refreshed when named.
    store.edit_feed(rss.feed.id, "My harbour", "Ports", true).unwrap();
    let report = feeds::refresh(&store, &f, &[]).await.unwrap();
    assert_eq!(report.feeds.len(), 1);
    let report = feeds::refresh(&store, &f, &[rss.feed.id]).await.unwrap();
    assert_eq!((report.feeds[0].name.as_str(), report.feeds[0].new), ("My harbour", 0));
}

#[tokio::test(flavor = "multi_thread")]
async fn broken_huge_looping_and_removed_feeds_say_why_and_harm_no_other() {
    let (base, _seen) = server();
    let (_dir, store) = library();
    let f = fetcher();
    for (path, why) in [
        ("/broken.xml", "is not a feed Masthead can read"),
        ("/huge.xml", "sent a feed larger than 8 MB, which Masthead does not read"),
        ("/loop-a", "redirects in a loop"),
        ("/gone", "answered 410 Gone: the feed was removed"),
    ] {
        let e = feeds::follow(&store, &f, &format!("{base}{path}"), "").await.unwrap_err().to_string();
        assert!(e.contains(why), "{path}: {e}");
    }
    assert!(store.list_feeds().unwrap().is_empty(), "nothing followed that cannot be read");

    // A feed that worked and then breaks keeps its error until it works again.
    let good = feeds::follow(&store, &f, &format!("{base}/feed.json"), "").await.unwrap();
    let broken = store.add_feed(&format!("{base}/gone"), "Was here", "", "").unwrap();
    let report = feeds::refresh(&store, &f, &[]).await.unwrap();
    assert_eq!(report.summary(), "0 new links from 2 feeds; 1 could not be read");
    let feeds = store.list_feeds().unwrap();
    let shown = |id| feeds.iter().find(|x| x.id == id).unwrap().clone();
    assert!(shown(broken.id).error.as_deref().unwrap().ends_with("answered 410 Gone: the feed was removed"));
    assert_eq!(shown(good.feed.id).error, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn opml_out_and_back_in() {
    let (base, _seen) = server();
    let (_dir, store) = library();
    let f = fetcher();
    feeds::follow(&store, &f, &format!("{base}/rss.xml"), "Ports & harbours").await.unwrap();
    feeds::follow(&store, &f, &format!("{base}/feed.json"), "").await.unwrap();
    let opml = feeds::opml::write(&store.list_feeds().unwrap());
    assert!(opml.contains("<outline text=\"Ports &amp; harbours\""), "{opml}");

    let (_other_dir, other) = library();
    let report = feeds::opml::import(&other, &opml).unwrap();
    assert_eq!((report.added, report.already), (2, 0));
    let again = feeds::opml::import(&other, &opml).unwrap();
    assert_eq!((again.added, again.already), (0, 2));
    let listed = other.list_feeds().unwrap();
    assert_eq!(
        listed.iter().map(|f| (f.shown_name(), f.folder.clone())).collect::<Vec<_>>(),
        [("Grid Weekly".to_owned(), String::new()), ("Harbour Notes".to_owned(), "Ports & harbours".to_owned())]
    );
}
