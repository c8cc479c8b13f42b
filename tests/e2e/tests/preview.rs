//! The live preview in the real window: it follows typing, switches format, width and
//! theme, never runs what an issue contains, and reloads when a theme file changes on disk.

use masthead_e2e::{text_of, until, Session};

#[tokio::test(flavor = "multi_thread")]
async fn the_preview_follows_the_author() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    // Settings persist between launches; start from the web format at desktop width.
    s.find("[data-testid=preview-format] [data-value=web]").await.click().await.unwrap();
    s.find("[data-testid=preview-viewport] [data-value=desktop]").await.click().await.unwrap();
    let html = s.wait_preview("A city library opens its catalogue").await;
    assert!(html.contains("<h1 class=\"title\">Welcome to Masthead</h1>"), "the sample issue in the weekly theme");

    let frame = s.find("[data-testid=preview-frame]").await;
    assert_eq!(
        frame.attr("sandbox").await.unwrap().as_deref(),
        Some("allow-same-origin allow-top-navigation-by-user-activation"),
        "no allow-scripts"
    );

    // Typing shows up without saving first.
    let headline = s.find("[data-testid=story-headline]").await;
    headline.clear().await.unwrap();
    headline.send_keys("Preview follows typing").await.unwrap();
    s.wait_preview("<span class=\"num\">01</span> Preview follows typing</h2>").await;

    // Hostile Markdown reaches the preview as inert text or not at all.
    let body = s.find("[data-testid=story-body]").await;
    body.send_keys("\u{E007}\u{E007}<img src=x onerror=\"document.title='pwned'\"> <script>document.title='pwned'</script> [x](javascript:alert(1)) marker-7731")
        .await
        .unwrap();
    let html = s.wait_preview("marker-7731").await;
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("onerror") && !lower.contains("<script") && !lower.contains("=\"javascript:"), "{html}");
    assert_ne!(s.client_title().await, "pwned");

    let status = text_of(&s.find("[data-testid=preview-status]").await).await;
    assert!(status.contains("min read") && status.contains("weekly"), "{status}");
    s.screenshot("06-preview-web").await;

    // The same issue in the other two themes.
    s.find("[data-testid=issue-theme] option[value=digest]").await.click().await.unwrap();
    // The sample is dated the day the library was made (the computer's own day, as `date`
    // gives it).
    let today = std::process::Command::new("date").arg("+%F").output().unwrap().stdout;
    let today = String::from_utf8(today).unwrap();
    s.wait_preview(&format!("Issue #001 <time datetime=\"{}\">", today.trim())).await;
    s.screenshot("07-preview-digest").await;
    s.find("[data-testid=issue-theme] option[value=briefing]").await.click().await.unwrap();
    s.wait_preview("<h2>Executive Summary</h2>").await;
    s.screenshot("08-preview-briefing").await;

    // Text, at phone width.
    s.find("[data-testid=preview-format] [data-value=text]").await.click().await.unwrap();
    s.wait_preview("Executive Summary\n-----------------").await;
    s.find("[data-testid=preview-viewport] [data-value=mobile]").await.click().await.unwrap();
    // The frame changes after the click: wait for it (reading at once was a flake).
    until("the phone-width frame", || async {
        s.find("[data-testid=preview-frame]")
            .await
            .attr("style")
            .await
            .unwrap()
            .unwrap_or_default()
            .contains("width: 390px")
    })
    .await;
    s.screenshot("09-preview-text-mobile").await;
    s.find("[data-testid=preview-format] [data-value=web]").await.click().await.unwrap();
    s.find("[data-testid=preview-viewport] [data-value=desktop]").await.click().await.unwrap();
    s.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_theme_edited_on_disk_reloads_and_a_broken_one_keeps_the_last_good_render() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.find("[data-testid=preview-format] [data-value=web]").await.click().await.unwrap();
    s.wait_preview("Welcome to Masthead").await;
    assert!(s.find_all("[data-testid=not-shown]").await.is_empty(), "the built-in weekly shows every field");

    let weekly = dir.path().join("themes").join("weekly");
    std::fs::create_dir_all(&weekly).unwrap();
    // Saved as editors do (a temporary file renamed over the old one), so the app never
    // sees the file empty halfway through a write.
    let save = |text: &str| {
        std::fs::write(weekly.join(".content.html.tmp"), text).unwrap();
        std::fs::rename(weekly.join(".content.html.tmp"), weekly.join("content.html")).unwrap();
    };
    save("<h1>Edited on disk: {{ issue.title }}</h1>");
    s.wait_preview("<h1>Edited on disk: Welcome to Masthead</h1>").await;
    // The editor marks what the edited page now leaves out (the text and Markdown
    // outputs, not overridden, still show it).
    let mark = s.wait_for("[data-testid=not-shown][data-field='story.takeaway']").await;
    assert_eq!(text_of(&mark).await, "“weekly” leaves it out of the web page and email");
    // The page shows only the title now: the story's headline is marked too.
    s.wait_for("[data-testid=not-shown][data-field='story.headline']").await;

    save("<h1>{{ issue.title </h1>");
    let problem = s.find("[data-testid=preview-problem]").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut text = String::new();
    while std::time::Instant::now() < deadline {
        text = text_of(&problem).await;
        if text.contains("content.html line 1") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(text.contains("Theme “weekly”, content.html line 1"), "{text}");
    s.wait_preview("<h1>Edited on disk: Welcome to Masthead</h1>").await;
    s.wait_for("[data-testid=not-shown][data-field='story.takeaway']").await;
    s.screenshot("10-preview-broken-theme").await;
    s.quit().await;
}
