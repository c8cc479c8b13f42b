//! The library from the command line: init, issues, publications, images, search, `db
//! check`, help for every command, a closed pipe and the exit codes.

use super::{cli, stdout};

#[test]
fn init_list_new_search_and_check() {
    let dir = tempfile::tempdir().unwrap();
    assert!(stdout(&cli(dir.path(), &["init", "--sample"])).contains("Welcome to Masthead"));
    assert!(stdout(&cli(dir.path(), &["issues", "new", "--title", "Week 2"])).contains("#2"));

    let list: serde_json::Value =
        serde_json::from_str(&stdout(&cli(dir.path(), &["issues", "list", "--json"]))).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    for key in ["id", "number", "title", "status"] {
        assert!(list[0].get(key).is_some(), "issues list --json has {key}");
    }
    assert_eq!(list[0]["title"], "Week 2");
    assert_eq!(list[0]["status"], "draft");

    let hits: serde_json::Value =
        serde_json::from_str(&stdout(&cli(dir.path(), &["search", "catalogue", "--json"]))).unwrap();
    assert!(!hits.as_array().unwrap().is_empty());
    assert!(hits[0]["snippet"].is_string());

    let check = stdout(&cli(dir.path(), &["db", "check"]));
    assert!(check.contains("integrity:      ok"), "{check}");
    assert!(check.contains(&format!("schema version: {}", masthead_core::store::SCHEMA_VERSION)), "{check}");
}

#[test]
fn errors_go_to_stderr_with_a_failing_exit() {
    let dir = tempfile::tempdir().unwrap();
    let o = cli(dir.path(), &["issues", "new", "--title", "x", "--number=-3"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("issue numbers go from 1 to 999,999, not -3"));

    std::fs::write(dir.path().join("library.sqlite3"), "not a database ".repeat(20)).unwrap();
    let o = cli(dir.path(), &["issues", "list"]);
    assert!(!o.status.success());
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a Masthead library"));
}

#[test]
fn help_is_there_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--help"][..],
        &["issues", "--help"],
        &["issues", "new", "--help"],
        &["search", "--help"],
        &["db", "check", "--help"],
        &["init", "--help"],
        &["render", "--help"],
        &["themes", "list", "--help"],
        &["link-meta", "--help"],
        &["inbox", "add", "--help"],
        &["inbox", "list", "--help"],
    ] {
        let o = cli(dir.path(), args);
        assert!(o.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stdout).contains("Usage"), "{args:?}");
    }
}

#[test]
fn publications_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    stdout(&cli(d, &["init"]));
    assert!(stdout(&cli(d, &["publications", "new", "Morning Brief"])).contains("created “Morning Brief”"));
    stdout(&cli(d, &["--publication", "morning brief", "settings", "set", "publication.sign_off", "— Ada"]));
    assert_eq!(stdout(&cli(d, &["settings", "get", "publication.sign_off"])), "\n", "the first is untouched");
    assert_eq!(
        stdout(&cli(d, &["--publication", "Morning Brief", "settings", "get", "publication.sign_off"])),
        "— Ada\n"
    );

    stdout(&cli(d, &["issues", "new", "--title", "Weekly one"]));
    let made = stdout(&cli(d, &["issues", "new", "--title", "Brief one", "--publication", "Morning Brief"]));
    assert!(made.contains("#1 “Brief one” in “Morning Brief”"), "{made}");
    let list: serde_json::Value = serde_json::from_str(&stdout(&cli(d, &["issues", "list", "--json"]))).unwrap();
    let rows: Vec<(String, i64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["publication"].as_str().unwrap().to_owned(), r["number"].as_i64().unwrap()))
        .collect();
    assert_eq!(rows, [("My Newsletter".to_owned(), 1), ("Morning Brief".to_owned(), 1)]);
    let only: serde_json::Value =
        serde_json::from_str(&stdout(&cli(d, &["issues", "list", "--json", "--publication", "Morning Brief"])))
            .unwrap();
    assert_eq!(only.as_array().unwrap().len(), 1);

    // #1 is in both: a bare number is refused, naming them; --publication says which.
    let o = cli(d, &["export", "--issue", "1", "--format", "text", "-o", "-"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("“My Newsletter”, “Morning Brief”"));
    let text =
        stdout(&cli(d, &["export", "--issue", "1", "--format", "text", "-o", "-", "--publication", "Morning Brief"]));
    assert!(text.contains("Brief one") && text.contains("— Ada"), "{text}");

    let o = cli(d, &["publications", "delete", "Morning Brief"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("still has 1 issue"));
    assert!(stdout(&cli(d, &["publications", "rename", "morning brief", "The Brief"])).contains("to “The Brief”"));
    let listed = stdout(&cli(d, &["publications", "list"]));
    assert!(listed.contains("My Newsletter") && listed.contains("The Brief"), "{listed}");
    let o = cli(d, &["--publication", "Nope", "issues", "list"]);
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("publication \"Nope\" (the library has “My Newsletter”, “The Brief”)"));
}

