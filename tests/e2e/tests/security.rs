//! Nothing an issue holds or a fetched page says can run script in the window: `<script>`,
//! `<img onerror>` and `javascript:` links planted in a story's Markdown, in the issue
//! title and in a served page's title and description stay text or are dropped; the
//! preview frame runs no script even when its link is clicked; and the window's CSP
//! refuses inline script outright. Every payload would set the window title if it ran.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use masthead_e2e::{serve_pages, text_of, Session};

const PAGE_TITLE: &str = "<img src=x onerror=\"top.document.title='pwned-title'\"> Hostile <script>top.document.title='pwned-script-title'</script>";

fn hostile_server() -> String {
    serve_pages(Duration::ZERO, |_| {
        let escaped = PAGE_TITLE.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        let body = format!(
            "<html><head><title>{escaped}</title><meta property=\"og:site_name\" content=\"&lt;b onmouseover=alert(1)&gt;Evil Press\">\
             <meta property=\"og:description\" content=\"&lt;svg onload=top.document.title='pwned-svg'&gt;\"></head></html>"
        );
        ("200 OK", body)
    })
}

const MARKDOWN: &str = "Planted <script>top.document.title='pwned-script'</script> here.\n\n\
<img src=x onerror=\"top.document.title='pwned-img'\">\n\n\
[a javascript link](javascript:top.document.title='pwned-link') and <a href=\"javascript:top.document.title='pwned-a'\">raw</a>.\n\n\
MARKER-END";

async fn assert_untouched(s: &Session) {
    let title = s.client_title().await;
    assert!(!title.contains("pwned"), "a planted script ran: the window title is {title:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn planted_markup_and_hostile_pages_never_run_script() {
    let base = hostile_server();
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.wait_preview("Welcome to Masthead").await;

    // In Markdown: the preview drops raw HTML and javascript: targets.
    s.clear_editor("[data-testid=story-body]").await;
    // (Enter for each line break: WebDriver types "\n" as a character, which the editor ignores.)
    s.find("[data-testid=story-body]").await.send_keys(&MARKDOWN.replace('\n', "\u{E007}")).await.unwrap();
    let html = s.wait_preview("MARKER-END").await;
    for bad in ["<script>top", "onerror=", "javascript:"] {
        assert!(!html.contains(bad), "the preview holds {bad:?}");
    }
    assert!(html.contains("a javascript link"), "the link's text stays");

    // In the issue title: text in the sidebar, escaped in the preview.
    let title = s.find("[data-testid=issue-title]").await;
    title.clear().await.unwrap();
    title.send_keys("<img src=x onerror=\"top.document.title='pwned-issue'\">").await.unwrap();
    s.wait_preview("&lt;img src=x onerror").await;
    let row = s.find(".issue-row.open .issue-title").await;
    assert_eq!(text_of(&row).await, "<img src=x onerror=\"top.document.title='pwned-issue'\">");
    assert!(row.find(Locator::Css("img")).await.is_err(), "the title became an element");

    // From a served page: title, publisher and description stay text.
    let input = s.find("[data-testid=link-input]").await;
    input.send_keys(&format!("{base}/hostile\u{E007}")).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let items = s.texts("[data-testid=coverage-item]").await;
        if items.iter().any(|t| t.contains("Hostile")) {
            break;
        }
        assert!(Instant::now() < deadline, "the hostile page's card never arrived: {items:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(s.find_all("[data-items-for] img, [data-items-for] script, [data-items-for] b, [data-items-for] svg:not([aria-hidden])").await.is_empty());
    let html = s.wait_preview("Hostile").await;
    assert!(
        !html.contains("<script>top") && !html.contains("<img src=x") && !html.contains("<b onmouseover"),
        "fetched text became markup"
    );
    s.find("[data-testid=tab-inbox]").await.click().await.unwrap();
    s.wait_for("[data-testid=inbox-link]").await;
    assert!(s.find_all("[data-testid=inbox] img:not(.favicon), [data-testid=inbox] script, [data-testid=inbox] svg:not([aria-hidden])").await.is_empty());

    // The preview frame may not run script, even when its links are clicked.
    let frame = s.find("[data-testid=preview-frame]").await;
    // No scripts, no popups; a click on a link may only ask the window to go there, and the
    // shell opens it in the browser instead (desktop.rs).
    assert_eq!(
        frame.attr("sandbox").await.unwrap().as_deref(),
        Some("allow-same-origin allow-top-navigation-by-user-activation")
    );
    frame.enter_frame().await.unwrap();
    if let Ok(link) = s.client.find(Locator::LinkText("a javascript link")).await {
        let _ = link.click().await;
    }
    s.client.enter_parent_frame().await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_untouched(&s).await;

    // The window's CSP refuses inline script: a script element added to the page stays inert.
    let ran = s
        .client
        .execute(
            "const el = document.createElement('script'); el.textContent = 'window.__inline = 1'; document.body.append(el); \
             return new Promise((ok) => setTimeout(() => ok(window.__inline === 1), 200));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(ran.as_bool(), Some(false), "an inline script ran: the CSP is missing");
    assert_untouched(&s).await;
    s.quit().await;
}
