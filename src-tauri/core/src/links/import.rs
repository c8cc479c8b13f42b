//! Links from the places authors kept them before Masthead: the bookmarks file every
//! browser exports (the Netscape format, which Pocket's HTML export also follows), Pocket,
//! Raindrop and Instapaper CSV exports, and Pinboard's JSON. Each entry keeps its title,
//! tags, note and saved date; the inbox de-duplicates as it does for pasted links.
//!
//! A bad entry (a `javascript:` bookmarklet, a row without an address) is skipped and
//! reported with its line; it never stops the rest. The whole file goes in in one
//! transaction, so an import is all there or not at all.

use std::collections::HashMap;
use std::path::Path;

use scraper::{ElementRef, Html, Selector};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::normalize;
use crate::model::LinkId;
use crate::store::NewLink;
use crate::{Error, Result, Store};

/// The largest file taken (a 50,000-link export is about 15 MB).
pub const MAX_FILE: u64 = 256 * 1024 * 1024;
/// How many skipped entries a report lists one by one (the rest are counted).
const LISTED: usize = 100;

/// The kinds of file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// A browser's bookmarks export (Chrome, Firefox, Safari, Edge) or Pocket's HTML export.
    Bookmarks,
    /// Pocket's CSV export (`title,url,time_added,tags,status`).
    Pocket,
    /// Raindrop.io's CSV export.
    Raindrop,
    /// Instapaper's CSV export (`URL,Title,Selection,Folder,Timestamp`).
    Instapaper,
    /// Pinboard's JSON export.
    Pinboard,
}

impl ImportFormat {
    /// Every format there is.
    pub const ALL: [ImportFormat; 5] =
        [Self::Bookmarks, Self::Pocket, Self::Raindrop, Self::Instapaper, Self::Pinboard];

    /// The name the command line and the library use (`origin` of each link).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bookmarks => "bookmarks",
            Self::Pocket => "pocket",
            Self::Raindrop => "raindrop",
            Self::Instapaper => "instapaper",
            Self::Pinboard => "pinboard",
        }
    }

    /// As people name it ("a Pocket export").
    pub fn label(self) -> &'static str {
        match self {
            Self::Bookmarks => "browser bookmarks",
            Self::Pocket => "Pocket",
            Self::Raindrop => "Raindrop",
            Self::Instapaper => "Instapaper",
            Self::Pinboard => "Pinboard",
        }
    }
}

/// An entry that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Skipped {
    /// Where it is in the file: `line 12` (CSV), `entry 3` (JSON), `bookmark 40` (HTML).
    pub place: String,
    /// The address as the file has it; empty when the entry had none.
    pub url: String,
    /// Why it was skipped, in words.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ImportReport {
    /// The kind of file it was, as given or as detected.
    pub format: ImportFormat,
    /// Entries with an address in the file.
    pub found: u32,
    /// Links new to the inbox.
    pub added: u32,
    /// Already in the inbox (their tags were added to).
    pub already: u32,
    /// In the file more than once: taken once, with every copy's tags.
    pub repeated: u32,
    /// How many entries were skipped, all of them (`skipped` lists only the first 100).
    pub skipped_count: u32,
    /// The first skipped entries, with their reasons.
    pub skipped: Vec<Skipped>,
    /// The new links, to fetch their cards.
    pub added_ids: Vec<LinkId>,
    /// One line for a person: `Imported 120 new links from Pocket (3 already in the inbox, 1 skipped).`
    pub summary: String,
}

impl ImportReport {
    fn summarize(&self) -> String {
        let links = |n: u32| if n == 1 { "link".to_owned() } else { "links".to_owned() };
        let mut also = Vec::new();
        if self.already > 0 {
            also.push(format!("{} already in the inbox", self.already));
        }
        if self.repeated > 0 {
            also.push(format!("{} in the file twice", self.repeated));
        }
        if self.skipped_count > 0 {
            also.push(format!("{} skipped", self.skipped_count));
        }
        let also = if also.is_empty() { String::new() } else { format!(" ({})", also.join(", ")) };
        format!("Imported {} new {} from {}{also}.", self.added, links(self.added), self.format.label())
    }
}

/// What a file holds, before it meets the library.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    /// The links to take in, one per address: copies are merged into the first.
    pub links: Vec<NewLink>,
    /// How many entries repeated an address that came earlier in the file.
    pub repeated: u32,
    /// Every entry that could not be read, with why.
    pub skipped: Vec<Skipped>,
}

