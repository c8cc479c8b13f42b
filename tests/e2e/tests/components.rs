//! The window on components (issue 12), each problem found by trying it as a new user,
//! with real key events: undo survives hiding the preview and switching stories; Alt+↑
//! inside an editor moves a line, not the story; Enter on a story row opens it with the
//! caret in its headline; Enter on an empty bullet ends the list with a blank line; links
//! pasted together keep their pasted order whatever order their fetches finish in.

use std::time::Duration;

use masthead_e2e::{serve_pages, until, until_value, Session};

const CTRL: char = '\u{E009}';
const ALT: char = '\u{E00A}';
const ENTER: &str = "\u{E007}";
const UP: char = '\u{E013}';
const END: char = '\u{E010}';

/// Puts the caret at the end of a Markdown editor, as Ctrl+End does.
async fn caret_at_end(s: &Session, css: &str) {
    s.find(css).await.click().await.unwrap();
    s.keys(&format!("{CTRL}{END}")).await;
}

/// Waits until the next-to-last line of the editor `css` ends with `text` (a line moved up).
async fn line_moved_up(s: &Session, css: &str, text: &str) {
    until(&format!("“{text}” moved up"), || async {
        let value = s.value(css).await;
        let lines: Vec<&str> = value.lines().collect();
        lines.len() >= 2 && lines[lines.len() - 2].ends_with(text) // "- Moved line" in a list
    })
    .await;
}

