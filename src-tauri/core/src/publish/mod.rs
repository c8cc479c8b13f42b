//! Handing an issue to the service that sends it to the list: a draft in Buttondown,
//! Ghost, listmonk or Kit, made from the issue's email export, and updated in place when
//! published again (the remote id is kept with the issue). Publishing never sends: the
//! draft waits in the service. Sending or scheduling it ([`send`]) is a second, explicit
//! step, which the window and the command line confirm first with the [`audience`] the
//! service reports; the issue's status follows (scheduled, sent).
//!
//! One file per service (`buttondown`, `ghost`, `listmonk`, `kit`) says what it is sent and
//! how its answers read; here are the targets, their keys (the system keychain, or
//! `MASTHEAD_TARGET_<NAME>_KEY`), the content, and errors in words.

mod buttondown;
mod ghost;
mod kit;
mod listmonk;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::export::{self, ExportFormat};
use crate::model::{IssueId, PublicationId};
use crate::theme::ThemeSet;
use crate::{Error, Result, Store};

/// The id of a publishing target in the library.
pub type TargetId = i64;

/// The services Masthead publishes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Buttondown, at its own address.
    Buttondown,
    /// A Ghost site's newsletter (the site is the author's own).
    Ghost,
    /// A listmonk install (the author's own server).
    Listmonk,
    /// Kit (formerly ConvertKit), at its own address.
    Kit,
}

impl Service {
    /// Every service, in the order they are offered.
    pub const ALL: [Service; 4] = [Service::Buttondown, Service::Ghost, Service::Listmonk, Service::Kit];

    /// The service's name as stored and typed: `buttondown`, `ghost`, `listmonk`, `kit`.
    pub fn as_str(self) -> &'static str {
        match self {
            Service::Buttondown => "buttondown",
            Service::Ghost => "ghost",
            Service::Listmonk => "listmonk",
            Service::Kit => "kit",
        }
    }

    /// The service a name stands for (any case, spaces around it ignored); `None` for
    /// another name.
    pub fn parse(s: &str) -> Option<Service> {
        Service::ALL.into_iter().find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// As people write it.
    pub fn label(self) -> &'static str {
        match self {
            Service::Buttondown => "Buttondown",
            Service::Ghost => "Ghost",
            Service::Listmonk => "listmonk",
            Service::Kit => "Kit",
        }
    }

    /// The service's own address, where it has one (Ghost and listmonk are the author's).
    pub fn default_base(self) -> Option<&'static str> {
        match self {
            Service::Buttondown => Some("https://api.buttondown.com"),
            Service::Kit => Some("https://api.kit.com"),
            Service::Ghost | Service::Listmonk => None,
        }
    }
}

/// Where a publication's issues go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Target {
    /// The target's id in the library.
    pub id: TargetId,
    /// The publication whose issues go there.
    pub publication_id: PublicationId,
    /// Unique in the library; the command line names targets by it.
    pub name: String,
    /// The service the target is an account of.
    pub service: Service,
    /// The service's address (a Ghost site's admin address, a listmonk install); empty:
    /// the service's own.
    pub base_url: String,
    /// listmonk's API user.
    pub api_user: String,
    /// listmonk's list ids, comma-separated; or the slug of the Ghost newsletter sent to
    /// (empty: the site's first active one).
    pub lists: String,
    /// listmonk's campaign template id, or Kit's email template id (empty: the default).
    pub template: String,
    /// When the target was added (RFC 3339).
    pub created_at: String,
}

impl Target {
    /// The address requests go to, checked: http or https, no trailing slash.
    pub fn base(&self) -> Result<String> {
        let base = match (self.base_url.trim(), self.service.default_base()) {
            ("", Some(own)) => own.to_owned(),
            ("", None) => {
                return Err(Error::Invalid(format!(
                    "target “{}” needs its {} address (--url), e.g. {}",
                    self.name,
                    self.service.label(),
                    if self.service == Service::Ghost {
                        "https://example.ghost.io"
                    } else {
                        "https://lists.example.com"
                    }
                )))
            }
            (given, _) => given.trim_end_matches('/').to_owned(),
        };
        match url::Url::parse(&base) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(base),
            _ => Err(Error::Invalid(format!("target “{}”: “{base}” is not a web address", self.name))),
        }
    }
}

