//! The issue file: one issue as versioned JSON (`"format": "masthead-issue"`), every field
//! of DESIGN.md §2, with the inbox links its items use. Written deterministically (no ids,
//! no export time) so export → import → export gives the same bytes. Schema: docs/issue-file.md.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{
    FetchStatus, Issue, IssueDoc, IssueStatus, Item, ItemFields, ItemKind, ItemLayout, Link, LinkMeta, LinkOverrides,
    Publication, Story, StoryFields,
};
use crate::{Error, Result, Store};

/// What an issue file's `format` says; a file that says anything else is refused.
pub const FORMAT: &str = "masthead-issue";
/// The version this build writes and the newest it reads.
pub const VERSION: u32 = 1;

/// One issue as an issue file: what is written on export and read on import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The version of the file's layout: [`VERSION`] when written here; a newer one is refused.
    pub version: u32,
    /// The publication the issue belongs to: import puts it in the library's publication
    /// of that name, or creates one with these settings. Absent in files written before
    /// there could be several (they go into the first publication).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<FilePublication>,
    /// The issue's own fields.
    pub issue: FileIssue,
    /// The issue's stories, in order, each with its items.
    pub stories: Vec<FileStory>,
    /// The inbox links the items were made from, each once, in order of first use.
    #[serde(default)]
    pub links: Vec<FileLink>,
    /// The library images the issue shows (in its Markdown and its link cards), inside
    /// the file: one file carries the whole issue to another computer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<FileImage>,
}

/// A library image, as stored (already processed): its name, type and bytes in base64.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileImage {
    /// The image's name, as the Markdown and the items use it (`3f2a9c1b7d4e.jpg`).
    pub name: String,
    /// Its type: `image/jpeg`, `image/png` or `image/gif`.
    pub mime: String,
    /// Its bytes, in standard base64.
    pub base64: String,
}

/// The images `doc` shows, read from the library, for its issue file.
pub fn images_of(store: &Store, doc: &IssueDoc) -> Result<Vec<FileImage>> {
    use base64::Engine;
    let mut out = Vec::new();
    for name in crate::images::used_in(doc) {
        if let Some((info, bytes)) = store.image_data(&name)? {
            let base64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
            out.push(FileImage { name, mime: info.mime, base64 });
        }
    }
    Ok(out)
}

/// An issue's own fields, without ids, publication or times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileIssue {
    /// The issue's number, 1 to 999,999: kept on import when free in its publication, else
    /// the publication's next free one.
    pub number: i64,
    /// The issue's title (plain text).
    pub title: String,
    /// The line under the title (plain text).
    #[serde(default)]
    pub subtitle: String,
    /// The issue's own day, `YYYY-MM-DD`; empty when not yet dated.
    #[serde(default)]
    pub date: String,
    /// Where the issue stands (draft, ready, scheduled, sent); draft when left out.
    #[serde(default = "draft")]
    pub status: IssueStatus,
    /// The theme it is rendered with (`weekly`, `digest`, `briefing` or the author's own);
    /// empty: the publication's default theme.
    #[serde(default)]
    pub theme: String,
    /// The text before the stories (Markdown).
    #[serde(default)]
    pub intro: String,
    /// The text after the stories (Markdown); a last line starting with `—` is its sign-off.
    #[serde(default)]
    pub closing: String,
    /// The preview line email programs show after the subject (plain text); empty for none.
    #[serde(default)]
    pub preheader: String,
}

/// A publication's identity and what its readers see: no ids, no SMTP or tagging settings
/// (those are the sender's, not the issue's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilePublication {
    /// The publication's name (mastheads, the From name, `List-Id`): import looks the
    /// publication up by it, ignoring case.
    pub name: String,
    /// The line under the name.
    #[serde(default)]
    pub tagline: String,
    /// How often it comes out, in the reader's words: "Every Tuesday."
    #[serde(default)]
    pub cadence: String,
    /// Who writes it (the Markdown export's front matter).
    #[serde(default)]
    pub author: String,
    /// The closing line (`— Sam`), used when an issue's closing has none of its own.
    #[serde(default)]
    pub sign_off: String,
    /// The footer text (Markdown): cadence, why the reader gets it.
    #[serde(default)]
    pub footer: String,
    /// The footer's lines in the author's order (see [`crate::model::footer_order`]); empty
    /// for the usual order.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub footer_order: String,
    /// The theme new issues of the publication get.
    #[serde(default)]
    pub default_theme: String,
    /// The From address, `Name <you@example.com>`; empty when not set.
    #[serde(default)]
    pub sender: String,
    /// The postal address printed in email footers.
    #[serde(default)]
    pub postal_address: String,
    /// The email footer's unsubscribe link, also sent as the `List-Unsubscribe` header.
    #[serde(default)]
    pub unsubscribe_url: String,
    /// The reading speed reading times are worked out at, 50 to 2000 (265 when left out).
    #[serde(default = "words_per_minute")]
    pub words_per_minute: i64,
    /// How quotes, apostrophes, dashes and ellipses are set in every output.
    #[serde(default)]
    pub typography: crate::model::Typography,
    /// Where the email's images are hosted (`https://cdn.example.com/news/`); empty: not
    /// hosted.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub image_base_url: String,
    /// Where the publication's web archive is published (`https://example.com/news/`); empty:
    /// the archive links relatively.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub site_url: String,
}

