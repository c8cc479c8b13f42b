//! Images on the way in: real files made here (a photo with EXIF orientation and a GPS
//! note, a flat graphic, a transparent PNG, a 16-bit PNG, an animated GIF) and the bad
//! inputs an author's disk holds; and on the way out, in the web page and the text.

use std::io::Cursor;

use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
use masthead_core::export::{self, ExportFormat};
use masthead_core::images::{self, MAX_WIDTH};
use masthead_core::ErrorKind;

use crate::{issue, story, temp_store};

/// A little-endian EXIF block with an orientation and a description that stands for a
/// GPS position (any metadata must go).
fn exif(orientation: u16) -> Vec<u8> {
    let note = b"GPS 48.85837 N 2.29448 E\0";
    let mut e = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    e.extend_from_slice(&2u16.to_le_bytes()); // two entries
                                              // ImageDescription (0x010e), ASCII, its text after the IFD
    e.extend_from_slice(&0x010eu16.to_le_bytes());
    e.extend_from_slice(&2u16.to_le_bytes());
    e.extend_from_slice(&(note.len() as u32).to_le_bytes());
    e.extend_from_slice(&(8u32 + 2 + 2 * 12 + 4).to_le_bytes());
    // Orientation (0x0112), SHORT
    e.extend_from_slice(&0x0112u16.to_le_bytes());
    e.extend_from_slice(&3u16.to_le_bytes());
    e.extend_from_slice(&1u32.to_le_bytes());
    e.extend_from_slice(&u32::from(orientation).to_le_bytes());
    e.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    e.extend_from_slice(note);
    e
}

/// A 2400 × 1600 photo-like JPEG (smooth gradients and noise) whose top-left corner is
/// red, stored sideways with EXIF orientation 6 (shown turned 90° clockwise).
fn sideways_photo() -> Vec<u8> {
    let img = RgbImage::from_fn(2400, 1600, |x, y| {
        if x < 300 && y < 300 {
            Rgb([230, 20, 20])
        } else {
            let n = ((x * 7919 + y * 104_729) % 61) as u8;
            Rgb([(x / 12) as u8 ^ n, (y / 8) as u8, 120u8.wrapping_add(n)])
        }
    });
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
    enc.set_exif_metadata(exif(6)).unwrap();
    enc.write_image(img.as_raw(), 2400, 1600, image::ExtendedColorType::Rgb8).unwrap();
    out
}