/// How far an issue went at a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PublishState {
    /// Waiting in the service for the author.
    Draft,
    /// The service sends it at `send_at`.
    Scheduled,
    /// The service took it to send now.
    Sent,
}

impl PublishState {
    /// The state as stored: `draft`, `scheduled`, `sent`.
    pub fn as_str(self) -> &'static str {
        match self {
            PublishState::Draft => "draft",
            PublishState::Scheduled => "scheduled",
            PublishState::Sent => "sent",
        }
    }

    /// The state a stored name stands for; `None` for another name.
    pub fn parse(s: &str) -> Option<PublishState> {
        [PublishState::Draft, PublishState::Scheduled, PublishState::Sent].into_iter().find(|v| v.as_str() == s)
    }
}

/// Where an issue went, as the service confirmed it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Published {
    /// The name of the target it went to.
    pub target: String,
    /// The service behind that target.
    pub service: Service,
    /// The service's own id of the draft (Buttondown's email id, Ghost's post id…).
    pub remote_id: String,
    /// Where to open the draft in the service.
    pub remote_url: String,
    /// How far the issue went there.
    pub state: PublishState,
    /// When the list gets it (scheduled) or got it (sent), RFC 3339 UTC; empty for a draft.
    pub send_at: String,
    /// When the issue was first published to the target (RFC 3339).
    pub first_at: String,
    /// When a publish or a change of state was last recorded (RFC 3339).
    pub updated_at: String,
}

/// What one publish did.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PublishReport {
    /// The draft as the service confirmed it and the library recorded it.
    pub published: Published,
    /// False when an earlier draft was updated in place.
    pub created: bool,
    /// `Created a draft in Buttondown (“Weekly”): https://…`.
    pub summary: String,
}

/// The environment variable that holds a target's key for scripts and tests:
/// `MASTHEAD_TARGET_<NAME>_KEY`, the name upper-cased, other characters as `_`.
pub fn key_env(name: &str) -> String {
    let name: String =
        name.trim().chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    format!("MASTHEAD_TARGET_{name}_KEY")
}

const KEYCHAIN_SERVICE: &str = "Masthead publishing";

fn keychain(target: &Target) -> Result<keyring::Entry> {
    keyring::Entry::new(KEYCHAIN_SERVICE, &target.name.to_lowercase()).map_err(|e| {
        Error::Invalid(format!(
            "the system keychain is not available ({e}); put the key in ${} instead",
            key_env(&target.name)
        ))
    })
}

/// Runs a keychain call on a thread of its own (the Secret Service client starts its own
/// executor, which must not happen inside a tokio runtime).
fn off_runtime<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    std::thread::spawn(f)
        .join()
        .unwrap_or_else(|_| Err(Error::Internal("the keychain call stopped unexpectedly".into())))
}

/// Adds a target after checking its address, and keeps `key` (when not blank) in the
/// system keychain: the window's Settings › Publishing and `masthead-cli targets add`.
pub fn add_target(store: &crate::Store, target: &Target, key: &str) -> Result<Target> {
    target.base()?; // the address is checked before anything is kept
    let added = store.add_target(target)?;
    if !key.trim().is_empty() {
        set_key(&added, key)?;
    }
    Ok(added)
}

/// Keeps a target's API key in the system keychain (never in the library).
pub fn set_key(target: &Target, key: &str) -> Result<()> {
    let key = key.trim().to_owned();
    if key.is_empty() {
        return Err(Error::Invalid("the key is empty".into()));
    }
    let target = target.clone();
    off_runtime(move || {
        keychain(&target)?.set_password(&key).map_err(|e| Error::Invalid(format!("the keychain refused the key: {e}")))
    })
}

/// A target's API key: `$MASTHEAD_TARGET_<NAME>_KEY`, else the keychain's.
pub fn key(target: &Target) -> Result<String> {
    if let Ok(k) = std::env::var(key_env(&target.name)) {
        if !k.trim().is_empty() {
            return Ok(k.trim().to_owned());
        }
    }
    let t = target.clone();
    off_runtime(move || Ok(keychain(&t)?.get_password().ok())).ok().flatten().ok_or_else(|| {
        Error::Invalid(format!(
            "there is no {} key for target “{}”: add it with `masthead-cli targets set-key {}` (or in ${})",
            target.service.label(),
            target.name,
            target.name,
            key_env(&target.name)
        ))
    })
}

