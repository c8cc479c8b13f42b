//! Export: the finished issue in the forms it leaves Masthead in: a self-contained web
//! page, email HTML (CSS inlined, measured against Gmail's clipping), an `.eml`, text,
//! Markdown with front matter, and the issue file (`issue_file`). Link tagging
//! (`tagging`) applies to every output but the issue file; the library backup is `backup`.

pub mod backup;
pub mod email;
pub mod eml;
pub mod issue_file;
pub mod site;
pub mod tagging;

use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::images;
use crate::model::{IssueDoc, IssueId, Link, Publication, Tagging};
use crate::render::{render, theme_name_for, Preview, PreviewRequest};
use crate::theme::{Format, Theme, ThemeSet};
use crate::{Result, Store};

pub use email::{SizeLevel, SizeReport, StorySize};

/// The forms an issue can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// A self-contained web page, the library's images inside it.
    Web,
    /// Email HTML: CSS inlined, measured against Gmail's clipping.
    Email,
    /// A ready-to-send email message (`.eml`) with HTML and text parts.
    Eml,
    /// Plain text.
    Text,
    /// Markdown with YAML front matter.
    Markdown,
    /// The Masthead issue file, JSON that imports back.
    Json,
}

impl ExportFormat {
    /// Every format, for looking one up by name.
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Web,
        ExportFormat::Email,
        ExportFormat::Eml,
        ExportFormat::Text,
        ExportFormat::Markdown,
        ExportFormat::Json,
    ];

    /// The format's name as serialized and as the CLI takes it: `web`, `email`, `eml`, `text`, `markdown`, `json`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Web => "web",
            ExportFormat::Email => "email",
            ExportFormat::Eml => "eml",
            ExportFormat::Text => "text",
            ExportFormat::Markdown => "markdown",
            ExportFormat::Json => "json",
        }
    }

    /// The format named `s` (as [`as_str`](Self::as_str) writes it); `None` for an unknown name.
    pub fn parse(s: &str) -> Option<Self> {
        ExportFormat::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// What a Save dialog calls this kind of file.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Web => "Web page",
            ExportFormat::Email => "Email HTML",
            ExportFormat::Eml => "Email file",
            ExportFormat::Text => "Plain text",
            ExportFormat::Markdown => "Markdown",
            ExportFormat::Json => "Masthead issue file",
        }
    }

    /// The file name ending, e.g. `012-the-week.email.html`.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Web => "html",
            ExportFormat::Email => "email.html",
            ExportFormat::Eml => "eml",
            ExportFormat::Text => "txt",
            ExportFormat::Markdown => "md",
            ExportFormat::Json => "masthead.json",
        }
    }

    /// What a Save dialog offers for this format: its label and the one extension its
    /// filter matches (`html` for `012-the-week.email.html`).
    pub fn file_filter(self) -> (&'static str, &'static [&'static str]) {
        let ext: &'static [&'static str] = match self {
            ExportFormat::Web | ExportFormat::Email => &["html"],
            ExportFormat::Eml => &["eml"],
            ExportFormat::Text => &["txt"],
            ExportFormat::Markdown => &["md"],
            ExportFormat::Json => &["json"],
        };
        (self.label(), ext)
    }
}

/// One exported file.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Exported {
    /// Which form this is.
    pub format: ExportFormat,
    /// A suggested file name: `012-the-week-in-review.html`.
    pub file_name: String,
    /// The file's content: HTML, text, JSON, or for `eml` the whole MIME message.
    pub text: String,
    /// For email and eml: the HTML's size against Gmail's clipping point.
    pub size: Option<SizeReport>,
}

/// What an export reads besides the issue.
pub struct Context<'a> {
    /// The publication the issue belongs to: its name, addresses and settings.
    pub publication: &'a Publication,
    /// The publication's link tagging.
    pub tagging: &'a Tagging,
    /// The themes to render with.
    pub themes: &'a ThemeSet,
    /// A theme other than the issue's own.
    pub theme: Option<&'a str>,
    /// The inbox links the items were made from (for the issue file).
    pub links: &'a [Link],
    /// `.eml` recipients (empty: the sender) and date.
    pub to: &'a [String],
    /// The `.eml`'s `Date` header.
    pub date: SystemTime,
    /// The library the issue's images are in (`None`: images stay as named).
    pub images: Option<&'a Store>,
}

impl<'a> Context<'a> {
    /// What an issue of the library is rendered with for its readers: its publication's
    /// settings, the issue's own theme, images from the library, now.
    pub fn of_library(
        publication: &'a Publication,
        tagging: &'a Tagging,
        themes: &'a ThemeSet,
        store: &'a Store,
    ) -> Self {
        Context {
            publication,
            tagging,
            themes,
            theme: None,
            links: &[],
            to: &[],
            date: SystemTime::now(),
            images: Some(store),
        }
    }
}

