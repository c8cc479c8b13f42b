//! Fetching a link and turning the answer into a card, or into a reason a person
//! understands. Limits are the point: http and https only, 5 s to connect and 10 s in
//! all, at most 8 redirects (loops detected), 2 MB of (decompressed) body read at most, so
//! a server that never answers, drips, never stops or sends a gzip bomb costs a bounded
//! time and memory. Bot walls are recognized and reported as `blocked`, never as a title.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, ACCEPT_LANGUAGE, CONTENT_TYPE};
use url::Url;

use super::extract::{extract, PageMeta};
use super::{normalize, oembed, social};
use crate::model::FetchStatus;

/// The limits a fetch works within; the defaults are the module's.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// How long connecting to a server may take before the fetch fails (default 5 s).
    pub connect_timeout: Duration,
    /// How long the whole fetch may take, redirects and body included (default 10 s).
    pub timeout: Duration,
    /// The most redirects followed before the fetch fails (default 8).
    pub max_redirects: usize,
    /// The most body bytes read, after decompression (default 2 MB); the rest is never read.
    pub max_bytes: usize,
    /// Host names pinned to an address, like curl's `--resolve` (the host as written in
    /// URLs, IDN hosts in their `xn--` form). Empty: the system resolver for every host.
    pub resolve: Vec<(String, std::net::SocketAddr)>,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(10),
            max_redirects: 8,
            max_bytes: 2 * 1024 * 1024,
            resolve: Vec::new(),
        }
    }
}

/// An honest browser-like identity: pages that serve cards to browsers serve them to us.
const USER_AGENT: &str = concat!(
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Masthead/",
    env!("CARGO_PKG_VERSION"),
    " (newsletter editor; link previews)"
);

/// What a fetch found. `meta` is always usable: on failure it holds the fallback card
/// (a title from the URL's last segment, the host as publisher).
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    /// `ok`, `failed`, or `blocked` when a bot check answered instead of the page.
    pub status: FetchStatus,
    /// Why the fetch failed or was blocked, in words; `None` when it worked.
    pub reason: Option<String>,
    /// Where the link led after redirects; `None` when its address could not be read.
    pub final_url: Option<String>,
    /// The card: the page's, or the fallback when the fetch failed.
    pub meta: PageMeta,
}

/// One client for many fetches (connection reuse); built with the limits in `opts`.
pub fn client(opts: &FetchOptions) -> reqwest::Client {
    let max = opts.max_redirects;
    let policy = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().iter().any(|u| u == attempt.url()) {
            attempt.error("redirect loop")
        } else if attempt.previous().len() > max {
            attempt.error("too many redirects")
        } else if !matches!(attempt.url().scheme(), "http" | "https") {
            attempt.error("redirect to a non-web address")
        } else if attempt.url().host().is_some_and(|h| is_local_literal(&h)) && !typed(attempt.url().host_str()) {
            // An address literal skips the resolver; a name is checked there (PublicUnlessTyped).
            attempt.error("redirect into this computer or its network")
        } else {
            attempt.follow()
        }
    });
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"));
    headers.insert(ACCEPT_LANGUAGE, HeaderValue::from_static("en-US,en;q=0.8,*;q=0.5"));
    let mut builder = reqwest::Client::builder().dns_resolver(std::sync::Arc::new(PublicUnlessTyped));
    for (host, addr) in &opts.resolve {
        builder = builder.resolve(host, *addr);
    }
    builder
        .user_agent(USER_AGENT)
        .default_headers(headers)
        .connect_timeout(opts.connect_timeout)
        .timeout(opts.timeout)
        .redirect(policy)
        .build()
        .expect("the HTTP client's configuration is valid")
}

/// Hosts the author gave links to. A page elsewhere may not send Masthead into this
/// computer or its network (a redirect to `127.0.0.1:8080`, or to a name that resolves
/// there): the internal page's title would become the card. A local address the author
/// typed is fetched as asked.
static TYPED_HOSTS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashSet<String>>> =
    std::sync::LazyLock::new(Default::default);

