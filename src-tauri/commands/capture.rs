//! Links from the browser: a `masthead://add?…` link (the bookmarklet's) that started the
//! app or that a second launch handed over, taken into the inbox and queued for the
//! window, which drains the queue when it starts and whenever it is told of a new one (so
//! a link that arrives before the window listens is never lost).

use std::sync::Mutex;

use masthead_core::links::capture::{self, Captured};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

use super::{with_store, AppState, CmdResult};

/// Told to the window when a capture is queued.
pub const CAPTURED: &str = "masthead://captured";

/// What one `masthead://` link did, for the window to say.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(tag = "type", rename_all = "snake_case")]
// Queued briefly and few at a time: boxing the large variant would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum CaptureNews {
    Captured(Captured),
    /// The link could not be taken; `message` says why in words.
    Refused {
        message: String,
    },
}

/// Captures the window has not shown yet.
#[derive(Default)]
pub struct Captures(Mutex<Vec<CaptureNews>>);

/// Takes a `masthead://` link into the inbox, starts fetching its card, queues what
/// happened for the window, and brings the window forward.
pub fn take_in<R: Runtime>(app: &AppHandle<R>, link: &str) {
    let state = app.state::<AppState>();
    let news = match with_store(&state, |s| capture::capture(s, link)) {
        Ok(c) => {
            if c.created {
                let _ = super::links::fetch_in_background(&state, vec![c.link.id], |_| {});
            }
            CaptureNews::Captured(c)
        }
        Err(e) => {
            log::warn!("a masthead:// link was refused: {}", e.message);
            CaptureNews::Refused { message: e.message }
        }
    };
    app.state::<Captures>().0.lock().unwrap_or_else(|p| p.into_inner()).push(news);
    let _ = app.emit(CAPTURED, ());
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}

/// The captures not shown yet, oldest first; the queue is emptied.
#[tauri::command]
#[specta::specta]
pub fn take_captures(captures: State<'_, Captures>) -> CmdResult<Vec<CaptureNews>> {
    Ok(std::mem::take(&mut *captures.0.lock().unwrap_or_else(|p| p.into_inner())))
}

/// The bookmarklet Settings offers to drag to the browser's bookmarks bar.
#[tauri::command]
#[specta::specta]
pub fn capture_bookmarklet() -> CmdResult<String> {
    Ok(capture::BOOKMARKLET.to_owned())
}
