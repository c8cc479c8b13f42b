//! Plain text for the text output and for counting words: the author's Markdown as text
//! (links become numbered references), and the final wrap at 72 columns.
//!
//! The wrap runs over the whole rendered text, line by line, so theme templates write
//! each paragraph on one line and never think about width. A line that must not be
//! wrapped (code, tables) starts with [`VERBATIM`], which the wrap removes.

use comrak::nodes::{AstNode, ListType, NodeValue};

/// Marks a line the wrap must leave as it is.
pub const VERBATIM: char = '\u{E000}';

/// The column the text output wraps at, in characters.
pub const WIDTH: usize = 72;

/// The author's Markdown as text, plus what the reading time needs.
#[derive(Debug, Default)]
pub struct Plain {
    /// The text: links as numbered references (`text [3]`), images as `[image: description]`.
    pub text: String,
    /// How many images it has, for the reading time.
    pub images: usize,
}

/// Converts Markdown to text. `cite` is called for each link, in reading order, and
/// returns the number its reference gets (`text [3]`); an autolink shows its URL instead.
pub fn markdown_to_text(md: &str, cite: &mut dyn FnMut(&str, &str) -> usize) -> Plain {
    markdown_to_text_with(md, cite, &super::markdown::OPTIONS)
}

/// [`markdown_to_text`] with its quotes and dashes as typed.
pub fn markdown_to_text_as_typed(md: &str, cite: &mut dyn FnMut(&str, &str) -> usize) -> Plain {
    let mut options = super::markdown::options();
    options.parse.smart = false;
    markdown_to_text_with(md, cite, &options)
}

fn markdown_to_text_with(md: &str, cite: &mut dyn FnMut(&str, &str) -> usize, options: &comrak::Options) -> Plain {
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, md, options);
    let mut w = Writer { cite, images: 0, reading: false };
    let blocks = w.blocks(root);
    Plain { text: blocks.join("\n\n"), images: w.images }
}

/// What a reader reads in `md`: its words (image descriptions and reference marks left
/// out) and its images. Shares the parse (and the cache) of the HTML conversion.
pub fn reading_words(md: &str) -> (usize, usize) {
    let c = super::markdown::convert(md);
    (c.words, c.images)
}

/// Words and images under a parsed document. The text is collected into one buffer, with
/// a space at every break and block end, and counted once.
pub(crate) fn reading_of<'a>(root: &'a AstNode<'a>) -> (usize, usize) {
    fn walk<'a>(node: &'a AstNode<'a>, buf: &mut String, images: &mut usize) {
        match &node.data.borrow().value {
            NodeValue::Image(_) => {
                *images += 1;
                return;
            }
            NodeValue::Text(t) => buf.push_str(t),
            NodeValue::Code(c) => buf.push_str(&c.literal),
            NodeValue::CodeBlock(c) => buf.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => buf.push(' '),
            _ => {}
        }
        for c in node.children() {
            walk(c, buf, images);
        }
        if node.data.borrow().value.block() {
            buf.push(' ');
        }
    }
    let mut buf = String::new();
    let mut images = 0;
    walk(root, &mut buf, &mut images);
    (count_words(&buf), images)
}

struct Writer<'c> {
    cite: &'c mut dyn FnMut(&str, &str) -> usize,
    images: usize,
    /// Counting words for the reading time: no image descriptions, no reference marks.
    reading: bool,
}

