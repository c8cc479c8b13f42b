//! Publications and their settings.

use masthead_core::model::{Publication, PublicationId};
use tauri::State;

use super::{with_store, AppState, CmdResult};

/// Every publication in the library, oldest first.
#[tauri::command(async)]
#[specta::specta]
pub fn list_publications(state: State<'_, AppState>) -> CmdResult<Vec<Publication>> {
    with_store(&state, |s| s.publications())
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_publication(state: State<'_, AppState>, id: PublicationId) -> CmdResult<Publication> {
    with_store(&state, |s| s.publication(id))
}

/// Saves every setting of a publication, its name included.
#[tauri::command(async)]
#[specta::specta]
pub fn set_publication(state: State<'_, AppState>, publication: Publication) -> CmdResult<()> {
    with_store(&state, |s| s.set_publication(&publication))
}

#[tauri::command(async)]
#[specta::specta]
pub fn create_publication(state: State<'_, AppState>, name: String) -> CmdResult<Publication> {
    with_store(&state, |s| s.create_publication(&name))
}

/// Deletes a publication without issues (the core refuses otherwise, saying why).
#[tauri::command(async)]
#[specta::specta]
pub fn delete_publication(state: State<'_, AppState>, id: PublicationId) -> CmdResult<()> {
    with_store(&state, |s| s.delete_publication(id))
}
