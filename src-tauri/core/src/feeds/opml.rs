//! OPML, the list of feeds every reader exports and imports: `<outline xmlUrl=…>` for
//! each feed, nested in an `<outline text=…>` for its folder.

use std::sync::Arc;

use quick_xml::events::Event;
use serde::Serialize;
use specta::Type;

use crate::model::Feed;
use crate::{Error, Result, Store};

/// A feed as an OPML file lists it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Listed {
    /// The feed's address (`xmlUrl`).
    pub url: String,
    /// Its name (`title`, else `text`); empty when it has none.
    pub title: String,
    /// The site it belongs to (`htmlUrl`); empty when not given.
    pub site_url: String,
    /// The folder it is in (the innermost outline without an address); empty at the top level.
    pub folder: String,
}

/// Reads the feeds an OPML file lists, each with the folder it is in (the innermost
/// outline without an address).
pub fn read(text: &str) -> Result<Vec<Listed>> {
    let bad = |e: &dyn std::fmt::Display| Error::Invalid(format!("this is not an OPML file Masthead can read: {e}"));
    let mut reader = quick_xml::Reader::from_str(text.trim_start_matches('\u{feff}'));
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut out = Vec::new();
    let mut saw_opml = false;
    loop {
        let (e, opens) = match reader.read_event().map_err(|e| bad(&e))? {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) => {
                if e.name().as_ref().eq_ignore_ascii_case(b"outline") {
                    folders.pop();
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if e.name().as_ref().eq_ignore_ascii_case(b"opml") {
            saw_opml = true;
        }
        if !e.name().as_ref().eq_ignore_ascii_case(b"outline") {
            continue;
        }
        let mut attr = std::collections::HashMap::new();
        for a in e.attributes().flatten() {
            let key = String::from_utf8_lossy(a.key.as_ref()).to_ascii_lowercase();
            let value = a.decode_and_unescape_value(reader.decoder()).map_err(|e| bad(&e))?.trim().to_owned();
            attr.insert(key, value);
        }
        let get = |k: &str| attr.get(k).cloned().unwrap_or_default();
        let name = if get("title").is_empty() { get("text") } else { get("title") };
        let url = get("xmlurl");
        if !url.is_empty() {
            let folder = folders.iter().rev().flatten().next().cloned().unwrap_or_default();
            out.push(Listed { url, title: name, site_url: get("htmlurl"), folder });
            if opens {
                folders.push(None);
            }
        } else if opens {
            folders.push(Some(name).filter(|n| !n.is_empty()));
        }
    }
    if !saw_opml {
        return Err(Error::Invalid("this is not an OPML file: it has no <opml> element".into()));
    }
    Ok(out)
}

/// Writes the feeds as OPML 2.0, in folders.
pub fn write(feeds: &[Feed]) -> String {
    let esc = |s: &str| quick_xml::escape::escape(s).into_owned();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>Feeds followed in Masthead</title></head>\n  <body>\n",
    );
    let line = |f: &Feed, indent: &str| {
        format!(
            "{indent}<outline type=\"rss\" text=\"{n}\" title=\"{n}\" xmlUrl=\"{}\"{}/>\n",
            esc(&f.url),
            if f.site_url.is_empty() { String::new() } else { format!(" htmlUrl=\"{}\"", esc(&f.site_url)) },
            n = esc(&f.shown_name()),
        )
    };
    let mut folders: Vec<&str> = feeds.iter().map(|f| f.folder.as_str()).filter(|f| !f.is_empty()).collect();
    folders.dedup();
    for f in feeds.iter().filter(|f| f.folder.is_empty()) {
        out.push_str(&line(f, "    "));
    }
    for folder in folders {
        out.push_str(&format!("    <outline text=\"{0}\" title=\"{0}\">\n", esc(folder)));
        for f in feeds.iter().filter(|f| f.folder == folder) {
            out.push_str(&line(f, "      "));
        }
        out.push_str("    </outline>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

/// What importing an OPML file did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct OpmlImport {
    /// Feeds now followed that were not before.
    pub added: u32,
    /// Listed, and followed already.
    pub already: u32,
    /// Listed with an address that is not a web address, and why.
    pub skipped: Vec<String>,
}

/// [`import`] from the OPML file at `path`.
pub fn import_file(store: &Arc<Store>, path: &std::path::Path) -> Result<OpmlImport> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Io { context: format!("cannot read {}", path.display()), source: e })?;
    import(store, &text)
}

/// Writes every feed followed as OPML into `path` (atomically).
pub fn export_file(store: &Store, path: &std::path::Path) -> Result<()> {
    crate::export::write_file(path, write(&store.list_feeds()?).as_bytes())
}

/// Follows every feed an OPML file lists that is not followed yet (read at the next
/// refresh). Nothing is fetched here.
pub fn import(store: &Arc<Store>, text: &str) -> Result<OpmlImport> {
    let mut report = OpmlImport::default();
    let known: Vec<String> = store.list_feeds()?.into_iter().map(|f| f.url).collect();
    for l in read(text)? {
        let url = match crate::links::normalize::parse(&l.url) {
            Ok(u) => u.to_string(),
            Err(e) => {
                report.skipped.push(format!("{}: {e}", l.url));
                continue;
            }
        };
        if known.contains(&url) || known.contains(&l.url) {
            report.already += 1;
            continue;
        }
        match store.add_feed(&url, &l.title, &l.site_url, &l.folder) {
            Ok(_) => report.added += 1,
            Err(Error::Invalid(_)) => report.already += 1, // listed twice in the file
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_nest_and_a_feed_outline_may_have_children() {
        let text = r#"<?xml version="1.0"?><opml version="1.0"><head/><body>
            <outline text="Cities"><outline text="Transit" xmlUrl="https://transit.example/feed" htmlUrl="https://transit.example/"/>
              <outline title="Parks &amp; paths" type="rss" xmlUrl="https://parks.example/rss"></outline></outline>
            <outline text="Loose" xmlUrl="https://loose.example/atom.xml"/></body></opml>"#;
        let listed = read(text).unwrap();
        assert_eq!(listed.len(), 3);
        assert_eq!((listed[0].folder.as_str(), listed[0].site_url.as_str()), ("Cities", "https://transit.example/"));
        assert_eq!((listed[1].title.as_str(), listed[1].folder.as_str()), ("Parks & paths", "Cities"));
        assert_eq!(listed[2].folder, "");
        assert!(read("<html><body/></html>").is_err());
        assert!(read("<opml><body><outline").is_err() || read("<opml><body><outline").unwrap().is_empty());
    }
}