fn typed(host: Option<&str>) -> bool {
    host.is_some_and(|h| TYPED_HOSTS.lock().unwrap_or_else(|p| p.into_inner()).contains(&h.to_ascii_lowercase()))
}

/// Loopback, private, link-local, shared (CGNAT) and unspecified addresses: this computer
/// and its network, never the public web.
pub fn is_local_address(ip: std::net::IpAddr) -> bool {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || (v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_local_address(IpAddr::V4(v4));
            }
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
        }
    }
}

fn is_local_literal(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost"),
        url::Host::Ipv4(ip) => is_local_address((*ip).into()),
        url::Host::Ipv6(ip) => is_local_address((*ip).into()),
    }
}

/// The system resolver, refusing local addresses for every host the author did not type
/// (checked on the address actually connected to, so no DNS trick gets round it).
struct PublicUnlessTyped;

impl reqwest::dns::Resolve for PublicUnlessTyped {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_ascii_lowercase();
        Box::pin(async move {
            let found: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if typed(Some(&host)) {
                return Ok(Box::new(found.into_iter()) as reqwest::dns::Addrs);
            }
            let public: Vec<_> = found.iter().copied().filter(|a| !is_local_address(a.ip())).collect();
            if public.is_empty() && !found.is_empty() {
                return Err(format!("{host} is an address in this computer or its network").into());
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Fetches `raw` and extracts its card.
pub async fn fetch(client: &reqwest::Client, raw: &str, opts: &FetchOptions) -> Fetched {
    let url = match normalize::parse(raw) {
        Ok(u) => u,
        Err(e) => return failed(None, FetchStatus::Failed, e.to_string()),
    };
    if let Some(host) = url.host_str() {
        TYPED_HOSTS.lock().unwrap_or_else(|p| p.into_inner()).insert(host.to_ascii_lowercase());
    }
    let host = display_host(&url);
    let secs = opts.timeout.as_secs_f64();
    let started = std::time::Instant::now();
    let response = match client.get(url.clone()).send().await {
        Ok(r) => r,
        Err(e) => return failed(Some(&url), FetchStatus::Failed, explain(&e, &host, secs)),
    };
    let final_url = response.url().clone();
    let status = response.status();
    let content_type = response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let body = match read_capped(response, opts.max_bytes).await {
        Ok(b) => b,
        Err(e) => return failed(Some(&final_url), FetchStatus::Failed, explain(&e, &host, secs)),
    };

    let is_html = content_type.as_deref().is_none_or(|ct| {
        let ct = ct.to_ascii_lowercase();
        ct.contains("html") || ct.contains("xml") || ct.starts_with("text/plain")
    });
    if is_html {
        if let Some(wall) = bot_wall(status.as_u16(), &body) {
            return failed(
                Some(&final_url),
                FetchStatus::Blocked,
                format!("{host} showed a bot check (“{wall}”) instead of the page"),
            );
        }
    }
    if !status.is_success() {
        return failed(Some(&final_url), FetchStatus::Failed, http_reason(status, &host));
    }
    if !is_html {
        let mut meta = file_card(&final_url, content_type.as_deref().unwrap_or_default());
        if meta.kind == "document" && body.starts_with(b"%PDF-") {
            // A PDF names its own title, author and date more often than not.
            let info = super::file::card(&body, final_url.as_str(), "document");
            meta = PageMeta {
                title: info.title.or(meta.title),
                author: info.author,
                date: info.date,
                lang: info.lang,
                ..meta
            };
        }
        return Fetched { status: FetchStatus::Ok, reason: None, final_url: Some(final_url.to_string()), meta };
    }
    let mut meta = extract(&body, final_url.as_str(), content_type.as_deref());
    drop(body);
    if let Some(endpoint) = meta.oembed.clone() {
        // Within what is left of the link's time; a slow or broken endpoint only loses
        // the enrichment, never the card.
        let left = opts.timeout.saturating_sub(started.elapsed());
        if let Ok(Some(o)) = tokio::time::timeout(left, fetch_oembed(client, &endpoint)).await {
            oembed::merge(&mut meta, &o);
        }
    }
    if let Some(post) = social::post(raw.trim(), &meta).or_else(|| social::post(final_url.as_str(), &meta)) {
        // A post's card is a reaction in waiting: the person, their handle, what they said.
        meta.author = post.person.or(meta.author);
        meta.handle = post.handle;
        if post.network != social::Network::YouTube {
            meta.description = post.text.or(meta.description);
            meta.kind = "social".into();
        }
        meta.likes = post.likes;
        meta.views = post.views;
    }
    if meta.title.is_none() {
        meta.title = Some(slug_title(&final_url));
    }
    Fetched { status: FetchStatus::Ok, reason: None, final_url: Some(final_url.to_string()), meta }
}

/// Whether a link works, for the pre-flight check: HEAD first (cheap), then GET when the
/// server does not answer HEAD properly (many answer 403, 405 or 501 to it). `Ok` means
/// the page answered 2xx (after redirects); `Blocked` a bot wall, which proves nothing.
pub async fn check_url(client: &reqwest::Client, raw: &str, opts: &FetchOptions) -> (FetchStatus, Option<String>) {
    let url = match normalize::parse(raw) {
        Ok(u) => u,
        Err(e) => return (FetchStatus::Failed, Some(e.to_string())),
    };
    let host = display_host(&url);
    let secs = opts.timeout.as_secs_f64();
    if let Some(h) = url.host_str() {
        TYPED_HOSTS.lock().unwrap_or_else(|p| p.into_inner()).insert(h.to_ascii_lowercase());
        // in the author's issue
    }
    if let Ok(r) = client.head(url.clone()).send().await {
        if r.status().is_success() {
            return (FetchStatus::Ok, None);
        }
        if matches!(r.status().as_u16(), 404 | 410) {
            return (FetchStatus::Failed, Some(http_reason(r.status(), &host)));
        }
    }
    let response = match client.get(url).send().await {
        Ok(r) => r,
        Err(e) => return (FetchStatus::Failed, Some(explain(&e, &host, secs))),
    };
    let status = response.status();
    let body = read_capped(response, 64 * 1024).await.unwrap_or_default();
    if let Some(wall) = bot_wall(status.as_u16(), &body) {
        return (
            FetchStatus::Blocked,
            Some(format!("{host} showed a bot check (“{wall}”), so the link could not be checked")),
        );
    }
    if status.is_success() {
        (FetchStatus::Ok, None)
    } else {
        (FetchStatus::Failed, Some(http_reason(status, &host)))
    }
}

/// oEmbed answers are small; a quarter megabyte is generous.
const OEMBED_MAX_BYTES: usize = 256 * 1024;

async fn fetch_oembed(client: &reqwest::Client, endpoint: &str) -> Option<oembed::OEmbed> {
    // A page names its endpoint; it may not point Masthead into this computer either (a
    // name is checked by the resolver, an address literal here).
    let url = Url::parse(endpoint).ok()?;
    if url.host().is_some_and(|h| is_local_literal(&h)) && !typed(url.host_str()) {
        return None;
    }
    let response = client.get(endpoint).header(ACCEPT, "application/json").send().await.ok()?;
    if !response.status().is_success() {
        return None;
    }
    oembed::parse(&read_capped(response, OEMBED_MAX_BYTES).await.ok()?)
}

/// The most a card's picture (a lead image, a site's icon) may weigh as downloaded; a
/// larger one is left on the site and the card goes without.
pub const MAX_PICTURE_BYTES: usize = 8 << 20;

/// Downloads a picture a page names, within the fetch's limits. `None` when it cannot be
/// had: a card without its picture is still a card, so nothing here is an error.
pub async fn fetch_picture(client: &reqwest::Client, address: &str) -> Option<Vec<u8>> {
    let url = Url::parse(address).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    // A page may not point Masthead into this computer (see `TYPED_HOSTS`).
    if url.host().is_some_and(|h| is_local_literal(&h)) && !typed(url.host_str()) {
        return None;
    }
    let response = client
        .get(url)
        .header(ACCEPT, "image/webp,image/png,image/jpeg,image/gif;q=0.9,image/*;q=0.5")
        .send()
        .await
        .ok()?;
    let type_ok = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("image/") || ct.starts_with("application/octet-stream"));
    let too_big = response.content_length().is_some_and(|n| n > MAX_PICTURE_BYTES as u64);
    if !response.status().is_success() || !type_ok || too_big {
        return None;
    }
    let body = read_capped(response, MAX_PICTURE_BYTES + 1).await.ok()?;
    (body.len() <= MAX_PICTURE_BYTES && !body.is_empty()).then_some(body)
}

/// The largest feed read (a feed with years of full articles in it stays well under).
pub const MAX_FEED_BYTES: usize = 8 << 20;

/// What a feed's server answered to a (conditional) GET.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedAnswer {
    /// 304: nothing changed since the validators sent.
    NotModified,
    /// The feed's bytes, where they came from after redirects, and the new validators.
    Body {
        /// The feed document, at most [`MAX_FEED_BYTES`].
        bytes: Vec<u8>,
        /// The `Content-Type` the server sent, if any.
        content_type: Option<String>,
        /// Where the feed was after redirects.
        final_url: String,
        /// The `ETag` to send back as `If-None-Match` next time.
        etag: Option<String>,
        /// The `Last-Modified` to send back as `If-Modified-Since` next time.
        last_modified: Option<String>,
    },
    /// Why it could not be read, in words.
    Failed(String),
}

/// Gets a feed within the fetch's limits, sending `If-None-Match` / `If-Modified-Since`
/// when the last answer had validators.
pub async fn fetch_feed(
    client: &reqwest::Client,
    raw: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
    opts: &FetchOptions,
) -> FeedAnswer {
    let url = match normalize::parse(raw) {
        Ok(u) => u,
        Err(e) => return FeedAnswer::Failed(e.to_string()),
    };
    if let Some(host) = url.host_str() {
        TYPED_HOSTS.lock().unwrap_or_else(|p| p.into_inner()).insert(host.to_ascii_lowercase());
    }
    let host = display_host(&url);
    let mut request = client.get(url).header(
        ACCEPT,
        "application/feed+json, application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    );
    if let Some(e) = etag {
        request = request.header(reqwest::header::IF_NONE_MATCH, e);
    }
    if let Some(m) = last_modified {
        request = request.header(reqwest::header::IF_MODIFIED_SINCE, m);
    }
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) => {
            return FeedAnswer::Failed(explain(&e, &host, opts.timeout.as_secs_f64()).replace("the page", "the feed"))
        }
    };
    let status = response.status();
    if status == reqwest::StatusCode::NOT_MODIFIED {
        return FeedAnswer::NotModified;
    }
    if !status.is_success() {
        let code = status.as_u16();
        return FeedAnswer::Failed(match code {
            404 | 410 => {
                format!("{host} answered {code} {}: the feed was removed", status.canonical_reason().unwrap_or(""))
            }
            _ => http_reason(status, &host).replace("the page", "the feed"),
        });
    }
    let header = |name| response.headers().get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_owned);
    let (content_type, etag, last_modified) =
        (header(CONTENT_TYPE), header(reqwest::header::ETAG), header(reqwest::header::LAST_MODIFIED));
    let final_url = response.url().to_string();
    if response.content_length().is_some_and(|n| n > MAX_FEED_BYTES as u64) {
        return FeedAnswer::Failed(format!(
            "{host} sent a feed larger than {} MB, which Masthead does not read",
            MAX_FEED_BYTES >> 20
        ));
    }
    match read_capped(response, MAX_FEED_BYTES + 1).await {
        Ok(bytes) if bytes.len() > MAX_FEED_BYTES => FeedAnswer::Failed(format!(
            "{host} sent a feed larger than {} MB, which Masthead does not read",
            MAX_FEED_BYTES >> 20
        )),
        Ok(bytes) => FeedAnswer::Body { bytes, content_type, final_url, etag, last_modified },
        Err(e) => FeedAnswer::Failed(explain(&e, &host, opts.timeout.as_secs_f64()).replace("the page", "the feed")),
    }
}

