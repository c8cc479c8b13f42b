//! Masthead as a desktop citizen, in the real window: links open in the browser (a
//! recording `xdg-open` first on `PATH` stands in for it, the way the opener plugin reaches
//! the desktop on Linux), Ctrl+Q saves and quits, and the next start brings back the
//! window's size and the issue and story that were open.

use std::time::Duration;

use masthead_e2e::{keys_in_dialog, recording_opener, text_of, until, Session};

const CTRL: char = '\u{E009}';

fn opened(log: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(log).unwrap_or_default().lines().map(str::to_owned).collect()
}

/// Clicks the link reading `text` in the current frame, as a person does; false when it
/// is not there (yet) or was replaced while clicking.
async fn click_link(s: &Session, text: &str) -> bool {
    match s.client.find(fantoccini::Locator::XPath(&format!("//a[text()='{text}']"))).await {
        Ok(a) => a.click().await.is_ok(),
        Err(_) => false,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn links_open_in_the_browser_from_the_preview_a_story_and_the_inbox() {
    let dir = tempfile::tempdir().unwrap();
    let (path, log) = recording_opener(dir.path());
    let s = Session::start_with(dir.path(), &[("PATH", path)]).await;
    s.find("[data-testid=preview-format] [data-value=web]").await.click().await.unwrap();
    s.wait_preview("Welcome to Masthead").await;

    // A link in a story's body, clicked inside the preview frame.
    let body = s.find("[data-testid=story-body]").await;
    body.send_keys("\u{E007}\u{E007}See [the harbour report](https://example.org/harbour-report) and [an ftp file](ftp://example.org/f).")
        .await
        .unwrap();
    s.wait_preview("the harbour report</a>").await;
    let frame = s.find("[data-testid=preview-frame]").await;
    frame.clone().enter_frame().await.unwrap();
    // A render still arriving may replace the frame's body between finding and clicking: ask again.
    until("a click on the report's link", || click_link(&s, "the harbour report")).await;
    let _ = click_link(&s, "an ftp file").await; // if the sanitizer kept it, the shell refuses to open it
    s.client.enter_parent_frame().await.unwrap();
    until("the report opened", || async { opened(&log).contains(&"https://example.org/harbour-report".to_owned()) })
        .await;
    s.wait_preview("Welcome to Masthead").await; // the frame did not navigate away

    // A story's link (its address under the title).
    let first = s.find("[data-testid=coverage-item] a.url").await;
    let href = first.attr("href").await.unwrap().unwrap();
    first.click().await.unwrap();
    until("the story's link opened", || async { opened(&log).contains(&href) }).await;

    // Nothing but http, https and mailto ever reached the desktop.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for url in opened(&log) {
        assert!(url.starts_with("https://") || url.starts_with("http://") || url.starts_with("mailto:"), "{url}");
    }
    s.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_q_saves_and_quits_and_the_window_comes_back_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.wait_preview("Welcome to Masthead").await;
    s.client.set_window_size(1100, 720).await.unwrap();
    until("the window resized", || async {
        s.client.get_window_size().await.map(|(w, h)| (w, h) == (1100, 720)).unwrap_or(false)
    })
    .await;
    // Story 3, with a word typed and Ctrl+Q pressed before the autosave's pause is over.
    // The window has just been resized: a click during the new layout can land on nothing,
    // so click until the story is open (a second click on an open story changes nothing).
    until("story 3 opened", || async {
        let _ = s.find("[data-testid=story-row]:nth-child(3)").await.click().await;
        s.client.find(fantoccini::Locator::Css("[data-testid=story-row]:nth-child(3).selected")).await.is_ok()
    })
    .await;
    let headline = s.find("[data-testid=story-headline]").await;
    headline.send_keys(" (saved by Quit)").await.unwrap();
    s.keys_to_quit(&format!("{CTRL}q")).await;
    let state = dir.path().join("xdg-config/app.masthead.editor/.window-state.json");
    until("the app quit and kept its window", || async { state.exists() }).await;
    s.quit().await;

    let s = Session::start(dir.path()).await;
    s.wait_for("[data-testid=story-row]:nth-child(3).selected").await;
    assert!(s.value("[data-testid=story-headline]").await.ends_with(" (saved by Quit)"), "the edit was saved first");
    let (w, h) = s.client.get_window_size().await.unwrap();
    assert_eq!((w, h), (1100, 720), "the window's size is restored");
    s.quit().await;
}

/// Reddish pixels where `css` is on screen: WebKit draws its spelling marker as a red
/// dotted underline, which is in neither the DOM nor an element screenshot, only in the
/// window's. Compared with the same field holding words spelled right, so the field's own
/// colours cancel out.
async fn red_pixels(s: &Session, css: &str) -> usize {
    let rect = s
        .client
        .execute(
            "const e = document.querySelector(arguments[0]); e.scrollIntoView({block: 'center'}); \
             const r = e.getBoundingClientRect(); return [r.left, r.top, r.width, r.height, window.devicePixelRatio]",
            vec![css.into()],
        )
        .await
        .unwrap();
    let r: Vec<f64> = serde_json::from_value(rect).unwrap();
    let shot = s.client.screenshot().await.unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(shot)).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (step, width) = (info.color_type.samples(), info.width as usize);
    let scale = r[4].max(1.0);
    let (x0, y0) = ((r[0] * scale) as usize, (r[1] * scale) as usize);
    let (x1, y1) = (((r[0] + r[2]) * scale) as usize, ((r[1] + r[3]) * scale) as usize);
    let reddish = |p: &[u8]| p[0] > 120 && p[0] as i32 > p[1] as i32 + 50 && p[0] as i32 > p[2] as i32 + 50;
    let mut n = 0;
    for y in y0..y1.min(info.height as usize) {
        for x in x0..x1.min(width) {
            let at = (y * width + x) * step;
            if reddish(&buf[at..at + 3]) {
                n += 1;
            }
        }
    }
    n
}

