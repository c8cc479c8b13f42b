//! Themes from the library's themes folder: overriding a built-in file, adding a theme
//! that extends one, and broken themes reported with file, line and column while the
//! last good version keeps working.

use std::fs;

use masthead_core::render::render;
use masthead_core::theme::{Format, LiveThemes, ThemeSet};
use masthead_core::ErrorKind;

#[test]
fn a_folder_overrides_built_in_files_and_adds_themes() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("weekly")).unwrap();
    fs::write(dir.path().join("weekly/style.css"), ".title { color: rebeccapurple; }").unwrap();
    fs::create_dir_all(dir.path().join("mine/partials")).unwrap();
    fs::write(
        dir.path().join("mine/theme.toml"),
        "description = \"My own\"\nextends = \"weekly\"\noutputs = [\"web\", \"text\"]\n",
    )
    .unwrap();
    fs::write(dir.path().join("mine/content.html"), "{% include \"partials/hello.html\" %} {{ issue.title }}").unwrap();
    fs::write(dir.path().join("mine/partials/hello.html"), "<p>Hello from mine</p>").unwrap();
    fs::write(dir.path().join("mine/.DS_Store"), [0xff, 0xfe]).unwrap();

    let set = ThemeSet::load(Some(dir.path()), None);
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    let f = super::fixture();

    let weekly = render(&f.doc, &f.publication, set.require("weekly").unwrap(), Format::Web).unwrap().body;
    assert!(weekly.contains("rebeccapurple"), "the user's style.css replaces the built-in one");
    assert!(weekly.contains("<h3>What it means</h3>"), "the other built-in files stay");

    let info = set.list().into_iter().find(|t| t.name == "mine").expect("the new theme is listed");
    assert_eq!(info.outputs, [Format::Web, Format::Text]);
    assert!(!info.built_in);
    let mine = render(&f.doc, &f.publication, set.require("mine").unwrap(), Format::Web).unwrap().body;
    assert!(mine.contains("<p>Hello from mine</p> Quiet releases, loud reactions"), "{mine}");
    assert!(mine.contains("rebeccapurple") || mine.contains(".story"), "inherits weekly's page shell and CSS");
    let err = render(&f.doc, &f.publication, set.require("mine").unwrap(), Format::Email).unwrap_err();
    assert!(err.to_string().contains("has no email output"), "{err}");
}

#[test]
fn a_broken_template_names_theme_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("weekly")).unwrap();
    fs::write(
        dir.path().join("weekly/content.html"),
        "<h1>{{ issue.title }}</h1>\n<p>{{ issue.intro | markdown }</p>\n",
    )
    .unwrap();
    let set = ThemeSet::load(Some(dir.path()), None);
    let e = set.errors.iter().find(|e| e.theme == "weekly").expect("weekly is reported broken");
    assert_eq!(e.file, "content.html");
    assert_eq!(e.line, Some(2));
    assert!(e.column.is_some_and(|c| c > 1), "{e:?}");
    assert!(e.to_string().starts_with("theme “weekly”, content.html line 2, column"), "{e}");
    // Without an earlier good version there is no weekly; asking for it says why.
    let err = set.require("weekly").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Theme);
    // The other themes are unaffected.
    assert!(set.require("digest").is_ok());
}

#[test]
fn a_render_time_error_is_located_too() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("digest")).unwrap();
    fs::write(dir.path().join("digest/content.html"), "ok\n{{ issue.title|no_such_filter }}\n").unwrap();
    let set = ThemeSet::load(Some(dir.path()), None);
    let f = super::fixture();
    let result = set.require("digest").and_then(|t| render(&f.doc, &f.publication, t, Format::Web));
    let err = result.expect_err("an unknown filter is an error");
    assert_eq!(err.kind(), ErrorKind::Theme);
    assert!(err.to_string().contains("content.html line 2"), "{err}");
}

#[test]
fn bad_manifests_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    for (name, toml) in [
        ("loop-a", "extends = \"loop-b\""),
        ("loop-b", "extends = \"loop-a\""),
        ("orphan", "extends = \"nowhere\""),
        ("typo", "descripton = \"x\""),
        ("nooutput", "extends = \"base\"\noutputs = [\"web\"]\n"),
    ] {
        fs::create_dir_all(dir.path().join(name)).unwrap();
        fs::write(dir.path().join(name).join("theme.toml"), toml).unwrap();
    }
    fs::create_dir_all(dir.path().join("empty")).unwrap();
    let set = ThemeSet::load(Some(dir.path()), None);
    let msg = |t: &str| set.errors.iter().find(|e| e.theme == t).map(|e| e.to_string()).unwrap_or_default();
    assert!(msg("loop-a").contains("goes round in a circle"), "{}", msg("loop-a"));
    assert!(msg("orphan").contains("extends “nowhere”, which is not a theme"));
    assert!(msg("typo").contains("theme.toml line 1") && msg("typo").contains("descripton"), "{}", msg("typo"));
    assert!(msg("empty").contains("needs a theme.toml"));
    // base has web.html but not what it includes: it compiles, and rendering says what is missing.
    let f = super::fixture();
    let err = render(&f.doc, &f.publication, set.require("nooutput").unwrap(), Format::Web).unwrap_err();
    assert!(err.to_string().contains("template not found"), "{err}");
    assert_eq!(set.list().len(), 4, "the built-ins plus nooutput");
}

