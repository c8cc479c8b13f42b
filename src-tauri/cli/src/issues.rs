//! Issues, publications, search and a new library: `init`, `issues`, `publications`,
//! `search`.

use clap::{Args, Subcommand};
use masthead_core::model::{IssueFields, IssueStatus, ItemKind};
use masthead_core::sample;

use crate::print::{self, or};
use crate::{Ctx, Outcome};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum IssuesCommand {
    /// Every issue, newest first, under each publication's name.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One issue with its stories (their place, id and headline) and their links and
    /// reactions; `--json` prints the whole issue as the window holds it.
    Show {
        #[arg(value_name = "N")]
        number: i64,
        #[arg(long)]
        json: bool,
    },
    /// Create an issue (numbered after its publication's highest unless --number is given).
    New {
        #[arg(long)]
        title: String,
        #[arg(long)]
        number: Option<i64>,
        /// YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        /// weekly, digest or briefing (default: the publication's default theme).
        #[arg(long)]
        theme: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum PublicationsCommand {
    /// Every publication with its number of issues.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a publication (its settings start empty: set them with `settings set`).
    New {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Rename a publication.
    Rename {
        #[arg(value_name = "OLD")]
        old: String,
        #[arg(value_name = "NEW")]
        new: String,
    },
    /// Delete a publication that has no issues.
    Delete {
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Args)]
pub struct SearchArgs {
    query: String,
    /// Print a JSON array instead of lines.
    #[arg(long)]
    json: bool,
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

/// `init [--sample]`: the library exists once the store opened it; the sample is added.
pub fn init(ctx: &Ctx, with_sample: bool) -> Outcome {
    let path = ctx.store.path().display();
    if with_sample {
        let issue = sample::install(&ctx.store)?;
        println!("created {path} with the sample issue #{} “{}”", issue.number, issue.title);
    } else {
        println!("library ready at {path}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn issues(ctx: &Ctx, cmd: IssuesCommand) -> Outcome {
    let store = &ctx.store;
    match cmd {
        IssuesCommand::List { json } => {
            let publications = store.publications()?;
            let name_of = |id| publications.iter().find(|p| p.id == id).map(|p| p.name.as_str()).unwrap_or("");
            let chosen = ctx.chosen_id();
            let issues: Vec<_> =
                store.list_issues()?.into_iter().filter(|i| chosen.is_none_or(|p| i.publication_id == p)).collect();
            if json {
                print::json_rows(&issues, "publication", |i| name_of(i.publication_id).into());
            } else if issues.is_empty() {
                println!("no issues yet — create one with: masthead-cli issues new --title \"…\"");
            } else {
                let several = publications.len() > 1 && chosen.is_none();
                let mut heading = None;
                for i in issues {
                    if several && heading != Some(i.publication_id) {
                        heading = Some(i.publication_id);
                        println!("{}", name_of(i.publication_id));
                    }
                    println!(
                        "#{:<4} {:<10} {:<6} {:>2} stories  {}",
                        i.number,
                        i.date,
                        i.status.as_str(),
                        i.story_count,
                        i.title
                    );
                }
            }
        }
        IssuesCommand::Show { number, json } => {
            let doc = store.get_issue_doc(ctx.issue(number)?.id)?;
            let publication = store.publication(doc.issue.publication_id)?;
            print::out(json, &doc, |doc| {
                let i = &doc.issue;
                let title = or(&i.title, "Untitled issue");
                println!("#{} “{title}” — {}, {}, {} theme", i.number, publication.name, i.status.as_str(), i.theme);
                if !i.date.is_empty() {
                    println!("dated {}", i.date);
                }
                for (k, s) in doc.stories.iter().enumerate() {
                    println!("\n{:>2}. {}  (story id {})", k + 1, or(&s.fields.headline, "(untitled)"), s.id);
                    for item in &s.items {
                        let f = &item.fields;
                        let what = if f.kind == ItemKind::Reaction { "reaction" } else { "link" };
                        let label = [f.source.trim(), f.title.trim()]
                            .iter()
                            .filter(|t| !t.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" — ");
                        let url = if f.url.is_empty() { String::new() } else { format!(" <{}>", f.url) };
                        println!("    {what}: {label}{url}");
                    }
                }
            });
        }
        IssuesCommand::New { title, number, date, theme, json } => {
            let issue = store.create_issue(IssueFields {
                publication_id: Some(ctx.current()?.id),
                number,
                title,
                date: date.unwrap_or_default(),
                theme: theme.unwrap_or_default(),
                status: Some(IssueStatus::Draft),
                ..Default::default()
            })?;
            let publication = store.publication(issue.publication_id)?;
            print::out(json, &issue, |issue| {
                println!(
                    "created issue #{} “{}” in “{}” (id {})",
                    issue.number, issue.title, publication.name, issue.id
                );
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn publications(ctx: &Ctx, cmd: PublicationsCommand) -> Outcome {
    let store = &ctx.store;
    match cmd {
        PublicationsCommand::List { json } => {
            let issues = store.list_issues()?;
            let count = |id| issues.iter().filter(|i| i.publication_id == id).count();
            let publications = store.publications()?;
            if json {
                print::json_rows(&publications, "issues", |p| count(p.id).into());
            } else {
                for p in &publications {
                    println!("{:<40} {}", p.name, print::count(count(p.id), "issue", "issues"));
                }
            }
        }
        PublicationsCommand::New { name } => {
            let p = store.create_publication(&name)?;
            println!("created “{}”; set it up with: masthead-cli --publication {:?} settings list", p.name, p.name);
        }
        PublicationsCommand::Rename { old, new } => {
            let p = store.publication_by_name(&old)?;
            let renamed = store.rename_publication(p.id, &new)?;
            println!("renamed “{}” to “{}”", p.name, renamed.name);
        }
        PublicationsCommand::Delete { name } => {
            let p = store.publication_by_name(&name)?;
            store.delete_publication(p.id)?;
            println!("deleted “{}”", p.name);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn search(ctx: &Ctx, args: SearchArgs) -> Outcome {
    let hits = ctx.store.search(&args.query, args.limit)?;
    print::out(args.json, &hits, |hits| {
        if hits.is_empty() {
            println!("nothing found for {:?}", args.query);
        }
        for h in hits {
            let kind = serde_json::to_value(h.kind).expect("kind serializes");
            println!("{:<6} {}  —  {}", kind.as_str().unwrap_or(""), h.title, h.snippet);
        }
    });
    Ok(ExitCode::SUCCESS)
}
