//! Links from the command line: `link-meta` offline (one page, a batch) and online, the
//! inbox (adding, fetching, listing, tagging, archiving), imports and feeds, against pages
//! and feeds served on loopback.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use masthead_test_support::http;
use serde_json::Value;

use super::{cli, cli_input, fixtures, stderr};

#[test]
fn the_cli_contract_single_page_and_batch() {
    let cli = env!("CARGO_BIN_EXE_masthead-cli");
    let dir = fixtures("links");
    let empty_home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(cli)
        .args(["link-meta", "--html"])
        .arg(dir.join("news-og-only.html"))
        .args(["--url", "https://daily.example.org/story/42"])
        .env("MASTHEAD_DATA_DIR", empty_home.path().join("never-created"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut want = ["title", "description", "publisher", "author", "date", "url", "image", "logo", "lang"];
    want.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, want, "exactly the contract's keys");
    assert_eq!(v["title"], "Council votes on bike lanes");
    assert_eq!(v["logo"], "https://daily.example.org/favicon.ico", "no icon named: the one browsers ask for");
    assert!(!empty_home.path().join("never-created").exists(), "offline extraction opens no library");

    // Batch: one process, one line out per line in, with the path added.
    let mut input = String::new();
    for name in ["video-page", "shift-jis-declared", "empty-page"] {
        let spec: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap()).unwrap();
        input.push_str(&format!("{}\t{}\n", dir.join(format!("{name}.html")).display(), spec["url"].as_str().unwrap()));
    }
    // A third column: the Content-Type the server sent, which may be all that names the charset.
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("shift-jis-header-only.json")).unwrap()).unwrap();
    input.push_str(&format!(
        "{}\t{}\t{}\n",
        dir.join("shift-jis-header-only.html").display(),
        spec["url"].as_str().unwrap(),
        spec["content_type"].as_str().unwrap()
    ));
    input.push_str("/no/such/file.html\thttps://example.com/\n");
    let mut child = std::process::Command::new(cli)
        .args(["link-meta", "--batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["author"], "Kiln Club");
    assert_eq!(lines[1]["title"], "港の再開について");
    assert_eq!(lines[2]["url"], "https://empty.example.com/");
    assert!(lines[0]["html"].as_str().unwrap().ends_with("video-page.html"));
    assert_eq!(lines[3]["title"], spec["expected"]["title"], "decoded as the header said");
    assert!(
        lines[4]["error"].as_str().unwrap().contains("/no/such/file.html"),
        "a missing file is reported on its line"
    );
    assert!(!out.status.success(), "and the exit status says something failed");
}

#[test]
fn inbox_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: &str| cli_input(dir.path(), args, stdin);
    let out = run(&["inbox", "add", "--no-fetch", "https://example.com/a", "example.org/b"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out =
        run(&["inbox", "add", "--no-fetch", "-"], "Two links: https://example.com/a/ and https://example.net/c.\n");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("already #1 https://example.com/a") && text.contains("added   #3 https://example.net/c"),
        "{text}"
    );
    let out = run(&["inbox", "add", "--no-fetch", "javascript:alert(1)"], "");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("only web links"));
    let out = run(&["inbox", "list", "--json"], "");
    let links: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(links.as_array().unwrap().len(), 3);
    assert!(links.as_array().unwrap().iter().all(|l| l["status"] == "pending"));
}

#[test]
fn link_meta_and_inbox_fetch_on_the_command_line() {
    let server = http::Server::start(|r| match r.path.as_str() {
        "/story" => http::Response::html(
            200,
            "<html><head><title>Council votes on bike lanes | The Daily Example</title>\
             <meta property=\"og:site_name\" content=\"The Daily Example\"></head></html>",
        ),
        "/slow/1" => http::Response::html(200, "<title>Ferries run late</title>").after(Duration::from_millis(300)),
        _ => http::Response::html(404, "nothing"),
    });
    let exe = env!("CARGO_BIN_EXE_masthead-cli");
    let out = std::process::Command::new(exe)
        .args(["link-meta", &server.url("/story"), &server.url("/nowhere"), "--timeout", "3"])
        .output()
        .unwrap();
    let lines: Vec<Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    let mut got: Vec<&str> = lines[0].as_object().unwrap().keys().map(String::as_str).collect();
    got.sort();
    let mut want =
        vec!["title", "description", "publisher", "author", "date", "url", "image", "logo", "lang", "status", "reason"];
    want.sort();
    assert_eq!(got, want);
    assert_eq!(
        (lines[0]["title"].as_str(), lines[0]["status"].as_str(), &lines[0]["reason"]),
        (Some("Council votes on bike lanes"), Some("ok"), &Value::Null)
    );
    assert_eq!(lines[1]["status"], "failed");
    assert!(lines[1]["reason"].as_str().unwrap().contains("404"), "{}", lines[1]);
    assert!(!out.status.success(), "a failed fetch fails the command");

    let dir = tempfile::tempdir().unwrap();
    let out = cli(dir.path(), &["inbox", "add", &server.url("/story"), &server.url("/slow/1")]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("[2/2]") && err.contains("fetched 2 links: 2 ok"), "{err}");
    let links: Value = serde_json::from_slice(&cli(dir.path(), &["inbox", "list", "--json"]).stdout).unwrap();
    assert!(links.as_array().unwrap().iter().all(|l| l["status"] == "ok"), "{links}");
    assert!(links.as_array().unwrap().iter().any(|l| l["meta"]["title"] == "Council votes on bike lanes"));
    assert!(links.as_array().unwrap().iter().any(|l| l["meta"]["title"] == "Ferries run late"));
}

