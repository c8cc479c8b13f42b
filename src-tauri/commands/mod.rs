//! Tauri commands: one-to-five-line adapters from IPC calls to `masthead_core`.
//!
//! Every command runs off the main thread (`async`), returns the core's data types, and
//! reports failures as [`ErrorPayload`] (a stable `kind` plus a message for the author).

pub mod capture;
pub mod desktop;
pub mod export;
pub mod feeds;
pub mod images;
pub mod issues;
pub mod items;
pub mod library;
pub mod links;
pub mod publish;
pub mod render;
pub mod revisions;
pub mod search;
pub mod settings;
pub mod stories;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use masthead_core::error::ErrorPayload;
use masthead_core::links::fetch::FetchOptions;
use masthead_core::links::inbox::{CancellationToken, Fetcher};
use masthead_core::store::Changes;
use masthead_core::theme::LiveThemes;
use masthead_core::Store;

pub type CmdResult<T> = Result<T, ErrorPayload>;

/// The open library, or why it could not be opened (the window then offers recovery).
pub struct AppState {
    dir: PathBuf,
    store: RwLock<Result<Arc<Store>, ErrorPayload>>,
    /// Built-in themes plus the library's `themes/` folder, kept current by the watcher.
    pub themes: Arc<LiveThemes>,
    /// Fetches inbox links (one HTTP client for the app's life, connections reused).
    pub fetcher: Fetcher,
    /// Cancels the fetches under way; each batch runs under a child of it.
    pub fetching: Mutex<CancellationToken>,
    /// Hears what each of the store's commits changed (the shell tells the window).
    relay: Relay,
}

/// Where the open store's changes go: set once the window exists, and kept across a
/// restore (which opens a new store).
type Relay = Arc<std::sync::OnceLock<Box<dyn Fn(&Changes) + Send + Sync>>>;

impl AppState {
    /// Opens the library of `$MASTHEAD_DATA_DIR` or the platform data directory, adding
    /// the sample issue to a brand-new one.
    pub fn open_default() -> AppState {
        match masthead_core::library::data_dir() {
            Ok(dir) => AppState::open(dir),
            Err(e) => AppState::with(PathBuf::new(), Err(e.into()), Arc::new(LiveThemes::new(None))),
        }
    }

    pub fn open(dir: PathBuf) -> AppState {
        let store = masthead_core::library::open_with_sample(&dir).map(Arc::new).map_err(ErrorPayload::from);
        let themes = Arc::new(LiveThemes::for_library(&dir));
        AppState::with(dir, store, themes)
    }

    fn with(dir: PathBuf, store: Result<Arc<Store>, ErrorPayload>, themes: Arc<LiveThemes>) -> AppState {
        let relay = Relay::default();
        AppState {
            dir,
            store: RwLock::new(store.inspect(|s| relay_changes(s, &relay))),
            themes,
            fetcher: Fetcher::new(FetchOptions::default()),
            fetching: Mutex::default(),
            relay,
        }
    }

    /// Calls `tell` with what each commit of the library changed, from now on (also after
    /// a restore). Only the first call counts.
    pub fn on_change(&self, tell: impl Fn(&Changes) + Send + Sync + 'static) {
        let _ = self.relay.set(Box::new(tell));
    }

    /// The open store, or the error that keeps it closed.
    pub fn store(&self) -> CmdResult<Arc<Store>> {
        self.store.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Puts `store` in place of the open one; the window is told of its commits as of the
    /// one before (a restored or fresh library is followed like the first).
    fn replace(&self, store: Result<Arc<Store>, ErrorPayload>) {
        let store = store.inspect(|s| relay_changes(s, &self.relay));
        *self.store.write().unwrap_or_else(|p| p.into_inner()) = store;
    }

    /// Replaces the library with a backup: stops fetches, closes the library, restores (the
    /// core checks the backup first and keeps the replaced file beside it), and opens the
    /// library again, restored or, when the backup was refused, as it was.
    pub fn restore(&self, backup: &std::path::Path) -> CmdResult<masthead_core::export::backup::Restored> {
        {
            let mut token = self.fetching.lock().unwrap_or_else(|p| p.into_inner());
            token.cancel();
            *token = CancellationToken::new();
        }
        let closed = masthead_core::Error::Invalid("the library is being restored from a backup".into());
        self.replace(Err(closed.into()));
        let restored = masthead_core::export::backup::restore(&self.dir, backup);
        self.replace(masthead_core::library::open_with_sample(&self.dir).map(Arc::new).map_err(ErrorPayload::from));
        Ok(restored?)
    }

    /// Moves a library that cannot be opened aside (kept beside it) and opens a fresh one
    /// with the sample; refused while the library is open and healthy. Returns its path.
    pub fn start_fresh(&self) -> CmdResult<PathBuf> {
        if self.store().is_ok() {
            return Err(
                masthead_core::Error::Invalid("the library is open and healthy; nothing was moved".into()).into()
            );
        }
        let path = self.library_path();
        if path.exists() {
            masthead_core::store::move_aside(&path)?;
        }
        self.replace(masthead_core::library::open_with_sample(&self.dir).map(Arc::new).map_err(ErrorPayload::from));
        Ok(path)
    }

    fn library_path(&self) -> PathBuf {
        self.dir.join(masthead_core::store::LIBRARY_FILE)
    }
}

fn relay_changes(store: &Store, relay: &Relay) {
    let relay = relay.clone();
    store.on_change(move |changes| {
        if let Some(tell) = relay.get() {
            tell(changes);
        }
    });
}

/// Runs a core call against the open store and converts its error.
pub(crate) fn with_store<T>(state: &AppState, f: impl FnOnce(&Store) -> masthead_core::Result<T>) -> CmdResult<T> {
    let store = state.store()?;
    f(&store).map_err(ErrorPayload::from)
}
