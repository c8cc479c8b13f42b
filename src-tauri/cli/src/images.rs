//! Images in stories: `images add`, `images list`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use masthead_core::{images, Error};

use crate::print;
use crate::{Ctx, Outcome};

#[derive(Subcommand)]
pub enum ImagesCommand {
    /// Add an image file to the end of a story's body as `![alt](name)`.
    Add {
        /// The issue's number.
        #[arg(long, value_name = "N")]
        issue: i64,
        /// The story's place in the issue, 1 for the first.
        #[arg(long, value_name = "K")]
        story: usize,
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// What the image shows, for readers who cannot see it.
        #[arg(long, default_value = "")]
        alt: String,
        /// A caption under the image (the image becomes a figure).
        #[arg(long, default_value = "")]
        caption: String,
        /// Where the image links to (https://…).
        #[arg(long, default_value = "")]
        link: String,
    },
    /// Every image in the library, newest first.
    List {
        #[arg(long)]
        json: bool,
        /// Only the images this issue shows (in its stories and its link cards).
        #[arg(long, value_name = "N")]
        issue: Option<i64>,
    },
}

pub fn run(ctx: &Ctx, cmd: ImagesCommand) -> Outcome {
    let store = &ctx.store;
    match cmd {
        ImagesCommand::Add { issue, story, file, alt, caption, link } => {
            let doc = store.get_issue_doc(ctx.issue(issue)?.id)?;
            let Some(target) = story.checked_sub(1).and_then(|k| doc.stories.get(k)) else {
                return Err(Error::Invalid(format!(
                    "issue #{issue} has {} stories; --story counts from 1",
                    doc.stories.len()
                )));
            };
            // The link is checked before the image is processed: a typo costs nothing.
            images::markdown(&alt, "000000000000.png", &caption, &link)?;
            let added = store.add_image_file(&file)?;
            let markdown = images::markdown(&alt, &added.image.name, &caption, &link)?;
            let mut fields = target.fields.clone();
            fields.body = format!("{}\n\n{markdown}\n", fields.body.trim_end()).trim_start().to_owned();
            store.save_story(target.id, fields)?;
            if let Some(w) = &added.warning {
                eprintln!("note: {w}");
            }
            println!(
                "{markdown}\n{} × {} px, {:.0} KB{}",
                added.image.width,
                added.image.height,
                f64::from(added.image.size) / 1024.0,
                if added.existed { " (already in the library)" } else { "" }
            );
        }
        ImagesCommand::List { json, issue } => {
            let mut list = store.list_images()?;
            if let Some(n) = issue {
                let shown = images::used_in(&store.get_issue_doc(ctx.issue(n)?.id)?);
                list.retain(|i| shown.contains(&i.name));
            }
            print::out(json, &list, |list| {
                if list.is_empty() {
                    println!("no images yet — add one with: masthead-cli images add --issue N --story K FILE");
                }
                for i in list {
                    println!(
                        "{}  {:>4} × {:<4} {:>6.0} KB  {}",
                        i.name,
                        i.width,
                        i.height,
                        f64::from(i.size) / 1024.0,
                        i.source
                    );
                }
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
