//! Measurements of the real window (docs/benchmarks.md):
//!
//! 1. **Keystroke to preview**: 100 keystrokes typed through WebDriver into a story's body
//!    of a seed-size issue (8 stories, 88 links and reactions), one every 60 ms (a fast
//!    typist); for each, the time from the key reaching the editor to the first frame
//!    painted after the preview shows that character. p50, p95, max.
//! 2. **Cold start and memory**: Masthead on a 100-issue library, next to an empty Tauri
//!    window (`src-tauri/examples/empty_window.rs`): time from asking for the window to the
//!    first interactive frame (the issue list drawn; the empty page's line), and the
//!    memory of the app and its WebKit processes (PSS, so shared pages count once; RSS too).
//!
//! 3. **A big inbox**: 50,000 links imported (a Pocket export), then in the window: the
//!    Inbox tab opened until its first page of cards is drawn, a search typed until its
//!    results are drawn, and "Show more" until the next 200 are; and a keystroke's echo in
//!    a story's body while the inbox is shown.
//!
//! Build first, in release as authors run it:
//! `cargo build --release -p masthead --features custom-protocol --bin masthead --example empty_window`
//! then `xvfb-run -a -s '-screen 0 1280x800x24' cargo bench -p masthead-e2e --bench window`.
//! `MASTHEAD_APP` / `EMPTY_APP` point at other builds.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use masthead_core::sample::synthetic_issue;
use masthead_core::store::Store;
use masthead_e2e::Session;

const KEYSTROKES: usize = 100;
const RUNS: usize = 5;

fn release(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release").join(name)
}

fn binary(env: &str, default: PathBuf) -> PathBuf {
    let p = std::env::var_os(env).map(PathBuf::from).unwrap_or(default);
    assert!(p.exists(), "{} is not built (see the top of tests/e2e/benches/window.rs)", p.display());
    p
}

