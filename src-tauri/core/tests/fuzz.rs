//! Long randomized runs of the four parsers that take outside input: the link extractor,
//! the Markdown renderer (and the Markdown export's cleaner), the issue-file reader and
//! the search query. Each checks what must hold for every input (no panic, no script in
//! the HTML, a bounded answer), not particular outputs.
//!
//! In CI each runs briefly; for the long runs (issue 13: ten minutes each), give seconds:
//! `FUZZ_SECONDS=600 cargo test --release -p masthead-core --test fuzz -- --nocapture --test-threads=2`
//! Each prints how many inputs it tried.

use std::time::{Duration, Instant};

use masthead_core::export::issue_file;
use masthead_core::links::extract::extract;
use masthead_core::render::markdown;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

/// Runs `check` on inputs from `strategy` until the time is up (`FUZZ_SECONDS`, else
/// 3 s), then says how many it tried.
fn fuzz<S: Strategy>(name: &str, strategy: S, mut check: impl FnMut(S::Value)) {
    let secs: u64 = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    let until = Instant::now() + Duration::from_secs(secs);
    let mut runner = TestRunner::deterministic();
    let mut tried = 0u64;
    while Instant::now() < until {
        let value = strategy.new_tree(&mut runner).expect("the strategy makes values").current();
        check(value);
        tried += 1;
    }
    eprintln!("fuzz {name}: {tried} inputs in {secs} s, no failure");
}

/// Markup-shaped text: tags (some nested deep), attributes, entities, scripts, JSON-LD.
fn markup() -> impl Strategy<Value = String> {
    let piece = proptest::prop_oneof![
        "<[a-zA-Z]{1,8}( [a-z:-]{1,12}=\"[^\"]{0,24}\")*/?>",
        "</[a-zA-Z]{1,8}>",
        "[^<]{0,40}",
        "&[a-z#0-9]{1,8};?",
        "<meta (property|name)=\"(og:title|og:site_name|description|author|article:published_time)\" content=\"[^\"]{0,40}\">",
        "<script type=\"application/ld\\+json\">[{}\\[\\]\":,a-zA-Z@ 0-9]{0,80}</script>",
        "(<div>){1,400}",
        "<!--[^>]{0,20}(-->)?",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

#[test]
fn the_extractor_gives_a_card_for_any_page() {
    fuzz("extractor", markup(), |page| {
        let meta = extract(page.as_bytes(), "https://fuzz.example/a", Some("text/html"));
        assert!(meta.url.is_some());
        assert!(meta.title.as_ref().is_none_or(|t| t.chars().count() <= 1_000));
    });
}

/// Markdown-shaped text with raw HTML and links of every scheme.
fn markdown_text() -> impl Strategy<Value = String> {
    let piece = proptest::prop_oneof![
        "[a-zA-Z ,.]{0,30}",
        "\n\n",
        "\n(- |\\* |1\\. |> |#{1,3} |    )",
        "\\*\\*?[a-z ]{0,10}\\*\\*?",
        "\\[[a-z ]{0,10}\\]\\((javascript|JaVaScRiPt|data|vbscript|https|mailto):[a-z()0-9/.]{0,16}\\)",
        "!\\[[a-z]{0,5}\\]\\((javascript|https):[a-z/.]{0,10}\\)",
        "<(script|img|a|iframe|sub|b|svg|style|object)( (src|href|onerror|onclick|style)=\"?(javascript:)?[a-z()0-9]{0,10}\"?)*>",
        "</(script|a|sub|b|iframe|svg|style)>",
        "`[^`]{0,10}`",
        "\\|[a-z ]{0,5}\\|[a-z ]{0,5}\\|\n\\|---\\|---\\|",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// No element, attribute or URL that could run script.
fn assert_inert(html: &str, from: &str) {
    let doc = scraper::Html::parse_fragment(html);
    for el in doc.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        let e = el.value();
        assert!(
            !matches!(e.name(), "script" | "iframe" | "object" | "embed" | "style"),
            "<{}> from {from:?}",
            e.name()
        );
        for (name, value) in e.attrs() {
            let v = value.trim().to_ascii_lowercase();
            assert!(!name.starts_with("on"), "{name} from {from:?}");
            assert!(!v.starts_with("javascript:") && !v.starts_with("vbscript:"), "{name}={value} from {from:?}");
        }
    }
}

#[test]
fn markdown_renders_and_exports_without_script() {
    // The export's dialect (GFM), read with raw HTML allowed, as a service would.
    let raw = markdown::options();
    assert!(raw.render.r#unsafe);
    fuzz("markdown", markdown_text(), |md| {
        assert_inert(&markdown::to_html(&md), &md);
        // The Markdown export, read by a service that renders Markdown with raw HTML.
        assert_inert(&comrak::markdown_to_html(&markdown::safe_markdown(&md), &raw), &md);
    });
}

#[test]
fn the_issue_file_reader_refuses_or_reads_any_bytes() {
    // The sample issue's file, with a stretch replaced by junk; and plain junk.
    let dir = tempfile::tempdir().unwrap();
    let store = masthead_core::Store::open_in(dir.path()).unwrap();
    let issue = masthead_core::sample::install(&store).unwrap();
    let themes = masthead_core::theme::ThemeSet::built_in();
    let good =
        masthead_core::export::export(&store, &themes, issue.id, masthead_core::export::ExportFormat::Json, None)
            .unwrap()
            .text;
    let mutated = (0usize..1_000_000, 0usize..64, "[^\n]{0,24}").prop_map(move |(at, len, junk)| {
        let at = at % good.len();
        let mut s: Vec<u8> = good.as_bytes().to_vec();
        let end = (at + len).min(s.len());
        s.splice(at..end, junk.bytes());
        s
    });
    let strategy = proptest::prop_oneof![mutated, proptest::collection::vec(proptest::num::u8::ANY, 0..512)];
    fuzz("issue file", strategy, |bytes| {
        if let Ok(file) = issue_file::parse(&bytes, "fuzz.json") {
            assert!((1..=999_999).contains(&file.issue.number));
        }
    });
}

#[test]
fn any_search_query_answers_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let store = masthead_core::Store::open_in(dir.path()).unwrap();
    masthead_core::sample::install(&store).unwrap();
    let query = proptest::prop_oneof![
        "[a-zA-Z \"*():^+-]{0,200}",
        "(the |a |and |of |library |open |\"NEAR\" |AND |OR |NOT ){0,400}",
        ".{0,300}",
    ];
    fuzz("search", query, |q| {
        assert!(store.search(&q, 20).is_ok(), "{q:?}");
    });
}
