//! Images an author adds to a story: checked, turned upright, stripped of every piece of
//! metadata, sized for email and re-encoded on the way into the library; found again by a
//! short stable name (`3f2a9c1b7d4e.jpg`, the first 12 hex digits of the SHA-256 of the
//! stored bytes) that the Markdown uses: `![alt](3f2a9c1b7d4e.jpg)`.
//!
//! Decoding is bounded: the input's size, the pixels it declares (checked before any are
//! allocated: a small file may declare 50,000 × 50,000) and the decoder's memory.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::error::{Error, Result};

/// The largest file taken in: far beyond any photo a phone or camera writes.
pub const MAX_INPUT_BYTES: usize = 50 << 20;
/// The most pixels an input may declare: 100 megapixels, twice a 50 MP camera's.
pub const MAX_PIXELS: u64 = 100_000_000;
/// The widest stored image: twice a 600 px email column, sharp on high-density screens.
pub const MAX_WIDTH: u32 = 1200;
/// The largest animated GIF kept as it is; a larger one keeps its first frame.
pub const MAX_ANIMATION_BYTES: usize = 1 << 20;
/// What the decoder may allocate: a 100-megapixel RGBA image, with room to spare.
const MAX_DECODE_ALLOC: u64 = 512 << 20;

/// An image ready for the library.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The re-encoded file as stored, metadata stripped.
    pub bytes: Vec<u8>,
    /// Its type: `image/jpeg`, `image/png` or `image/gif`.
    pub mime: &'static str,
    /// Its width in pixels, after any resizing.
    pub width: u32,
    /// Its height in pixels, after any resizing.
    pub height: u32,
    /// The name the Markdown uses: 12 hex digits of the SHA-256 of `bytes`, and the extension.
    pub name: String,
    /// Something the author should know (an animation cut to its first frame).
    pub warning: Option<String>,
}

/// How wide a link card's picture is kept: a card is at most a 600 px email column wide,
/// and 800 px stays sharp there at half the weight of a full-width image.
pub const CARD_WIDTH: u32 = 800;
/// How wide a site's icon is kept: it shows at 16 to 20 px beside the site's name.
pub const ICON_WIDTH: u32 = 64;

/// Takes an image file's bytes in: see the module's rules. `file` names it in messages.
pub fn process(bytes: &[u8], file: &str) -> Result<Processed> {
    process_within(bytes, file, MAX_WIDTH)
}

/// [`process`], resized to at most `max_width` pixels wide.
pub fn process_within(bytes: &[u8], file: &str, max_width: u32) -> Result<Processed> {
    let refuse = |what: String| Err(Error::Invalid(format!("{file} {what}")));
    if bytes.len() > MAX_INPUT_BYTES {
        return refuse(format!(
            "is {:.0} MB; an image for a newsletter is at most {} MB: export a smaller one",
            bytes.len() as f64 / 1_048_576.0,
            MAX_INPUT_BYTES >> 20
        ));
    }
    if is_svg(bytes) {
        return refuse(
            "is an SVG drawing: email clients do not show SVG, so Masthead takes PNG, JPEG, GIF or WebP; \
             export it as PNG"
                .into(),
        );
    }
    if is_heic(bytes) {
        return refuse(
            "is a HEIC/HEIF photo, which Masthead cannot read: export it as JPEG (on an iPhone, Settings › \
             Camera › Formats › Most Compatible takes photos as JPEG)"
                .into(),
        );
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP | ImageFormat::Ico)) => f,
        Ok(ImageFormat::Avif) => {
            return refuse("is an AVIF image, which Masthead cannot read: export it as JPEG or PNG".into());
        }
        Ok(other) => {
            return refuse(format!(
                "is a {} image; Masthead takes PNG, JPEG, GIF or WebP: export it as one of those",
                other.extensions_str().first().unwrap_or(&"").to_uppercase()
            ));
        }
        Err(_) => return refuse("is not an image Masthead can read (PNG, JPEG, GIF or WebP)".into()),
    };
    let unreadable = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => Error::Invalid(format!(
            "{file} needs more memory to open than any newsletter image should ({} MB): export it smaller",
            MAX_DECODE_ALLOC >> 20
        )),
        other => Error::Invalid(format!("{file} cannot be read as an image ({other}): is it damaged or cut short?")),
    };
    if format == ImageFormat::Jpeg && !jpeg_is_whole(bytes) {
        // The decoder would fill the missing part with grey and say nothing.
        return refuse(
            "is cut short (its picture data stops before the end): is the copy or download complete?".into(),
        );
    }
    let mut warning = None;
    if format == ImageFormat::Gif {
        if let Some(kept) = animation(bytes, file, &mut warning)? {
            return Ok(kept);
        }
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return refuse(format!(
            "declares {w} × {h} pixels, more than the {} megapixels Masthead opens: export it smaller",
            MAX_PIXELS / 1_000_000
        ));
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    img.apply_orientation(orientation);
    if img.width() > max_width {
        img = img.resize(max_width, u32::MAX, image::imageops::FilterType::Lanczos3);
    }
    encode(img, warning)
}