/// Types `text` where the caret is in `css` (WebDriver's typing: a key event per character).
async fn type_in(s: &Session, css: &str, text: &str) {
    s.find(css).await.send_keys(text).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn editor_state_and_keys_belong_to_what_has_focus() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.wait_preview("Welcome to Masthead").await;
    let headlines = s.texts("[data-testid=story-row] .story-headline").await;
    assert!(headlines.len() >= 3, "{headlines:?}");

    // ---- Undo survives Ctrl+P twice (the preview hidden and shown again).
    caret_at_end(&s, "[data-testid=story-body]").await;
    let original = s.value("[data-testid=story-body]").await;
    type_in(&s, "[data-testid=story-body]", " Alpha").await;
    until("the typed word", || async { s.value("[data-testid=story-body]").await == format!("{original} Alpha") })
        .await;
    s.keys(&format!("{CTRL}p")).await;
    s.wait_gone("[data-testid=preview-frame]").await;
    s.keys(&format!("{CTRL}p")).await;
    s.wait_for("[data-testid=preview-frame]").await;
    assert_eq!(s.focused().await, "story-body", "the caret stays in the editor while the preview comes and goes");
    s.keys(&format!("{CTRL}z")).await;
    until("undo after Ctrl+P twice", || async { s.value("[data-testid=story-body]").await == original }).await;

    // ---- Undo survives a switch to another story and back.
    type_in(&s, "[data-testid=story-body]", " Beta").await;
    until("the second word", || async { s.value("[data-testid=story-body]").await == format!("{original} Beta") })
        .await;
    s.find("[data-testid=story-row]:nth-child(2)").await.click().await.unwrap();
    s.wait_for("[data-testid=story-row]:nth-child(2).selected").await;
    s.find("[data-testid=story-row]:nth-child(1)").await.click().await.unwrap();
    s.wait_for("[data-testid=story-row]:nth-child(1).selected").await;
    s.find("[data-testid=story-body]").await.click().await.unwrap();
    s.keys(&format!("{CTRL}z")).await;
    until("undo after a story switch", || async { s.value("[data-testid=story-body]").await == original }).await;
    s.wait_text("[data-testid=save-state]", "Saved").await;

    // ---- Alt+↑ in a story's body moves the line up, and only the line.
    caret_at_end(&s, "[data-testid=story-body]").await;
    type_in(&s, "[data-testid=story-body]", &format!("{ENTER}Moved line")).await;
    s.keys(&format!("{ALT}{UP}")).await;
    line_moved_up(&s, "[data-testid=story-body]", "Moved line").await;
    assert_eq!(s.texts("[data-testid=story-row] .story-headline").await, headlines, "no story moved");
    assert_eq!(s.focused().await, "story-body", "the caret stays in the editor");
    s.wait_for("[data-testid=story-row]:nth-child(1).selected").await;
    // The same in the intro.
    caret_at_end(&s, "[data-testid=issue-intro]").await;
    type_in(&s, "[data-testid=issue-intro]", &format!("{ENTER}Intro line")).await;
    s.keys(&format!("{ALT}{UP}")).await;
    line_moved_up(&s, "[data-testid=issue-intro]", "Intro line").await;
    assert_eq!(s.texts("[data-testid=story-row] .story-headline").await, headlines, "no story moved");

    // ---- Alt+↑ on a focused story row moves that story.
    s.focus("[data-testid=story-row]:nth-child(2)").await;
    s.keys(&format!("{ALT}{UP}")).await;
    until("story 2 moved to the top", || async {
        s.texts("[data-testid=story-row] .story-headline").await.first() == Some(&headlines[1])
    })
    .await;
    assert_eq!(s.focused().await, "story-row", "focus follows the moved row");

    // ---- Enter on a focused story row opens it, caret in its headline.
    s.focus("[data-testid=story-row]:nth-child(3)").await;
    s.keys(ENTER).await;
    until("story 3 open", || async { s.value("[data-testid=story-headline]").await == headlines[2] }).await;
    until("the caret in its headline", || async { s.focused().await == "story-headline" }).await;

    // ---- Enter on an empty bullet ends the list with a blank line.
    caret_at_end(&s, "[data-testid=story-body]").await;
    // Enter after "first point" continues the list with "- "; Enter on that empty item ends it.
    type_in(&s, "[data-testid=story-body]", &format!("{ENTER}{ENTER}- first point{ENTER}{ENTER}After the list.")).await;
    until("the list ended by a blank line", || async {
        s.value("[data-testid=story-body]").await.ends_with("- first point\n\nAfter the list.")
    })
    .await;
    let html = s.wait_preview("After the list.").await;
    let after = html.find("After the list.").unwrap();
    let closed = html[..after].rfind("</ul>").unwrap_or(0);
    let opened = html[..after].rfind("<li").unwrap_or(0);
    assert!(closed > opened, "the paragraph after the list is not inside the last bullet");
    s.wait_text("[data-testid=save-state]", "Saved").await;
    s.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn links_pasted_together_keep_their_order() {
    // The first link answers after 2 s, the second at once, the third after 1 s: they
    // finish second, third, first. The site has no icon, said at once (a slow answer to
    // each card's icon request would make the first and third finish together).
    let base = serve_pages(Duration::ZERO, |path| {
        let (wait, title) = match path {
            "/favicon.ico" => return ("404 Not Found", String::new()),
            "/first" => (2000, "First pasted, slowest"),
            "/second" => (0, "Second pasted, fastest"),
            _ => (1000, "Third pasted"),
        };
        std::thread::sleep(Duration::from_millis(wait));
        ("200 OK", format!("<html><head><title>{title}</title><meta property=\"og:site_name\" content=\"Order Desk\"></head></html>"))
    });
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.wait_preview("Welcome to Masthead").await;
    s.find("[data-testid=add-story]").await.click().await.unwrap();
    s.find("[data-testid=story-headline]").await.send_keys("Ordered links").await.unwrap();
    let input = s.find("[data-testid=link-input]").await;
    input.send_keys(&format!("{base}/first {base}/second {base}/third")).await.unwrap();
    input.send_keys(ENTER).await.unwrap();
    let want = ["First pasted, slowest", "Second pasted, fastest", "Third pasted"];
    let in_order = |items: &Vec<String>| items.len() == 3 && items.iter().zip(want).all(|(t, w)| t.contains(w));
    until_value("three links in pasted order", || s.texts("[data-testid=coverage-item]"), in_order).await;
    s.wait_text("[data-testid=save-state]", "Saved").await;
    s.quit().await;

    // The order is the library's, not only the window's.
    let s = Session::start(dir.path()).await;
    s.find("[data-testid=story-row]:last-child").await.click().await.unwrap();
    until_value("the same order after a restart", || s.texts("[data-testid=coverage-item]"), in_order).await;
    s.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_inbox_title_typed_while_other_links_fetch_is_kept() {
    // `/quick` answers at once; every other page after 3 s. The site has no icon (asked
    // for after each page, it would double every slow fetch).
    let base = serve_pages(Duration::ZERO, |path| {
        if path == "/favicon.ico" {
            return ("404 Not Found", String::new());
        }
        if path != "/quick" {
            std::thread::sleep(Duration::from_secs(3));
        }
        ("200 OK", format!("<html><head><title>Page {}</title></head></html>", path.trim_start_matches('/')))
    });
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.keys(&format!("{CTRL}\u{E008}l")).await; // Ctrl+Shift+L: the inbox
    let input = s.find("[data-testid=inbox-input]").await;
    input.send_keys(&format!("{base}/quick{ENTER}")).await.unwrap();
    until("the quick link ready", || async { s.texts("[data-testid=inbox-status]").await == ["Ready"] }).await;
    let id = s.find("[data-testid=inbox-link]").await.attr("data-link-id").await.unwrap().unwrap();
    let card = format!("[data-link-id=\"{id}\"]");

    input.send_keys(&format!("{base}/slow-1 {base}/slow-2 {base}/slow-3{ENTER}")).await.unwrap();
    s.wait_for("[data-testid=inbox-progress]:not([hidden])").await;
    s.find(&format!("{card} [data-testid=inbox-edit]")).await.click().await.unwrap();
    let title = s.find(&format!("{card} [data-testid=inbox-edit-title]")).await;
    title.clear().await.unwrap();
    title.send_keys("Typed while three pages load").await.unwrap();
    // The slow pages arrive while the field still has the caret.
    until("the slow links fetched", || async {
        s.texts("[data-testid=inbox-status]").await.iter().filter(|t| *t == "Ready").count() == 4
    })
    .await;
    assert_eq!(s.focused().await, "inbox-edit-title", "the caret stayed in the field");
    assert_eq!(s.value(&format!("{card} [data-testid=inbox-edit-title]")).await, "Typed while three pages load");
    s.wait_text("[data-testid=save-state]", "Saved").await;
    s.wait_text(&format!("{card} [data-testid=inbox-title]"), "Typed while three pages load").await;
    s.quit().await;

    let s = Session::start(dir.path()).await;
    s.find("[data-testid=tab-inbox]").await.click().await.unwrap();
    s.wait_text(&format!("{card} [data-testid=inbox-title]"), "Typed while three pages load").await;
    s.quit().await;
}
