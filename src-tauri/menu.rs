//! The app menu, built from the window's command catalog (`ui/src/commands.json`): each
//! command declared there with a `menu` stands in that menu, with the same label and
//! shortcut as in the palette. Choosing an item sends its id to the window as a `menu`
//! event; the window runs the same command its palette and shortcuts run.

use serde::Deserialize;
use tauri::menu::{Menu, MenuItemBuilder, Submenu, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Runtime};

/// The event the window listens to; its payload is the chosen item's id.
pub const MENU_EVENT: &str = "menu";

const CATALOG: &str = include_str!("../ui/src/commands.json");

/// One entry of the catalog: a command, or a separator in a menu.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Entry {
    Command {
        id: String,
        label: String,
        #[serde(default)]
        keys: Option<String>,
        #[serde(default)]
        menu: Option<String>,
        /// The field's own key (Ctrl+Z): shown in the palette, never a menu accelerator,
        /// which would take the key from the field.
        #[serde(default, rename = "fieldKey")]
        field_key: bool,
    },
    Separator {
        separator: String,
    },
}

/// The catalog as the menu reads it.
pub fn catalog() -> Vec<Entry> {
    serde_json::from_str(CATALOG).expect("ui/src/commands.json is valid (a shell test parses it)")
}

/// `Ctrl+Shift+H` as Tauri writes an accelerator: `CmdOrCtrl+Shift+H` (Cmd on macOS).
pub fn accelerator(keys: &str) -> String {
    keys.split('+')
        .map(|k| match k {
            "Ctrl" => "CmdOrCtrl",
            "\\" => "Backslash",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("+")
}

/// The menus in the order the catalog first names them.
const MENUS: [&str; 4] = ["File", "Edit", "View", "Help"];

fn submenu<R: Runtime>(app: &AppHandle<R>, title: &str, entries: &[Entry]) -> tauri::Result<Submenu<R>> {
    let mut b = SubmenuBuilder::new(app, title);
    for entry in entries {
        b = match entry {
            Entry::Separator { separator } if separator == title => b.separator(),
            Entry::Command { id, label, keys, menu: Some(menu), field_key } if menu == title => {
                let mut item = MenuItemBuilder::with_id(id.as_str(), label.as_str());
                if let (Some(keys), false) = (keys, field_key) {
                    item = item.accelerator(accelerator(keys));
                }
                b.item(&item.build(app)?)
            }
            _ => b,
        };
    }
    b.build()
}

/// File, Edit, View, Help. The Edit menu is the system's own on macOS, where without it
/// Cmd+C does nothing; elsewhere its items are the window's commands (GTK's predefined
/// ones are greyed out on Linux).
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let entries = catalog();
    let menus = MENUS
        .iter()
        .map(|title| {
            if *title == "Edit" && cfg!(target_os = "macos") {
                SubmenuBuilder::new(app, "Edit").undo().redo().separator().cut().copy().paste().select_all().build()
            } else {
                submenu(app, title, &entries)
            }
        })
        .collect::<tauri::Result<Vec<_>>>()?;
    let refs: Vec<&dyn tauri::menu::IsMenuItem<R>> =
        menus.iter().map(|m| m as &dyn tauri::menu::IsMenuItem<R>).collect();
    Menu::with_items(app, &refs)
}

/// Sends a chosen item to the window.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: tauri::menu::MenuEvent) {
    let _ = app.emit(MENU_EVENT, event.id().0.as_str());
}

/// Every command the menu shows, with its accelerator (checked by `tests/shell.rs`).
pub fn entries() -> Vec<(String, Option<String>)> {
    catalog()
        .into_iter()
        .filter_map(|e| match e {
            Entry::Command { id, keys, menu: Some(menu), field_key, .. } if MENUS.contains(&menu.as_str()) => {
                Some((id, keys.filter(|_| !field_key).map(|k| accelerator(&k))))
            }
            _ => None,
        })
        .collect()
}
