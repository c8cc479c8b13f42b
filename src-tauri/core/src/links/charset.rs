//! Bytes of a page to text: the byte-order mark, then the charset the server declared,
//! then the one the page declares in its first bytes (`<meta charset>` or http-equiv),
//! then detection (chardetng). Whatever wins, malformed sequences become U+FFFD rather
//! than an error: a page with one bad byte still has a title.

use encoding_rs::Encoding;

/// How many leading bytes are searched for a `<meta charset>` (browsers use 1024; pages
/// with long inline styles before it are common enough to look further).
const PRESCAN: usize = 4096;

/// Decodes `bytes`, using `content_type` (the HTTP header, if any) as the server's word.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> (String, &'static Encoding) {
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| content_type.and_then(charset_param).and_then(label))
        .or_else(|| declared_in_page(&bytes[..bytes.len().min(PRESCAN)]))
        .unwrap_or_else(|| detect(bytes));
    let (text, used, _had_errors) = encoding.decode(bytes);
    (text.into_owned(), used)
}

fn label(name: &str) -> Option<&'static Encoding> {
    let e = Encoding::for_label(name.trim().trim_matches(['"', '\'']).as_bytes())?;
    // A page cannot really be UTF-16 if it declares so in ASCII; browsers read it as UTF-8.
    Some(if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE { encoding_rs::UTF_8 } else { e })
}

/// `text/html; charset=Shift_JIS` → `Shift_JIS`.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then_some(v.trim())
    })
}

/// `<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">`.
fn declared_in_page(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(i) = find(&lower[from..], b"<meta") {
        let start = from + i;
        let end = lower[start..].iter().position(|&b| b == b'>').map(|e| start + e).unwrap_or(lower.len());
        let tag = std::str::from_utf8(&lower[start..end]).unwrap_or("");
        if let Some(pos) = tag.find("charset") {
            let rest = tag[pos + 7..].trim_start();
            if let Some(rest) = rest.strip_prefix('=') {
                let value: String = rest
                    .trim_start()
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| !matches!(c, '"' | '\'' | ';' | ' ' | '/' | '>'))
                    .collect();
                if let Some(e) = label(&value) {
                    return Some(e);
                }
            }
        }
        from = end.max(start + 5);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut d = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    d.feed(&bytes[..bytes.len().min(64 * 1024)], true);
    d.guess(None, chardetng::Utf8Detection::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_is_bom_header_page_detection() {
        let sjis = encoding_rs::SHIFT_JIS.encode("<title>日本語のページ</title>").0.into_owned();
        assert_eq!(decode(&sjis, Some("text/html; charset=Shift_JIS")).0, "<title>日本語のページ</title>");
        let mut declared = b"<meta charset=\"shift_jis\">".to_vec();
        declared.extend_from_slice(&sjis);
        assert!(decode(&declared, None).0.contains("日本語のページ"));
        // Undeclared: detected.
        let long =
            encoding_rs::SHIFT_JIS.encode(&"<p>日本語の文章です。これはテストです。</p>".repeat(20)).0.into_owned();
        assert!(decode(&long, None).0.contains("日本語の文章です"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("café".as_bytes());
        assert_eq!(decode(&bom, Some("text/html; charset=windows-1252")).0, "café", "the BOM wins");
        let cp1252 = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><title>Caf\xe9 \x93quoted\x94</title>";
        assert!(decode(cp1252, None).0.contains("Café “quoted”"));
    }
}
