//! Handing an issue to the service that sends it to the list: a draft in Buttondown,
//! Ghost, listmonk or Kit, made from the issue's email export, and updated in place when
//! published again (the remote id is kept with the issue). Masthead never sends to the
//! list here: the draft waits in the service for the author.
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

pub type TargetId = i64;

/// The services Masthead publishes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    Buttondown,
    Ghost,
    Listmonk,
    Kit,
}

impl Service {
    pub const ALL: [Service; 4] = [Service::Buttondown, Service::Ghost, Service::Listmonk, Service::Kit];

    pub fn as_str(self) -> &'static str {
        match self {
            Service::Buttondown => "buttondown",
            Service::Ghost => "ghost",
            Service::Listmonk => "listmonk",
            Service::Kit => "kit",
        }
    }

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
    pub id: TargetId,
    pub publication_id: PublicationId,
    /// Unique in the library; the command line names targets by it.
    pub name: String,
    pub service: Service,
    /// The service's address (a Ghost site's admin address, a listmonk install); empty:
    /// the service's own.
    pub base_url: String,
    /// listmonk's API user.
    pub api_user: String,
    /// listmonk's list ids, comma-separated.
    pub lists: String,
    /// listmonk's campaign template id, or Kit's email template id (empty: the default).
    pub template: String,
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

/// Where an issue went, as the service confirmed it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Published {
    pub target: String,
    pub service: Service,
    pub remote_id: String,
    /// Where to open the draft in the service.
    pub remote_url: String,
    /// `draft`, `scheduled` or `sent`.
    pub state: String,
    pub first_at: String,
    pub updated_at: String,
}

/// What one publish did.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PublishReport {
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
    pub subject: String,
    pub preheader: String,
    pub html: String,
    pub text: String,
    pub issue_number: i64,
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
    let target = store.target(target)?;
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
    let content = content(store, themes, issue, target.service)?;
    let before = store.published(issue, target.id)?;
    let api = Api { client: client(), base, key, target: target.clone() };
    let remote = match target.service {
        Service::Buttondown => buttondown::publish(&api, &content, before.as_ref()).await?,
        Service::Ghost => ghost::publish(&api, &content, before.as_ref()).await?,
        Service::Listmonk => listmonk::publish(&api, &content, before.as_ref()).await?,
        Service::Kit => kit::publish(&api, &content, before.as_ref()).await?,
    };
    store.record_publish(issue, target.id, &remote.id, &remote.url, "draft")?;
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

/// How long a service may take to answer.
const TIMEOUT: Duration = Duration::from_secs(30);

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(TIMEOUT)
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
                format!("{label} ({host}) did not answer within {} s; nothing was published", TIMEOUT.as_secs())
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
    use super::{as_typed, DJANGO_LIQUID, GO_TEMPLATE};

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