/// Where a site's icon is when its page names none: `/favicon.ico` at its root, as
/// browsers look for it.
pub fn default_icon(page: &str) -> Option<String> {
    let url = Url::parse(page).ok()?;
    Some(url.join("/favicon.ico").ok()?.to_string())
}

async fn read_capped(mut response: reqwest::Response, max: usize) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::with_capacity(64 * 1024);
    while let Some(chunk) = response.chunk().await? {
        let room = max - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= max {
            break; // the rest is never read: enough for any card
        }
    }
    Ok(body)
}

/// The bot-check pages of the common services, by status and what they say.
fn bot_wall(status: u16, body: &[u8]) -> Option<&'static str> {
    let head = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]).to_lowercase();
    let markers: [(&str, &str); 8] = [
        ("<title>just a moment", "Just a moment…"),
        ("attention required! | cloudflare", "Attention Required!"),
        ("are you a robot", "Are you a robot?"),
        ("<title>access denied", "Access Denied"),
        ("cf-challenge", "Just a moment…"),
        ("g-recaptcha", "a captcha"),
        ("h-captcha", "a captcha"),
        ("<title>verify you are human", "Verify you are human"),
    ];
    let found = markers.iter().find(|(m, _)| head.contains(m)).map(|(_, say)| *say);
    match (status, found) {
        (_, Some(say)) => Some(say),
        (403 | 429 | 503, None) if head.contains("captcha") || head.contains("cloudflare") => Some("a bot check"),
        _ => None,
    }
}

