//! Reading time: visible words at the publication's speed, plus 12 s for the first image,
//! one second less for each next, never below 3 s; at least one minute.

use masthead_core::model::{Issue, IssueDoc, IssueStatus, Publication, Story, StoryFields};
use masthead_core::render::render;
use masthead_core::theme::{Format, ThemeSet};

fn doc(body: String) -> IssueDoc {
    IssueDoc {
        issue: Issue {
            id: 1,
            publication_id: 0,
            number: 1,
            title: String::new(),
            subtitle: String::new(),
            date: "2026-01-02".into(),
            status: IssueStatus::Draft,
            theme: "weekly".into(),
            intro: String::new(),
            closing: String::new(),
            preheader: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
        },
        stories: vec![Story {
            id: 1,
            issue_id: 1,
            ordinal: 0,
            fields: StoryFields { body, ..Default::default() },
            items: vec![],
            updated_at: String::new(),
        }],
    }
}

fn minutes(body: String, wpm: i64) -> (usize, u32) {
    let themes = ThemeSet::built_in();
    // No name: the page shows only the story's words.
    let publication = Publication { words_per_minute: wpm, name: String::new(), ..Default::default() };
    let r = render(&doc(body), &publication, themes.require("weekly").unwrap(), Format::Web).unwrap();
    assert!(r.body.contains(&format!("~{} min read", r.minutes)), "the page shows the same figure");
    (r.words, r.minutes)
}

fn words(n: usize) -> String {
    vec!["word"; n].join(" ")
}

#[test]
fn words_at_the_publications_speed() {
    assert_eq!(minutes(words(265), 265), (265, 1));
    assert_eq!(minutes(words(266), 265), (266, 2), "a started minute counts");
    assert_eq!(minutes(words(1590), 265), (1590, 6));
    assert_eq!(minutes(words(1590), 530), (1590, 3));
    assert_eq!(minutes(String::new(), 265), (0, 1), "never below one minute");
    assert_eq!(minutes(words(265), 0), (265, 1), "an unset speed means 265");
}

#[test]
fn images_add_twelve_seconds_then_one_less_each_never_below_three() {
    let img = "![a chart](https://example.com/c.png)\n\n";
    // 212 words = 48 s; one image = 12 s: exactly one minute.
    assert_eq!(minutes(format!("{}\n\n{img}", words(212)), 265).1, 1);
    // 213 words + one image tips over.
    assert_eq!(minutes(format!("{}\n\n{img}", words(213)), 265).1, 2);
    // Five images: 12+11+10+9+8 = 50 s.
    assert_eq!(minutes(img.repeat(5), 265).1, 1);
    // Ten images: 12+…+3 = 75 s; each one after that adds 3 s, so 14 images = 87 s.
    assert_eq!(minutes(img.repeat(14), 265), (0, 2));
    // 45 images: 75 + 35×3 = 180 s exactly; a 46th tips into a fourth minute.
    assert_eq!(minutes(img.repeat(45), 265).1, 3);
    assert_eq!(minutes(img.repeat(46), 265).1, 4);
}

#[test]
fn markup_is_not_counted_as_words() {
    let (w, _) =
        minutes("## Heading here\n\n**Bold** and [a link](https://example.com/x) — done.\n\n- one\n- two".into(), 265);
    assert_eq!(w, 9, "Heading here Bold and a link done one two");
}
