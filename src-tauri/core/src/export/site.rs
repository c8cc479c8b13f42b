//! A web archive of a publication, ready for any static host: `index.html` listing its
//! issues newest first, one page per issue (the web export, its pictures in `images/`),
//! an Atom feed and, given the site's address, a sitemap. Links between the pages are
//! relative, so the folder works wherever it is put; nothing runs script.
//!
//! A rebuild renders only what changed: the folder keeps a manifest (`.masthead-site.json`)
//! of each page it wrote and a stamp of what the page was made from (the issue, and the
//! publication's settings, themes and Masthead's version for all of them). A page whose
//! stamp is the same is left as it is; a page of an issue no longer in the archive (deleted,
//! or a draft again) is removed.

use std::path::Path;

use serde::Serialize;
use specta::Type;

use super::{write_file, ExportFormat};
use crate::model::{IssueStatus, IssueSummary, PublicationId};
use crate::theme::ThemeSet;
use crate::{Error, Result, Store};

/// What a build wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SiteReport {
    /// The folder the archive was built in.
    pub dir: String,
    /// Issue pages written.
    pub issues: u32,
    /// Pictures in the site's `images/` folder, those an earlier build left there included.
    pub images: u32,
    /// False when no site address was given (a sitemap needs whole addresses).
    pub sitemap: bool,
}

