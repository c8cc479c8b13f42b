//! Shared helpers of the end-to-end tests: start `tauri-driver` (which starts
//! WebKitWebDriver and the real app) with a library folder of the test's own, then
//! drive the window through WebDriver with fantoccini.
//!
//! Each `Session` is one launch of the app; dropping or `quit`ting it closes the app, and
//! a new `Session` on the same folder is the author starting Masthead again.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::process::{Child, Command};

pub struct Session {
    pub client: Client,
    driver: Child,
}

/// The built app: `$MASTHEAD_APP`, else `target/debug/masthead` of this workspace.
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("MASTHEAD_APP") {
        return PathBuf::from(p);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    target
        .join("debug/masthead")
        .canonicalize()
        .expect("build the app first: cargo build -p masthead --features custom-protocol")
}

/// Where screenshots go (`target/e2e-shots/`).
pub fn shots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-shots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A web server on loopback for the window's link fetches: `page(path)` answers each
/// request with a status line (`"200 OK"`) and an HTML body, after `delay`. Returns its
/// base URL.
pub fn serve_pages<F>(delay: Duration, page: F) -> String
where
    F: Fn(&str) -> (&'static str, String) + Send + Sync + 'static,
{
    serve_files(delay, move |path| {
        let (status, body) = page(path);
        (status, "text/html; charset=utf-8", body.into_bytes())
    })
}

/// [`serve_pages`] for any file: `file(path)` gives the status, the content type and the
/// bytes (a page's picture). The shared loopback server underneath.
pub fn serve_files<F>(delay: Duration, file: F) -> String
where
    F: Fn(&str) -> (&'static str, &'static str, Vec<u8>) + Send + Sync + 'static,
{
    masthead_test_support::http::Server::start(move |r| {
        let (status, content_type, body) = file(&r.path);
        let code = status.split(' ').next().and_then(|c| c.parse().ok()).unwrap_or(500);
        masthead_test_support::http::Response::new(code, content_type, body).after(delay)
    })
    .base
}

/// A request an API server got: method, path, headers (lower-case names) and JSON body.
#[derive(Debug, Clone)]
pub struct ApiRequest {
    pub method: String,
    pub path: String,
    pub headers: std::collections::HashMap<String, String>,
    pub body: serde_json::Value,
}

/// A loopback JSON API (an email service's, in a test) on the shared server: answers
/// with `answer`'s status and JSON, and keeps every request. Returns its base URL.
pub fn serve_api<F>(answer: F) -> (String, std::sync::Arc<std::sync::Mutex<Vec<ApiRequest>>>)
where
    F: Fn(&ApiRequest) -> (u16, serde_json::Value) + Send + Sync + 'static,
{
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let server = masthead_test_support::http::Server::start(move |r| {
        let req =
            ApiRequest { method: r.method.clone(), path: r.path.clone(), headers: r.headers.clone(), body: r.json() };
        log.lock().unwrap().push(req.clone());
        let (status, json) = answer(&req);
        masthead_test_support::http::Response::json(status, json)
    });
    (server.base, seen)
}

/// A `w` × `h` PNG of soft colour bands, like a page's lead picture.
pub fn picture_png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().unwrap();
        let data: Vec<u8> = (0..h)
            .flat_map(|y| (0..w).flat_map(move |x| [(40 + x * 160 / w) as u8, (90 + y * 120 / h) as u8, 170]))
            .collect();
        writer.write_image_data(&data).unwrap();
    }
    out
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Session {
    /// Launches the app on the library in `data_dir`.
    pub async fn start(data_dir: &Path) -> Session {
        Self::start_with(data_dir, &[]).await
    }

    /// Launches the app on `data_dir` with extra environment (a `PATH` with a recording
    /// `xdg-open` first, say). The first start's welcome is skipped, as a hurried author
    /// would (`first_start` keeps it).
    pub async fn start_with(data_dir: &Path, env: &[(&str, std::ffi::OsString)]) -> Session {
        let s = Self::first_start(data_dir, env).await;
        s.skip_welcome().await;
        s
    }

    /// Skips the first start's welcome, if it is shown.
    pub async fn skip_welcome(&self) {
        if let Ok(skip) = self.client.find(Locator::Css("[data-testid=welcome-skip]")).await {
            skip.click().await.unwrap();
            self.wait_gone("[data-testid=welcome]").await;
        }
    }

    /// Launches the app and leaves the first start's welcome (if any) open.
    pub async fn first_start(data_dir: &Path, env: &[(&str, std::ffi::OsString)]) -> Session {
        // The app is ready once its sidebar is drawn (the welcome, if any, with it).
        Self::launch_with(&app_binary(), data_dir, "[data-testid=issue-list], [data-testid=recovery]", env).await
    }

    /// Launches the app as the desktop does for a link it hands to Masthead: with the link
    /// as its one argument.
    pub async fn start_opening(data_dir: &Path, env: &[(&str, std::ffi::OsString)], link: &str) -> Session {
        let ready = "[data-testid=issue-list], [data-testid=recovery]";
        let s = Self::launch_args(&app_binary(), data_dir, ready, env, &[link]).await;
        s.skip_welcome().await;
        s
    }

    /// Launches `app` (any Tauri app) on `data_dir` and waits for `ready` to be drawn.
    pub async fn launch(app: &Path, data_dir: &Path, ready: &str) -> Session {
        Self::launch_with(app, data_dir, ready, &[]).await
    }

    async fn launch_with(app: &Path, data_dir: &Path, ready: &str, env: &[(&str, std::ffi::OsString)]) -> Session {
        Self::launch_args(app, data_dir, ready, env, &[]).await
    }

    async fn launch_args(
        app: &Path,
        data_dir: &Path,
        ready: &str,
        env: &[(&str, std::ffi::OsString)],
        args: &[&str],
    ) -> Session {
        let (port, native) = (free_port(), free_port());
        let driver_bin = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        let driver = Command::new(driver_bin)
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("MASTHEAD_DATA_DIR", data_dir)
            // The web view keeps its own storage (pane widths, preview choices) under the
            // XDG folders: one per test, so no test sees another's.
            .env("XDG_DATA_HOME", data_dir.join("xdg-data"))
            .env("XDG_CACHE_HOME", data_dir.join("xdg-cache"))
            // Window size and position (the window-state plugin) and the log live here.
            .env("XDG_CONFIG_HOME", data_dir.join("xdg-config"))
            .envs(env.iter().map(|(k, v)| (*k, v)))
            // Never inherit the test's stdout/stderr: WebKitWebDriver and the app would hold
            // those pipes open after the test and hang whoever reads them.
            .stdout(Stdio::null())
            .stderr(driver_log(port))
            .kill_on_drop(true)
            .spawn()
            .expect("tauri-driver must be installed (cargo install tauri-driver --version ^2 --locked)");

        let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": app, "args": args }
        }))
        .unwrap();
        // Connecting hangs forever without a display, so it gets a deadline; tauri-driver
        // also needs a moment before it listens.
        let deadline = Instant::now() + Duration::from_secs(60);
        let client = loop {
            let attempt = tokio::time::timeout(
                Duration::from_secs(30),
                ClientBuilder::new(HttpConnector::new())
                    .capabilities(caps.clone())
                    .connect(&format!("http://127.0.0.1:{port}")),
            )
            .await;
            match attempt {
                Ok(Ok(c)) => break c,
                _ if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(250)).await,
                Ok(Err(e)) => panic!("could not start a WebDriver session: {e}"),
                Err(_) => panic!("WebDriver session did not start within 60 s (is DISPLAY set? run under xvfb-run)"),
            }
        };
        let s = Session { client, driver };
        s.wait_for(ready).await;
        s
    }

    /// The processes this session started: the app and its WebKit helpers (tauri-driver
    /// and WebKitWebDriver left out), for measuring memory.
    pub fn app_processes(&self) -> Vec<u32> {
        let Some(root) = self.driver.id() else { return Vec::new() };
        let mut parent = std::collections::HashMap::new();
        let mut name = std::collections::HashMap::new();
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { continue };
            // `pid (comm) state ppid …`: comm may hold spaces, so read from the last ')'.
            let Some(close) = stat.rfind(')') else { continue };
            let comm = stat[stat.find('(').map_or(0, |i| i + 1)..close].to_string();
            let ppid = stat[close + 1..].split_whitespace().nth(1).and_then(|p| p.parse::<u32>().ok());
            if let Some(ppid) = ppid {
                parent.insert(pid, ppid);
                name.insert(pid, comm);
            }
        }
        let descends = |mut pid: u32| loop {
            match parent.get(&pid) {
                Some(&p) if p == root => return true,
                Some(&p) if p > 1 => pid = p,
                _ => return false,
            }
        };
        parent
            .keys()
            .copied()
            .filter(|&pid| descends(pid))
            .filter(|pid| !name[pid].starts_with("WebKitWebDrive") && !name[pid].starts_with("tauri-driver"))
            .collect()
    }

    /// Closes the app and stops the drivers (SIGTERM, so tauri-driver stops WebKitWebDriver).
    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        if let Some(pid) = self.driver.id() {
            sigterm(pid);
        }
        let _ = tokio::time::timeout(Duration::from_secs(10), self.driver.wait()).await;
    }

    pub async fn find(&self, css: &str) -> Element {
        self.wait_for(css).await
    }

    /// Every element matching `css`. A query that races a re-render (WebKitWebDriver then
    /// reports a stale element) is asked again.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        let mut tries = 0;
        loop {
            match self.client.find_all(Locator::Css(css)).await {
                Ok(all) => return all,
                Err(e) if tries < 5 => {
                    tries += 1;
                    eprintln!("find_all({css:?}) raced a re-render ({e}); asking again");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(e) => panic!("find_all({css:?}): {e}"),
            }
        }
    }

    /// Waits up to 10 s for an element to exist.
    pub async fn wait_for(&self, css: &str) -> Element {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(e) = self.client.find(Locator::Css(css)).await {
                return e;
            }
            assert!(Instant::now() < deadline, "no element matches {css:?} after 10 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits up to 10 s until no element matches `css` (a dialog has closed, say).
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.client.find(Locator::Css(css)).await.is_ok() {
            assert!(Instant::now() < deadline, "{css:?} is still there after 10 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits up to 10 s until `css`'s text equals `want`.
    pub async fn wait_text(&self, css: &str, want: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(e) = self.client.find(Locator::Css(css)).await {
                last = text_of(&e).await;
                if last.trim() == want {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.screenshot("failed-wait").await;
        let html = self.client.source().await.unwrap_or_default();
        std::fs::write(shots_dir().join("failed-wait.html"), html).ok();
        panic!("{css:?} shows {last:?}, expected {want:?} (see target/e2e-shots/failed-wait.*)");
    }

    /// Moves the pointer over an element, as a person does before clicking a control that
    /// only shows on hover (the issue row's actions).
    pub async fn hover(&self, css: &str) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction};
        let element = self.find(css).await;
        let mouse = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
            element,
            duration: None,
            x: 0.0,
            y: 0.0,
        });
        self.client.perform_actions(mouse).await.unwrap();
    }

    pub async fn value(&self, css: &str) -> String {
        self.find(css).await.prop("value").await.unwrap().unwrap_or_default()
    }

    /// Waits up to 10 s until the preview frame's document contains `want`, and returns it
    /// (serialized by the browser: text is escaped as `&lt;`, attributes are double-quoted).
    pub async fn wait_preview(&self, want: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut last = String::new();
        while Instant::now() < deadline {
            // The document the frame shows (the preview updates it in place, so `srcdoc`
            // holds only the first render).
            let shown = self
                .client
                .execute(
                    "return document.querySelector('[data-testid=preview-frame]')?.contentDocument?.documentElement?.outerHTML ?? ''",
                    vec![],
                )
                .await;
            if let Ok(v) = shown {
                last = v.as_str().unwrap_or_default().to_string();
                if last.contains(want) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.screenshot("failed-preview").await;
        std::fs::write(shots_dir().join("failed-preview.html"), &last).ok();
        panic!("the preview never showed {want:?} (see target/e2e-shots/failed-preview.*)");
    }

    /// Drags `from` onto `to` as a person does with the mouse: the page's own `dragstart`
    /// handler fills the drag data, then `dragover` and `drop` reach the target. (WebDriver's
    /// pointer actions do not start HTML drag and drop in WebKitGTK, so the events are sent
    /// from a script; only the operating system's part of the drag is left out.)
    pub async fn drag(&self, from: &str, to: &str) {
        let script = r#"
            const [from, to] = [document.querySelector(arguments[0]), document.querySelector(arguments[1])];
            if (!from || !to) return "missing";
            const dt = new DataTransfer();
            const ev = (type) => new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true });
            from.dispatchEvent(ev("dragstart"));
            to.dispatchEvent(ev("dragenter"));
            const over = ev("dragover");
            to.dispatchEvent(over);
            to.dispatchEvent(ev("drop"));
            from.dispatchEvent(ev("dragend"));
            return over.defaultPrevented ? "accepted" : "refused";
        "#;
        let said = self.client.execute(script, vec![from.into(), to.into()]).await.unwrap();
        assert_eq!(said.as_str(), Some("accepted"), "dragging {from:?} onto {to:?}");
    }

    /// Empties a Markdown editor as a person does: click into it, select all, delete.
    pub async fn clear_editor(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
        self.keys("\u{E009}a").await; // Ctrl+A
        self.keys("\u{E003}").await; // Backspace
        let deadline = Instant::now() + Duration::from_secs(5);
        while !self.value(css).await.is_empty() {
            assert!(Instant::now() < deadline, "{css:?} did not empty");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Presses keys on the focused element (`\u{E009}` is Ctrl, `\u{E00A}` Alt, `\u{E008}` Shift).
    pub async fn keys(&self, keys: &str) {
        self.client.perform_actions(chord(keys)).await.unwrap();
        self.client.release_actions().await.unwrap();
    }

    /// The `data-testid` of the element that has keyboard focus ("" for none).
    pub async fn focused(&self) -> String {
        let v = self
            .client
            .execute("return document.activeElement?.getAttribute('data-testid') ?? ''", vec![])
            .await
            .unwrap();
        v.as_str().unwrap_or_default().to_string()
    }

    /// Scrolls `css` into the middle of its scrolling box (a long dialog's lower part), as
    /// the author would before clicking it: WebKitWebDriver does not scroll inside a dialog.
    pub async fn reveal(&self, css: &str) -> Element {
        let e = self.find(css).await;
        self.client
            .execute("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", vec![css.into()])
            .await
            .unwrap();
        e
    }

    /// Gives keyboard focus to `css`, as Tab would (for rows that a click would also open).
    pub async fn focus(&self, css: &str) {
        self.find(css).await;
        self.client.execute("document.querySelector(arguments[0]).focus()", vec![css.into()]).await.unwrap();
    }

    /// Presses keys that end the app (Ctrl+Q): the driver may lose the window before the
    /// keys are released, which is then no error.
    pub async fn keys_to_quit(&self, keys: &str) {
        let _ = self.client.perform_actions(chord(keys)).await;
    }

    /// The document title of the app's page (what a planted script would try to change).
    pub async fn client_title(&self) -> String {
        self.client.title().await.unwrap_or_default()
    }

    /// The trimmed `textContent` of every element matching `css`, read in one step in the
    /// page (so a re-render between finding and reading cannot leave stale elements).
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let v = self
            .client
            .execute(
                "return Array.from(document.querySelectorAll(arguments[0]), (e) => e.textContent.trim())",
                vec![css.into()],
            )
            .await
            .unwrap();
        serde_json::from_value(v).unwrap()
    }

    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(shots_dir().join(format!("{name}.png")), png).unwrap();
    }
}

/// A folder with an `xdg-open` that writes each address it is asked to open, one a line,
/// to `opened.txt` beside it: put first on `PATH`, it is the desktop's browser for a test.
pub fn recording_opener(dir: &Path) -> (std::ffi::OsString, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join("opened.txt");
    let script = bin.join("xdg-open");
    std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display())).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut path = std::ffi::OsString::from(&bin);
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    (path, log)
}

