//! `masthead-cli`: every capability of Masthead, headless. Parsing and printing only;
//! the work is done by `masthead_core`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use masthead_core::export::{self, ExportFormat};
use masthead_core::links::fetch::FetchOptions;
use masthead_core::links::import::{self, ImportFormat};
use masthead_core::links::inbox::{Fetcher, Progress, Summary};
use masthead_core::model::{FetchStatus, IssueFields, IssueStatus, ItemKind, Publication};
use masthead_core::publish::{self, Service, Target};
use masthead_core::render::{render, theme_name_for};
use masthead_core::store::{LinkQuery, LinkShow, LinkSort};
use masthead_core::theme::{Format, LiveThemes};
use masthead_core::{feeds, library, sample, Error, Store};

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
    Issues(IssuesCommand),
    /// The newsletters this library holds: each has its own name, settings and numbering.
    #[command(subcommand)]
    Publications(PublicationsCommand),
    /// Images in stories: upright, without metadata, at most 1200 px wide, kept in the library.
    #[command(subcommand)]
    Images(ImagesCommand),
    /// Search issues, stories, reactions and links.
    Search {
        query: String,
        /// Print a JSON array instead of lines.
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Inspect the library file.
    #[command(subcommand)]
    Db(DbCommand),
    /// Render an issue as a web page, an email, plain text or Markdown.
    Render {
        /// The issue's number.
        #[arg(long, value_name = "N")]
        issue: i64,
        #[arg(long, value_enum, default_value_t = FormatArg::Web)]
        format: FormatArg,
        /// weekly, digest, briefing or a theme in the library's themes folder
        /// (default: the issue's own theme).
        #[arg(long)]
        theme: Option<String>,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Export an issue: a web page, email HTML (CSS inlined), an .eml, text, Markdown
    /// with front matter, or the issue file (json) that `import` reads.
    Export {
        /// The issue's number.
        #[arg(long, value_name = "N")]
        issue: i64,
        #[arg(long, value_parser = ["web", "email", "eml", "text", "markdown", "json"])]
        format: String,
        /// A theme other than the issue's own.
        #[arg(long)]
        theme: Option<String>,
        /// The file to write (`-` for standard output).
        #[arg(short = 'o', long, value_name = "FILE")]
        output: PathBuf,
        /// Also write the issue's images into DIR: for email, named as it refers to them,
        /// to upload to the publication's image address; for a web page, the page refers to
        /// them there instead of carrying them inside.
        #[arg(long, value_name = "DIR")]
        images_dir: Option<PathBuf>,
    },
    /// Import an issue file (from `export --format json`) as a new issue, into the
    /// publication the file names (created if the library has none of that name).
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Send an issue, as it will go out, to your own addresses through the SMTP settings.
    #[command(name = "send-test")]
    SendTest {
        /// The issue's number.
        #[arg(long, value_name = "N")]
        issue: i64,
        /// Where to send it (one or more addresses).
        #[arg(long, value_name = "ADDR", required = true, num_args = 1..)]
        to: Vec<String>,
    },
    /// Check an issue before sending: broken links, email size, TK/TODO markers, images
    /// without alt text, missing takeaways and preheader, empty sections, links used before.
    Check {
        /// The issue's number.
        #[arg(long, value_name = "N")]
        issue: i64,
        #[arg(long)]
        json: bool,
        /// Skip fetching links (no network).
        #[arg(long)]
        offline: bool,
    },
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
    Settings(SettingsCommand),
    /// The themes an issue can use.
    #[command(subcommand)]
    Themes(ThemesCommand),
    /// The link inbox: links collected for coming issues.
    #[command(subcommand)]
    Inbox(InboxCommand),
    /// Feeds you follow (RSS, Atom, JSON Feed): their new entries come into the inbox.
    #[command(subcommand)]
    Feeds(FeedsCommand),
    /// The services a publication's issues go to as drafts: Buttondown, Ghost, listmonk, Kit.
    #[command(subcommand)]
    Targets(TargetsCommand),
    /// A web archive of a publication (--publication, else the first), for any static host.
    #[command(subcommand)]
    Site(SiteCommand),
    /// Create the issue's draft at a target (Buttondown, Ghost, listmonk, Kit), or update
    /// the draft made there before. Without --send or --schedule nothing is sent to the
    /// list: the draft waits in the service. Prints where to open it.
    Publish {
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
    },
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
    /// `HTML_PATH<TAB>URL` lines on stdin and writing one JSON object per line. Online:
    /// `link-meta URL…` fetches each page and adds `status` and `reason` (one line per URL).
    #[command(name = "link-meta")]
    LinkMeta {
        /// The saved page.
        #[arg(long, value_name = "FILE", requires = "url", conflicts_with_all = ["batch", "urls"])]
        html: Option<PathBuf>,
        /// The address the page was saved from (relative links resolve against it).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        #[arg(long, conflicts_with = "urls")]
        batch: bool,
        /// Pages to fetch.
        #[arg(value_name = "URL")]
        urls: Vec<String>,
        /// Seconds a fetch may take in all.
        #[arg(long, value_name = "SECS", default_value_t = 10.0)]
        timeout: f64,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Web,
    Email,
    Text,
    Markdown,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Web => Format::Web,
            FormatArg::Email => Format::Email,
            FormatArg::Text => Format::Text,
            FormatArg::Markdown => Format::Markdown,
        }
    }
}

