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
    if state.store().is_ok() {
        return Err(masthead_core::Error::Invalid("the library is open and healthy; nothing was moved".into()).into());
    }
    let path = state.library_path();
    if path.exists() {
        masthead_core::store::move_aside(&path)?;
    }
    state.replace(masthead_core::library::open_with_sample(&state.dir).map(std::sync::Arc::new).map_err(Into::into));
    Ok(LibraryStatus { path: path.display().to_string(), error: state.store().err() })
}