fn png(img: &image::DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

#[test]
fn a_photo_is_turned_upright_stripped_and_sized_for_email() {
    let (_d, s) = temp_store();
    let photo = sideways_photo();
    assert!(photo.windows(8).any(|w| w == b"GPS 48.8"), "the input carries the note");
    let added = s.add_image(&photo, "/home/sam/Pictures/IMG_2041.JPG").unwrap();
    let i = &added.image;
    assert_eq!((i.mime.as_str(), i.width, i.height), ("image/jpeg", MAX_WIDTH, 1800), "upright, then 1200 wide");
    assert_eq!(i.source, "IMG_2041.JPG", "only the file's name is kept, not its folder");
    assert!(images::is_image_name(&i.name), "{}", i.name);
    let (_, bytes) = s.image_data(&i.name).unwrap().unwrap();
    assert!(!bytes.windows(4).any(|w| w == b"Exif"), "no EXIF block");
    assert!(!bytes.windows(8).any(|w| w == b"GPS 48.8"), "no position");
    // Orientation 6: the stored top-left corner is shown top-right.
    let out = image::load_from_memory(&bytes).unwrap().to_rgb8();
    let (w, _) = out.dimensions();
    let red = |p: &Rgb<u8>| p.0[0] > 180 && p.0[1] < 80 && p.0[2] < 80;
    assert!(red(out.get_pixel(w - 20, 20)), "top right is the red corner: {:?}", out.get_pixel(w - 20, 20));
    assert!(!red(out.get_pixel(20, 20)), "top left is not");

    let again = s.add_image(&photo, "copy.jpg").unwrap();
    assert!(again.existed && again.image.name == i.name, "stored once");
    assert_eq!(s.list_images().unwrap().len(), 1);
}

#[test]
fn graphics_stay_png_transparency_is_kept_and_the_file_type_is_read_not_trusted() {
    let (_d, s) = temp_store();
    let flat = image::DynamicImage::ImageRgb8(RgbImage::from_fn(800, 400, |x, _| {
        if x < 400 {
            Rgb([255, 255, 255])
        } else {
            Rgb([20, 60, 140])
        }
    }));
    // Named .jpg but a PNG inside: the bytes decide.
    let added = s.add_image(&png(&flat), "chart.jpg").unwrap();
    assert_eq!((added.image.mime.as_str(), added.image.width, added.image.height), ("image/png", 800, 400));
    assert!(added.image.name.ends_with(".png"));

    let clear = image::DynamicImage::ImageRgba8(RgbaImage::from_fn(300, 300, |x, _| Rgba([0, 0, 0, (x % 256) as u8])));
    let added = s.add_image(&png(&clear), "logo.png").unwrap();
    let (_, bytes) = s.image_data(&added.image.name).unwrap().unwrap();
    assert!(image::load_from_memory(&bytes).unwrap().color().has_alpha(), "transparency kept");

    let deep = image::DynamicImage::ImageRgb16(image::ImageBuffer::from_fn(64, 64, |x, y| {
        Rgb([x as u16 * 1000, y as u16 * 1000, 30_000])
    }));
    let added = s.add_image(&png(&deep), "deep.png").unwrap();
    let (_, bytes) = s.image_data(&added.image.name).unwrap().unwrap();
    assert_eq!(image::load_from_memory(&bytes).unwrap().color(), image::ColorType::Rgb8, "16-bit made 8-bit");
}

#[test]
fn a_small_animation_is_kept_as_it_is() {
    let (_d, s) = temp_store();
    let mut gif = Vec::new();
    {
        let mut enc = image::codecs::gif::GifEncoder::new(&mut gif);
        enc.set_repeat(image::codecs::gif::Repeat::Infinite).unwrap();
        for shade in [40u8, 200] {
            let frame = RgbaImage::from_pixel(40, 30, Rgba([shade, shade, shade, 255]));
            enc.encode_frame(image::Frame::new(frame)).unwrap();
        }
    }
    let added = s.add_image(&gif, "spinner.gif").unwrap();
    assert_eq!((added.image.mime.as_str(), added.image.width, added.image.height), ("image/gif", 40, 30));
    assert_eq!(s.image_data(&added.image.name).unwrap().unwrap().1, gif, "the animation, byte for byte");
}

/// Each bad input is refused with the file's name and what to do, quickly, and nothing is
/// stored.
#[test]
fn bad_files_are_refused_in_words_and_nothing_is_stored() {
    let (_d, s) = temp_store();
    let photo = sideways_photo();
    // A PNG declaring 50,000 × 50,000 pixels in a few bytes: refused before any allocation.
    let mut bomb = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bomb).write_image(&[0; 3], 1, 1, image::ExtendedColorType::Rgb8).unwrap();
    bomb[16..20].copy_from_slice(&50_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&50_000u32.to_be_bytes());
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    let huge = vec![0u8; images::MAX_INPUT_BYTES + 1];
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("bomb.png", bomb, "declares 50000 × 50000 pixels"),
        ("notes.png", b"Dear diary, not a picture at all.".to_vec(), "is not an image Masthead can read"),
        ("cut.jpg", photo[..photo.len() / 3].to_vec(), "is cut short"),
        (
            "cut.png",
            {
                let p = png(&image::DynamicImage::new_rgb8(300, 300));
                p[..p.len() / 2].to_vec()
            },
            "cannot be read as an image",
        ),
        (
            "logo.svg",
            b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".to_vec(),
            "email clients do not show SVG",
        ),
        ("IMG_0001.HEIC", [b"\0\0\0\x18ftypheic".as_slice(), &[0; 64]].concat(), "HEIC/HEIF"),
        ("scan.tiff", b"II*\0\x08\0\0\0\0\0\0\0".to_vec(), "Masthead takes PNG, JPEG, GIF or WebP"),
        ("huge.jpg", huge, "at most 50 MB"),
    ];
    for (file, bytes, says) in cases {
        let started = std::time::Instant::now();
        let err = s.add_image(&bytes, file).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "{file}: {err}");
        let msg = err.to_string();
        assert!(msg.starts_with(file) && msg.contains(says), "{file}: {msg}");
        // Not a timing test: a refusal that decoded the bomb would take minutes and GBs.
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "{file} was refused without decoding it all");
    }
    assert!(s.list_images().unwrap().is_empty());
}

