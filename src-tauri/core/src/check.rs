//! The pre-flight check before sending: broken links, the email's size against Gmail's
//! clipping, TK/TODO markers, images without alt text, weekly stories without a takeaway,
//! stories without text, links already used in earlier issues, a missing preheader. Each
//! finding says where (story and field, with ids the window jumps to) and what to do.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use specta::Type;
use tokio::sync::Semaphore;

use crate::export::{self, ExportFormat, SizeLevel};
use crate::links::inbox::Fetcher;
use crate::links::normalize;
use crate::links::payload::{links_in, PayloadKind};
use crate::model::{FetchStatus, IssueDoc, IssueId, ItemId, ItemKind, StoryId};
use crate::theme::ThemeSet;
use crate::{Result, Store};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Fix before sending.
    Error,
    /// Worth a look.
    Warning,
    /// Good to know; nothing to fix, and not counted in the report's summary.
    Info,
}

impl Severity {
    /// The lowercase name (`error`, `warning`, `info`), as serialized and as the CLI prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One thing the check found.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Finding {
    /// How much it matters.
    pub severity: Severity,
    /// Stable: `broken-link`, `unchecked-link`, `email-size`, `marker`, `image-alt`, `image-not-hosted`,
    /// `no-takeaway`, `no-text`, `no-headline`, `used-before`, `no-preheader`, `relative-link`,
    /// `no-title`, `long-title`, `no-date`.
    pub code: String,
    /// Where, for people: `Story 3 “Headline” › body`.
    pub place: String,
    /// The story it is in, for the window to jump to; `None` for the issue's own fields.
    pub story_id: Option<StoryId>,
    /// The link it is in; `None` when it is in a story's or the issue's own text.
    pub item_id: Option<ItemId>,
    /// The field to jump to: `title`, `preheader`, `intro`, `body`, `takeaway`, `url`, …
    pub field: String,
    /// What is wrong, for people; most read on from `place` (`has no preheader, so …`).
    pub problem: String,
    /// What to do about it, for people.
    pub fix: String,
}

/// What [`check`] found in an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Report {
    /// Everything found, errors first, then warnings, then info.
    pub findings: Vec<Finding>,
    /// `2 errors, 1 warning` or `Ready to send: nothing to fix`.
    pub summary: String,
    /// How many links were checked over the network; 0 when the check ran without a fetcher.
    pub links_checked: u32,
}

/// A place in the issue, and the text found there.
struct Field<'a> {
    story: Option<(usize, StoryId, &'a str)>,
    item: Option<ItemId>,
    name: &'static str,
    text: &'a str,
    markdown: bool,
}

impl Field<'_> {
    fn place(&self) -> String {
        let label = match self.name {
            "discuss_url" => "discuss link",
            "group_heading" => "group heading",
            "image" => "card picture",
            "description" => "card description",
            other => other,
        };
        match (self.story, self.item) {
            (Some((n, _, h)), Some(_)) => format!("Story {n} “{h}” › link › {label}"),
            (Some((n, _, h)), None) => format!("Story {n} “{h}” › {label}"),
            _ => format!("Issue › {label}"),
        }
    }

    fn finding(&self, severity: Severity, code: &str, problem: String, fix: &str) -> Finding {
        Finding {
            severity,
            code: code.into(),
            place: self.place(),
            story_id: self.story.map(|(_, id, _)| id),
            item_id: self.item,
            field: self.name.into(),
            problem,
            fix: fix.into(),
        }
    }
}

fn fields(doc: &IssueDoc) -> Vec<Field<'_>> {
    let i = &doc.issue;
    let mut out = vec![
        Field { story: None, item: None, name: "title", text: &i.title, markdown: false },
        Field { story: None, item: None, name: "subtitle", text: &i.subtitle, markdown: false },
        Field { story: None, item: None, name: "preheader", text: &i.preheader, markdown: false },
        Field { story: None, item: None, name: "intro", text: &i.intro, markdown: true },
        Field { story: None, item: None, name: "closing", text: &i.closing, markdown: true },
    ];
    for (n, s) in doc.stories.iter().enumerate() {
        let story = Some((n + 1, s.id, s.fields.headline.as_str()));
        let f = &s.fields;
        for (name, text, markdown) in [
            ("headline", &f.headline, false),
            ("discuss_url", &f.discuss_url, false),
            ("body", &f.body, true),
            ("summary", &f.summary, false),
            ("details", &f.details, false),
            ("takeaway", &f.takeaway, true),
        ] {
            out.push(Field { story, item: None, name, text, markdown });
        }
        for it in &s.items {
            let f = &it.fields;
            for (name, text) in [
                ("title", &f.title),
                ("source", &f.source),
                ("role", &f.role),
                ("quote", &f.quote),
                ("note", &f.note),
                ("url", &f.url),
                ("group_heading", &f.group_heading),
                ("description", &f.description),
                ("image", &f.image),
            ] {
                out.push(Field { story, item: Some(it.id), name, text, markdown: false });
            }
        }
    }
    out
}

