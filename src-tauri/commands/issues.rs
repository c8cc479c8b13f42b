//! Issue commands: the library list and issue-level edits.

use masthead_core::model::{Issue, IssueDoc, IssueFields, IssueId, IssueSummary};
use tauri::State;

use super::{with_store, AppState, CmdResult};

#[tauri::command(async)]
#[specta::specta]
pub fn list_issues(state: State<'_, AppState>) -> CmdResult<Vec<IssueSummary>> {
    with_store(&state, |s| s.list_issues())
}

#[tauri::command(async)]
#[specta::specta]
pub fn create_issue(state: State<'_, AppState>, fields: IssueFields) -> CmdResult<Issue> {
    with_store(&state, |s| s.create_issue(fields))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_issue(state: State<'_, AppState>, id: IssueId) -> CmdResult<IssueDoc> {
    with_store(&state, |s| s.get_issue_doc(id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn update_issue(state: State<'_, AppState>, id: IssueId, fields: IssueFields) -> CmdResult<Issue> {
    with_store(&state, |s| s.update_issue(id, fields))
}

#[tauri::command(async)]
#[specta::specta]
pub fn rename_issue(state: State<'_, AppState>, id: IssueId, title: String) -> CmdResult<Issue> {
    with_store(&state, |s| s.rename_issue(id, &title))
}

#[tauri::command(async)]
#[specta::specta]
pub fn duplicate_issue(state: State<'_, AppState>, id: IssueId) -> CmdResult<Issue> {
    with_store(&state, |s| s.duplicate_issue(id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn delete_issue(state: State<'_, AppState>, id: IssueId) -> CmdResult<()> {
    with_store(&state, |s| s.delete_issue(id))
}
