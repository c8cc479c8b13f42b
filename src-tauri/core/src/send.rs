//! Test sends: the issue's `.eml` to the author's own addresses over SMTP (lettre on
//! tokio), with the SMTP password in the system keychain, never in the library. Failures
//! are said the way a person can act on them: which server, what it refused, what to try.

use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use lettre::Message;
use serde::Serialize;
use specta::Type;

use crate::model::{SmtpSettings, SmtpTls};
use crate::{Error, Result};

/// The keychain entry's service name.
const KEYCHAIN_SERVICE: &str = "masthead-smtp";
/// The environment variable that supplies the password where there is no keychain
/// (a server, CI); it wins over the keychain.
pub const PASSWORD_ENV: &str = "MASTHEAD_SMTP_PASSWORD";

/// How the send goes beyond the library's settings.
#[derive(Debug, Clone, Default)]
pub struct SendOptions {
    /// The password for the settings' SMTP user; without one, a send with a user set fails before connecting.
    pub password: Option<String>,
    /// Certificates to trust besides the public roots (PEM): a company server with its own
    /// certificate authority (`smtp.ca_file`).
    pub extra_roots_pem: Vec<Vec<u8>>,
    /// How long one step may take ([`STEP_TIMEOUT`] when not given).
    pub step_timeout: Option<Duration>,
    /// How long the whole send may take ([`SEND_TIMEOUT`] when not given).
    pub send_timeout: Option<Duration>,
}

/// How long each step of a send may take: connecting and the server's greeting, STARTTLS,
/// the login, the message. A server that accepts the connection and then says nothing is
/// given up on after this, with the step named.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a whole send may take: a server that answers a byte at a time gets no longer.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(60);

/// What a successful send reports.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Sent {
    /// The addresses the message went to, as its envelope names them.
    pub recipients: Vec<String>,
    /// The server it went through, as `host:port`.
    pub server: String,
    /// The server's answer (`250 OK: queued as …`).
    pub response: String,
}

/// Sends `message` (its envelope: From and To) through the SMTP server in `smtp`.
pub async fn send(message: &Message, smtp: &SmtpSettings, opts: &SendOptions) -> Result<Sent> {
    let host = smtp.host.trim();
    if host.is_empty() {
        return Err(Error::Invalid(
            "set the SMTP server first (Settings › Sending, or `masthead-cli settings set smtp.host smtp.example.com`)"
                .into(),
        ));
    }
    let server = format!("{host}:{}", smtp.port);
    let tls = match smtp.tls {
        SmtpTls::None if !is_local(host) => {
            return Err(Error::Invalid(format!(
                "unencrypted SMTP is allowed only for a server on this machine, not {host}; set smtp.tls to starttls or tls"
            )))
        }
        SmtpTls::None => None,
        SmtpTls::Starttls | SmtpTls::Tls => Some(tls(host, opts)?),
    };
    let mut credentials = None;
    if !smtp.user.trim().is_empty() {
        let password = opts.password.clone().ok_or_else(|| {
            Error::Invalid(format!(
                "no SMTP password for {}: set it in Settings › Sending (kept in the system keychain), \
                 or with `masthead-cli settings set smtp.password …`, or in ${PASSWORD_ENV}",
                smtp.user.trim()
            ))
        })?;
        credentials = Some(Credentials::new(smtp.user.trim().to_owned(), password));
    }
    let recipients: Vec<String> = message.envelope().to().iter().map(|a| a.to_string()).collect();
    let (step, whole) = (opts.step_timeout.unwrap_or(STEP_TIMEOUT), opts.send_timeout.unwrap_or(SEND_TIMEOUT));
    let delivered = tokio::time::timeout(whole, deliver(message, host, smtp, tls, credentials.as_ref(), step))
        .await
        .unwrap_or(Err(Failure::TooSlow));
    match delivered {
        Ok(response) => Ok(Sent {
            recipients,
            server,
            response: format!("{} {}", response.code(), response.message().collect::<Vec<_>>().join(" "))
                .trim()
                .to_owned(),
        }),
        Err(Failure::Smtp(e)) => Err(Error::Send(explain(&e, &server, smtp, &recipients))),
        Err(Failure::Silent(doing)) => Err(Error::Send(format!(
            "{server} did not get through {doing} in {} s (it stopped answering, or answers very slowly); \
             check smtp.host and smtp.port (587 for starttls, 465 for tls), or try again later",
            step.as_secs()
        ))),
        Err(Failure::TooSlow) => Err(Error::Send(format!(
            "{server} had not taken the message after {} s (it answers, but very slowly); try again later, \
             or check that smtp.host is a mail server",
            whole.as_secs()
        ))),
    }
}

