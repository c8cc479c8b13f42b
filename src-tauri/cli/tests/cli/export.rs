//! Export from the command line: every format into files, import, backup and restore,
//! settings with their refusals, and the web archive.

use super::{cli, library};

#[test]
fn the_command_line_exports_imports_backs_up_restores_and_sets() {
    let (dir, store) = library();
    drop(store);
    let d = dir.path();
    let out_dir = tempfile::tempdir().unwrap();
    let file = |n: &str| out_dir.path().join(n).to_string_lossy().into_owned();
    for (format, name) in [
        ("web", "a.html"),
        ("email", "a.email.html"),
        ("eml", "a.eml"),
        ("text", "a.txt"),
        ("markdown", "a.md"),
        ("json", "a.json"),
    ] {
        let o = cli(d, &["export", "--issue", "1", "--format", format, "-o", &file(name)]);
        assert!(o.status.success(), "{format}: {}", String::from_utf8_lossy(&o.stderr));
        assert!(std::fs::metadata(file(name)).unwrap().len() > 500, "{format}");
    }
    let o = cli(d, &["export", "--issue", "1", "--format", "email", "-o", &file("b.html")]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("email size: "), "the size meter is reported");

    let o = cli(d, &["import", &file("a.json")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("imported #2"), "{}", String::from_utf8_lossy(&o.stdout));

    let o = cli(d, &["settings", "set", "smtp.tls", "sometimes"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("starttls, tls or none"));
    assert!(cli(d, &["settings", "set", "smtp.port", "2525"]).status.success());
    assert_eq!(String::from_utf8_lossy(&cli(d, &["settings", "get", "smtp.port"]).stdout).trim(), "2525");
    let list = String::from_utf8_lossy(&cli(d, &["settings", "list"]).stdout).to_string();
    for key in [
        "publication.name",
        "publication.sender",
        "publication.unsubscribe_url",
        "smtp.host",
        "smtp.port",
        "smtp.tls",
        "smtp.user",
    ] {
        assert!(list.contains(key), "{key} in settings list");
    }

    assert!(cli(d, &["backup", "-o", &file("lib.backup")]).status.success());
    assert!(cli(d, &["issues", "new", "--title", "After the backup"]).status.success());
    let o = cli(d, &["restore", &file("lib.backup")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("kept at"));
    let listed = String::from_utf8_lossy(&cli(d, &["issues", "list"]).stdout).to_string();
    assert!(!listed.contains("After the backup"), "{listed}");

    let o = cli(d, &["export", "--issue", "99", "--format", "web", "-o", &file("x.html")]);
    assert!(
        !o.status.success() && String::from_utf8_lossy(&o.stderr).contains("99"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `site build`: the archive into a folder, with the address that adds the sitemap.
#[test]
fn the_web_archive_from_the_command_line() {
    let (dir, store) = library();
    store
        .create_issue(masthead_core::model::IssueFields {
            title: "Out already".into(),
            status: Some(masthead_core::model::IssueStatus::Sent),
            ..Default::default()
        })
        .unwrap();
    drop(store);
    let site = dir.path().join("site");
    let o = cli(dir.path(), &["site", "build", "-o", site.to_str().unwrap(), "--url", "https://news.example/"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(said.ends_with(": 1 issue, 0 pictures, feed.xml, sitemap.xml (The Tide Table)\n"), "{said}");
    for file in ["index.html", "feed.xml", "sitemap.xml"] {
        assert!(site.join(file).is_file(), "{file}");
    }

    let o = cli(dir.path(), &["site", "build", "-o", site.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("; no sitemap without an address"));
    let o = cli(dir.path(), &["site", "build", "-o", site.to_str().unwrap(), "--url", "ftp://x"]);
    assert_eq!(o.status.code(), Some(2), "a wrong address: could not run");
}
