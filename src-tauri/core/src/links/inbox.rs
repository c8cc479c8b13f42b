//! Fetching inbox links into the library, one or hundreds at a time: bounded concurrency
//! overall (8) and per host (2, so one slow site neither hogs the queue nor gets hammered),
//! a progress event for every change of state, and cancellation.
//!
//! The database is touched only between awaits, on the blocking pool: a fetch that takes
//! ten seconds never holds the library's lock, so the author keeps typing and saving.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde::Serialize;
use specta::Type;
use tokio::sync::Semaphore;
pub use tokio_util::sync::CancellationToken;

use super::fetch::{self, FetchOptions, Fetched};
use crate::model::{FetchStatus, Link, LinkId, LinkMeta};
use crate::{Error, Result, Store};

/// Where one link is in a bulk fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FetchState {
    /// Waiting for its turn.
    Queued,
    /// Being fetched now.
    Running,
    /// Fetched and stored; the link's status says ok or blocked.
    Done,
    /// Could not be fetched; the link keeps its card (or the fallback) and a reason.
    Failed,
    /// Cancelled before it finished; the link is as it was.
    Cancelled,
}

/// One progress event: which link, its new state (and, once stored, the link itself),
/// and the counts a progress bar needs.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Progress {
    /// Which link.
    pub link_id: LinkId,
    /// Where it is now.
    pub state: FetchState,
    /// The link as stored, once its fetch is done or failed; `None` while queued or running, and when cancelled.
    pub link: Option<Link>,
    /// How many links this fetch takes.
    pub total: usize,
    /// Links that reached done, failed or cancelled so far.
    pub finished: usize,
    /// Links that failed so far.
    pub failed: usize,
}

/// How a bulk fetch ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
pub struct Summary {
    /// How many links the fetch took.
    pub total: usize,
    /// How many were fetched and gave their card.
    pub ok: usize,
    /// How many answered with a bot check instead of the page.
    pub blocked: usize,
    /// How many could not be fetched.
    pub failed: usize,
    /// How many were cancelled before they finished, or deleted from the inbox meanwhile.
    pub cancelled: usize,
}

/// The fetcher: one HTTP client (connections reused) and the limits.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    opts: FetchOptions,
    /// Fetches running at once (default 8).
    pub concurrency: usize,
    /// Fetches running at once against one host (default 2).
    pub per_host: usize,
}

impl Fetcher {
    /// A fetcher with the limits in `opts`, 8 fetches at once and 2 per host.
    pub fn new(opts: FetchOptions) -> Fetcher {
        Fetcher { client: fetch::client(&opts), opts, concurrency: 8, per_host: 2 }
    }

    /// The same fetcher with other limits on fetches at once, overall and per host (each at least 1).
    pub fn with_limits(mut self, concurrency: usize, per_host: usize) -> Fetcher {
        self.concurrency = concurrency.max(1);
        self.per_host = per_host.max(1);
        self
    }

    /// Fetches one URL without touching the library (the CLI's `link-meta URL`).
    pub async fn fetch_url(&self, url: &str) -> Fetched {
        fetch::fetch(&self.client, url, &self.opts).await
    }

    /// Gets a feed, conditionally when its last answer had validators.
    pub async fn fetch_feed(&self, url: &str, etag: Option<&str>, last_modified: Option<&str>) -> fetch::FeedAnswer {
        fetch::fetch_feed(&self.client, url, etag, last_modified, &self.opts).await
    }

    /// Whether a link works (HEAD, then GET), for the pre-flight check.
    pub async fn check_url(&self, url: &str) -> (FetchStatus, Option<String>) {
        fetch::check_url(&self.client, url, &self.opts).await
    }

    /// Fetches a page and, when it answered, the pictures its card names: the lead image
    /// and the site's icon (the one the page names, else `/favicon.ico`). One after the
    /// other, so a host never sees more requests at once than the per-host limit.
    pub async fn fetch_card(&self, url: &str) -> (Fetched, Pictures) {
        let mut fetched = self.fetch_url(url).await;
        let mut pictures = Pictures::default();
        if fetched.status == FetchStatus::Ok {
            if let Some(image) = &fetched.meta.image {
                pictures.image = fetch::fetch_picture(&self.client, image).await;
            }
            let page = fetched.final_url.as_deref().unwrap_or(url);
            let fallback = fetch::default_icon(page);
            if let Some(icon) = fetched.meta.logo.clone().or_else(|| fallback.clone()) {
                pictures.logo = fetch::fetch_picture(&self.client, &icon).await;
                // The `/favicon.ico` browsers look for when a page names no icon is the
                // card's logo only if the site has one.
                if pictures.logo.is_none() && Some(&icon) == fallback.as_ref() {
                    fetched.meta.logo = None;
                }
            }
        }
        (fetched, pictures)
    }

