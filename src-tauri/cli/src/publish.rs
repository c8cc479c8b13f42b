//! Handing issues to an email service: `targets …`, `publish`, `publishes`.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use masthead_core::publish::{self, PublishState, Service, Target, When};
use masthead_core::store::when as ago;
use masthead_core::Error;

use crate::print::{self, or};
use crate::{runtime, Ctx, Outcome};

#[derive(Subcommand)]
pub enum TargetsCommand {
    /// Add a target to a publication (--publication, else the first). The key goes to the
    /// system keychain with `targets set-key`, or comes from `$MASTHEAD_TARGET_<NAME>_KEY`.
    Add {
        name: String,
        #[arg(long, value_enum)]
        service: ServiceArg,
        /// The service's address: a Ghost site's admin address, a listmonk install (the
        /// service's own for Buttondown and Kit).
        #[arg(long, value_name = "BASE_URL", default_value = "")]
        url: String,
        /// listmonk's API user.
        #[arg(long, default_value = "")]
        user: String,
        /// listmonk's list ids, comma-separated; or the slug of the Ghost newsletter to send
        /// to (default: the site's first active one).
        #[arg(long, default_value = "")]
        lists: String,
        /// listmonk's campaign template id, or Kit's email template id.
        #[arg(long, default_value = "")]
        template: String,
    },
    /// Every target, with its publication and service.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a target (the drafts it made stay in the service).
    Remove { name: String },
    /// Keep a target's API key in the system keychain, read from standard input.
    SetKey { name: String },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ServiceArg {
    Buttondown,
    Ghost,
    Listmonk,
    Kit,
}

#[derive(Args)]
pub struct PublishArgs {
    /// The issue's number.
    #[arg(long, value_name = "N")]
    issue: i64,
    /// The target's name (see `targets list`).
    #[arg(long, value_name = "NAME")]
    to: String,
    /// Then send it to the list now (after the pre-flight check, and a question naming
    /// the list and how many subscribers it has).
    #[arg(long, conflicts_with = "schedule")]
    send: bool,
    /// Then schedule it: 2026-12-01T07:00Z (UTC), 2026-12-01T08:00+01:00, or
    /// "2026-12-01 07:00" (this computer's time).
    #[arg(long, value_name = "WHEN")]
    schedule: Option<String>,
    /// Send or schedule without asking (needed when there is no terminal to ask in).
    #[arg(long, short = 'y')]
    yes: bool,
    #[arg(long)]
    json: bool,
}

pub fn targets(ctx: &Ctx, cmd: TargetsCommand) -> Outcome {
    let store = &ctx.store;
    match cmd {
        TargetsCommand::Add { name, service, url, user, lists, template } => {
            let service = match service {
                ServiceArg::Buttondown => Service::Buttondown,
                ServiceArg::Ghost => Service::Ghost,
                ServiceArg::Listmonk => Service::Listmonk,
                ServiceArg::Kit => Service::Kit,
            };
            let target = Target {
                id: 0,
                publication_id: ctx.current()?.id,
                name,
                service,
                base_url: url,
                api_user: user,
                lists,
                template,
                created_at: String::new(),
            };
            let t = publish::add_target(store, &target, "")?;
            println!("target “{}”: {} at {}", t.name, t.service.label(), t.base()?);
        }
        TargetsCommand::List { json } => {
            let list = store.list_targets(ctx.chosen_id())?;
            if json {
                print::json(&list);
            } else {
                for t in &list {
                    let publication = store.publication(t.publication_id)?.name;
                    let key = if publish::key(t).is_ok() { "key kept" } else { "no key yet" };
                    let base = t.base().unwrap_or_default();
                    println!("{:<16} {:<10} {base} ({publication}; {key})", t.name, t.service.label());
                }
            }
        }
        TargetsCommand::Remove { name } => {
            let t = store.target(&name)?;
            store.delete_target(t.id)?;
        }
        TargetsCommand::SetKey { name } => {
            let t = store.target(&name)?;
            let mut key = String::new();
            std::io::stdin()
                .read_to_string(&mut key)
                .map_err(|e| Error::Io { context: "cannot read standard input".into(), source: e })?;
            publish::set_key(&t, key.trim())?;
            println!("the key of “{}” is in the system keychain", t.name);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `publish`: a draft, or with `--send`/`--schedule` a send after a question (exit 1 when
/// the answer is no).
pub fn publish(ctx: &Ctx, args: PublishArgs) -> Outcome {
    let PublishArgs { issue, to, send, schedule, yes, json } = args;
    let (store, themes) = (&ctx.store, ctx.themes());
    let found = ctx.issue(issue)?;
    let when = match (send, schedule) {
        (true, _) => Some(When::Now),
        (false, Some(at)) => Some(When::parse(&at)?),
        (false, None) => None,
    };
    let rt = runtime()?;
    let report = match when {
        None => rt.block_on(publish::publish(store, &themes, found.id, &to))?,
        Some(when) => {
            let audience = rt.block_on(publish::audience(store, found.id, &to))?;
            let (verb, at) = match when {
                When::Now => ("Send", "now".to_owned()),
                _ => ("Schedule", format!("for {}", when.say())),
            };
            let note = if audience.note.is_empty() { String::new() } else { format!(" ({})", audience.note) };
            let title = or(&found.title, "Untitled");
            let question = format!("{verb} issue #{issue} “{title}” {at} to {}?{note}", audience.summary);
            if !yes && !confirm(&question)? {
                eprintln!("nothing was sent");
                return Ok(ExitCode::FAILURE);
            }
            rt.block_on(publish::send(store, &themes, found.id, &to, when))?
        }
    };
    print::out(json, &report, |report| {
        println!("{}", report.summary);
        println!("id: {}", report.published.remote_id);
    });
    Ok(ExitCode::SUCCESS)
}

/// `publishes`: where an issue went, after asking about due scheduled sends.
pub fn publishes(ctx: &Ctx, issue: i64, json: bool) -> Outcome {
    let id = ctx.issue(issue)?.id;
    let followed = runtime()?.block_on(publish::follow(&ctx.store, id))?;
    print::out(json, &followed, |followed| {
        if followed.publishes.is_empty() {
            println!("issue #{issue} was not published yet — publish it with: masthead-cli publish --issue {issue} --to NAME");
        }
        for p in &followed.publishes {
            let when = match p.state {
                PublishState::Draft => format!("draft, updated {}", ago(&p.updated_at)),
                PublishState::Scheduled => format!("scheduled for {}", When::say_stored(&p.send_at)),
                PublishState::Sent => format!("sent {}", ago(&p.send_at)),
            };
            println!("{}\t{}\t{when}\t{}", p.target, p.service.label(), p.remote_url);
        }
        for note in &followed.unanswered {
            eprintln!("could not ask {note}");
        }
    });
    Ok(ExitCode::SUCCESS)
}

/// Asks a yes/no question on the terminal; without one, says to pass --yes.
fn confirm(question: &str) -> Result<bool, Error> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::Invalid(format!(
            "{question} Masthead asks before sending, and there is no terminal to ask in: add --yes to send without asking"
        )));
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Error::Io { context: "cannot read the answer".into(), source: e })?;
    Ok(matches!(answer.trim().to_lowercase().as_str(), "y" | "yes"))
}