/// An animated GIF under the cap as it is; over it, `None` with a warning (its first frame
/// is then encoded like any image). A still GIF is `None` without one.
fn animation(bytes: &[u8], file: &str, warning: &mut Option<String>) -> Result<Option<Processed>> {
    use image::AnimationDecoder;
    let decoder = image::codecs::gif::GifDecoder::new(Cursor::new(bytes))
        .map_err(|e| Error::Invalid(format!("{file} cannot be read as a GIF ({e}): is it damaged or cut short?")))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Error::Invalid(format!("{file} declares {w} × {h} pixels: export it smaller")));
    }
    // Counting stops at the second frame: that is all it takes to know it moves.
    let frames = decoder.into_frames().take(2).filter(Result::is_ok).count();
    if frames < 2 {
        return Ok(None);
    }
    if bytes.len() <= MAX_ANIMATION_BYTES {
        return Ok(Some(stored(bytes.to_vec(), "image/gif", w, h, None)));
    }
    *warning = Some(format!(
        "{file} is an animation of {:.1} MB, more than the 1 MB an email should carry: only its first frame is kept",
        bytes.len() as f64 / 1_048_576.0
    ));
    Ok(None)
}

/// PNG where the image has transparency; JPEG at quality 85 for a photo; otherwise the
/// smaller of PNG (flat graphics, screenshots) and JPEG. Re-encoding writes no metadata.
fn encode(img: DynamicImage, warning: Option<String>) -> Result<Processed> {
    let (w, h) = (img.width(), img.height());
    let failed = |e: image::ImageError| Error::Internal(format!("encoding an image failed: {e}"));
    let png = |img: &DynamicImage| -> Result<Vec<u8>> {
        let mut out = Vec::new();
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut out,
            image::codecs::png::CompressionType::Best,
            image::codecs::png::FilterType::Adaptive,
        );
        img.write_with_encoder(encoder).map_err(failed)?;
        Ok(out)
    };
    let transparent = img.color().has_alpha() && img.to_rgba8().pixels().any(|p| p.0[3] < 255);
    if transparent {
        return Ok(stored(png(&DynamicImage::ImageRgba8(img.to_rgba8()))?, "image/png", w, h, warning));
    }
    let rgb = img.to_rgb8();
    let photo = is_photo(&rgb);
    let rgb = DynamicImage::ImageRgb8(rgb);
    let mut as_jpeg = Vec::new();
    rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut as_jpeg, 85)).map_err(failed)?;
    if photo {
        return Ok(stored(as_jpeg, "image/jpeg", w, h, warning));
    }
    let as_png = png(&rgb)?;
    Ok(if as_jpeg.len() < as_png.len() {
        stored(as_jpeg, "image/jpeg", w, h, warning)
    } else {
        stored(as_png, "image/png", w, h, warning)
    })
}

/// Whether an image looks like a photo: more distinct colours in a sample of its pixels
/// than a chart, a diagram or a screenshot has. A photo is stored as JPEG without trying
/// PNG, whose best compression takes a second on a photo and never wins.
fn is_photo(rgb: &image::RgbImage) -> bool {
    let pixels = rgb.as_raw().chunks_exact(3);
    let step = (pixels.len() / 20_000).max(1);
    let mut seen = std::collections::HashSet::new();
    for p in pixels.step_by(step) {
        if seen.insert([p[0], p[1], p[2]]) && seen.len() > 4_000 {
            return true;
        }
    }
    false
}

fn stored(bytes: Vec<u8>, mime: &'static str, width: u32, height: u32, warning: Option<String>) -> Processed {
    let ext = match mime {
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        _ => "png",
    };
    Processed { name: name_for(&bytes, ext), bytes, mime, width, height, warning }
}

/// 12 hex digits of the SHA-256 of `bytes`, and the extension.
fn name_for(bytes: &[u8], ext: &str) -> String {
    use sha2::Digest;
    let hex: String = sha2::Sha256::digest(bytes).iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("{hex}.{ext}")
}