/// `TK`, `TODO`, `FIXME` as words (upper case, as writers mark gaps).
fn marker(text: &str) -> Option<&'static str> {
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        match word {
            "TK" | "TKTK" => return Some("TK"),
            "TODO" => return Some("TODO"),
            "FIXME" => return Some("FIXME"),
            _ => {}
        }
    }
    None
}

/// A title longer than this is flagged: far past what any inbox shows of a subject.
pub const MAX_TITLE: usize = 150;

/// Runs every check. `fetcher` checks links over the network; `None` skips that.
pub async fn check(store: &Store, themes: &ThemeSet, issue_id: IssueId, fetcher: Option<&Fetcher>) -> Result<Report> {
    let doc = store.get_issue_doc(issue_id)?;
    let publication = store.publication(doc.issue.publication_id)?;
    let mut findings = Vec::new();
    let fields = fields(&doc);

    // Words and fields.
    for f in &fields {
        if let Some(m) = marker(f.text) {
            findings.push(f.finding(
                Severity::Error,
                "marker",
                format!("still has a {m} marker"),
                "write the missing part or remove the marker",
            ));
        }
    }
    let title = doc.issue.title.trim();
    if title.is_empty() {
        findings.push(fields[0].finding(
            Severity::Warning,
            "no-title",
            format!(
                "has no title, so the email's subject will read “{}”",
                crate::export::eml::subject(&doc, &publication)
            ),
            "give the issue a title: it is the subject line readers decide on",
        ));
    } else if title.chars().count() > MAX_TITLE {
        findings.push(fields[0].finding(
            Severity::Warning,
            "long-title",
            format!(
                "is {} characters long; inboxes cut a subject after about 60, and over {MAX_TITLE} it reads as a paragraph",
                title.chars().count()
            ),
            "shorten the title; the subtitle or preheader can carry the rest",
        ));
    }
    if doc.issue.date.trim().is_empty() {
        findings.push(Field { story: None, item: None, name: "date", text: "", markdown: false }.finding(
            Severity::Warning,
            "no-date",
            "has no date, so readers see none and the web archive cannot place it".into(),
            "set the issue's date",
        ));
    }
    if doc.issue.preheader.trim().is_empty() {
        let f = &fields[2];
        findings.push(f.finding(
            Severity::Warning,
            "no-preheader",
            "has no preheader, so inboxes show the first words of the email instead".into(),
            "write a preheader of 40–100 characters that makes people open it",
        ));
    }
    let theme = store_theme(&doc, &publication);
    let titled = doc.stories.iter().filter(|s| !s.fields.headline.trim().is_empty()).count();
    for (n, s) in doc.stories.iter().enumerate() {
        let at = |name: &'static str| Field {
            story: Some((n + 1, s.id, s.fields.headline.as_str())),
            item: None,
            name,
            text: "",
            markdown: false,
        };
        let f = &s.fields;
        // An issue of untitled stories reads as prose (a digest's paragraphs); one untitled
        // story among titled ones is more likely a headline forgotten.
        if f.headline.trim().is_empty() && titled > 0 {
            findings.push(at("headline").finding(
                Severity::Warning,
                "no-headline",
                "has no headline while the other stories have one, so it reads as an unnumbered paragraph".into(),
                "give the story a headline, or leave it as a paragraph on purpose",
            ));
        }
        if [&f.body, &f.summary, &f.details].iter().all(|t| t.trim().is_empty()) && s.items.is_empty() {
            findings.push(at("body").finding(
                Severity::Warning,
                "no-text",
                "is empty: no text and no links".into(),
                "write the story or delete it",
            ));
        }
        if theme == "weekly" && f.takeaway.trim().is_empty() {
            findings.push(at("takeaway").finding(
                Severity::Warning,
                "no-takeaway",
                "has no “What it means” takeaway".into(),
                "add one or two sentences on why it matters",
            ));
        }
    }

    // Images and links inside the Markdown.
    let mut urls: Vec<(String, usize)> = Vec::new(); // (url, index into fields)
    for (idx, f) in fields.iter().enumerate() {
        if f.text.trim().is_empty() {
            continue;
        }
        if f.markdown {
            let converted = crate::render::markdown::convert(f.text);
            let html = &converted.html;
            let missing_alt = html.split("<img").skip(1).filter(|t| !alt_present(t)).count();
            if missing_alt > 0 {
                findings.push(f.finding(
                    Severity::Warning,
                    "image-alt",
                    format!("has {missing_alt} image{} without alt text", if missing_alt == 1 { "" } else { "s" }),
                    "describe each image in the brackets: ![what it shows](…)",
                ));
            }
            let stored = crate::images::names_in_html(html);
            let base = publication.image_base_url.trim();
            if !base.is_empty() {
                // Hosted: each must be at its address (checked with the links when online).
                for name in &stored {
                    urls.push((crate::images::hosted_url(base, name), idx));
                }
            } else if let Some(first) = stored.first() {
                findings.push(f.finding(
                    Severity::Error,
                    "image-not-hosted",
                    format!(
                        "has {} image{} kept in the library ({first}{}): the web page, the preview and the .eml \
                         carry them, but an email sent to a list needs each image at a web address",
                        stored.len(),
                        if stored.len() == 1 { "" } else { "s" },
                        if stored.len() > 1 { ", …" } else { "" }
                    ),
                    "upload the images (masthead-cli export --images-dir DIR writes them) and set where they are: \
                     Settings › Publication › Image address (Buttondown, Ghost and listmonk targets take them as they are)",
                ));
            }
            for href in hrefs(html) {
                if href.starts_with('/') || href.starts_with("./") || href.starts_with("../") {
                    findings.push(f.finding(
                        Severity::Warning,
                        "relative-link",
                        format!("links to {href}, which has no site and goes nowhere in an email"),
                        "write the full address, https://…",
                    ));
                }
            }
            for found in links_in(PayloadKind::Html, html) {
                urls.push((found.url, idx));
            }
        } else if matches!(f.name, "url" | "discuss_url") && !f.text.trim().is_empty() {
            urls.push((f.text.trim().to_owned(), idx));
        }
    }

    // The pictures of links shown as cards: in an email sent to a list, hosted like any
    // other image.
    let cards = themes.get(theme).is_some_and(|t| t.info.link_cards);
    let is_card = |id: Option<ItemId>| {
        doc.stories
            .iter()
            .flat_map(|s| &s.items)
            .find(|it| Some(it.id) == id)
            .is_some_and(|it| it.fields.kind == ItemKind::Coverage && it.fields.layout.is_card(cards))
    };
    let pictures: Vec<usize> = (0..fields.len())
        .filter(|&i| fields[i].name == "image" && !fields[i].text.is_empty() && is_card(fields[i].item))
        .collect();
    let base = publication.image_base_url.trim();
    if !base.is_empty() {
        urls.extend(pictures.iter().map(|&i| (crate::images::hosted_url(base, fields[i].text), i)));
    } else if let Some(&first) = pictures.first() {
        let n = pictures.len();
        findings.push(fields[first].finding(
            Severity::Error,
            "image-not-hosted",
            format!(
                "{} a picture kept in the library ({}{}): the web page, the preview and the .eml carry {}, \
                 but an email sent to a list needs each picture at a web address",
                if n == 1 { "is a link card with".to_owned() } else { format!("and {} more link cards have", n - 1) },
                fields[first].text,
                if n > 1 { ", …" } else { "" },
                if n == 1 { "it" } else { "them" },
            ),
            "upload the images (masthead-cli export --images-dir DIR writes them) and set where they are: \
             Settings › Publication › Image address (Buttondown, Ghost and listmonk targets take them as they are)",
        ));
    }

    // Links used before.
    let earlier = store.item_urls_except(issue_id)?;
    let mut seen_before: HashMap<String, (i64, String)> = HashMap::new();
    for u in earlier.iter().filter(|u| u.issue_number < doc.issue.number || doc.issue.number == 0) {
        if let Ok(parsed) = normalize::parse(&u.url) {
            seen_before.entry(normalize::normalize(&parsed)).or_insert((u.issue_number, u.issue_title.clone()));
        }
    }
    for (url, idx) in &urls {
        let f = &fields[*idx];
        if f.name != "url" {
            continue;
        }
        if let Ok(parsed) = normalize::parse(url) {
            if let Some((n, title)) = seen_before.get(&normalize::normalize(&parsed)) {
                findings.push(f.finding(
                    Severity::Info,
                    "used-before",
                    format!("{url} was already in issue #{n} “{title}”"),
                    "fine if it is a follow-up; otherwise pick another link",
                ));
            }
        }
    }

    // The email's size.
    let tagging = store.tagging(publication.id)?;
    let ctx = export::Context::of_library(&publication, &tagging, themes, store);
    if let Some(size) = export::export_doc(&doc, ExportFormat::Email, &ctx)?.size {
        if size.level != SizeLevel::Ok {
            findings.push(Finding {
                severity: if size.level == SizeLevel::Clipped { Severity::Error } else { Severity::Warning },
                code: "email-size".into(),
                place: "Issue › email".into(),
                story_id: size.stories.iter().max_by_key(|s| s.bytes).map(|s| s.story_id),
                item_id: None,
                field: "body".into(),
                problem: format!("the email is {}", size.summary),
                fix: "shorten the largest stories or move some to the next issue".into(),
            });
        }
    }

    // Broken links, over the network, 8 at a time.
    let unsubscribe = publication.unsubscribe_url.trim().to_owned();
    let mut to_check: Vec<(String, usize)> = Vec::new();
    for (url, idx) in urls {
        let lower = url.to_ascii_lowercase();
        if url == unsubscribe || lower.contains("unsubscribe") || !lower.starts_with("http") {
            continue;
        }
        if !to_check.iter().any(|(u, _)| *u == url) {
            to_check.push((url, idx));
        }
    }
    let mut links_checked = 0;
    if let Some(fetcher) = fetcher {
        let limit = Arc::new(Semaphore::new(fetcher.concurrency));
        let mut tasks = tokio::task::JoinSet::new();
        for (i, (url, _)) in to_check.iter().enumerate() {
            let (limit, fetcher, url) = (limit.clone(), fetcher.clone(), url.clone());
            tasks.spawn(async move {
                let _permit = limit.acquire_owned().await;
                (i, fetcher.check_url(&url).await)
            });
        }
        let mut results = vec![None; to_check.len()];
        while let Some(Ok((i, r))) = tasks.join_next().await {
            results[i] = Some(r);
        }
        for ((url, idx), r) in to_check.iter().zip(results) {
            links_checked += 1;
            let f = &fields[*idx];
            match r {
                Some((FetchStatus::Ok, _)) => {}
                Some((FetchStatus::Blocked, reason)) => findings.push(f.finding(
                    Severity::Info,
                    "unchecked-link",
                    format!("{url}: {}", reason.unwrap_or_default()),
                    "open it in a browser to be sure",
                )),
                Some((_, reason)) => findings.push(f.finding(
                    Severity::Error,
                    "broken-link",
                    format!("{url} does not work: {}", reason.unwrap_or_default()),
                    "fix the address or replace the link",
                )),
                None => {}
            }
        }
    }

    findings.sort_by_key(|f| f.severity);
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    let summary = if errors + warnings == 0 {
        format!("Ready to send: nothing to fix ({} checked)", plural(links_checked, "link"))
    } else {
        format!(
            "{}, {} ({} checked)",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(links_checked, "link")
        )
    };
    Ok(Report { findings, summary, links_checked: links_checked as u32 })
}

fn store_theme<'a>(doc: &'a IssueDoc, publication: &'a crate::model::Publication) -> &'a str {
    crate::render::theme_name_for(doc, publication)
}

fn alt_present(tag_rest: &str) -> bool {
    let tag = &tag_rest[..tag_rest.find('>').unwrap_or(tag_rest.len())];
    match tag.find("alt=\"") {
        Some(i) => !tag[i + 5..].starts_with('"'),
        None => false,
    }
}

fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"").skip(1).filter_map(|s| s.find('"').map(|e| s[..e].replace("&amp;", "&"))).collect()
}