/// What a service is sent: the subject, the HTML (a whole email or its body, as the
/// service takes it) and the plain text.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// The email's subject: the issue's title, else the publication's name and the number
    /// (`The Field Notes #12`).
    pub subject: String,
    /// The preview line email programs show after the subject (the issue's preheader);
    /// empty for none.
    pub preheader: String,
    /// The HTML: the whole email for listmonk, the inside of its `<body>` for the others.
    pub html: String,
    /// The plain-text version of the email.
    pub text: String,
    /// The issue's number, for the names services list drafts by (`Issue #12`).
    pub issue_number: i64,
    /// The issue's own day, `YYYY-MM-DD`; empty when not dated.
    pub date: String,
}

/// The issue as `service` takes it: the email export with the unsubscribe link as the
/// service's own placeholder; the whole document for listmonk, the body for the services
/// that wrap it in their template.
pub fn content(store: &Store, themes: &ThemeSet, issue: IssueId, service: Service) -> Result<Content> {
    let doc = store.get_issue_doc(issue)?;
    let mut publication = store.publication(doc.issue.publication_id)?;
    publication.unsubscribe_url = match service {
        Service::Buttondown | Service::Kit => "{{ unsubscribe_url }}".into(),
        Service::Listmonk => "{{ UnsubscribeURL }}".into(),
        // Ghost's newsletter template adds its own: this one is taken out below.
        Service::Ghost => SERVICE_ADDS_IT.into(),
    };
    let tagging = store.tagging(publication.id)?;
    let ctx = export::Context::of_library(&publication, &tagging, themes, store);
    let email = export::export_doc(&doc, ExportFormat::Email, &ctx)?.text;
    let text = export::export_doc(&doc, ExportFormat::Text, &ctx)?.text;
    // Each service but Ghost reads the content as a template: what the author typed comes
    // out as typed, and only Masthead's own unsubscribe placeholder stays a placeholder.
    let html = match service {
        Service::Listmonk => as_typed(&email, &publication.unsubscribe_url, GO_TEMPLATE),
        Service::Ghost => without_unsubscribe(body_of(&email)),
        // Buttondown's templates are Django's, Kit's are Liquid.
        Service::Buttondown | Service::Kit => as_typed(body_of(&email), &publication.unsubscribe_url, DJANGO_LIQUID),
    };
    let subject = if doc.issue.title.trim().is_empty() {
        format!("{} #{}", publication.name, doc.issue.number)
    } else {
        doc.issue.title.trim().to_owned()
    };
    Ok(Content {
        subject,
        preheader: doc.issue.preheader.clone(),
        html,
        text,
        issue_number: doc.issue.number,
        date: doc.issue.date.clone(),
    })
}

/// What opens a tag in Go's templates (listmonk).
const GO_TEMPLATE: &[&str] = &["{{"];
/// What opens a tag in Django's templates (Buttondown) and in Liquid (Kit).
const DJANGO_LIQUID: &[&str] = &["{{", "{%", "{#"];

