//! Themes: folders of templates and CSS that turn an issue into a newsletter. Owns where
//! themes come from (built in, embedded from `assets/themes/`, plus the library's own
//! `themes/` folder), how a folder inherits from another (`extends`), and compiling a
//! theme into a template environment. What the templates receive is `render`'s business;
//! watching the folder is `watch`'s.
//!
//! A theme folder holds `theme.toml`, the templates of the outputs it supports
//! (`web.html`, `email.html`, `text.txt`, `issue.md`), `style.css` and any partials. A
//! folder in the library's themes folder with a built-in name overrides that theme file
//! by file; any other name adds a theme.

pub mod watch;

pub use watch::{LiveThemes, ThemeWatcher, WatchMode};

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{include_dir, Dir};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::render::filters;

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../assets/themes");

/// The outputs a theme can render and the template each one starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// The web page (`web.html`).
    Web,
    /// The email, before its CSS is inlined (`email.html`).
    Email,
    /// Plain text (`text.txt`), wrapped at 72 columns after rendering.
    Text,
    /// Markdown (`issue.md`).
    Markdown,
}

impl Format {
    /// Every output; a theme whose `theme.toml` lists none renders them all.
    pub const ALL: [Format; 4] = [Format::Web, Format::Email, Format::Text, Format::Markdown];

    /// The output's name in `theme.toml`, on the command line and in the templates' `format`:
    /// `web`, `email`, `text`, `markdown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Web => "web",
            Format::Email => "email",
            Format::Text => "text",
            Format::Markdown => "markdown",
        }
    }

    /// The output named `s` (as [`as_str`](Self::as_str) writes it); `None` for an unknown name.
    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The template an output starts from.
    pub fn template(self) -> &'static str {
        match self {
            Format::Web => "web.html",
            Format::Email => "email.html",
            Format::Text => "text.txt",
            Format::Markdown => "issue.md",
        }
    }
}

/// `theme.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Manifest {
    name: Option<String>,
    description: String,
    outputs: Option<Vec<Format>>,
    extends: Option<String>,
    /// A building block for other themes (the built-in `base`), not offered to authors.
    hidden: bool,
    /// Accepted so themes written for Masthead 0.1 still load; what a theme shows is now
    /// found by rendering it (`render::shown`).
    #[allow(dead_code)]
    reads: Option<Vec<String>>,
    /// Choices a theme offers (`citations = "per-item"`), seen by templates as `options`;
    /// a theme that extends another inherits its options and may change any of them.
    options: BTreeMap<String, toml::Value>,
}

/// What the theme picker and `masthead-cli themes list` show.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ThemeInfo {
    /// The theme's name: its folder's name.
    pub name: String,
    /// What `theme.toml` says the theme is for; empty when it says nothing.
    pub description: String,
    /// The outputs it renders: those `theme.toml` lists, else all four.
    pub outputs: Vec<Format>,
    /// Whether Masthead ships a theme of this name (a library folder may still override its files).
    pub built_in: bool,
    /// The folder in the library's themes folder that adds or overrides files, if any.
    pub folder: Option<String>,
    /// The author's fields this theme leaves out of some output, found by rendering a
    /// probe issue: the editor marks them, and the reading time skips what the web
    /// output leaves out.
    pub hidden: Vec<crate::render::HiddenField>,
    /// Coverage links show as cards unless the author chose a line (`link_cards = true`
    /// in the theme's options); otherwise as lines unless the author chose a card.
    pub link_cards: bool,
}

/// What the theme picker shows: every usable theme, the broken ones, and the folder an
/// author puts their own themes in.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ThemeList {
    /// Every theme that loaded, by name.
    pub themes: Vec<ThemeInfo>,
    /// The themes that failed to load, and where.
    pub errors: Vec<ThemeError>,
    /// The library's themes folder, where an author's own themes go; `None` without one.
    pub folder: Option<String>,
}

/// A broken theme, located as precisely as the template engine allows.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ThemeError {
    /// The theme's name.
    pub theme: String,
    /// The file at fault, its path inside the theme's folder (`web.html`, `theme.toml`).
    pub file: String,
    /// The line, counted from 1; `None` when not known.
    pub line: Option<u32>,
    /// The column, in characters from 1; `None` when not known.
    pub column: Option<u32>,
    /// What is wrong, in the template engine's words or Masthead's.
    pub message: String,
}

impl std::fmt::Display for ThemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "theme “{}”, {}", self.theme, self.file)?;
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, " line {l}, column {c}")?,
            (Some(l), None) => write!(f, " line {l}")?,
            _ => {}
        }
        write!(f, ": {}", self.message)
    }
}