/// Exports an issue from the library.
pub fn export(
    store: &Store,
    themes: &ThemeSet,
    issue_id: IssueId,
    format: ExportFormat,
    theme: Option<&str>,
) -> Result<Exported> {
    let doc = store.get_issue_doc(issue_id)?;
    let publication = store.publication(doc.issue.publication_id)?;
    let tagging = store.tagging(publication.id)?;
    let ids: Vec<i64> = doc.stories.iter().flat_map(|s| s.items.iter()).filter_map(|i| i.fields.link_id).collect();
    let links = store.links_by_id(&ids)?;
    let ctx = Context {
        publication: &publication,
        tagging: &tagging,
        themes,
        theme,
        links: &links,
        to: &[],
        date: SystemTime::now(),
        images: Some(store),
    };
    let mut out = export_doc(&doc, format, &ctx)?;
    if format == ExportFormat::Web {
        // One self-contained file: the library's images go inside it.
        out.text = store.inline_images(&out.text);
    }
    Ok(out)
}

/// The web page with its library images in a folder beside it rather than inside it:
/// each `<img>` points at `folder` + its name (`folder` as the page reaches it, `images/`),
/// and `write_images` puts the files there. A lighter page for a site that serves both.
pub fn web_page_beside(
    store: &Store,
    themes: &ThemeSet,
    issue_id: IssueId,
    theme: Option<&str>,
    folder: &str,
) -> Result<Exported> {
    let doc = store.get_issue_doc(issue_id)?;
    let publication = store.publication(doc.issue.publication_id)?;
    let tagging = store.tagging(publication.id)?;
    let ctx = Context { theme, ..Context::of_library(&publication, &tagging, themes, store) };
    let mut out = export_doc(&doc, ExportFormat::Web, &ctx)?;
    let folder = if folder.is_empty() || folder.ends_with('/') { folder.to_owned() } else { format!("{folder}/") };
    out.text = images::resolve_in_html(&out.text, &|name| {
        let info = store.image_info(name).ok().flatten()?;
        Some((std::sync::Arc::from(format!("{folder}{name}")), info.width))
    });
    Ok(out)
}

/// Exports an issue held in memory.
pub fn export_doc(doc: &IssueDoc, format: ExportFormat, ctx: &Context<'_>) -> Result<Exported> {
    let file_name = file_name(doc, format);
    if format == ExportFormat::Json {
        let mut file = issue_file::to_file(doc, ctx.publication, ctx.links);
        if let Some(store) = ctx.images {
            file.images = issue_file::images_of(store, doc)?;
        }
        let bytes = issue_file::to_bytes(&file);
        let text = String::from_utf8(bytes).expect("JSON is UTF-8");
        return Ok(Exported { format, file_name, text, size: None });
    }
    let out = Outputs::new(doc, ctx)?;
    let (text, size) = match format {
        ExportFormat::Web => (out.html(Format::Web)?, None),
        ExportFormat::Text => (out.text(Format::Text)?, None),
        ExportFormat::Markdown => {
            (front_matter(doc, ctx.publication, out.theme_name) + &out.text(Format::Markdown)?, None)
        }
        ExportFormat::Email => {
            let (html, size) = out.email()?;
            (html, Some(size))
        }
        ExportFormat::Eml => {
            let (message, size) = out.message()?;
            (String::from_utf8(message.formatted()).expect("a MIME message is ASCII"), Some(size))
        }
        ExportFormat::Json => unreachable!("handled above"),
    };
    Ok(Exported { format, file_name, text, size })
}

/// An export written to a file, and what went with it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SavedExport {
    /// Where the file was written.
    pub path: String,
    /// The file's size in bytes.
    pub bytes: u32,
    /// For email and eml: the HTML's size against Gmail's clipping point; `None` for other formats.
    pub size: Option<SizeReport>,
    /// Where the email's images were written to upload, and how many; `None` without any.
    pub images: Option<(String, u32)>,
}

/// Writes issue `issue_id`'s export `out` to `path` (atomically); an email's library images
/// go into a folder beside it, since the email refers to them by name at the image address.
/// The window's Save As and `masthead-cli export -o FILE` both save through here.
pub fn save(store: &Store, issue_id: IssueId, out: &Exported, path: &std::path::Path) -> Result<SavedExport> {
    write_file(path, out.text.as_bytes())?;
    let images = if out.format == ExportFormat::Email { write_images_beside(store, issue_id, path)? } else { None };
    let bytes = u32::try_from(out.text.len()).unwrap_or(u32::MAX);
    Ok(SavedExport { path: path.display().to_string(), bytes, size: out.size.clone(), images })
}

