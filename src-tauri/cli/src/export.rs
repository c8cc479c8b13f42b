//! Getting an issue out: `render`, `export`, `import`, `backup`, `restore`, `send-test`,
//! `check` and the web archive (`site build`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use masthead_core::check::Severity;
use masthead_core::export::{self, ExportFormat};
use masthead_core::render::{render as render_issue, theme_name_for};
use masthead_core::theme::Format;
use masthead_core::Error;

use crate::print;
use crate::{found, runtime, Ctx, Outcome};

#[derive(Args)]
pub struct RenderArgs {
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

#[derive(Args)]
pub struct ExportArgs {
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
    /// Write the issue's images into DIR: for email, named as it refers to them, to upload
    /// to the publication's image address (without this option they go into a folder
    /// beside the email file); for a web page, the page refers to them there instead of
    /// carrying them inside.
    #[arg(long, value_name = "DIR")]
    images_dir: Option<PathBuf>,
}

#[derive(Args)]
pub struct SendTestArgs {
    /// The issue's number.
    #[arg(long, value_name = "N")]
    issue: i64,
    /// Where to send it (one or more addresses).
    #[arg(long, value_name = "ADDR", required = true, num_args = 1..)]
    to: Vec<String>,
}

#[derive(Args)]
pub struct CheckArgs {
    /// The issue's number.
    #[arg(long, value_name = "N")]
    issue: i64,
    #[arg(long)]
    json: bool,
    /// Skip fetching links (no network).
    #[arg(long)]
    offline: bool,
}

#[derive(Subcommand)]
pub enum SiteCommand {
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

pub fn render(ctx: &Ctx, args: RenderArgs) -> Outcome {
    let themes = ctx.themes();
    let doc = ctx.store.get_issue_doc(ctx.issue(args.issue)?.id)?;
    let publication = ctx.store.publication(doc.issue.publication_id)?;
    let name = args.theme.unwrap_or_else(|| theme_name_for(&doc, &publication).to_owned());
    let rendered = render_issue(&doc, &publication, themes.require(&name)?, args.format.into())?;
    match args.output {
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
    Ok(ExitCode::SUCCESS)
}

pub fn export(ctx: &Ctx, args: ExportArgs) -> Outcome {
    let ExportArgs { issue, format, theme, output, images_dir } = args;
    let (store, themes) = (&ctx.store, ctx.themes());
    let format = ExportFormat::parse(&format).expect("clap checked the format");
    let id = ctx.issue(issue)?.id;
    let exported = match (&images_dir, format) {
        // A web page with its images beside it, referred to as the page reaches them.
        (Some(images), ExportFormat::Web) => {
            export::web_page_beside(store, &themes, id, theme.as_deref(), &relative_href(&output, images))?
        }
        _ => export::export(store, &themes, id, format, theme.as_deref())?,
    };
    if let Some(images) = &images_dir {
        let written = export::write_images(store, &store.get_issue_doc(id)?, images)?;
        eprintln!("wrote {} into {}", print::count(written.len(), "image", "images"), images.display());
    }
    if output.as_os_str() == "-" {
        print!("{}", exported.text);
    } else if images_dir.is_some() {
        export::write_file(&output, exported.text.as_bytes())?;
        eprintln!("wrote {} ({} bytes)", output.display(), exported.text.len());
    } else {
        // As the window saves it: an email's images in a folder beside it.
        let saved = export::save(store, id, &exported, &output)?;
        eprintln!("wrote {} ({} bytes)", saved.path, saved.bytes);
        if let Some((folder, n)) = saved.images {
            eprintln!(
                "wrote {} into {folder}, to upload to the image address",
                print::count(n as usize, "image", "images")
            );
        }
    }
    if let Some(size) = &exported.size {
        eprintln!("email size: {}", size.summary);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(ctx: &Ctx, file: &Path) -> Outcome {
    let done = export::issue_file::import_path(&ctx.store, file, ctx.chosen_id())?;
    let (issue, wanted) = (&done.issue, done.asked_number);
    let p = ctx.store.publication(issue.publication_id)?;
    let stories = print::count(done.stories, "story", "stories");
    println!("imported #{} “{}” with {stories} into “{}”", issue.number, issue.title, p.name);
    if issue.number != wanted {
        eprintln!("(number {wanted} was taken, so it became #{})", issue.number);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn backup(ctx: &Ctx, output: &Path) -> Outcome {
    let bytes = export::backup::backup(&ctx.store, output)?;
    println!("backed up {} to {} ({bytes} bytes)", ctx.store.path().display(), output.display());
    Ok(ExitCode::SUCCESS)
}

/// `restore FILE`, with the library closed: it replaces the library file.
pub fn restore(dir: &Path, file: &Path) -> Outcome {
    let done = export::backup::restore(dir, file)?;
    println!("restored {} issues, {} stories, {} links from {}", done.issues, done.stories, done.links, file.display());
    if let Some(k) = done.kept {
        println!("the library it replaced is kept at {k}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn send_test(ctx: &Ctx, args: SendTestArgs) -> Outcome {
    let id = ctx.issue(args.issue)?.id;
    let sent = runtime()?.block_on(masthead_core::send::send_test(&ctx.store, &ctx.themes(), id, &args.to))?;
    println!(
        "sent issue #{} to {} through {} ({})",
        args.issue,
        sent.recipients.join(", "),
        sent.server,
        sent.response
    );
    Ok(ExitCode::SUCCESS)
}

/// `check`: exits 1 when the pre-flight check finds errors.
pub fn check(ctx: &Ctx, args: CheckArgs) -> Outcome {
    let id = ctx.issue(args.issue)?.id;
    let fetcher = if args.offline { None } else { Some(crate::links::fetcher(10.0)?) };
    let report = runtime()?.block_on(masthead_core::check::check(&ctx.store, &ctx.themes(), id, fetcher.as_ref()))?;
    print::out(args.json, &report, |report| {
        for f in &report.findings {
            println!("{:<7} {}: {}\n        {}", f.severity.as_str(), f.place, f.problem, f.fix);
        }
        println!("{}", report.summary);
    });
    Ok(found(report.findings.iter().any(|f| f.severity == Severity::Error)))
}

pub fn site(ctx: &Ctx, cmd: SiteCommand) -> Outcome {
    let SiteCommand::Build { output, url, drafts } = cmd;
    let p = ctx.current()?;
    let r = export::site::build(&ctx.store, &ctx.themes(), p.id, &output, url.as_deref(), drafts)?;
    let sitemap = if r.sitemap {
        ", sitemap.xml"
    } else {
        "; no sitemap without an address (--url, or the setting publication.site_url)"
    };
    let (issues, pictures) =
        (print::count(r.issues as usize, "issue", "issues"), print::count(r.images as usize, "picture", "pictures"));
    println!("{}: {issues}, {pictures}, feed.xml{sitemap} ({})", r.dir, p.name);
    Ok(ExitCode::SUCCESS)
}

/// How a page written to `output` reaches `folder`: relative when the folder is beside or
/// under the page's own folder (`images/`), else the folder's absolute path as a URL.
fn relative_href(output: &Path, folder: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let base = if output.as_os_str() == "-" {
        absolute(Path::new("."))
    } else {
        absolute(output).parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let folder = absolute(folder);
    match folder.strip_prefix(&base) {
        Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"),
        Err(_) => url::Url::from_directory_path(&folder)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| folder.display().to_string()),
    }
}