/// `html` with each of the template language's `openers` written as an expression that
/// prints it (`{{"{%"}}`, which Go, Django and Liquid all read the same way), except inside
/// `placeholder`, which is Masthead's own and must stay a placeholder.
fn as_typed(html: &str, placeholder: &str, openers: &[&str]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with(placeholder) {
            out.push_str(placeholder);
            rest = &rest[placeholder.len()..];
        } else if let Some(op) = openers.iter().find(|op| rest.starts_with(**op)) {
            out.push_str(&format!("{{{{\"{op}\"}}}}"));
            rest = &rest[op.len()..];
        } else {
            out.push('{');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// A library image on its way to a service.
struct Image {
    name: String,
    mime: String,
    bytes: Vec<u8>,
}

impl Image {
    /// The multipart file: its name and type, which services check both of.
    fn part(self) -> Result<reqwest::multipart::Part> {
        reqwest::multipart::Part::bytes(self.bytes)
            .file_name(self.name)
            .mime_str(&self.mime)
            .map_err(|e| Error::Internal(format!("an image's type: {e}")))
    }
}

/// The email's library images at addresses the service serves: each uploaded through its
/// own image endpoint once (the address it gave is kept for the next publish), and the
/// `<img>` pointed there. With the publication's image address set, the images are hosted
/// already and nothing is uploaded. Kit has no image upload: it needs that address.
async fn hosted_images(store: &Store, api: &Api, html: String) -> Result<String> {
    let names = crate::images::names_in_html(&html);
    if names.is_empty() {
        return Ok(html);
    }
    if api.target.service == Service::Kit {
        return Err(Error::Invalid(format!(
            "this issue shows {} kept in the library ({}), and Kit's API cannot take images: upload them where \
             you host pictures (masthead-cli export --images-dir DIR writes them) and set Settings › Publication › \
             Image address; nothing was published",
            if names.len() == 1 { "an image".to_owned() } else { format!("{} images", names.len()) },
            names.join(", ")
        )));
    }
    let mut urls = std::collections::HashMap::new();
    let mut widths = std::collections::HashMap::new();
    for name in names {
        // A name the library does not have stays as written (the pre-flight check says so).
        let Some((info, bytes)) = store.image_data(&name)? else { continue };
        widths.insert(name.clone(), info.width);
        let url = match store.uploaded(api.target.id, &name)? {
            Some(url) => url,
            None => {
                let image = Image { name: name.clone(), mime: info.mime, bytes };
                let url = match api.target.service {
                    Service::Buttondown => buttondown::upload(api, image).await?,
                    Service::Ghost => ghost::upload(api, image).await?,
                    Service::Listmonk => listmonk::upload(api, image).await?,
                    Service::Kit => unreachable!("refused above"),
                };
                store.record_upload(api.target.id, &name, &url)?;
                url
            }
        };
        urls.insert(name, url);
    }
    Ok(crate::images::for_email(&html, &|name| urls.get(name).cloned().unwrap_or_else(|| name.to_owned()), &|name| {
        widths.get(name).copied()
    }))
}

/// What `api`'s service is sent for the issue, its images hosted.
async fn content_for(store: &Store, themes: &ThemeSet, issue: IssueId, api: &Api) -> Result<Content> {
    let mut content = content(store, themes, issue, api.target.service)?;
    content.html = hosted_images(store, api, content.html).await?;
    Ok(content)
}

/// Stands for the unsubscribe link of a service whose template adds its own.
const SERVICE_ADDS_IT: &str = "https://unsubscribe.invalid/";

/// The footer's unsubscribe link taken out (and the separator after it): the service's
/// template has one already.
fn without_unsubscribe(html: &str) -> String {
    use lol_html::{element, rewrite_str, text, RewriteStrSettings};
    let removed = std::cell::Cell::new(false);
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            element!(format!("a[href=\"{SERVICE_ADDS_IT}\"]"), |el| {
                el.remove();
                removed.set(true);
                Ok(())
            }),
            text!("p", |t| {
                // The removed link's own words come through here too; the text after it is
                // the first other text.
                let chunk = t.as_str();
                if !removed.get() || chunk.trim().is_empty() || chunk == "Unsubscribe" {
                    return Ok(());
                }
                if let Some(rest) = chunk.strip_prefix(" · ") {
                    let rest = rest.to_owned();
                    t.replace(&rest, lol_html::html_content::ContentType::Html);
                }
                removed.set(false);
                Ok(())
            }),
        ],
        ..RewriteStrSettings::new()
    };
    // The HTML is ours; a failure leaves it as it was.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_owned())
}

/// What is inside `<body>` (all of it when there is no body element).
fn body_of(html: &str) -> &str {
    let lower = html.to_ascii_lowercase();
    let Some(open) = lower.find("<body") else { return html };
    let Some(start) = lower[open..].find('>').map(|i| open + i + 1) else { return html };
    let end = lower.rfind("</body>").filter(|&e| e >= start).unwrap_or(html.len());
    html[start..end].trim()
}

/// What the service said a draft is.
#[derive(Debug, Clone, PartialEq)]
struct Remote {
    id: String,
    url: String,
}

/// Creates the issue's draft at the target named `target`, or updates the draft made
/// there before; records what the service confirmed (nothing when it did not).
pub async fn publish(store: &Store, themes: &ThemeSet, issue: IssueId, target: &str) -> Result<PublishReport> {
    let api = connect(store, issue, target)?;
    // Refused before anything is rendered or uploaded.
    if let Some(gone) = store.published(issue, api.target.id)?.filter(|p| p.state == PublishState::Sent) {
        return Err(Error::Invalid(format!(
            "this issue was sent to the list through “{}” ({}): a sent email cannot change; nothing was published",
            api.target.name,
            crate::store::when(&gone.send_at)
        )));
    }
    let content = content_for(store, themes, issue, &api).await?;
    publish_draft(store, issue, &api, &content).await
}