/// The preview as the window's frame shows it: the issue as the editor holds it (unsaved
/// edits included), with the library's images inline as they will be sent, so the frame
/// works offline.
pub fn preview(store: &Store, themes: &ThemeSet, doc: &IssueDoc, req: &PreviewRequest) -> Result<Preview> {
    let publication = store.publication(doc.issue.publication_id)?;
    let mut preview = crate::render::preview(doc, &publication, themes, req)?;
    preview.html = store.inline_images(&preview.html);
    Ok(preview)
}

/// The email's size for the meter, from the issue as the editor holds it (unsaved edits
/// included), in `theme` or the issue's own.
pub fn email_size(store: &Store, themes: &ThemeSet, doc: &IssueDoc, theme: Option<&str>) -> Result<SizeReport> {
    let publication = store.publication(doc.issue.publication_id)?;
    let tagging = store.tagging(publication.id)?;
    let ctx = Context { theme, ..Context::of_library(&publication, &tagging, themes, store) };
    let out = export_doc(doc, ExportFormat::Email, &ctx)?;
    Ok(out.size.expect("an email export is measured"))
}

/// Writes the library images `doc` shows into `dir` under their names, ready to upload to
/// the publication's image address; returns the files written.
pub fn write_images(store: &Store, doc: &IssueDoc, dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)
        .map_err(|e| crate::Error::Io { context: format!("cannot create {}", dir.display()), source: e })?;
    let mut written = Vec::new();
    for name in images::used_in(doc) {
        if let Some((_, bytes)) = store.image_data(&name)? {
            let path = dir.join(&name);
            write_file(&path, &bytes)?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Writes the library images an exported email shows into a folder beside the email
/// (`012-the-week.email-images/` for `012-the-week.email.html`), ready to upload to the
/// image address; returns the folder and how many, or `None` when it shows none.
pub fn write_images_beside(store: &Store, issue_id: IssueId, email: &std::path::Path) -> Result<Option<(String, u32)>> {
    let doc = store.get_issue_doc(issue_id)?;
    if images::used_in(&doc).is_empty() {
        return Ok(None);
    }
    let stem = email.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = stem.strip_suffix(".html").unwrap_or(&stem);
    let dir = email.with_file_name(format!("{stem}-images"));
    let written = write_images(store, &doc, &dir)?;
    Ok(Some((dir.display().to_string(), written.len() as u32)))
}

/// `012-the-week-in-review.html`.
pub fn file_name(doc: &IssueDoc, format: ExportFormat) -> String {
    let slug = tagging::slug(&doc.issue.title);
    let slug: String = slug.chars().take(60).collect();
    let slug = slug.trim_end_matches('-');
    let stem =
        if slug.is_empty() { format!("{:03}", doc.issue.number) } else { format!("{:03}-{slug}", doc.issue.number) };
    format!("{stem}.{}", format.extension())
}

/// YAML front matter, every value a JSON string (valid YAML) so no title can break it.
fn front_matter(doc: &IssueDoc, publication: &Publication, theme: &str) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("strings serialize");
    let i = &doc.issue;
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", q(&i.title)));
    if !i.subtitle.is_empty() {
        out.push_str(&format!("subtitle: {}\n", q(&i.subtitle)));
    }
    out.push_str(&format!("number: {}\n", i.number));
    if !i.date.is_empty() {
        out.push_str(&format!("date: {}\n", q(&i.date)));
    }
    if !publication.name.is_empty() {
        out.push_str(&format!("publication: {}\n", q(&publication.name)));
    }
    if !publication.author.is_empty() {
        out.push_str(&format!("author: {}\n", q(&publication.author)));
    }
    if !i.preheader.is_empty() {
        out.push_str(&format!("description: {}\n", q(&i.preheader)));
    }
    out.push_str(&format!("theme: {}\n", q(theme)));
    out.push_str(&format!("stories: {}\n", doc.stories.len()));
    out.push_str("---\n\n");
    out
}

/// Writes an exported file the way a save should be: to a temporary file beside it,
/// synced, then renamed over the target, so a crash leaves the old file or the new one,
/// never half of one.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let io = |e: std::io::Error| crate::Error::Io { context: format!("cannot write {}", path.display()), source: e };
    if crate::store::stream_to_special(path, &mut &bytes[..])? {
        return Ok(());
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "export".into());
    let tmp = dir.join(format!(".{name}.partial"));
    let mut f = std::fs::File::create(&tmp).map_err(io)?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// The issue as a ready-to-send message (the `.eml`'s content) for a test send.
pub fn message(doc: &IssueDoc, ctx: &Context<'_>) -> Result<(lettre::Message, SizeReport)> {
    Outputs::new(doc, ctx)?.message()
}

/// One issue's outputs in its theme, each with the links tagged when tagging is on.
struct Outputs<'a> {
    doc: &'a IssueDoc,
    ctx: &'a Context<'a>,
    theme_name: &'a str,
    theme: &'a Theme,
    tagger: Option<tagging::Tagger>,
}

