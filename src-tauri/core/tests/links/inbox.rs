//! The inbox online: many links fetched into a real library file from a real server on
//! loopback, with the per-host and overall limits observed by the server itself; progress;
//! cancellation; re-fetches that keep the author's edits; social posts (served under their
//! real host names, pinned to loopback) becoming reaction cards; IDN and IPv6 hosts.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use masthead_core::export::ExportFormat;
use masthead_core::links::fetch::FetchOptions;
use masthead_core::links::inbox::{FetchState, Fetcher, Progress};
use masthead_core::model::{FetchStatus, IssueFields, ItemFields, ItemKind, ItemLayout, LinkOverrides, StoryFields};
use masthead_core::Store;
use masthead_test_support::http::{self, Request, Response};
use tokio_util::sync::CancellationToken;

/// What the server saw: requests running now and at most, overall and per host.
#[derive(Default)]
struct Seen {
    running: AtomicUsize,
    max_running: AtomicUsize,
    per_host: Mutex<HashMap<String, (usize, usize)>>,
    flaky_broken: AtomicBool,
    requests: AtomicUsize,
}

impl Seen {
    fn max_per_host(&self) -> usize {
        self.per_host.lock().unwrap().values().map(|(_, max)| *max).max().unwrap_or(0)
    }
}

