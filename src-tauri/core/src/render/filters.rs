//! What templates can call besides the issue's data: filters (`markdown`, `plaintext`,
//! `quoted`, `underline`, `md_escape`, `digits`, `long_date`, `pad`) and the `refs` object that
//! numbers links and citations in the order the template writes them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use minijinja::value::{Object, Value};
use minijinja::{Environment, Error, ErrorKind, State};

use super::{markdown, numbers, text};

pub(crate) fn register(env: &mut Environment<'static>) {
    env.add_filter("markdown", markdown_filter);
    env.add_filter("plaintext", plaintext);
    env.add_filter("quoted", quoted);
    env.add_filter("underline", |s: &str, ch: Option<&str>| {
        text::underline(s, ch.and_then(|c| c.chars().next()).unwrap_or('='))
    });
    env.add_filter("md_escape", md_escape);
    env.add_filter("md_url", md_url);
    env.add_filter("digits", |n: i64| numbers::group_digits(n));
    env.add_filter("long_date", |s: &str| numbers::long_date(s));
    env.add_filter("pad", |n: i64, width: Option<usize>| numbers::pad(n, width.unwrap_or(2)));
}

/// `markdown` and `markdown("Summary:")`: the author's Markdown as safe HTML, with a label
/// run into its first paragraph as the briefing writes it (`<p><strong>Summary:</strong>
/// …`). In email, headings lose their self-links: a local anchor does nothing in a mail
/// client (email-check warns about it).
fn markdown_filter(state: &State, s: &str, label: Option<&str>) -> Value {
    let mut html = if as_typed(state) { markdown::to_html_as_typed(s) } else { markdown::to_html(s) };
    if state.lookup("format").is_some_and(|f| f.as_str() == Some("email")) {
        html = markdown::without_heading_links(&html);
    }
    if let Some(label) = label.filter(|l| !l.is_empty() && !s.trim().is_empty()) {
        let strong = format!("<strong class=\"label\">{}</strong> ", html_escape(label));
        html = match html.strip_prefix("<p>") {
            Some(rest) => format!("<p>{strong}{rest}"),
            None => format!("<p>{}</p>\n{html}", strong.trim_end()),
        };
    }
    Value::from_safe_string(html)
}

/// The publication sets its text as typed (`typography = as_typed`).
fn as_typed(state: &State) -> bool {
    state.lookup("typography").is_some_and(|t| t.as_str() == Some("as_typed"))
}

/// `{{ i.title|quoted }}`: a title or quote in the publication's quote marks, “curly” or
/// "as typed", so the marks a theme adds match the author's own.
fn quoted(state: &State, s: &str) -> String {
    if as_typed(state) {
        format!("\"{s}\"")
    } else {
        format!("“{s}”")
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Numbered references for one render: the text output's link list and the briefing's
/// citations. A URL keeps the number it got first, so citations are numbered by first
/// appearance and never repeated in the list.
#[derive(Debug, Default)]
pub(crate) struct Refs {
    inner: Mutex<RefsInner>,
}

#[derive(Debug, Default)]
struct RefsInner {
    list: Vec<(String, String)>,
    index: HashMap<String, usize>,
}

impl Refs {
    pub(crate) fn cite(&self, url: &str, title: &str) -> usize {
        let key = url.trim().trim_end_matches('/').to_owned();
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(&n) = inner.index.get(&key) {
            if inner.list[n - 1].1.is_empty() && !title.is_empty() {
                inner.list[n - 1].1 = title.to_owned();
            }
            return n;
        }
        inner.list.push((url.trim().to_owned(), title.trim().to_owned()));
        let n = inner.list.len();
        inner.index.insert(key, n);
        n
    }
}

impl Object for Refs {
    fn call_method(self: &Arc<Self>, _state: &State<'_, '_>, method: &str, args: &[Value]) -> Result<Value, Error> {
        match method {
            // refs.cite(url, title?) → the reference's number
            "cite" => {
                let url = args.first().and_then(Value::as_str).unwrap_or_default();
                if url.trim().is_empty() {
                    return Ok(Value::from(()));
                }
                let title = args.get(1).and_then(Value::as_str).unwrap_or_default();
                Ok(Value::from(self.cite(url, title)))
            }
            // refs.list() → [{n, url, title}] in number order
            "list" => {
                let inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
                Ok(Value::from(
                    inner
                        .list
                        .iter()
                        .enumerate()
                        .map(|(i, (url, title))| minijinja::context! { n => i + 1, url => url, title => title })
                        .collect::<Vec<_>>(),
                ))
            }
            _ => Err(Error::new(ErrorKind::UnknownMethod, format!("refs has no method {method}; use cite or list"))),
        }
    }
}

/// `{{ story.body|plaintext }}`: Markdown as text, its links numbered through `refs`.
fn plaintext(state: &State, md: &str) -> Result<String, Error> {
    let refs = state.lookup("refs");
    let refs = refs.as_ref().and_then(|v| v.downcast_object_ref::<Refs>());
    let mut cite = |url: &str, title: &str| refs.map(|r| r.cite(url, title)).unwrap_or(0);
    Ok(if as_typed(state) {
        text::markdown_to_text_as_typed(md, &mut cite).text
    } else {
        text::markdown_to_text(md, &mut cite).text
    })
}

/// Fetched or typed one-line text made inert in Markdown: syntax characters escaped, and
/// line breaks folded to spaces so a title can never start a heading, list or rule.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.split_whitespace().collect::<Vec<_>>().join(" ").chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A URL for a Markdown link destination in `<…>`: what could end it early (`<`, `>`,
/// a line break) or be read as Markdown is percent-encoded, so it stays one address.
fn md_url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn md_escape_neutralises_markdown_syntax() {
        assert_eq!(super::md_escape("[click](x) *bold* <b>"), r"\[click\](x) \*bold\* \<b\>");
        assert_eq!(super::md_escape("Title\n---\n- item"), "Title --- - item");
        assert_eq!(super::md_url("https://x.example/a>b<c d\n)"), "https://x.example/a%3Eb%3Cc%20d%20)");
    }
}
