//! Nothing in an issue becomes script: raw HTML in Markdown is sanitized, and fetched or
//! typed titles, quotes and names are escaped, in every theme and output.

use masthead_core::render::render;
use masthead_core::theme::{Format, ThemeSet};

#[test]
fn no_output_carries_script_handlers_or_javascript_links() {
    let f = super::fixture();
    let themes = ThemeSet::built_in();
    for theme in ["weekly", "digest", "briefing"] {
        for format in [Format::Web, Format::Email] {
            let html = render(&f.doc, &f.publication, themes.require(theme).unwrap(), format).unwrap().body;
            let lower = html.to_ascii_lowercase();
            assert!(!lower.contains("<script"), "{theme} {format:?}: script element");
            // The fixture's hostile source name shows as escaped text; no element carries a handler.
            assert_eq!(
                lower.matches("onerror").count(),
                lower.matches("&lt;img src=x onerror").count(),
                "{theme} {format:?}: event handler"
            );
            assert!(!lower.contains("javascript:"), "{theme} {format:?}: javascript: link");
            // Harmless markup survives.
            if theme != "briefing" {
                assert!(
                    html.contains("<sup>2</sup>") && html.contains("<abbr title=\"HyperText\">HTML</abbr>"),
                    "{theme}"
                );
            }
        }
    }
}

#[test]
fn item_text_is_escaped_not_interpreted() {
    let f = super::fixture();
    let themes = ThemeSet::built_in();
    let weekly = render(&f.doc, &f.publication, themes.require("weekly").unwrap(), Format::Web).unwrap().body;
    assert!(weekly.contains("&lt;img src=x onerror=alert(4)&gt;"), "a source name is text");
    assert!(
        // (a card's title, its straight quotes set typographically, the publication's default)
        weekly.contains("<span class=\"card-title\">“Quoted” &lt;script&gt;alert(5)&lt;/script&gt; &amp; more</span>"),
        "a title is text"
    );
    assert!(
        weekly.contains("&lt;b onmouseover=&quot;alert(6)&quot;&gt;bold&lt;/b&gt;"),
        "a card's fetched description is text"
    );
    assert!(!weekly.contains("alert(7)"), "a card's picture is a library image's name or nothing");
    assert!(weekly.contains("<span class=\"quote\">“&lt;/q&gt;&lt;script&gt;"), "a quote cannot close its element");
    let briefing = render(&f.doc, &f.publication, themes.require("briefing").unwrap(), Format::Web).unwrap().body;
    // A summary is the author's Markdown, cleaned like a body: harmless markup stays.
    assert!(briefing.contains("Titles with <b>tags</b> &amp; ampersands"), "{briefing}");
    let md = render(&f.doc, &f.publication, themes.require("weekly").unwrap(), Format::Markdown).unwrap().body;
    assert!(md.contains(r"\<img src=x onerror=alert(4)\>"), "fetched text stays text in Markdown: {md}");
}

#[test]
fn a_one_megabyte_body_renders() {
    let mut f = super::fixture();
    f.doc.stories[0].fields.body =
        "A paragraph of an unusually long story, repeated. ".repeat(20_000) + "\n\n" + &"- item\n".repeat(20_000);
    assert!(f.doc.stories[0].fields.body.len() > 1_000_000);
    let themes = ThemeSet::built_in();
    for format in Format::ALL {
        let out = render(&f.doc, &f.publication, themes.require("weekly").unwrap(), format).unwrap();
        assert!(out.body.len() > 1_000_000, "{format:?}");
    }
}

/// The Markdown export is never less safe than the HTML ones: raw `<script>`, handlers,
/// frames and `javascript:` links in the author's Markdown (and markup in plain-text
/// fields such as a section's name) come out cleaned or escaped in every theme, read as a
/// service that takes Markdown with HTML would (comrak, raw HTML allowed); harmless markup
/// and ordinary Markdown stay as written.
#[test]
fn the_markdown_export_carries_no_script_handlers_or_javascript_links() {
    let mut f = super::fixture();
    let hostile = "Before.\n\n<script>alert(1)</script>\n\n<img src=\"x.png\" onerror=\"alert(2)\" alt=\"x\"> and \
                   [click](javascript:alert(3)) <a href=\"javascript:alert(4)\">raw</a> H<sub>2</sub>O\n\n\
                   <iframe src=\"https://evil.example\"></iframe>\n\nAfter.";
    f.doc.stories[0].fields.body = hostile.into();
    f.doc.issue.intro = "An **ordinary** intro with a [link](https://example.org/a).".into();
    f.doc.stories[1].fields.section = "<img src=x onerror=alert(5)>".into();
    f.publication.sign_off = "<b onclick=\"alert(6)\">— Sam</b>".into();
    // The export's dialect (GFM), read with raw HTML allowed.
    let unsafe_reader = masthead_core::render::markdown::options();
    let themes = ThemeSet::built_in();
    for theme in ["weekly", "digest", "briefing"] {
        let md = render(&f.doc, &f.publication, themes.require(theme).unwrap(), Format::Markdown).unwrap().body;
        assert_inert(&comrak::markdown_to_html(&md, &unsafe_reader), &format!("{theme}: {md}"));
        assert!(md.contains("An **ordinary** intro with a [link](https://example.org/a)."), "{theme}: {md}");
        if theme != "briefing" {
            assert!(md.contains("H<sub>2</sub>O") && md.contains("After."), "{theme}: harmless markup stays: {md}");
        }
    }
}