/// A photo-like PNG `w` pixels wide (a gradient, so it is not a flat graphic).
fn picture(w: u32, h: u32) -> Vec<u8> {
    let img =
        image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn page(title: &str, extra: &str) -> String {
    format!("<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title>{extra}</head><body></body></html>")
}

/// Answers a request, counting it as running (overall and for its host) until the answer
/// starts.
fn serve(r: &Request, seen: &Seen) -> Response {
    let path = r.path.as_str();
    let host = r.header("host").unwrap_or_default().to_owned();
    seen.requests.fetch_add(1, Ordering::SeqCst);
    let now = seen.running.fetch_add(1, Ordering::SeqCst) + 1;
    seen.max_running.fetch_max(now, Ordering::SeqCst);
    {
        let mut hosts = seen.per_host.lock().unwrap();
        let e = hosts.entry(host.clone()).or_default();
        e.0 += 1;
        e.1 = e.1.max(e.0);
    }
    let base = format!("http://{host}");
    // A request runs until the server starts to answer it: a client that has what it
    // needs (the status of a 404, a short body) may hang up and send its next request
    // before this handler would otherwise get to count the first one as finished.
    let answering = || {
        seen.running.fetch_sub(1, Ordering::SeqCst);
        if let Some(e) = seen.per_host.lock().unwrap().get_mut(&host) {
            e.0 -= 1;
        }
    };
    if path.starts_with("/stuck/") {
        return Response::stalled(); // never answered, so it runs for ever
    }
    if path.starts_with("/slow/") {
        std::thread::sleep(Duration::from_millis(250));
    }
    let answer = respond(path, &host, &base, seen);
    answering();
    answer
}

fn respond(path: &str, host: &str, base: &str, seen: &Seen) -> Response {
    let html = |body: &str| Response::html(200, body);
    let json = |body: &str| Response::new(200, "application/json", body);
    let png = |body: Vec<u8>| Response::new(200, "image/png", body);
    match path {
        p if p.starts_with("/slow/") => html(&page(&format!("Slow page {}", &p[6..]), "")),
        p if p.starts_with("/flaky") && seen.flaky_broken.load(Ordering::SeqCst) => Response::html(500, "down"),
        p if p.starts_with("/flaky") => html(&page(
            "Flaky page | Example",
            r#"<meta property="og:site_name" content="Example"><meta name="description" content="It works today.">"#,
        )),
        "/host" => html(&page(&format!("Host was {host}"), "")),
        // X: the page says little to logged-out visitors; its oEmbed names the person and
        // carries the post's text.
        "/examplebird/status/1900000000000000001" => {
            let extra = format!(
                r#"<meta property="og:title" content="Example Bird on X"><meta property="og:site_name" content="X">
<link rel="alternate" type="application/json+oembed" href="{base}/oembed?url=x">"#
            );
            html(&page("Example Bird on X", &extra))
        }
        "/oembed?url=x" => json(
            r#"{"type":"rich","version":"1.0","author_name":"Example Bird","author_url":"https://twitter.com/examplebird","provider_name":"Twitter","html":"<blockquote><p>Nightly dumps beat portals &lt;script&gt;alert(1)&lt;/script&gt;</p>&mdash; Example Bird</blockquote><script src=\"https://platform.example/w.js\"></script>"}"#,
        ),
        // Mastodon-style: Open Graph plus a SocialMediaPosting with counts.
        "/@jo/112233" => {
            let extra = r#"<meta property="og:title" content="Jo Park (@jo@toot.example.social)"><meta property="og:description" content="Folders are the plugin system.">
<script type="application/ld+json">{"@type":"SocialMediaPosting","author":{"@type":"Person","name":"Jo Park","alternateName":"@jo@toot.example.social"},
"interactionStatistic":[{"@type":"InteractionCounter","interactionType":"https://schema.org/LikeAction","userInteractionCount":1047},
{"@type":"InteractionCounter","interactionType":{"@type":"WatchAction"},"userInteractionCount":"73,368"}]}</script>"#;
            html(&page("Jo Park", extra))
        }
        // A video: the channel from oEmbed, views from microdata.
        "/watch?v=kiln" => {
            let extra = format!(
                r#"<meta property="og:title" content="Building a kiln in a weekend"><meta property="og:type" content="video.other">
<meta itemprop="interactionCount" content="2900000"><link rel="alternate" type="application/json+oembed" href="{base}/oembed?v=kiln">"#
            );
            html(&page("Building a kiln in a weekend - YouTube", &extra))
        }
        "/oembed?v=kiln" => json(
            r#"{"type":"video","title":"Building a kiln in a weekend","author_name":"Kiln Club","author_url":"https://www.youtube.com/@kilnclub"}"#,
        ),
        // A page with its picture and icon, and one whose picture is an SVG drawing and
        // whose icon is only at the site's root.
        "/card" => {
            let extra = format!(
                r#"<meta property="og:image" content="{base}/pics/lead.png"><link rel="icon" href="/pics/icon.png">
<meta property="og:description" content="Ferries run on time when the timetable is the product."><meta property="og:site_name" content="Harbour News">"#
            );
            html(&page("Ferries on time", &extra))
        }
        "/card-svg" => {
            html(&page("A drawing", &format!(r#"<meta property="og:image" content="{base}/pics/drawing.svg">"#)))
        }
        "/card-gone" => html(&page(
            "Ferries on time",
            &format!(
                r#"<meta property="og:image" content="{base}/pics/lead.png"><link rel="icon" href="/pics/icon.png">"#
            ),
        )),
        "/pics/lead.png" if seen.flaky_broken.load(Ordering::SeqCst) => Response::new(503, "text/plain", "busy"),
        "/pics/lead.png" => png(picture(1600, 900)),
        "/pics/icon.png" => png(picture(180, 180)),
        "/favicon.ico" => png(picture(32, 32)),
        "/pics/drawing.svg" => {
            Response::new(200, "image/svg+xml", &br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#[..])
        }
        "/story" => html(&page(
            "Council votes on bike lanes | The Daily Example",
            r#"<meta property="og:site_name" content="The Daily Example">"#,
        )),
        _ => Response::html(404, "nothing"),
    }
}

/// The shared loopback server on `bind` (`127.0.0.1:0`, `[::1]:0`) answering with
/// [`serve`]; its address and what it saw.
fn server_on(bind: &str) -> (SocketAddr, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let counts = seen.clone();
    let server = http::Server::on(bind, move |r| serve(r, &counts));
    (server.base.trim_start_matches("http://").parse().unwrap(), seen)
}

/// A fetcher whose host names all lead to the loopback server.
fn fetcher_for(addr: SocketAddr, hosts: &[&str]) -> Fetcher {
    let opts = FetchOptions {
        connect_timeout: Duration::from_secs(1),
        timeout: Duration::from_secs(3),
        resolve: hosts.iter().map(|h| (h.to_string(), addr)).collect(),
        ..FetchOptions::default()
    };
    Fetcher::new(opts)
}

fn library() -> (tempfile::TempDir, Arc<Store>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open_in(dir.path()).unwrap());
    (dir, store)
}

fn add(store: &Store, urls: &[String]) -> Vec<i64> {
    masthead_core::links::add_urls(store, urls).unwrap().into_iter().map(|a| a.unwrap().link.id).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn bulk_fetch_keeps_both_limits_reports_progress_and_stores_every_card() {
    let (addr, seen) = server_on("127.0.0.1:0");
    let hosts: Vec<String> = (0..5).map(|i| format!("news-{i}.test")).collect();
    let host_refs: Vec<&str> = hosts.iter().map(String::as_str).collect();
    let fetcher = fetcher_for(addr, &host_refs);
    let (_dir, store) = library();
    let urls: Vec<String> = (0..30).map(|i| format!("http://news-{}.test:{}/slow/{i}", i % 5, addr.port())).collect();
    let ids = add(&store, &urls);

    let events: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let ev = events.clone();
    let summary = fetcher
        .fetch_all(store.clone(), &ids, CancellationToken::new(), move |p| ev.lock().unwrap().push(p.clone()))
        .await
        .unwrap();

    assert_eq!((summary.total, summary.ok, summary.failed, summary.cancelled), (30, 30, 0, 0));
    assert!(seen.max_per_host() <= 2, "at most 2 at once per host, saw {}", seen.max_per_host());
    let overall = seen.max_running.load(Ordering::SeqCst);
    assert!((3..=8).contains(&overall), "8 at most overall, and more than one host at a time: saw {overall}");

    let events = events.lock().unwrap();
    for id in &ids {
        let states: Vec<FetchState> = events.iter().filter(|p| p.link_id == *id).map(|p| p.state).collect();
        assert_eq!(states, [FetchState::Queued, FetchState::Running, FetchState::Done], "link {id}");
    }
    let finished: Vec<usize> = events.iter().map(|p| p.finished).collect();
    assert!(
        finished.windows(2).all(|w| w[0] <= w[1]) && *finished.last().unwrap() == 30,
        "a progress bar only moves forward"
    );
    let done = events.iter().find(|p| p.state == FetchState::Done).unwrap();
    assert!(
        done.link.as_ref().unwrap().meta.title.as_deref().unwrap().starts_with("Slow page"),
        "a done event carries the stored link"
    );

    for l in store.list_links().unwrap() {
        assert_eq!(l.status, FetchStatus::Ok);
        assert!(l.fetched_at.is_some());
        assert!(l.meta.title.as_deref().unwrap().starts_with("Slow page "), "{:?}", l.meta.title);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_stops_at_once_leaves_links_as_they_were_and_never_blocks_saving() {
    let (addr, _seen) = server_on("127.0.0.1:0");
    let hosts: Vec<String> = (0..10).map(|i| format!("stuck-{i}.test")).collect();
    let host_refs: Vec<&str> = hosts.iter().map(String::as_str).collect();
    let fetcher = fetcher_for(addr, &host_refs);
    let (_dir, store) = library();
    let urls: Vec<String> =
        (0..20).map(|i| format!("http://stuck-{}.test:{}/stuck/{i}", i % 10, addr.port())).collect();
    let ids = add(&store, &urls);

    let cancel = CancellationToken::new();
    let running = Arc::new(AtomicUsize::new(0));
    let r2 = running.clone();
    let task = {
        let (store, cancel, fetcher, ids) = (store.clone(), cancel.clone(), fetcher.clone(), ids.clone());
        tokio::spawn(async move {
            fetcher
                .fetch_all(store, &ids, cancel, move |p| {
                    if p.state == FetchState::Running {
                        r2.fetch_add(1, Ordering::SeqCst);
                    }
                })
                .await
        })
    };
    while running.load(Ordering::SeqCst) < 8 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Eight fetches are waiting on a server that does not answer: the library is free.
    let s2 = store.clone();
    let saved = tokio::task::spawn_blocking(move || {
        let issue =
            s2.create_issue(IssueFields { title: "Written while fetching".into(), ..Default::default() }).unwrap();
        s2.add_story(issue.id, StoryFields { headline: "Still saving".into(), ..Default::default() }, None).unwrap()
    })
    .await
    .unwrap();
    assert_eq!(saved.fields.headline, "Still saving");
    assert!(!task.is_finished(), "the save happened while the fetches were still running");

    let started = Instant::now();
    cancel.cancel();
    let summary = task.await.unwrap().unwrap();
    assert!(started.elapsed() < Duration::from_secs(1), "cancelling took {:?}", started.elapsed());
    assert_eq!((summary.cancelled, summary.ok + summary.failed), (20, 0));
    assert!(store.list_links().unwrap().iter().all(|l| l.status == FetchStatus::Pending && l.fetched_at.is_none()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refetch_keeps_overrides_and_a_failed_one_keeps_the_card() {
    let (addr, seen) = server_on("127.0.0.1:0");
    let fetcher = fetcher_for(addr, &[]);
    let (_dir, store) = library();
    let url = format!("http://127.0.0.1:{}/flaky?utm_source=newsletter", addr.port());
    let id = add(&store, &[url])[0];

    let first = fetcher.refresh(&store, store.get_link(id).unwrap()).await.unwrap();
    assert_eq!((first.status, first.meta.title.as_deref()), (FetchStatus::Ok, Some("Flaky page")));
    store
        .set_link_overrides(id, &LinkOverrides { title: Some("My better title".into()), ..Default::default() })
        .unwrap();

    seen.flaky_broken.store(true, Ordering::SeqCst);
    let again = fetcher.refresh(&store, store.get_link(id).unwrap()).await.unwrap();
    assert_eq!(again.status, FetchStatus::Failed);
    assert!(again.reason.as_deref().unwrap().contains("server error"), "{:?}", again.reason);
    assert_eq!(again.meta.title.as_deref(), Some("Flaky page"), "yesterday's card stays when the site is down today");
    assert_eq!(again.meta.description.as_deref(), Some("It works today."));
    assert_eq!(again.overrides.title.as_deref(), Some("My better title"), "the author's edit is never overwritten");

    seen.flaky_broken.store(false, Ordering::SeqCst);
    let back = fetcher.refresh(&store, store.get_link(id).unwrap()).await.unwrap();
    assert_eq!((back.status, back.reason.as_deref()), (FetchStatus::Ok, None));
    assert_eq!(back.overrides.title.as_deref(), Some("My better title"));

    // A link dragged in with a title, whose fetch fails, keeps the dragged title.
    let dragged = masthead_core::links::add(
        &store,
        masthead_core::links::payload::PayloadKind::MozUrl,
        &format!("http://127.0.0.1:{}/missing-page\nWhat the browser called it", addr.port()),
    )
    .unwrap()
    .remove(0)
    .unwrap()
    .link;
    let failed = fetcher.refresh(&store, dragged).await.unwrap();
    assert_eq!(failed.status, FetchStatus::Failed);
    assert_eq!(failed.meta.title.as_deref(), Some("What the browser called it"));
    assert_eq!(failed.meta.publisher.as_deref(), Some("127.0.0.1"));
}

#[tokio::test(flavor = "multi_thread")]
async fn social_posts_become_reaction_cards() {
    let (addr, _seen) = server_on("127.0.0.1:0");
    let fetcher = fetcher_for(addr, &["x.com", "toot.example.social", "www.youtube.com", "daily.example.org"]);
    let (_dir, store) = library();
    let port = addr.port();
    let urls = vec![
        format!("http://x.com:{port}/examplebird/status/1900000000000000001"),
        format!("http://toot.example.social:{port}/@jo/112233"),
        format!("http://www.youtube.com:{port}/watch?v=kiln"),
        format!("http://daily.example.org:{port}/story"),
    ];
    let ids = add(&store, &urls);
    let summary = fetcher.fetch_all(store.clone(), &ids, CancellationToken::new(), |_| {}).await.unwrap();
    assert_eq!(summary.ok, 4);

    let issue = store.create_issue(IssueFields { title: "Reactions".into(), ..Default::default() }).unwrap();
    let story =
        store.add_story(issue.id, StoryFields { headline: "Portals".into(), ..Default::default() }, None).unwrap();
    let react = |id| masthead_core::links::attach(&store, id, story.id, ItemKind::Reaction, "").unwrap().fields;

    let x = react(ids[0]);
    assert_eq!(x.kind, ItemKind::Reaction);
    assert_eq!(x.source, "Example Bird", "the person, from oEmbed");
    assert_eq!(
        x.quote, "Nightly dumps beat portals <script>alert(1)</script>",
        "the post's text, as text (escaped when rendered)"
    );
    assert_eq!((x.role.as_str(), x.url.as_str()), ("", urls[0].as_str()), "the role is the author's to fill");
    assert_eq!(store.get_link(ids[0]).unwrap().meta.handle.as_deref(), Some("@examplebird"));

    let jo = react(ids[1]);
    assert_eq!((jo.source.as_str(), jo.quote.as_str()), ("Jo Park", "Folders are the plugin system."));
    assert_eq!((jo.likes, jo.views), (Some(1047), Some(73_368)));
    assert!(jo.captured_at.is_some(), "counts say when they were read");
    assert_eq!(store.get_link(ids[1]).unwrap().meta.handle.as_deref(), Some("@jo@toot.example.social"));

    let video = react(ids[2]);
    assert_eq!(
        (video.source.as_str(), video.quote.as_str(), video.views),
        ("Kiln Club", "Building a kiln in a weekend", Some(2_900_000))
    );

    let coverage =
        masthead_core::links::attach(&store, ids[3], story.id, ItemKind::Coverage, " Analysis ").unwrap().fields;
    assert_eq!(
        (coverage.title.as_str(), coverage.source.as_str(), coverage.group_heading.as_str(), coverage.link_id),
        ("Council votes on bike lanes", "The Daily Example", "Analysis", Some(ids[3]))
    );
    assert_eq!(
        store.get_issue_doc(issue.id).unwrap().stories[0].items.len(),
        4,
        "every attachment is saved in the story"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn idn_hosts_go_out_in_punycode_and_ipv6_literals_are_fetched() {
    let (addr, _seen) = server_on("127.0.0.1:0");
    let fetcher = fetcher_for(addr, &["xn--bcher-kva.example"]);
    let f = fetcher.fetch_url(&format!("http://bücher.example:{}/host", addr.port())).await;
    assert_eq!(f.status, FetchStatus::Ok, "{:?}", f.reason);
    assert_eq!(f.meta.title, Some(format!("Host was xn--bcher-kva.example:{}", addr.port())));

    // People read the host as they wrote it, in messages and as the fallback publisher.
    let closed: SocketAddr = "127.0.0.1:1".parse().unwrap();
    let refused = fetcher_for(closed, &["xn--caf-dma.example"]).fetch_url("http://café.example/menu").await;
    assert_eq!(refused.status, FetchStatus::Failed);
    assert_eq!(refused.reason.as_deref(), Some("café.example refused the connection"));
    assert_eq!(refused.meta.publisher.as_deref(), Some("café.example"));

    let (v6, _) = server_on("[::1]:0");
    let f = fetcher_for(v6, &[]).fetch_url(&format!("http://[::1]:{}/story", v6.port())).await;
    assert_eq!(f.status, FetchStatus::Ok, "{:?}", f.reason);
    assert_eq!(f.meta.title.as_deref(), Some("Council votes on bike lanes"));
    let gone = fetcher_for(v6, &[]).fetch_url("http://[::1]:1/").await;
    assert_eq!(gone.status, FetchStatus::Failed);
    assert!(gone.reason.as_deref().unwrap().contains("refused"), "{:?}", gone.reason);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_deleted_while_it_is_fetched_is_skipped_and_the_rest_go_on() {
    let (addr, _seen) = server_on("127.0.0.1:0");
    let fetcher = fetcher_for(addr, &[]);
    let (_dir, store) = library();
    let ids = add(
        &store,
        &[format!("http://127.0.0.1:{}/slow/a", addr.port()), format!("http://127.0.0.1:{}/slow/b", addr.port())],
    );
    let (s2, doomed) = (store.clone(), ids[0]);
    let summary = fetcher
        .fetch_all(store.clone(), &ids, CancellationToken::new(), move |p| {
            if p.link_id == doomed && p.state == FetchState::Running {
                s2.delete_link(doomed).unwrap(); // the author deletes it from the inbox meanwhile
            }
        })
        .await
        .unwrap();
    assert_eq!((summary.ok, summary.cancelled, summary.failed), (1, 1, 0));
    assert_eq!(store.list_links().unwrap().len(), 1);
}

/// The card is the core's one rule (the window shows `card`, never its own fallback), an
/// attached link keeps the publisher its card showed, and a link knows where it is used.
#[test]
fn the_card_falls_back_in_one_place_and_a_link_knows_its_issues() {
    use masthead_core::model::LinkMeta;
    let (_dir, store) = library();
    let ids = add(&store, &["https://www.bücher.example/a/shelf".to_owned(), "https://example.org/b".to_owned()]);
    // Fetched, with a title but no publisher or author: the host stands in.
    let meta = LinkMeta { title: Some("Shelf life".into()), ..Default::default() };
    let link = store.set_link_fetch(ids[0], &meta, FetchStatus::Ok, None).unwrap();
    assert_eq!(link.card.title, "Shelf life");
    assert_eq!(link.card.publisher, "bücher.example");
    assert_eq!(link.card.host, "bücher.example");
    // An author but no publisher: the author; the author's override beats both.
    let meta = LinkMeta { author: Some("Ada Quill".into()), ..Default::default() };
    assert_eq!(store.set_link_fetch(ids[1], &meta, FetchStatus::Ok, None).unwrap().card.publisher, "Ada Quill");
    let o = LinkOverrides { publisher: Some("Quill Weekly".into()), title: Some("  ".into()), ..Default::default() };
    let edited = store.set_link_overrides(ids[1], &o).unwrap();
    assert_eq!(edited.card.publisher, "Quill Weekly");
    assert_eq!(edited.card.title, "https://example.org/b", "a blank override falls back too");

    let issue = store.create_issue(IssueFields { title: "Shelves".into(), ..Default::default() }).unwrap();
    let story = store.add_story(issue.id, StoryFields::default(), None).unwrap();
    let item = masthead_core::links::attach(&store, ids[0], story.id, ItemKind::Coverage, "").unwrap();
    assert_eq!(item.fields.source, "bücher.example", "the item names the publisher its card showed");
    let later = store.create_issue(IssueFields { title: "Later".into(), ..Default::default() }).unwrap();
    let story2 = store.add_story(later.id, StoryFields::default(), None).unwrap();
    masthead_core::links::attach(&store, ids[0], story2.id, ItemKind::Coverage, "").unwrap();
    let listed = store.list_links().unwrap();
    let used = |id| listed.iter().find(|l| l.id == id).unwrap().used_in.clone();
    assert_eq!(used(ids[0]), vec![issue.number, later.number]);
    assert!(used(ids[1]).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fetched_card_keeps_its_picture_and_icon_in_the_library_and_in_every_output() {
    let (addr, seen) = server_on("127.0.0.1:0");
    let fetcher = fetcher_for(addr, &["harbour.test"]);
    let (_dir, store) = library();
    let base = format!("http://harbour.test:{}", addr.port());
    let ids = add(&store, &[format!("{base}/card"), format!("{base}/card-svg")]);
    fetcher.fetch_all(store.clone(), &ids, CancellationToken::new(), |_| {}).await.unwrap();

    // The picture and the icon are downloaded, processed and stored: a card for 600 px
    // email (800 wide) and a small icon.
    let link = store.get_link(ids[0]).unwrap();
    let (picture, bytes) = store.image_data(link.meta.image_name.as_deref().expect("a picture")).unwrap().unwrap();
    assert_eq!((picture.width, picture.height), (800, 450));
    assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
    let (icon, _) = store.image_data(link.meta.logo_name.as_deref().expect("an icon")).unwrap().unwrap();
    assert_eq!(icon.width, 64);
    // An SVG picture is not taken (email clients do not show SVG); the card stays, with the
    // icon from the site's root.
    let drawing = store.get_link(ids[1]).unwrap();
    assert_eq!((drawing.status, drawing.meta.image_name.as_deref()), (FetchStatus::Ok, None));
    assert!(drawing.meta.logo_name.is_some(), "/favicon.ico, as browsers look for it");
    assert_eq!(drawing.meta.logo, Some(format!("{base}/favicon.ico")));

    // Attached, the item carries its own copy of the card; as a card it shows in every output.
    let issue = store.create_issue(IssueFields { title: "Harbour".into(), ..Default::default() }).unwrap();
    let story =
        store.add_story(issue.id, StoryFields { headline: "Boats".into(), ..Default::default() }, None).unwrap();
    let item = masthead_core::links::attach(&store, ids[0], story.id, ItemKind::Coverage, "").unwrap();
    assert_eq!(item.fields.image, picture.name);
    assert_eq!(item.fields.description, "Ferries run on time when the timetable is the product.");
    let themes = masthead_core::theme::ThemeSet::built_in();
    let web = masthead_core::export::export(&store, &themes, issue.id, ExportFormat::Web, None).unwrap().text;
    assert!(
        !web.contains("<span class=\"card-picture\">"),
        "the built-in themes show links as lines unless the author says"
    );
    store.update_item(item.id, ItemFields { layout: ItemLayout::Card, ..item.fields.clone() }).unwrap();
    let web = masthead_core::export::export(&store, &themes, issue.id, ExportFormat::Web, None).unwrap().text;
    assert!(web.contains("<span class=\"card-picture\"><img src=\"data:image/"), "the web page carries the picture");

    // Email: a picture kept in the library is not hosted, and the check says so, naming it.
    let rt_check = masthead_core::check::check(&store, &themes, issue.id, None).await.unwrap();
    let hosted = rt_check.findings.iter().find(|f| f.code == "image-not-hosted").expect("flagged");
    assert!(hosted.problem.contains(&picture.name) && hosted.item_id == Some(item.id), "{hosted:?}");
    let pid = store.first_publication().unwrap().id;
    store.set_publication_setting(pid, "publication.image_base_url", "https://img.example.org/n/").unwrap();
    let exported = masthead_core::export::export(&store, &themes, issue.id, ExportFormat::Email, None).unwrap();
    let size = exported.size.unwrap();
    assert_eq!((size.images, size.image_bytes), (1, picture.size), "the size meter weighs the picture");
    assert!(size.summary.contains("; plus 1 picture ("), "{}", size.summary);
    let email = exported.text;
    let want = format!("src=\"https://img.example.org/n/{}\"", picture.name);
    assert!(email.contains(&want) && email.contains("width=\"526\""), "{email}");
    let out = tempfile::tempdir().unwrap();
    let written =
        masthead_core::export::write_images(&store, &store.get_issue_doc(issue.id).unwrap(), out.path()).unwrap();
    assert_eq!(written, [out.path().join(&picture.name)], "the card's picture is in the folder to upload");

    // A re-fetch that cannot download the picture again keeps the one it has.
    seen.flaky_broken.store(true, Ordering::SeqCst);
    let again = fetcher.refresh(&store, store.get_link(ids[0]).unwrap()).await.unwrap();
    assert_eq!(again.meta.image_name.as_deref(), Some(picture.name.as_str()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_site_without_a_favicon_has_no_logo_on_its_card() {
    let server = http::Server::start(|r| match r.path.as_str() {
        "/plain" => Response::html(200, "<title>No icon named</title><p>Text.</p>"),
        _ => Response::html(404, "nothing"),
    });
    let addr: SocketAddr = server.base.trim_start_matches("http://").parse().unwrap();
    let fetcher = fetcher_for(addr, &["plain.test"]);
    let (fetched, pictures) = fetcher.fetch_card(&format!("http://plain.test:{}/plain", addr.port())).await;
    assert_eq!(fetched.meta.title.as_deref(), Some("No icon named"));
    assert!(pictures.logo.is_none());
    assert_eq!(fetched.meta.logo, None, "/favicon.ico answered 404: no logo, not a broken one");
}