#[derive(Subcommand)]
enum InboxCommand {
    /// Add links: URLs as arguments, or `-` to read text with links in it from stdin.
    /// A link already in the inbox is reported, not added twice.
    Add {
        #[arg(required = true, value_name = "URL|-")]
        urls: Vec<String>,
        #[arg(long)]
        json: bool,
        /// Only add; fetch titles later with `inbox fetch`.
        #[arg(long)]
        no_fetch: bool,
        /// Seconds a fetch may take in all.
        #[arg(long, value_name = "SECS", default_value_t = 10.0)]
        timeout: f64,
    },
    /// Fetch titles and cards: the given links, else every link not fetched yet or that
    /// failed. Progress goes to stderr; a fetch never changes what you edited.
    Fetch {
        #[arg(value_name = "ID")]
        ids: Vec<i64>,
        /// Fetch every link again.
        #[arg(long, conflicts_with = "ids")]
        all: bool,
        /// Seconds a fetch may take in all.
        #[arg(long, value_name = "SECS", default_value_t = 10.0)]
        timeout: f64,
    },
    /// Attach a link to a story as coverage (under a group heading) or as a reaction.
    Attach {
        #[arg(value_name = "LINK_ID")]
        link: i64,
        #[arg(long, value_name = "STORY_ID")]
        story: i64,
        #[arg(long = "as", value_enum, default_value = "coverage")]
        kind: KindArg,
        /// The coverage group heading ("Official", "Analysis").
        #[arg(long, default_value = "")]
        group: String,
    },
    /// The inbox, newest saved first: each link with its tags, note, origin and the issues
    /// that use it. Archived links only with --archived or --all.
    List {
        #[arg(long)]
        json: bool,
        /// Only links not in any issue yet.
        #[arg(long, group = "show")]
        unused: bool,
        /// Only links already in an issue.
        #[arg(long, group = "show")]
        used: bool,
        /// Only links whose fetch failed or was refused.
        #[arg(long, group = "show")]
        failed: bool,
        /// Only archived links.
        #[arg(long, group = "show")]
        archived: bool,
        /// Archived links too.
        #[arg(long, group = "show")]
        all: bool,
        /// Only links with this tag (any case).
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        /// Only links whose address, title, description, publisher, note or tags have
        /// every one of these words.
        #[arg(long, value_name = "WORDS")]
        search: Option<String>,
        /// Newest saved first, or newest published first.
        #[arg(long, value_enum, default_value = "saved")]
        sort: SortArg,
    },
    /// Import links from an export: a browser's bookmarks (HTML), Pocket, Raindrop or
    /// Instapaper CSV, Pinboard JSON. Titles, tags, notes and saved dates come along; links
    /// already in the inbox gain the tags; bad entries are skipped and listed.
    Import {
        file: PathBuf,
        /// The kind of file (default: worked out from the file).
        #[arg(long, value_enum)]
        format: Option<ImportFormatArg>,
        /// Only import; fetch the cards later with `inbox fetch`.
        #[arg(long)]
        no_fetch: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Seconds a fetch may take in all.
        #[arg(long, value_name = "SECS", default_value_t = 10.0)]
        timeout: f64,
    },
    /// Give links tags or take them away.
    Tag {
        #[arg(value_name = "ID", required = true)]
        ids: Vec<i64>,
        #[arg(long, value_name = "TAG")]
        add: Vec<String>,
        #[arg(long, value_name = "TAG")]
        remove: Vec<String>,
    },
    /// Set a link's note (an empty note clears it).
    Note {
        #[arg(value_name = "ID")]
        id: i64,
        note: String,
    },
    /// Archive links (out of the usual list, still found with --archived and search), or
    /// with --undo bring them back.
    Archive {
        #[arg(value_name = "ID", required = true)]
        ids: Vec<i64>,
        #[arg(long)]
        undo: bool,
    },
    /// Remove links from the inbox. Stories that use them keep their own copy.
    Remove {
        #[arg(value_name = "ID", required = true)]
        ids: Vec<i64>,
    },
}

