//! The foundation scenario in the real window: write an issue, quit, start again, and
//! find everything as it was left.

use masthead_e2e::Session;

#[tokio::test(flavor = "multi_thread")]
async fn an_issue_written_in_the_window_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;

    // A fresh library opens on the sample issue.
    s.wait_text(".issue-row.open .issue-title", "Welcome to Masthead").await;
    s.screenshot("01-first-launch").await;

    // Create an issue and name it.
    s.find("[data-testid=new-issue]").await.click().await.unwrap();
    s.wait_text(".issue-row.open .issue-number", "#2").await;
    s.find("[data-testid=issue-title]").await.send_keys("Field notes, week two").await.unwrap();

    // Two stories, a body typed into the first.
    s.find("[data-testid=add-story]").await.click().await.unwrap();
    s.find("[data-testid=story-headline]").await.send_keys("Alpha story").await.unwrap();
    s.find("[data-testid=story-body]").await.send_keys("The first **body**, typed in the window.").await.unwrap();
    s.find("[data-testid=add-story]").await.click().await.unwrap();
    s.wait_for("[data-testid=story-row]:nth-child(2).selected").await;
    s.find("[data-testid=story-headline]").await.send_keys("Beta story").await.unwrap();
    s.wait_text("[data-testid=save-state]", "Saved").await;

    // The issue written from scratch, in each built-in theme.
    for theme in ["digest", "briefing", "weekly"] {
        s.find(&format!("[data-testid=issue-theme] option[value={theme}]")).await.click().await.unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !masthead_e2e::text_of(&s.find("[data-testid=preview-status]").await).await.ends_with(theme) {
            assert!(std::time::Instant::now() < deadline, "the preview never switched to {theme}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let html = s.wait_preview("Field notes, week two").await;
        assert!(html.contains("Alpha story") && html.contains("Beta story"), "{theme}: {html}");
    }
    s.wait_text("[data-testid=save-state]", "Saved").await;

    // Reorder: Beta moves above Alpha.
    s.find("[data-testid=story-row]:nth-child(2) [data-testid=story-up]").await.click().await.unwrap();
    s.wait_text("[data-testid=story-row]:nth-child(1) .story-headline", "Beta story").await;
    assert_eq!(masthead_e2e::text_of(&s.wait_for(".issue-row.open .issue-title").await).await, "Field notes, week two");
    s.screenshot("02-issue-written").await;
    s.quit().await;

    // Start again on the same library.
    let s = Session::start(dir.path()).await;
    let titles = s.texts(".issue-row .issue-title").await;
    assert_eq!(titles, ["Field notes, week two", "Welcome to Masthead"], "newest issue first");
    s.wait_text(".issue-row.open .issue-title", "Field notes, week two").await;
    assert_eq!(s.value("[data-testid=issue-title]").await, "Field notes, week two");
    assert_eq!(s.texts("[data-testid=story-row] .story-headline").await, ["Beta story", "Alpha story"]);
    s.find("[data-testid=story-row]:nth-child(2)").await.click().await.unwrap();
    s.wait_for("[data-testid=story-row]:nth-child(2).selected").await;
    assert_eq!(s.value("[data-testid=story-body]").await, "The first **body**, typed in the window.");
    s.screenshot("03-after-restart").await;
    s.quit().await;

    // What the window showed is what the library file holds.
    let store = masthead_core::Store::open_in(dir.path()).unwrap();
    let issue = store.issue_by_number(None, 2).unwrap();
    let doc = store.get_issue_doc(issue.id).unwrap();
    let heads: Vec<_> = doc.stories.iter().map(|s| s.fields.headline.as_str()).collect();
    assert_eq!(heads, ["Beta story", "Alpha story"]);
}
