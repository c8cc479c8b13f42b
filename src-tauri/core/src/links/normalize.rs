//! The key the inbox de-duplicates on. Two URLs that a reader would call the same page get
//! the same key: lowercase host (and IDN hosts in their ASCII form), no default port, no
//! fragment, no tracking parameters (`utm_*`, `fbclid`, `gclid`, and a few more of the
//! same kind), no trailing slash. The URL as pasted is always kept beside it.

use url::Url;

use crate::{Error, Result};

/// Query parameters that only track where a click came from.
const TRACKING: [&str; 9] = ["fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_hsenc", "_hsmi"];

/// Parses what an author pasted into a fetchable URL: http or https, with `https://`
/// assumed for a bare `example.com/page`. Anything else gets a message saying why.
pub fn parse(raw: &str) -> Result<Url> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Error::Invalid("the link is empty".into()));
    }
    let parsed = match Url::parse(s) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) if looks_like_host(s) => Url::parse(&format!("https://{s}"))
            .map_err(|e| Error::Invalid(format!("“{}” is not a link: {e}", short(s))))?,
        Err(e) => return Err(Error::Invalid(format!("“{}” is not a link: {e}", short(s)))),
    };
    match parsed.scheme() {
        "http" | "https" => {}
        other => {
            return Err(Error::Invalid(format!(
                "only web links (http and https) can be added; “{}” is a {other}: link",
                short(s)
            )))
        }
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Error::Invalid(format!("“{}” has no host", short(s))));
    }
    Ok(parsed)
}

/// The de-duplication key of a URL.
pub fn normalize(url: &Url) -> String {
    let mut u = url.clone();
    u.set_fragment(None);
    // The url crate already lowercases the host, drops a default port and punycodes IDNs.
    let kept: Vec<(String, String)> = u
        .query_pairs()
        .filter(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !k.starts_with("utm_") && !TRACKING.contains(&k.as_str())
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        u.set_query(None);
    } else {
        u.query_pairs_mut().clear().extend_pairs(kept);
    }
    let mut s = u.to_string();
    // No trailing slash, on the path or the bare host.
    if u.query().is_none() {
        while s.ends_with('/') && s.len() > u.scheme().len() + 3 {
            s.pop();
        }
    } else if let Some(q) = s.find('?') {
        if q > 0 && s.as_bytes()[q - 1] == b'/' {
            s.remove(q - 1);
        }
    }
    s
}

fn looks_like_host(s: &str) -> bool {
    let host = s.split(['/', '?', '#']).next().unwrap_or("");
    host.contains('.') && !host.contains(' ') && !host.starts_with('.') && !s.contains("://")
}

fn short(s: &str) -> String {
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        normalize(&parse(s).unwrap())
    }

    #[test]
    fn the_same_page_gets_the_same_key() {
        let same = [
            "https://Example.COM/a/b/",
            "https://example.com:443/a/b",
            "https://example.com/a/b#section-2",
            "https://example.com/a/b?utm_source=news&utm_medium=email",
            "https://example.com/a/b/?fbclid=XYZ",
            "https://example.com/a/b?gclid=1#x",
        ];
        for s in same {
            assert_eq!(key(s), "https://example.com/a/b", "{s}");
        }
        assert_eq!(key("https://example.com/"), "https://example.com");
        assert_eq!(key("example.com/page"), "https://example.com/page", "a bare host gets https");
        assert_eq!(key("http://example.com:8080/x/"), "http://example.com:8080/x", "other ports stay");
        assert_eq!(key("https://example.com/search/?q=rust&utm_campaign=x"), "https://example.com/search?q=rust");
        assert_eq!(key("https://example.com/?id=7"), "https://example.com?id=7");
        assert_eq!(
            key("https://bücher.example/straße"),
            "https://xn--bcher-kva.example/stra%C3%9Fe",
            "IDN hosts in ASCII"
        );
        assert_eq!(key("http://[::1]:8080/a/"), "http://[::1]:8080/a", "an IPv6 literal");
        assert_ne!(key("https://example.com/a?page=2"), key("https://example.com/a?page=3"));
    }

    #[test]
    fn what_cannot_be_fetched_is_refused_with_a_reason() {
        for (bad, says) in [
            ("javascript:alert(1)", "javascript"),
            ("file:///etc/passwd", "file"),
            ("ftp://example.com/x", "ftp"),
            ("mailto:a@example.com", "mailto"),
            ("", "empty"),
            ("not a link", "not a link"),
            ("http://", "not a link"),
        ] {
            let e = parse(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad:?}: {e}");
        }
    }
}