/// One compiled theme.
#[derive(Debug)]
pub struct Theme {
    /// What the theme picker shows of it.
    pub info: ThemeInfo,
    pub(crate) env: minijinja::Environment<'static>,
    files: Arc<BTreeMap<String, String>>,
}

impl Theme {
    /// Turns an error from the template engine into one that names this theme's file,
    /// line and column.
    pub(crate) fn locate(&self, err: &minijinja::Error) -> ThemeError {
        locate(&self.info.name, &self.files, err)
    }

    /// Whether the theme has a template for `format`.
    pub fn supports(&self, format: Format) -> bool {
        self.info.outputs.contains(&format)
    }
}

/// Every theme an author can pick, plus the errors of those that failed to load.
#[derive(Debug, Default)]
pub struct ThemeSet {
    themes: BTreeMap<String, Arc<Theme>>,
    /// The themes that failed to load; one that loaded before keeps its last good version in the set.
    pub errors: Vec<ThemeError>,
    /// A hash of every file's name and content: a reload that finds the same value
    /// changed nothing (an editor touched a file, or saved the same bytes).
    pub fingerprint: u64,
}

impl ThemeSet {
    /// The built-in themes only.
    pub fn built_in() -> ThemeSet {
        ThemeSet::load(None, None)
    }

    /// Built-in themes overlaid with the folders in `dir`. A theme that fails to compile
    /// is reported in `errors`; if `previous` holds a good version of it, that version
    /// stays, so a half-edited template never takes a working theme away.
    pub fn load(dir: Option<&Path>, previous: Option<&ThemeSet>) -> ThemeSet {
        let mut errors = Vec::new();
        let mut sources: BTreeMap<String, Source> = BTreeMap::new();
        for theme_dir in BUILT_IN.dirs() {
            let name = file_name(theme_dir.path());
            let mut files = BTreeMap::new();
            collect_embedded(theme_dir, theme_dir.path(), &mut files);
            sources.insert(name, Source { files, built_in: true, folder: None });
        }
        if let Some(dir) = dir {
            read_user_themes(dir, &mut sources, &mut errors);
        }

        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for (name, src) in &sources {
            name.hash(&mut hasher);
            src.files.hash(&mut hasher);
        }
        let fingerprint = hasher.finish();

        let mut themes = BTreeMap::new();
        for name in sources.keys() {
            match compile(name, &sources) {
                Ok(Some(theme)) => {
                    themes.insert(name.clone(), Arc::new(theme));
                }
                Ok(None) => {} // hidden
                Err(e) => {
                    if let Some(good) = previous.and_then(|p| p.themes.get(name)) {
                        themes.insert(name.clone(), good.clone());
                    }
                    errors.push(e);
                }
            }
        }
        ThemeSet { themes, errors, fingerprint }
    }

    /// The theme called `name`, if it loaded.
    pub fn get(&self, name: &str) -> Option<&Arc<Theme>> {
        self.themes.get(name)
    }

    /// The theme called `name`, or a clear error listing the ones that exist.
    pub fn require(&self, name: &str) -> crate::Result<&Arc<Theme>> {
        if let Some(t) = self.themes.get(name) {
            return Ok(t);
        }
        if let Some(e) = self.errors.iter().find(|e| e.theme == name) {
            return Err(crate::Error::Theme(e.clone()));
        }
        let known: Vec<&str> = self.themes.keys().map(String::as_str).collect();
        Err(crate::Error::Invalid(format!("there is no theme called “{name}” (themes: {})", known.join(", "))))
    }

    /// What the theme picker shows of every theme, by name.
    pub fn list(&self) -> Vec<ThemeInfo> {
        self.themes.values().map(|t| t.info.clone()).collect()
    }
}

