//! Item commands: coverage links and reactions on a story.

use masthead_core::model::{Item, ItemFields, ItemId, StoryId};
use tauri::State;

use super::{with_store, AppState, CmdResult};

#[tauri::command(async)]
#[specta::specta]
pub fn add_item(state: State<'_, AppState>, story_id: StoryId, fields: ItemFields) -> CmdResult<Item> {
    with_store(&state, |s| s.add_item(story_id, fields))
}

#[tauri::command(async)]
#[specta::specta]
pub fn update_item(state: State<'_, AppState>, id: ItemId, fields: ItemFields) -> CmdResult<Item> {
    with_store(&state, |s| s.update_item(id, fields))
}

#[tauri::command(async)]
#[specta::specta]
pub fn delete_item(state: State<'_, AppState>, id: ItemId) -> CmdResult<()> {
    with_store(&state, |s| s.delete_item(id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn move_item(state: State<'_, AppState>, id: ItemId, to_story: StoryId, to: u32) -> CmdResult<Item> {
    with_store(&state, |s| s.move_item(id, to_story, to as usize))
}
