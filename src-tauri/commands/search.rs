//! Library search.

use masthead_core::model::SearchHit;
use tauri::State;

use super::{with_store, AppState, CmdResult};

#[tauri::command(async)]
#[specta::specta]
pub fn search(state: State<'_, AppState>, query: String) -> CmdResult<Vec<SearchHit>> {
    with_store(&state, |s| s.search(&query, 50))
}