struct Source {
    files: BTreeMap<String, String>,
    built_in: bool,
    folder: Option<PathBuf>,
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn collect_embedded(dir: &Dir<'static>, root: &Path, out: &mut BTreeMap<String, String>) {
    for f in dir.files() {
        if let (Ok(rel), Some(text)) = (f.path().strip_prefix(root), f.contents_utf8()) {
            out.insert(rel.to_string_lossy().replace('\\', "/"), text.to_owned());
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, root, out);
    }
}

/// Files a theme folder may hold; anything else (editor backups, `.DS_Store`) is ignored.
fn is_theme_file(name: &str) -> bool {
    !name.starts_with('.') && [".html", ".txt", ".md", ".css", ".toml", ".jinja"].iter().any(|ext| name.ends_with(ext))
}

fn read_user_themes(dir: &Path, sources: &mut BTreeMap<String, Source>, errors: &mut Vec<ThemeError>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut folders: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    for folder in folders {
        let name = file_name(&folder);
        if name.starts_with('.') {
            continue;
        }
        let src = sources.entry(name.clone()).or_insert_with(|| Source {
            files: BTreeMap::new(),
            built_in: false,
            folder: None,
        });
        src.folder = Some(folder.clone());
        let mut error = |file: String, message: String| {
            errors.push(ThemeError { theme: name.clone(), file, line: None, column: None, message })
        };
        // Links are followed only to files inside the theme's own folder (a loop, or a
        // link to /dev/zero or elsewhere on the disk, is never read).
        let Ok(root) = folder.canonicalize() else { continue };
        let mut total = 0u64;
        let mut stack = vec![(folder.clone(), 0usize)];
        while let Some((d, depth)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                let fname = file_name(&p);
                let rel = p.strip_prefix(&folder).unwrap_or(&p).to_string_lossy().replace('\\', "/");
                let Ok(kind) = e.file_type() else { continue };
                if kind.is_dir() {
                    if !fname.starts_with('.') && depth < MAX_THEME_DEPTH {
                        stack.push((p, depth + 1));
                    }
                    continue;
                }
                if !is_theme_file(&fname) {
                    continue;
                }
                let inside = p.canonicalize().is_ok_and(|real| real.starts_with(&root));
                let meta = std::fs::metadata(&p);
                if kind.is_symlink() && !inside {
                    error(rel, "a link to somewhere outside the theme's folder; copy the file in instead".into());
                    continue;
                }
                match meta {
                    Ok(m) if !m.is_file() => {
                        error(rel, "not a regular file (a pipe or a device); a theme file is a text file".into())
                    }
                    Ok(m) if m.len() > MAX_THEME_FILE => error(
                        rel,
                        format!("{} KB; a theme file may be {} KB at most", m.len() / 1024, MAX_THEME_FILE / 1024),
                    ),
                    Ok(m) if total + m.len() > MAX_THEME_BYTES => error(
                        rel,
                        format!(
                            "the theme's files pass {} MB together; that is the most a theme may hold",
                            MAX_THEME_BYTES >> 20
                        ),
                    ),
                    Ok(m) => match read_capped(&p, MAX_THEME_FILE).map(String::from_utf8) {
                        Ok(Ok(text)) => {
                            total += m.len();
                            src.files.insert(rel, text);
                        }
                        Ok(Err(_)) => error(rel, "the file is not UTF-8 text; save it as UTF-8".into()),
                        Err(e) => error(rel, format!("cannot read the file: {e}")),
                    },
                    Err(e) => error(rel, format!("cannot read the file: {e}")),
                }
            }
        }
    }
}

/// How deep folders in a theme may nest (`partials/email/…`), the most one file may
/// hold, and the most a whole theme may: far beyond real themes, well short of trouble.
const MAX_THEME_DEPTH: usize = 8;
const MAX_THEME_FILE: u64 = 1 << 20;
const MAX_THEME_BYTES: u64 = 10 << 20;

/// Reads at most `cap` bytes (the file may grow after it was measured).
fn read_capped(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(cap).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Resolves `extends` and compiles every template of the theme, so a syntax error is
/// found when the theme loads, not halfway through a render.
fn compile(name: &str, sources: &BTreeMap<String, Source>) -> Result<Option<Theme>, ThemeError> {
    let err = |file: &str, message: String| ThemeError {
        theme: name.to_owned(),
        file: file.to_owned(),
        line: None,
        column: None,
        message,
    };
    let src = &sources[name];
    let manifest = parse_manifest(name, src.files.get("theme.toml"))?;
    if manifest.hidden {
        return Ok(None);
    }
    if let Some(n) = &manifest.name {
        if n != name {
            return Err(err(
                "theme.toml",
                format!("name is “{n}” but the folder is called “{name}”; rename one to match"),
            ));
        }
    }

    // Files from the furthest ancestor first, each descendant overriding.
    let mut chain = vec![name.to_owned()];
    let mut manifests = vec![manifest.clone()];
    let mut parent = manifest.extends.clone();
    while let Some(p) = parent {
        if chain.contains(&p) {
            return Err(err("theme.toml", format!("“extends” goes round in a circle: {} → {p}", chain.join(" → "))));
        }
        let Some(psrc) = sources.get(&p) else {
            return Err(err("theme.toml", format!("extends “{p}”, which is not a theme")));
        };
        chain.push(p.clone());
        let m = parse_manifest(&p, psrc.files.get("theme.toml"))?;
        parent = m.extends.clone();
        manifests.push(m);
    }
    let mut options = BTreeMap::new();
    for m in manifests.iter().rev() {
        options.extend(m.options.clone());
    }
    let mut files = BTreeMap::new();
    for t in chain.iter().rev() {
        for (f, text) in &sources[t].files {
            files.insert(f.clone(), text.clone());
        }
    }
    let files = Arc::new(files);

    let outputs = manifest.outputs.clone().unwrap_or_else(|| Format::ALL.to_vec());
    for f in &outputs {
        if !files.contains_key(f.template()) {
            return Err(err(
                "theme.toml",
                format!("lists the {} output but there is no {} template", f.as_str(), f.template()),
            ));
        }
    }

    let mut env = environment();
    env.add_global("options", minijinja::Value::from_serialize(&options));
    for (file, text) in files.iter() {
        if file.ends_with(".toml") {
            continue;
        }
        if let Err(e) = env.add_template_owned(file.clone(), text.clone()) {
            return Err(locate(name, &files, &e));
        }
    }

    let mut theme = Theme {
        info: ThemeInfo {
            name: name.to_owned(),
            description: manifest.description.clone(),
            outputs,
            built_in: src.built_in,
            folder: src.folder.as_ref().map(|p| p.display().to_string()),
            hidden: Vec::new(),
            link_cards: options.get("link_cards").and_then(toml::Value::as_bool).unwrap_or(false),
        },
        env,
        files,
    };
    theme.info.hidden = crate::render::shown::hidden_fields(&theme);
    Ok(Some(theme))
}

fn parse_manifest(name: &str, text: Option<&String>) -> Result<Manifest, ThemeError> {
    let Some(text) = text else {
        return Err(ThemeError {
            theme: name.to_owned(),
            file: "theme.toml".into(),
            line: None,
            column: None,
            message: "missing; a theme folder needs a theme.toml (at least `description = \"…\"` and `extends = \"weekly\"` to start from a built-in theme)".into(),
        });
    };
    toml::from_str::<Manifest>(text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(text, s.start)).unzip();
        ThemeError { theme: name.to_owned(), file: "theme.toml".into(), line, column, message: e.message().to_owned() }
    })
}