fn words_per_minute() -> i64 {
    Publication::default().words_per_minute
}

impl From<&Publication> for FilePublication {
    fn from(p: &Publication) -> Self {
        FilePublication {
            name: p.name.clone(),
            tagline: p.tagline.clone(),
            cadence: p.cadence.clone(),
            author: p.author.clone(),
            sign_off: p.sign_off.clone(),
            footer: p.footer.clone(),
            footer_order: p.footer_order.clone(),
            default_theme: p.default_theme.clone(),
            sender: p.sender.clone(),
            postal_address: p.postal_address.clone(),
            unsubscribe_url: p.unsubscribe_url.clone(),
            words_per_minute: p.words_per_minute,
            typography: p.typography,
            image_base_url: p.image_base_url.clone(),
            site_url: p.site_url.clone(),
        }
    }
}

impl From<&FilePublication> for Publication {
    fn from(p: &FilePublication) -> Self {
        Publication {
            id: 0,
            name: p.name.clone(),
            tagline: p.tagline.clone(),
            cadence: p.cadence.clone(),
            author: p.author.clone(),
            sign_off: p.sign_off.clone(),
            footer: p.footer.clone(),
            footer_order: p.footer_order.clone(),
            default_theme: p.default_theme.clone(),
            sender: p.sender.clone(),
            postal_address: p.postal_address.clone(),
            unsubscribe_url: p.unsubscribe_url.clone(),
            words_per_minute: p.words_per_minute,
            typography: p.typography,
            image_base_url: p.image_base_url.clone(),
            site_url: p.site_url.clone(),
        }
    }
}

fn draft() -> IssueStatus {
    IssueStatus::Draft
}

/// A story in an issue file, with its items in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileStory {
    /// The section the story stands under (the theme names it above the first story of a
    /// run); empty for none.
    #[serde(default)]
    pub section: String,
    /// The story's headline (plain text); empty: the story reads as prose, unnumbered.
    pub headline: String,
    /// Where readers can discuss the story (the weekly theme's *discuss ↗* link); empty for
    /// none.
    #[serde(default)]
    pub discuss_url: String,
    /// The story's text (Markdown).
    #[serde(default)]
    pub body: String,
    /// A short summary, shown as *Summary:* (plain text); empty for none.
    #[serde(default)]
    pub summary: String,
    /// Further detail, shown as *Details:* (plain text); empty for none.
    #[serde(default)]
    pub details: String,
    /// What the story means for the reader, shown as **What it means** (Markdown).
    #[serde(default)]
    pub takeaway: String,
    /// The story's own reading time in minutes, 1–999.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading_minutes: Option<i64>,
    /// The story's coverage links and reactions, in order.
    #[serde(default)]
    pub items: Vec<FileItem>,
}

/// A coverage link or a reaction in an issue file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileItem {
    /// Coverage (a link to a report) or reaction (what someone said about the story).
    pub kind: ItemKind,
    /// The heading coverage is grouped under ("Official", "Analysis"); empty for none.
    #[serde(default)]
    pub group_heading: String,
    /// Publisher, account or person.
    #[serde(default)]
    pub source: String,
    /// Who the source is, shown after the name (a person's title or position); empty for none.
    #[serde(default)]
    pub role: String,
    /// The title of the page it links to (plain text).
    #[serde(default)]
    pub title: String,
    /// The words quoted (a reaction's post, a line from the page); empty for none.
    #[serde(default)]
    pub quote: String,
    /// The author's own comment on the item; empty for none.
    #[serde(default)]
    pub note: String,
    /// Where the item links to; empty for none.
    #[serde(default)]
    pub url: String,
    /// How many likes the post had when `captured_at` says; `None` when not known.
    #[serde(default)]
    pub likes: Option<i64>,
    /// How many views the post had when `captured_at` says; `None` when not known.
    #[serde(default)]
    pub views: Option<i64>,
    /// When the likes and views were read (RFC 3339), if known.
    #[serde(default)]
    pub captured_at: Option<String>,
    /// A coverage link's own date as written (`March 2025`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// A reaction whose note stands before its quote.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub note_first: bool,
    /// A coverage card's picture: an image name (the image is in `images`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub image: String,
    /// A coverage card's description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `line`, `card`, or (left out) as the theme shows links.
    #[serde(default, skip_serializing_if = "is_theme_layout")]
    pub layout: ItemLayout,
    /// The normalized URL of the link in `links` this item was made from.
    #[serde(default)]
    pub link: Option<String>,
}