/// An RSS feed of `items` (path, title) under `base`.
fn rss(items: &[(&str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(path, title)| format!("<item><title>{title}</title><link>https://harbour.example{path}</link></item>"))
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour Notes</title>\
         <link>https://harbour.example/</link>{items}</channel></rss>"
    )
}

/// Following, refreshing, listing, exporting and removing feeds; a removed feed refused in
/// words with "could not run".
#[test]
fn feeds_on_the_command_line() {
    let asked = Arc::new(AtomicUsize::new(0));
    let count = asked.clone();
    let server = http::Server::start(move |r| match r.path.as_str() {
        // A third entry appears after the first read.
        "/feed.xml" => {
            let mut items = vec![("/tides", "Tides"), ("/cranes", "Cranes")];
            if count.fetch_add(1, Ordering::SeqCst) > 0 {
                items.push(("/ferries", "Ferries"));
            }
            http::Response::new(200, "application/rss+xml", rss(&items))
        }
        "/gone" => http::Response::html(410, "gone"),
        _ => http::Response::html(404, "nothing"),
    });
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let run = |args: &[&str]| cli(&lib, args);
    let feed = server.url("/feed.xml");
    let out = run(&["feeds", "add", &feed, "--folder", "Week", "--no-fetch"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("following #1 Harbour Notes ({feed}): 2 new links\n"));
    let out = run(&["feeds", "add", &server.url("/gone")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the feed was removed"), "{}", stderr(&out));
    let out = run(&["feeds", "refresh", "--no-fetch"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1 new link from 1 feed\n");
    let listed: Value = serde_json::from_slice(&run(&["feeds", "list", "--json"]).stdout).unwrap();
    assert_eq!((listed[0]["folder"].as_str(), listed[0]["links"].as_u64()), (Some("Week"), Some(3)));
    let exported = dir.path().join("feeds.opml");
    assert!(run(&["feeds", "export-opml", "-o", exported.to_str().unwrap()]).status.success());
    assert!(std::fs::read_to_string(&exported).unwrap().contains("feed.xml"));
    assert!(run(&["feeds", "remove", "1"]).status.success());
    let inbox: Value = serde_json::from_slice(&run(&["inbox", "list", "--json"]).stdout).unwrap();
    assert_eq!(inbox.as_array().unwrap().len(), 3, "the links a removed feed brought stay");

    let other = dir.path().join("other");
    let out = cli(&other, &["feeds", "import-opml", exported.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "following 1 more feed (0 followed already); `feeds refresh` reads them\n"
    );
}

#[test]
fn import_list_tag_and_archive_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pinboard.json");
    std::fs::write(
        &file,
        r#"[{"href":"https://rail.example/night","description":"Night trains return","extended":"A good closer.",
             "time":"2021-01-02T03:04:05Z","tags":"trains europe"},
            {"href":"mailto:sam@example.org","description":"not a page"}]"#,
    )
    .unwrap();
    let lib = dir.path().join("lib");
    let run = |args: &[&str]| cli(&lib, args);
    let text = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).into_owned();

    let out = run(&["inbox", "import", file.to_str().unwrap(), "--no-fetch"]);
    assert_eq!(out.status.code(), Some(1), "a skipped entry is a problem found");
    assert_eq!(text(&out), "Imported 1 new link from Pinboard (1 skipped).\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipped entry 2: only web links"));

    let out = run(&["inbox", "list", "--tag", "TRAINS", "--json"]);
    let links: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(links[0]["tags"], serde_json::json!(["europe", "trains"]));
    assert_eq!((links[0]["note"].as_str(), links[0]["origin"].as_str()), (Some("A good closer."), Some("pinboard")));
    assert_eq!(links[0]["saved_at"], "2021-01-02T03:04:05.000Z");
    let id = links[0]["id"].to_string();

    assert!(run(&["inbox", "tag", &id, "--add", "closer", "--remove", "europe"]).status.success());
    assert!(run(&["inbox", "archive", &id]).status.success());
    assert_eq!(text(&run(&["inbox", "list"])), "");
    let listed = text(&run(&["inbox", "list", "--archived"]));
    assert!(listed.contains("Night trains return") && listed.contains("#closer #trains · archived"), "{listed}");
    assert!(listed.contains("note: A good closer."), "{listed}");

    let out = run(&["inbox", "import", dir.path().join("nothing.csv").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "a missing file: could not run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing.csv"));
}