    /// Fetches one link and stores what was found.
    pub async fn refresh(&self, store: &Arc<Store>, link: Link) -> Result<Link> {
        let (fetched, pictures) = self.fetch_card(&link.url).await;
        let store = store.clone();
        tokio::task::spawn_blocking(move || record(&store, &link, fetched, pictures))
            .await
            .map_err(|e| Error::Internal(format!("storing a fetch result: {e}")))?
    }

    /// Fetches the links with these ids, reporting every change through `on`. Returns
    /// when all are done or, after `cancel`, when the running ones have stopped (a
    /// cancelled link is left exactly as it was).
    pub async fn fetch_all(
        &self,
        store: Arc<Store>,
        ids: &[LinkId],
        cancel: CancellationToken,
        on: impl Fn(&Progress) + Send + Sync + 'static,
    ) -> Result<Summary> {
        let links = {
            let store = store.clone();
            let ids = ids.to_vec();
            tokio::task::spawn_blocking(move || store.links_by_id(&ids))
                .await
                .map_err(|e| Error::Internal(format!("reading links: {e}")))??
        };
        let total = links.len();
        let on = Arc::new(on);
        let counts = Arc::new(Counts::default());
        let overall = Arc::new(Semaphore::new(self.concurrency));
        let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
        for link in &links {
            counts.report(&*on, None, link.id, FetchState::Queued, None, total);
        }
        let mut tasks = tokio::task::JoinSet::new();
        for link in links {
            let host = url::Url::parse(&link.normalized_url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default();
            let host_limit = hosts.entry(host).or_insert_with(|| Arc::new(Semaphore::new(self.per_host))).clone();
            let (overall, fetcher, store, cancel, on, counts) =
                (overall.clone(), self.clone(), store.clone(), cancel.clone(), on.clone(), counts.clone());
            tasks.spawn(async move {
                let id = link.id;
                let cancelled = || {
                    counts.report(&*on, Some(false), id, FetchState::Cancelled, None, total);
                    FetchOutcome::Cancelled
                };
                // The host's turn first, then a slot overall: a link waiting for a busy
                // host must not sit on a slot another host could use.
                let permits = tokio::select! {
                    _ = cancel.cancelled() => None,
                    p = async {
                        let h = host_limit.acquire_owned().await.ok()?;
                        let o = overall.acquire_owned().await.ok()?;
                        Some((h, o))
                    } => p,
                };
                let Some(_permits) = permits else {
                    return Ok(cancelled());
                };
                counts.report(&*on, None, id, FetchState::Running, None, total);
                let (fetched, pictures) = tokio::select! {
                    _ = cancel.cancelled() => return Ok(cancelled()),
                    f = fetcher.fetch_card(&link.url) => f,
                };
                let stored = match tokio::task::spawn_blocking(move || record(&store, &link, fetched, pictures))
                    .await
                    .map_err(|e| Error::Internal(format!("storing a fetch result: {e}")))?
                {
                    Ok(link) => link,
                    // Deleted from the inbox while it was being fetched: nothing to store.
                    Err(e) if e.kind() == crate::ErrorKind::NotFound => return Ok(cancelled()),
                    Err(e) => return Err(e),
                };
                let outcome = match stored.status {
                    FetchStatus::Ok => FetchOutcome::Ok,
                    FetchStatus::Blocked => FetchOutcome::Blocked,
                    _ => FetchOutcome::Failed,
                };
                let failed = outcome == FetchOutcome::Failed;
                let state = if failed { FetchState::Failed } else { FetchState::Done };
                counts.report(&*on, Some(failed), id, state, Some(stored), total);
                Ok::<_, Error>(outcome)
            });
        }
        let mut summary = Summary { total, ..Summary::default() };
        let mut first_error = None;
        while let Some(joined) = tasks.join_next().await {
            match joined.map_err(|e| Error::Internal(format!("a fetch task failed: {e}"))).and_then(|r| r) {
                Ok(FetchOutcome::Ok) => summary.ok += 1,
                Ok(FetchOutcome::Blocked) => summary.blocked += 1,
                Ok(FetchOutcome::Failed) => summary.failed += 1,
                Ok(FetchOutcome::Cancelled) => summary.cancelled += 1,
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(summary),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FetchOutcome {
    Ok,
    Blocked,
    Failed,
    Cancelled,
}

#[derive(Default)]
struct Counts {
    finished: AtomicUsize,
    failed: AtomicUsize,
    /// Held while a count changes and its event goes out, so events arrive in the order
    /// of their counts: a progress bar never moves back.
    reporting: std::sync::Mutex<()>,
}

impl Counts {
    /// Counts a finished link (`finished`: whether it failed), if it finished, and reports
    /// its new state.
    fn report(
        &self,
        on: &dyn Fn(&Progress),
        finished: Option<bool>,
        link_id: LinkId,
        state: FetchState,
        link: Option<Link>,
        total: usize,
    ) {
        let _in_order = self.reporting.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(failed) = finished {
            self.finish(failed);
        }
        on(&self.event(link_id, state, link, total));
    }

    fn finish(&self, failed: bool) {
        if failed {
            self.failed.fetch_add(1, Ordering::SeqCst);
        }
        self.finished.fetch_add(1, Ordering::SeqCst);
    }

    fn event(&self, link_id: LinkId, state: FetchState, link: Option<Link>, total: usize) -> Progress {
        Progress {
            link_id,
            state,
            link,
            total,
            finished: self.finished.load(Ordering::SeqCst),
            failed: self.failed.load(Ordering::SeqCst),
        }
    }
}

/// The pictures a card names, as downloaded (not yet processed).
#[derive(Debug, Clone, Default)]
pub struct Pictures {
    /// The card's lead image; `None` when there is none or it could not be downloaded.
    pub image: Option<Vec<u8>>,
    /// The site's icon; `None` when there is none or it could not be downloaded.
    pub logo: Option<Vec<u8>>,
}

/// Stores a fetch result. A failure never replaces a card that an earlier fetch found,
/// nor the title a browser drag carried; the author's overrides are never touched. The
/// pictures are processed and stored in the library (a picture that cannot be read is
/// left out); one that could not be downloaded again this time keeps the earlier copy.
pub fn record(store: &Store, link: &Link, fetched: Fetched, pictures: Pictures) -> Result<Link> {
    if fetched.status != FetchStatus::Ok && link.status == FetchStatus::Ok {
        return store.set_link_status(link.id, fetched.status, fetched.reason.as_deref());
    }
    let mut meta = link_meta(&fetched);
    if fetched.status != FetchStatus::Ok && link.meta.title.is_some() {
        meta.title = None; // keeps the dragged-in title over one made from the URL
    }
    let host = url::Url::parse(&link.normalized_url).ok().and_then(|u| u.host_str().map(str::to_owned));
    let host = host.unwrap_or_default();
    let keep = |bytes: Option<Vec<u8>>, source: String, width: u32, earlier: &Option<String>, same: bool| match bytes {
        Some(b) => store.add_image_within(&b, &source, width).ok().map(|a| a.image.name),
        None if same => earlier.clone(),
        None => None,
    };
    meta.image_name = keep(
        pictures.image,
        format!("picture of {host}"),
        crate::images::CARD_WIDTH,
        &link.meta.image_name,
        meta.image == link.meta.image,
    );
    meta.logo_name = keep(
        pictures.logo,
        format!("icon of {host}"),
        crate::images::ICON_WIDTH,
        &link.meta.logo_name,
        meta.logo == link.meta.logo,
    );
    store.set_link_fetch(link.id, &meta, fetched.status, fetched.reason.as_deref())
}

/// A fetch result in the store's terms.
pub fn link_meta(f: &Fetched) -> LinkMeta {
    let m = &f.meta;
    LinkMeta {
        final_url: f.final_url.clone(),
        canonical_url: m.url.clone(),
        title: m.title.clone(),
        description: m.description.clone(),
        publisher: m.publisher.clone(),
        author: m.author.clone(),
        published: m.date.clone(),
        image: m.image.clone(),
        logo: m.logo.clone(),
        lang: m.lang.clone(),
        kind: Some(m.kind.clone()).filter(|k| !k.is_empty()),
        handle: m.handle.clone(),
        likes: m.likes,
        views: m.views,
        words: m.words.map(i64::from),
        image_name: None,
        logo_name: None,
    }
}