/// Reads an export file into the inbox (`format` when the author says which, else worked
/// out from the file).
pub fn import_file(store: &Store, path: &Path, format: Option<ImportFormat>) -> Result<ImportReport> {
    let io = |e| Error::Io { context: format!("cannot read {}", path.display()), source: e };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE {
        return Err(Error::Invalid(format!(
            "{} is {} MB; an import file can be at most {} MB",
            path.display(),
            size / (1024 * 1024),
            MAX_FILE / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    import(store, &bytes, format).map_err(|e| match e {
        Error::Invalid(m) => Error::Invalid(format!("{}: {m}", path.display())),
        other => other,
    })
}

/// Reads an export's bytes into the inbox.
pub fn import(store: &Store, bytes: &[u8], format: Option<ImportFormat>) -> Result<ImportReport> {
    // Exports are UTF-8 nearly always; only a file that is not is worth detecting.
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => super::charset::decode(bytes, None).0,
    };
    let format = match format {
        Some(f) => f,
        None => detect(&text).ok_or_else(|| {
            Error::Invalid(
                "this is not a file Masthead can import links from: it takes a browser's bookmarks (HTML), \
                 Pocket, Raindrop or Instapaper CSV, or Pinboard JSON"
                    .into(),
            )
        })?,
    };
    let parsed = parse(&text, format)?;
    let taken = store.take_in_links(&parsed.links)?;
    let added_ids: Vec<LinkId> = taken.iter().filter(|t| t.created).map(|t| t.id).collect();
    let skipped_count = parsed.skipped.len() as u32;
    let mut report = ImportReport {
        format,
        found: parsed.links.len() as u32 + parsed.repeated + skipped_count,
        added: added_ids.len() as u32,
        already: (taken.len() - added_ids.len()) as u32,
        repeated: parsed.repeated,
        skipped_count,
        skipped: parsed.skipped.into_iter().take(LISTED).collect(),
        added_ids,
        summary: String::new(),
    };
    report.summary = report.summarize();
    Ok(report)
}

/// Which kind of export `text` is, from its first characters and its CSV header.
pub fn detect(text: &str) -> Option<ImportFormat> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('[') || start.starts_with('{') {
        return Some(ImportFormat::Pinboard);
    }
    if start.starts_with('<') {
        return Some(ImportFormat::Bookmarks);
    }
    let header = start.lines().next()?.to_lowercase();
    let has = |name: &str| header.split(',').any(|c| c.trim().trim_matches('"') == name);
    if has("time_added") {
        Some(ImportFormat::Pocket)
    } else if has("excerpt") || (has("cover") && has("created")) {
        Some(ImportFormat::Raindrop)
    } else if has("selection") && has("timestamp") {
        Some(ImportFormat::Instapaper)
    } else {
        None
    }
}

/// Reads `text` as `format`. Fails only when the file as a whole is not that format.
pub fn parse(text: &str, format: ImportFormat) -> Result<Parsed> {
    let entries = match format {
        ImportFormat::Bookmarks => bookmarks(text),
        ImportFormat::Pinboard => pinboard(text)?,
        csv_format => csv_rows(text, csv_format)?,
    };
    let mut out = Parsed::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for e in entries {
        if let Some(reason) = e.broken {
            out.skipped.push(Skipped { place: e.place, url: e.url, reason });
            continue;
        }
        let url = match normalize::parse(&e.url) {
            Ok(u) => u,
            Err(err) => {
                out.skipped.push(Skipped { place: e.place, url: e.url, reason: err.to_string() });
                continue;
            }
        };
        let normalized_url = normalize::normalize(&url);
        if let Some(&i) = seen.get(&normalized_url) {
            // Taken once: every copy's tags, the earliest saved date, the first note.
            let first = &mut out.links[i];
            first.tags.extend(e.tags);
            if e.saved_at.is_some() && (first.saved_at.is_none() || e.saved_at < first.saved_at) {
                first.saved_at = e.saved_at;
            }
            if first.note.is_empty() {
                first.note = e.note;
            }
            out.repeated += 1;
            continue;
        }
        seen.insert(normalized_url.clone(), out.links.len());
        out.links.push(NewLink {
            url: e.url.trim().to_owned(),
            normalized_url,
            title: Some(one_line(&e.title)).filter(|t| !t.is_empty() && t.as_str() != e.url.trim()),
            note: e.note.trim().to_owned(),
            tags: e.tags,
            origin: format.as_str().to_owned(),
            saved_at: e.saved_at,
        });
    }
    Ok(out)
}

/// One entry as a file has it, before its address is checked.
struct Entry {
    place: String,
    url: String,
    title: String,
    note: String,
    tags: Vec<String>,
    saved_at: Option<String>,
    /// Why the entry could not be read at all.
    broken: Option<String>,
}

/// Folders every browser puts at the top of its bookmarks: they say nothing about a link,
/// so they never become tags.
const ROOT_FOLDERS: [&str; 8] = [
    "bookmarks bar",
    "bookmarks toolbar",
    "bookmarks menu",
    "other bookmarks",
    "mobile bookmarks",
    "favorites bar",
    "favourites bar",
    "unsorted",
];

/// The Netscape bookmarks format: `<DT><A HREF ADD_DATE TAGS>title</A>`, an optional
/// `<DD>` with the author's description, folders as `<DT><H3>name</H3><DL>…</DL>`.
/// Pocket's HTML export is the same `<A>` with `time_added` and `tags`.
fn bookmarks(text: &str) -> Vec<Entry> {
    let doc = Html::parse_document(text);
    let anchors = Selector::parse("a[href]").expect("a constant selector");
    let mut out = Vec::new();
    for (n, a) in doc.select(&anchors).enumerate() {
        let attr = |name: &str| a.value().attr(name).map(str::trim).filter(|v| !v.is_empty());
        let mut tags: Vec<String> = attr("tags").map(|t| t.split(',').map(str::to_owned).collect()).unwrap_or_default();
        if let Some(folder) = folder_of(a) {
            tags.push(folder);
        }
        out.push(Entry {
            place: format!("bookmark {}", n + 1),
            url: attr("href").unwrap_or_default().to_owned(),
            title: a.text().collect(),
            note: description_of(a),
            tags,
            saved_at: attr("add_date").or(attr("time_added")).and_then(unix_time),
            broken: None,
        });
    }
    out
}

/// The innermost folder a bookmark is in, unless it is one of the browser's own.
fn folder_of(a: ElementRef<'_>) -> Option<String> {
    a.ancestors().filter_map(ElementRef::wrap).filter(|e| e.value().name() == "dt").find_map(|dt| {
        let h3 = dt.children().filter_map(ElementRef::wrap).find(|c| c.value().name() == "h3")?;
        let name = one_line(&h3.text().collect::<String>());
        let root = ROOT_FOLDERS.contains(&name.to_lowercase().as_str())
            || h3.value().attr("personal_toolbar_folder").is_some()
            || h3.value().attr("unfiled_bookmarks_folder").is_some();
        // A browser folder ends the search: what is above it is the browser's too.
        Some(if root || name.is_empty() { None } else { Some(name) })
    })?
}

/// The `<DD>` right after a bookmark's `<DT>`: the description the author gave it.
fn description_of(a: ElementRef<'_>) -> String {
    let Some(dt) = a.parent().and_then(ElementRef::wrap).filter(|p| p.value().name() == "dt") else {
        return String::new();
    };
    let next = dt.next_siblings().filter_map(ElementRef::wrap).next();
    match next {
        Some(dd) if dd.value().name() == "dd" => {
            // The description is the DD's own text, not a folder list nested inside it.
            let text: String = dd.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect();
            text.trim().to_owned()
        }
        _ => String::new(),
    }
}

/// Pocket, Raindrop and Instapaper exports, read by their column names (any order, any
/// case; a column added by a newer export is ignored).
fn csv_rows(text: &str, format: ImportFormat) -> Result<Vec<Entry>> {
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::Invalid(format!("the first line is not a CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let Some(url_col) = column("url") else {
        return Err(Error::Invalid(format!(
            "this is not a {} export: its first line has no “url” column (it has {})",
            format.label(),
            header.join(", ")
        )));
    };
    let (title, note, tags, folder, time) = match format {
        ImportFormat::Pocket => (column("title"), None, column("tags"), None, column("time_added")),
        ImportFormat::Raindrop => {
            (column("title"), column("note"), column("tags"), column("folder"), column("created"))
        }
        _ => (column("title"), column("selection"), column("tags"), column("folder"), column("timestamp")),
    };
    let highlights = column("highlights");
    let mut out = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                out.push(bad_row(line, &e.to_string()));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line());
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).map(str::trim).unwrap_or("");
        let url = get(Some(url_col));
        if url.is_empty() && row.iter().all(|f| f.trim().is_empty()) {
            continue; // a blank line
        }
        let mut tags = match format {
            ImportFormat::Pocket => split_tags(get(tags), '|'),
            ImportFormat::Raindrop => split_tags(get(tags), ','),
            _ => instapaper_tags(get(tags)),
        };
        let folder = get(folder);
        // Instapaper's own folders and Raindrop's inbox say nothing about the link.
        let own = ["unread", "archive", "starred", "unsorted", ""];
        if !own.contains(&folder.to_lowercase().as_str()) {
            tags.push(folder.to_owned());
        }
        let mut note = get(note).to_owned();
        if note.is_empty() {
            note = get(highlights).to_owned();
        }
        let time = get(time);
        out.push(Entry {
            place: format!("line {line}"),
            url: url.to_owned(),
            title: get(title).to_owned(),
            note,
            tags,
            saved_at: unix_time(time).or_else(|| iso_time(time)),
            broken: None,
        });
    }
    Ok(out)
}

