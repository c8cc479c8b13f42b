//! Export, check and settings in the real window: the author sets the From address and
//! the unsubscribe link, saves the issue as an .eml and as email HTML, runs the pre-flight
//! check (offline) and jumps from a finding to the story it names.

use masthead_e2e::{text_of, Session};

#[tokio::test(flavor = "multi_thread")]
async fn settings_then_export_and_check_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.wait_preview("Welcome to Masthead").await;

    s.find("[data-testid=open-settings]").await.click().await.unwrap();
    let sender = s.find("[data-testid='setting-publication.sender']").await;
    sender.clear().await.unwrap();
    sender.send_keys("Field Notes <notes@fieldnotes.example>").await.unwrap();
    let unsub = s.find("[data-testid='setting-publication.unsubscribe_url']").await;
    unsub.clear().await.unwrap();
    unsub.send_keys("https://fieldnotes.example/unsubscribe").await.unwrap();
    let words_before = text_of(&s.find("[data-testid=story-words]").await).await;
    let wpm = s.find("[data-testid='setting-publication.words_per_minute']").await;
    wpm.clear().await.unwrap();
    wpm.send_keys("50").await.unwrap();
    s.screenshot("13-settings").await;
    s.find("[data-testid=settings-save]").await.click().await.unwrap();
    s.wait_text("[data-testid=settings-result]", "Saved").await;
    s.find("[data-testid=settings-dialog-close]").await.click().await.unwrap();
    s.wait_gone("[data-testid=settings-dialog]").await;
    // A slower reader: the story's reading time grows at once.
    let words_after = text_of(&s.find("[data-testid=story-words]").await).await;
    assert_ne!(words_after, words_before, "the reading time follows the reading speed");
    assert!(words_after.ends_with("min read"), "{words_after}");

    // The email preview carries the size meter (the inlined email, against Gmail's clipping).
    s.find("[data-testid=preview-format] [data-value=email]").await.click().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let status = text_of(&s.find("[data-testid=preview-status]").await).await;
        if status.contains("email ") && status.contains("of 102 KB") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no size meter: {status}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    s.find("[data-testid=preview-format] [data-value=web]").await.click().await.unwrap();

    s.find("[data-testid=open-export]").await.click().await.unwrap();
    s.find("[data-testid=export-format-eml]").await.click().await.unwrap();
    s.find("[data-testid=export-save]").await.click().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let said = loop {
        let t = text_of(&s.find("[data-testid=export-result]").await).await;
        if t.starts_with("Saved") || t.starts_with("Not saved") || std::time::Instant::now() > deadline {
            break t;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(said.starts_with("Saved") && said.contains("email size"), "{said}");
    let exports = dir.path().join("exports");
    let eml = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "eml"))
        .unwrap();
    let text = std::fs::read_to_string(&eml).unwrap();
    assert!(text.contains("From: \"Field Notes\" <notes@fieldnotes.example>"), "{}", &text[..400]);
    assert!(text.contains("List-Unsubscribe: <https://fieldnotes.example/unsubscribe>"));

    s.find("[data-testid=export-format-email]").await.click().await.unwrap();
    s.find("[data-testid=export-save]").await.click().await.unwrap();
    s.wait_for("[data-testid=export-result]").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !std::fs::read_dir(&exports)
        .unwrap()
        .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".email.html"))
    {
        assert!(std::time::Instant::now() < deadline, "the email HTML was not saved");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // The check, without fetching links: the sample's third story has no takeaway.
    s.find("[data-testid=check-online]").await.click().await.unwrap();
    s.find("[data-testid=check-run]").await.click().await.unwrap();
    s.wait_for("[data-testid=check-finding]").await;
    let summary = text_of(&s.find("[data-testid=check-summary]").await).await;
    assert!(summary.contains("warning"), "{summary}");
    s.screenshot("14-export-check").await;
    let finding = s.find("[data-testid=check-finding] button").await;
    assert!(text_of(&finding).await.contains("Story 3"));
    finding.click().await.unwrap();
    s.wait_gone("[data-testid=export-dialog]").await;
    let focused = s.find("[data-testid=story-takeaway]").await;
    assert_eq!(focused.prop("value").await.unwrap().unwrap_or_default(), "", "the jump lands on the empty takeaway");
    let selected = text_of(&s.find(".story-row.selected .story-number").await).await;
    assert_eq!(selected, "03");

    // Copy as rich text: what lands on the clipboard pastes back as the text.
    s.find("[data-testid=open-export]").await.click().await.unwrap();
    s.find("[data-testid=export-copy-rich]").await.click().await.unwrap();
    s.wait_text("[data-testid=export-result]", "Copied the email as rich text (and plain text) to the clipboard").await;
    s.find("[data-testid=export-dialog-close]").await.click().await.unwrap();
    s.wait_gone("[data-testid=export-dialog]").await;
    s.clear_editor("[data-testid=issue-closing]").await;
    s.keys("\u{E009}v").await; // Ctrl+V
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !s.value("[data-testid=issue-closing]").await.contains("Welcome to Masthead") {
        assert!(std::time::Instant::now() < deadline, "the clipboard did not hold the issue");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    s.keys("\u{E009}z").await; // and the paste is undone
    s.quit().await;
}
