//! Export, the email size meter, the pre-flight check, test sends, and the settings they
//! use (SMTP, link tagging), plus issue files and the library backup.

use std::path::PathBuf;

use masthead_core::check::Report;
use masthead_core::export::{self, ExportFormat, Exported, SizeReport};
use masthead_core::model::{Issue, IssueDoc, IssueId, SmtpSettings, Tagging};
use masthead_core::send::Sent;
use tauri::State;

use super::{with_store, AppState, CmdResult};

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
    let themes = state.themes.current();
    with_store(&state, |s| {
        let out = export::export(s, &themes, issue_id, format, theme.as_deref())?;
        if let Some(p) = &path {
            export::write_file(p, out.text.as_bytes())?;
        }
        Ok(out)
    })
}

/// A file saved by `save_export`.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct SavedExport {
    pub path: String,
    pub bytes: u32,
    pub size: Option<SizeReport>,
}

/// Exports an issue into the library's `exports/` folder (created when needed) and says
/// where it went; an earlier export of the same issue and format is replaced.
#[tauri::command(async)]
#[specta::specta]
pub fn save_export(
    state: State<'_, AppState>,
    issue_id: IssueId,
    format: ExportFormat,
    theme: Option<String>,
) -> CmdResult<SavedExport> {
    let themes = state.themes.current();
    let folder = state.exports_dir();
    with_store(&state, |s| {
        let out = export::export(s, &themes, issue_id, format, theme.as_deref())?;
        std::fs::create_dir_all(&folder)
            .map_err(|e| masthead_core::Error::ReadOnly { path: folder.clone(), detail: e.to_string() })?;
        let path = folder.join(&out.file_name);
        export::write_file(&path, out.text.as_bytes())?;
        Ok(SavedExport { path: path.display().to_string(), bytes: out.text.len() as u32, size: out.size })
    })
}

/// The email's size for the meter, from the issue as the editor holds it.
#[tauri::command(async)]
#[specta::specta]
pub fn email_size(state: State<'_, AppState>, doc: IssueDoc, theme: Option<String>) -> CmdResult<SizeReport> {
    let themes = state.themes.current();
    with_store(&state, |s| {
        let (publication, tagging) = (s.publication()?, s.tagging()?);
        let ctx = export::Context {
            publication: &publication,
            tagging: &tagging,
            themes: &themes,
            theme: theme.as_deref(),
            links: &[],
            to: &[],
            date: std::time::SystemTime::now(),
        };
        Ok(export::export_doc(&doc, ExportFormat::Email, &ctx)?.size.expect("an email export is measured"))
    })
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
    let store = state.store()?;
    let themes = state.themes.current();
    let smtp = store.smtp_settings()?;
    let opts = masthead_core::send::options(&store, &smtp)?;
    Ok(masthead_core::send::send_issue(&store, &themes, issue_id, &to, &opts).await?)
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_smtp(state: State<'_, AppState>) -> CmdResult<SmtpSettings> {
    with_store(&state, |s| s.smtp_settings())
}

/// Saves the SMTP settings; a non-empty `password` goes to the system keychain.
#[tauri::command(async)]
#[specta::specta]
pub fn set_smtp(state: State<'_, AppState>, smtp: SmtpSettings, password: Option<String>) -> CmdResult<()> {
    with_store(&state, |s| {
        s.set_smtp_settings(&smtp)?;
        match password.filter(|p| !p.is_empty()) {
            Some(p) => masthead_core::send::set_password(&s.smtp_settings()?, &p),
            None => Ok(()),
        }
    })
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_tagging(state: State<'_, AppState>) -> CmdResult<Tagging> {
    with_store(&state, |s| s.tagging())
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_tagging(state: State<'_, AppState>, tagging: Tagging) -> CmdResult<()> {
    with_store(&state, |s| s.set_tagging(&tagging))
}

/// Imports an issue file as a new issue.
#[tauri::command(async)]
#[specta::specta]
pub fn import_issue(state: State<'_, AppState>, path: PathBuf) -> CmdResult<Issue> {
    with_store(&state, |s| {
        let bytes = std::fs::read(&path)
            .map_err(|e| masthead_core::Error::Io { context: format!("cannot read {}", path.display()), source: e })?;
        let file = export::issue_file::parse(&bytes, &path.display().to_string())?;
        export::issue_file::import(s, &file)
    })
}

/// Writes a backup of the whole library; returns its size in bytes.
#[tauri::command(async)]
#[specta::specta]
pub fn backup_library(state: State<'_, AppState>, path: PathBuf) -> CmdResult<u32> {
    with_store(&state, |s| Ok(export::backup::backup(s, &path)?.min(u32::MAX as u64) as u32))
}
