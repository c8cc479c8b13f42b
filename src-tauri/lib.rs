//! The desktop shell: builds the Tauri app around the core. It holds no behaviour of its
//! own; commands (in `commands/`) unpack arguments, call `masthead_core`, map errors.

pub mod commands;
pub mod menu;

use commands::AppState;

/// The one list of commands: it registers the handlers and generates `ui/src/bindings.ts`.
pub fn specta_builder<R: tauri::Runtime>() -> tauri_specta::Builder<R> {
    use commands::*;
    tauri_specta::Builder::<R>::new()
        .commands(tauri_specta::collect_commands![
            library::library_status,
            library::library_start_fresh,
            issues::list_issues,
            issues::create_issue,
            issues::get_issue,
            issues::update_issue,
            issues::rename_issue,
            issues::duplicate_issue,
            issues::delete_issue,
            stories::add_story,
            stories::save_story,
            stories::delete_story,
            stories::move_story,
            stories::reorder_stories,
            items::add_item,
            items::update_item,
            items::delete_item,
            items::move_item,
            revisions::list_revisions,
            revisions::restore_revision,
            revisions::diff_revisions,
            revisions::save_version,
            search::search,
            settings::list_publications,
            settings::get_publication,
            settings::set_publication,
            settings::create_publication,
            settings::delete_publication,
            render::preview_issue,
            render::story_readings,
            render::counts_line,
            render::list_themes,
            links::inbox_add,
            links::inbox_list,
            links::inbox_fetch,
            links::inbox_cancel,
            links::inbox_edit,
            links::inbox_delete,
            links::inbox_query,
            links::inbox_get,
            links::inbox_import,
            links::inbox_tag,
            links::inbox_note,
            links::inbox_archive,
            links::attach_link,
            capture::take_captures,
            publish::targets_list,
            publish::targets_add,
            publish::targets_set_key,
            publish::targets_remove,
            publish::issue_publishes,
            publish::publish_issue,
            feeds::feeds_follow,
            feeds::feeds_refresh,
            feeds::feeds_list,
            feeds::feeds_edit,
            feeds::feeds_remove,
            feeds::feeds_import_opml,
            feeds::feeds_export_opml,
            feeds::feeds_refresh_minutes,
            feeds::set_feeds_refresh_minutes,
            capture::capture_bookmarklet,
            export::export_issue,
            export::save_export_as,
            export::build_site,
            publish::publish_audience,
            publish::send_issue,
            publish::follow_publishes,
            export::email_size,
            export::check_issue,
            export::send_test,
            export::get_smtp,
            export::set_smtp,
            export::get_tagging,
            export::set_tagging,
            export::import_issue,
            images::pick_image,
            images::image_markdown,
            images::image_data_uri,
            export::backup_library,
            export::restore_library,
            desktop::open_link,
            desktop::show_in_folder,
            desktop::open_log_folder,
            desktop::quit_app,
            desktop::get_spelling,
            desktop::set_spelling,
        ])
        .typ::<LibraryChanged>()
        // Ids and counts stay far below 2^53, so they travel as plain numbers.
        .dangerously_cast_bigints_to_number()
}

/// Writes the TypeScript bindings for the UI (`tests/shell.rs` checks and regenerates them).
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder::<tauri::Wry>()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from src-tauri/lib.rs by tauri-specta. Do not edit: regenerate with `UPDATE_BINDINGS=1 cargo test -p masthead --test shell bindings`.\n"),
            path,
        )
        .map_err(|e| e.to_string())
}

/// The event the UI listens to for theme changes; its payload is a [`ThemeList`](masthead_core::theme::ThemeList).
pub const THEMES_CHANGED: &str = "themes-changed";

/// Keeps the themes-folder watcher alive for the life of the app.
struct ThemeWatch(std::sync::Mutex<Option<masthead_core::theme::ThemeWatcher>>);

/// Watches the library's themes folder and tells the window when a theme changed (or broke),
/// so the preview re-renders. Without a watcher the app still works; themes then load at start.
fn watch_themes(app: &tauri::AppHandle) {
    use tauri::{Emitter, Manager};
    let state = app.state::<AppState>();
    let live = state.themes.clone();
    if live.dir().is_none() {
        return;
    }
    let handle = app.clone();
    let watching = masthead_core::theme::watch::watch(live.clone(), masthead_core::theme::WatchMode::Auto, move |_| {
        let _ = handle.emit(THEMES_CHANGED, live.list());
    });
    match watching {
        Ok(w) => *app.state::<ThemeWatch>().0.lock().unwrap_or_else(|p| p.into_inner()) = Some(w),
        Err(e) => log::warn!("themes will not reload live: {e}"),
    }
}

