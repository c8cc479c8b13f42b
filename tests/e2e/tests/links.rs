//! Links in the real window: ten URLs pasted into a story fetch from a loopback server with
//! a progress line, arrive as coverage under the chosen group (a Mastodon post as a
//! reaction with its counts), and show in the preview; a page's hostile title stays text.

use std::time::{Duration, Instant};

use masthead_e2e::{picture_png, serve_files, serve_pages, text_of, Session};

/// Pages answered after 300 ms, so the progress line can be seen.
fn page_server() -> String {
    serve_pages(Duration::from_millis(300), |path| {
        let body = if path == "/@jo/112233" {
            r#"<html><head><meta property="og:title" content="Jo Park (@jo)"><meta property="og:description" content="Folders are the plugin system.">
<script type="application/ld+json">{"@type":"SocialMediaPosting","author":{"@type":"Person","name":"Jo Park"},
"interactionStatistic":{"@type":"InteractionCounter","interactionType":"https://schema.org/LikeAction","userInteractionCount":1047}}</script></head></html>"#
                .to_owned()
        } else if path == "/news/9" {
            "<html><head><title>&lt;img src=x onerror=document.title='pwned'&gt; | Loopback News</title><meta property=\"og:site_name\" content=\"Loopback News\"></head></html>".to_owned()
        } else {
            let n = path.trim_start_matches("/news/");
            format!("<html><head><title>Loopback story {n} | Loopback News</title><meta property=\"og:site_name\" content=\"Loopback News\"></head></html>")
        };
        ("200 OK", body)
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn pasted_links_fetch_with_progress_and_become_coverage_and_reactions() {
    let base = page_server();
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.find("[data-testid=preview-format] [data-value=web]").await.click().await.unwrap();
    s.wait_preview("Welcome to Masthead").await;
    let before = s.find_all("[data-testid=coverage-item]").await.len();

    s.find("[data-testid=link-group]").await.send_keys("Loopback coverage").await.unwrap();
    let mut urls: Vec<String> = (1..=9).map(|n| format!("{base}/news/{n}")).collect();
    urls.push(format!("{base}/@jo/112233"));
    let input = s.find("[data-testid=link-input]").await;
    input.send_keys(&urls.join(" ")).await.unwrap();
    input.send_keys("\u{E007}").await.unwrap();

    // One host, two at a time, 300 ms each: the progress line is there for a while.
    let progress = s.wait_for("[data-testid=fetch-progress]:not([hidden])").await;
    let said = text_of(&progress).await;
    assert!(said.starts_with("Fetching links…") && said.contains("of 10"), "{said}");
    s.screenshot("11-links-fetching").await;

    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let coverage = s.find_all("[data-testid=coverage-item]").await.len();
        let reactions = s.texts("[data-testid=reaction-item]").await;
        if coverage == before + 9 && reactions.iter().any(|r| r.contains("Jo Park")) {
            let jo = reactions.iter().find(|r| r.contains("Jo Park")).unwrap();
            assert!(jo.contains("Folders are the plugin system.") && jo.contains("1,047 likes"), "{jo}");
            break;
        }
        assert!(Instant::now() < deadline, "links did not all arrive: {coverage} coverage, reactions {reactions:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    s.wait_gone("[data-testid=fetch-progress]:not([hidden])").await;
    let texts = s.texts("[data-testid=coverage-item]").await;
    assert!(texts.iter().any(|t| t.starts_with("Loopback News — Loopback story 3")), "{texts:?}");
    let html = s.wait_preview("Loopback story 7").await;
    assert!(html.contains("<h4>Loopback coverage</h4>"), "the group heading reaches the preview");
    assert!(html.contains("Jo Park"));
    assert!(!html.contains("<img src=x"), "a fetched title is text, never markup");
    assert_ne!(s.client_title().await, "pwned");
    s.screenshot("12-links-attached").await;

    // The reaction gets its role; a coverage link is removed.
    s.find("[data-testid=reaction-item]:last-child [data-testid=item-edit]").await.click().await.unwrap();
    assert_eq!(s.value("[data-testid=item-source]").await, "Jo Park", "the post's reaction opens");
    s.find("[data-testid=item-role]").await.send_keys("maintainer of Example Editor").await.unwrap();
    s.wait_preview("maintainer of Example Editor").await;
    s.screenshot("15-item-edit").await;
    s.find("[data-testid=reaction-item]:last-child [data-testid=item-edit]").await.click().await.unwrap();
    let count = s.find_all("[data-testid=coverage-item]").await.len();
    s.find("[data-testid=coverage-item] [data-testid=item-delete]").await.click().await.unwrap();
    s.find("[data-testid=dialog-confirm]").await.click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.find_all("[data-testid=coverage-item]").await.len() != count - 1 {
        assert!(Instant::now() < deadline, "the link was not removed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    s.quit().await;

    // Both changes were saved: a new window on the same library shows them.
    let s = Session::start(dir.path()).await;
    let reactions = s.texts("[data-testid=reaction-item]").await;
    assert!(reactions.iter().any(|r| r.contains("Jo Park maintainer of Example Editor")), "{reactions:?}");
    assert_eq!(s.find_all("[data-testid=coverage-item]").await.len(), count - 1);
    s.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_shows_as_a_card_with_its_picture_in_the_form_and_the_preview() {
    let base = serve_files(Duration::from_millis(50), |path| {
        match path {
        "/harbour" => (
            "200 OK",
            "text/html; charset=utf-8",
            br#"<html><head><title>Ferries run on time | Harbour Daily</title><meta property="og:site_name" content="Harbour Daily">
<meta property="og:description" content="The timetable is the product: how one port got every boat out on the minute.">
<meta property="og:image" content="/pics/harbour.png"></head></html>"#
                .to_vec(),
        ),
        "/pics/harbour.png" => ("200 OK", "image/png", picture_png(1200, 630)),
        "/favicon.ico" => ("200 OK", "image/png", picture_png(32, 32)),
        _ => ("404 Not Found", "text/plain", b"none".to_vec()),
    }
    });
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.find("[data-testid=preview-format] [data-value=web]").await.click().await.unwrap();
    s.wait_preview("Welcome to Masthead").await;
    let input = s.find("[data-testid=link-input]").await;
    input.send_keys(&format!("{base}/harbour")).await.unwrap();
    input.send_keys("\u{E007}").await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let row = loop {
        let mut found = None;
        for e in s.find_all("[data-testid=coverage-item]").await {
            if text_of(&e).await.contains("Ferries run on time") {
                found = e.attr("data-item-id").await.unwrap();
            }
        }
        if let Some(id) = found {
            break format!("[data-testid=coverage-item][data-item-id=\"{id}\"]");
        }
        assert!(Instant::now() < deadline, "the link never arrived");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };

    // A line by default (the welcome issue's theme); made a card in its form.
    s.find(&format!("{row} [data-testid=item-edit]")).await.click().await.unwrap();
    let layout = s.find("[data-testid=item-layout]").await;
    assert_eq!(layout.prop("value").await.unwrap().as_deref(), Some("theme"));
    layout.click().await.unwrap();
    s.find("[data-testid=item-layout] option[value=card]").await.click().await.unwrap();
    let description = s.wait_for("[data-testid=item-description]").await;
    assert_eq!(layout.prop("value").await.unwrap().as_deref(), Some("card"), "the choice shows");
    assert!(
        description.prop("value").await.unwrap().unwrap_or_default().starts_with("The timetable is the product"),
        "the page's description came with the link"
    );
    let shown = s.wait_for("[data-testid=item-card-picture]").await;
    let src = shown.attr("src").await.unwrap().unwrap_or_default();
    assert!(
        src.starts_with("data:image/"),
        "the picture is in the library, shown offline: {}",
        &src[..src.len().min(40)]
    );
    let html = s.wait_preview("class=\"card-title\">Ferries run on time").await;
    assert!(html.contains("<span class=\"card-picture\"><img src=\"data:image/"), "the preview shows the picture");
    // The card in the preview, in view for the screenshot (and the email card after it).
    let show_card = "document.querySelector('[data-testid=preview-frame]').contentDocument.querySelector('.card').scrollIntoView({block: 'center'})";
    s.client.execute(show_card, vec![]).await.unwrap();
    s.focus("[data-testid=item-picture-remove]").await;
    let width = s
        .client
        .execute("return document.querySelector('[data-testid=item-card-picture]').naturalWidth", vec![])
        .await
        .unwrap();
    assert_eq!(width, 800, "the form shows the picture as stored (800 px wide)");
    s.screenshot("16-link-card").await;
    s.find("[data-testid=preview-format] [data-value=email]").await.click().await.unwrap();
    s.wait_preview("<table role=\"presentation\" class=\"card\"").await;
    s.client.execute(show_card, vec![]).await.unwrap();
    s.screenshot("17-link-card-email").await;
    s.find("[data-testid=preview-format] [data-value=web]").await.click().await.unwrap();

    // The description is the author's to change; removing the picture leaves the words.
    description.send_keys(" Worth it.").await.unwrap();
    s.wait_preview("on the minute. Worth it.").await;
    s.find("[data-testid=item-picture-remove]").await.click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while s.wait_preview("card-title").await.contains("card-picture\"><img") {
        assert!(Instant::now() < deadline, "the picture stayed in the preview");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The inbox shows the site's icon from the library, not from the site.
    s.find("[data-testid=tab-inbox]").await.click().await.unwrap();
    let icon = s.wait_for("[data-testid=inbox-icon]").await;
    assert!(icon.attr("src").await.unwrap().unwrap_or_default().starts_with("data:image/png;base64,"));
    s.quit().await;
}

/// A Pocket export picked in the system's Open dialog: its links arrive in the inbox with
/// their tags, their cards are fetched, and the inbox is filtered by tag, searched,
/// ticked and archived in bulk, with the counts following.
#[tokio::test(flavor = "multi_thread")]
async fn an_export_imported_from_the_open_dialog_is_filtered_tagged_and_archived() {
    let base = page_server();
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("pocket-export.csv");
    std::fs::write(
        &export,
        format!(
            "title,url,time_added,tags,status\n\
             Harbours at night,{base}/news/1,1700000300,ports|night,unread\n\
             Cranes and tides,{base}/news/2,1700000200,ports,unread\n\
             Wind in winter,{base}/news/3,1700000100,,archive\n\
             A bookmarklet,javascript:void(0),1700000000,,unread\n"
        ),
    )
    .unwrap();
    let s = Session::start(dir.path()).await;
    s.wait_preview("Welcome to Masthead").await;
    s.find("[data-testid=tab-inbox]").await.click().await.unwrap();
    s.find("[data-testid=inbox-import]").await.click().await.unwrap();
    masthead_e2e::keys_in_dialog("Import links", &["ctrl+l", &format!("type:{}", export.display()), "Return"]).await;

    let said = "Imported 3 new links from Pocket (1 skipped). line 5: only web links (http and https) can be added; \
                “javascript:void(0)” is a javascript: link";
    s.wait_text("[data-testid=inbox-progress]", said).await;
    // The cards are fetched in the background; the file's order was its saved dates.
    let fetched = ["Loopback story 1", "Loopback story 2", "Loopback story 3"].map(String::from);
    masthead_e2e::until("the imported links fetched", || async {
        s.texts("[data-testid=inbox-title]").await == fetched
    })
    .await;
    assert_eq!(s.texts("[data-testid=tab-inbox] .count").await, ["3"]);
    assert_eq!(s.texts("[data-link-id] [data-testid=inbox-tags]").await, ["#night#ports", "#ports"]);
    s.screenshot("40-inbox-imported").await;

    // A tag on a card filters by it; the search narrows further.
    s.find("[data-testid=inbox-tags] .tag:last-child").await.click().await.unwrap();
    masthead_e2e::until("two links tagged ports", || async { s.find_all("[data-testid=inbox-link]").await.len() == 2 })
        .await;
    s.find("[data-testid=inbox-search]").await.send_keys("NIGHT").await.unwrap();
    masthead_e2e::until("one link found by its tag", || async {
        s.texts("[data-testid=inbox-title]").await == ["Loopback story 1"]
    })
    .await;
    s.find("[data-testid=inbox-search]").await.send_keys("\u{E009}a\u{E009}\u{E003}").await.unwrap();
    s.find("[data-testid=inbox-tag] option[value='']").await.click().await.unwrap();
    masthead_e2e::until("all three again", || async { s.find_all("[data-testid=inbox-link]").await.len() == 3 }).await;

    // Tick two, archive them together: the inbox keeps one, Archived holds two.
    let ticks = s.find_all("[data-testid=inbox-select]").await;
    ticks[0].click().await.unwrap();
    ticks[2].click().await.unwrap();
    s.wait_text("[data-testid=inbox-bulk] span", "2 selected").await;
    s.find("[data-testid=inbox-bulk-archive]").await.click().await.unwrap();
    masthead_e2e::until("one left", || async { s.texts("[data-testid=inbox-title]").await == ["Loopback story 2"] })
        .await;
    assert_eq!(s.texts("[data-testid=tab-inbox] .count").await, ["1"]);
    s.find("[data-testid=inbox-show] option[value=archived]").await.click().await.unwrap();
    masthead_e2e::until("two archived", || async {
        s.texts("[data-testid=inbox-title]").await == ["Loopback story 1", "Loopback story 3"]
    })
    .await;
    s.screenshot("41-inbox-archived").await;
    s.quit().await;
}

/// The browser's button: a `masthead://add` link starts the app and lands in the inbox;
/// with the window open, a second launch (as the desktop does for each link) hands its
/// link over through the session bus, and the window says what happened each time.
#[tokio::test(flavor = "multi_thread")]
async fn links_from_the_browser_start_the_app_or_reach_the_open_window() {
    let base = page_server();
    let dir = tempfile::tempdir().unwrap();
    let bus = masthead_e2e::SessionBus::start();
    let env = [("DBUS_SESSION_BUS_ADDRESS", std::ffi::OsString::from(&bus.address))];
    let link = |page: &str, title: &str, note: &str| {
        let e = |s: &str| {
            s.replace('%', "%25").replace(':', "%3A").replace('/', "%2F").replace(' ', "%20").replace('&', "%26")
        };
        format!("masthead://add?url={}&title={}&note={}", e(&format!("{base}{page}")), e(title), e(note))
    };

    // Not running: the link starts Masthead, which adds it and shows it.
    let s = masthead_e2e::Session::start_opening(dir.path(), &env, &link("/news/1", "Tab title one", "")).await;
    s.wait_text("[data-testid=toast-info]", "Added to the inbox: “Tab title one”").await;
    s.wait_for("[data-testid=inbox-link].highlight").await;
    masthead_e2e::until("its card fetched", || async {
        s.texts("[data-testid=inbox-title]").await == ["Loopback story 1"]
    })
    .await;

    // Running: a second launch hands the link over and exits at once.
    let second = |l: String| {
        let dir = dir.path().to_owned();
        let address = bus.address.clone();
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(masthead_e2e::app_binary())
                .arg(l)
                .env("MASTHEAD_DATA_DIR", &dir)
                .env("DBUS_SESSION_BUS_ADDRESS", address)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .unwrap()
        })
    };
    let status = second(link("/news/2", "Tab title two", "The line I selected & more")).await.unwrap();
    assert!(status.success(), "the second launch hands over and ends: {status}");
    s.wait_text("[data-testid=toast-info]", "Added to the inbox: “Tab title two”").await;
    let card = s.wait_for("[data-testid=inbox-link].highlight").await;
    assert!(text_of(&card).await.contains("The line I selected & more"), "the selection is the note");
    s.screenshot("42-captured").await;

    let status = second(link("/news/2", "Tab title two", "")).await.unwrap();
    assert!(status.success());
    s.wait_text("[data-testid=toast-info]", "Already in the inbox (added today)").await;
    let status = second("masthead://add?title=nothing".into()).await.unwrap();
    assert!(status.success());
    s.wait_text(
        "[data-testid=toast-error]",
        "Not added from the browser: the browser sent no page address (masthead://add needs url=…)",
    )
    .await;
    assert_eq!(s.find_all("[data-testid=inbox-link]").await.len(), 2);

    // Settings offers the button that sends these links.
    s.find("[data-testid=open-settings]").await.click().await.unwrap();
    s.wait_for("[data-testid=settings-save]").await;
    let button = s.wait_for("[data-testid=bookmarklet]").await;
    let href = button.attr("href").await.unwrap().unwrap();
    assert!(href.starts_with("javascript:") && href.contains("masthead://add?url="), "{href}");
    s.client
        .execute("arguments[0].scrollIntoView({block: 'center'})", vec![serde_json::to_value(&button).unwrap()])
        .await
        .unwrap();
    s.screenshot("43-settings-capture").await;
    s.quit().await;
}

/// Feeds in the window: a site's address followed from the Feeds dialog brings its feed's
/// entries into the inbox (their cards fetched), marked with the feed, which a filter
/// shows alone; a feed that is gone says so in its row.
#[tokio::test(flavor = "multi_thread")]
async fn a_feed_followed_from_the_dialog_fills_the_inbox_and_says_what_went_wrong() {
    let base = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let b = base.clone();
    let url = serve_files(Duration::ZERO, move |path| {
        let base = b.get().cloned().unwrap_or_default();
        match path {
            "/" => ("200 OK", "text/html", b"<html><head><title>Harbour</title><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\"></head></html>".to_vec()),
            "/feed.xml" => {
                let item = |n: u32| format!("<item><title>Entry {n}</title><link>{base}/post/{n}</link><guid>p{n}</guid><pubDate>Mon, 1{n} Nov 2026 08:00:00 GMT</pubDate></item>");
                let body = format!("<rss version=\"2.0\"><channel><title>Harbour Notes</title><link>{base}/</link>{}{}</channel></rss>", item(1), item(2));
                ("200 OK", "application/rss+xml", body.into_bytes())
            }
            "/gone.xml" => ("410 Gone", "text/plain", Vec::new()),
            p if p.starts_with("/post/") => ("200 OK", "text/html", format!("<html><head><title>Post {} | Harbour</title></head></html>", &p[6..]).into_bytes()),
            _ => ("404 Not Found", "text/plain", Vec::new()),
        }
    });
    base.set(url.clone()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.wait_preview("Welcome to Masthead").await;
    s.find("[data-testid=tab-inbox]").await.click().await.unwrap();
    s.find("[data-testid=inbox-feeds]").await.click().await.unwrap();
    s.find("[data-testid=feeds-add-url]").await.send_keys(&format!("{url}/")).await.unwrap();
    s.find("[data-testid=feeds-add-folder]").await.send_keys("Ports").await.unwrap();
    s.find("[data-testid=feeds-follow]").await.click().await.unwrap();
    s.wait_text("[data-testid=feeds-result]", "Following “Harbour Notes”: 2 entries in the inbox.").await;
    assert_eq!(s.value("[data-testid=feed-folder]").await, "Ports");

    // A second feed that is gone: followed by address it is refused in words.
    let add = s.find("[data-testid=feeds-add-url]").await;
    add.send_keys(&format!("{url}/gone.xml")).await.unwrap();
    s.find("[data-testid=feeds-follow]").await.click().await.unwrap();
    s.wait_text("[data-testid=feeds-result]", "127.0.0.1 answered 410 Gone: the feed was removed").await;
    s.screenshot("44-feeds-dialog").await;

    s.find("[data-testid=feed-links]").await.click().await.unwrap();
    masthead_e2e::until("the entries' cards fetched", || async {
        s.texts("[data-testid=inbox-title]").await == ["Post 2 | Harbour", "Post 1 | Harbour"]
            || s.texts("[data-testid=inbox-title]").await == ["Post 2", "Post 1"]
    })
    .await;
    assert_eq!(
        s.texts("[data-testid=inbox-from-feed]").await,
        ["· from Harbour Notes", "· from Harbour Notes"],
        "(the text as shown, trimmed)"
    );
    assert!(text_of(&s.find("[data-testid=inbox-feed]").await).await.contains("Harbour Notes (2)"));
    s.screenshot("45-inbox-from-feed").await;
    s.quit().await;
}
