//! Feeds in the window: follow, list, rename, file, pause, stop following; refresh on
//! demand (and, from `lib.rs`, at start and every few minutes); OPML in and out. New
//! entries' cards are fetched in the background; the window hears of them as library
//! changes.

use std::path::PathBuf;

use masthead_core::error::ErrorPayload;
use masthead_core::feeds::{self, opml::OpmlImport, Followed, RefreshReport};
use masthead_core::model::{Feed, FeedId};
use tauri::State;

use super::desktop::{Desktop, FileQuestion};
use super::{with_store, AppState, CmdResult};

/// Follows the feed at `url`, or the one the page at `url` names; its current entries
/// come into the inbox.
#[tauri::command]
#[specta::specta]
pub async fn feeds_follow(state: State<'_, AppState>, url: String, folder: String) -> CmdResult<Followed> {
    let store = state.store()?;
    let followed = feeds::follow(&store, &state.fetcher, &url, &folder).await.map_err(ErrorPayload::from)?;
    super::links::fetch_in_background(&state, followed.new_links.clone(), |_| {})?;
    Ok(followed)
}

/// Refreshes these feeds (none: every feed not paused).
#[tauri::command]
#[specta::specta]
pub async fn feeds_refresh(state: State<'_, AppState>, ids: Vec<FeedId>) -> CmdResult<RefreshReport> {
    refresh(&state, &ids).await
}

/// A refresh, then the new links' cards fetched in the background.
pub async fn refresh(state: &AppState, ids: &[FeedId]) -> CmdResult<RefreshReport> {
    let store = state.store()?;
    let report = feeds::refresh(&store, &state.fetcher, ids).await.map_err(ErrorPayload::from)?;
    super::links::fetch_in_background(state, report.new_links.clone(), |_| {})?;
    Ok(report)
}

#[tauri::command(async)]
#[specta::specta]
pub fn feeds_list(state: State<'_, AppState>) -> CmdResult<Vec<Feed>> {
    with_store(&state, |s| s.list_feeds())
}

/// The author's name, folder and pause for a feed.
#[tauri::command(async)]
#[specta::specta]
pub fn feeds_edit(
    state: State<'_, AppState>,
    id: FeedId,
    name: String,
    folder: String,
    paused: bool,
) -> CmdResult<Feed> {
    with_store(&state, |s| s.edit_feed(id, &name, &folder, paused))
}

/// Stops following a feed; its links stay in the inbox.
#[tauri::command(async)]
#[specta::specta]
pub fn feeds_remove(state: State<'_, AppState>, id: FeedId) -> CmdResult<()> {
    with_store(&state, |s| s.delete_feed(id))
}

/// Follows the feeds of an OPML file chosen in the Open dialog (`None` when cancelled).
/// They are read at the next refresh, which the window asks for at once.
#[tauri::command(async)]
#[specta::specta]
pub fn feeds_import_opml(
    state: State<'_, AppState>,
    desktop: State<'_, Desktop>,
    path: Option<PathBuf>,
) -> CmdResult<Option<OpmlImport>> {
    let question = FileQuestion::new("Import feeds (OPML)", ("OPML feed lists", &["opml", "xml"]), None);
    let Some(path) = path.or_else(|| desktop.0.open_path(&question)) else { return Ok(None) };
    Ok(Some(feeds::opml::import_file(&state.store()?, &path)?))
}

/// Writes the feeds as OPML where the Save dialog says; the path written, or `None` when
/// cancelled.
#[tauri::command(async)]
#[specta::specta]
pub fn feeds_export_opml(
    state: State<'_, AppState>,
    desktop: State<'_, Desktop>,
    path: Option<PathBuf>,
) -> CmdResult<Option<String>> {
    let question =
        FileQuestion::new("Export feeds (OPML)", ("OPML feed list", &["opml"]), None).named("masthead-feeds.opml");
    let Some(path) = path.or_else(|| desktop.0.save_path(&question)) else { return Ok(None) };
    with_store(&state, |s| feeds::opml::export_file(s, &path))?;
    Ok(Some(path.display().to_string()))
}

/// How often the window refreshes feeds, in minutes (0: only at start and on demand).
#[tauri::command(async)]
#[specta::specta]
pub fn feeds_refresh_minutes(state: State<'_, AppState>) -> CmdResult<u32> {
    with_store(&state, |s| {
        Ok(s.setting(masthead_core::store::FEEDS_REFRESH)?.and_then(|m| m.trim().parse().ok()).unwrap_or(30))
    })
}

/// Sets how often the window refreshes feeds; it holds from the next wait.
#[tauri::command(async)]
#[specta::specta]
pub fn set_feeds_refresh_minutes(state: State<'_, AppState>, minutes: u32) -> CmdResult<()> {
    with_store(&state, |s| s.set_setting(masthead_core::store::FEEDS_REFRESH, &minutes.to_string()))
}
