//! Importing links from other tools' exports into a real library: every format with its
//! titles, tags, notes and saved dates; broken rows skipped with their line; duplicates
//! (in the file and already in the inbox) taken once; odd encodings read; and the inbox's
//! filters over what came in. The export files are written here, in the shapes the tools
//! document, with text of our own.

use masthead_core::links::import::{self, ImportFormat};
use masthead_core::model::{ItemFields, ItemKind, LinkOverrides, StoryFields};
use masthead_core::store::{LinkQuery, LinkShow, LinkSort};
use masthead_core::Store;

fn library() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("library.masthead")).unwrap();
    (dir, store)
}

fn all(store: &Store) -> Vec<masthead_core::model::Link> {
    store.query_links(&LinkQuery { show: LinkShow::All, ..LinkQuery::default() }).unwrap().links
}

fn by_url<'a>(links: &'a [masthead_core::model::Link], url: &str) -> &'a masthead_core::model::Link {
    links.iter().find(|l| l.url == url).unwrap_or_else(|| panic!("{url} was not imported"))
}

/// A browser's bookmarks export as Firefox writes it: folders (the toolbar is the
/// browser's own), `TAGS`, a `<DD>` description, a bookmarklet and a `place:` query.
const FIREFOX: &str = r#"<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file. -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks Menu</H1>
<DL><p>
    <DT><H3 ADD_DATE="1700000000" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks Toolbar</H3>
    <DL><p>
        <DT><A HREF="https://river.example/tides" ADD_DATE="1571184000" TAGS="water,Climate">Tides are rising faster</A>
        <DD>Read for the weekly: the second chart.
        <DT><A HREF="javascript:alert(1)">A bookmarklet</A>
    </DL><p>
    <DT><H3>Newsletter ideas</H3>
    <DL><p>
        <DT><A HREF="https://chips.example/fab?utm_source=feed" ADD_DATE="1600000000">A new fab &amp; its water</A>
        <DT><A HREF="place:sort=8&amp;maxResults=10">Recent tags</A>
    </DL><p>
    <DT><A HREF="https://CHIPS.example/fab" ADD_DATE="1590000000" TAGS="chips">the same fab, again</A>
</DL>
"#;

#[test]
fn browser_bookmarks_keep_folders_tags_descriptions_and_dates() {
    let (_dir, store) = library();
    let report = import::import(&store, FIREFOX.as_bytes(), None).unwrap();
    assert_eq!(report.format, ImportFormat::Bookmarks);
    assert_eq!((report.found, report.added, report.repeated, report.skipped_count), (5, 2, 1, 2), "{report:?}");
    let reasons: Vec<_> = report.skipped.iter().map(|s| format!("{}: {}", s.place, s.reason)).collect();
    assert!(reasons[0].starts_with("bookmark 2: only web links"), "{reasons:?}");
    assert!(reasons[1].starts_with("bookmark 4: "), "{reasons:?}");

    let links = all(&store);
    let tides = by_url(&links, "https://river.example/tides");
    assert_eq!(tides.meta.title.as_deref(), Some("Tides are rising faster"));
    assert_eq!(tides.tags, ["Climate", "water"], "the toolbar is the browser's folder, not a tag");
    assert_eq!(tides.note, "Read for the weekly: the second chart.");
    assert_eq!(tides.saved_at.as_deref(), Some("2019-10-16T00:00:00.000Z"));
    assert_eq!(tides.origin, "bookmarks");

    // In the file twice (tracking parameter, case of the host): taken once, with both
    // copies' tags and the earlier date, under the first copy's title.
    let fab = by_url(&links, "https://chips.example/fab?utm_source=feed");
    assert_eq!(fab.meta.title.as_deref(), Some("A new fab & its water"));
    assert_eq!(fab.tags, ["chips", "Newsletter ideas"]);
    assert_eq!(fab.saved_at.as_deref(), Some("2020-05-20T18:40:00.000Z"));
}

