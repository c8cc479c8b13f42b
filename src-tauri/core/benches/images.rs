//! Link cards with pictures at scale: a 50-story issue, each story with a coverage link
//! shown as a card with its own picture (800 px, as a fetch stores it). `cargo bench -p
//! masthead-core --bench images` prints medians of repeated runs:
//! - the preview step (web render, then the library's images inlined as `data:` URIs),
//!   the first time (every image read and encoded) and after (the URIs kept by name);
//! - the email export with hosted pictures (render, inline CSS, size meter);
//! - the `.eml` with the 50 pictures inside it as related parts.

use std::time::{Duration, Instant};

use masthead_core::export::{self, ExportFormat};
use masthead_core::model::{IssueFields, ItemFields, ItemLayout, StoryFields};
use masthead_core::render::render;
use masthead_core::theme::{Format, ThemeSet};
use masthead_core::Store;

/// A photo-like picture: gradients with noise, so JPEG has work to do.
fn picture(seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    let img = image::RgbImage::from_fn(1200, 630, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let n = (state % 24) as u8;
        image::Rgb([(x / 5) as u8 ^ (seed as u8), ((y / 3) as u8).wrapping_add(n), ((x + y) / 7) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

/// Taking a 12-megapixel photo in (decode, turn, resize to 1200 px, encode), by step.
fn take_in() {
    // A 4000 × 3000 photo-like JPEG: smooth gradients with grain, quality 90.
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        let grain = ((x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 17) as u8;
        image::Rgb([(x / 16) as u8 ^ grain, (y / 12) as u8, ((x + y) / 28) as u8 ^ (grain / 2)])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&img).unwrap();
    let runs = 5;
    let mut whole = Vec::new();
    let mut size = 0;
    for _ in 0..runs {
        let t = Instant::now();
        size = masthead_core::images::process(&jpeg, "photo.jpg").unwrap().bytes.len();
        whole.push(t.elapsed());
    }
    println!(
        "a 12 MP photo ({:.1} MB JPEG) taken in: {:.0} ms (median of {runs}), stored as {:.0} KB",
        jpeg.len() as f64 / 1048576.0,
        median(whole),
        size as f64 / 1024.0
    );
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    store.add_image(&jpeg, "photo.jpg").unwrap();
    let again: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            assert!(store.add_image(&jpeg, "photo.jpg").unwrap().existed);
            t.elapsed()
        })
        .collect();
    println!("the same photo added again: {:.0} ms", median(again));
}

fn main() {
    take_in();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in(dir.path()).unwrap();
    let issue = store.create_issue(IssueFields { title: "Fifty cards".into(), ..Default::default() }).unwrap();
    let mut stored = 0usize;
    for n in 0..50 {
        let added = store.add_image_within(&picture(n), "lead.png", masthead_core::images::CARD_WIDTH).unwrap();
        stored += added.image.size as usize;
        let body = format!("Story {n}: what happened, in two sentences. Why it matters, in one more.");
        let story = store
            .add_story(issue.id, StoryFields { headline: format!("Story {n}"), body, ..Default::default() }, None)
            .unwrap();
        let card = ItemFields {
            source: "Harbour Daily".into(),
            title: format!("Ferries run on time, part {n}"),
            description: "The timetable is the product: how one port got every boat out on the minute.".into(),
            url: format!("https://harbour.example/{n}"),
            image: added.image.name,
            layout: ItemLayout::Card,
            ..Default::default()
        };
        store.add_item(story.id, card).unwrap();
    }
    println!(
        "50 pictures stored: {:.1} MB in all, {:.0} KB each on average",
        stored as f64 / 1048576.0,
        stored as f64 / 50.0 / 1024.0
    );

    let themes = ThemeSet::load(None, None);
    let theme = themes.get("weekly").unwrap();
    let doc = store.get_issue_doc(issue.id).unwrap();
    let publication = store.publication(doc.issue.publication_id).unwrap();
    let runs = 30;
    store.set_publication_setting(publication.id, "publication.sender", "Harbour <news@harbour.example>").unwrap();

    let (mut cold, mut warm) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let fresh = Store::open_in(dir.path()).unwrap(); // nothing kept yet
        let t = Instant::now();
        let html = render(&doc, &publication, theme, Format::Web).unwrap().body;
        std::hint::black_box(fresh.inline_images(&html));
        cold.push(t.elapsed());
        let t = Instant::now();
        let html = render(&doc, &publication, theme, Format::Web).unwrap().body;
        std::hint::black_box(fresh.inline_images(&html));
        warm.push(t.elapsed());
    }
    let page = store.inline_images(&render(&doc, &publication, theme, Format::Web).unwrap().body);
    println!(
        "preview (web render + pictures inlined), medians of {runs}: first {:.1} ms, then {:.1} ms per keystroke; page {:.1} MB",
        median(cold),
        median(warm),
        page.len() as f64 / 1048576.0
    );

    let eml = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(export::export(&store, &themes, issue.id, ExportFormat::Eml, None).unwrap());
            t.elapsed()
        })
        .collect();
    let eml_size = export::export(&store, &themes, issue.id, ExportFormat::Eml, None).unwrap().text.len();
    store.set_publication_setting(publication.id, "publication.image_base_url", "https://img.example.org/n").unwrap();
    let email = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(export::export(&store, &themes, issue.id, ExportFormat::Email, None).unwrap());
            t.elapsed()
        })
        .collect();
    let html = export::export(&store, &themes, issue.id, ExportFormat::Email, None).unwrap();
    println!(
        "email export with hosted pictures: {:.1} ms, {:.1} KB of HTML ({}); .eml with the pictures inside: {:.1} ms, {:.1} MB",
        median(email),
        html.text.len() as f64 / 1024.0,
        html.size.map(|s| s.summary).unwrap_or_default(),
        median(eml),
        eml_size as f64 / 1048576.0
    );
}