fn http_reason(status: reqwest::StatusCode, host: &str) -> String {
    let code = status.as_u16();
    let what = match code {
        401 | 403 => "refused access (the page may need a login)",
        404 | 410 => "has no such page (it may have moved or been deleted)",
        429 => "asked us to slow down (too many requests); try again later",
        500..=599 => "had a server error; try again later",
        _ => "did not return the page",
    };
    format!("{host} answered {code} {}: it {what}", status.canonical_reason().unwrap_or("")).replace("  ", " ")
}

/// A failure in words: which host, what went wrong, never the library's jargon alone.
fn explain(e: &reqwest::Error, host: &str, secs: f64) -> String {
    let chain = crate::error::chain(e).to_lowercase();
    if e.is_timeout() {
        format!("{host} took longer than {secs:.0} s")
    } else if e.is_redirect() {
        if chain.contains("loop") {
            format!("{host} redirects in a loop")
        } else if chain.contains("non-web") {
            format!("{host} redirects to an address that is not a web page")
        } else if chain.contains("into this computer") {
            format!(
                "{host} redirects into this computer or its network, which Masthead does not follow from a public page"
            )
        } else {
            format!("{host} redirects too many times (more than 8)")
        }
    } else if chain.contains("in this computer or its network") {
        format!("{host} redirects into this computer or its network, which Masthead does not follow from a public page")
    } else if chain.contains("dns") || chain.contains("failed to lookup") || chain.contains("name or service not known")
    {
        format!("{host} could not be found (no such domain, or no internet connection)")
    } else if chain.contains("certificate") || chain.contains("tls") || chain.contains("handshake") {
        format!("the secure connection to {host} failed (its certificate or encryption was not accepted)")
    } else if chain.contains("refused") {
        format!("{host} refused the connection")
    } else if e.is_connect() {
        format!("could not connect to {host}")
    } else if e.is_body() || e.is_decode() {
        format!("{host} broke off while sending the page")
    } else {
        format!("could not fetch the page from {host}")
    }
}