/// A row the CSV reader could not read at all: skipped with its reason.
fn bad_row(line: u64, why: &str) -> Entry {
    Entry {
        place: format!("line {line}"),
        url: String::new(),
        title: String::new(),
        note: String::new(),
        tags: Vec::new(),
        saved_at: None,
        broken: Some(format!("the row cannot be read: {why}")),
    }
}

fn split_tags(field: &str, sep: char) -> Vec<String> {
    field.split(sep).map(str::to_owned).collect()
}

/// Instapaper's newer exports write tags as a JSON list (`["ai","policy"]`).
fn instapaper_tags(field: &str) -> Vec<String> {
    serde_json::from_str::<Vec<String>>(field).unwrap_or_else(|_| split_tags(field.trim_matches(['[', ']']), ','))
}

/// Pinboard's JSON export: `[{"href", "description" (the title), "extended" (the note),
/// "time", "tags" (space-separated)}]`.
fn pinboard(text: &str) -> Result<Vec<Entry>> {
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| Error::Invalid(format!("this is not Pinboard's JSON export: {e}")))?;
    let posts = match value {
        serde_json::Value::Array(posts) => posts,
        serde_json::Value::Object(mut o) => match o.remove("posts") {
            Some(serde_json::Value::Array(posts)) => posts,
            _ => return Err(Error::Invalid("this is not Pinboard's JSON export: it has no list of bookmarks".into())),
        },
        _ => return Err(Error::Invalid("this is not Pinboard's JSON export: it has no list of bookmarks".into())),
    };
    Ok(posts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let s = |k: &str| p.get(k).and_then(serde_json::Value::as_str).unwrap_or("").trim().to_owned();
            Entry {
                place: format!("entry {}", i + 1),
                url: s("href"),
                title: s("description"),
                note: s("extended"),
                tags: s("tags").split_whitespace().map(str::to_owned).collect(),
                saved_at: iso_time(&s("time")),
                broken: None,
            }
        })
        .collect())
}