/// Makes or updates the draft from `content` and records it (the sent check is the
/// caller's).
async fn publish_draft(store: &Store, issue: IssueId, api: &Api, content: &Content) -> Result<PublishReport> {
    let target = &api.target;
    let before = store.published(issue, target.id)?;
    let remote = match target.service {
        Service::Buttondown => buttondown::publish(api, content, before.as_ref()).await?,
        Service::Ghost => ghost::publish(api, content, before.as_ref()).await?,
        Service::Listmonk => listmonk::publish(api, content, before.as_ref()).await?,
        Service::Kit => kit::publish(api, content, before.as_ref()).await?,
    };
    // A scheduled one stays scheduled: an update changes what goes, not when.
    let (state, send_at) = before.as_ref().map_or((PublishState::Draft, ""), |p| (p.state, p.send_at.as_str()));
    store.record_publish(issue, target.id, &remote.id, &remote.url, state, send_at)?;
    // History notes each publish, with the issue as it went.
    let verb = if before.is_none() { "Published" } else { "Published again" };
    store.snapshot_issue(issue, &format!("{verb} to “{}” ({} draft)", target.name, target.service.label()))?;
    let published =
        store.published(issue, target.id)?.ok_or_else(|| Error::Internal("a publish was not kept".into()))?;
    let created = before.is_none();
    let summary = format!(
        "{} the draft in {} (“{}”): {}",
        if created { "Created" } else { "Updated" },
        target.service.label(),
        target.name,
        published.remote_url
    );
    Ok(PublishReport { published, created, summary })
}

/// When the list gets the issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Straight away.
    Now,
    /// At this moment (see [`When::parse`]: at least a minute from now, at most a year).
    At(jiff::Timestamp),
}

impl When {
    /// The latest a send may be scheduled: services keep schedules for months, an author
    /// who types a year further has made a typo.
    const MOST_DAYS_AHEAD: i64 = 366;

    /// A moment to schedule at: RFC 3339 (`2026-12-01T07:00Z`, `2026-12-01T08:00+01:00`) or
    /// the computer's own time (`2026-12-01 07:00`); at least a minute from now and at most
    /// a year.
    pub fn parse(s: &str) -> Result<When> {
        When::parse_at(s, jiff::Timestamp::now())
    }

    /// A send time as the window's field gives it: none or blank is now, anything else is
    /// read by [`When::parse`].
    pub fn now_or(at: Option<&str>) -> Result<When> {
        match at.map(str::trim).filter(|a| !a.is_empty()) {
            Some(at) => When::parse(at),
            None => Ok(When::Now),
        }
    }

    fn parse_at(s: &str, now: jiff::Timestamp) -> Result<When> {
        let s = s.trim();
        let bad = |why: &str| {
            Error::Invalid(format!(
                "“{s}” {why}: write when to send as 2026-12-01T07:00Z (UTC), 2026-12-01T08:00+01:00,                  or 2026-12-01 07:00 (this computer's time)"
            ))
        };
        let at = match s.parse::<jiff::Timestamp>() {
            Ok(t) => t,
            Err(_) => {
                let local: jiff::civil::DateTime =
                    s.replacen(' ', "T", 1).parse().map_err(|_| bad("is not a date and time"))?;
                local
                    .to_zoned(jiff::tz::TimeZone::system())
                    .map_err(|_| bad("is not a time on this computer"))?
                    .timestamp()
            }
        };
        if at < now + jiff::SignedDuration::from_secs(60) {
            return Err(bad("is not in the future (a scheduled send is at least a minute from now)"));
        }
        if at > now + jiff::SignedDuration::from_hours(24 * When::MOST_DAYS_AHEAD) {
            return Err(bad("is more than a year from now"));
        }
        Ok(When::At(at))
    }

