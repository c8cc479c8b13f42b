//! Publication settings.

use masthead_core::model::Publication;
use tauri::State;

use super::{with_store, AppState, CmdResult};

#[tauri::command(async)]
#[specta::specta]
pub fn get_publication(state: State<'_, AppState>) -> CmdResult<Publication> {
    with_store(&state, |s| s.publication())
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_publication(state: State<'_, AppState>, publication: Publication) -> CmdResult<()> {
    with_store(&state, |s| s.set_publication(&publication))
}
