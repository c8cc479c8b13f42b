//! Export, the email size meter, the pre-flight check, test sends, and the settings they
//! use (SMTP, link tagging), plus issue files and the library backup.

use std::path::PathBuf;

use masthead_core::check::Report;
use masthead_core::export::backup::Restored;
use masthead_core::export::site::SiteReport;
use masthead_core::export::{self, ExportFormat, Exported, SavedExport, SizeReport};
use masthead_core::model::{Issue, IssueDoc, IssueId, PublicationId, SmtpSettings, Tagging};
use masthead_core::send::Sent;
use tauri::State;

use super::desktop::{Desktop, FileQuestion};
use super::{with_store, AppState, CmdResult};

/// What the Open and Save dialogs offer for issue files and backups.
const ISSUE_FILES: (&str, &[&str]) = ("Masthead issue file", &["json"]);
const BACKUPS: (&str, &[&str]) = ("Masthead backup", &["backup"]);

/// Exports an issue; with `path`, also writes the file there (atomically).
#[tauri::command(async)]
#[specta::specta]
pub fn export_issue(
    state: State<'_, AppState>,
    issue_id: IssueId,
    format: ExportFormat,
    theme: Option<String>,
    path: Option<PathBuf>,
) -> CmdResult<Exported> {
    let out = exported(&state, issue_id, format, theme.as_deref())?;
    if let Some(p) = &path {
        with_store(&state, |s| export::save(s, issue_id, &out, p))?;
    }
    Ok(out)
}

/// Issue `issue_id` exported as `format` in `theme` (or its own), from the library.
fn exported(state: &AppState, issue_id: IssueId, format: ExportFormat, theme: Option<&str>) -> CmdResult<Exported> {
    let themes = state.themes.current();
    with_store(state, |s| export::export(s, &themes, issue_id, format, theme))
}

/// Exports an issue and asks where to save it with the system's Save dialog (suggesting
/// `012-the-week.email.html` in `folder`, the last one used); `None` when the author
/// cancelled. The dialog asks before replacing a file; the write is atomic.
#[tauri::command(async)]
#[specta::specta]
pub fn save_export_as(
    state: State<'_, AppState>,
    desktop: State<'_, Desktop>,
    issue_id: IssueId,
    format: ExportFormat,
    theme: Option<String>,
    folder: Option<PathBuf>,
) -> CmdResult<Option<SavedExport>> {
    let out = exported(&state, issue_id, format, theme.as_deref())?;
    let question =
        FileQuestion::new("Save the issue as", format.file_filter(), folder.as_deref()).named(&out.file_name);
    let Some(path) = desktop.0.save_path(&question) else { return Ok(None) };
    with_store(&state, |s| export::save(s, issue_id, &out, &path)).map(Some)
}

/// Builds the publication's web archive (index, a page per issue, feed, sitemap) in a
/// folder chosen in the system's folder chooser, starting in `folder` (the last one used);
/// `None` when the author cancelled. Drafts are left out.
#[tauri::command(async)]
#[specta::specta]
pub fn build_site(
    state: State<'_, AppState>,
    desktop: State<'_, Desktop>,
    publication: PublicationId,
    folder: Option<PathBuf>,
) -> CmdResult<Option<SiteReport>> {
    let question = FileQuestion::new("Build the web archive in a folder", ("Folder", &[]), folder.as_deref());
    let Some(dir) = desktop.0.folder_path(&question) else { return Ok(None) };
    let themes = state.themes.current();
    with_store(&state, |s| export::site::build(s, &themes, publication, &dir, None, false)).map(Some)
}

/// The email's size for the meter, from the issue as the editor holds it.
#[tauri::command(async)]
#[specta::specta]
pub fn email_size(state: State<'_, AppState>, doc: IssueDoc, theme: Option<String>) -> CmdResult<SizeReport> {
    let themes = state.themes.current();
    with_store(&state, |s| export::email_size(s, &themes, &doc, theme.as_deref()))
}