/// Checks an image that was processed before (carried in an issue file): its name is the
/// one its bytes and type give, and it opens as that type. Nothing is re-encoded, so the
/// name, which the issue's Markdown uses, stays the same.
pub fn verify_stored(name: &str, mime: &str, bytes: &[u8]) -> Result<(u32, u32)> {
    let bad = |why: &str| Err(Error::Invalid(format!("the image {name} in the issue file {why}")));
    let (format, ext) = match mime {
        "image/jpeg" => (ImageFormat::Jpeg, "jpg"),
        "image/png" => (ImageFormat::Png, "png"),
        "image/gif" => (ImageFormat::Gif, "gif"),
        _ => return bad(&format!("has the type “{mime}”; images are JPEG, PNG or GIF")),
    };
    if bytes.len() > MAX_INPUT_BYTES {
        return bad("is larger than Masthead takes");
    }
    if name_for(bytes, ext) != name {
        return bad("does not match its name (the file was changed by hand or damaged)");
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let Ok((w, h)) = reader.into_dimensions() else { return bad("cannot be read as an image") };
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return bad("is larger than Masthead opens");
    }
    Ok((w, h))
}

/// Whether a JPEG's last scan (`FF DA`) is followed by the end-of-image marker (`FF D9`).
/// Inside scan data a `FF` byte is always stuffed (`FF 00`), so the markers cannot appear
/// there by chance; a thumbnail in the EXIF block has its own pair, before the main scan.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let last = |marker: u8| bytes.windows(2).rposition(|w| w == [0xff, marker]);
    matches!((last(0xda), last(0xd9)), (Some(scan), Some(end)) if end > scan)
}

/// An SVG drawing: XML text whose root is `<svg`.
fn is_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    (head.starts_with("<?xml") || head.starts_with("<svg") || head.starts_with("<!doctype svg"))
        && head.contains("<svg")
}

/// A HEIC/HEIF file: an ISO box `ftyp` with one of their brands.
fn is_heic(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(&bytes[8..12], b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"mif1" | b"msf1")
}

/// A name this library gives images: 12 lowercase hex digits and `.jpg`, `.png` or `.gif`.
pub fn is_image_name(s: &str) -> bool {
    let Some((stem, ext)) = s.split_once('.') else { return false };
    stem.len() == 12
        && stem.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && matches!(ext, "jpg" | "png" | "gif")
}

/// Where a library image is to be found (a `data:` URI, an address) and its width.
pub type Resolved = Option<(std::sync::Arc<str>, u32)>;

/// `html` with every `<img src="NAME">` naming a library image pointed where `resolve`
/// says (a `data:` URI for a self-contained page, a hosted URL for email) and given its
/// width; other images are left as they are.
pub fn resolve_in_html(html: &str, resolve: &dyn Fn(&str) -> Resolved) -> String {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let settings = RewriteStrSettings {
        element_content_handlers: vec![element!("img[src]", |el| {
            let Some(src) = el.get_attribute("src") else { return Ok(()) };
            if !is_image_name(&src) {
                return Ok(());
            }
            if let Some((url, width)) = resolve(&src) {
                el.set_attribute("src", &url)?;
                if el.get_attribute("width").is_none() {
                    el.set_attribute("width", &width.to_string())?;
                }
            }
            Ok(())
        })],
        ..RewriteStrSettings::new()
    };
    // The HTML is ours (rendered and sanitized); a failure leaves it as it was.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_owned())
}

/// An image file's bytes: only a regular file (never a device or a pipe, which could be
/// read for ever), and at most one byte past [`MAX_INPUT_BYTES`] (so [`process`] can say
/// it is too large without the rest being read).
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let name = path.display().to_string();
    let io = |e| Error::Io { context: format!("cannot read {name}"), source: e };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(Error::Invalid(format!("{name} is not a file; choose an image file (PNG, JPEG, GIF or WebP)")));
    }
    let mut bytes = Vec::with_capacity((meta.len() as usize).min(MAX_INPUT_BYTES + 1));
    std::fs::File::open(path).and_then(|f| f.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes)).map_err(io)?;
    Ok(bytes)
}

