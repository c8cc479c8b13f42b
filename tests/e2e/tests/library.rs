//! Library-level actions in the real window: deleting with confirmation, and recovering
//! from a library file that cannot be opened.

use masthead_e2e::{text_of, Session};

#[tokio::test(flavor = "multi_thread")]
async fn deleting_an_issue_asks_first_and_keeps_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.wait_text(".issue-row.open .issue-title", "Welcome to Masthead").await;

    // Cancel leaves the issue alone.
    s.hover(".issue-row.open").await;
    s.find(".issue-row.open [data-testid=delete-issue]").await.click().await.unwrap();
    s.find("[data-testid=dialog-cancel]").await.click().await.unwrap();
    s.wait_gone("[data-testid=dialog]").await;
    assert_eq!(s.find_all(".issue-row").await.len(), 1);

    // The open issue can also be deleted from the editor's header.
    s.find("[data-testid=delete-open-issue]").await.click().await.unwrap();
    let dialog = s.find("[data-testid=dialog]").await;
    assert!(text_of(&dialog).await.contains("A revision is kept"));
    s.screenshot("04-delete-confirmation").await;
    s.find("[data-testid=dialog-confirm]").await.click().await.unwrap();
    s.wait_for(".empty").await;
    assert!(s.find_all(".issue-row").await.is_empty());
    s.quit().await;

    let store = masthead_core::Store::open_in(dir.path()).unwrap();
    assert!(store.list_issues().unwrap().is_empty());
    let revs = store.list_revisions(1).unwrap();
    assert_eq!(revs[0].reason, "before deleting the issue");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_library_that_is_not_a_database_is_moved_aside_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join(masthead_core::store::LIBRARY_FILE);
    let junk = "notes from another program, not a Masthead library\n".repeat(20);
    std::fs::write(&lib, &junk).unwrap();

    let s = Session::start(dir.path()).await;
    let screen = text_of(&s.find("[data-testid=recovery]").await).await;
    assert!(screen.contains("is not a Masthead library"), "{screen}");
    assert!(screen.contains(&lib.display().to_string()), "the screen names the file: {screen}");
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), junk, "nothing was written over it");
    s.screenshot("05-recovery").await;

    s.find("[data-testid=start-fresh]").await.click().await.unwrap();
    s.wait_text(".issue-row.open .issue-title", "Welcome to Masthead").await;
    s.quit().await;

    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".broken-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read_to_string(kept[0].path()).unwrap(), junk, "the old file is kept, unchanged");
}

/// Chooses `value` in the `<select>` at `css` as a person picking from the list does (the
/// element's value, then its change event).
async fn choose(s: &Session, css: &str, value: &str) {
    s.client
        .execute(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('change', {bubbles: true}))",
            vec![css.into(), value.into()],
        )
        .await
        .unwrap();
}

/// A second newsletter in the same library: created in Settings, with its own sign-off;
/// New issue asks which publication and numbers within it; the list groups and filters.
#[tokio::test(flavor = "multi_thread")]
async fn a_second_publication_has_its_own_settings_numbers_and_place_in_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::start(dir.path()).await;
    s.wait_text(".issue-row.open .issue-title", "Welcome to Masthead").await;
    assert!(s.find_all("[data-testid=publication-filter]").await.is_empty(), "one publication: no filter");

    s.find("[data-testid=open-settings]").await.click().await.unwrap();
    s.wait_for("[data-testid=publication-new]").await.click().await.unwrap();
    s.find("[data-testid=dialog] input").await.send_keys("Morning Brief").await.unwrap();
    s.find("[data-testid=dialog-confirm]").await.click().await.unwrap();
    s.wait_text("[data-testid=settings-result]", "Created “Morning Brief”: fill in its settings below.").await;
    assert_eq!(s.value("[data-testid='setting-publication.name']").await, "Morning Brief");
    s.find("[data-testid='setting-publication.sign_off']").await.send_keys("— Ada").await.unwrap();
    s.find("[data-testid=settings-save]").await.click().await.unwrap();
    s.wait_text("[data-testid=settings-result]", "Saved").await;
    s.screenshot("30-settings-publications").await;
    s.find("[data-testid=settings-dialog-close]").await.click().await.unwrap();
    s.wait_gone("[data-testid=settings-dialog]").await;

    // New issue asks for which publication, the open issue's preselected.
    s.wait_for("[data-testid=publication-filter]").await;
    s.find("[data-testid=new-issue]").await.click().await.unwrap();
    let choice = s.wait_for("[data-testid=dialog-choice]").await;
    assert!(text_of(&choice).await.contains("Morning Brief"));
    let store = masthead_core::Store::open_in(dir.path()).unwrap();
    let brief = store.publication_by_name("Morning Brief").unwrap();
    choose(&s, "[data-testid=dialog-choice]", &brief.id.to_string()).await;
    s.find("[data-testid=dialog-confirm]").await.click().await.unwrap();
    s.wait_gone("[data-testid=dialog]").await;
    s.wait_text(".issue-row.open .issue-number", "#1").await;
    s.find("[data-testid=issue-title]").await.send_keys("Rates hold steady").await.unwrap();
    s.wait_preview("— Ada").await;
    // A story with its own reading time, as a digest shows a linked essay's.
    s.find("[data-testid=add-story]").await.click().await.unwrap();
    s.wait_for("[data-testid=story-headline]").await.send_keys("The long read").await.unwrap();
    s.find("input[data-testid=story-reading-minutes]").await.send_keys("7").await.unwrap();
    s.wait_preview("~7 min read").await;
    s.wait_text("[data-testid=save-state]", "Saved").await;
    assert_eq!(s.texts("[data-testid=publication-heading]").await, ["My Newsletter", "Morning Brief"]);
    s.screenshot("31-two-publications").await;

    // Showing one publication lists its issues only.
    choose(&s, "[data-testid=publication-filter]", &brief.id.to_string()).await;
    s.wait_gone("[data-testid=publication-heading]").await;
    assert_eq!(s.texts(".issue-row .issue-title").await, ["Rates hold steady"]);
    s.quit().await;

    let issues = store.list_issues().unwrap();
    let mine: Vec<_> = issues.iter().filter(|i| i.publication_id == brief.id).collect();
    assert_eq!((mine.len(), mine[0].number, mine[0].title.as_str()), (1, 1, "Rates hold steady"));
    assert_eq!(store.publication(brief.id).unwrap().sign_off, "— Ada");
    assert_eq!(store.first_publication().unwrap().sign_off, "", "the first publication is untouched");
}