/// Spelling is checked in the system's language out of the box (a system set to
/// `C.UTF-8`, as here, means US English), and Settings › Spelling › Off stops it at once.
#[tokio::test(flavor = "multi_thread")]
async fn misspelled_words_are_underlined_in_fields_and_editors_until_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start_with(dir.path(), &[("LANG", "C.UTF-8".into()), ("LC_ALL", "".into())]).await;
    s.wait_preview("Welcome to Masthead").await;
    let misspell = |css: &'static str| {
        let s = &s;
        async move {
            let field = s.find(css).await;
            field.click().await.unwrap();
            s.keys(&format!("{CTRL}a")).await;
            field.send_keys("We receive the words ").await.unwrap();
            tokio::time::sleep(Duration::from_millis(500)).await;
            let spelled_right = red_pixels(s, css).await;
            s.keys(&format!("{CTRL}a")).await;
            field.send_keys("We recieve teh wrods ").await.unwrap();
            spelled_right
        }
    };
    for css in ["[data-testid=story-section]", "[data-testid=story-takeaway]"] {
        let spelled_right = misspell(css).await;
        until("the spelling marker", || async { red_pixels(&s, css).await > spelled_right + 8 }).await;
    }
    s.screenshot("22-spellcheck").await;

    s.find("[data-testid=open-settings]").await.click().await.unwrap();
    let choice = s.wait_for("[data-testid='setting-editor.spelling']").await;
    assert!(text_of(&choice).await.contains("System language"), "{}", text_of(&choice).await);
    s.client
        .execute(
            "const e = document.querySelector(arguments[0]); e.value = 'off'; e.dispatchEvent(new Event('change', {bubbles: true}))",
            vec!["[data-testid='setting-editor.spelling']".into()],
        )
        .await
        .unwrap();
    s.find("[data-testid=settings-save]").await.click().await.unwrap();
    s.wait_text("[data-testid=settings-result]", "Saved").await;
    s.find("[data-testid=settings-dialog-close]").await.click().await.unwrap();
    let css = "[data-testid=story-headline]";
    let spelled_right = misspell(css).await;
    // An absence can only be waited for: a marker comes within 500 ms when checking is on.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(red_pixels(&s, css).await <= spelled_right + 8, "no marker once spelling is off");
    s.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_start_asks_for_the_publication_and_a_new_issue_wears_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::first_start(dir.path(), &[]).await;
    s.find("[data-testid=welcome-name]").await.send_keys("The Harbour Letter").await.unwrap();
    s.find("[data-testid=welcome-author]").await.send_keys("Ada Quill").await.unwrap();
    s.screenshot("23-welcome").await;
    s.find("[data-testid=welcome-save]").await.click().await.unwrap();
    s.wait_gone("[data-testid=welcome]").await;
    s.find("[data-testid=new-issue]").await.click().await.unwrap();
    s.wait_text(".issue-row.open .issue-number", "#2").await;
    s.find("[data-testid=issue-title]").await.send_keys("First of many").await.unwrap();
    let html = s.wait_preview("First of many").await;
    assert!(html.contains("The Harbour Letter"), "the new issue is headed with the publication's name");
    assert!(!html.contains("Field Notes") && !html.contains("Sam Rivera"), "nothing of the sample's identity");
    s.quit().await;

    // Asked once: the next start goes straight to work.
    let s = Session::first_start(dir.path(), &[]).await;
    assert!(s.find_all("[data-testid=welcome]").await.is_empty());
    s.quit().await;
}