fn is_theme_layout(l: &ItemLayout) -> bool {
    *l == ItemLayout::Theme
}

/// An inbox link an item was made from, as the library keeps it (its note, tags and
/// origin left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileLink {
    /// The URL exactly as pasted or dropped.
    pub url: String,
    /// The URL as the inbox tells links apart (see `links::normalize`): items name their
    /// link by it, and import reuses an inbox link that has it.
    pub normalized_url: String,
    /// What fetching the page found.
    #[serde(default)]
    pub meta: LinkMeta,
    /// What the author typed over the fetched metadata.
    #[serde(default)]
    pub overrides: LinkOverrides,
    /// How the last fetch went; pending when left out.
    #[serde(default = "pending")]
    pub status: FetchStatus,
    /// Why the fetch failed or was blocked, in words; `None` when it worked or never ran.
    #[serde(default)]
    pub reason: Option<String>,
    /// When the page was last fetched (RFC 3339); `None` if never.
    #[serde(default)]
    pub fetched_at: Option<String>,
    /// When the link came into the inbox (RFC 3339).
    pub added_at: String,
}

fn pending() -> FetchStatus {
    FetchStatus::Pending
}

/// The file for an issue of `publication`, with the links its items use.
pub fn to_file(doc: &IssueDoc, publication: &Publication, links: &[Link]) -> IssueFile {
    let by_id: HashMap<i64, &Link> = links.iter().map(|l| (l.id, l)).collect();
    let mut used: Vec<&Link> = Vec::new();
    let i = &doc.issue;
    let stories = doc
        .stories
        .iter()
        .map(|s| {
            let f = &s.fields;
            FileStory {
                section: f.section.clone(),
                headline: f.headline.clone(),
                discuss_url: f.discuss_url.clone(),
                body: f.body.clone(),
                summary: f.summary.clone(),
                details: f.details.clone(),
                takeaway: f.takeaway.clone(),
                reading_minutes: f.reading_minutes,
                items: s
                    .items
                    .iter()
                    .map(|it| {
                        let link = it.fields.link_id.and_then(|id| by_id.get(&id).copied());
                        if let Some(l) = link {
                            if !used.iter().any(|u| u.id == l.id) {
                                used.push(l);
                            }
                        }
                        let f = &it.fields;
                        FileItem {
                            kind: f.kind,
                            group_heading: f.group_heading.clone(),
                            source: f.source.clone(),
                            role: f.role.clone(),
                            title: f.title.clone(),
                            quote: f.quote.clone(),
                            note: f.note.clone(),
                            url: f.url.clone(),
                            likes: f.likes,
                            views: f.views,
                            captured_at: f.captured_at.clone(),
                            date: f.date.clone(),
                            note_first: f.note_first,
                            image: f.image.clone(),
                            description: f.description.clone(),
                            layout: f.layout,
                            link: link.map(|l| l.normalized_url.clone()),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    IssueFile {
        format: FORMAT.into(),
        version: VERSION,
        publication: Some(publication.into()),
        issue: FileIssue {
            number: i.number,
            title: i.title.clone(),
            subtitle: i.subtitle.clone(),
            date: i.date.clone(),
            status: i.status,
            theme: i.theme.clone(),
            intro: i.intro.clone(),
            closing: i.closing.clone(),
            preheader: i.preheader.clone(),
        },
        stories,
        links: used
            .into_iter()
            .map(|l| FileLink {
                url: l.url.clone(),
                normalized_url: l.normalized_url.clone(),
                meta: l.meta.clone(),
                overrides: l.overrides.clone(),
                status: l.status,
                reason: l.reason.clone(),
                fetched_at: l.fetched_at.clone(),
                added_at: l.added_at.clone(),
            })
            .collect(),
        images: Vec::new(),
    }
}

/// The file as bytes: pretty JSON with a final newline.
pub fn to_bytes(file: &IssueFile) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(file).expect("an issue file serializes");
    out.push(b'\n');
    out
}

/// The largest issue file Masthead reads: a hundred-story issue with its links is well
/// under a megabyte.
pub const MAX_FILE_BYTES: u64 = 20 << 20;

/// Reads the issue file at `path` (see [`parse`]): only a regular file, never a device, a
/// pipe or a folder (which could be read for ever), and at most [`MAX_FILE_BYTES`].
pub fn read(path: &std::path::Path) -> Result<IssueFile> {
    use std::io::Read;
    let name = path.display().to_string();
    let io = |e| Error::Io { context: format!("cannot read {name}"), source: e };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(Error::Invalid(format!(
            "{name} is not a file (it is a folder, a device or a pipe); choose an issue file (.json)"
        )));
    }
    let too_big = || {
        Error::Invalid(format!(
            "{name} is larger than an issue file can be ({} MB at most): is it the right file?",
            MAX_FILE_BYTES >> 20
        ))
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Bounded again while reading: the file may grow after it was measured.
    std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big());
    }
    parse(&bytes, &name)
}

/// Reads an issue file. A file from a newer Masthead, or one that is not an issue file, is
/// refused; a malformed one is refused naming the field (`stories[2].items[0].likes`) and
/// the line and column.
pub fn parse(bytes: &[u8], name: &str) -> Result<IssueFile> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::Invalid(format!("{name} is not a text file (invalid UTF-8 at byte {})", e.valid_up_to()))
    })?;
    #[derive(Deserialize)]
    struct Head {
        format: Option<String>,
        version: Option<serde_json::Value>,
    }
    let head: Head = serde_json::from_str(text).map_err(|e| {
        Error::Invalid(format!("{name} is not valid JSON: {} at line {}, column {}", short(&e), e.line(), e.column()))
    })?;
    if head.format.as_deref() != Some(FORMAT) {
        return Err(Error::Invalid(format!(
            "{name} is not a Masthead issue file (its \"format\" is {}, expected \"{FORMAT}\")",
            head.format.map(|f| format!("{f:?}")).unwrap_or_else(|| "missing".into())
        )));
    }
    match head.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(v) if v > VERSION as u64 => {
            return Err(Error::Invalid(format!(
                "{name} was written by a newer Masthead (issue file version {v}; this version reads up to {VERSION}); \
                 update Masthead to import it"
            )))
        }
        Some(v) if v >= 1 => {}
        _ => return Err(Error::Invalid(format!("{name}: \"version\" must be a whole number from 1 to {VERSION}"))),
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    let file: IssueFile = serde_path_to_error::deserialize(de).map_err(|e| {
        let (path, inner) = (e.path().to_string(), e.inner());
        Error::Invalid(format!("{name}: {path}: {} (line {}, column {})", short(inner), inner.line(), inner.column()))
    })?;
    validate(&file, name)?;
    Ok(file)
}