#[test]
fn pocket_raindrop_instapaper_and_pinboard_exports() {
    let (_dir, store) = library();
    // Pocket's CSV: tags split by `|`, seconds since 1970; a row with no address, a blank line.
    let pocket = "title,url,time_added,tags,status\n\
                  \"Ports, and the ships that wait\",https://ports.example/wait,1700000000,shipping|trade,unread\n\
                  No address here,,1700000001,,unread\n\
                  \n\
                  Wind power in winter,https://wind.example/winter,1700000002,,archive\n";
    let r = import::import(&store, pocket.as_bytes(), None).unwrap();
    assert_eq!((r.format, r.added, r.skipped_count), (ImportFormat::Pocket, 2, 1), "{r:?}");
    assert_eq!(r.skipped[0].place, "line 3");
    assert_eq!(r.summary, "Imported 2 new links from Pocket (1 skipped).");

    // Raindrop: a note, a folder that is not its inbox, tags split by commas, ISO dates.
    let raindrop = "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n\
                    1,Harbour cranes,Ask the port about this,Cranes are getting taller,https://ports.example/cranes,Logistics,\"ports, automation\",2024-03-01T09:30:00.000Z,,,false\n\
                    2,Waiting ships again,,,https://ports.example/wait,Unsorted,ports,2024-03-02T09:30:00.000Z,,Highlight: the queue,false\n";
    let r = import::import(&store, raindrop.as_bytes(), None).unwrap();
    assert_eq!((r.format, r.added, r.already), (ImportFormat::Raindrop, 1, 1), "{r:?}");

    // Instapaper: Selection is the note; its own folders are not tags; JSON-list tags.
    let instapaper = "URL,Title,Selection,Folder,Timestamp,Tags\n\
                      https://grid.example/storage,Storing the grid,The key paragraph.,Energy,1650000000,\"[\"\"batteries\"\"]\"\n\
                      https://grid.example/lines,New lines,,Unread,1650000001,[]\n";
    let r = import::import(&store, instapaper.as_bytes(), None).unwrap();
    assert_eq!((r.format, r.added), (ImportFormat::Instapaper, 2), "{r:?}");

    // Pinboard: description is the title, extended the note, space-separated tags.
    let pinboard = r#"[{"href":"https://grid.example/storage","description":"Storing the grid","extended":"",
                        "time":"2022-04-15T05:20:00Z","tags":"energy storage"},
                       {"href":"https://rail.example/night","description":"Night trains return","extended":"A good closer.",
                        "time":"2021-01-02T03:04:05Z","tags":"trains","toread":"yes"},
                       {"description":"no href"}]"#;
    let r = import::import(&store, pinboard.as_bytes(), None).unwrap();
    assert_eq!((r.format, r.added, r.already, r.skipped_count), (ImportFormat::Pinboard, 1, 1, 1), "{r:?}");
    assert_eq!(r.skipped[0].place, "entry 3");

    let links = all(&store);
    assert_eq!(links.len(), 6);
    let wait = by_url(&links, "https://ports.example/wait");
    assert_eq!(wait.meta.title.as_deref(), Some("Ports, and the ships that wait"), "the first import's title stays");
    assert_eq!(wait.tags, ["ports", "shipping", "trade"], "a later import adds its tags");
    assert_eq!(wait.note, "Highlight: the queue", "a link without a note takes the later one's");
    assert_eq!(wait.origin, "pocket");
    let cranes = by_url(&links, "https://ports.example/cranes");
    assert_eq!(
        (cranes.note.as_str(), cranes.tags.clone()),
        ("Ask the port about this", vec!["automation".to_owned(), "Logistics".into(), "ports".into()])
    );
    assert_eq!(cranes.saved_at.as_deref(), Some("2024-03-01T09:30:00.000Z"));
    let storage = by_url(&links, "https://grid.example/storage");
    assert_eq!(storage.note, "The key paragraph.", "the note written first is never replaced");
    assert_eq!(storage.tags, ["batteries", "Energy", "storage"], "`energy` is the same tag as `Energy`");
    assert_eq!(by_url(&links, "https://grid.example/lines").tags, Vec::<String>::new());
    assert_eq!(by_url(&links, "https://rail.example/night").note, "A good closer.");

    // The inbox's order is the saved date, newest first, not the import's order.
    let sorted = all(&store);
    let order: Vec<&str> = sorted.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(order[0], "https://ports.example/cranes");
    assert_eq!(order[5], "https://rail.example/night");
}

