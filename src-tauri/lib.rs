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
            settings::get_publication,
            settings::set_publication,
            render::preview_issue,
            render::list_themes,
            links::inbox_add,
            links::inbox_list,
            links::inbox_fetch,
            links::inbox_cancel,
            links::inbox_edit,
            links::inbox_delete,
            links::attach_link,
            export::export_issue,
            export::save_export,
            export::email_size,
            export::check_issue,
            export::send_test,
            export::get_smtp,
            export::set_smtp,
            export::get_tagging,
            export::set_tagging,
            export::import_issue,
            export::backup_library,
        ])
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

/// The event the UI listens to for theme changes; its payload is a [`ThemeList`].
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
        Err(e) => eprintln!("masthead: themes will not reload live: {e}"),
    }
}

/// Starts the app. The library opens before the window so the first frame has data; a
/// library that cannot be opened still starts the window, which offers recovery.
pub fn run() {
    let state = AppState::open_default();
    let specta = specta_builder::<tauri::Wry>();
    let mut builder = tauri::Builder::default();
    // A second launch on the default library focuses the open window instead of opening
    // the library twice. With MASTHEAD_DATA_DIR set (tests, a second library) instances
    // are independent; two on one library still stay safe through WAL and the busy timeout.
    if std::env::var_os(masthead_core::library::DATA_DIR_ENV).is_none() {
        builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            use tauri::Manager;
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
        }));
    }
    builder
        .manage(state)
        .manage(ThemeWatch(std::sync::Mutex::new(None)))
        .menu(|app| menu::build(app))
        .on_menu_event(menu::on_event)
        .setup(|app| {
            watch_themes(app.handle());
            Ok(())
        })
        .invoke_handler(specta.invoke_handler())
        .run(tauri::generate_context!())
        .expect("Masthead could not start its window");
}