/// serde_json's message without its own " at line L column C" (we say it once, our way).
fn short(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

fn validate(f: &IssueFile, name: &str) -> Result<()> {
    let bad = |path: String, what: &str| Err(Error::Invalid(format!("{name}: {path}: {what}")));
    if let Some(p) = &f.publication {
        if p.name.trim().is_empty() {
            return bad("publication.name".into(), "a publication needs a name");
        }
        if p.name.trim().chars().count() > crate::store::MAX_PUBLICATION_NAME {
            return bad(
                "publication.name".into(),
                &format!("is longer than a name can be ({} characters)", crate::store::MAX_PUBLICATION_NAME),
            );
        }
    }
    if let Err(e) = crate::model::check_issue_number(f.issue.number) {
        return bad("issue.number".into(), &e);
    }
    if !f.issue.date.is_empty() {
        if let Err(e) = crate::model::check_issue_date(&f.issue.date) {
            return bad("issue.date".into(), &e);
        }
    }
    for (si, s) in f.stories.iter().enumerate() {
        if let Err(e) = crate::model::check_reading_minutes(s.reading_minutes) {
            return bad(format!("stories[{si}].reading_minutes"), &e);
        }
        for (ii, it) in s.items.iter().enumerate() {
            for (field, v) in [("likes", it.likes), ("views", it.views)] {
                if v.is_some_and(|n| n < 0) {
                    return bad(format!("stories[{si}].items[{ii}].{field}"), "must not be negative");
                }
            }
            if let Some(link) = &it.link {
                if !f.links.iter().any(|l| &l.normalized_url == link) {
                    return bad(format!("stories[{si}].items[{ii}].link"), &format!("{link:?} is not in \"links\""));
                }
            }
        }
    }
    for (li, l) in f.links.iter().enumerate() {
        if crate::links::normalize::parse(&l.url).is_err() {
            return bad(format!("links[{li}].url"), &format!("{:?} is not a web link", l.url));
        }
    }
    Ok(())
}

/// What importing an issue file did.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The new issue.
    pub issue: Issue,
    /// How many stories it has.
    pub stories: usize,
    /// The number the file gave it; the issue has another when that one was taken.
    pub asked_number: i64,
}