/// The host as people write it: `bücher.example`, not `xn--bcher-kva.example`.
pub fn display_host(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    if host.contains("xn--") {
        let (unicode, result) = idna::domain_to_unicode(host);
        if result.is_ok() {
            return unicode;
        }
    }
    host.to_owned()
}

/// The host as a card's publisher until the page names itself: `bücher.example`.
fn publisher_of(url: &Url) -> Option<String> {
    Some(display_host(url).trim_start_matches("www.").to_owned()).filter(|h| !h.is_empty())
}

/// The card of a link that could not be fetched: the URL's last segment as the title and
/// the host as the publisher, editable by the author and fetchable again later.
fn failed(url: Option<&Url>, status: FetchStatus, reason: String) -> Fetched {
    let meta = match url {
        Some(u) => PageMeta {
            title: Some(slug_title(u)),
            publisher: publisher_of(u),
            url: Some(u.to_string()),
            kind: "page".into(),
            ..Default::default()
        },
        None => PageMeta { kind: "page".into(), ..Default::default() },
    };
    Fetched { status, reason: Some(reason), final_url: url.map(Url::to_string), meta }
}

/// Images, PDFs, videos: a card from the headers and the URL.
fn file_card(url: &Url, content_type: &str) -> PageMeta {
    let ct = content_type.to_ascii_lowercase();
    let kind = if ct.contains("pdf") {
        "document"
    } else if ct.starts_with("video/") {
        "video"
    } else if ct.starts_with("image/") {
        "image"
    } else {
        "document"
    };
    PageMeta {
        title: Some(file_name(url).unwrap_or_else(|| slug_title(url))),
        publisher: publisher_of(url),
        url: Some(url.to_string()),
        image: (kind == "image").then(|| url.to_string()),
        kind: kind.into(),
        ..Default::default()
    }
}