/// Builds the archive of `publication` in `dir` (created if missing; files of an earlier
/// build are replaced; a folder holding anything else is refused before anything is
/// written, so a wrong choice never overwrites another site's `index.html`). Drafts, and
/// scheduled issues (the list has not had them yet), are left out unless `drafts`.
/// `site_url` (`https://…/`; `None`: the publication's `site_url` setting) makes the
/// feed's and the sitemap's addresses whole.
pub fn build(
    store: &Store,
    themes: &ThemeSet,
    publication: PublicationId,
    dir: &Path,
    site_url: Option<&str>,
    drafts: bool,
) -> Result<SiteReport> {
    let pubn = store.publication(publication)?;
    let given = site_url.map(str::trim).filter(|u| !u.is_empty());
    let base = match given.or(Some(pubn.site_url.trim()).filter(|u| !u.is_empty())) {
        Some(u) => {
            let url = url::Url::parse(u)
                .ok()
                .filter(|x| matches!(x.scheme(), "http" | "https"))
                .ok_or_else(|| Error::Invalid(format!("“{u}” is not the site's web address (https://…)")))?;
            Some(if url.as_str().ends_with('/') { url.to_string() } else { format!("{url}/") })
        }
        None => None,
    };
    let issues: Vec<IssueSummary> = store
        .list_issues()?
        .into_iter()
        .filter(|i| {
            i.publication_id == publication
                && (drafts || !matches!(i.status, IssueStatus::Draft | IssueStatus::Scheduled))
        })
        .collect();
    refuse_other_files(dir)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Io { context: format!("cannot create {}", dir.display()), source: e })?;

    // What every page is made from besides its issue: a change here renders them all again.
    let everything = stamp(&[
        env!("CARGO_PKG_VERSION").as_bytes(),
        &themes.fingerprint.to_le_bytes(),
        &serde_json::to_vec(&pubn).unwrap_or_default(),
        &serde_json::to_vec(&store.tagging(publication)?).unwrap_or_default(),
    ]);
    let before = Manifest::read(dir).filter(|m| m.everything == everything).unwrap_or_default();

    // One page per issue, rendered on every core (each issue on its own; the library is
    // only read), in the index's order; a page made from the same issue as last time is
    // not rendered again. The pictures are written once each, after.
    let page = |i: &IssueSummary| -> Result<(String, String, String, Vec<String>, String)> {
        let doc = store.get_issue_doc(i.id)?;
        let file = super::file_name(&doc, ExportFormat::Web);
        let made_from = stamp(&[&serde_json::to_vec(&doc).unwrap_or_default()]);
        if before.pages.get(&file) != Some(&made_from) || !dir.join(&file).is_file() {
            let page = super::web_page_beside(store, themes, i.id, None, "images")?;
            write_page(&dir.join(&file), with_archive_link(&page.text, &pubn.name).as_bytes())?;
        }
        Ok((file, doc.issue.subtitle.clone(), doc.issue.preheader.clone(), crate::images::used_in(&doc), made_from))
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = issues.len().div_ceil(workers).max(1);
    let written: Vec<Result<Vec<_>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = issues
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(page).collect::<Result<Vec<_>>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(Error::Internal("a page stopped".into()))))
            .collect()
    });
    let mut pages = Vec::new();
    let mut pictures = std::collections::BTreeSet::new();
    let mut manifest = Manifest { everything, pages: Default::default() };
    for (i, (file, subtitle, preheader, names, made_from)) in
        issues.iter().zip(written.into_iter().collect::<Result<Vec<_>>>()?.into_iter().flatten())
    {
        pictures.extend(names);
        manifest.pages.insert(file.clone(), made_from);
        pages.push((i, file, subtitle, preheader));
    }
    // Pages an earlier build wrote for issues no longer in the archive go.
    for gone in Manifest::read(dir).map(|m| m.pages).unwrap_or_default().keys() {
        if !manifest.pages.contains_key(gone) && !gone.contains(['/', '\\']) {
            let _ = std::fs::remove_file(dir.join(gone));
        }
    }
    let mut images = 0;
    if !pictures.is_empty() {
        let folder = dir.join("images");
        std::fs::create_dir_all(&folder)
            .map_err(|e| Error::Io { context: format!("cannot create {}", folder.display()), source: e })?;
        for name in &pictures {
            // A picture's name is its content's hash: one already there is the same picture.
            let path = folder.join(name);
            if path.is_file() {
                images += 1;
                continue;
            }
            if let Some((_, bytes)) = store.image_data(name)? {
                write_file(&path, &bytes)?;
                images += 1;
            }
        }
    }

    // The index: every issue, newest first.
    let mut list = String::new();
    for (i, file, subtitle, _) in &pages {
        list.push_str(&format!(
            "<li><a href=\"{}\"><span class=\"n\">#{}</span> {}</a>{}{}</li>\n",
            esc(file),
            i.number,
            esc(if i.title.trim().is_empty() { "Untitled" } else { &i.title }),
            if i.date.is_empty() { String::new() } else { format!(" <time datetime=\"{0}\">{0}</time>", esc(&i.date)) },
            if subtitle.is_empty() { String::new() } else { format!("<p>{}</p>", esc(subtitle)) },
        ));
    }
    let index = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         {GENERATOR}\n<title>{name}</title>\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{name}\" href=\"feed.xml\">\n\
         <style>body{{max-width:640px;margin:40px auto;padding:0 16px;font:17px/1.5 Georgia,serif;color:#222}}\
         h1{{font-size:32px;margin:0}}ol{{list-style:none;padding:0}}li{{margin:18px 0}}a{{color:#8a3b12;font-weight:600}}\
         .n{{color:#777;font-weight:400}}time{{color:#777;font-size:14px;margin-left:6px}}li p{{margin:4px 0 0;color:#555}}</style>\n\
         </head>\n<body>\n<header><h1>{name}</h1>{tagline}</header>\n<main>\n<ol class=\"issues\">\n{list}</ol>\n{empty}</main>\n\
         <footer><p><a href=\"feed.xml\">Feed</a></p></footer>\n</body>\n</html>\n",
        name = esc(&pubn.name),
        tagline = if pubn.tagline.is_empty() { String::new() } else { format!("<p>{}</p>", esc(&pubn.tagline)) },
        empty = if pages.is_empty() { "<p>No issues yet.</p>\n" } else { "" },
    );
    write_file(&dir.join("index.html"), index.as_bytes())?;

    // The Atom feed (RFC 4287): whole addresses when the site's is known, else relative
    // ones, which readers resolve against the feed's own address.
    let href = |file: &str| base.as_deref().map_or_else(|| file.to_owned(), |b| format!("{b}{file}"));
    let updated = issues.iter().map(|i| i.updated_at.as_str()).max().unwrap_or("1970-01-01T00:00:00Z").to_owned();
    let mut entries = String::new();
    for (i, file, subtitle, preheader) in &pages {
        let summary = if preheader.is_empty() { subtitle } else { preheader };
        entries.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <id>{}</id>\n    \
             <updated>{}</updated>\n{}{}  </entry>\n",
            esc(if i.title.trim().is_empty() { "Untitled" } else { &i.title }),
            esc(&href(file)),
            esc(&entry_id(base.as_deref(), &pubn.name, i.number, file)),
            esc(&atom_time(&i.updated_at)),
            if i.date.is_empty() { String::new() } else { format!("    <published>{}T00:00:00Z</published>\n", esc(&i.date)) },
            if summary.is_empty() { String::new() } else { format!("    <summary>{}</summary>\n", esc(summary)) },
        ));
    }
    let feed = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>{}</title>\n{}  \
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n{entries}</feed>\n",
        esc(&pubn.name),
        if pubn.tagline.is_empty() { String::new() } else { format!("  <subtitle>{}</subtitle>\n", esc(&pubn.tagline)) },
        esc(&href("index.html")),
        esc(&base.clone().unwrap_or_else(|| format!("urn:masthead:{}", crate::export::tagging::slug(&pubn.name)))),
        esc(&atom_time(&updated)),
        esc(if pubn.author.is_empty() { &pubn.name } else { &pubn.author }),
    );
    write_file(&dir.join("feed.xml"), feed.as_bytes())?;

    // The sitemap (sitemaps.org) takes only whole addresses.
    if let Some(b) = &base {
        let mut urls = format!("  <url><loc>{}</loc></url>\n", esc(&format!("{b}index.html")));
        for (i, file, _, _) in &pages {
            urls.push_str(&format!(
                "  <url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
                esc(&format!("{b}{file}")),
                esc(&i.updated_at[..10.min(i.updated_at.len())])
            ));
        }
        let sitemap = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{urls}</urlset>\n");
        write_file(&dir.join("sitemap.xml"), sitemap.as_bytes())?;
    }
    manifest.write(dir)?;
    Ok(SiteReport { dir: dir.display().to_string(), issues: pages.len() as u32, images, sitemap: base.is_some() })
}