    /// The moment as the services take it: RFC 3339 UTC to the second (now, for now).
    pub fn stamp(&self) -> String {
        let t = match self {
            When::Now => jiff::Timestamp::now(),
            When::At(t) => *t,
        };
        t.round(jiff::Unit::Second).unwrap_or(t).strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// A stored moment (`send_at`) as the author reads it; as stored when it is no moment.
    pub fn say_stored(stamp: &str) -> String {
        stamp.parse().map_or_else(|_| stamp.to_owned(), |t| When::At(t).say())
    }

    /// As the author reads it: `now`, or `Tue 1 Dec 2026 08:00 CET` in the computer's zone.
    pub fn say(&self) -> String {
        match self {
            When::Now => "now".into(),
            When::At(t) => t.to_zoned(jiff::tz::TimeZone::system()).strftime("%a %-d %b %Y %H:%M %Z").to_string(),
        }
    }
}

/// Who gets the issue at a target, as the service counts them: what a send confirms first.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Audience {
    /// The name of the target asked.
    pub target: String,
    /// The service behind that target.
    pub service: Service,
    /// The list in the service's words: `the Ghost newsletter “Weekly”`.
    pub list: String,
    /// How many the service says it sends to; `None` when it does not say.
    pub count: Option<u32>,
    /// Something to know before sending (how the service counts, what else it does).
    pub note: String,
    /// Where the issue stands there: `None` before its first draft.
    pub state: Option<PublishState>,
    /// All of it in one phrase: `the Ghost newsletter “Weekly” (1,204 subscribers)`.
    pub summary: String,
}

impl Audience {
    fn of(api: &Api, list: String, count: Option<u64>) -> Audience {
        Audience {
            target: api.target.name.clone(),
            service: api.target.service,
            list,
            count: count.map(|n| n.min(u32::MAX as u64) as u32),
            note: String::new(),
            state: None,
            summary: String::new(),
        }
    }

    fn say(&self) -> String {
        match self.count {
            Some(n) => format!("{} ({} subscriber{})", self.list, thousands(n), if n == 1 { "" } else { "s" }),
            None => self.list.clone(),
        }
    }
}

fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The target `name` of the issue's publication, with its address and key.
fn connect(store: &Store, issue: IssueId, name: &str) -> Result<Api> {
    let target = store.target(name)?;
    let doc_publication = store.get_issue(issue)?.publication_id;
    if doc_publication != target.publication_id {
        let theirs = store.publication(target.publication_id)?.name;
        return Err(Error::Invalid(format!(
            "target “{}” belongs to “{theirs}”, not to this issue's publication",
            target.name
        )));
    }
    let base = target.base()?;
    let key = key(&target)?;
    Ok(Api { client: client(), base, key, target })
}

/// Who a send to `target` reaches, as the service counts them (asked of the service).
pub async fn audience(store: &Store, issue: IssueId, target: &str) -> Result<Audience> {
    let api = connect(store, issue, target)?;
    let mut audience = match api.target.service {
        Service::Buttondown => buttondown::audience(&api).await?,
        Service::Ghost => ghost::audience(&api).await?,
        Service::Listmonk => listmonk::audience(&api).await?,
        Service::Kit => kit::audience(&api).await?,
    };
    audience.state = store.published(issue, api.target.id)?.map(|p| p.state);
    audience.summary = audience.say();
    Ok(audience)
}

