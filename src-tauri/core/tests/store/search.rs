use masthead_core::model::{HitKind, ItemFields, ItemKind};

use crate::{issue, story, temp_store};

#[test]
fn finds_every_kind_and_ranks_headlines_first() {
    let (_d, s) = temp_store();
    let i = s.create_issue(issue("Weekly lighthouse notes")).unwrap();
    let st = s.add_story(i.id, story("Lighthouse keepers return", "A story about harbours."), None).unwrap();
    s.add_story(i.id, story("Harbour fees", "One lighthouse is mentioned in passing."), None).unwrap();
    s.add_item(
        st.id,
        ItemFields {
            kind: ItemKind::Reaction,
            source: "Marta Keeper".into(),
            quote: "The lighthouse is bright again".into(),
            ..Default::default()
        },
    )
    .unwrap();
    s.add_link("https://e.com/l", "https://e.com/l", Some("Lighthouse catalogue")).unwrap();

    let hits = s.search("lighthouse", 20).unwrap();
    let kinds: Vec<_> = hits.iter().map(|h| h.kind).collect();
    for k in [HitKind::Issue, HitKind::Story, HitKind::Item, HitKind::Link] {
        assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
    }
    let passing = hits.iter().position(|h| h.title == "Harbour fees").unwrap();
    let headline = hits.iter().position(|h| h.title == "Lighthouse keepers return").unwrap();
    assert!(headline < passing, "a headline match outranks a passing mention: {hits:#?}");
    let mention = &hits[passing];
    assert!(mention.snippet.contains("[lighthouse]"), "{}", mention.snippet);
    assert_eq!(mention.issue_id, Some(i.id));
}

#[test]
fn the_index_follows_edits_and_deletes() {
    let (_d, s) = temp_store();
    let i = s.create_issue(issue("Index")).unwrap();
    let st = s.add_story(i.id, story("Zeppelin", "airship"), None).unwrap();
    assert_eq!(s.search("zeppelin", 10).unwrap().len(), 1);
    s.save_story(st.id, story("Blimp", "airship")).unwrap();
    assert!(s.search("zeppelin", 10).unwrap().is_empty(), "old text is gone after an edit");
    assert_eq!(s.search("blimp", 10).unwrap().len(), 1);
    s.delete_issue(i.id).unwrap();
    assert!(s.search("blimp", 10).unwrap().is_empty(), "cascaded deletes leave the index too");
}

#[test]
fn search_takes_words_with_prefixes_accents_and_odd_characters() {
    let (_d, s) = temp_store();
    let i = s.create_issue(issue("Café society")).unwrap();
    s.add_story(i.id, story("Naïve résumé", "OR AND NEAR"), None).unwrap();
    assert_eq!(s.search("cafe", 10).unwrap().len(), 1, "diacritics are folded");
    assert_eq!(s.search("resu", 10).unwrap().len(), 1, "the last word is a prefix");
    assert!(s.search("\"unbalanced (", 10).unwrap().is_empty(), "syntax characters are text, not errors");
    assert_eq!(s.search("NEAR", 10).unwrap().len(), 1, "FTS operators are plain words");
    assert!(s.search("   ", 10).unwrap().is_empty());
}
