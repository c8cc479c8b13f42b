//! `masthead-cli`: every capability of Masthead, headless. Parsing and printing only; the
//! work is done by `masthead_core`. One module per command group, one printing layer
//! ([`mod@print`]) for text and `--json`.

mod export;
mod feeds;
mod images;
mod issues;
mod links;
mod print;
mod publish;
mod settings;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use masthead_core::model::{Issue, Publication};
use masthead_core::theme::{LiveThemes, ThemeSet};
use masthead_core::{library, Error, Store};

#[derive(Parser)]
#[command(
    name = "masthead-cli",
    version,
    about = "Masthead's library, from the command line",
    after_help = "Exit status: 0 when it worked; 1 when it ran and found problems (a check with errors, a link \
                  that failed, a theme that does not load, a damaged library); 2 when it could not run (bad \
                  arguments or input, a library that cannot be opened)."
)]
struct Cli {
    /// The library folder (default: $MASTHEAD_DATA_DIR, else the platform data directory).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// The publication to work in, by name (default: the first; for an issue number, the
    /// publication that has it).
    #[arg(long, global = true, value_name = "NAME")]
    publication: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the library if it does not exist yet.
    Init {
        /// Also add the sample issue.
        #[arg(long)]
        sample: bool,
    },
    /// List and create issues.
    #[command(subcommand)]
    Issues(issues::IssuesCommand),
    /// The newsletters this library holds: each has its own name, settings and numbering.
    #[command(subcommand)]
    Publications(issues::PublicationsCommand),
    /// Images in stories: upright, without metadata, at most 1200 px wide, kept in the library.
    #[command(subcommand)]
    Images(images::ImagesCommand),
    /// Search issues, stories, reactions and links.
    Search(issues::SearchArgs),
    /// Inspect the library file.
    #[command(subcommand)]
    Db(settings::DbCommand),
    /// Render an issue as a web page, an email, plain text or Markdown.
    Render(export::RenderArgs),
    /// Export an issue: a web page, email HTML (CSS inlined), an .eml, text, Markdown
    /// with front matter, or the issue file (json) that `import` reads.
    Export(export::ExportArgs),
    /// Import an issue file (from `export --format json`) as a new issue, into the
    /// publication the file names (created if the library has none of that name).
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Send an issue, as it will go out, to your own addresses through the SMTP settings.
    #[command(name = "send-test")]
    SendTest(export::SendTestArgs),
    /// Check an issue before sending: broken links, email size, TK/TODO markers, images
    /// without alt text, missing takeaways and preheader, empty sections, links used before.
    Check(export::CheckArgs),
    /// Copy the whole library (issues, revisions, links, settings) into one file.
    Backup {
        #[arg(short = 'o', long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Replace the library with a backup (the current library is kept beside it).
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Read and change settings (`settings list` shows every key).
    #[command(subcommand)]
    Settings(settings::SettingsCommand),
    /// The themes an issue can use.
    #[command(subcommand)]
    Themes(settings::ThemesCommand),
    /// The link inbox: links collected for coming issues.
    #[command(subcommand)]
    Inbox(links::InboxCommand),
    /// Feeds you follow (RSS, Atom, JSON Feed): their new entries come into the inbox.
    #[command(subcommand)]
    Feeds(feeds::FeedsCommand),
    /// The services a publication's issues go to as drafts: Buttondown, Ghost, listmonk, Kit.
    #[command(subcommand)]
    Targets(publish::TargetsCommand),
    /// A web archive of a publication (--publication, else the first), for any static host.
    #[command(subcommand)]
    Site(export::SiteCommand),
    /// Create the issue's draft at a target (Buttondown, Ghost, listmonk, Kit), or update
    /// the draft made there before. Without --send or --schedule nothing is sent to the
    /// list: the draft waits in the service. Prints where to open it.
    Publish(publish::PublishArgs),
    /// Where an issue was published: each target, its state (draft, scheduled, sent), when
    /// and where to open it. A scheduled send whose time has come is asked of its service
    /// first, so the issue's status follows.
    Publishes {
        /// The issue's number.
        #[arg(long, value_name = "N")]
        issue: i64,
        #[arg(long)]
        json: bool,
    },
    /// A page's metadata as JSON. Offline: `--html FILE --url URL`, or `--batch` reading
    /// `HTML_PATH<TAB>URL[<TAB>CONTENT_TYPE]` lines on stdin and writing one JSON object per
    /// line. Online: `link-meta URL…` fetches each page and adds `status` and `reason` (one
    /// line per URL).
    #[command(name = "link-meta")]
    LinkMeta(links::LinkMetaArgs),
}

/// What a command ends with: its exit status, or an error that says it could not run.
type Outcome = Result<ExitCode, Error>;

/// The exit status of a command that could not do its work (bad input, no library), as
/// clap's own for bad arguments; 1 (`ExitCode::FAILURE`) is "ran, and found problems".
fn could_not_run() -> ExitCode {
    ExitCode::from(2)
}

/// Success, or "ran, and found problems" when `problems`.
fn found(problems: bool) -> ExitCode {
    if problems {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    // `masthead-cli issues list | head -1`: once the reader has what it wants, writing more
    // is pointless, not an error. Rust ignores SIGPIPE, which turns every later print into
    // a panic; with the default action the process simply ends, as `cat` or `ls` do.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("masthead-cli: {e}");
            could_not_run()
        }
    }
}

