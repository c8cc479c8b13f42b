//! Commands about the library file itself: its status and recovery from a bad file.

use serde::Serialize;
use specta::Type;
use tauri::State;

use super::{AppState, CmdResult};
use masthead_core::error::ErrorPayload;

#[derive(Debug, Clone, Serialize, Type)]
pub struct LibraryStatus {
    /// The library file's path.
    pub path: String,
    /// Why the library could not be opened; `None` when it is open.
    pub error: Option<ErrorPayload>,
}

#[tauri::command(async)]
#[specta::specta]
pub fn library_status(state: State<'_, AppState>) -> LibraryStatus {
    LibraryStatus { path: state.library_path().display().to_string(), error: state.store().err() }
}

/// Moves an unreadable library aside (never deleting it) and starts a fresh one.
/// Refused while the library is open and healthy: this is a recovery, not a reset.
#[tauri::command(async)]
#[specta::specta]
pub fn library_start_fresh(state: State<'_, AppState>) -> CmdResult<LibraryStatus> {
    let path = state.start_fresh()?;
    Ok(LibraryStatus { path: path.display().to_string(), error: state.store().err() })
}
