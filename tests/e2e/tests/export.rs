//! Export, check and settings in the real window: the author sets the From address and
//! the unsubscribe link, saves the issue as an .eml and as email HTML, runs the pre-flight
//! check (offline) and jumps from a finding to the story it names.

use masthead_e2e::{keys_in_dialog, text_of, until, Session};

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
    until("the story's reading time", || async {
        !text_of(&s.find("[data-testid=story-words]").await).await.is_empty()
    })
    .await;
    let words_before = text_of(&s.find("[data-testid=story-words]").await).await;
    let wpm = s.find("[data-testid='setting-publication.words_per_minute']").await;
    wpm.clear().await.unwrap();
    wpm.send_keys("50").await.unwrap();
    s.screenshot("13-settings").await;
    s.find("[data-testid=settings-save]").await.click().await.unwrap();
    s.wait_text("[data-testid=settings-result]", "Saved").await;
    s.find("[data-testid=settings-dialog-close]").await.click().await.unwrap();
    s.wait_gone("[data-testid=settings-dialog]").await;
    // A slower reader: the story's reading time grows (the core counts again: wait for it).
    until("the reading time follows the reading speed", || async {
        text_of(&s.find("[data-testid=story-words]").await).await != words_before
    })
    .await;
    let words_after = text_of(&s.find("[data-testid=story-words]").await).await;
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

    // Save As: the system's Save dialog (a GTK file chooser, driven with real key events)
    // names the file; the path typed over the suggested name.
    let exports = dir.path().join("out");
    std::fs::create_dir_all(&exports).unwrap();
    let eml = exports.join("issue one.eml");
    s.find("[data-testid=open-export]").await.click().await.unwrap();
    s.find("[data-testid=export-format-eml]").await.click().await.unwrap();
    s.find("[data-testid=export-save]").await.click().await.unwrap();
    keys_in_dialog("Save the issue as", &["ctrl+a", &format!("type:{}", eml.display()), "Return"]).await;
    until("the .eml saved", || async {
        text_of(&s.find("[data-testid=export-result]").await).await.starts_with("Saved")
    })
    .await;
    let said = text_of(&s.find("[data-testid=export-result]").await).await;
    assert!(said.contains("email size") && said.contains("issue one.eml"), "{said}");
    let text = std::fs::read_to_string(&eml).unwrap();
    assert!(text.contains("From: \"Field Notes\" <notes@fieldnotes.example>"), "{}", &text[..400]);
    assert!(text.contains("List-Unsubscribe: <https://fieldnotes.example/unsubscribe>"));
    assert!(s.find("[data-testid=export-show]").await.is_displayed().await.unwrap(), "Show in folder is offered");

    // The next Save As opens in that folder and suggests NNN-slug.email.html: Enter takes it.
    s.find("[data-testid=export-format-email]").await.click().await.unwrap();
    s.find("[data-testid=export-save]").await.click().await.unwrap();
    keys_in_dialog("Save the issue as", &["Return"]).await;
    let html = exports.join("001-welcome-to-masthead.email.html");
    until("the email HTML saved under its suggested name", || async { html.exists() }).await;
    let first = std::fs::read_to_string(&html).unwrap();

    // Saving over it needs the system's confirmation: declined, the file stays as it was.
    s.find("[data-testid=export-format-web]").await.click().await.unwrap();
    s.find("[data-testid=export-save]").await.click().await.unwrap();
    keys_in_dialog("Save the issue as", &["ctrl+a", &format!("type:{}", html.display()), "Return"]).await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    keys_in_dialog("Save the issue as", &["Escape", "Escape"]).await;
    // Cancelled by the author: no message about it, as desktop apps do.
    until("the Save As cancelled", || async { text_of(&s.find("[data-testid=export-result]").await).await.is_empty() })
        .await;
    assert_eq!(std::fs::read_to_string(&html).unwrap(), first, "nothing was overwritten");

    // The check, without fetching links: the sample's third story has no takeaway.
    s.find("[data-testid=check-online]").await.click().await.unwrap();
    s.find("[data-testid=check-run]").await.click().await.unwrap();
    s.wait_for("[data-testid=check-finding]").await;
    let summary = text_of(&s.find("[data-testid=check-summary]").await).await;
    assert!(summary.contains("warning"), "{summary}");
    s.screenshot("14-export-check").await;
    let finding = s.find("[data-testid=check-finding] button").await;
    let line = text_of(&finding).await;
    // The fix reads as its own sentence: "… takeaway. Add one or two sentences …".
    assert!(line.contains("Story 3") && line.contains("takeaway. Add one or two"), "{line}");
    finding.click().await.unwrap();
    s.wait_gone("[data-testid=export-dialog]").await;
    let focused = s.find("[data-testid=story-takeaway]").await;
    assert_eq!(focused.prop("value").await.unwrap().unwrap_or_default(), "", "the jump lands on the empty takeaway");
    let selected = text_of(&s.find(".story-row.selected .story-number").await).await;
    assert_eq!(selected, "03");

    // Copy as rich text: what lands on the clipboard pastes back as the issue's text.
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