/// PNG's chunk checksum (the bomb must be a valid header, so the size check is what stops it).
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn the_web_page_carries_its_images_and_the_text_names_them() {
    let (_d, s) = temp_store();
    let added = s.add_image(&sideways_photo(), "harbour.jpg").unwrap();
    let i = s.create_issue(issue("With a picture")).unwrap();
    let body = format!(
        "The quay at dawn.\n\n{}\n",
        images::markdown("The quay [at] dawn", &added.image.name, "At dawn, from the pier", "").unwrap()
    );
    s.add_story(i.id, story("Dawn", &body), None).unwrap();
    let themes = masthead_core::theme::ThemeSet::load(None, None);
    let web = export::export(&s, &themes, i.id, ExportFormat::Web, None).unwrap().text;
    assert!(web.contains("src=\"data:image/jpeg;base64,"), "the image is inside the page");
    assert!(web.contains("width=\"1200\""), "with its width");
    assert!(web.contains("alt=\"The quay [at] dawn\""), "and its alt text");
    assert!(!web.contains(&format!("src=\"{}\"", added.image.name)));
    let text = export::export(&s, &themes, i.id, ExportFormat::Text, None).unwrap().text;
    assert!(text.contains("[image: The quay [at] dawn] At dawn, from the pier"), "{text}");
    assert!(web.contains("<figcaption>At dawn, from the pier</figcaption></figure>"), "a captioned image is a figure");

    // Email cannot carry them yet: the pre-flight check says so before anything is sent.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let report = rt.block_on(masthead_core::check::check(&s, &themes, i.id, None)).unwrap();
    let hosted = report.findings.iter().find(|f| f.code == "image-not-hosted").expect("flagged");
    assert_eq!(hosted.severity, masthead_core::check::Severity::Error);
    assert!(hosted.problem.contains(&added.image.name), "{}", hosted.problem);

    // The .eml carries the image inside it: one related part, referenced by its cid.
    s.set_publication_setting(s.first_publication().unwrap().id, "publication.sender", "Sam <sam@example.com>")
        .unwrap();
    let eml = export::export(&s, &themes, i.id, ExportFormat::Eml, None).unwrap().text;
    let msg = mail_parser::MessageParser::default().parse(eml.as_bytes()).unwrap();
    let html = msg.body_html(0).unwrap();
    assert!(html.contains(&format!("src=\"cid:{}\"", added.image.name)), "{html}");
    assert!(html.contains("width=\"528\"") && html.contains("display:block; max-width:100%; height:auto"), "{html}");
    assert!(
        !html.contains("<figure") && html.contains(">At dawn, from the pier</p>"),
        "email has no HTML5 figure: {html}"
    );
    use mail_parser::MimeHeaders;
    let images: Vec<_> = msg.parts.iter().filter(|p| p.content_type().is_some_and(|c| c.ctype() == "image")).collect();
    assert_eq!(images.len(), 1, "one part per image");
    assert_eq!(images[0].content_id(), Some(added.image.name.as_str()));
    assert_eq!(images[0].contents(), s.image_data(&added.image.name).unwrap().unwrap().1.as_slice());

    // With an image address, the email points there, and --images-dir's files match.
    let id = s.first_publication().unwrap().id;
    assert_eq!(
        s.set_publication_setting(id, "publication.image_base_url", "ftp://x").unwrap_err().kind(),
        ErrorKind::Invalid
    );
    s.set_publication_setting(id, "publication.image_base_url", "https://cdn.example.com/news").unwrap();
    let email = export::export(&s, &themes, i.id, ExportFormat::Email, None).unwrap().text;
    assert!(email.contains(&format!("src=\"https://cdn.example.com/news/{}\"", added.image.name)), "{email}");
    let report = rt.block_on(masthead_core::check::check(&s, &themes, i.id, None)).unwrap();
    assert!(report.findings.iter().all(|f| f.code != "image-not-hosted"), "hosted now");
    // The .eml is then the email as exported: hosted images, no parts to carry.
    let eml = export::export(&s, &themes, i.id, ExportFormat::Eml, None).unwrap().text;
    let msg = mail_parser::MessageParser::default().parse(eml.as_bytes()).unwrap();
    assert!(msg.body_html(0).unwrap().contains("src=\"https://cdn.example.com/news/"));
    assert!(msg.parts.iter().all(|p| p.content_type().is_none_or(|c| c.ctype() != "image")));
    let out = tempfile::tempdir().unwrap();
    let written = export::write_images(&s, &s.get_issue_doc(i.id).unwrap(), out.path()).unwrap();
    assert_eq!(written, [out.path().join(&added.image.name)]);
}

