//! The writing tools in the real window: the command palette finds a story and runs a
//! command; History saves a version, shows the diff and restores it; the link inbox
//! fetches from a loopback server (one page missing), edits a card and drags it onto a
//! story's group; links move by keyboard and by dragging onto another story; panes
//! resize and remember it; focus mode comes and goes.

use std::time::Duration;

use masthead_e2e::{serve_pages, text_of, until, Session};

const CTRL: char = '\u{E009}';
const ALT: char = '\u{E00A}';
const SHIFT: char = '\u{E008}';
const ENTER: &str = "\u{E007}";
const ESCAPE: &str = "\u{E00C}";

/// `/found` is a page with a title; anything else is a 404.
fn page_server() -> String {
    serve_pages(Duration::ZERO, |path| {
        if path == "/found" {
            ("200 OK", "<html><head><title>Harbour cranes go electric | Port Gazette</title><meta property=\"og:site_name\" content=\"Port Gazette\"></head></html>".to_owned())
        } else {
            ("404 Not Found", "<html><head><title>Not found</title></head></html>".to_owned())
        }
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn palette_history_inbox_reordering_and_panes() {
    let base = page_server();
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.wait_preview("Welcome to Masthead").await;

    // ---- Palette: Ctrl+K, a word of story 2's body, Enter opens that story.
    s.find("[data-testid=issue-title]").await.click().await.unwrap();
    s.keys(&format!("{CTRL}k")).await;
    let input = s.find("[data-testid=palette-input]").await;
    input.send_keys("plugin store").await.unwrap();
    s.wait_for("[data-testid=palette-entry][data-kind=story]").await;
    s.screenshot("16-palette").await;
    s.find("[data-testid=palette-entry][data-kind=story]").await.click().await.unwrap();
    s.wait_gone("[data-testid=palette]").await;
    assert_eq!(s.value("[data-testid=story-headline]").await, "A text editor drops its plugin store for plain folders");

    // A command by name: focus mode, then Escape leaves it.
    s.find("[data-testid=open-palette]").await.click().await.unwrap();
    s.find("[data-testid=palette-input]").await.send_keys("focus").await.unwrap();
    s.find("[data-testid=palette-input]").await.send_keys(ENTER).await.unwrap();
    s.wait_for("[data-testid=layout].focus").await;
    assert!(s.find_all("[data-testid=preview-frame]").await.is_empty(), "focus mode hides the preview");
    assert!(
        s.find_all("[data-testid=story-list]").await.is_empty()
            || !s.find("[data-testid=story-list]").await.is_displayed().await.unwrap()
    );
    s.screenshot("19-focus").await;
    s.find("[data-testid=story-body]").await.send_keys(ESCAPE).await.unwrap();
    s.wait_gone("[data-testid=layout].focus").await;

    // ---- The Markdown editor: Ctrl+B bolds the word before the caret's selection, Ctrl+Z undoes it.
    // (WebDriver types "\n" as a character; the editor, like a person, wants Enter.)
    s.find("[data-testid=story-body]").await.click().await.unwrap();
    s.keys(&format!("{CTRL}\u{E010}")).await; // Ctrl+End
    s.find("[data-testid=story-body]").await.send_keys(&format!("{ENTER}{ENTER}Calm")).await.unwrap();
    for _ in 0..4 {
        s.keys(&format!("{SHIFT}\u{E012}")).await; // Shift+Left: select "Calm"
    }
    s.keys(&format!("{CTRL}b")).await;
    until("the bold word", || async { s.value("[data-testid=story-body]").await.ends_with("\n\n**Calm**") }).await;
    s.wait_preview("<strong>Calm</strong>").await;
    s.screenshot("21-markdown-editor").await;
    s.keys(&format!("{CTRL}z")).await;
    until("the undone bold", || async { s.value("[data-testid=story-body]").await.ends_with("\n\nCalm") }).await;

    // ---- History: save a version, write more, see the difference, restore.
    s.clear_editor("[data-testid=story-takeaway]").await;
    s.find("[data-testid=story-takeaway]").await.send_keys("Draft one.").await.unwrap();
    s.wait_text("[data-testid=save-state]", "Saved").await;
    s.find("[data-testid=open-history]").await.click().await.unwrap();
    s.find("[data-testid=history-save]").await.click().await.unwrap();
    s.wait_text("[data-testid=history-result]", "Saved a version of the issue as it is now.").await;
    s.find("[data-testid=history-close]").await.click().await.unwrap();
    s.wait_gone("[data-testid=history-dialog]").await;
    s.find("[data-testid=story-takeaway]").await.send_keys(" Draft two, to be undone.").await.unwrap();
    s.wait_text("[data-testid=save-state]", "Saved").await;
    s.wait_preview("Draft two, to be undone.").await;

    s.keys(&format!("{CTRL}{SHIFT}h")).await;
    let first = s.find("[data-testid=history-version]").await;
    assert!(text_of(&first).await.contains("saved by you"), "{}", text_of(&first).await);
    first.click().await.unwrap();
    until("the diff", || async {
        let t = text_of(&s.find("[data-testid=history-diff]").await).await;
        t.contains("-Draft one.") && t.contains("+Draft one. Draft two, to be undone.")
    })
    .await;
    s.screenshot("17-history").await;
    s.find("[data-testid=history-restore]").await.click().await.unwrap();
    s.find("[data-testid=dialog-confirm]").await.click().await.unwrap();
    until("the restore", || async {
        text_of(&s.find("[data-testid=history-result]").await).await.starts_with("Restored the version")
    })
    .await;
    s.find("[data-testid=history-close]").await.click().await.unwrap();
    until("the restored takeaway", || async { s.value("[data-testid=story-takeaway]").await == "Draft one." }).await;
    let html = s.wait_preview("Draft one.").await;
    assert!(!html.contains("Draft two"), "the preview shows the restored version");

    // ---- Inbox: two links, one missing; edit the good one's title; drag it onto a group.
    s.keys(&format!("{CTRL}{SHIFT}l")).await;
    let inbox = s.find("[data-testid=inbox-input]").await;
    inbox.send_keys(&format!("{base}/found {base}/gone")).await.unwrap();
    inbox.send_keys(ENTER).await.unwrap();
    until("both links fetched", || async {
        let st = s.texts("[data-testid=inbox-status]").await;
        st.iter().any(|t| t == "Ready") && st.iter().any(|t| t.starts_with("Failed:"))
    })
    .await;
    let failed = s.find("[data-testid=inbox-link].failed").await;
    assert!(
        failed.find(fantoccini::Locator::Css("[data-testid=inbox-retry]")).await.is_ok(),
        "a failed link offers Retry"
    );
    s.find("[data-testid=inbox-link].ok [data-testid=inbox-edit]").await.click().await.unwrap();
    let title = s.find("[data-testid=inbox-edit-title]").await;
    title.clear().await.unwrap();
    title.send_keys("Cranes at the harbour run on batteries\u{E004}").await.unwrap();
    let publisher = s.find("[data-testid=inbox-edit-publisher]").await;
    publisher.clear().await.unwrap();
    publisher.send_keys("Harbour Desk\u{E004}").await.unwrap();
    until("the edited title and publisher", || async {
        s.texts("[data-testid=inbox-link].ok [data-testid=inbox-title]").await
            == ["Cranes at the harbour run on batteries"]
            && s.texts("[data-testid=inbox-link].ok .inbox-publisher").await == ["Harbour Desk"]
    })
    .await;
    s.screenshot("18-inbox").await;
    s.drag("[data-testid=inbox-link].ok", "[data-items-for] [data-group=Coverage]").await;
    until("the dropped link in the Coverage group", || async {
        s.texts("[data-group=Coverage] [data-testid=coverage-item]")
            .await
            .iter()
            .any(|t| t.contains("Harbour Desk — Cranes at the harbour run on batteries"))
    })
    .await;
    s.wait_preview("Cranes at the harbour run on batteries").await;

    // ---- Reorder: Alt+Down swaps the first two Coverage links; dragging one onto story 3 moves it there.
    let before = s.texts("[data-group=Coverage] [data-testid=coverage-item] strong").await;
    s.find("[data-group=Coverage] [data-testid=coverage-item]").await.click().await.unwrap();
    s.keys(&format!("{ALT}\u{E015}")).await; // Alt+ArrowDown
    until("the swapped links", || async {
        let now = s.texts("[data-group=Coverage] [data-testid=coverage-item] strong").await;
        now.len() == before.len() && now[0] == before[1] && now[1] == before[0]
    })
    .await;
    s.drag("[data-group=Coverage] [data-testid=coverage-item]:last-child", "[data-testid=story-row]:nth-child(3)")
        .await;
    until("the link in story 3", || async {
        s.find("[data-testid=story-row]:nth-child(3)").await.click().await.unwrap();
        s.texts("[data-testid=coverage-item]").await.iter().any(|t| t.contains("Cranes at the harbour"))
    })
    .await;

    // ---- A reaction typed by hand (a post that cannot be fetched).
    s.find("[data-testid=add-reaction]").await.click().await.unwrap();
    s.find("[data-testid=item-source]").await.send_keys("Ada Quill").await.unwrap();
    s.find("[data-testid=item-quote]").await.send_keys("Typed in by hand.").await.unwrap();
    s.find("[data-testid=item-likes]").await.send_keys("12").await.unwrap();
    s.wait_preview("Typed in by hand.").await;
    s.find("[data-testid=item-edit][aria-expanded]").await.click().await.unwrap(); // Done
    until("the hand-made reaction", || async {
        s.texts("[data-testid=reaction-item]").await.iter().any(|t| t.contains("Ada Quill") && t.contains("12 likes"))
    })
    .await;

    // ---- Panes: the library narrows from the keyboard and stays so after a restart.
    let divider = s.find("[data-testid=divider-sidebar]").await;
    let width = divider.attr("aria-valuenow").await.unwrap().unwrap();
    // (A 5 px divider is too thin for WebDriver's click; Tab reaches it as it does a person.)
    s.client.execute("document.querySelector('[data-testid=divider-sidebar]').focus()", vec![]).await.unwrap();
    s.keys("\u{E012}").await; // ArrowLeft twice: 32 px narrower
    s.keys("\u{E012}").await;
    let narrower = s.find("[data-testid=divider-sidebar]").await.attr("aria-valuenow").await.unwrap().unwrap();
    assert_eq!(narrower.parse::<i32>().unwrap(), width.parse::<i32>().unwrap() - 32);
    s.screenshot("20-narrow-library").await;
    s.find("[data-testid=hide-sidebar]").await.click().await.unwrap();
    s.find("[data-testid=show-sidebar]").await.click().await.unwrap();
    s.quit().await;

    let s = Session::start(dir.path()).await;
    let again = s.find("[data-testid=divider-sidebar]").await.attr("aria-valuenow").await.unwrap().unwrap();
    assert_eq!(again, narrower, "the pane width is remembered");
    s.find("[data-testid=story-row]:nth-child(3)").await.click().await.unwrap();
    let moved = s.texts("[data-testid=coverage-item]").await;
    assert!(moved.iter().any(|t| t.contains("Cranes at the harbour")), "the move was saved: {moved:?}");
    s.quit().await;
}
