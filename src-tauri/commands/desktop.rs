//! The desktop around the library: opening links in the browser, showing a file in its
//! folder, the log folder, the spelling language, and quitting. The rules (which links
//! may open, which spelling setting is valid) are the core's.
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

impl<'a> FileQuestion<'a> {
    /// A dialog titled `title` for files of kind `filter`, starting in `folder` (the last
    /// one used) when given.
    pub fn new(title: &'a str, filter: (&'a str, &'a [&'a str]), folder: Option<&'a Path>) -> Self {
        FileQuestion { title, file_name: None, folder, filter }
    }

    /// The same, suggesting `name` (a Save dialog).
    pub fn named(self, name: &'a str) -> Self {
        FileQuestion { file_name: Some(name), ..self }
    }
}

/// What the desktop does for the window; implemented by the app's handle.
pub trait DesktopActions: Send + Sync {
    /// The system's Save dialog (it asks before replacing a file); `None` when cancelled.
    fn save_path(&self, q: &FileQuestion<'_>) -> Option<PathBuf>;
    /// The system's Open dialog; `None` when cancelled.
    fn open_path(&self, q: &FileQuestion<'_>) -> Option<PathBuf>;
    /// The system's folder chooser (it can make a new folder); `None` when cancelled.
    fn folder_path(&self, q: &FileQuestion<'_>) -> Option<PathBuf>;
    fn open_url(&self, url: &str) -> Result<(), String>;
    fn reveal(&self, path: &str) -> Result<(), String>;
    fn open_log_folder(&self) -> Result<(), String>;
    /// Checks spelling in the window's fields in `language` (a dictionary's name such as
    /// `en_GB`), or not at all for `off`.
    fn spell_check(&self, language: &str);
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

    fn folder_path(&self, q: &FileQuestion<'_>) -> Option<PathBuf> {
        let mut d = self.dialog().file().set_title(q.title);
        if let Some(folder) = q.folder.filter(|f| f.is_dir()) {
            d = d.set_directory(folder);
        }
        if let Some(w) = self.get_webview_window("main") {
            d = d.set_parent(&w);
        }
        d.blocking_pick_folder().and_then(|p| p.into_path().ok())
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

    fn spell_check(&self, language: &str) {
        let Some(window) = self.get_webview_window("main") else { return };
        let language = language.to_owned();
        let _ = window.with_webview(move |webview| {
            #[cfg(target_os = "linux")]
            {
                use webkit2gtk::{WebContextExt, WebViewExt};
                if let Some(context) = webview.inner().context() {
                    let on = language != "off";
                    context.set_spell_checking_enabled(on);
                    if on {
                        context.set_spell_checking_languages(&[language.as_str()]);
                    }
                }
            }
            #[cfg(not(target_os = "linux"))]
            let _ = (webview, language); // macOS and Windows check spelling in text fields themselves
        });
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
pub fn quit_app(desktop: State<'_, Desktop>) -> super::CmdResult<()> {
    desktop.0.quit();
    Ok(())
}

/// The spelling choice as Settings shows it.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct Spelling {
    /// What the author chose: a dictionary's language (`en_GB`), `off`, or empty for the
    /// system's language.
    pub chosen: String,
    /// The system's language, what an empty choice means.
    pub system: String,
    /// The dictionaries installed (hunspell's), by language; empty where the system
    /// checks spelling itself (macOS, Windows).
    pub installed: Vec<String>,
    /// Set when `$MASTHEAD_SPELLCHECK` decides instead of the setting.
    pub from_environment: Option<String>,
    /// True where the system checks spelling in text fields itself, in its own language
    /// settings (macOS, Windows): the choice here does not apply.
    pub by_system: bool,
}

impl Spelling {
    /// The author's choice with what this system offers and decides.
    fn on_this_system(chosen: String) -> Spelling {
        Spelling {
            chosen,
            system: system_language(),
            installed: if cfg!(target_os = "linux") { installed_dictionaries() } else { Vec::new() },
            from_environment: std::env::var("MASTHEAD_SPELLCHECK").ok().filter(|v| !v.is_empty()),
            by_system: !cfg!(target_os = "linux"),
        }
    }
}

/// The spelling language the window uses for `chosen`: `$MASTHEAD_SPELLCHECK` when set
/// (`off` for none), else the choice, else the system's.
pub fn spelling_language(chosen: &str) -> String {
    let env = std::env::var("MASTHEAD_SPELLCHECK").ok().filter(|v| !v.is_empty());
    env.or_else(|| Some(chosen.to_owned()).filter(|c| !c.is_empty())).unwrap_or_else(system_language)
}

/// The system's language as a dictionary names it (`LANG=de_DE.UTF-8` gives `de_DE`),
/// else US English.
fn system_language() -> String {
    // `C.UTF-8` and `POSIX` name no language.
    let from = |var: &str| {
        let value = std::env::var(var).ok()?;
        let lang = value.split(['.', '@']).next()?.to_owned();
        Some(lang).filter(|l| !l.is_empty() && l != "C" && l != "POSIX")
    };
    from("LC_ALL").or_else(|| from("LANG")).unwrap_or_else(|| "en_US".into())
}

/// The hunspell dictionaries installed, where WebKitGTK's spell checker (enchant) looks.
fn installed_dictionaries() -> Vec<String> {
    let mut found: Vec<String> = ["/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".dic").map(str::to_owned))
        .filter(|name| name.split('_').next().is_some_and(|l| (2..=3).contains(&l.len())) && !name.contains('-'))
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The spelling language chosen in Settings, the system's, and the dictionaries there are.
#[tauri::command(async)]
#[specta::specta]
pub fn get_spelling(state: State<'_, super::AppState>) -> CmdResult<Spelling> {
    let chosen = super::with_store(&state, |s| s.setting(masthead_core::store::SPELLING))?.unwrap_or_default();
    Ok(Spelling::on_this_system(chosen))
}

/// Keeps the spelling language (the core checks it) and applies it to the window at once.
#[tauri::command(async)]
#[specta::specta]
pub fn set_spelling(state: State<'_, super::AppState>, desktop: State<'_, Desktop>, language: String) -> CmdResult<()> {
    super::with_store(&state, |s| s.set_setting(masthead_core::store::SPELLING, language.trim()))?;
    desktop.0.spell_check(&spelling_language(language.trim()));
    Ok(())
}