#[test]
fn odd_encodings_and_files_that_are_not_exports() {
    let (_dir, store) = library();
    // Windows-1252 bytes (an old Excel save of a Pocket export) and a UTF-16 file with its mark.
    let mut latin = b"title,url,time_added,tags,status\n".to_vec();
    latin.extend_from_slice(b"Caf\xe9s of Z\xfcrich,https://cafe.example/zurich,1700000000,caf\xe9,unread\n");
    let r = import::import(&store, &latin, None).unwrap();
    assert_eq!(r.added, 1);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "[{\"href\":\"https://kyoto.example/\",\"description\":\"京都の朝\",\"tags\":\"旅\"}]"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    assert_eq!(import::import(&store, &utf16, None).unwrap().added, 1);
    let links = all(&store);
    assert_eq!(by_url(&links, "https://cafe.example/zurich").meta.title.as_deref(), Some("Cafés of Zürich"));
    assert_eq!(by_url(&links, "https://cafe.example/zurich").tags, ["café"]);
    assert_eq!(by_url(&links, "https://kyoto.example/").tags, ["旅"]);

    // Not an export at all, or the wrong one named: a clear error, and nothing added.
    let e = import::import(&store, b"name,address\nSam,1 Main St\n", None).unwrap_err().to_string();
    assert!(e.contains("not a file Masthead can import"), "{e}");
    let e = import::import(&store, b"name,address\n", Some(ImportFormat::Pocket)).unwrap_err().to_string();
    assert_eq!(e, "this is not a Pocket export: its first line has no “url” column (it has name, address)");
    let e = import::import(&store, b"[1, 2", Some(ImportFormat::Pinboard)).unwrap_err().to_string();
    assert!(e.starts_with("this is not Pinboard's JSON export"), "{e}");
    assert_eq!(all(&store).len(), 2);
}

