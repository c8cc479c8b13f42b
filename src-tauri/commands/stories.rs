//! Story commands: add, autosave, delete, reorder.

use masthead_core::model::{IssueId, Story, StoryFields, StoryId};
use tauri::State;

use super::{with_store, AppState, CmdResult};

#[tauri::command(async)]
#[specta::specta]
pub fn add_story(
    state: State<'_, AppState>,
    issue_id: IssueId,
    fields: StoryFields,
    position: Option<u32>,
) -> CmdResult<Story> {
    with_store(&state, |s| s.add_story(issue_id, fields, position.map(|p| p as usize)))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_story(state: State<'_, AppState>, id: StoryId, fields: StoryFields) -> CmdResult<Story> {
    with_store(&state, |s| s.save_story(id, fields))
}

#[tauri::command(async)]
#[specta::specta]
pub fn delete_story(state: State<'_, AppState>, id: StoryId) -> CmdResult<()> {
    with_store(&state, |s| s.delete_story(id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn move_story(state: State<'_, AppState>, id: StoryId, to: u32) -> CmdResult<Vec<StoryId>> {
    with_store(&state, |s| s.move_story(id, to as usize))
}

#[tauri::command(async)]
#[specta::specta]
pub fn reorder_stories(state: State<'_, AppState>, issue_id: IssueId, order: Vec<StoryId>) -> CmdResult<()> {
    with_store(&state, |s| s.reorder_stories(issue_id, &order))
}
