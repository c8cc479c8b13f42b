//! Publishing in the window: a publication's targets (Settings › Publishing) and an
//! issue's drafts made or updated there (the Export dialog), each draft then opened in the
//! browser; sending or scheduling the draft is a second step, which the window confirms
//! with the audience the service reports. The keys go to the system keychain, never to
//! the library.

use masthead_core::model::{IssueId, PublicationId};
use masthead_core::publish::{self, Audience, PublishReport, Published, PublishesNow, Target, TargetId, When};
use tauri::State;

use super::desktop::Desktop;
use super::{with_store, AppState, CmdResult};

/// A publication's targets, each with whether its key is kept.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct TargetRow {
    pub target: Target,
    pub has_key: bool,
}

#[tauri::command(async)]
#[specta::specta]
pub fn targets_list(state: State<'_, AppState>, publication: PublicationId) -> CmdResult<Vec<TargetRow>> {
    let targets = with_store(&state, |s| s.list_targets(Some(publication)))?;
    Ok(targets.into_iter().map(|t| TargetRow { has_key: publish::key(&t).is_ok(), target: t }).collect())
}

/// Adds a target; a non-empty `key` goes to the system keychain (the target is kept even
/// when the keychain refuses, and the error says where else the key can be).
#[tauri::command(async)]
#[specta::specta]
pub fn targets_add(state: State<'_, AppState>, target: Target, key: String) -> CmdResult<Target> {
    with_store(&state, |s| publish::add_target(s, &target, &key))
}

/// Keeps a target's key in the system keychain.
#[tauri::command(async)]
#[specta::specta]
pub fn targets_set_key(state: State<'_, AppState>, name: String, key: String) -> CmdResult<()> {
    let target = with_store(&state, |s| s.target(&name))?;
    Ok(publish::set_key(&target, &key)?)
}

/// Removes a target; the drafts it made stay in the service.
#[tauri::command(async)]
#[specta::specta]
pub fn targets_remove(state: State<'_, AppState>, id: TargetId) -> CmdResult<()> {
    with_store(&state, |s| s.delete_target(id))
}

/// Where an issue was published.
#[tauri::command(async)]
#[specta::specta]
pub fn issue_publishes(state: State<'_, AppState>, issue_id: IssueId) -> CmdResult<Vec<Published>> {
    with_store(&state, |s| s.publishes_of(issue_id))
}

/// Makes (or updates) the issue's draft at `target` and opens it in the browser.
#[tauri::command]
#[specta::specta]
pub async fn publish_issue(
    state: State<'_, AppState>,
    desktop: State<'_, Desktop>,
    issue_id: IssueId,
    target: String,
) -> CmdResult<PublishReport> {
    let (store, themes) = (state.store()?, state.themes.current());
    let report = publish::publish(&store, &themes, issue_id, &target).await?;
    // The draft is made whether or not a browser starts; the answer says where it is.
    let _ = masthead_core::links::openable(&report.published.remote_url).map(|url| desktop.0.open_url(url.as_str()));
    Ok(report)
}

/// Who a send to `target` reaches, as the service counts them: what the window's
/// confirmation names.
#[tauri::command]
#[specta::specta]
pub async fn publish_audience(state: State<'_, AppState>, issue_id: IssueId, target: String) -> CmdResult<Audience> {
    let store = state.store()?;
    Ok(publish::audience(&store, issue_id, &target).await?)
}

/// Sends the issue to the list through `target` now, or schedules it at `at` (as
/// `masthead-cli publish --schedule` reads it), after the window's confirmation.
#[tauri::command]
#[specta::specta]
pub async fn send_issue(
    state: State<'_, AppState>,
    issue_id: IssueId,
    target: String,
    at: Option<String>,
) -> CmdResult<PublishReport> {
    let (store, themes, when) = (state.store()?, state.themes.current(), When::now_or(at.as_deref())?);
    Ok(publish::send(&store, &themes, issue_id, &target, when).await?)
}

/// Where an issue went, each scheduled send whose time has come asked of its service
/// first (the Export dialog asks when it opens).
#[tauri::command]
#[specta::specta]
pub async fn follow_publishes(state: State<'_, AppState>, issue_id: IssueId) -> CmdResult<PublishesNow> {
    let store = state.store()?;
    Ok(publish::follow(&store, issue_id).await?)
}