#[test]
fn the_issue_file_carries_its_images_to_another_library_unchanged() {
    use masthead_core::export::issue_file;
    use masthead_core::model::{ItemFields, ItemLayout};
    let (_d, s) = temp_store();
    let photo = s.add_image(&sideways_photo(), "harbour.jpg").unwrap().image;
    let flat = RgbImage::from_fn(300, 200, |x, _| if x < 150 { Rgb([20, 60, 200]) } else { Rgb([250, 250, 250]) });
    let card = s.add_image(&png(&flat.into()), "card.png").unwrap().image;
    let unused = s.add_image(&png(&RgbImage::new(10, 10).into()), "unused.png").unwrap().image;
    let i = s.create_issue(issue("Carried")).unwrap();
    let st = s
        .add_story(
            i.id,
            story("Dawn", &format!("{}\n", images::markdown("The quay", &photo.name, "", "").unwrap())),
            None,
        )
        .unwrap();
    let link = ItemFields {
        title: "Ferries".into(),
        image: card.name.clone(),
        layout: ItemLayout::Card,
        ..Default::default()
    };
    s.add_item(st.id, link).unwrap();
    let themes = masthead_core::theme::ThemeSet::built_in();
    let json = export::export(&s, &themes, i.id, ExportFormat::Json, None).unwrap().text;
    let file = issue_file::parse(json.as_bytes(), "carried.json").unwrap();
    let names: Vec<&str> = file.images.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, [photo.name.as_str(), card.name.as_str()], "what the issue shows, not the whole library");
    assert!(!json.contains(&unused.name));

    // Another library gets the same images under the same names, byte for byte.
    let (_d2, other) = temp_store();
    let imported = issue_file::import(&other, &file, None).unwrap();
    for name in [&photo.name, &card.name] {
        assert_eq!(other.image_data(name).unwrap().unwrap().1, s.image_data(name).unwrap().unwrap().1, "{name}");
    }
    let web = export::export(&other, &themes, imported.id, ExportFormat::Web, None).unwrap().text;
    assert_eq!(web.matches("src=\"data:image/").count(), 2, "both show offline there");

    // A file whose image was changed by hand is refused, and nothing is imported.
    let (_d3, third) = temp_store();
    let mut damaged = file.clone();
    damaged.images[1].base64 = damaged.images[0].base64.clone();
    let e = issue_file::import(&third, &damaged, None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Invalid);
    assert!(e.to_string().contains(&card.name) && e.to_string().contains("does not match"), "{e}");
    assert!(third.list_issues().unwrap().is_empty() && third.list_images().unwrap().is_empty());
}

/// Print shops and stock libraries hand out CMYK JPEGs (`convert -size 64x48
/// xc:'rgb(200,30,30)' -colorspace CMYK cmyk-red.jpg`): taken in as RGB, its colours the
/// picture's, not inverted or grey.
#[test]
fn a_cmyk_jpeg_comes_in_with_its_colours() {
    let bytes = std::fs::read(crate::fixtures().join("images/cmyk-red.jpg")).unwrap();
    let p = images::process(&bytes, "cmyk-red.jpg").unwrap();
    assert_eq!((p.width, p.height), (64, 48)); // (a flat patch: stored as PNG, the smaller)
    let rgb = image::load_from_memory(&p.bytes).unwrap().to_rgb8();
    let [r, g, b] = rgb.get_pixel(32, 24).0;
    assert!(r > 150 && g < 90 && b < 90, "red stays red: {r} {g} {b}");
}
