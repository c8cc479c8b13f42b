//! Feeds followed: `feeds …`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use masthead_core::feeds;

use crate::links::{fetch_links, fetcher};
use crate::print;
use crate::{found, runtime, Ctx, Outcome};

#[derive(Subcommand)]
pub enum FeedsCommand {
    /// Follow a feed, or the one a site's page names (paste the site's address); its
    /// current entries come into the inbox and their cards are fetched.
    Add {
        url: String,
        /// A folder to keep it in.
        #[arg(long, default_value = "")]
        folder: String,
        /// Only follow and take the entries; fetch their cards later with `inbox fetch`.
        #[arg(long)]
        no_fetch: bool,
        /// Seconds a fetch may take in all.
        #[arg(long, value_name = "SECS", default_value_t = 10.0)]
        timeout: f64,
    },
    /// Every feed followed, with its folder, its links and the last refresh's problem.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Refresh these feeds, else every feed not paused (a conditional GET each); new
    /// entries come into the inbox. Exits 1 when a feed could not be read.
    Refresh {
        #[arg(value_name = "ID")]
        ids: Vec<i64>,
        #[arg(long)]
        no_fetch: bool,
        #[arg(long, value_name = "SECS", default_value_t = 10.0)]
        timeout: f64,
    },
    /// Rename a feed, move it to a folder, pause it or resume it.
    Edit {
        #[arg(value_name = "ID")]
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        folder: Option<String>,
        #[arg(long, conflicts_with = "resume")]
        pause: bool,
        #[arg(long)]
        resume: bool,
    },
    /// Stop following a feed; the links it brought stay in the inbox.
    Remove {
        #[arg(value_name = "ID")]
        id: i64,
    },
    /// Follow every feed an OPML file lists (from any feed reader); refresh them after.
    ImportOpml { file: PathBuf },
    /// Write the feeds followed as OPML, for another reader (`-o -` for stdout).
    ExportOpml {
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
}

pub fn run(ctx: &Ctx, cmd: FeedsCommand) -> Outcome {
    let store = &ctx.store;
    match cmd {
        FeedsCommand::Add { url, folder, no_fetch, timeout } => {
            let followed = runtime()?.block_on(feeds::follow(store, &fetcher(timeout)?, &url, &folder))?;
            let f = &followed.feed;
            println!("following #{} {} ({}): {} new links", f.id, f.shown_name(), f.url, followed.new_links.len());
            if !no_fetch {
                fetch_links(store, &followed.new_links, timeout)?;
            }
        }
        FeedsCommand::List { json } => {
            print::out(json, &store.list_feeds()?, |list| {
                for f in list {
                    let folder = if f.folder.is_empty() { String::new() } else { format!(" [{}]", f.folder) };
                    let paused = if f.paused { " (paused)" } else { "" };
                    println!("#{:<4} {}{folder}{paused}: {} links\n      {}", f.id, f.shown_name(), f.links, f.url);
                    if let Some(e) = &f.error {
                        println!("      last refresh: {e}");
                    }
                }
            });
        }
        FeedsCommand::Refresh { ids, no_fetch, timeout } => {
            let report = runtime()?.block_on(feeds::refresh(store, &fetcher(timeout)?, &ids))?;
            for f in &report.feeds {
                match &f.error {
                    Some(e) => eprintln!("#{} {}: {e}", f.feed_id, f.name),
                    None => eprintln!("#{} {}: {} new", f.feed_id, f.name, f.new),
                }
            }
            println!("{}", report.summary());
            if !no_fetch {
                fetch_links(store, &report.new_links, timeout)?;
            }
            return Ok(found(report.feeds.iter().any(|f| f.error.is_some())));
        }
        FeedsCommand::Edit { id, name, folder, pause, resume } => {
            let f = store.get_feed(id)?;
            let paused = (f.paused || pause) && !resume;
            let name = name.as_deref().unwrap_or(&f.name);
            let f = store.edit_feed(id, name, folder.as_deref().unwrap_or(&f.folder), paused)?;
            println!("#{} {}{}", f.id, f.shown_name(), if f.paused { " (paused)" } else { "" });
        }
        FeedsCommand::Remove { id } => store.delete_feed(id)?,
        FeedsCommand::ImportOpml { file } => {
            let report = feeds::opml::import_file(store, &file)?;
            for s in &report.skipped {
                eprintln!("skipped {s}");
            }
            let more = if report.added == 1 { "feed" } else { "feeds" };
            println!(
                "following {} more {more} ({} followed already); `feeds refresh` reads them",
                report.added, report.already
            );
        }
        FeedsCommand::ExportOpml { output } => {
            if output.as_os_str() == "-" {
                print!("{}", feeds::opml::write(&store.list_feeds()?));
            } else {
                feeds::opml::export_file(store, &output)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