/// Seconds since 1970 (what bookmarks, Pocket and Instapaper write), as the library keeps
/// time. Milliseconds are recognised by their size; a date before 1995 or unreadable is none.
fn unix_time(text: &str) -> Option<String> {
    let n: i64 = text.trim().parse().ok()?;
    let seconds = if n > 100_000_000_000 { n / 1000 } else { n };
    (seconds > 788_918_400).then_some(())?; // 1995-01-01: no web bookmark is older
    let t = time::OffsetDateTime::from_unix_timestamp(seconds).ok()?;
    Some(crate::store::timestamp(t))
}

/// An RFC 3339 time (Raindrop, Pinboard), or a plain `YYYY-MM-DD`.
fn iso_time(text: &str) -> Option<String> {
    let text = text.trim();
    if let Ok(t) = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339) {
        return Some(crate::store::timestamp(t));
    }
    let d = time::Date::parse(text.get(..10)?, time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    Some(crate::store::timestamp(d.midnight().assume_utc()))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_their_first_line() {
        assert_eq!(detect("<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL>"), Some(ImportFormat::Bookmarks));
        assert_eq!(detect("\u{feff}title,url,time_added,tags,status\n"), Some(ImportFormat::Pocket));
        assert_eq!(
            detect("id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite"),
            Some(ImportFormat::Raindrop)
        );
        assert_eq!(detect("URL,Title,Selection,Folder,Timestamp,Tags"), Some(ImportFormat::Instapaper));
        assert_eq!(detect("  [{\"href\":\"https://a.example\"}]"), Some(ImportFormat::Pinboard));
        assert_eq!(detect("name,address\nSam,1 Main St"), None);
        assert_eq!(detect(""), None);
    }

    #[test]
    fn times_become_the_librarys_and_nonsense_is_none() {
        assert_eq!(unix_time("1571184000").as_deref(), Some("2019-10-16T00:00:00.000Z"));
        assert_eq!(unix_time("1571184000000").as_deref(), Some("2019-10-16T00:00:00.000Z"));
        assert_eq!(unix_time("0"), None);
        assert_eq!(unix_time("soon"), None);
        assert_eq!(iso_time("2019-10-16T02:00:00+02:00").as_deref(), Some("2019-10-16T00:00:00.000Z"));
        assert_eq!(iso_time("2019-10-16").as_deref(), Some("2019-10-16T00:00:00.000Z"));
        assert_eq!(iso_time("16.10.2019"), None);
    }

    #[test]
    fn tags_are_cleaned_once() {
        assert_eq!(super::super::tag_name("  #AI   policy "), Some("AI policy".into()));
        assert_eq!(super::super::tag_name(" # "), None);
        assert_eq!(super::super::tag_name(&"x".repeat(100)).map(|t| t.len()), Some(super::super::MAX_TAG));
    }
}