/// Publishing from the window: a Buttondown target added in Settings › Publishing (its
/// key from the environment, as scripts give it), the issue published from the Export
/// dialog as a draft to a loopback server that answers as Buttondown's API does, the
/// draft opened in the browser, and the second publish updating the same draft. Then sent:
/// the confirmation names the list and the count Buttondown reports, the issue's status
/// becomes sent in the window and stays so through the next autosave.
#[tokio::test(flavor = "multi_thread")]
async fn an_issue_is_published_as_a_draft_updated_in_place_then_sent() {
    let (base, seen) = masthead_e2e::serve_api(|r| {
        if r.headers.get("authorization").map(String::as_str) != Some("Token e2e-key") {
            return (401, serde_json::json!({"detail": "Invalid token."}));
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("POST", "/v1/emails") if r.body["status"] == "draft" => {
                (201, serde_json::json!({"id": "e2e-draft", "status": "draft"}))
            }
            ("PATCH", "/v1/emails/e2e-draft") => (
                200,
                serde_json::json!({"id": "e2e-draft", "status": r.body.get("status").cloned().unwrap_or("draft".into())}),
            ),
            ("GET", "/v1/subscribers?type=regular&type=premium") => {
                (200, serde_json::json!({"results": [], "next": null, "previous": null, "count": 1204}))
            }
            _ => (400, serde_json::json!({"code": "status_invalid", "detail": "unexpected request"})),
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let (path, log) = masthead_e2e::recording_opener(dir.path());
    let env = [("PATH", path), ("MASTHEAD_TARGET_WEEKLY_KEY", "e2e-key".into())];
    let s = Session::start_with(dir.path(), &env).await;
    s.wait_preview("Welcome to Masthead").await;

    s.find("[data-testid=open-settings]").await.click().await.unwrap();
    s.find("[data-testid=target-name]").await.send_keys("Weekly").await.unwrap();
    s.find("[data-testid=target-url]").await.send_keys(&base).await.unwrap();
    s.find("[data-testid=target-add]").await.click().await.unwrap();
    s.wait_text("[data-testid=target-result]", "Added “Weekly”. Its key was found.").await;
    assert!(
        text_of(&s.find("[data-testid=target-row]").await).await.contains("key kept"),
        "the key is found in the environment"
    );
    s.find("[data-testid=settings-dialog-close]").await.click().await.unwrap();

    s.keys("\u{E009}e").await;
    let publish = s.find("[data-testid=publish-draft]").await;
    assert_eq!(text_of(&publish).await, "Publish as a draft");
    publish.click().await.unwrap();
    s.wait_text(
        "[data-testid=publish-result]",
        "Created the draft in Buttondown (“Weekly”): https://buttondown.com/emails/e2e-draft",
    )
    .await;
    until("the draft opened in the browser", || async {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .any(|l| l == "https://buttondown.com/emails/e2e-draft")
    })
    .await;
    s.wait_text("[data-testid=publish-draft]", "Update the draft").await;
    s.screenshot("46-published").await;
    s.find("[data-testid=publish-draft]").await.click().await.unwrap();
    s.wait_text(
        "[data-testid=publish-result]",
        "Updated the draft in Buttondown (“Weekly”): https://buttondown.com/emails/e2e-draft",
    )
    .await;
    let methods: Vec<String> = seen.lock().unwrap().iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    assert_eq!(methods, ["POST /v1/emails", "PATCH /v1/emails/e2e-draft"], "one draft, updated in place");

    // Sending asks first, naming the list and its count.
    s.reveal("[data-testid=publish-send]").await.click().await.unwrap();
    let confirm = s.find("[data-testid=dialog-confirm]").await;
    let asked = text_of(&s.find("[data-testid=dialog]").await).await;
    assert!(asked.contains("Send issue #1 to the list now?"), "{asked}");
    assert!(asked.contains("your Buttondown list, regular and premium (1,204 subscribers)"), "{asked}");
    s.screenshot("47-send-confirmation").await;
    confirm.click().await.unwrap();
    s.wait_text(
        "[data-testid=publish-result]",
        "Buttondown is sending the issue to the list now: https://buttondown.com/emails/e2e-draft",
    )
    .await;
    let last = seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!((last.method.as_str(), last.body.clone()), ("PATCH", serde_json::json!({"status": "about_to_send"})));
    s.find("[data-testid=export-dialog-close]").await.click().await.unwrap();
    until("the status shows sent", || async {
        s.find("[data-testid=issue-status]").await.prop("value").await.unwrap().as_deref() == Some("sent")
    })
    .await;
    // The next autosave of the open issue keeps the status the send gave it.
    s.find("[data-testid=issue-subtitle]").await.send_keys(" (sent)").await.unwrap();
    s.keys("\u{E009}s").await;
    let store = masthead_core::Store::open_in(dir.path()).unwrap();
    until("the subtitle saved", || async {
        store.get_issue_doc(1).map(|d| d.issue.subtitle.ends_with("(sent)")).unwrap_or(false)
    })
    .await;
    assert_eq!(store.get_issue_doc(1).unwrap().issue.status, masthead_core::model::IssueStatus::Sent);
    s.quit().await;
}