/// The X window of the system dialog titled `title` (a GTK file chooser), once shown.
pub async fn dialog_window(title: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = std::process::Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", &format!("^{title}$")])
            .output()
            .expect("xdotool must be installed (the quick start installs it)");
        if let Some(id) = String::from_utf8_lossy(&out.stdout).lines().last() {
            return id.to_owned();
        }
        assert!(Instant::now() < deadline, "no “{title}” dialog after 10 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Presses keys in the system dialog titled `title` as a person does: focus it, then real
/// key events (XTEST) — `type:TEXT` types text, anything else is a key (`Return`,
/// `ctrl+a`). WebDriver reaches only the page, so the native dialogs are driven this way.
pub async fn keys_in_dialog(title: &str, keys: &[&str]) {
    let id = dialog_window(title).await;
    let xdo = |args: &[&str]| {
        let ok = std::process::Command::new("xdotool").args(args).status().map(|s| s.success()).unwrap_or(false);
        assert!(ok, "xdotool {args:?} failed");
    };
    xdo(&["windowfocus", "--sync", &id]);
    tokio::time::sleep(Duration::from_millis(300)).await; // the chooser settles its focus
    for k in keys {
        match k.strip_prefix("type:") {
            Some(text) => xdo(&["type", "--delay", "15", text]),
            None => xdo(&["key", "--clearmodifiers", k]),
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// A D-Bus session bus of the test's own (`dbus-daemon --session`), for what finds a
/// running window through it (a second launch handing over a `masthead://` link). Stopped
/// when dropped.
pub struct SessionBus {
    daemon: std::process::Child,
    /// What `DBUS_SESSION_BUS_ADDRESS` says to reach it.
    pub address: String,
}

impl SessionBus {
    pub fn start() -> SessionBus {
        use std::io::BufRead;
        let mut daemon = std::process::Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon must be installed (apt install dbus-daemon)");
        let mut line = String::new();
        std::io::BufReader::new(daemon.stdout.take().unwrap()).read_line(&mut line).unwrap();
        SessionBus { daemon, address: line.trim().to_owned() }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Waits up to 10 s until `f` says yes; fails naming `what`. For reads of a state that is
/// still changing (a save, a fetch, a re-render): never read once and assert.
pub async fn until<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    while !f().await {
        assert!(Instant::now() < deadline, "{what} did not happen within 10 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// [`until`] for a value read again and again: returns it once `ok` says yes, and on
/// failure says what it last was (a flake then tells what the window showed).
pub async fn until_value<T, F, Fut>(what: &str, mut read: F, ok: impl Fn(&T) -> bool) -> T
where
    T: std::fmt::Debug,
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let value = read().await;
        if ok(&value) {
            return value;
        }
        assert!(Instant::now() < deadline, "{what} did not happen within 10 s; last seen: {value:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Keys pressed together and released in reverse order.
fn chord(keys: &str) -> fantoccini::actions::KeyActions {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    for c in keys.chars() {
        actions = actions.then(KeyAction::Down { value: c });
    }
    for c in keys.chars().rev() {
        actions = actions.then(KeyAction::Up { value: c });
    }
    actions
}

/// The element's `textContent`. WebDriver's rendered text is empty for text that CSS
/// clips with an ellipsis, and the sidebar clips long titles.
pub async fn text_of(e: &Element) -> String {
    e.prop("textContent").await.ok().flatten().unwrap_or_default().trim().to_string()
}

impl Drop for Session {
    /// A test that panics still stops its drivers: SIGTERM (not the SIGKILL of
    /// `kill_on_drop`) lets tauri-driver take WebKitWebDriver and the app down with it.
    fn drop(&mut self) {
        if let Some(pid) = self.driver.id() {
            sigterm(pid);
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}

/// tauri-driver's own log (`target/e2e-logs/driver-PORT.log`), for when a test fails.
fn driver_log(port: u16) -> Stdio {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-logs");
    let _ = std::fs::create_dir_all(&dir);
    match std::fs::File::create(dir.join(format!("driver-{port}.log"))) {
        Ok(f) => Stdio::from(f),
        Err(_) => Stdio::null(),
    }
}

fn sigterm(pid: u32) {
    // std has no signal API; `kill` is on every Linux machine this runs on.
    let _ = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status();
}