/// What the pages of the last build were made from.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Manifest {
    /// The stamp of what every page is made from.
    everything: String,
    /// Each page's file and the stamp of its issue.
    pages: std::collections::BTreeMap<String, String>,
}

impl Manifest {
    const FILE: &'static str = ".masthead-site.json";

    /// The last build's manifest; `None` when there is none or it cannot be read (then
    /// every page is made again).
    fn read(dir: &Path) -> Option<Manifest> {
        serde_json::from_slice(&std::fs::read(dir.join(Manifest::FILE)).ok()?).ok()
    }

    fn write(&self, dir: &Path) -> Result<()> {
        write_page(&dir.join(Manifest::FILE), &serde_json::to_vec_pretty(self).expect("a manifest serializes"))
    }
}

/// A stamp of some bytes: 64 bits of SHA-256, plenty to tell one version of a page's
/// sources from another.
fn stamp(parts: &[&[u8]]) -> String {
    use sha2::Digest;
    let mut hash = sha2::Sha256::new();
    for part in parts {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    hash.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Marks an archive's index, so that building again into its folder is known to be safe.
const GENERATOR: &str = "<meta name=\"generator\" content=\"Masthead\">";

/// Refuses a folder that holds files and is not an earlier archive.
fn refuse_other_files(dir: &Path) -> Result<()> {
    let Ok(mut entries) = std::fs::read_dir(dir) else { return Ok(()) }; // made below
    if entries.next().is_none() {
        return Ok(());
    }
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap_or_default();
    if index.contains(GENERATOR) {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "{} already holds other files and is not an archive Masthead built: choose an empty folder \
         (or the one of an earlier build); nothing was written",
        dir.display()
    )))
}

/// An entry's id: its whole address when the site's is known, else a tag of its own that
/// stays the same from build to build.
fn entry_id(base: Option<&str>, publication: &str, number: i64, file: &str) -> String {
    match base {
        Some(b) => format!("{b}{file}"),
        None => format!("urn:masthead:{}:{number}", crate::export::tagging::slug(publication)),
    }
}

/// The library's time (`2026-11-27T10:00:00.000Z`) as Atom writes it.
fn atom_time(t: &str) -> String {
    match t.split_once('.') {
        Some((whole, _)) if t.ends_with('Z') => format!("{whole}Z"),
        _ => t.to_owned(),
    }
}

/// Writes one page of the archive whole (a temporary file renamed over the old one, so a
/// reader never sees half a page), without waiting for the disk: the archive is made from
/// the library and built again in a second, unlike an export the author saves once.
fn write_page(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |e| Error::Io { context: format!("cannot write {}", path.display()), source: e };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.partial"));
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// A way back to the index at the top of an issue's page.
fn with_archive_link(page: &str, name: &str) -> String {
    let nav = format!(
        "<nav style=\"max-width:640px;margin:16px auto;padding:0 16px;font:14px/1.4 sans-serif\"><a href=\"index.html\">← All issues of {}</a></nav>",
        esc(name)
    );
    match page.find("<body").and_then(|b| page[b..].find('>').map(|e| b + e + 1)) {
        Some(at) => format!("{}{nav}{}", &page[..at], &page[at..]),
        None => format!("{nav}{page}"),
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::render::escape_html_into(&mut out, s).expect("writing to a String cannot fail");
    out
}