/// The environment every theme compiles into: autoescape for HTML (and nothing else),
/// trimmed blocks so text templates read like their output, and Masthead's filters.
fn environment() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    // A loop that never ends (a typo in a user's theme) stops with an error instead of
    // freezing the preview, which renders on every keystroke.
    env.set_fuel(Some(crate::render::TEMPLATE_FUEL));
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    // minijinja's HTML escaping also writes `/` as `&#x2f;`, which is safe but turns every
    // URL into noise and costs email bytes; these five characters are all that matter in
    // element content and quoted attributes.
    env.set_formatter(|out, state, value| {
        if state.auto_escape() == minijinja::AutoEscape::Html
            && !value.is_safe()
            && !value.is_undefined()
            && !value.is_none()
        {
            let write_err = |_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write the output");
            return match value.as_str() {
                Some(s) => crate::render::escape_html_into(out, s).map_err(write_err),
                None => crate::render::escape_html_into(out, &value.to_string()).map_err(write_err),
            };
        }
        minijinja::escape_formatter(out, state, value)
    });
    filters::register(&mut env);
    env
}

fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let mut end = offset;
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) as u32 + 1;
    (line, col)
}

fn locate(theme: &str, files: &BTreeMap<String, String>, e: &minijinja::Error) -> ThemeError {
    // An error inside an included or imported template arrives wrapped in the error of
    // the template that included it; the innermost one says where the mistake is.
    let mut e = e;
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(inner) = s.downcast_ref::<minijinja::Error>() {
            if inner.name().is_some() {
                e = inner;
            }
        }
        source = s.source();
    }
    let file = e.name().unwrap_or("?").to_owned();
    let (line, column) = match (e.range(), files.get(&file)) {
        (Some(r), Some(text)) => {
            let (l, c) = line_col(text, r.start);
            (Some(l), Some(c))
        }
        _ => (e.line().map(|l| l as u32), None),
    };
    let mut message = match e.kind() {
        minijinja::ErrorKind::OutOfFuel => format!(
            "the template did not finish within {} million steps: a loop that never ends, or loops inside loops?",
            crate::render::TEMPLATE_FUEL / 1_000_000
        ),
        _ => e.kind().to_string(),
    };
    if let Some(d) = e.detail() {
        message = format!("{message}: {d}");
    }
    ThemeError { theme: theme.to_owned(), file, line, column, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_themes_compile_and_base_is_hidden() {
        let set = ThemeSet::built_in();
        assert!(set.errors.is_empty(), "{:?}", set.errors);
        let names: Vec<String> = set.list().into_iter().map(|t| t.name).collect();
        assert_eq!(names, ["briefing", "digest", "weekly"]);
        for t in set.list() {
            assert_eq!(t.outputs, Format::ALL.to_vec(), "{}", t.name);
            assert!(t.built_in);
        }
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_col("ab\ncdé{{", 7), (2, 4));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
