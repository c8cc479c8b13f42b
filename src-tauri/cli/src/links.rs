//! The link inbox and page metadata: `inbox …` and `link-meta`.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};
use masthead_core::links::fetch::FetchOptions;
use masthead_core::links::import::{self, ImportFormat};
use masthead_core::links::inbox::{Fetcher, Progress, Summary};
use masthead_core::links::payload::PayloadKind;
use masthead_core::links::{self, PageMeta};
use masthead_core::model::{FetchStatus, ItemKind};
use masthead_core::store::{LinkQuery, LinkShow, LinkSort};
use masthead_core::{Error, Store};

use crate::print;
use crate::{could_not_run, found, runtime, Ctx, Outcome};

#[derive(Subcommand)]
pub enum InboxCommand {
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
    List(ListArgs),
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

#[derive(Args)]
pub struct ListArgs {
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
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    Coverage,
    Reaction,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SortArg {
    Saved,
    Published,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ImportFormatArg {
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

#[derive(Args)]
pub struct LinkMetaArgs {
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
}

/// `inbox …`: adding, fetching, importing and fetching exit 1 when a link failed.
pub fn inbox(ctx: &Ctx, cmd: InboxCommand) -> Outcome {
    let store = &ctx.store;
    match cmd {
        InboxCommand::Add { urls, json, no_fetch, timeout } => {
            let results = if urls.len() == 1 && urls[0] == "-" {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                    .map_err(|e| Error::Io { context: "cannot read standard input".into(), source: e })?;
                links::add(store, PayloadKind::Text, &text)?
            } else {
                links::add_urls(store, &urls)?
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
                print::json(&out);
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
                fetch_links(store, &links::to_fetch(results.iter().flatten()), timeout)?;
            }
            Ok(found(failed))
        }
        InboxCommand::Fetch { ids, all, timeout } => {
            let ids = if ids.is_empty() { links::to_refetch(store, all)? } else { ids };
            Ok(found(fetch_links(store, &ids, timeout)?.failed > 0))
        }
        InboxCommand::Attach { link, story, kind, group } => {
            let kind = match kind {
                KindArg::Coverage => ItemKind::Coverage,
                KindArg::Reaction => ItemKind::Reaction,
            };
            print::json(&links::attach(store, link, story, kind, &group)?);
            Ok(ExitCode::SUCCESS)
        }
        InboxCommand::List(args) => list(store, args),
        InboxCommand::Import { file, format, no_fetch, json, timeout } => {
            let report = import::import_file(store, &file, format.map(Into::into))?;
            print::out(json, &report, |report| {
                for s in &report.skipped {
                    eprintln!("skipped {}: {}", s.place, s.reason);
                }
                if report.skipped_count as usize > report.skipped.len() {
                    eprintln!("… and {} more skipped", report.skipped_count as usize - report.skipped.len());
                }
                println!("{}", report.summary);
            });
            let failed = if no_fetch { 0 } else { fetch_links(store, &report.added_ids, timeout)?.failed };
            Ok(found(report.skipped_count > 0 || failed > 0))
        }
        InboxCommand::Tag { ids, add, remove } => {
            if add.is_empty() && remove.is_empty() {
                return Err(Error::Invalid("say which tags to --add or --remove".into()));
            }
            for l in store.tag_links(&ids, &add, &remove)? {
                println!("#{:<5} {}", l.id, tags(&l.tags));
            }
            Ok(ExitCode::SUCCESS)
        }
        InboxCommand::Note { id, note } => {
            store.set_link_note(id, &note)?;
            Ok(ExitCode::SUCCESS)
        }
        InboxCommand::Archive { ids, undo } => {
            store.archive_links(&ids, !undo)?;
            Ok(ExitCode::SUCCESS)
        }
        InboxCommand::Remove { ids } => {
            store.delete_links(&ids)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `#one #two`.
fn tags(tags: &[String]) -> String {
    tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" ")
}

fn list(store: &Store, args: ListArgs) -> Outcome {
    let show = match (args.unused, args.used, args.failed, args.archived, args.all) {
        (true, ..) => LinkShow::Unused,
        (_, true, ..) => LinkShow::Used,
        (_, _, true, ..) => LinkShow::Failed,
        (.., true, _) => LinkShow::Archived,
        (.., true) => LinkShow::All,
        _ => LinkShow::Inbox,
    };
    let sort = match args.sort {
        SortArg::Saved => LinkSort::Saved,
        SortArg::Published => LinkSort::Published,
    };
    let q = LinkQuery { show, tag: args.tag, search: args.search.unwrap_or_default(), sort, ..LinkQuery::default() };
    let links = store.query_links(&q)?.links;
    print::out(args.json, &links, |links| {
        for l in links {
            println!("#{:<5} {:<8} {}\n       {}", l.id, l.status.as_str(), l.card.title, l.url);
            let mut about = Vec::new();
            if !l.tags.is_empty() {
                about.push(tags(&l.tags));
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
    });
    Ok(ExitCode::SUCCESS)
}

/// A fetcher whose fetches take at most `timeout` seconds in all.
pub fn fetcher(timeout: f64) -> Result<Fetcher, Error> {
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

/// Fetches inbox links, printing each as it finishes (stderr) and a summary.
pub fn fetch_links(store: &Arc<Store>, ids: &[i64], timeout: f64) -> Result<Summary, Error> {
    if ids.is_empty() {
        return Ok(Summary::default());
    }
    let fetcher = fetcher(timeout)?;
    let summary = runtime()?.block_on(fetcher.fetch_all(store.clone(), ids, Default::default(), |p: &Progress| {
        let Some(link) = &p.link else { return };
        let title = link.overrides.title.as_deref().or(link.meta.title.as_deref()).unwrap_or("");
        let reason = link.reason.as_deref().map(|r| format!(" — {r}")).unwrap_or_default();
        eprintln!("[{}/{}] #{} {:<7} {title}{reason}", p.finished, p.total, link.id, link.status.as_str());
    }))?;
    eprintln!(
        "fetched {}: {} ok, {} blocked, {} failed{}",
        print::count(summary.total, "link", "links"),
        summary.ok,
        summary.blocked,
        summary.failed,
        if summary.failed > 0 { " (`inbox fetch` tries the failed ones again)" } else { "" }
    );
    Ok(summary)
}

/// `link-meta`: offline from a saved page (or a batch of them), or online from addresses.
pub fn link_meta(args: LinkMetaArgs) -> Outcome {
    if !args.urls.is_empty() {
        return link_meta_online(&args.urls, args.timeout);
    }
    if args.batch {
        return link_meta_batch();
    }
    let (Some(html), Some(url)) = (args.html, args.url) else {
        return Err(Error::Invalid(
            "give --html FILE --url URL, or --batch with HTML_PATH<TAB>URL lines on standard input".into(),
        ));
    };
    let meta = links::extract(&read(&html)?, &url, None);
    println!("{}", serde_json::Value::Object(contract(&meta)));
    Ok(ExitCode::SUCCESS)
}

/// `link-meta URL…`: the offline contract's keys plus `status` and `reason`.
fn link_meta_online(urls: &[String], timeout: f64) -> Outcome {
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
        let mut o = contract(&f.meta);
        o.insert("status".into(), f.status.as_str().into());
        o.insert("reason".into(), f.reason.map(serde_json::Value::String).unwrap_or(serde_json::Value::Null));
        println!("{}", serde_json::Value::Object(o));
    }
    Ok(found(!all_ok))
}

/// `link-meta --batch`: `HTML_PATH<TAB>URL[<TAB>CONTENT_TYPE]` lines in, one JSON object per
/// line out.
fn link_meta_batch() -> Outcome {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = false;
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| Error::Io { context: "cannot read standard input".into(), source: e })?;
        if line.trim().is_empty() {
            continue;
        }
        // An optional third column: the Content-Type a server sent (it may name the charset).
        let mut columns = line.splitn(3, '\t');
        let (Some(path), Some(url)) = (columns.next(), columns.next()) else {
            eprintln!("masthead-cli: skipped a line without a tab between the file and the URL: {line}");
            failed = true;
            continue;
        };
        let mut o = match read(Path::new(path)) {
            Ok(bytes) => contract(&links::extract(&bytes, url.trim(), columns.next().map(str::trim))),
            Err(e) => {
                eprintln!("masthead-cli: {e}");
                failed = true;
                let mut o = contract(&PageMeta::default());
                o.insert("error".into(), e.to_string().into());
                o
            }
        };
        o.insert("html".into(), path.into());
        let _ = writeln!(out, "{}", serde_json::Value::Object(o));
    }
    let _ = out.flush();
    Ok(found(failed))
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::Io { context: format!("cannot read {}", path.display()), source: e })
}

/// The `link-meta` contract: exactly these keys, each a string or null.
fn contract(m: &PageMeta) -> serde_json::Map<String, serde_json::Value> {
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
