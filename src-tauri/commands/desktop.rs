//! The desktop around the library: opening links in the browser, showing a file in its
//! folder, the log folder, and quitting. The rules (which links may open) are the core's.
//!
//! The commands reach the desktop through [`Desktop`], managed state holding the app's
//! handle, so they stay independent of the runtime (the shell tests run on Tauri's mock).

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use super::CmdResult;
use masthead_core::error::ErrorPayload;

/// A native file dialog's question: its title, the file name it suggests, the folder it
/// starts in, and the kind of file (a name and its extensions).
pub struct FileQuestion<'a> {
    pub title: &'a str,
    pub file_name: Option<&'a str>,
    pub folder: Option<&'a Path>,
    pub filter: (&'a str, &'a [&'a str]),
}

/// What the desktop does for the window; implemented by the app's handle.
pub trait DesktopActions: Send + Sync {
    /// The system's Save dialog (it asks before replacing a file); `None` when cancelled.
    fn save_path(&self, q: &FileQuestion<'_>) -> Option<PathBuf>;
    /// The system's Open dialog; `None` when cancelled.
    fn open_path(&self, q: &FileQuestion<'_>) -> Option<PathBuf>;
    fn open_url(&self, url: &str) -> Result<(), String>;
    fn reveal(&self, path: &str) -> Result<(), String>;
    fn open_log_folder(&self) -> Result<(), String>;
    fn quit(&self);
}

/// The desktop, as managed state.
pub struct Desktop(pub Box<dyn DesktopActions>);

impl<R: Runtime> DesktopActions for AppHandle<R> {
    fn save_path(&self, q: &FileQuestion<'_>) -> Option<PathBuf> {
        let mut d = self.dialog().file().set_title(q.title).add_filter(q.filter.0, q.filter.1);
        if let Some(name) = q.file_name {
            d = d.set_file_name(name);
        }
        if let Some(folder) = q.folder.filter(|f| f.is_dir()) {
            d = d.set_directory(folder);
        }
        if let Some(w) = self.get_webview_window("main") {
            d = d.set_parent(&w);
        }
        d.blocking_save_file().and_then(|p| p.into_path().ok())
    }

    fn open_path(&self, q: &FileQuestion<'_>) -> Option<PathBuf> {
        let mut d = self.dialog().file().set_title(q.title).add_filter(q.filter.0, q.filter.1);
        if let Some(folder) = q.folder.filter(|f| f.is_dir()) {
            d = d.set_directory(folder);
        }
        if let Some(w) = self.get_webview_window("main") {
            d = d.set_parent(&w);
        }
        d.blocking_pick_file().and_then(|p| p.into_path().ok())
    }

    fn open_url(&self, url: &str) -> Result<(), String> {
        self.opener().open_url(url, None::<&str>).map_err(|e| e.to_string())
    }

    fn reveal(&self, path: &str) -> Result<(), String> {
        self.opener().reveal_item_in_dir(path).map_err(|e| e.to_string())
    }

    fn open_log_folder(&self) -> Result<(), String> {
        let dir = self.path().app_log_dir().map_err(|e| e.to_string())?;
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        self.opener().open_path(dir.display().to_string(), None::<&str>).map_err(|e| e.to_string())
    }

    fn quit(&self) {
        self.exit(0);
    }
}

fn failed(what: &str, e: String) -> ErrorPayload {
    masthead_core::Error::Invalid(format!("{what} ({e})")).into()
}

/// Opens an http, https or mailto link in the default browser or mail app; anything else
/// is refused with the core's message.
#[tauri::command(async)]
#[specta::specta]
pub fn open_link(desktop: State<'_, Desktop>, url: String) -> CmdResult<()> {
    let url = masthead_core::links::openable(&url)?;
    desktop.0.open_url(url.as_str()).map_err(|e| failed("the browser could not be started", e))
}

/// Shows a saved file selected in the system's file manager.
#[tauri::command(async)]
#[specta::specta]
pub fn show_in_folder(desktop: State<'_, Desktop>, path: String) -> CmdResult<()> {
    desktop.0.reveal(&path).map_err(|e| failed("the file manager could not be opened", e))
}

/// Opens the folder where Masthead writes its log (warnings and errors).
#[tauri::command(async)]
#[specta::specta]
pub fn open_log_folder(desktop: State<'_, Desktop>) -> CmdResult<()> {
    desktop.0.open_log_folder().map_err(|e| failed("the log folder could not be opened", e))
}

/// Quits Masthead. The window saves pending edits before it asks.
#[tauri::command(async)]
#[specta::specta]
pub fn quit_app(desktop: State<'_, Desktop>) {
    desktop.0.quit();
}