/// Sends the issue to the list through `target`, now or at a time: its draft made or
/// updated first (the list gets the issue as it is now), then handed to the service to
/// send. Refused when the pre-flight check finds errors, or when it went out already. The
/// issue's status and history follow what the service confirmed.
pub async fn send(store: &Store, themes: &ThemeSet, issue: IssueId, target: &str, when: When) -> Result<PublishReport> {
    let api = connect(store, issue, target)?;
    if let Some(sent) = store.published(issue, api.target.id)?.filter(|p| p.state == PublishState::Sent) {
        return Err(Error::Invalid(format!(
            "this issue went to the list through “{}” already ({}); nothing was sent again",
            api.target.name,
            crate::store::when(&sent.send_at)
        )));
    }
    let report = crate::check::check(store, themes, issue, None).await?;
    let errors: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.severity == crate::check::Severity::Error)
        // The services but Kit take the library's images (uploaded on the way).
        .filter(|f| !(f.code == "image-not-hosted" && api.target.service != Service::Kit))
        .map(|f| format!("{} {}", f.place, f.problem))
        .collect();
    if !errors.is_empty() {
        return Err(Error::Invalid(format!(
            "the pre-flight check found {} to fix before sending ({}); nothing was sent",
            if errors.len() == 1 { "an error".to_owned() } else { format!("{} errors", errors.len()) },
            errors.join("; ")
        )));
    }
    // One rendering (and one upload of each image) for the draft and the send.
    let content = content_for(store, themes, issue, &api).await?;
    let draft = publish_draft(store, issue, &api, &content).await?.published;
    match api.target.service {
        Service::Buttondown => buttondown::send(&api, &draft.remote_id, &when).await?,
        Service::Ghost => ghost::send(&api, &draft.remote_id, &when).await?,
        Service::Listmonk => listmonk::send(&api, &content, &draft.remote_id, &when).await?,
        Service::Kit => kit::send(&api, &content, &draft.remote_id, &when).await?,
    }
    let (state, verb) = match when {
        When::Now => (PublishState::Sent, format!("Sent to the list through “{}”", api.target.name)),
        When::At(_) => (PublishState::Scheduled, format!("Scheduled through “{}” for {}", api.target.name, when.say())),
    };
    store.record_publish(issue, api.target.id, &draft.remote_id, &draft.remote_url, state, &when.stamp())?;
    store.snapshot_issue(issue, &format!("{verb} ({})", api.target.service.label()))?;
    let published =
        store.published(issue, api.target.id)?.ok_or_else(|| Error::Internal("a send was not kept".into()))?;
    let summary = match when {
        When::Now => {
            format!("{} is sending the issue to the list now: {}", api.target.service.label(), published.remote_url)
        }
        When::At(_) => format!(
            "{} sends the issue to the list on {}: {}",
            api.target.service.label(),
            when.say(),
            published.remote_url
        ),
    };
    Ok(PublishReport { published, created: false, summary })
}

/// Where the issue went, each scheduled send whose time has come asked of its service:
/// one that went out is recorded sent (the issue's status follows), one the author took
/// back to a draft there is a draft again. A service that cannot be asked leaves its row
/// as it was, and says why in `unanswered`: this is a look, not an action.
pub async fn follow(store: &Store, issue: IssueId) -> Result<PublishesNow> {
    let mut unanswered = Vec::new();
    let due = jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    for p in store.publishes_of(issue)? {
        if p.state != PublishState::Scheduled || p.send_at.as_str() > due.as_str() {
            continue;
        }
        let api = match connect(store, issue, &p.target) {
            Ok(api) => api,
            Err(e) => {
                unanswered.push(format!("{}: {e}", p.target));
                continue;
            }
        };
        let went = match api.target.service {
            Service::Buttondown => buttondown::state(&api, &p.remote_id).await,
            Service::Ghost => ghost::state(&api, &p.remote_id).await,
            Service::Listmonk => listmonk::state(&api, &p.remote_id).await,
            Service::Kit => kit::state(&api, &p.remote_id).await,
        };
        match went {
            Ok(state) if state != p.state => {
                store.record_publish(issue, api.target.id, &p.remote_id, &p.remote_url, state, &p.send_at)?;
            }
            Ok(_) => {}
            Err(e) => unanswered.push(format!("{}: {e}", p.target)),
        }
    }
    Ok(PublishesNow { publishes: store.publishes_of(issue)?, unanswered })
}

/// Where an issue went, as [`follow`] found it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PublishesNow {
    /// Every target the issue was published to, by target name.
    pub publishes: Vec<Published>,
    /// The services that could not be asked, and why (`target: reason`).
    pub unanswered: Vec<String>,
}

/// How long a service may take to answer: 30 s, or `$MASTHEAD_PUBLISH_TIMEOUT` seconds
/// (1 to 600) for a slow self-hosted server.
pub const TIMEOUT_ENV: &str = "MASTHEAD_PUBLISH_TIMEOUT";

fn timeout() -> Duration {
    let given = std::env::var(TIMEOUT_ENV).ok().and_then(|s| s.trim().parse::<u64>().ok());
    Duration::from_secs(given.filter(|s| (1..=600).contains(s)).unwrap_or(30))
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10).min(timeout()))
        .timeout(timeout())
        .user_agent(concat!("Masthead/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the HTTP client's configuration is valid")
}

/// One target's connection: its client, address and key.
struct Api {
    client: reqwest::Client,
    base: String,
    key: String,
    target: Target,
}

