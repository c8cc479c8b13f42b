//! Cards for links that lead to a file rather than a page: a PDF's title, author, date
//! and language from its document information, an image's file name.
//!
//! Only what a PDF writes uncompressed is read (the Info dictionary and the catalog's
//! `/Lang` are plain objects in nearly every PDF, even when its pages are compressed);
//! nothing here renders or trusts the file.

use url::Url;

use super::extract::PageMeta;

/// What the bytes are, by their first bytes or else the server's `Content-Type`: a PDF,
/// an image, or `None` for anything else (a page).
pub fn sniff(bytes: &[u8], content_type: Option<&str>) -> Option<&'static str> {
    let ct = content_type.unwrap_or_default().trim().to_ascii_lowercase();
    if bytes.starts_with(b"%PDF-") || ct.starts_with("application/pdf") {
        return Some("document");
    }
    let image = bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(b"\xff\xd8\xff")
        || bytes.starts_with(b"GIF8")
        || (bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP")
        || ct.starts_with("image/");
    image.then_some("image")
}

/// The card of a file `kind` (from [`sniff`]) at `page_url`.
pub fn card(bytes: &[u8], page_url: &str, kind: &'static str) -> PageMeta {
    let url = Url::parse(page_url).ok();
    let name = url.as_ref().and_then(super::fetch::file_name);
    let mut meta = PageMeta { url: url.as_ref().map(Url::to_string), kind: kind.into(), ..Default::default() };
    if kind == "image" {
        meta.title = name;
        meta.image = meta.url.clone();
        return meta;
    }
    let info = pdf_info(bytes);
    meta.title = info.title.or(name);
    meta.author = info.author;
    meta.date = info.created;
    meta.lang = info.lang.and_then(|l| super::extract::normalize_lang(&l));
    meta
}

#[derive(Default)]
struct PdfInfo {
    title: Option<String>,
    author: Option<String>,
    created: Option<String>,
    lang: Option<String>,
}

/// The Info dictionary's `/Title`, `/Author`, `/CreationDate` and the catalog's `/Lang`:
/// the last of each in the file (an updated PDF appends a new Info after the old one).
fn pdf_info(bytes: &[u8]) -> PdfInfo {
    let text = |key: &[u8]| -> Option<String> {
        let at = bytes.windows(key.len()).rposition(|w| w == key)? + key.len();
        let rest = &bytes[at..];
        let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        pdf_string(&rest[start..]).map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|s| !s.is_empty())
    };
    PdfInfo {
        title: text(b"/Title"),
        author: text(b"/Author"),
        created: text(b"/CreationDate").and_then(|d| pdf_date(&d)),
        lang: text(b"/Lang"),
    }
}

/// A PDF string object: `(literal \) with escapes)` or `<hex>`, either as PDFDocEncoding
/// (read as Latin-1, which it matches for letters) or UTF-16BE after a byte-order mark.
fn pdf_string(s: &[u8]) -> Option<String> {
    let raw: Vec<u8> = match s.first()? {
        b'(' => {
            let (mut out, mut depth, mut i) = (Vec::new(), 1, 1);
            while i < s.len() && out.len() < 4096 {
                match s[i] {
                    b'\\' if i + 1 < s.len() => {
                        i += 1;
                        match s[i] {
                            b'n' => out.push(b'\n'),
                            b'r' => out.push(b'\r'),
                            b't' => out.push(b'\t'),
                            b'0'..=b'7' => {
                                let digits = s[i..].iter().take(3).take_while(|b| (b'0'..=b'7').contains(b)).count();
                                let n = s[i..i + digits].iter().fold(0u32, |n, d| n * 8 + u32::from(d - b'0'));
                                out.push(n as u8);
                                i += digits - 1;
                            }
                            b'\n' | b'\r' => {}
                            other => out.push(other),
                        }
                    }
                    b'(' => {
                        depth += 1;
                        out.push(b'(');
                    }
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                        out.push(b')');
                    }
                    b => out.push(b),
                }
                i += 1;
            }
            out
        }
        b'<' if s.get(1) != Some(&b'<') => {
            let end = s.iter().position(|&b| b == b'>')?;
            let hex: Vec<u8> = s[1..end].iter().copied().filter(u8::is_ascii_hexdigit).collect();
            hex.chunks(2)
                .map(|p| {
                    let d = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
                    d(p[0]) * 16 + p.get(1).map_or(0, |&b| d(b))
                })
                .collect()
        }
        _ => return None,
    };
    if let Some(utf16) = raw.strip_prefix(b"\xfe\xff") {
        let units: Vec<u16> = utf16.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
        return Some(String::from_utf16_lossy(&units));
    }
    if let Some(utf8) = raw.strip_prefix(b"\xef\xbb\xbf") {
        return Some(String::from_utf8_lossy(utf8).into_owned());
    }
    Some(raw.iter().map(|&b| b as char).collect())
}

/// `D:20191016083000+02'00'` → `2019-10-16T08:30:00+02:00`; a date without a time or
/// offset keeps only what it gives.
fn pdf_date(d: &str) -> Option<String> {
    let d = d.trim().trim_start_matches("D:");
    let digits: String = d.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() < 8 {
        return None;
    }
    let (y, m, day) = (&digits[0..4], &digits[4..6], &digits[6..8]);
    time::Date::parse(&format!("{y}-{m}-{day}"), &time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    if digits.len() < 12 {
        return Some(format!("{y}-{m}-{day}"));
    }
    let (h, min) = (&digits[8..10], &digits[10..12]);
    let sec = digits.get(12..14).unwrap_or("00");
    let zone = &d[digits.len()..];
    let offset = match zone.chars().next() {
        Some('Z') => "Z".to_owned(),
        Some(sign @ ('+' | '-')) => {
            let z: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            let (zh, zm) = (z.get(0..2).unwrap_or("00"), z.get(2..4).unwrap_or("00"));
            format!("{sign}{zh}:{zm}")
        }
        _ => String::new(),
    };
    Some(format!("{y}-{m}-{day}T{h}:{min}:{sec}{offset}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_strings_and_dates_are_read_as_written() {
        assert_eq!(pdf_string(b"(A \\(small\\) plan\\041)").as_deref(), Some("A (small) plan!"));
        assert_eq!(pdf_string(b"<FEFF00480069>").as_deref(), Some("Hi"));
        assert_eq!(pdf_string(b"(K\\344mmerei)").as_deref(), Some("Kämmerei"));
        assert_eq!(pdf_date("D:20191016083000+02'00'").as_deref(), Some("2019-10-16T08:30:00+02:00"));
        assert_eq!(pdf_date("D:20191016").as_deref(), Some("2019-10-16"));
        assert_eq!(pdf_date("D:2019"), None);
    }
}