/// The pre-flight check; `offline` skips fetching links.
#[tauri::command(async)]
#[specta::specta]
pub async fn check_issue(state: State<'_, AppState>, issue_id: IssueId, offline: bool) -> CmdResult<Report> {
    let store = state.store()?;
    let themes = state.themes.current();
    let fetcher = (!offline).then(|| state.fetcher.clone());
    Ok(masthead_core::check::check(&store, &themes, issue_id, fetcher.as_ref()).await?)
}

/// Sends the issue as it will go out to the author's own addresses.
#[tauri::command(async)]
#[specta::specta]
pub async fn send_test(state: State<'_, AppState>, issue_id: IssueId, to: Vec<String>) -> CmdResult<Sent> {
    let (store, themes) = (state.store()?, state.themes.current());
    Ok(masthead_core::send::send_test(&store, &themes, issue_id, &to).await?)
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_smtp(state: State<'_, AppState>, publication: PublicationId) -> CmdResult<SmtpSettings> {
    with_store(&state, |s| s.smtp_settings(publication))
}

/// Saves a publication's SMTP settings; a non-empty `password` goes to the system keychain.
#[tauri::command(async)]
#[specta::specta]
pub fn set_smtp(
    state: State<'_, AppState>,
    publication: PublicationId,
    smtp: SmtpSettings,
    password: Option<String>,
) -> CmdResult<()> {
    with_store(&state, |s| masthead_core::send::save_settings(s, publication, &smtp, password.as_deref()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_tagging(state: State<'_, AppState>, publication: PublicationId) -> CmdResult<Tagging> {
    with_store(&state, |s| s.tagging(publication))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_tagging(state: State<'_, AppState>, publication: PublicationId, tagging: Tagging) -> CmdResult<()> {
    with_store(&state, |s| s.set_tagging(publication, &tagging))
}

/// Imports an issue file as a new issue, into the publication it names (or `publication`
/// for a file that names none); without `path`, the system's Open dialog asks for it
/// (`None` when cancelled).
#[tauri::command(async)]
#[specta::specta]
pub fn import_issue(
    state: State<'_, AppState>,
    desktop: State<'_, Desktop>,
    path: Option<PathBuf>,
    folder: Option<PathBuf>,
    publication: Option<PublicationId>,
) -> CmdResult<Option<Issue>> {
    let question = FileQuestion::new("Import an issue file", ISSUE_FILES, folder.as_deref());
    let Some(path) = path.or_else(|| desktop.0.open_path(&question)) else { return Ok(None) };
    with_store(&state, |s| export::issue_file::import_path(s, &path, publication)).map(|i| Some(i.issue))
}

/// A backup written, and where.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct SavedBackup {
    pub path: String,
    pub bytes: u32,
}

/// Writes a backup of the whole library where the system's Save dialog says (`None` when
/// cancelled).
#[tauri::command(async)]
#[specta::specta]
pub fn backup_library(
    state: State<'_, AppState>,
    desktop: State<'_, Desktop>,
    folder: Option<PathBuf>,
) -> CmdResult<Option<SavedBackup>> {
    let name = export::backup::file_name();
    let question = FileQuestion::new("Back up the library", BACKUPS, folder.as_deref()).named(&name);
    let Some(path) = desktop.0.save_path(&question) else { return Ok(None) };
    let bytes = with_store(&state, |s| export::backup::backup(s, &path))?;
    Ok(Some(SavedBackup { path: path.display().to_string(), bytes: bytes.min(u32::MAX as u64) as u32 }))
}

/// Replaces the library with a backup chosen in the system's Open dialog (`None` when
/// cancelled). The replaced library is kept beside it; a backup that is not sound is
/// refused before anything changes.
#[tauri::command(async)]
#[specta::specta]
pub fn restore_library(
    state: State<'_, AppState>,
    desktop: State<'_, Desktop>,
    folder: Option<PathBuf>,
) -> CmdResult<Option<Restored>> {
    let question = FileQuestion::new("Restore the library from a backup", BACKUPS, folder.as_deref());
    let Some(path) = desktop.0.open_path(&question) else { return Ok(None) };
    state.restore(&path).map(Some)
}