/// Turns on WebKitGTK's spell checking (underlines and corrections in the context menu)
/// in the language chosen in Settings or the system's, and lets the Edit menu's Cut, Copy
/// and Paste reach the clipboard. Dictionaries come from hunspell packages
/// (`hunspell-en-us` and the like).
fn spellcheck(app: &tauri::AppHandle) {
    use commands::desktop::DesktopActions;
    use tauri::Manager;
    let chosen =
        app.state::<AppState>().store().ok().and_then(|s| s.setting(masthead_core::store::SPELLING).ok().flatten());
    app.spell_check(&commands::desktop::spelling_language(&chosen.unwrap_or_default()));
    let Some(window) = app.get_webview_window("main") else { return };
    let _ = window.with_webview(|webview| {
        #[cfg(target_os = "linux")]
        {
            use webkit2gtk::{SettingsExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                settings.set_javascript_can_access_clipboard(true);
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = webview;
    });
}

/// Where a click may take the window: its own pages and the preview frame's documents.
/// Anything else is a link the author clicked in the preview (whose links target the
/// window, since the frame runs no script to catch them): it opens in the browser when
/// the core allows it, and the window stays where it is.
fn links_open_outside<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::<R>::new("masthead-links")
        .on_navigation(|webview, url| {
            use tauri_plugin_opener::OpenerExt;
            let own = webview.url().map(|u| u.origin() == url.origin()).unwrap_or(false);
            if own || url.scheme() == "tauri" || matches!(url.as_str(), "about:blank" | "about:srcdoc") {
                return true;
            }
            match masthead_core::links::openable(url.as_str()) {
                Ok(u) => {
                    if let Err(e) = webview.opener().open_url(u.as_str(), None::<&str>) {
                        log::warn!("could not open {u} in the browser: {e}");
                    }
                }
                Err(e) => log::warn!("{e}"),
            }
            false
        })
        .build()
}

/// The event that tells the window the library changed; its payload is a [`LibraryChanged`].
pub const LIBRARY_CHANGED: &str = "library-changed";

/// What changed in the library: the rows one of Masthead's own commits wrote, or `None`
/// when another process (the CLI, a second window) wrote and what it wrote is unknown.
#[derive(Clone, serde::Serialize, specta::Type)]
pub struct LibraryChanged {
    pub changes: Option<masthead_core::store::Changes>,
}

/// Tells the window of every change to the library: each commit of its own store as it
/// happens (with what it changed), and, polled once a second, commits made by another
/// process. The window then updates what it shows, never over an edit not yet saved.
fn watch_library(app: &tauri::AppHandle) {
    use tauri::{Emitter, Manager};
    let own = app.clone();
    app.state::<AppState>().on_change(move |changes| {
        let _ = own.emit(LIBRARY_CHANGED, LibraryChanged { changes: Some(changes.clone()) });
    });
    let handle = app.clone();
    std::thread::spawn(move || {
        let mut last: Option<(usize, i64)> = None;
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
            let Ok(store) = handle.state::<AppState>().store() else { continue };
            let Ok(version) = store.data_version() else { continue };
            // The store itself is keyed too: a restore opens a new one, with its own count.
            let now = (std::sync::Arc::as_ptr(&store) as usize, version);
            if last.is_some_and(|(s, v)| s == now.0 && v != version) {
                let _ = handle.emit(LIBRARY_CHANGED, LibraryChanged { changes: None });
            }
            last = Some(now);
        }
    });
}

/// Refreshes the feeds a few seconds after start (the window first), then every
/// `feeds.refresh_minutes` (default 30; 0: only at start and on demand), read afresh each
/// time so a change in Settings holds from the next wait.
fn refresh_feeds(app: &tauri::AppHandle) {
    use tauri::Manager;
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        let mut due = true;
        loop {
            let state = handle.state::<AppState>();
            if due {
                if let Err(e) = commands::feeds::refresh(&state, &[]).await {
                    log::warn!("refreshing feeds: {}", e.message);
                }
            }
            let minutes = state
                .store()
                .ok()
                .and_then(|s| s.setting(masthead_core::store::FEEDS_REFRESH).ok().flatten())
                .and_then(|m| m.trim().parse::<u64>().ok())
                .unwrap_or(30);
            // With refreshes off, look again in a minute whether they were turned on.
            due = minutes > 0;
            tokio::time::sleep(std::time::Duration::from_secs(60 * minutes.clamp(1, 24 * 60))).await;
        }
    });
}