#[test]
fn a_reload_keeps_the_last_good_version_of_a_broken_theme() {
    let dir = tempfile::tempdir().unwrap();
    let themes_dir = dir.path().join("themes");
    fs::create_dir_all(themes_dir.join("weekly")).unwrap();
    fs::write(themes_dir.join("weekly/content.html"), "<p>version one {{ issue.title }}</p>").unwrap();
    let live = LiveThemes::for_library(dir.path());
    let f = super::fixture();
    let out = |live: &LiveThemes| {
        render(&f.doc, &f.publication, live.current().require("weekly").unwrap(), Format::Web).unwrap().body
    };
    assert!(out(&live).contains("version one"));
    assert!(live.reload().is_none(), "nothing changed on disk, nothing to report");

    fs::write(themes_dir.join("weekly/content.html"), "<p>version two {% if %}</p>").unwrap();
    let set = live.reload().expect("the error is news");
    assert_eq!(set.errors.len(), 1);
    assert!(out(&live).contains("version one"), "the last good version stays");

    fs::write(themes_dir.join("weekly/content.html"), "<p>version three</p>").unwrap();
    let set = live.reload().expect("the fix is news");
    assert!(set.errors.is_empty());
    assert!(out(&live).contains("version three"));
}

/// A theme whose loops never end (a typo away: `range(100000)` inside another) stops with
/// an error that names theme, file and line, instead of freezing the preview.
#[test]
fn a_template_that_loops_for_ever_stops_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("weekly")).unwrap();
    fs::create_dir_all(dir.path().join("digest")).unwrap();
    // 10^10 steps writing nothing, and 10^8 writing 64 bytes each (6.4 GB).
    fs::write(
        dir.path().join("weekly/content.html"),
        "<h1>{{ issue.title }}</h1>\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("digest/content.html"),
        "ok\n{% for a in range(100000) %}{% for b in range(1000) %}{{ '0123456789abcdef' * 4 }}{% endfor %}{% endfor %}\n",
    )
    .unwrap();
    let set = ThemeSet::load(Some(dir.path()), None);
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    let f = super::fixture();

    let err = render(&f.doc, &f.publication, set.require("weekly").unwrap(), Format::Web).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Theme);
    let said = err.to_string();
    assert!(said.contains("content.html line 2") && said.contains("did not finish within 5 million steps"), "{said}");

    let err = render(&f.doc, &f.publication, set.require("digest").unwrap(), Format::Web).unwrap_err();
    let said = err.to_string();
    assert!(said.contains("content.html line 2") && said.contains("the output passed 16 MB"), "{said}");

    // 100 MB in few steps: the output's cap stops it, naming the output's template.
    fs::write(dir.path().join("digest/content.html"), "{% for a in range(100000) %}{{ 'x' * 1000 }}{% endfor %}\n")
        .unwrap();
    let set = ThemeSet::load(Some(dir.path()), None);
    let err = render(&f.doc, &f.publication, set.require("digest").unwrap(), Format::Web).unwrap_err();
    let said = err.to_string();
    assert!(said.starts_with("theme “digest”, web.html") && said.contains("the output passed 16 MB"), "{said}");
}

/// The bounds leave room for any real issue: a hundred stories of links and reactions
/// render in every built-in theme and output.
#[test]
fn the_largest_issues_render_well_within_the_bounds() {
    let doc = masthead_core::sample::synthetic_issue(100);
    let f = super::fixture();
    let set = ThemeSet::built_in();
    for theme in set.list() {
        for format in Format::ALL {
            let r = render(&doc, &f.publication, set.require(&theme.name).unwrap(), format);
            assert!(r.is_ok(), "{} {}: {:?}", theme.name, format.as_str(), r.err());
        }
    }
}

/// A themes folder can hold anything: a link looping back to its folder, a `style.css`
/// that is a pipe, links to `/dev/zero` and out of the folder, a file far too large. The
/// themes load at once, each such file named with what is wrong, and the rest works.
#[test]
fn loops_pipes_devices_and_huge_files_in_a_theme_are_refused_by_name() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine");
    fs::create_dir_all(mine.join("partials")).unwrap();
    fs::write(mine.join("theme.toml"), "description = \"Mine\"\nextends = \"weekly\"\n").unwrap();
    fs::write(mine.join("partials/kept.html"), "<p>kept</p>").unwrap();
    symlink(&mine, mine.join("partials/loop")).unwrap();
    symlink(mine.join("partials/kept.html"), mine.join("partials/alias.html")).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(mine.join("style.css")).status().unwrap().success());
    symlink("/dev/zero", mine.join("partials/zero.html")).unwrap();
    let outside = dir.path().join("secret.txt");
    fs::write(&outside, "not the theme's").unwrap();
    symlink(&outside, mine.join("leak.txt")).unwrap();
    fs::write(mine.join("huge.html"), "x".repeat(2 << 20)).unwrap();

    let set = ThemeSet::load(Some(dir.path()), None);
    let said = |file: &str| {
        set.errors.iter().find(|e| e.theme == "mine" && e.file == file).map(|e| e.message.clone()).unwrap_or_default()
    };
    assert!(said("style.css").contains("not a regular file"), "{:?}", set.errors);
    assert!(said("partials/zero.html").contains("outside the theme's folder"), "{:?}", set.errors);
    assert!(said("leak.txt").contains("outside the theme's folder"), "{:?}", set.errors);
    assert!(said("huge.html").contains("2048 KB; a theme file may be 1024 KB at most"), "{:?}", set.errors);
    assert!(set.errors.iter().all(|e| !e.file.contains("loop")), "the loop is not walked: {:?}", set.errors);
}