fn last_segment(url: &Url) -> Option<String> {
    let seg = url.path_segments()?.rfind(|s| !s.is_empty())?.to_owned();
    Some(percent_encoding::percent_decode_str(&seg).decode_utf8_lossy().into_owned())
}

/// The last segment of the address when it names a file (`report.pdf`).
pub(crate) fn file_name(url: &Url) -> Option<String> {
    last_segment(url).filter(|s| s.contains('.'))
}

/// `/2026/04/harbour-reopens-after-storm.html` → `Harbour reopens after storm`.
pub fn slug_title(url: &Url) -> String {
    let Some(seg) = last_segment(url) else {
        return url.host_str().unwrap_or_default().trim_start_matches("www.").to_owned();
    };
    let stem = seg.rsplit_once('.').filter(|(_, ext)| ext.len() <= 5).map(|(s, _)| s).unwrap_or(&seg);
    let words: Vec<&str> = stem.split(['-', '_', '+', ' ']).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return url.host_str().unwrap_or_default().to_owned();
    }
    let mut title = words.join(" ");
    if let Some(first) = title.get(..1) {
        title = first.to_uppercase() + &title[1..];
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_become_titles() {
        let t = |u: &str| slug_title(&Url::parse(u).unwrap());
        assert_eq!(t("https://example.com/2026/04/harbour-reopens-after-storm.html"), "Harbour reopens after storm");
        assert_eq!(t("https://example.com/reports/annual_report_2025.pdf"), "Annual report 2025");
        assert_eq!(t("https://www.example.com/"), "example.com");
        assert_eq!(t("https://example.com/caf%C3%A9-news/"), "Café news");
    }

    #[test]
    fn bot_walls_are_recognized() {
        assert_eq!(bot_wall(503, b"<html><head><title>Just a moment...</title>"), Some("Just a moment…"));
        assert_eq!(bot_wall(403, b"<title>Attention Required! | Cloudflare</title>"), Some("Attention Required!"));
        assert_eq!(bot_wall(200, b"<h1>Are you a robot?</h1>"), Some("Are you a robot?"));
        assert_eq!(bot_wall(200, b"<title>A normal page about robots</title>"), None);
    }
}