/// Runs a command by name from the palette (Ctrl+K), as an author who knows its name does.
async fn run_command(s: &Session, words: &str) {
    s.find("[data-testid=open-palette]").await.click().await.unwrap();
    let input = s.find("[data-testid=palette-input]").await;
    input.send_keys(words).await.unwrap();
    input.send_keys("\u{E007}").await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_made_and_restored_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("before the new issue.backup");
    let s = Session::start(dir.path()).await;
    s.wait_preview("Welcome to Masthead").await;
    run_command(&s, "back up").await;
    keys_in_dialog("Back up the library", &["ctrl+a", &format!("type:{}", backup.display()), "Return"]).await;
    until("the backup written", || async { backup.exists() }).await;
    s.find("[data-testid=new-issue]").await.click().await.unwrap();
    s.wait_text(".issue-row.open .issue-number", "#2").await;
    s.find("[data-testid=issue-title]").await.send_keys("Written after the backup").await.unwrap();
    s.wait_text("[data-testid=save-state]", "Saved").await;

    run_command(&s, "restore").await;
    s.find("[data-testid=dialog-confirm]").await.click().await.unwrap();
    // In GTK's Open dialog a typed "/" opens the location field for a whole path.
    keys_in_dialog("Restore the library from a backup", &[&format!("type:{}", backup.display()), "Return"]).await;
    until("the library restored", || async { s.texts(".issue-row .issue-title").await == ["Welcome to Masthead"] })
        .await;
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .any(|e| e.unwrap().file_name().to_string_lossy().contains("before-restore"));
    assert!(kept, "the replaced library is kept beside the restored one");
    s.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn what_another_process_writes_shows_in_the_open_window() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.wait_preview("Welcome to Masthead").await;
    // Another process on the same library, as `masthead-cli import` and `inbox add` are:
    // a second connection through the core.
    let other = masthead_core::Store::open_in(dir.path()).unwrap();
    let open = other.list_issues().unwrap()[0].id;
    other.rename_issue(open, "Renamed from the command line").unwrap();
    other
        .create_issue(masthead_core::model::IssueFields { title: "Imported meanwhile".into(), ..Default::default() })
        .unwrap();
    masthead_core::links::add_urls(&other, &["https://example.org/saved-from-the-cli".to_owned()]).unwrap();
    until("the new issue listed", || async {
        s.texts(".issue-row .issue-title").await.contains(&"Imported meanwhile".to_owned())
    })
    .await;
    until("the open issue's new title", || async {
        s.value("[data-testid=issue-title]").await == "Renamed from the command line"
    })
    .await;
    s.wait_text("[data-testid=tab-inbox] .count", "1").await;
    s.wait_preview("Renamed from the command line").await;

    // A change from elsewhere never takes what is being typed.
    let headline = s.find("[data-testid=story-headline]").await;
    headline.send_keys(" (typing)").await.unwrap();
    other.rename_issue(open, "Renamed again elsewhere").unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(s.value("[data-testid=story-headline]").await.ends_with(" (typing)"), "the typed text stays");
    s.quit().await;
}

/// A 1600 × 400 PNG: half white, half blue (a chart, say).
fn write_png(path: &std::path::Path) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), 1600, 400);
    enc.set_color(png::ColorType::Rgb);
    let mut w = enc.write_header().unwrap();
    let row: Vec<u8> = (0..1600u32).flat_map(|x| if x < 800 { [250, 250, 250] } else { [30, 90, 160] }).collect();
    w.write_image_data(&row.repeat(400)).unwrap();
}