/// The name a running window answers to on the session bus: the app's own for the
/// platform's library, one per folder for a library named by MASTHEAD_DATA_DIR.
fn instance_key() -> String {
    let base = "app.masthead.editor";
    match std::env::var_os(masthead_core::library::DATA_DIR_ENV) {
        None => base.to_owned(),
        Some(dir) => {
            use std::hash::{Hash, Hasher};
            let dir = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.into());
            let mut h = std::collections::hash_map::DefaultHasher::new();
            dir.hash(&mut h);
            format!("{base}.library_{:016x}", h.finish())
        }
    }
}

/// `masthead://` links: the one the app was started with, then each a second launch hands
/// over. Where the platform allows, Masthead also registers itself for the scheme when it
/// runs on the platform's library (the .deb's desktop entry declares it when installed).
fn capture_links(app: &tauri::AppHandle) {
    use tauri_plugin_deep_link::DeepLinkExt;
    #[cfg(target_os = "linux")]
    if std::env::var_os(masthead_core::library::DATA_DIR_ENV).is_none() {
        if let Err(e) = app.deep_link().register_all() {
            log::warn!("could not register Masthead for masthead:// links: {e}");
        }
    }
    let handle = app.clone();
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            commands::capture::take_in(&handle, url.as_str());
        }
    });
    if let Ok(Some(urls)) = app.deep_link().get_current() {
        for url in urls {
            commands::capture::take_in(app, url.as_str());
        }
    }
}

/// Starts the app. The library opens before the window so the first frame has data; a
/// library that cannot be opened still starts the window, which offers recovery.
/// Every command the window calls: `typed`, the handler of the typed ones
/// (`specta_builder().invoke_handler()`), and the one that takes a raw body, which the
/// typed bindings cannot describe.
pub fn invoke_handler<R: tauri::Runtime>(
    typed: impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static,
) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    let raw: fn(tauri::ipc::Invoke<R>) -> bool = tauri::generate_handler![commands::images::add_image_bytes];
    move |invoke| if invoke.message.command() == "add_image_bytes" { raw(invoke) } else { typed(invoke) }
}

pub fn run() {
    let state = AppState::open_default();
    // One window per library: a second launch (a `masthead://` link the desktop opens, or
    // the app started again) hands its arguments to the running one, which takes the link
    // and comes forward. The instance is keyed by the library, so another library (or a
    // test's, through MASTHEAD_DATA_DIR) is a window of its own.
    let builder = tauri::Builder::default()
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .callback(|app, _args, _cwd| {
                    use tauri::Manager;
                    if let Some(w) = app.get_webview_window("main") {
                        let _ = w.unminimize();
                        let _ = w.set_focus();
                    }
                })
                .dbus_id(instance_key())
                .build(),
        )
        .plugin(tauri_plugin_deep_link::init());
    builder
        .plugin(tauri_plugin_opener::init())
        .plugin(links_open_outside())
        .plugin(tauri_plugin_dialog::init())
        // Size, position and maximized state, restored when the window opens.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        // Warnings and errors to the platform's log folder, one rotated file.
        .plugin(
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Warn)
                .targets([
                    tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::LogDir { file_name: None }),
                    tauri_plugin_log::Target::new(tauri_plugin_log::TargetKind::Stderr),
                ])
                .max_file_size(1_000_000)
                .rotation_strategy(tauri_plugin_log::RotationStrategy::KeepOne)
                .build(),
        )
        .manage(state)
        .manage(ThemeWatch(std::sync::Mutex::new(None)))
        .menu(menu::build)
        .on_menu_event(menu::on_event)
        .setup(|app| {
            use tauri::Manager;
            app.manage(commands::desktop::Desktop(Box::new(app.handle().clone())));
            watch_themes(app.handle());
            watch_library(app.handle());
            spellcheck(app.handle());
            app.manage(commands::capture::Captures::default());
            capture_links(app.handle());
            refresh_feeds(app.handle());
            Ok(())
        })
        .invoke_handler(invoke_handler(specta_builder::<tauri::Wry>().invoke_handler()))
        .run(tauri::generate_context!())
        .expect("Masthead could not start its window");
}