/// A library holding `n` seed-size issues (numbered 1..=n; the newest opens first).
fn library(dir: &Path, n: usize) {
    let store = Store::open_in(dir).unwrap();
    for k in 1..=n {
        let mut doc = synthetic_issue(8);
        doc.issue.number = k as i64;
        doc.issue.title = format!("Issue {k}: {}", doc.issue.title);
        store.insert_issue_doc(&doc).unwrap();
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Installs the page-side stopwatch: each keydown in the body starts a timing for the
/// count of `x`s after `Zq` it will make; every animation frame (just before it is painted)
/// stops the timings whose count the preview's document now shows. Polling frames rather
/// than waiting for the frame's `load` event: `load` also waits for the page's images.
const STOPWATCH: &str = r#"
    const lat = (window.__lat = { open: [], done: [], echo: [] });
    const body = document.querySelector("[data-testid=story-body]");
    const frame = document.querySelector("[data-testid=preview-frame]");
    const typed = (text) => { const m = /Zq(x*)/.exec(text); return m ? m[1].length : -1; };
    let keys = typed(body.value);
    body.addEventListener("keydown", () => lat.open.push({ t: performance.now(), n: ++keys, echoed: false }), true);
    const tick = () => {
        if (lat.open.length) {
            const shown = typed(frame.contentDocument?.body?.textContent ?? "");
            const inEditor = typed(body.value);
            const now = performance.now();
            for (const k of lat.open) if (!k.echoed && k.n <= inEditor) { k.echoed = true; lat.echo.push(now - k.t); }
            lat.open = lat.open.filter((k) => {
                if (k.n <= shown) { lat.done.push(now - k.t); return false; }
                return true;
            });
        }
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return "ok";
"#;

async fn keystroke_latency() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path(), 1);
    let s = Session::launch(&binary("MASTHEAD_APP", release("masthead")), dir.path(), "[data-testid=issue-list]").await;
    s.skip_welcome().await;
    s.wait_preview("Issue 1").await;
    let body = s.find("[data-testid=story-body]").await;
    body.click().await.unwrap();
    s.keys("\u{E009}\u{E010}").await; // Ctrl+End: the end of the text
    body.send_keys(" Zq").await.unwrap();
    s.wait_preview("Zq").await;
    // The window settles first (fonts, the first layouts of eight editors): an author
    // types into an open window, not into one still starting.
    tokio::time::sleep(Duration::from_secs(5)).await;
    s.client.execute(STOPWATCH, vec![]).await.unwrap();
    for _ in 0..KEYSTROKES {
        body.send_keys("x").await.unwrap();
        tokio::time::sleep(Duration::from_millis(60)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut done: Vec<f64> = loop {
        let v = s.client.execute("return window.__lat.done", vec![]).await.unwrap();
        let done: Vec<f64> = serde_json::from_value(v).unwrap();
        if done.len() >= KEYSTROKES || Instant::now() > deadline {
            break done;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    done.sort_by(|a, b| a.total_cmp(b));
    let v = s.client.execute("return window.__lat.echo", vec![]).await.unwrap();
    let mut echo: Vec<f64> = serde_json::from_value(v).unwrap();
    echo.sort_by(|a, b| a.total_cmp(b));
    println!(
        "keystroke to the editor's own frame (the floor): p50 {:.1} ms, p95 {:.1} ms",
        percentile(&echo, 0.5),
        percentile(&echo, 0.95)
    );
    println!(
        "keystroke to preview, seed-size issue ({} of {KEYSTROKES} keystrokes timed): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        done.len(),
        percentile(&done, 0.5),
        percentile(&done, 0.95),
        done.last().copied().unwrap_or(f64::NAN)
    );
    s.quit().await;
}

/// Sums a field (kB) of `/proc/PID/{file}` over the processes.
fn memory_kb(pids: &[u32], file: &str, field: &str) -> u64 {
    pids.iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/{file}")).ok())
        .filter_map(|text| {
            text.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse::<u64>().ok())
        })
        .sum()
}

async fn cold_start(label: &str, app: &Path, issues: usize, ready: &str) {
    let mut times = Vec::new();
    let mut pss = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..RUNS {
        let dir = tempfile::tempdir().unwrap();
        if issues > 0 {
            library(dir.path(), issues);
        }
        let started = Instant::now();
        let s = Session::launch(app, dir.path(), ready).await;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_secs(2)).await; // settled, as an author would see it
        let pids = s.app_processes();
        pss.push(memory_kb(&pids, "smaps_rollup", "Pss:") as f64 / 1024.0);
        rss.push(memory_kb(&pids, "status", "VmRSS:") as f64 / 1024.0);
        s.quit().await;
    }
    for v in [&mut times, &mut pss, &mut rss] {
        v.sort_by(|a, b| a.total_cmp(b));
    }
    println!(
        "{label}: first interactive frame median {:.0} ms (min {:.0}, max {:.0}); memory PSS {:.0} MB, RSS {:.0} MB (medians of {RUNS})",
        percentile(&times, 0.5),
        times[0],
        times[RUNS - 1],
        percentile(&pss, 0.5),
        percentile(&rss, 0.5)
    );
}

/// Waits until `f` says yes (polling every 5 ms); how long that took, in ms.
async fn timed<F, Fut>(mut f: F) -> f64
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !f().await {
        assert!(started.elapsed() < Duration::from_secs(60), "did not happen within 60 s");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    started.elapsed().as_secs_f64() * 1000.0
}

async fn big_inbox() {
    const LINKS: usize = 50_000;
    let mut csv = String::from("title,url,time_added,tags,status\n");
    for i in 0..LINKS {
        csv.push_str(&format!(
            "Story {i} about the harbour,https://site{}.example/story/{i},{},tag{}|news,unread\n",
            i % 400,
            1_600_000_000 + i,
            i % 37
        ));
    }
    let (mut open, mut search, mut more) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in(dir.path()).unwrap();
        masthead_core::links::import::import(&store, csv.as_bytes(), None).unwrap();
        drop(store);
        let s =
            Session::launch(&binary("MASTHEAD_APP", release("masthead")), dir.path(), "[data-testid=issue-list]").await;
        s.skip_welcome().await;
        let count = |s: &Session| {
            let client = s.client.clone();
            async move {
                client
                    .execute("return document.querySelectorAll('[data-testid=inbox-link]').length", vec![])
                    .await
                    .ok()
                    .and_then(|v| v.as_u64())
                    .unwrap_or(0)
            }
        };
        s.find("[data-testid=tab-inbox]").await.click().await.unwrap();
        open.push(timed(|| async { count(&s).await == 200 }).await);
        s.find("[data-testid=inbox-more]").await.click().await.unwrap();
        more.push(timed(|| async { count(&s).await == 400 }).await);
        // "story 4999": every story whose number has 4999 in it.
        let found = (0..LINKS).filter(|i| i.to_string().contains("4999")).count() as u64;
        s.find("[data-testid=inbox-search]").await.send_keys("story 4999").await.unwrap();
        search.push(timed(|| async { count(&s).await == found }).await);
        s.quit().await;
    }
    for v in [&mut open, &mut search, &mut more] {
        v.sort_by(|a, b| a.total_cmp(b));
    }
    println!(
        "inbox of {LINKS} links: tab opened to 200 cards drawn {:.0} ms; Show more to 400 {:.0} ms; \
         a search typed to its 15 results {:.0} ms (includes the 200 ms pause after typing); medians of 3, max {:.0} / {:.0} / {:.0}",
        percentile(&open, 0.5),
        percentile(&more, 0.5),
        percentile(&search, 0.5),
        open[2],
        more[2],
        search[2]
    );
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    // `cargo bench` passes `--bench`; any other argument filters, as criterion's do.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-')).unwrap_or_default();
    if "latency".contains(&filter) || filter.is_empty() {
        keystroke_latency().await;
    }
    if "start".contains(&filter) || filter.is_empty() {
        let empty = binary("EMPTY_APP", release("examples/empty_window"));
        let masthead = binary("MASTHEAD_APP", release("masthead"));
        cold_start("empty Tauri window", &empty, 0, "#ready").await;
        cold_start("Masthead, 100-issue library", &masthead, 100, "[data-testid=issue-list] .issue-row").await;
        cold_start("Masthead, sample library", &masthead, 0, "[data-testid=issue-list] .issue-row").await;
    }
    if "inbox".contains(&filter) || filter.is_empty() {
        big_inbox().await;
    }
}