/// The Markdown that shows a stored image: `![alt](name)`, the alt text kept on one line
/// and its brackets escaped so it cannot end the image early; with a caption, the image's
/// title (`![alt](name "caption")`, shown as a figure's caption); with a link, the image
/// inside it (`[![alt](name)](<https://…>)`). A link that is not a web or mail address is
/// refused.
pub fn markdown(alt: &str, name: &str, caption: &str, link: &str) -> Result<String> {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let alt = one_line(alt).replace('\\', "\\\\").replace('[', "\\[").replace(']', "\\]");
    let caption = one_line(caption);
    let image = if caption.is_empty() {
        format!("![{alt}]({name})")
    } else {
        format!("![{alt}]({name} \"{}\")", caption.replace('\\', "\\\\").replace('"', "\\\""))
    };
    let link = link.trim();
    if link.is_empty() {
        return Ok(image);
    }
    let url = crate::links::openable(link)?;
    // In angle brackets: a link with spaces or parentheses stays one link.
    Ok(format!("[{image}](<{}>)", url.as_str().replace('<', "%3C").replace('>', "%3E")))
}
/// The widest an image is shown in an email: the text column of the built-in email shell
/// (600 px less its 36 px padding each side). Outlook for Windows takes an image's
/// `width` literally, so a wider one would push the whole layout out of shape.
pub const EMAIL_WIDTH: u32 = 528;

/// Every library image name `html` shows, each once, in order.
pub fn names_in_html(html: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for tag in html.split("<img").skip(1) {
        let src = tag.split("src=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("");
        if is_image_name(src) && !names.iter().any(|n| n == src) {
            names.push(src.to_owned());
        }
    }
    names
}

/// The library images an issue shows, each once, in reading order: those in its Markdown,
/// then the pictures of its link cards. A link that shows as the theme says counts as a
/// card: one image too many in the folder to upload costs nothing, one too few breaks
/// the email.
pub fn used_in(doc: &crate::model::IssueDoc) -> Vec<String> {
    let i = &doc.issue;
    let mut fields: Vec<&str> = vec![&i.intro];
    for s in &doc.stories {
        let f = &s.fields;
        fields.extend([f.summary.as_str(), &f.details, &f.body, &f.takeaway]);
    }
    fields.push(&i.closing);
    let mut names: Vec<String> = Vec::new();
    for text in fields.into_iter().filter(|t| t.contains("](")) {
        for name in names_in_html(&crate::render::markdown::convert(text).html) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    let cards = doc
        .stories
        .iter()
        .flat_map(|s| &s.items)
        .map(|it| &it.fields)
        .filter(|f| f.kind == crate::model::ItemKind::Coverage && f.layout != crate::model::ItemLayout::Line);
    for f in cards {
        if is_image_name(&f.image) && !names.contains(&f.image) {
            names.push(f.image.clone());
        }
    }
    names
}

/// An email's `<img>` of library images pointed at `src(name)` (a hosted URL, or a `cid:`
/// of a part of the message), at most the email column wide, and styled as mail clients
/// need (block, never wider than the screen, the height following).
pub fn for_email(html: &str, src: &dyn Fn(&str) -> String, width: &dyn Fn(&str) -> Option<u32>) -> String {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let settings = RewriteStrSettings {
        element_content_handlers: vec![element!("img[src]", |el| {
            let Some(name) = el.get_attribute("src").filter(|s| is_image_name(s)) else { return Ok(()) };
            el.set_attribute("src", &src(&name))?;
            // A template may give a narrower width (a card inside a bordered table).
            let most = el.get_attribute("width").and_then(|w| w.parse().ok()).unwrap_or(EMAIL_WIDTH).min(EMAIL_WIDTH);
            if let Some(w) = width(&name) {
                el.set_attribute("width", &w.min(most).to_string())?;
            }
            el.set_attribute("style", "display:block; max-width:100%; height:auto; border:0")?;
            Ok(())
        })],
        ..RewriteStrSettings::new()
    };
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_owned())
}

/// `base` + `name`, with one slash between them.
pub fn hosted_url(base: &str, name: &str) -> String {
    format!("{}/{name}", base.trim().trim_end_matches('/'))
}

/// `data:image/png;base64,…`.
pub fn data_uri(mime: &str, bytes: &[u8]) -> String {
    use base64::Engine;
    format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn image_markdown_carries_alt_caption_and_link_safely() {
        assert_eq!(
            super::markdown("Sales [up]", "3f2a9c1b7d4e.png", "", "").unwrap(),
            "![Sales \\[up\\]](3f2a9c1b7d4e.png)"
        );
        assert_eq!(
            super::markdown("Map", "ab12cd34ef56.jpg", "The \"old\" route\nby sea", " https://example.org/a b ")
                .unwrap(),
            "[![Map](ab12cd34ef56.jpg \"The \\\"old\\\" route by sea\")](<https://example.org/a%20b>)"
        );
        let e = super::markdown("Map", "ab12cd34ef56.jpg", "", "javascript:alert(1)").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Invalid);
    }
}
