//! The app menu: the window's commands with their shortcuts, where a desktop app keeps
//! them. Choosing an item sends its id to the window as a `menu` event; the window runs
//! the same command its palette and keyboard shortcuts run (ui/src/commands.ts lists them).

use tauri::menu::{Menu, MenuItemBuilder, Submenu, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Runtime};

/// The event the window listens to; its payload is the chosen item's id.
pub const MENU_EVENT: &str = "menu";

/// (id, label, accelerator) for each submenu, in order; `None` for a separator.
type Entry = Option<(&'static str, &'static str, Option<&'static str>)>;

const FILE: &[Entry] = &[
    Some(("new-issue", "New Issue", Some("CmdOrCtrl+N"))),
    Some(("duplicate", "Duplicate Issue", None)),
    Some(("add-story", "Add Story", Some("CmdOrCtrl+Shift+S"))),
    None,
    Some(("export", "Export, Check and Send a Test…", Some("CmdOrCtrl+E"))),
    Some(("history", "History of This Issue…", Some("CmdOrCtrl+Shift+H"))),
    None,
    Some(("import-issue", "Import Issue File…", None)),
    Some(("backup", "Back Up Library…", None)),
    Some(("restore", "Restore Library from Backup…", None)),
    None,
    Some(("settings", "Settings…", Some("CmdOrCtrl+,"))),
    None,
    // Not the system's Quit item: the window saves pending edits first, then quits.
    Some(("quit", "Quit Masthead", Some("CmdOrCtrl+Q"))),
];

/// The window's own Edit items (Linux and Windows): each acts on the focused field, the
/// Markdown editors' undo history included. No accelerators: the keys already reach the
/// field, and a menu accelerator would take them from it.
const EDIT: &[Entry] = &[
    Some(("undo", "Undo", None)),
    Some(("redo", "Redo", None)),
    None,
    Some(("cut", "Cut", None)),
    Some(("copy", "Copy", None)),
    Some(("paste", "Paste", None)),
    Some(("select-all", "Select All", None)),
];

const HELP: &[Entry] = &[Some(("open-log-folder", "Open Log Folder", None))];

const VIEW: &[Entry] = &[
    Some(("palette", "Find or Run a Command…", Some("CmdOrCtrl+K"))),
    None,
    Some(("preview", "Show or Hide the Preview", Some("CmdOrCtrl+P"))),
    Some(("sidebar", "Show or Hide the Library", Some("CmdOrCtrl+Backslash"))),
    Some(("inbox", "Link Inbox", Some("CmdOrCtrl+Shift+L"))),
    Some(("focus", "Focus Mode", Some("CmdOrCtrl+Shift+F"))),
];

fn submenu<R: Runtime>(app: &AppHandle<R>, title: &str, entries: &[Entry]) -> tauri::Result<Submenu<R>> {
    let mut b = SubmenuBuilder::new(app, title);
    for entry in entries {
        b = match entry {
            None => b.separator(),
            Some((id, label, keys)) => {
                let mut item = MenuItemBuilder::with_id(*id, *label);
                if let Some(keys) = keys {
                    item = item.accelerator(*keys);
                }
                b.item(&item.build(app)?)
            }
        };
    }
    b.build()
}

/// File, Edit, View, Help. The Edit menu is the system's own on macOS, where without it
/// Cmd+C does nothing; elsewhere its items are the window's commands (GTK's predefined
/// ones are greyed out on Linux).
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let file = submenu(app, "File", FILE)?;
    let view = submenu(app, "View", VIEW)?;
    let help = submenu(app, "Help", HELP)?;
    let edit = if cfg!(target_os = "macos") {
        SubmenuBuilder::new(app, "Edit").undo().redo().separator().cut().copy().paste().select_all().build()?
    } else {
        submenu(app, "Edit", EDIT)?
    };
    Menu::with_items(app, &[&file, &edit, &view, &help])
}

/// Sends a chosen item to the window.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: tauri::menu::MenuEvent) {
    let _ = app.emit(MENU_EVENT, event.id().0.as_str());
}

/// Every id the menu can send (the window must know each one; `tests/shell.rs` checks).
pub fn ids() -> impl Iterator<Item = &'static str> {
    entries().map(|(id, _)| id)
}

/// Every item's id and accelerator, to check against the window's command catalog.
pub fn entries() -> impl Iterator<Item = (&'static str, Option<&'static str>)> {
    FILE.iter().chain(EDIT).chain(VIEW).chain(HELP).flatten().map(|(id, _, keys)| (*id, *keys))
}