#[derive(Subcommand)]
enum FeedsCommand {
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

#[derive(Subcommand)]
enum TargetsCommand {
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

#[derive(Subcommand)]
enum SiteCommand {
    /// Write index.html, one page per issue (pictures in images/), feed.xml (Atom) and,
    /// with an address, sitemap.xml into DIR. Links between pages are relative. Drafts and
    /// scheduled issues (not out yet) are left out unless --drafts.
    Build {
        #[arg(short = 'o', long, value_name = "DIR")]
        output: PathBuf,
        /// Where the site will be (`https://example.com/news/`; default: the setting
        /// publication.site_url): makes the feed's addresses whole and adds the sitemap.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        #[arg(long)]
        drafts: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ServiceArg {
    Buttondown,
    Ghost,
    Listmonk,
    Kit,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SortArg {
    Saved,
    Published,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ImportFormatArg {
    Bookmarks,
    Pocket,
    Raindrop,
    Instapaper,
    Pinboard,
}

impl From<ImportFormatArg> for ImportFormat {
    fn from(f: ImportFormatArg) -> Self {
        match f {
            ImportFormatArg::Bookmarks => ImportFormat::Bookmarks,
            ImportFormatArg::Pocket => ImportFormat::Pocket,
            ImportFormatArg::Raindrop => ImportFormat::Raindrop,
            ImportFormatArg::Instapaper => ImportFormat::Instapaper,
            ImportFormatArg::Pinboard => ImportFormat::Pinboard,
        }
    }
}

#[derive(Subcommand)]
enum SettingsCommand {
    /// Print one setting's value (empty when unset).
    Get { key: String },
    /// Set one setting. `smtp.password` goes to the system keychain.
    Set { key: String, value: String },
    /// Every setting with its value and what it means.
    List,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum KindArg {
    Coverage,
    Reaction,
}

#[derive(Subcommand)]
enum ThemesCommand {
    /// Built-in themes and those in the library's themes folder, with any that fail to load.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum IssuesCommand {
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
enum ImagesCommand {
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

#[derive(Subcommand)]
enum PublicationsCommand {
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

#[derive(Subcommand)]
enum DbCommand {
    /// Run SQLite's integrity check and print the schema version and counts.
    Check {
        #[arg(long)]
        json: bool,
    },
}

/// The exit status of a command that could not do its work (bad input, no library), as
/// clap's own for bad arguments; 1 (`ExitCode::FAILURE`) is "ran, and found problems".
fn could_not_run() -> ExitCode {
    ExitCode::from(2)
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
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("masthead-cli: {e}");
            could_not_run()
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    // Offline extraction needs no library: it never creates or opens one.
    if let Command::LinkMeta { html, url, batch, urls, timeout } = &cli.command {
        if !urls.is_empty() {
            return link_meta_online(urls, *timeout);
        }
        return link_meta(html.as_deref(), url.as_deref(), *batch);
    }
    let dir = match cli.data_dir {
        Some(d) => d,
        None => library::data_dir()?,
    };
    // Restoring replaces the library file, so it must not be open.
    if let Command::Restore { file } = &cli.command {
        let (check, kept) = masthead_core::export::backup::restore(&dir, file)?;
        println!(
            "restored {} issues, {} stories, {} links from {}",
            check.issues,
            check.stories,
            check.links,
            file.display()
        );
        if let Some(k) = kept {
            println!("the library it replaced is kept at {}", k.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    // Read-only, before the library is opened: a damaged library is refused by opening.
    if let Command::Db(DbCommand::Check { json }) = cli.command {
        let check = masthead_core::store::check_file(&dir.join(masthead_core::store::LIBRARY_FILE))?;
        if json {
            println!("{}", serde_json::to_string_pretty(&check).expect("check serializes"));
        } else {
            println!("library:        {}", check.path);
            println!("schema version: {} (this Masthead writes {})", check.schema_version, check.supported_version);
            println!("integrity:      {}", check.integrity.join("; "));
            println!(
                "contents:       {} issues, {} stories, {} items, {} links, {} revisions",
                check.issues, check.stories, check.items, check.links, check.revisions
            );
        }
        return Ok(if check.integrity == ["ok"] { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    let store = Store::open_in(&dir)?;
    let chosen = match &cli.publication {
        Some(name) => Some(store.publication_by_name(name)?),
        None => None,
    };
    let chosen_id = chosen.as_ref().map(|p| p.id);
    // The publication that settings and new issues go to.
    let current = || -> Result<Publication, Error> {
        match &chosen {
            Some(p) => Ok(p.clone()),
            None => store.first_publication(),
        }
    };
    match cli.command {
        Command::Init { sample: with_sample } => {
            if with_sample {
                let issue = sample::install(&store)?;
                println!(
                    "created {} with the sample issue #{} “{}”",
                    store.path().display(),
                    issue.number,
                    issue.title
                );
            } else {
                println!("library ready at {}", store.path().display());
            }
        }
        Command::Issues(IssuesCommand::List { json }) => {
            let publications = store.publications()?;
            let name_of = |id| publications.iter().find(|p| p.id == id).map(|p| p.name.as_str()).unwrap_or("");
            let issues: Vec<_> =
                store.list_issues()?.into_iter().filter(|i| chosen_id.is_none_or(|p| i.publication_id == p)).collect();
            if json {
                let rows: Vec<serde_json::Value> = issues
                    .iter()
                    .map(|i| {
                        let mut row = serde_json::to_value(i).expect("issues serialize");
                        row["publication"] = name_of(i.publication_id).into();
                        row
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&rows).expect("issues serialize"));
            } else if issues.is_empty() {
                println!("no issues yet — create one with: masthead-cli issues new --title \"…\"");
            } else {
                let several = publications.len() > 1 && chosen_id.is_none();
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
        Command::Issues(IssuesCommand::Show { number, json }) => {
            let doc = store.get_issue_doc(store.issue_by_number(chosen_id, number)?.id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&doc).expect("an issue serializes"));
            } else {
                let i = &doc.issue;
                let p = store.publication(i.publication_id)?;
                let title = if i.title.trim().is_empty() { "Untitled issue" } else { i.title.trim() };
                println!("#{} “{title}” — {}, {}, {} theme", i.number, p.name, i.status.as_str(), i.theme);
                if !i.date.is_empty() {
                    println!("dated {}", i.date);
                }
                for (k, s) in doc.stories.iter().enumerate() {
                    let headline =
                        if s.fields.headline.trim().is_empty() { "(untitled)" } else { s.fields.headline.trim() };
                    println!("\n{:>2}. {headline}  (story id {})", k + 1, s.id);
                    for item in &s.items {
                        let f = &item.fields;
                        let what = if f.kind == ItemKind::Reaction { "reaction" } else { "link" };
                        let label = [f.source.trim(), f.title.trim()]
                            .iter()
                            .filter(|t| !t.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" — ");
                        println!(
                            "    {what}: {label}{}",
                            if f.url.is_empty() { String::new() } else { format!(" <{}>", f.url) }
                        );
                    }
                }
            }
        }
        Command::Issues(IssuesCommand::New { title, number, date, theme, json }) => {
            let issue = store.create_issue(IssueFields {
                publication_id: Some(current()?.id),
                number,
                title,
                date: date.unwrap_or_default(),
                theme: theme.unwrap_or_default(),
                status: Some(IssueStatus::Draft),
                ..Default::default()
            })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&issue).expect("issue serializes"));
            } else {
                let p = store.publication(issue.publication_id)?;
                println!("created issue #{} “{}” in “{}” (id {})", issue.number, issue.title, p.name, issue.id);
            }
        }
        Command::Search { query, json, limit } => {
            let hits = store.search(&query, limit)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&hits).expect("hits serialize"));
            } else if hits.is_empty() {
                println!("nothing found for {query:?}");
            } else {
                for h in hits {
                    let kind = serde_json::to_value(h.kind).expect("kind serializes");
                    println!("{:<6} {}  —  {}", kind.as_str().unwrap_or(""), h.title, h.snippet);
                }
            }
        }
        Command::Render { issue, format, theme, output } => {
            let themes = LiveThemes::for_library(&dir).current();
            let doc = store.get_issue_doc(store.issue_by_number(chosen_id, issue)?.id)?;
            let publication = store.publication(doc.issue.publication_id)?;
            let name = theme.unwrap_or_else(|| theme_name_for(&doc, &publication).to_owned());
            let rendered = render(&doc, &publication, themes.require(&name)?, format.into())?;
            match output {
                Some(path) => {
                    std::fs::write(&path, &rendered.body)
                        .map_err(|e| Error::Io { context: format!("cannot write {}", path.display()), source: e })?;
                    eprintln!(
                        "wrote {} ({} bytes, {} theme, {} words, ~{} min read)",
                        path.display(),
                        rendered.body.len(),
                        rendered.theme,
                        rendered.words,
                        rendered.minutes
                    );
                }
                None => print!("{}", rendered.body),
            }
        }
        Command::Export { issue, format, theme, output, images_dir } => {
            let themes = LiveThemes::for_library(&dir).current();
            let format = ExportFormat::parse(&format).expect("clap checked the format");
            let id = store.issue_by_number(chosen_id, issue)?.id;
            let exported = match (&images_dir, format) {
                // A web page with its images beside it, referred to as the page reaches them.
                (Some(images), ExportFormat::Web) => {
                    let href = relative_href(&output, images);
                    export::web_page_beside(&store, &themes, id, theme.as_deref(), &href)?
                }
                _ => export::export(&store, &themes, id, format, theme.as_deref())?,
            };
            if let Some(images) = images_dir {
                let written = export::write_images(&store, &store.get_issue_doc(id)?, &images)?;
                let s = if written.len() == 1 { "" } else { "s" };
                eprintln!("wrote {} image{s} into {}", written.len(), images.display());
            }
            if output.as_os_str() == "-" {
                print!("{}", exported.text);
            } else {
                export::write_file(&output, exported.text.as_bytes())?;
                eprintln!("wrote {} ({} bytes)", output.display(), exported.text.len());
            }
            if let Some(size) = &exported.size {
                eprintln!("email size: {}", size.summary);
            }
        }
        Command::Import { file } => {
            let parsed = export::issue_file::read(&file)?;
            let wanted = parsed.issue.number;
            let issue = export::issue_file::import(&store, &parsed, chosen_id)?;
            let p = store.publication(issue.publication_id)?;
            println!(
                "imported #{} “{}” with {} stories into “{}”",
                issue.number,
                issue.title,
                parsed.stories.len(),
                p.name
            );
            if issue.number != wanted {
                eprintln!("(number {wanted} was taken, so it became #{})", issue.number);
            }
        }
        Command::Backup { output } => {
            let bytes = export::backup::backup(&store, &output)?;
            println!("backed up {} to {} ({bytes} bytes)", store.path().display(), output.display());
        }
        Command::Restore { .. } => unreachable!("handled before the library opens"),
        Command::SendTest { issue, to } => {
            let themes = LiveThemes::for_library(&dir).current();
            let found = store.issue_by_number(chosen_id, issue)?;
            let (id, publication) = (found.id, found.publication_id);
            let smtp = store.smtp_settings(publication)?;
            let opts = masthead_core::send::options(&store, publication, &smtp)?;
            let sent = runtime()?.block_on(masthead_core::send::send_issue(&store, &themes, id, &to, &opts))?;
            println!(
                "sent issue #{issue} to {} through {} ({})",
                sent.recipients.join(", "),
                sent.server,
                sent.response
            );
        }
        Command::Check { issue, json, offline } => {
            let themes = LiveThemes::for_library(&dir).current();
            let id = store.issue_by_number(chosen_id, issue)?.id;
            let fetcher = if offline { None } else { Some(fetcher(10.0)?) };
            let report = runtime()?.block_on(masthead_core::check::check(&store, &themes, id, fetcher.as_ref()))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report).expect("findings serialize"));
            } else {
                for f in &report.findings {
                    println!("{:<7} {}: {}\n        {}", f.severity.as_str(), f.place, f.problem, f.fix);
                }
                println!("{}", report.summary);
            }
            if report.findings.iter().any(|f| f.severity == masthead_core::check::Severity::Error) {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Settings(cmd) => {
            // `editor.*` belong to the library; the rest to the chosen publication.
            let get = |key: &str| -> Result<Option<String>, Error> {
                if masthead_core::store::is_library_key(key) {
                    store.setting(key)
                } else {
                    store.publication_setting(current()?.id, key)
                }
            };
            match cmd {
                SettingsCommand::Get { key } if key == "smtp.password" => {
                    let set = masthead_core::send::password(&store.smtp_settings(current()?.id)?).is_some();
                    println!("{}", if set { "(set; kept in the system keychain)" } else { "(not set)" });
                }
                SettingsCommand::Set { key, value } if key == "smtp.password" => {
                    masthead_core::send::set_password(&store.smtp_settings(current()?.id)?, &value)?;
                    println!("smtp.password saved in the system keychain");
                }
                SettingsCommand::Get { key } => println!("{}", get(&key)?.unwrap_or_default()),
                SettingsCommand::Set { key, value } => {
                    if masthead_core::store::is_library_key(&key) {
                        store.set_setting(&key, &value)?;
                    } else {
                        store.set_publication_setting(current()?.id, &key, &value)?;
                    }
                    println!("{key} = {value}");
                }
                SettingsCommand::List => {
                    println!("settings of “{}” (choose another with --publication NAME)\n", current()?.name);
                    for (key, about) in masthead_core::store::SETTING_KEYS {
                        let value = get(key)?.unwrap_or_default();
                        println!("{key:<28} {value}\n{:<28} ({about})", "");
                    }
                }
            }
        }
        Command::Images(ImagesCommand::Add { issue, story, file, alt, caption, link }) => {
            let id = store.issue_by_number(chosen_id, issue)?.id;
            let doc = store.get_issue_doc(id)?;
            let Some(target) = story.checked_sub(1).and_then(|k| doc.stories.get(k)) else {
                return Err(Error::Invalid(format!(
                    "issue #{issue} has {} stories; --story counts from 1",
                    doc.stories.len()
                )));
            };
            let bytes = masthead_core::images::read_file(&file)?;
            // The link is checked before the image is processed: a typo costs nothing.
            masthead_core::images::markdown(&alt, "000000000000.png", &caption, &link)?;
            let added = store.add_image(&bytes, &file.display().to_string())?;
            let markdown = masthead_core::images::markdown(&alt, &added.image.name, &caption, &link)?;
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
        Command::Images(ImagesCommand::List { json, issue }) => {
            let mut images = store.list_images()?;
            if let Some(n) = issue {
                let shown =
                    masthead_core::images::used_in(&store.get_issue_doc(store.issue_by_number(chosen_id, n)?.id)?);
                images.retain(|i| shown.contains(&i.name));
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&images).expect("images serialize"));
            } else if images.is_empty() {
                println!("no images yet — add one with: masthead-cli images add --issue N --story K FILE");
            } else {
                for i in images {
                    println!(
                        "{}  {:>4} × {:<4} {:>6.0} KB  {}",
                        i.name,
                        i.width,
                        i.height,
                        f64::from(i.size) / 1024.0,
                        i.source
                    );
                }
            }
        }
        Command::Publications(cmd) => match cmd {
            PublicationsCommand::List { json } => {
                let issues = store.list_issues()?;
                let count = |id| issues.iter().filter(|i| i.publication_id == id).count();
                let publications = store.publications()?;
                if json {
                    let rows: Vec<serde_json::Value> = publications
                        .iter()
                        .map(|p| {
                            let mut row = serde_json::to_value(p).expect("publications serialize");
                            row["issues"] = count(p.id).into();
                            row
                        })
                        .collect();
                    println!("{}", serde_json::to_string_pretty(&rows).expect("publications serialize"));
                } else {
                    for p in &publications {
                        let n = count(p.id);
                        println!("{:<40} {n} issue{}", p.name, if n == 1 { "" } else { "s" });
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
        },
        Command::Themes(ThemesCommand::List { json }) => {
            let live = LiveThemes::for_library(&dir);
            let set = live.current();
            if json {
                let out = serde_json::json!({ "themes": set.list(), "errors": set.errors });
                println!("{}", serde_json::to_string_pretty(&out).expect("themes serialize"));
            } else {
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
                if !set.errors.is_empty() {
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::LinkMeta { .. } => unreachable!("handled before the library opens"),
        Command::Inbox(InboxCommand::Add { urls, json, no_fetch, timeout }) => {
            let results = if urls.len() == 1 && urls[0] == "-" {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                    .map_err(|e| Error::Io { context: "cannot read standard input".into(), source: e })?;
                masthead_core::links::add(&store, masthead_core::links::payload::PayloadKind::Text, &text)?
            } else {
                masthead_core::links::add_urls(&store, &urls)?
            };
            let failed = results.iter().any(Result::is_err);
            if json {
                let out: Vec<serde_json::Value> = results
                    .iter()
                    .map(|r| match r {
                        Ok(a) => serde_json::json!({ "created": a.created, "link": a.link }),
                        Err(rej) => serde_json::json!({ "error": rej.reason, "url": rej.url }),
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&out).expect("links serialize"));
            } else {
                for r in &results {
                    match r {
                        Ok(a) if a.created => println!("added   #{} {}", a.link.id, a.link.url),
                        Ok(a) => println!("already #{} {} (added {})", a.link.id, a.link.url, a.link.added_at),
                        Err(rej) => eprintln!("masthead-cli: {}", rej.reason),
                    }
                }
            }
            if results.is_empty() {
                eprintln!("masthead-cli: no links found in the input");
                return Ok(could_not_run());
            }
            if !no_fetch {
                let fresh: Vec<i64> =
                    results.iter().flatten().filter(|a| a.link.fetched_at.is_none()).map(|a| a.link.id).collect();
                fetch_links(store, &fresh, timeout)?;
            }
            if failed {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Inbox(InboxCommand::Fetch { ids, all, timeout }) => {
            let ids = if !ids.is_empty() {
                ids
            } else {
                let links = store.list_links()?;
                let wanted = |l: &&masthead_core::model::Link| {
                    all || matches!(l.status, FetchStatus::Pending | FetchStatus::Failed)
                };
                links.iter().filter(wanted).map(|l| l.id).rev().collect()
            };
            let summary = fetch_links(store, &ids, timeout)?;
            if summary.failed > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Inbox(InboxCommand::Attach { link, story, kind, group }) => {
            let kind = match kind {
                KindArg::Coverage => ItemKind::Coverage,
                KindArg::Reaction => ItemKind::Reaction,
            };
            let item = masthead_core::links::attach(&store, link, story, kind, &group)?;
            println!("{}", serde_json::to_string_pretty(&item).expect("items serialize"));
        }
        Command::Inbox(InboxCommand::List { json, unused, used, failed, archived, all, tag, search, sort }) => {
            let show = match (unused, used, failed, archived, all) {
                (true, ..) => LinkShow::Unused,
                (_, true, ..) => LinkShow::Used,
                (_, _, true, ..) => LinkShow::Failed,
                (.., true, _) => LinkShow::Archived,
                (.., true) => LinkShow::All,
                _ => LinkShow::Inbox,
            };
            let sort = match sort {
                SortArg::Saved => LinkSort::Saved,
                SortArg::Published => LinkSort::Published,
            };
            let q = LinkQuery { show, tag, search: search.unwrap_or_default(), sort, ..LinkQuery::default() };
            let links = store.query_links(&q)?.links;
            if json {
                println!("{}", serde_json::to_string_pretty(&links).expect("links serialize"));
            } else {
                for l in &links {
                    println!("#{:<5} {:<8} {}\n       {}", l.id, l.status.as_str(), l.card.title, l.url);
                    let mut about = Vec::new();
                    if !l.tags.is_empty() {
                        about.push(l.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "));
                    }
                    if !l.used_in.is_empty() {
                        let n: Vec<String> = l.used_in.iter().map(|n| format!("#{n}")).collect();
                        about.push(format!("in issue {}", n.join(", ")));
                    }
                    if l.archived_at.is_some() {
                        about.push("archived".into());
                    }
                    if !about.is_empty() {
                        println!("       {}", about.join(" · "));
                    }
                    if !l.note.is_empty() {
                        println!("       note: {}", l.note.lines().next().unwrap_or_default());
                    }
                }
            }
        }
        Command::Inbox(InboxCommand::Import { file, format, no_fetch, json, timeout }) => {
            let report = import::import_file(&store, &file, format.map(Into::into))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report).expect("reports serialize"));
            } else {
                for s in &report.skipped {
                    eprintln!("skipped {}: {}", s.place, s.reason);
                }
                if report.skipped_count as usize > report.skipped.len() {
                    eprintln!("… and {} more skipped", report.skipped_count as usize - report.skipped.len());
                }
                println!("{}", report.summary);
            }
            let failed = if no_fetch { 0 } else { fetch_links(store, &report.added_ids, timeout)?.failed };
            if report.skipped_count > 0 || failed > 0 {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Inbox(InboxCommand::Tag { ids, add, remove }) => {
            if add.is_empty() && remove.is_empty() {
                return Err(Error::Invalid("say which tags to --add or --remove".into()));
            }
            for l in store.tag_links(&ids, &add, &remove)? {
                println!("#{:<5} {}", l.id, l.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "));
            }
        }
        Command::Inbox(InboxCommand::Note { id, note }) => {
            store.set_link_note(id, &note)?;
        }
        Command::Inbox(InboxCommand::Archive { ids, undo }) => {
            store.archive_links(&ids, !undo)?;
        }
        Command::Inbox(InboxCommand::Remove { ids }) => {
            store.delete_links(&ids)?;
        }
        Command::Feeds(FeedsCommand::Add { url, folder, no_fetch, timeout }) => {
            let fetcher = fetcher(timeout)?;
            let store = std::sync::Arc::new(store);
            let followed = runtime()?.block_on(feeds::follow(&store, &fetcher, &url, &folder))?;
            let f = &followed.feed;
            println!("following #{} {} ({}): {} new links", f.id, f.shown_name(), f.url, followed.new_links.len());
            if !no_fetch {
                fetch_links(store, &followed.new_links, timeout)?;
            }
        }
        Command::Feeds(FeedsCommand::List { json }) => {
            let list = store.list_feeds()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list).expect("feeds serialize"));
            } else {
                for f in &list {
                    let folder = if f.folder.is_empty() { String::new() } else { format!(" [{}]", f.folder) };
                    let paused = if f.paused { " (paused)" } else { "" };
                    println!("#{:<4} {}{folder}{paused}: {} links\n      {}", f.id, f.shown_name(), f.links, f.url);
                    if let Some(e) = &f.error {
                        println!("      last refresh: {e}");
                    }
                }
            }
        }
        Command::Feeds(FeedsCommand::Refresh { ids, no_fetch, timeout }) => {
            let fetcher = fetcher(timeout)?;
            let store = std::sync::Arc::new(store);
            let report = runtime()?.block_on(feeds::refresh(&store, &fetcher, &ids))?;
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
            if report.feeds.iter().any(|f| f.error.is_some()) {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Feeds(FeedsCommand::Edit { id, name, folder, pause, resume }) => {
            let f = store.get_feed(id)?;
            let paused = if pause {
                true
            } else if resume {
                false
            } else {
                f.paused
            };
            let f = store.edit_feed(
                id,
                name.as_deref().unwrap_or(&f.name),
                folder.as_deref().unwrap_or(&f.folder),
                paused,
            )?;
            println!("#{} {}{}", f.id, f.shown_name(), if f.paused { " (paused)" } else { "" });
        }
        Command::Feeds(FeedsCommand::Remove { id }) => {
            store.delete_feed(id)?;
        }
        Command::Feeds(FeedsCommand::ImportOpml { file }) => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Error::Io { context: format!("cannot read {}", file.display()), source: e })?;
            let report = feeds::opml::import(&std::sync::Arc::new(store), &text)?;
            for s in &report.skipped {
                eprintln!("skipped {s}");
            }
            println!(
                "following {} more feeds ({} followed already); `feeds refresh` reads them",
                report.added, report.already
            );
        }
        Command::Feeds(FeedsCommand::ExportOpml { output }) => {
            let text = feeds::opml::write(&store.list_feeds()?);
            if output.as_os_str() == "-" {
                print!("{text}");
            } else {
                export::write_file(&output, text.as_bytes())?;
            }
        }
        Command::Targets(TargetsCommand::Add { name, service, url, user, lists, template }) => {
            let service = match service {
                ServiceArg::Buttondown => Service::Buttondown,
                ServiceArg::Ghost => Service::Ghost,
                ServiceArg::Listmonk => Service::Listmonk,
                ServiceArg::Kit => Service::Kit,
            };
            let target = Target {
                id: 0,
                publication_id: current()?.id,
                name,
                service,
                base_url: url,
                api_user: user,
                lists,
                template,
                created_at: String::new(),
            };
            target.base()?; // the address is checked before anything is kept
            let t = store.add_target(&target)?;
            println!("target “{}”: {} at {}", t.name, t.service.label(), t.base()?);
        }
        Command::Targets(TargetsCommand::List { json }) => {
            let list = store.list_targets(chosen_id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list).expect("targets serialize"));
            } else {
                for t in &list {
                    let publication = store.publication(t.publication_id)?.name;
                    let key = if publish::key(t).is_ok() { "key kept" } else { "no key yet" };
                    println!(
                        "{:<16} {:<10} {} ({publication}; {key})",
                        t.name,
                        t.service.label(),
                        t.base().unwrap_or_default()
                    );
                }
            }
        }
        Command::Targets(TargetsCommand::Remove { name }) => {
            let t = store.target(&name)?;
            store.delete_target(t.id)?;
        }
        Command::Targets(TargetsCommand::SetKey { name }) => {
            let t = store.target(&name)?;
            let mut key = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut key)
                .map_err(|e| Error::Io { context: "cannot read standard input".into(), source: e })?;
            publish::set_key(&t, key.trim())?;
            println!("the key of “{}” is in the system keychain", t.name);
        }
        Command::Publish { issue, to, send, schedule, yes, json } => {
            let themes = LiveThemes::for_library(&dir).current();
            let found = store.issue_by_number(chosen_id, issue)?;
            let id = found.id;
            let when = match (send, schedule) {
                (true, _) => Some(publish::When::Now),
                (false, Some(at)) => Some(publish::When::parse(&at)?),
                (false, None) => None,
            };
            let rt = runtime()?;
            let report = match when {
                None => rt.block_on(publish::publish(&store, &themes, id, &to))?,
                Some(when) => {
                    let audience = rt.block_on(publish::audience(&store, id, &to))?;
                    let title = if found.title.trim().is_empty() { "Untitled" } else { found.title.trim() };
                    let question = format!(
                        "{} issue #{issue} “{title}” {} to {}?{}",
                        if when == publish::When::Now { "Send" } else { "Schedule" },
                        if when == publish::When::Now { "now".to_owned() } else { format!("for {}", when.say()) },
                        audience.summary,
                        if audience.note.is_empty() { String::new() } else { format!(" ({})", audience.note) }
                    );
                    if !yes && !confirm(&question)? {
                        eprintln!("nothing was sent");
                        return Ok(ExitCode::from(1));
                    }
                    rt.block_on(publish::send(&store, &themes, id, &to, when))?
                }
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&report).expect("reports serialize"));
            } else {
                println!("{}", report.summary);
                println!("id: {}", report.published.remote_id);
            }
        }
        Command::Publishes { issue, json } => {
            let id = store.issue_by_number(chosen_id, issue)?.id;
            let followed = runtime()?.block_on(publish::follow(&store, id))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&followed).expect("publishes serialize"));
            } else {
                if followed.publishes.is_empty() {
                    println!("issue #{issue} was not published yet — publish it with: masthead-cli publish --issue {issue} --to NAME");
                }
                for p in &followed.publishes {
                    let when = match p.state {
                        publish::PublishState::Draft => {
                            format!("draft, updated {}", masthead_core::store::when(&p.updated_at))
                        }
                        publish::PublishState::Scheduled => {
                            format!("scheduled for {}", publish::When::say_stored(&p.send_at))
                        }
                        publish::PublishState::Sent => format!("sent {}", masthead_core::store::when(&p.send_at)),
                    };
                    println!("{}\t{}\t{when}\t{}", p.target, p.service.label(), p.remote_url);
                }
                for note in &followed.unanswered {
                    eprintln!("could not ask {note}");
                }
            }
        }
        Command::Site(SiteCommand::Build { output, url, drafts }) => {
            let themes = LiveThemes::for_library(&dir).current();
            let p = current()?;
            let r = export::site::build(&store, &themes, p.id, &output, url.as_deref(), drafts)?;
            println!(
                "{}: {} issues, {} pictures, feed.xml{} ({})",
                r.dir,
                r.issues,
                r.images,
                if r.sitemap {
                    ", sitemap.xml"
                } else {
                    "; no sitemap without an address (--url, or the setting publication.site_url)"
                },
                p.name
            );
        }
        Command::Db(DbCommand::Check { .. }) => unreachable!("checked before the library opens"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Asks a yes/no question on the terminal; without one, says to pass --yes.
fn confirm(question: &str) -> Result<bool, Error> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Err(Error::Invalid(format!("{question} Masthead asks before sending, and there is no terminal to ask in: add --yes to send without asking")));
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

fn fetcher(timeout: f64) -> Result<Fetcher, Error> {
    if !(timeout.is_finite() && timeout > 0.0 && timeout <= 600.0) {
        return Err(Error::Invalid(format!("--timeout must be a number of seconds between 0 and 600, not {timeout}")));
    }
    let total = std::time::Duration::from_secs_f64(timeout);
    let opts = FetchOptions {
        timeout: total,
        connect_timeout: total.min(FetchOptions::default().connect_timeout),
        ..FetchOptions::default()
    };
    Ok(Fetcher::new(opts))
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Io { context: "cannot start the network runtime".into(), source: e })
}

/// Fetches inbox links, printing each as it finishes (stderr) and a summary.
fn fetch_links(store: impl Into<std::sync::Arc<Store>>, ids: &[i64], timeout: f64) -> Result<Summary, Error> {
    if ids.is_empty() {
        return Ok(Summary::default());
    }
    let fetcher = fetcher(timeout)?;
    let store = store.into();
    let summary = runtime()?.block_on(fetcher.fetch_all(store, ids, Default::default(), |p: &Progress| {
        let Some(link) = &p.link else { return };
        let title = link.overrides.title.as_deref().or(link.meta.title.as_deref()).unwrap_or("");
        let reason = link.reason.as_deref().map(|r| format!(" — {r}")).unwrap_or_default();
        eprintln!("[{}/{}] #{} {:<7} {title}{reason}", p.finished, p.total, link.id, link.status.as_str());
    }))?;
    let links = if summary.total == 1 { "link" } else { "links" };
    eprintln!(
        "fetched {} {links}: {} ok, {} blocked, {} failed{}",
        summary.total,
        summary.ok,
        summary.blocked,
        summary.failed,
        if summary.failed > 0 { " (`inbox fetch` tries the failed ones again)" } else { "" }
    );
    Ok(summary)
}

/// `link-meta URL…`: the offline contract's keys plus `status` and `reason`.
fn link_meta_online(urls: &[String], timeout: f64) -> Result<ExitCode, Error> {
    let fetcher = fetcher(timeout)?;
    let results = runtime()?.block_on(async {
        let mut out = Vec::new();
        for u in urls {
            out.push(fetcher.fetch_url(u).await);
        }
        out
    });
    let mut all_ok = true;
    for f in results {
        all_ok &= f.status == FetchStatus::Ok;
        let mut o = link_meta_json(&f.meta);
        o.insert("status".into(), f.status.as_str().into());
        o.insert("reason".into(), f.reason.map(serde_json::Value::String).unwrap_or(serde_json::Value::Null));
        println!("{}", serde_json::Value::Object(o));
    }
    Ok(if all_ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The `link-meta` contract: exactly these keys, each a string or null.
fn link_meta_json(m: &masthead_core::links::PageMeta) -> serde_json::Map<String, serde_json::Value> {
    let mut o = serde_json::Map::new();
    for (k, v) in [
        ("title", &m.title),
        ("description", &m.description),
        ("publisher", &m.publisher),
        ("author", &m.author),
        ("date", &m.date),
        ("url", &m.url),
        ("image", &m.image),
        ("logo", &m.logo),
        ("lang", &m.lang),
    ] {
        o.insert(k.into(), v.clone().map(serde_json::Value::String).unwrap_or(serde_json::Value::Null));
    }
    o
}

fn link_meta(html: Option<&std::path::Path>, url: Option<&str>, batch: bool) -> Result<ExitCode, Error> {
    use std::io::{BufRead, Write};
    let read = |path: &std::path::Path| {
        std::fs::read(path).map_err(|e| Error::Io { context: format!("cannot read {}", path.display()), source: e })
    };
    if batch {
        let stdin = std::io::stdin();
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let mut failed = false;
        for line in stdin.lock().lines() {
            let line = line.map_err(|e| Error::Io { context: "cannot read standard input".into(), source: e })?;
            if line.trim().is_empty() {
                continue;
            }
            let Some((path, url)) = line.split_once('\t') else {
                eprintln!("masthead-cli: skipped a line without a tab between the file and the URL: {line}");
                failed = true;
                continue;
            };
            let mut o = match read(std::path::Path::new(path)) {
                Ok(bytes) => link_meta_json(&masthead_core::links::extract(&bytes, url.trim(), None)),
                Err(e) => {
                    eprintln!("masthead-cli: {e}");
                    failed = true;
                    let mut o = link_meta_json(&Default::default());
                    o.insert("error".into(), e.to_string().into());
                    o
                }
            };
            o.insert("html".into(), path.into());
            let _ = writeln!(out, "{}", serde_json::Value::Object(o));
        }
        let _ = out.flush();
        return Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS });
    }
    let (Some(html), Some(url)) = (html, url) else {
        return Err(Error::Invalid(
            "give --html FILE --url URL, or --batch with HTML_PATH<TAB>URL lines on standard input".into(),
        ));
    };
    let meta = masthead_core::links::extract(&read(html)?, url, None);
    println!("{}", serde_json::Value::Object(link_meta_json(&meta)));
    Ok(ExitCode::SUCCESS)
}

/// How a page written to `output` reaches `folder`: relative when the folder is beside or
/// under the page's own folder (`images/`), else the folder's absolute path as a URL.
fn relative_href(output: &std::path::Path, folder: &std::path::Path) -> String {
    let absolute = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let base = if output.as_os_str() == "-" {
        absolute(std::path::Path::new("."))
    } else {
        absolute(output).parent().map(std::path::Path::to_path_buf).unwrap_or_default()
    };
    let folder = absolute(folder);
    match folder.strip_prefix(&base) {
        Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"),
        Err(_) => url::Url::from_directory_path(&folder)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| folder.display().to_string()),
    }
}