/// Why a delivery stopped short.
enum Failure {
    /// The server (or the connection to it) said no.
    Smtp(lettre::transport::smtp::Error),
    /// A step did not finish in its time; says what was being done.
    Silent(&'static str),
    /// The whole send ran out of time.
    TooSlow,
}

/// One SMTP conversation, step by step, each step within `limit`: connect and greet,
/// STARTTLS when asked, log in when there is a login, send, and say goodbye.
async fn deliver(
    message: &Message,
    host: &str,
    smtp: &SmtpSettings,
    tls: Option<TlsParameters>,
    credentials: Option<&Credentials>,
    limit: Duration,
) -> Result<Response, Failure> {
    async fn step<T>(
        doing: &'static str,
        limit: Duration,
        work: impl std::future::Future<Output = Result<T, lettre::transport::smtp::Error>>,
    ) -> Result<T, Failure> {
        tokio::time::timeout(limit, work).await.map_err(|_| Failure::Silent(doing))?.map_err(Failure::Smtp)
    }
    let hello = ClientId::default();
    let (wrapper, starttls) = match smtp.tls {
        SmtpTls::Tls => (tls, None),
        _ => (None, tls),
    };
    let connect = AsyncSmtpConnection::connect_tokio1((host, smtp.port), Some(limit), &hello, wrapper, None);
    let mut conn = step("connecting and waiting for its greeting", limit, connect).await?;
    if let Some(params) = starttls {
        step("starting TLS (STARTTLS)", limit, conn.starttls(params, &hello)).await?;
    }
    if let Some(credentials) = credentials {
        step("logging in", limit, conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)).await?;
    }
    let response = step("taking the message", limit, conn.send(message.envelope(), &message.formatted())).await?;
    let _ = tokio::time::timeout(limit.min(Duration::from_secs(2)), conn.quit()).await;
    Ok(response)
}

fn tls(host: &str, opts: &SendOptions) -> Result<TlsParameters> {
    let mut b = TlsParameters::builder(host.to_owned());
    for pem in &opts.extra_roots_pem {
        let cert = Certificate::from_pem(pem)
            .map_err(|e| Error::Invalid(format!("the certificate in smtp.ca_file could not be read ({e})")))?;
        b = b.add_root_certificate(cert);
    }
    b.build_rustls().map_err(|e| Error::Invalid(format!("TLS could not be set up for {host}: {e}")))
}

fn is_local(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]") || host.starts_with("127.")
}

/// A send failure in words: connection, TLS, login, recipients, or the server's own text.
fn explain(e: &lettre::transport::smtp::Error, server: &str, smtp: &SmtpSettings, recipients: &[String]) -> String {
    let chain = crate::error::chain(e);
    let lower = chain.to_lowercase();
    let code = e.status().map(|c| c.to_string()).unwrap_or_default();
    if e.is_timeout() || lower.contains("timed out") {
        format!("{server} did not answer in time; check smtp.host and smtp.port")
    } else if lower.contains("failed to lookup")
        || lower.contains("name or service not known")
        || lower.contains("no such host")
        || lower.contains("dns")
    {
        format!("the SMTP server {} could not be found (no such host, or no internet connection)", smtp.host.trim())
    } else if lower.contains("refused") {
        format!("{server} refused the connection: is the port right? (587 for starttls, 465 for tls)")
    } else if e.is_tls()
        || ["tls", "certificate", "handshake", "corrupt message", "invalidcontenttype"]
            .iter()
            .any(|w| lower.contains(w))
    {
        let hint = match smtp.tls {
            SmtpTls::Tls => "port 465 usually wants smtp.tls = tls, port 587 wants starttls",
            _ => "the server may not offer STARTTLS on this port (try smtp.tls = tls on port 465), or its certificate is not trusted",
        };
        format!("the secure connection to {server} failed ({}); {hint}", last_part(&chain))
    } else if code.starts_with("535") || code.starts_with("534") || (code.starts_with("5") && lower.contains("auth")) {
        format!(
            "{server} refused the login for {}: check the user name and password ({})",
            smtp.user.trim(),
            server_words(&chain)
        )
    } else if code.starts_with("530") {
        format!("{server} requires a login: set smtp.user and the password")
    } else if code.starts_with("55") && !recipients.is_empty() {
        format!("{server} refused the message or a recipient ({}): {}", server_words(&chain), recipients.join(", "))
    } else if e.is_transient() {
        format!("{server} could not take the message right now ({}); try again in a minute", server_words(&chain))
    } else {
        format!("sending through {server} failed: {chain}")
    }
}

fn last_part(chain: &str) -> &str {
    chain.rsplit(": ").next().unwrap_or(chain)
}

/// The server's own sentence out of lettre's wrapping (`permanent error (550): …`).
fn server_words(chain: &str) -> String {
    match chain.find("): ") {
        Some(i) => chain[i + 3..].to_owned(),
        None => chain.to_owned(),
    }
}