impl Writer<'_> {
    /// The children of `node` as blocks of text (each block one or more lines).
    fn blocks<'a>(&mut self, node: &'a AstNode<'a>) -> Vec<String> {
        node.children().filter_map(|c| self.block(c)).filter(|b| !b.is_empty()).collect()
    }

    fn block<'a>(&mut self, node: &'a AstNode<'a>) -> Option<String> {
        let value = node.data.borrow().value.clone();
        Some(match value {
            NodeValue::Paragraph => self.inlines(node),
            NodeValue::Heading(h) => {
                let text = self.inlines(node);
                let ch = if h.level <= 2 { '=' } else { '-' };
                underline(&text, ch)
            }
            NodeValue::List(list) => {
                let mut n = list.start;
                let items: Vec<String> = node
                    .children()
                    .map(|item| {
                        let marker = match list.list_type {
                            ListType::Bullet => "- ".to_owned(),
                            ListType::Ordered => {
                                n += 1;
                                format!("{}. ", n - 1)
                            }
                        };
                        let body = self.blocks(item).join("\n\n");
                        indent_after_first(&format!("{marker}{body}"), marker.chars().count())
                    })
                    .collect();
                items.join(if list.tight { "\n" } else { "\n\n" })
            }
            NodeValue::TaskItem(t) => {
                let mark = if t.symbol.is_some() { "[x] " } else { "[ ] " };
                format!("{mark}{}", self.blocks(node).join("\n\n"))
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => {
                let inner = self.blocks(node).join("\n\n");
                inner
                    .lines()
                    .map(|l| if l.is_empty() { ">".to_owned() } else { format!("> {l}") })
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            NodeValue::CodeBlock(c) => c
                .literal
                .trim_end_matches('\n')
                .lines()
                .map(|l| format!("{VERBATIM}    {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
            // Sanitized first, so a <script> or <style> block loses its content, not just its tags.
            NodeValue::HtmlBlock(h) => strip_tags(&super::markdown::sanitize(&h.literal)).trim().to_owned(),
            NodeValue::ThematicBreak => "* * *".to_owned(),
            NodeValue::Table(_) => node
                .children()
                .map(|row| {
                    let cells: Vec<String> = row.children().map(|cell| self.inlines(cell)).collect();
                    format!("{VERBATIM}{}", cells.join(" | "))
                })
                .collect::<Vec<_>>()
                .join("\n"),
            NodeValue::FootnoteDefinition(f) => {
                format!("[^{}] {}", f.name, self.blocks(node).join(" "))
            }
            NodeValue::Document | NodeValue::Item(_) => self.blocks(node).join("\n\n"),
            _ => self.inlines(node),
        })
    }

    fn inlines<'a>(&mut self, node: &'a AstNode<'a>) -> String {
        let mut out = String::new();
        for c in node.children() {
            self.inline(c, &mut out);
        }
        out.trim().to_owned()
    }

    fn inline<'a>(&mut self, node: &'a AstNode<'a>, out: &mut String) {
        let value = node.data.borrow().value.clone();
        match value {
            NodeValue::Text(t) => out.push_str(&t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak => out.push(' '),
            NodeValue::LineBreak => out.push('\n'),
            NodeValue::HtmlInline(h) => {
                if h.to_ascii_lowercase().starts_with("<br") {
                    out.push('\n');
                }
            }
            NodeValue::Link(link) => {
                let mut text = String::new();
                for c in node.children() {
                    self.inline(c, &mut text);
                }
                let bare = link.url.trim_start_matches("mailto:");
                if text == link.url || text == bare || self.reading || !super::markdown::is_safe_url(&link.url) {
                    out.push_str(&text);
                } else {
                    let n = (self.cite)(&link.url, &text);
                    out.push_str(&format!("{text} [{n}]"));
                }
            }
            NodeValue::Image(ref image) => {
                self.images += 1;
                if self.reading {
                    return;
                }
                let caption = image.title.trim().to_owned();
                let mut alt = String::new();
                for c in node.children() {
                    self.inline(c, &mut alt);
                }
                out.push_str(
                    match (alt.is_empty(), caption.is_empty()) {
                        (true, true) => "[image]".to_owned(),
                        (false, true) => format!("[image: {alt}]"),
                        (true, false) => format!("[image] {caption}"),
                        (false, false) => format!("[image: {alt}] {caption}"),
                    }
                    .as_str(),
                );
            }
            NodeValue::FootnoteReference(f) => out.push_str(&format!("[^{}]", f.name)),
            _ => {
                for c in node.children() {
                    self.inline(c, out);
                }
            }
        }
    }
}

/// `Title` and a line of `ch` as wide as it, on the next line.
pub fn underline(text: &str, ch: char) -> String {
    let width = text.lines().map(textwrap::core::display_width).max().unwrap_or(0);
    format!("{text}\n{}", ch.to_string().repeat(width))
}

fn indent_after_first(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    let mut lines = text.lines();
    let mut out = lines.next().unwrap_or_default().to_owned();
    for l in lines {
        out.push('\n');
        if let Some(rest) = l.strip_prefix(VERBATIM) {
            out.push(VERBATIM);
            out.push_str(&pad);
            out.push_str(rest);
        } else if !l.is_empty() {
            out.push_str(&pad);
            out.push_str(l);
        }
    }
    out
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Wraps every line at [`WIDTH`] columns. Continuation lines keep the line's indent,
/// quote marks and list marker width (`- `, `1. `, `[12] `), so lists and references hang.
/// Runs of blank lines collapse to one; URLs are never broken.
pub fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank == 1 && !out.is_empty() {
                out.push('\n');
            }
            continue;
        }
        blank = 0;
        if let Some(v) = line.strip_prefix(VERBATIM) {
            out.push_str(v);
            out.push('\n');
            continue;
        }
        let (prefix, rest) = split_prefix(line);
        if textwrap::core::display_width(line) <= WIDTH {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let hang: String = prefix.chars().map(|c| if c == '>' { '>' } else { ' ' }).collect();
        let opts = textwrap::Options::new(WIDTH)
            .initial_indent(prefix)
            .subsequent_indent(&hang)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for l in textwrap::wrap(rest, &opts) {
            out.push_str(l.trim_end());
            out.push('\n');
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The part of a line that continuation lines hang under: indent, `> ` quote marks and a
/// list or reference marker.
fn split_prefix(line: &str) -> (&str, &str) {
    let b = line.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i + 1 < b.len() && b[i] == b'>' && b[i + 1] == b' ' {
            i += 2;
            continue;
        }
        break;
    }
    let rest = &line[i..];
    let marker = if rest.starts_with("- ") || rest.starts_with("* ") || rest.starts_with("• ") {
        rest.char_indices().nth(2).map(|(j, _)| j).unwrap_or(rest.len())
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && digits < 4 && rest[digits..].starts_with(". ") {
            digits + 2
        } else if let Some(after) = rest.strip_prefix('[') {
            let d = after.bytes().take_while(u8::is_ascii_digit).count();
            if d > 0 && after[d..].starts_with("] ") {
                d + 3
            } else {
                0
            }
        } else {
            0
        }
    };
    line.split_at(i + marker)
}

/// Words a reader reads: whitespace-separated runs holding a letter or digit.
pub fn count_words(text: &str) -> usize {
    // Byte by byte for ASCII (nearly all of most text, counted on every render), the
    // Unicode rules only for the other characters: the same words `split_whitespace` and
    // `char::is_alphanumeric` find, at a fraction of the cost.
    let mut words = 0;
    let mut in_word = false;
    let mut counted = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (space, alnum, len) = if b.is_ascii() {
            (b.is_ascii_whitespace() || b == 0x0b, b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().expect("a character starts at i");
            (c.is_whitespace(), c.is_alphanumeric(), c.len_utf8())
        };
        if space {
            in_word = false;
        } else {
            if !in_word {
                in_word = true;
                counted = false;
            }
            if alnum && !counted {
                counted = true;
                words += 1;
            }
        }
        i += len;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn words_are_counted_as_split_whitespace_would(s in "(\\PC|[ \t\n\x0b\u{85}\u{a0}\u{3000}]|[a-z0-9.,—-]){0,80}") {
            let slow = s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
            proptest::prop_assert_eq!(count_words(&s), slow);
        }
    }

    fn plain(md: &str) -> (String, Vec<(String, String)>) {
        let mut refs = Vec::new();
        let p = markdown_to_text(md, &mut |url, text| {
            refs.push((url.to_owned(), text.to_owned()));
            refs.len()
        });
        (p.text, refs)
    }

    #[test]
    fn links_become_numbered_references_and_autolinks_stay_visible() {
        let (text, refs) = plain("See [the post](https://a.example/p) and https://b.example/x.\n\n### Notes\n\n- one\n- two [again](https://c.example)\n");
        assert_eq!(text, "See the post [1] and https://b.example/x.\n\nNotes\n-----\n\n- one\n- two again [2]");
        assert_eq!(
            refs,
            [("https://a.example/p".into(), "the post".into()), ("https://c.example".into(), "again".into())]
        );
    }

    #[test]
    fn wrap_hangs_list_items_and_keeps_verbatim_lines() {
        let long = "word ".repeat(30);
        let wrapped = wrap(&format!("- {long}\n[12] {long}\n{VERBATIM}    code {long}\n\n\n\nend"));
        for l in wrapped.lines().filter(|l| !l.starts_with("    code")) {
            assert!(textwrap::core::display_width(l) <= WIDTH, "{l:?}");
        }
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines[0].starts_with("- word") && lines[1].starts_with("  word"), "{wrapped}");
        assert!(wrapped.contains("\n[12] word") && wrapped.contains("\n     word"), "{wrapped}");
        assert!(wrapped.contains(&format!("    code {}", long.trim_end())), "verbatim kept whole: {wrapped}");
        assert!(wrapped.ends_with("\n\nend\n"), "blank runs collapse: {wrapped:?}");
    }

    #[test]
    fn urls_are_never_split() {
        let url = format!("https://example.com/{}", "a-long-path-segment".repeat(5));
        let wrapped = wrap(&format!("Read more at {url} today"));
        assert!(wrapped.lines().any(|l| l == url), "{wrapped}");
    }

    #[test]
    fn words_and_images_are_counted() {
        assert_eq!(
            reading_words("Two words ![a chart](x.png) — and ![](y.png) 3\n\n## A [head](https://x.example)"),
            (6, 2)
        );
        let p = markdown_to_text("An ![a chart](x.png)", &mut |_, _| 0);
        assert_eq!(p.text, "An [image: a chart]");
    }
}