/// Inputs the fuzzer (`tests/fuzz.rs`) found whose Markdown export, read again, carried a
/// `javascript:` or `vbscript:` link: text inside a cleaned HTML block, an attribute value
/// over several lines, a code block whose carriage return split it on a second reading.
#[test]
fn what_the_fuzzer_found_stays_inert() {
    let found = [
        "x![k](javascript:tzwpa.s)![pfw](javascript:ob)*zwb *[](https:8y)()`\t\0\u{c72cf}E'🕴\t`[h j  hhm](javascript:(08a2q))rp(/srj9)![zcny](https:/.i.)\n> `\t¥@,\u{7f}\u{dfe96}.!\u{b}`\n\n\n1. ![](javascript:/)\n\n<iframe href=\"javascript:5xqdn))5)g\" onerror=\"javascript:2mtgpr src=w6v9 style=\")k(3)es(\" href=\"javascript:7sdx((3))\" onerror=)( onerror=javascript:k9349p( onerror=javascript:oez((u510\" href=\"javascript:q95g(y onerror=javascript:o((4(57(\" onclick=javascript:0)6oeoo( style=73)oga() onclick=\"8 src=ej style=javascript:(()((vy76( style=\" style=d(8x9kv)y src=\"xpr2)\" href=javascript:1(528z)(\" onclick=\" href=javascript:755w\" style=\"javascript:4 onclick=javascript:mi)2\">\n# ![wkcn](javascript:./.q/)<b onerror=javascript:o))ow0h5(\">*a **JooM .gKH,.vyS.a.S,N**e  ttbs**\n\nH.B., g.  VQBEB[dwxrra](JaVaScRiPt:)))2dr2)28(2)s)\n> <b style=\"l9301k)3( style=\"javascript:(k src=javascript:z4m16 style=)\" onerror=javascript: onclick=javascript:(6l)w4e(zg onerror=\" onclick=\"javascript:(( src=\"h)()n)73j8 href=\"s\" onerror=\"6p7 href=\"javascript:n href=javascript:)vj175)y style=syh)sjex)\"> ,.X,FE.tG,Y  Vy\n\n. VBH,,r c**qa  l kh**GQg.,,kA![jv](https:)cOCt.  J .,i ..ybJ` I\u{feff}¢xV¥þ\u{bf493}`![u](javascript:..e)<style src=\"javascript:94)q\" href=6)mh45 onclick=javascript: href=\"u1c)z\" href=javascript:)4\" style=\"p)su onclick=e)))(npa href=javascript:kqv2\" onerror=\"6\" style=\"javascript:2md(466a href=7)2dq4 src=\"(kg9r)55(\" style=\"javascript:2r)41\" style=307h)h\" src=\"0\" style=\"1h4u8z9g)t\">`=𔖡=Ⱥ\u{927d3}🕴\u{6c639}`\n\n",
        "\n\n</iframe>aL.X,l.XS.  .OzQhkl,FV|n|  |\n|---|---|<a onclick=javascript:5nq)7(0( src=pl2\" href=\"l(6l)></b>||bk |\n|---|---|[  ](mailto:.((w(b.g.)\n## |how |s x |\n|---|---|![nwkn](https:g.qyqaxb)![gqbqs](javascript:)</style>`g`Z.IN![ske](https:.)\n\n\n## </sub>**bhy sjva*||e iw|\n|---|---|`\u{1b}\u{dea5d}\\1\u{34b2c}\t%|\u{13}`\n1. </style></sub>`;\u{1}\u{164e2}EI\\p\n\u{9535a}¥`,.OR.vCA</b><object onclick=javascript:(o35e src=\"javascript:2\" onclick=\"javascript:m(329rj4\" onclick=javascript:\" href=\"javascript:0hh2mzp(v(\" href=\"3j style=\"javascript:)\" href=\"d87(m\" onerror=javascript:a4)e47e2 href=\"javascript:></b>| eh b|fit|\n|---|---|<img href=\"javascript:ayi10( href=8)t2(01 onerror=\"k7(0m\" src=\"javascript:n)ffd8p onerror=javascript: src=((969664\" onerror=\"st7s(8(d href=\"javascript:g20zu8(kk1 onclick=javascript:6(5yj\"></iframe></a>![wmgrv](https:p)",
        "[bk  v ](JaVaScRiPt:.h/)1db)i9al()![d](https:/ed//v)\n- \n\n```\r\u{7f}\0b`.g.DL.Fc.i* fn   p*| |hp  |\n|---|---||uiuir|   fv|\n|---|---|`\u{17}]z-\nVѨ`</sub>[o   ](https:8m.0()g0)(((f8)[i da c  g](JaVaScRiPt:9dw0w(vn(.)** jzghpb*<img onclick=\"(j514uc11\" href=\"javascript:)0(4rak\" onerror= onclick=\"javascript:)ud)(c56\" style=\"javascript:((2l8 onerror=\"im)(b75\">\n\n`Ѩ&\r\\�L*`[ u](https:hbd(8.3fl)||xt  |\n|---|---|[](vbscript:(2r)jn3c))|| |\n|---|---|",
    ];
    let reader = masthead_core::render::markdown::options();
    for md in found {
        let out = comrak::markdown_to_html(&masthead_core::render::markdown::safe_markdown(md), &reader);
        assert_inert(&out, md);
    }
}

/// Nothing in `html` can run script: no script, frame, object or embed element, no `on…`
/// attribute, no `javascript:` or `vbscript:` address. `from` says what it came from.
fn assert_inert(html: &str, from: &str) {
    let doc = scraper::Html::parse_fragment(html);
    for el in doc.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        let e = el.value();
        assert!(!matches!(e.name(), "script" | "iframe" | "object" | "embed"), "<{}> from {from:?}", e.name());
        for (name, value) in e.attrs() {
            let v = value.trim().to_ascii_lowercase();
            assert!(
                !name.starts_with("on") && !v.starts_with("javascript:") && !v.starts_with("vbscript:"),
                "{name}={value} from {from:?}"
            );
        }
    }
}