/// Reads the issue file at `path` and imports it (see [`import`]): the window's Import and
/// `masthead-cli import` alike.
pub fn import_path(
    store: &Store,
    path: &std::path::Path,
    otherwise: Option<crate::model::PublicationId>,
) -> Result<Imported> {
    let file = read(path)?;
    let issue = import(store, &file, otherwise)?;
    Ok(Imported { issue, stories: file.stories.len(), asked_number: file.issue.number })
}

/// Imports a parsed file into the library as a new issue (one transaction: all or nothing),
/// into the publication the file names (found by name or created), or for a file that
/// names none, into `otherwise` (`None`: the first publication).
pub fn import(store: &Store, file: &IssueFile, otherwise: Option<crate::model::PublicationId>) -> Result<Issue> {
    let links: Vec<Link> = file
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| Link {
            id: -(i as i64) - 1, // file-local ids; the store maps them to the library's
            url: l.url.clone(),
            normalized_url: l.normalized_url.clone(),
            meta: l.meta.clone(),
            overrides: l.overrides.clone(),
            status: l.status,
            reason: l.reason.clone(),
            fetched_at: l.fetched_at.clone(),
            added_at: l.added_at.clone(),
            note: String::new(),
            tags: Vec::new(),
            origin: String::new(),
            saved_at: None,
            archived_at: None,
            feed_id: None,
            feed: None,
            card: Default::default(),
            used_in: Vec::new(),
        })
        .collect();
    let local_id = |normalized: &str| links.iter().find(|l| l.normalized_url == normalized).map(|l| l.id);
    let fi = &file.issue;
    let doc = IssueDoc {
        issue: Issue {
            id: 0,
            publication_id: otherwise.unwrap_or(0),
            number: fi.number,
            title: fi.title.clone(),
            subtitle: fi.subtitle.clone(),
            date: fi.date.clone(),
            status: fi.status,
            theme: fi.theme.clone(),
            intro: fi.intro.clone(),
            closing: fi.closing.clone(),
            preheader: fi.preheader.clone(),
            created_at: String::new(),
            updated_at: String::new(),
        },
        stories: file
            .stories
            .iter()
            .enumerate()
            .map(|(si, s)| Story {
                id: 0,
                issue_id: 0,
                ordinal: si as i64,
                fields: StoryFields {
                    section: s.section.clone(),
                    headline: s.headline.clone(),
                    discuss_url: s.discuss_url.clone(),
                    body: s.body.clone(),
                    summary: s.summary.clone(),
                    details: s.details.clone(),
                    takeaway: s.takeaway.clone(),
                    reading_minutes: s.reading_minutes,
                },
                items: s
                    .items
                    .iter()
                    .enumerate()
                    .map(|(ii, it)| Item {
                        id: 0,
                        story_id: 0,
                        ordinal: ii as i64,
                        fields: ItemFields {
                            kind: it.kind,
                            group_heading: it.group_heading.clone(),
                            source: it.source.clone(),
                            role: it.role.clone(),
                            title: it.title.clone(),
                            quote: it.quote.clone(),
                            note: it.note.clone(),
                            url: it.url.clone(),
                            likes: it.likes,
                            views: it.views,
                            captured_at: it.captured_at.clone(),
                            link_id: it.link.as_deref().and_then(local_id),
                            date: it.date.clone(),
                            note_first: it.note_first,
                            image: it.image.clone(),
                            description: it.description.clone(),
                            layout: it.layout,
                        },
                    })
                    .collect(),
                updated_at: String::new(),
            })
            .collect(),
    };
    // Every image is checked before anything is imported: a damaged file changes nothing.
    let images = file
        .images
        .iter()
        .map(|i| {
            use base64::Engine;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(i.base64.trim())
                .map_err(|_| Error::Invalid(format!("the image {} in the issue file is not valid base64", i.name)))?;
            crate::images::verify_stored(&i.name, &i.mime, &bytes)?;
            Ok((i, bytes))
        })
        .collect::<Result<Vec<_>>>()?;
    let publication = file.publication.as_ref().map(Publication::from);
    let issue = store.import_issue(&doc, publication.as_ref(), &links)?;
    for (i, bytes) in images {
        store.put_stored_image(&i.name, &i.mime, &bytes, "issue file")?;
    }
    Ok(issue)
}