#[test]
fn images_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    stdout(&cli(d, &["init", "--sample"]));
    let file = d.join("harbour.png");
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(2000, 1000, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    }))
    .save(&file)
    .unwrap();
    let out = stdout(&cli(
        d,
        &["images", "add", "--issue", "1", "--story", "2", "--alt", "The harbour", file.to_str().unwrap()],
    ));
    let markdown = out.lines().next().unwrap();
    assert!(
        markdown.starts_with("![The harbour](") && (markdown.ends_with(".png)") || markdown.ends_with(".jpg)")),
        "{out}"
    );
    assert!(out.contains("1200 × 600 px"), "{out}");
    let store = masthead_core::Store::open_in(d).unwrap();
    let doc = store.get_issue_doc(store.issue_by_number(None, 1).unwrap().id).unwrap();
    assert!(doc.stories[1].fields.body.trim_end().ends_with(markdown), "appended to the second story's body");
    let shown = stdout(&cli(d, &["issues", "show", "1"]));
    assert!(shown.contains(" 2. A text editor drops its plugin store"), "{shown}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&cli(d, &["issues", "show", "1", "--json"]))).unwrap();
    assert!(json["stories"][1]["body"].as_str().unwrap().ends_with(&format!("{markdown}\n")));
    let list = stdout(&cli(d, &["images", "list"]));
    assert!(list.contains("1200 × 600") && list.contains("harbour.png"), "{list}");

    let name = markdown.split('(').nth(1).unwrap().trim_end_matches(')').to_owned();
    assert!(stdout(&cli(d, &["images", "list", "--issue", "1"])).contains(&name), "the issue shows it");
    stdout(&cli(d, &["issues", "new", "--title", "Without pictures"]));
    assert!(!stdout(&cli(d, &["images", "list", "--issue", "2"])).contains(&name), "another issue does not");

    // A caption and a link; a link that is not a web address is refused before anything changes.
    let out = stdout(&cli(
        d,
        &[
            "images",
            "add",
            "--issue",
            "1",
            "--story",
            "1",
            "--alt",
            "Map",
            "--caption",
            "The route",
            "--link",
            "https://example.org/map",
            file.to_str().unwrap(),
        ],
    ));
    assert!(out.starts_with(&format!("[![Map]({name} \"The route\")](<https://example.org/map>)")), "{out}");
    let o = cli(
        d,
        &["images", "add", "--issue", "1", "--story", "1", "--link", "javascript:alert(1)", file.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));

    // The web page with its images in a folder beside it, reached as `images/NAME`.
    let page = d.join("site/issue.html");
    std::fs::create_dir_all(d.join("site")).unwrap();
    let o = cli(
        d,
        &[
            "export",
            "--issue",
            "1",
            "--format",
            "web",
            "-o",
            page.to_str().unwrap(),
            "--images-dir",
            d.join("site/images").to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains(&format!("src=\"images/{name}\"")) && !html.contains("data:image/"), "beside, not inside");
    assert!(d.join("site/images").join(&name).is_file());

    let o = cli(d, &["images", "add", "--issue", "1", "--story", "9", file.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("has 3 stories; --story counts from 1"));
    let o = cli(d, &["images", "add", "--issue", "1", "--story", "1", d.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a file"), "a folder is refused");
}

/// `masthead-cli issues list | head -1`: output into a pipe that closed is not an error;
/// the command ends quietly, as ripgrep does (it used to panic with "failed printing to
/// stdout: Broken pipe").
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    stdout(&cli(dir.path(), &["init", "--sample"]));
    for args in
        [&["issues", "show", "1"][..], &["issues", "list"], &["export", "--issue", "1", "--format", "text", "-o", "-"]]
    {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_masthead-cli"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env_remove("MASTHEAD_DATA_DIR")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before anything is written
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{args:?}: {err}");
    }
}

/// 0 when it worked, 1 when it ran and found problems, 2 when it could not run: what a
/// script branches on (documented in `--help`).
#[test]
fn exit_codes_say_what_happened() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let code = |args: &[&str]| cli(d, args).status.code();
    assert_eq!(code(&["init", "--sample"]), Some(0));
    assert_eq!(code(&["issues", "new", "--title", "x", "--number=-3"]), Some(2), "bad input");
    assert_eq!(code(&["issues", "sideways"]), Some(2), "bad arguments");
    assert_eq!(code(&["export", "--issue", "99", "--format", "text", "-o", "-"]), Some(2), "no such issue");
    assert_eq!(code(&["issues", "new", "--title", "TK: the headline"]), Some(0));
    assert_eq!(code(&["check", "--issue", "2", "--offline"]), Some(1), "a check that finds errors");
    assert!(stdout(&cli(d, &["--help"])).contains("Exit status: 0 when it worked; 1 when it ran and found problems"));
    std::fs::write(d.join("library.sqlite3"), "not a database ".repeat(20)).unwrap();
    assert_eq!(code(&["issues", "list"]), Some(2), "a library that cannot be opened");
}
