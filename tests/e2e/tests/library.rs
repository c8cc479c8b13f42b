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