impl Api {
    fn label(&self) -> &'static str {
        self.target.service.label()
    }

    /// Sends a request and reads its JSON answer, or says in words why there is none:
    /// the key refused, a rate limit and when to try again, what the service found wrong
    /// (`explain` reads the service's error body), a timeout, no connection.
    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        explain: fn(&serde_json::Value) -> Option<String>,
    ) -> Result<serde_json::Value> {
        let label = self.label();
        let response = request.send().await.map_err(|e| {
            let host =
                url::Url::parse(&self.base).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
            Error::Publish(if e.is_timeout() {
                format!("{label} ({host}) did not answer within {} s; nothing was published", timeout().as_secs())
            } else if e.is_connect() {
                format!(
                    "could not reach {label} at {host} (no network, or the address is wrong); nothing was published"
                )
            } else {
                format!(
                    "the connection to {label} at {host} broke off ({}); nothing was published",
                    crate::error::chain(&e)
                )
            })
        })?;
        let status = response.status();
        let retry =
            response.headers().get(reqwest::header::RETRY_AFTER).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body = response.text().await.unwrap_or_default();
        let json: serde_json::Value = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
        if status.is_success() {
            return Ok(json);
        }
        let said = explain(&json).unwrap_or_else(|| {
            let line = body.lines().next().unwrap_or_default().chars().take(200).collect::<String>();
            if line.is_empty() {
                status.to_string()
            } else {
                line
            }
        });
        let name = &self.target.name;
        Err(Error::Publish(match status.as_u16() {
            401 | 403 if self.target.service != Service::Listmonk || said.contains("credentials") || status == 401 => format!(
                "{label} refused the API key of “{name}” ({said}): check it with `masthead-cli targets set-key {name}` (or Settings › Publishing)"
            ),
            429 => format!(
                "{label} asks to slow down (too many requests){}; nothing was published",
                retry.map(|r| format!(": try again in {r} s")).unwrap_or_default()
            ),
            404 => format!("{label} has no such draft or address ({said}); check the target's address"),
            code => format!("{label} refused the draft ({code}): {said}"),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::{as_typed, When, DJANGO_LIQUID, GO_TEMPLATE};

    #[test]
    fn a_send_time_is_read_in_utc_with_an_offset_or_in_local_time() {
        let now: jiff::Timestamp = "2026-11-28T10:00:00Z".parse().unwrap();
        let at = |s: &str| When::parse_at(s, now).map(|w| w.stamp());
        assert_eq!(at("2026-12-01T07:00Z").unwrap(), "2026-12-01T07:00:00Z");
        assert_eq!(at("2026-12-01T08:00+01:00").unwrap(), "2026-12-01T07:00:00Z");
        let local = jiff::civil::date(2026, 12, 1).at(7, 0, 0, 0).to_zoned(jiff::tz::TimeZone::system()).unwrap();
        assert_eq!(at("2026-12-01 07:00").unwrap(), local.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
        assert!(at("2026-11-28T10:00:30Z").unwrap_err().to_string().contains("at least a minute from now"));
        assert!(at("1 December").unwrap_err().to_string().contains("is not a date and time"));
        assert!(at("2027-12-01T07:00Z").unwrap_err().to_string().contains("more than a year"));
    }

    #[test]
    fn braces_typed_by_the_author_stay_text_in_go_templates() {
        let html = "<p>Use {{ name }} here, {% not Go %}</p><a href=\"{{ UnsubscribeURL }}\">x</a>";
        assert_eq!(
            as_typed(html, "{{ UnsubscribeURL }}", GO_TEMPLATE),
            "<p>Use {{\"{{\"}} name }} here, {% not Go %}</p><a href=\"{{ UnsubscribeURL }}\">x</a>"
        );
    }

    #[test]
    fn liquid_and_django_tags_typed_by_the_author_stay_text() {
        let html = "<p>{% raw %} and {{ x }} and {# note #} and {single}</p><a href=\"{{ unsubscribe_url }}\">u</a>{";
        assert_eq!(
            as_typed(html, "{{ unsubscribe_url }}", DJANGO_LIQUID),
            "<p>{{\"{%\"}} raw %} and {{\"{{\"}} x }} and {{\"{#\"}} note #} and {single}</p>\
             <a href=\"{{ unsubscribe_url }}\">u</a>{"
        );
    }
}
