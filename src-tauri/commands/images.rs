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
    let question =
        FileQuestion::new("Insert an image", ("Images", &["png", "jpg", "jpeg", "gif", "webp"]), folder.as_deref());
    let Some(path) = desktop.0.open_path(&question) else { return Ok(None) };
    let added = with_store(&state, |s| s.add_image_file(&path))?;
    Ok(Some((added, path.display().to_string())))
}

/// The header that names a file sent raw to `add_image_bytes` (URI-encoded).
pub const FILE_NAME_HEADER: &str = "masthead-file-name";

/// Adds an image from the bytes of a pasted or dropped file, sent raw as the request's
/// body, its name in [`FILE_NAME_HEADER`]. As a JSON argument a 4 MB photo became a 14 MB
/// array of numbers to write and parse; raw, it is the 4 MB. Outside the typed bindings
/// (they cannot describe a raw body): the window calls it by name (`ui/src/images.ts`).
#[tauri::command(async)]
pub fn add_image_bytes(state: State<'_, AppState>, request: tauri::ipc::Request<'_>) -> CmdResult<AddedImage> {
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(masthead_core::Error::Invalid("add_image_bytes takes the file's bytes as the body".into()).into());
    };
    with_store(&state, |s| s.add_image(bytes, &file_name(&request)))
}

/// The file's name, sent URI-encoded in its own header; a pasted image has none.
fn file_name(request: &tauri::ipc::Request<'_>) -> String {
    request
        .headers()
        .get(FILE_NAME_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "the pasted image".to_owned())
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
