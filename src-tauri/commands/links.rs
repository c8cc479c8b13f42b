//! The link inbox: adding links from any payload a drop or paste carries or from another
//! tool's export, fetching their cards in the background (progress arrives on the channel
//! the window passes, Tauri's way of streaming to one caller), filtering, tagging, noting,
//! archiving, deleting, and attaching them to stories.

use masthead_core::links::inbox::{CancellationToken, Progress};
use masthead_core::links::payload::PayloadKind;
use masthead_core::links::InboxAdded;
use masthead_core::model::{Item, ItemKind, Link, LinkId, LinkOverrides, StoryId};
use std::path::PathBuf;

use masthead_core::links::import::{self, ImportReport};
use masthead_core::store::{LinkPage, LinkQuery};
use serde::Serialize;
use specta::Type;
use tauri::ipc::Channel;
use tauri::State;

use super::desktop::{Desktop, FileQuestion};
use super::{with_store, AppState, CmdResult};

/// What a fetch's channel carries: each link's progress, or the error that stopped the
/// batch (the library became unreadable, say; links keep their state).
#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "type", rename_all = "snake_case")]
// Made, serialized and dropped at once for each event: boxing the large variant would
// only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum FetchEvent {
    Progress(Progress),
    Error(masthead_core::error::ErrorPayload),
}

/// Adds every link in a dropped or pasted payload and starts fetching the new ones. The
/// answer comes at once, with the titles a browser drag carried; cards follow as events.
#[tauri::command(async)]
#[specta::specta]
pub fn inbox_add(
    state: State<'_, AppState>,
    kind: PayloadKind,
    data: String,
    on_progress: Channel<FetchEvent>,
) -> CmdResult<InboxAdded> {
    let adding = with_store(&state, |s| masthead_core::links::add(s, kind, &data).map(InboxAdded::from))?;
    start_fetch(&state, adding.to_fetch(), on_progress)?;
    Ok(adding)
}

#[tauri::command(async)]
#[specta::specta]
pub fn inbox_list(state: State<'_, AppState>) -> CmdResult<Vec<Link>> {
    with_store(&state, |s| s.list_links())
}

/// Fetches these links again in the background; the author's edits are kept.
#[tauri::command(async)]
#[specta::specta]
pub fn inbox_fetch(state: State<'_, AppState>, ids: Vec<LinkId>, on_progress: Channel<FetchEvent>) -> CmdResult<()> {
    start_fetch(&state, ids, on_progress)
}

/// Stops every fetch under way; links not yet fetched stay as they were.
#[tauri::command(async)]
#[specta::specta]
pub fn inbox_cancel(state: State<'_, AppState>) -> CmdResult<()> {
    let mut token = state.fetching.lock().unwrap_or_else(|p| p.into_inner());
    token.cancel();
    *token = CancellationToken::new();
    Ok(())
}

/// Saves what the author typed over the fetched card (`null` clears a field's override).
#[tauri::command(async)]
#[specta::specta]
pub fn inbox_edit(state: State<'_, AppState>, id: LinkId, overrides: LinkOverrides) -> CmdResult<Link> {
    with_store(&state, |s| s.set_link_overrides(id, &overrides))
}

/// Removes links from the inbox, all or none. Stories that use them keep their copy.
#[tauri::command(async)]
#[specta::specta]
pub fn inbox_delete(state: State<'_, AppState>, ids: Vec<LinkId>) -> CmdResult<()> {
    with_store(&state, |s| s.delete_links(&ids))
}

/// One page of the inbox as the author filters, searches and sorts it.
#[tauri::command(async)]
#[specta::specta]
pub fn inbox_query(state: State<'_, AppState>, query: LinkQuery) -> CmdResult<LinkPage> {
    with_store(&state, |s| s.query_links(&query))
}

/// What the Open dialog offers for link exports.
const LINK_EXPORTS: (&str, &[&str]) =
    ("Bookmarks and read-later exports (HTML, CSV, JSON)", &["html", "htm", "csv", "json"]);

/// Imports links from an export file (asking which when `path` is absent; `None` when the
/// author cancels), then fetches the new ones' cards in the background.
#[tauri::command(async)]
#[specta::specta]
pub fn inbox_import(
    state: State<'_, AppState>,
    desktop: State<'_, Desktop>,
    path: Option<PathBuf>,
    on_progress: Channel<FetchEvent>,
) -> CmdResult<Option<ImportReport>> {
    let question = FileQuestion::new("Import links", LINK_EXPORTS, None);
    let Some(path) = path.or_else(|| desktop.0.open_path(&question)) else { return Ok(None) };
    let report = with_store(&state, |s| import::import_file(s, &path, None))?;
    start_fetch(&state, report.added_ids.clone(), on_progress)?;
    Ok(Some(report))
}

/// Gives links tags and takes tags away.
#[tauri::command(async)]
#[specta::specta]
pub fn inbox_tag(
    state: State<'_, AppState>,
    ids: Vec<LinkId>,
    add: Vec<String>,
    remove: Vec<String>,
) -> CmdResult<Vec<Link>> {
    with_store(&state, |s| s.tag_links(&ids, &add, &remove))
}

/// These links as the library has them now (one found by search, outside the page shown).
#[tauri::command(async)]
#[specta::specta]
pub fn inbox_get(state: State<'_, AppState>, ids: Vec<LinkId>) -> CmdResult<Vec<Link>> {
    with_store(&state, |s| s.links_by_id(&ids))
}

/// Sets a link's note.
#[tauri::command(async)]
#[specta::specta]
pub fn inbox_note(state: State<'_, AppState>, id: LinkId, note: String) -> CmdResult<Link> {
    with_store(&state, |s| s.set_link_note(id, &note))
}

/// Archives links, or brings them back.
#[tauri::command(async)]
#[specta::specta]
pub fn inbox_archive(state: State<'_, AppState>, ids: Vec<LinkId>, archived: bool) -> CmdResult<Vec<Link>> {
    with_store(&state, |s| s.archive_links(&ids, archived))
}

/// Attaches an inbox link to a story as coverage (under `group_heading`) or as a reaction.
#[tauri::command(async)]
#[specta::specta]
pub fn attach_link(
    state: State<'_, AppState>,
    link_id: LinkId,
    story_id: StoryId,
    kind: ItemKind,
    group_heading: String,
) -> CmdResult<Item> {
    with_store(&state, |s| masthead_core::links::attach(s, link_id, story_id, kind, &group_heading))
}

/// Fetches in the background, off the command's thread: the command returns at once.
fn start_fetch(state: &AppState, ids: Vec<LinkId>, channel: Channel<FetchEvent>) -> CmdResult<()> {
    fetch_in_background(state, ids, move |e| {
        let _ = channel.send(e);
    })
}

/// Fetches these links' cards in the background, telling `on` of each step. What a fetch
/// stores also reaches the window as a library change, so `on` may ignore it.
pub(crate) fn fetch_in_background(
    state: &AppState,
    ids: Vec<LinkId>,
    on: impl Fn(FetchEvent) + Send + Sync + 'static,
) -> CmdResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let store = state.store()?;
    let fetcher = state.fetcher.clone();
    let cancel = state.fetching.lock().unwrap_or_else(|p| p.into_inner()).child_token();
    tauri::async_runtime::spawn(async move {
        let on = std::sync::Arc::new(on);
        let progress = on.clone();
        let done =
            fetcher.fetch_all(store, &ids, cancel, move |p: &Progress| progress(FetchEvent::Progress(p.clone())));
        if let Err(e) = done.await {
            on(FetchEvent::Error(e.into()));
        }
    });
    Ok(())
}