/// The open library and the publication `--publication` chose: what every command that
/// works in the library is given.
struct Ctx {
    store: Arc<Store>,
    dir: PathBuf,
    chosen: Option<Publication>,
}

impl Ctx {
    /// The publication `--publication` named, if any (an issue number is looked up in it).
    fn chosen_id(&self) -> Option<i64> {
        self.chosen.as_ref().map(|p| p.id)
    }

    /// The publication that settings, targets and new issues go to: the chosen one, else
    /// the first.
    fn current(&self) -> Result<Publication, Error> {
        match &self.chosen {
            Some(p) => Ok(p.clone()),
            None => self.store.first_publication(),
        }
    }

    /// Issue number `n` (of the chosen publication when one was).
    fn issue(&self, n: i64) -> Result<Issue, Error> {
        self.store.issue_by_number(self.chosen_id(), n)
    }

    /// The built-in themes and the library's own, as they are now.
    fn themes(&self) -> Arc<ThemeSet> {
        LiveThemes::for_library(&self.dir).current()
    }
}

fn run(cli: Cli) -> Outcome {
    let command = cli.command;
    // Offline extraction needs no library: it never creates or opens one.
    if let Command::LinkMeta(args) = command {
        return links::link_meta(args);
    }
    let dir = match cli.data_dir {
        Some(d) => d,
        None => library::data_dir()?,
    };
    // Restoring replaces the library file, so it must not be open; a check reads a damaged
    // library that opening would refuse.
    match command {
        Command::Restore { file } => return export::restore(&dir, &file),
        Command::Db(cmd) => return settings::db(&dir, cmd),
        _ => {}
    }
    let store = Arc::new(Store::open_in(&dir)?);
    let chosen = match &cli.publication {
        Some(name) => Some(store.publication_by_name(name)?),
        None => None,
    };
    let ctx = Ctx { store, dir, chosen };
    match command {
        Command::Init { sample } => issues::init(&ctx, sample),
        Command::Issues(cmd) => issues::issues(&ctx, cmd),
        Command::Publications(cmd) => issues::publications(&ctx, cmd),
        Command::Search(args) => issues::search(&ctx, args),
        Command::Images(cmd) => images::run(&ctx, cmd),
        Command::Render(args) => export::render(&ctx, args),
        Command::Export(args) => export::export(&ctx, args),
        Command::Import { file } => export::import(&ctx, &file),
        Command::Backup { output } => export::backup(&ctx, &output),
        Command::SendTest(args) => export::send_test(&ctx, args),
        Command::Check(args) => export::check(&ctx, args),
        Command::Site(cmd) => export::site(&ctx, cmd),
        Command::Settings(cmd) => settings::settings(&ctx, cmd),
        Command::Themes(cmd) => settings::themes(&ctx, cmd),
        Command::Inbox(cmd) => links::inbox(&ctx, cmd),
        Command::Feeds(cmd) => feeds::run(&ctx, cmd),
        Command::Targets(cmd) => publish::targets(&ctx, cmd),
        Command::Publish(args) => publish::publish(&ctx, args),
        Command::Publishes { issue, json } => publish::publishes(&ctx, issue, json),
        Command::LinkMeta(_) | Command::Restore { .. } | Command::Db(_) => {
            unreachable!("handled before the library opens")
        }
    }
}

/// A runtime for the commands that go on the network (fetches, sends, publishing).
fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Io { context: "cannot start the network runtime".into(), source: e })
}
