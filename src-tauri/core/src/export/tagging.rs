//! Link tagging at export: `utm_source`, `utm_medium` and `utm_campaign` added to
//! outbound links, never replacing a parameter the link already has, never on `mailto:`,
//! the unsubscribe link or an excluded domain. Applied to the finished output (HTML
//! `href`s, or bare URLs in text and Markdown) so every link is covered, whichever
//! field or theme wrote it, and the issue itself never changes.

use url::Url;

use crate::model::Tagging;

/// The tagging rules resolved for one issue.
#[derive(Debug, Clone)]
pub struct Tagger {
    pairs: [(&'static str, String); 3],
    exclude: Vec<String>,
    skip: Vec<String>,
}

impl Tagger {
    /// `None` when tagging is off. `skip` lists URLs never tagged (the unsubscribe link).
    pub fn new(t: &Tagging, publication_name: &str, issue_number: i64, skip: &[&str]) -> Option<Tagger> {
        if !t.enabled {
            return None;
        }
        let source = if t.source.trim().is_empty() { slug(publication_name) } else { t.source.trim().to_owned() };
        let campaign = t.campaign.replace("{number}", &issue_number.to_string());
        Some(Tagger {
            pairs: [("utm_source", source), ("utm_medium", t.medium.trim().to_owned()), ("utm_campaign", campaign)],
            exclude: t.exclude.iter().map(|d| d.trim().trim_start_matches("*.").to_ascii_lowercase()).collect(),
            skip: skip.iter().filter(|s| !s.is_empty()).map(|s| s.trim().to_owned()).collect(),
        })
    }

    /// The URL with the parameters it lacks, or `None` when it is not to be tagged.
    pub fn tag(&self, raw: &str) -> Option<String> {
        if self.skip.iter().any(|s| s == raw) {
            return None;
        }
        let mut url = Url::parse(raw).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        let host = url.host_str()?.to_ascii_lowercase();
        if self.exclude.iter().any(|d| host == *d || host.ends_with(&format!(".{d}"))) {
            return None;
        }
        let path = url.path().to_ascii_lowercase();
        if path.contains("unsubscribe") || path.contains("list-manage") {
            return None; // one-click and unsubscribe links are the mail system's, not ours
        }
        let present: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        let missing: Vec<&(&str, String)> =
            self.pairs.iter().filter(|(k, v)| !v.is_empty() && !present.iter().any(|p| p == k)).collect();
        if missing.is_empty() {
            return None;
        }
        {
            let mut q = url.query_pairs_mut();
            for (k, v) in missing {
                q.append_pair(k, v);
            }
        }
        Some(url.to_string())
    }

    /// Tags every `href="…"` in HTML (attribute values as our templates write them:
    /// double-quoted, `&` escaped as `&amp;`).
    pub fn tag_html(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 16);
        let mut rest = html;
        while let Some(i) = rest.find("href=\"") {
            let start = i + 6;
            out.push_str(&rest[..start]);
            rest = &rest[start..];
            let Some(end) = rest.find('"') else { break };
            let value = &rest[..end];
            let decoded = value.replace("&amp;", "&");
            match self.tag(&decoded) {
                Some(tagged) => out.push_str(&tagged.replace('&', "&amp;")),
                None => out.push_str(value),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }

    /// Tags every bare `http(s)://` URL in text or Markdown.
    pub fn tag_text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 16);
        let mut rest = text;
        loop {
            let next = [rest.find("https://"), rest.find("http://")].into_iter().flatten().min();
            let Some(i) = next else { break };
            out.push_str(&rest[..i]);
            rest = &rest[i..];
            let mut end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
                .unwrap_or(rest.len());
            // A sentence's full stop or comma is not part of the link.
            while end > 0 && matches!(rest.as_bytes()[end - 1], b'.' | b',' | b';' | b':' | b'!' | b'?') {
                end -= 1;
            }
            let url = &rest[..end];
            out.push_str(self.tag(url).as_deref().unwrap_or(url));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
}

/// `The Stack Weekly` → `the-stack-weekly`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tagger() -> Tagger {
        let t = Tagging {
            enabled: true,
            source: String::new(),
            medium: "email".into(),
            campaign: "issue-{number}".into(),
            exclude: vec!["internal.example".into()],
        };
        Tagger::new(&t, "The Stack Weekly", 12, &["https://mail.example/u/abc"]).unwrap()
    }

    #[test]
    fn adds_only_what_is_missing_and_skips_what_is_not_ours() {
        let t = tagger();
        assert_eq!(
            t.tag("https://news.example/a?id=1").as_deref(),
            Some("https://news.example/a?id=1&utm_source=the-stack-weekly&utm_medium=email&utm_campaign=issue-12")
        );
        assert_eq!(
            t.tag("https://news.example/a?utm_source=partner").as_deref(),
            Some("https://news.example/a?utm_source=partner&utm_medium=email&utm_campaign=issue-12"),
            "an existing parameter is never overwritten"
        );
        for untouched in [
            "mailto:hi@example.com",
            "https://mail.example/u/abc",
            "https://internal.example/x",
            "https://docs.internal.example/x",
            "https://news.example/unsubscribe?u=1",
            "ftp://files.example/x",
            "#story-1",
        ] {
            assert_eq!(t.tag(untouched), None, "{untouched}");
        }
        assert!(Tagger::new(&Tagging::default(), "x", 1, &[]).is_none(), "off unless enabled");
    }

    #[test]
    fn html_and_text_keep_their_shape() {
        let t = tagger();
        let html = r#"<a href="https://news.example/a?x=1&amp;y=2">A</a> <a href="mailto:me@example.com">me</a>"#;
        assert_eq!(
            t.tag_html(html),
            r#"<a href="https://news.example/a?x=1&amp;y=2&amp;utm_source=the-stack-weekly&amp;utm_medium=email&amp;utm_campaign=issue-12">A</a> <a href="mailto:me@example.com">me</a>"#
        );
        let text = "See https://news.example/a. And [b](https://news.example/b), <https://internal.example/c>";
        assert_eq!(
            t.tag_text(text),
            "See https://news.example/a?utm_source=the-stack-weekly&utm_medium=email&utm_campaign=issue-12. And [b](https://news.example/b?utm_source=the-stack-weekly&utm_medium=email&utm_campaign=issue-12), <https://internal.example/c>"
        );
    }
}
