//! Images into the library: a file the author picks with the system's Open dialog, or
//! the bytes of one pasted or dropped into a field. The core processes and stores them.

use std::path::PathBuf;

use masthead_core::store::AddedImage;
use tauri::State;

use super::desktop::{Desktop, FileQuestion};
use super::{with_store, AppState, CmdResult};

/// Asks for an image file with the system's Open dialog and adds it; `None` when cancelled.
#[tauri::command(async)]
#[specta::specta]
pub fn pick_image(
    state: State<'_, AppState>,
    desktop: State<'_, Desktop>,
    folder: Option<PathBuf>,
) -> CmdResult<Option<(AddedImage, String)>> {
    let question = FileQuestion {
        title: "Insert an image",
        file_name: None,
        folder: folder.as_deref(),
        filter: ("Images", &["png", "jpg", "jpeg", "gif", "webp"]),
    };
    let Some(path) = desktop.0.open_path(&question) else { return Ok(None) };
    let bytes = masthead_core::images::read_file(&path)?;
    let added = with_store(&state, |s| s.add_image(&bytes, &path.display().to_string()))?;
    Ok(Some((added, path.display().to_string())))
}

/// Adds an image from its bytes (pasted or dropped); `file_name` names it in messages.
#[tauri::command(async)]
#[specta::specta]
pub fn add_image(state: State<'_, AppState>, bytes: Vec<u8>, file_name: String) -> CmdResult<AddedImage> {
    with_store(&state, |s| s.add_image(&bytes, &file_name))
}

/// The Markdown that shows a stored image with its alt text, optional caption and link,
/// made safe for it (the core's rule).
#[tauri::command]
#[specta::specta]
pub fn image_markdown(alt: String, name: String, caption: String, link: String) -> CmdResult<String> {
    Ok(masthead_core::images::markdown(&alt, &name, &caption, &link)?)
}

/// A stored image as a `data:` URI, for the window to show (a card's picture in its
/// form); `None` when the library has no image of that name.
#[tauri::command(async)]
#[specta::specta]
pub fn image_data_uri(state: State<'_, AppState>, name: String) -> CmdResult<Option<String>> {
    let found = with_store(&state, |s| s.image_data(&name))?;
    Ok(found.map(|(info, bytes)| masthead_core::images::data_uri(&info.mime, &bytes)))
}