/// The body's image button (as Edit › Insert image…) asks for a file with the system's Open
/// dialog, then what the image shows and its caption, and puts it where the caret was; the
/// preview shows it at once, sized for email, as a figure with its caption.
#[tokio::test(flavor = "multi_thread")]
async fn an_image_inserted_from_a_file_shows_in_the_preview() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("sales chart.png");
    write_png(&chart);
    let s = Session::start(dir.path()).await;
    s.wait_preview("Welcome to Masthead").await;
    let body = "[data-testid=story-body]";
    s.focus(body).await;
    s.keys(&format!("{CTRL}\u{E010}")).await; // Ctrl+End: the caret after the body
                                              // The field's own image button (Edit › Insert image… and the palette run the same);
                                              // pressing it leaves the caret where it was.
    s.find("[data-testid=story-body-image]").await.click().await.unwrap();
    // Ctrl+L opens (or selects) GTK's location field first: typing "/" into a chooser still
    // loading its folder can go to its type-ahead search instead.
    keys_in_dialog("Insert an image", &["ctrl+l", &format!("type:{}", chart.display()), "Return"]).await;
    let alt = s.wait_for("[data-testid=dialog] input").await;
    assert!(text_of(&s.find("[data-testid=dialog]").await).await.contains("1200 × 300 px"), "sized for email");
    alt.send_keys("Sales doubled in March").await.unwrap();
    s.find("[data-testid=dialog-field-caption]").await.send_keys("March, in one chart").await.unwrap();
    s.find("[data-testid=dialog-confirm]").await.click().await.unwrap();
    let shown = s.wait_preview("data:image/png;base64,").await;
    assert!(shown.contains("alt=\"Sales doubled in March\""), "with its alt text");
    assert!(shown.contains("<figcaption>March, in one chart</figcaption></figure>"), "and its caption under it");
    s.wait_text("[data-testid=save-state]", "Saved").await;
    s.screenshot("32-image-inserted").await;
    s.quit().await;

    let store = masthead_core::Store::open_in(dir.path()).unwrap();
    let doc = store.get_issue_doc(store.issue_by_number(None, 1).unwrap().id).unwrap();
    let name = store.list_images().unwrap()[0].name.clone();
    assert!(
        doc.stories[0]
            .fields
            .body
            .trim_end()
            .ends_with(&format!("![Sales doubled in March]({name} \"March, in one chart\")")),
        "at the caret, in its own paragraph: {}",
        doc.stories[0].fields.body
    );
}

/// An image pasted into a story's body (a screenshot from the clipboard, here a PNG drawn
/// on a canvas) goes to the core as raw bytes, asks what it shows and lands at the caret.
#[tokio::test(flavor = "multi_thread")]
async fn an_image_pasted_into_a_body_is_taken_in() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.wait_preview("Welcome to Masthead").await;
    let body = "[data-testid=story-body]";
    s.focus(body).await;
    s.keys(&format!("{CTRL}\u{E010}")).await; // Ctrl+End
    s.client
        .execute_async(
            r##"const done = arguments[arguments.length - 1];
            const c = document.createElement("canvas");
            c.width = 1600; c.height = 400;
            const g = c.getContext("2d");
            g.fillStyle = "#1f5fa8"; g.fillRect(0, 0, 1600, 400);
            g.fillStyle = "#f3f1ec"; g.fillRect(100, 100, 600, 200);
            c.toBlob((blob) => {
              const dt = new DataTransfer();
              dt.items.add(new File([blob], "screenshot café.png", { type: "image/png" }));
              const field = document.querySelector("[data-testid=story-body]").closest(".md-field");
              field.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
              done(true);
            }, "image/png");"##,
            vec![],
        )
        .await
        .unwrap();
    let alt = s.wait_for("[data-testid=dialog-field-alt]").await;
    let dialog = text_of(&s.find("[data-testid=dialog]").await).await;
    assert!(dialog.contains("screenshot café.png, 1200 × 300 px"), "named and sized: {dialog}");
    alt.send_keys("A blue banner").await.unwrap();
    s.find("[data-testid=dialog-confirm]").await.click().await.unwrap();
    let shown = s.wait_preview("alt=\"A blue banner\"").await;
    assert!(shown.contains("src=\"data:image/png;base64,"), "the preview shows it at once");
    s.wait_text("[data-testid=save-state]", "Saved").await;
    s.quit().await;
}