/// The options a publication's settings give: the password (environment, else keychain)
/// and the extra certificate of `smtp.ca_file`.
pub fn options(
    store: &crate::Store,
    publication: crate::model::PublicationId,
    smtp: &SmtpSettings,
) -> Result<SendOptions> {
    let mut opts = SendOptions { password: password(smtp), ..SendOptions::default() };
    if let Some(path) = store.publication_setting(publication, "smtp.ca_file")?.filter(|p| !p.trim().is_empty()) {
        let pem = std::fs::read(path.trim())
            .map_err(|e| Error::Io { context: format!("cannot read smtp.ca_file {}", path.trim()), source: e })?;
        opts.extra_roots_pem.push(pem);
    }
    Ok(opts)
}

/// A test send as the window and `masthead-cli send-test` make it: issue `issue_id` as it
/// will go out, to `to`, through its publication's SMTP settings and password.
pub async fn send_test(
    store: &crate::Store,
    themes: &crate::theme::ThemeSet,
    issue_id: crate::model::IssueId,
    to: &[String],
) -> Result<Sent> {
    let publication = store.get_issue(issue_id)?.publication_id;
    let opts = options(store, publication, &store.smtp_settings(publication)?)?;
    send_issue(store, themes, issue_id, to, &opts).await
}

/// Saves a publication's SMTP settings and, when given and not empty, the password (to the
/// system keychain, under the login just saved).
pub fn save_settings(
    store: &crate::Store,
    publication: crate::model::PublicationId,
    smtp: &SmtpSettings,
    password: Option<&str>,
) -> Result<()> {
    store.set_smtp_settings(publication, smtp)?;
    match password.filter(|p| !p.is_empty()) {
        Some(p) => set_password(&store.smtp_settings(publication)?, p),
        None => Ok(()),
    }
}

/// Sends issue `issue_id` as it will go out (the `.eml`) to `to`, through its
/// publication's SMTP settings.
pub async fn send_issue(
    store: &crate::Store,
    themes: &crate::theme::ThemeSet,
    issue_id: crate::model::IssueId,
    to: &[String],
    opts: &SendOptions,
) -> Result<Sent> {
    if to.iter().all(|t| t.trim().is_empty()) {
        return Err(Error::Invalid("give at least one address to send the test to".into()));
    }
    let doc = store.get_issue_doc(issue_id)?;
    let publication = store.publication(doc.issue.publication_id)?;
    let smtp = store.smtp_settings(publication.id)?;
    let tagging = store.tagging(publication.id)?;
    let ctx = crate::export::Context {
        publication: &publication,
        tagging: &tagging,
        themes,
        theme: None,
        links: &[],
        to,
        date: std::time::SystemTime::now(),
        images: Some(store),
    };
    let (message, _) = crate::export::message(&doc, &ctx)?;
    send(&message, &smtp, opts).await
}

/// The keychain entry for an SMTP login.
fn entry(smtp: &SmtpSettings) -> Result<keyring::Entry> {
    let account = format!("{}@{}", smtp.user.trim(), smtp.host.trim());
    keyring::Entry::new(KEYCHAIN_SERVICE, &account).map_err(|e| keychain_error(&e))
}

fn keychain_error(e: &keyring::Error) -> Error {
    Error::Invalid(format!(
        "the system keychain is not available ({e}); put the SMTP password in ${PASSWORD_ENV} instead"
    ))
}

/// Runs a keychain call on a thread of its own: the Secret Service client (zbus) starts
/// its own executor for blocking calls, which must not happen inside the app's tokio runtime.
fn off_runtime<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    std::thread::spawn(f).join().ok()
}

/// Stores the SMTP password in the system keychain (never in the library).
pub fn set_password(smtp: &SmtpSettings, password: &str) -> Result<()> {
    if smtp.user.trim().is_empty() || smtp.host.trim().is_empty() {
        return Err(Error::Invalid("set smtp.host and smtp.user before the password".into()));
    }
    let (smtp, password) = (smtp.clone(), password.to_owned());
    off_runtime(move || entry(&smtp)?.set_password(&password).map_err(|e| keychain_error(&e)))
        .unwrap_or_else(|| Err(Error::Internal("the keychain call stopped unexpectedly".into())))
}

/// The SMTP password: `$MASTHEAD_SMTP_PASSWORD`, else the keychain's, else none.
pub fn password(smtp: &SmtpSettings) -> Option<String> {
    if let Ok(p) = std::env::var(PASSWORD_ENV) {
        return Some(p);
    }
    if smtp.user.trim().is_empty() {
        return None;
    }
    let smtp = smtp.clone();
    off_runtime(move || entry(&smtp).ok()?.get_password().ok()).flatten()
}
