//! Settings, themes and the library file: `settings`, `themes list`, `db check`.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use masthead_core::store::{self, is_library_key, SETTING_KEYS};
use masthead_core::theme::LiveThemes;
use masthead_core::{send, Error};

use crate::print;
use crate::{found, Ctx, Outcome};

#[derive(Subcommand)]
pub enum SettingsCommand {
    /// Print one setting's value (empty when unset).
    Get { key: String },
    /// Set one setting. `smtp.password` goes to the system keychain.
    Set { key: String, value: String },
    /// Every setting with its value and what it means.
    List,
}

#[derive(Subcommand)]
pub enum ThemesCommand {
    /// Built-in themes and those in the library's themes folder, with any that fail to load.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum DbCommand {
    /// Run SQLite's integrity check and print the schema version and counts.
    Check {
        #[arg(long)]
        json: bool,
    },
}

/// `settings`: `editor.*` belong to the library; the rest to the chosen publication.
pub fn settings(ctx: &Ctx, cmd: SettingsCommand) -> Outcome {
    let store = &ctx.store;
    let get = |key: &str| -> Result<Option<String>, Error> {
        if is_library_key(key) {
            store.setting(key)
        } else {
            store.publication_setting(ctx.current()?.id, key)
        }
    };
    match cmd {
        SettingsCommand::Get { key } if key == "smtp.password" => {
            let set = send::password(&store.smtp_settings(ctx.current()?.id)?).is_some();
            println!("{}", if set { "(set; kept in the system keychain)" } else { "(not set)" });
        }
        SettingsCommand::Set { key, value } if key == "smtp.password" => {
            send::set_password(&store.smtp_settings(ctx.current()?.id)?, &value)?;
            println!("smtp.password saved in the system keychain");
        }
        SettingsCommand::Get { key } => println!("{}", get(&key)?.unwrap_or_default()),
        SettingsCommand::Set { key, value } => {
            if is_library_key(&key) {
                store.set_setting(&key, &value)?;
            } else {
                store.set_publication_setting(ctx.current()?.id, &key, &value)?;
            }
            println!("{key} = {value}");
        }
        SettingsCommand::List => {
            println!("settings of “{}” (choose another with --publication NAME)\n", ctx.current()?.name);
            for (key, about) in SETTING_KEYS {
                let value = get(key)?.unwrap_or_default();
                println!("{key:<28} {value}\n{:<28} ({about})", "");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `themes list`: exits 1 when a theme in the library's folder does not load.
pub fn themes(ctx: &Ctx, cmd: ThemesCommand) -> Outcome {
    let ThemesCommand::List { json } = cmd;
    let set = LiveThemes::for_library(&ctx.dir).current();
    if json {
        print::json(&serde_json::json!({ "themes": set.list(), "errors": set.errors }));
        return Ok(ExitCode::SUCCESS);
    }
    for t in set.list() {
        let origin = match (&t.folder, t.built_in) {
            (Some(f), true) => format!("built in, overridden by {f}"),
            (Some(f), false) => f.clone(),
            (None, _) => "built in".to_owned(),
        };
        let outputs: Vec<&str> = t.outputs.iter().map(|f| f.as_str()).collect();
        println!("{:<10} {} [{}] ({origin})", t.name, t.description, outputs.join(", "));
        if !t.hidden.is_empty() {
            let hidden: Vec<String> = t
                .hidden
                .iter()
                .map(|h| {
                    let formats: Vec<&str> = h.formats.iter().map(|f| f.as_str()).collect();
                    format!("{} ({})", h.label, formats.join(", "))
                })
                .collect();
            println!("{:<10} does not show: {}", "", hidden.join("; "));
        }
    }
    for e in &set.errors {
        eprintln!("broken: {e}");
    }
    Ok(found(!set.errors.is_empty()))
}

/// `db check`, read-only and before the library is opened (opening refuses a damaged one):
/// exits 1 when SQLite finds damage.
pub fn db(dir: &Path, cmd: DbCommand) -> Outcome {
    let DbCommand::Check { json } = cmd;
    let check = store::check_file(&dir.join(store::LIBRARY_FILE))?;
    print::out(json, &check, |check| {
        println!("library:        {}", check.path);
        println!("schema version: {} (this Masthead writes {})", check.schema_version, check.supported_version);
        println!("integrity:      {}", check.integrity.join("; "));
        println!(
            "contents:       {} issues, {} stories, {} items, {} links, {} revisions",
            check.issues, check.stories, check.items, check.links, check.revisions
        );
    });
    Ok(found(check.integrity != ["ok"]))
}