#[test]
fn the_inbox_filters_by_use_failure_tag_origin_and_words_and_archives() {
    let (_dir, store) = library();
    let pocket = "title,url,time_added,tags,status\n\
                  Solar on roofs,https://sun.example/roofs,1700000300,energy|cities,unread\n\
                  Solar farms and sheep,https://sun.example/sheep,1700000200,energy,unread\n\
                  100% renewable_towns,https://towns.example/all,1700000100,,unread\n";
    import::import(&store, pocket.as_bytes(), None).unwrap();
    let ids: Vec<i64> = all(&store).iter().map(|l| l.id).collect(); // roofs, sheep, towns
    let pasted = masthead_core::links::add_urls(&store, &["https://news.example/today".into()]).unwrap();
    let today = pasted[0].as_ref().unwrap().link.id;
    store.set_link_status(ids[1], masthead_core::model::FetchStatus::Failed, Some("timed out")).unwrap();
    let dated = LinkOverrides { published: Some("2020-01-01".into()), ..Default::default() };
    store.set_link_overrides(ids[2], &dated).unwrap();
    let issue = store.create_issue(Default::default()).unwrap();
    let story = store.add_story(issue.id, StoryFields { headline: "Sun".into(), ..Default::default() }, None).unwrap();
    store
        .add_item(
            story.id,
            ItemFields {
                kind: ItemKind::Coverage,
                url: "https://sun.example/roofs".into(),
                link_id: Some(ids[0]),
                ..Default::default()
            },
        )
        .unwrap();

    let urls =
        |q: LinkQuery| -> Vec<String> { store.query_links(&q).unwrap().links.into_iter().map(|l| l.url).collect() };
    let page = store.query_links(&LinkQuery::default()).unwrap();
    assert_eq!(page.total, 4);
    assert_eq!((page.counts.inbox, page.counts.unused, page.counts.used, page.counts.failed), (4, 3, 1, 1));
    let tags: Vec<(String, u32)> = page.tags.iter().map(|t| (t.tag.clone(), t.count)).collect();
    assert_eq!(tags, [("cities".to_owned(), 1), ("energy".to_owned(), 2)]);
    assert_eq!(page.links[0].id, today, "pasted now: newest saved");

    assert_eq!(urls(LinkQuery { show: LinkShow::Used, ..Default::default() }), ["https://sun.example/roofs"]);
    assert_eq!(urls(LinkQuery { show: LinkShow::Failed, ..Default::default() }), ["https://sun.example/sheep"]);
    assert_eq!(urls(LinkQuery { tag: Some("ENERGY".into()), ..Default::default() }).len(), 2);
    assert_eq!(urls(LinkQuery { origin: Some(String::new()), ..Default::default() }), ["https://news.example/today"]);
    assert_eq!(urls(LinkQuery { search: "solar SHEEP".into(), ..Default::default() }), ["https://sun.example/sheep"]);
    // `%` and `_` are letters in a search, not wildcards.
    assert_eq!(urls(LinkQuery { search: "100%".into(), ..Default::default() }), ["https://towns.example/all"]);
    assert!(urls(LinkQuery { search: "r_of".into(), ..Default::default() }).is_empty());
    assert_eq!(urls(LinkQuery { sort: LinkSort::Published, ..Default::default() })[0], "https://towns.example/all");
    assert_eq!(urls(LinkQuery { limit: Some(2), offset: 1, ..Default::default() }).len(), 2);

    store.archive_links(&[ids[1], ids[2]], true).unwrap();
    let page = store.query_links(&LinkQuery::default()).unwrap();
    assert_eq!((page.total, page.counts.archived, page.counts.failed), (2, 2, 0));
    assert_eq!(urls(LinkQuery { show: LinkShow::Archived, search: "sheep".into(), ..Default::default() }).len(), 1);
    store.archive_links(&[ids[1]], false).unwrap();
    assert_eq!(store.query_links(&LinkQuery::default()).unwrap().total, 3);

    let tagged = store.tag_links(&[ids[0], today], &["#Weekly ".into()], &["energy".into()]).unwrap();
    assert_eq!(tagged[0].tags, ["cities", "Weekly"]);
    assert_eq!(tagged[1].tags, ["Weekly"]);
    assert_eq!(store.set_link_note(today, "  lead story?  ").unwrap().note, "lead story?");
    store.delete_links(&[today, ids[2]]).unwrap();
    assert_eq!(all(&store).len(), 2);
    assert!(store.delete_links(&[ids[0], 9999]).is_err(), "an unknown id deletes nothing");
    assert_eq!(all(&store).len(), 2);
}

#[test]
fn fifty_thousand_bookmarks_in_one_go() {
    let (_dir, store) = library();
    let mut csv = String::from("title,url,time_added,tags,status\n");
    for i in 0..50_000 {
        csv.push_str(&format!(
            "Story number {i},https://site{}.example/story/{i},{},tag{}|all,unread\n",
            i % 97,
            1_600_000_000 + i,
            i % 13
        ));
    }
    let r = import::import(&store, csv.as_bytes(), None).unwrap();
    assert_eq!((r.added, r.added_ids.len()), (50_000, 50_000));
    let page = store.query_links(&LinkQuery { limit: Some(200), ..Default::default() }).unwrap();
    assert_eq!((page.total, page.links.len()), (50_000, 200));
    assert_eq!(page.links[0].meta.title.as_deref(), Some("Story number 49999"));
    assert_eq!(page.tags.iter().find(|t| t.tag == "all").map(|t| t.count), Some(50_000));
    // Again: everything is already there, nothing doubles.
    let again = import::import(&store, csv.as_bytes(), None).unwrap();
    assert_eq!((again.added, again.already), (0, 50_000));
}
