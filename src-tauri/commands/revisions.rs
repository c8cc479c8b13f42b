//! Revision commands: history, restore and diff.

use masthead_core::model::{Issue, IssueId, RevisionId, RevisionSummary};
use tauri::State;

use super::{with_store, AppState, CmdResult};

#[tauri::command(async)]
#[specta::specta]
pub fn list_revisions(state: State<'_, AppState>, issue_id: IssueId) -> CmdResult<Vec<RevisionSummary>> {
    with_store(&state, |s| s.list_revisions(issue_id))
}

#[tauri::command(async)]
#[specta::specta]
pub fn restore_revision(state: State<'_, AppState>, id: RevisionId) -> CmdResult<Issue> {
    with_store(&state, |s| s.restore_revision(id))
}

/// A unified diff from revision `a` to revision `b`, or to the current issue without `b`.
#[tauri::command(async)]
#[specta::specta]
pub fn diff_revisions(state: State<'_, AppState>, a: RevisionId, b: Option<RevisionId>) -> CmdResult<String> {
    with_store(&state, |s| s.diff_revisions(a, b))
}

/// Takes a snapshot of the issue now, whatever the interval ("Save a version").
#[tauri::command(async)]
#[specta::specta]
pub fn save_version(state: State<'_, AppState>, issue_id: IssueId) -> CmdResult<RevisionId> {
    with_store(&state, |s| s.snapshot_issue(issue_id, "saved by you"))
}