impl<'a> Outputs<'a> {
    fn new(doc: &'a IssueDoc, ctx: &'a Context<'a>) -> Result<Outputs<'a>> {
        let theme_name = ctx.theme.unwrap_or_else(|| theme_name_for(doc, ctx.publication));
        let theme = ctx.themes.require(theme_name)?;
        let unsubscribe = [ctx.publication.unsubscribe_url.as_str()];
        let tagger = tagging::Tagger::new(ctx.tagging, &ctx.publication.name, doc.issue.number, &unsubscribe);
        Ok(Outputs { doc, ctx, theme_name, theme, tagger })
    }

    fn render(&self, format: Format) -> Result<String> {
        Ok(render(self.doc, self.ctx.publication, self.theme, format)?.body)
    }

    fn html(&self, format: Format) -> Result<String> {
        let html = self.render(format)?;
        Ok(self.tagger.as_ref().map(|t| t.tag_html(&html)).unwrap_or(html))
    }

    fn text(&self, format: Format) -> Result<String> {
        let text = self.render(format)?;
        Ok(self.tagger.as_ref().map(|t| t.tag_text(&text)).unwrap_or(text))
    }

    /// The email with its CSS inlined, and its size. Library images point at the
    /// publication's image address when it has one (else they keep their names, which the
    /// pre-flight check flags).
    fn email(&self) -> Result<(String, SizeReport)> {
        let mut html = email::inline(&self.html(Format::Email)?)?;
        let pictures = self.picture_weight(&html);
        let base = self.ctx.publication.image_base_url.trim();
        if !base.is_empty() {
            html = images::for_email(&html, &|name| images::hosted_url(base, name), &|name| self.image_width(name));
        }
        let size = email::size_report(&html, self.doc).with_images(pictures.0, pictures.1);
        Ok((html, size))
    }

    /// The message. Its library images point at the publication's image address when it
    /// has one (the message is then the email HTML as exported); without one they travel
    /// inside it as related parts (`cid:` references), so a test send or an imported draft
    /// shows them without any hosting.
    fn message(&self) -> Result<(lettre::Message, SizeReport)> {
        if !self.ctx.publication.image_base_url.trim().is_empty() {
            let (html, size) = self.email()?;
            let text = self.text(Format::Text)?;
            let env = eml::Envelope {
                doc: self.doc,
                publication: self.ctx.publication,
                to: self.ctx.to,
                date: self.ctx.date,
            };
            return Ok((eml::build(&env, &text, &html, &[])?, size));
        }
        let html = email::inline(&self.html(Format::Email)?)?;
        let mut parts = Vec::new();
        for name in images::names_in_html(&html) {
            if let Some((info, bytes)) = self.ctx.images.and_then(|s| s.image_data(&name).ok().flatten()) {
                parts.push(eml::Related { cid: name, mime: info.mime, bytes });
            }
        }
        let html = images::for_email(
            &html,
            &|name| if parts.iter().any(|p| p.cid == name) { format!("cid:{name}") } else { name.to_owned() },
            &|name| self.image_width(name),
        );
        let size =
            email::size_report(&html, self.doc).with_images(parts.len(), parts.iter().map(|p| p.bytes.len()).sum());
        let text = self.text(Format::Text)?;
        let env =
            eml::Envelope { doc: self.doc, publication: self.ctx.publication, to: self.ctx.to, date: self.ctx.date };
        Ok((eml::build(&env, &text, &html, &parts)?, size))
    }

    /// How many library images `html` shows, and their stored size together.
    fn picture_weight(&self, html: &str) -> (usize, usize) {
        let Some(store) = self.ctx.images else { return (0, 0) };
        let sizes: Vec<usize> = images::names_in_html(html)
            .iter()
            .filter_map(|n| store.image_info(n).ok().flatten())
            .map(|i| i.size as usize)
            .collect();
        (sizes.len(), sizes.iter().sum())
    }

    fn image_width(&self, name: &str) -> Option<u32> {
        Some(self.ctx.images?.image_info(name).ok()??.width)
    }
}

#[cfg(test)]
mod tests {
    use super::ExportFormat;

    #[test]
    fn a_save_dialog_filters_on_the_last_part_of_each_files_name() {
        for f in ExportFormat::ALL {
            let (label, ext) = f.file_filter();
            assert_eq!(label, f.label());
            assert_eq!(ext, [f.extension().rsplit('.').next().unwrap()], "{f:?}");
        }
    }
}
