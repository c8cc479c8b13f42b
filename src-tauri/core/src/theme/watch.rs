//! Keeping themes current with the library's themes folder: [`LiveThemes`] holds the
//! loaded set and reloads it whole (never one file at a time, so a theme is never half
//! old and half new); [`watch`] reloads on debounced file events and reports only reloads
//! whose content changed. Native events (inotify, FSEvents) are used where they work;
//! where they cannot be set up, or `MASTHEAD_THEME_POLL=1` asks for it (network drives,
//! some containers), the folder is polled instead.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, FileIdMap, RecommendedCache};

use super::ThemeSet;
use crate::{Error, Result};

/// The theme set in use, and the folder it is reloaded from.
#[derive(Debug)]
pub struct LiveThemes {
    dir: Option<PathBuf>,
    current: RwLock<Arc<ThemeSet>>,
    reloading: Mutex<()>,
}

impl LiveThemes {
    /// Loads the built-in themes and those in `dir` (which need not exist yet).
    pub fn new(dir: Option<PathBuf>) -> LiveThemes {
        let set = ThemeSet::load(dir.as_deref(), None);
        LiveThemes { dir, current: RwLock::new(Arc::new(set)), reloading: Mutex::new(()) }
    }

    /// The folder themes are loaded from: `<library>/themes`.
    pub fn for_library(data_dir: &Path) -> LiveThemes {
        LiveThemes::new(Some(data_dir.join("themes")))
    }

    /// The folder the author's themes are read from; `None` for the built-in themes only.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The set in use now; a later reload replaces it but never changes one already handed out.
    pub fn current(&self) -> Arc<ThemeSet> {
        self.current.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// What the theme picker shows, from the set in use now.
    pub fn list(&self) -> super::ThemeList {
        let set = self.current();
        super::ThemeList {
            themes: set.list(),
            errors: set.errors.clone(),
            folder: self.dir.as_ref().map(|d| d.display().to_string()),
        }
    }

    /// Reads the folder again. Returns the new set when anything in it changed (content
    /// or errors), `None` when the files are as they were.
    pub fn reload(&self) -> Option<Arc<ThemeSet>> {
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|p| p.into_inner());
        let old = self.current();
        let new = ThemeSet::load(self.dir.as_deref(), Some(&old));
        if new.fingerprint == old.fingerprint && new.errors == old.errors {
            return None;
        }
        let new = Arc::new(new);
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = new.clone();
        Some(new)
    }
}

/// How the folder is watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchMode {
    /// The platform's file events, falling back to polling if they cannot be set up.
    Auto,
    /// Poll every interval (for folders where native events do not arrive).
    Poll(Duration),
}

/// Keeps the watch alive; dropping it stops watching.
pub struct ThemeWatcher {
    _native: Option<Debouncer<RecommendedWatcher, RecommendedCache>>,
    _poll: Option<Debouncer<PollWatcher, FileIdMap>>,
    /// Whether the folder is polled, because native file events could not be set up or polling was asked for.
    pub polling: bool,
}

const DEBOUNCE: Duration = Duration::from_millis(150);
const POLL_EVERY: Duration = Duration::from_millis(750);

/// Watches `themes`' folder (creating it so authors find it) and calls `on_change` with the
/// new set after each reload that changed something, from the watcher's thread.
pub fn watch(
    themes: Arc<LiveThemes>,
    mode: WatchMode,
    on_change: impl Fn(Arc<ThemeSet>) + Send + Sync + 'static,
) -> Result<ThemeWatcher> {
    let Some(dir) = themes.dir().map(Path::to_path_buf) else {
        return Err(Error::Invalid("there is no themes folder to watch".into()));
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io(format!("cannot create the themes folder {}", dir.display()), e))?;
    // Files may have changed between loading and watching.
    themes.reload();

    let on_change = Arc::new(on_change);
    let handler = {
        let themes = themes.clone();
        move |res: DebounceEventResult| {
            if res.is_ok() {
                if let Some(set) = themes.reload() {
                    on_change(set);
                }
            }
        }
    };

    let forced_poll = std::env::var_os("MASTHEAD_THEME_POLL").is_some_and(|v| v != "0" && !v.is_empty());
    let poll_every = match mode {
        WatchMode::Poll(d) => Some(d),
        WatchMode::Auto if forced_poll => Some(POLL_EVERY),
        WatchMode::Auto => None,
    };

    if poll_every.is_none() {
        let native = new_debouncer_opt::<_, RecommendedWatcher, _>(
            DEBOUNCE,
            None,
            handler.clone(),
            RecommendedCache::new(),
            notify::Config::default(),
        )
        .and_then(|mut d| d.watch(&dir, RecursiveMode::Recursive).map(|_| d));
        if let Ok(d) = native {
            return Ok(ThemeWatcher { _native: Some(d), _poll: None, polling: false });
        }
        // inotify watch limits, unsupported file systems: fall through to polling.
    }

    let config =
        notify::Config::default().with_poll_interval(poll_every.unwrap_or(POLL_EVERY)).with_compare_contents(true);
    let mut d = new_debouncer_opt::<_, PollWatcher, _>(DEBOUNCE, None, handler, FileIdMap::new(), config)
        .map_err(|e| Error::Invalid(format!("cannot watch the themes folder {}: {e}", dir.display())))?;
    d.watch(&dir, RecursiveMode::Recursive)
        .map_err(|e| Error::Invalid(format!("cannot watch the themes folder {}: {e}", dir.display())))?;
    Ok(ThemeWatcher { _native: None, _poll: Some(d), polling: true })
}
