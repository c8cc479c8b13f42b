//! The live preview and the theme list.

use masthead_core::model::IssueDoc;
use masthead_core::render::{Preview, PreviewRequest, StoryReading};
use masthead_core::theme::ThemeList;
use tauri::State;

use super::{with_store, AppState, CmdResult};

/// Renders the issue as the editor holds it (unsaved keystrokes included) for the
/// sandboxed preview frame.
#[tauri::command(async)]
#[specta::specta]
pub fn preview_issue(state: State<'_, AppState>, doc: IssueDoc, request: PreviewRequest) -> CmdResult<Preview> {
    let themes = state.themes.current();
    with_store(&state, |s| masthead_core::export::preview(s, &themes, &doc, &request))
}

/// Each story's words and reading time, as the editor holds the issue (the core's count,
/// the one the preview's status line uses).
#[tauri::command(async)]
#[specta::specta]
pub fn story_readings(state: State<'_, AppState>, doc: IssueDoc) -> CmdResult<Vec<StoryReading>> {
    let store = state.store()?;
    let ids: Vec<i64> = doc.stories.iter().flat_map(|s| &s.items).filter_map(|i| i.fields.link_id).collect();
    let links = store.links_by_id(&ids)?;
    Ok(masthead_core::render::story_readings(&doc, &store.publication(doc.issue.publication_id)?, &links))
}

/// A reaction's counts as every theme prints them: `1,047 likes · 73,368 views`.
#[tauri::command]
#[specta::specta]
pub fn counts_line(likes: Option<i64>, views: Option<i64>) -> CmdResult<String> {
    Ok(masthead_core::render::numbers::counts(likes, views))
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_themes(state: State<'_, AppState>) -> CmdResult<ThemeList> {
    Ok(state.themes.list())
}
