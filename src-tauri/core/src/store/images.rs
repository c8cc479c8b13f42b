//! The `images` table: images added to stories, processed (see `crate::images`) and
//! stored once each by content.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{now, Store};
use crate::error::Result;
use crate::images::Processed;

/// A stored image, without its bytes.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct ImageInfo {
    /// What the Markdown uses: `3f2a9c1b7d4e.jpg`.
    pub name: String,
    /// Its type: `image/jpeg`, `image/png` or `image/gif`.
    pub mime: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// Its stored size in bytes.
    pub size: u32,
    /// The file it came from (its name only).
    pub source: String,
    /// When it was stored (RFC 3339).
    pub added_at: String,
}

/// An image taken in: what is stored, whether it was there already, and anything the
/// author should know.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
pub struct AddedImage {
    /// The stored image.
    pub image: ImageInfo,
    /// True when the library had it already: nothing new was stored.
    pub existed: bool,
    /// Something the author should know (an animation cut to its first frame); `None` for
    /// nothing.
    pub warning: Option<String>,
}

const COLUMNS: &str = "name, mime, width, height, length(bytes), source, added_at";

fn info(r: &rusqlite::Row<'_>) -> rusqlite::Result<ImageInfo> {
    Ok(ImageInfo {
        name: r.get(0)?,
        mime: r.get(1)?,
        width: r.get(2)?,
        height: r.get(3)?,
        size: r.get(4)?,
        source: r.get(5)?,
        added_at: r.get(6)?,
    })
}

impl Store {
    /// Processes an image file's bytes (outside the library's lock: it is the slow part)
    /// and stores the result, once per content. `source` is the file's name.
    pub fn add_image(&self, bytes: &[u8], source: &str) -> Result<AddedImage> {
        self.add_image_within(bytes, source, crate::images::MAX_WIDTH)
    }

    /// Adds the image file at `path` (see [`crate::images::read_file`] for what is read),
    /// its path kept as where it came from: the window's Insert image and `masthead-cli
    /// images add` alike.
    pub fn add_image_file(&self, path: &std::path::Path) -> Result<AddedImage> {
        self.add_image(&crate::images::read_file(path)?, &path.display().to_string())
    }

    /// [`Store::add_image`], at most `max_width` pixels wide (a card's picture, an icon).
    pub fn add_image_within(&self, bytes: &[u8], source: &str, max_width: u32) -> Result<AddedImage> {
        let input = sha256_hex(bytes);
        let seen = self.read(|tx| {
            Ok(tx
                .query_row(
                    &format!(
                        "SELECT {COLUMNS} FROM image_inputs JOIN images USING (name)
                         WHERE image_inputs.sha256 = ?1 AND image_inputs.max_width = ?2"
                    ),
                    params![input, max_width],
                    info,
                )
                .optional()?)
        })?;
        if let Some(image) = seen {
            return Ok(AddedImage { image, existed: true, warning: None });
        }
        let p: Processed = crate::images::process_within(bytes, source, max_width)?;
        let sha = sha256_hex(&p.bytes);
        let short_source = std::path::Path::new(source).file_name().map_or(source.into(), |n| n.to_string_lossy());
        self.write(|tx| {
            let (image, existed) =
                insert_once(tx, &p.name, &sha, p.mime, (p.width, p.height), &p.bytes, &short_source)?;
            tx.execute(
                "INSERT OR IGNORE INTO image_inputs (sha256, max_width, name) VALUES (?1, ?2, ?3)",
                params![input, max_width, p.name],
            )?;
            Ok(AddedImage { image, existed, warning: p.warning.clone() })
        })
    }

    /// Stores an image processed before (from an issue file) as it is, unless the library
    /// has it already; see `images::verify_stored`.
    pub fn put_stored_image(&self, name: &str, mime: &str, bytes: &[u8], source: &str) -> Result<AddedImage> {
        let (width, height) = crate::images::verify_stored(name, mime, bytes)?;
        let sha = sha256_hex(bytes);
        self.write(|tx| {
            let (image, existed) = insert_once(tx, name, &sha, mime, (width, height), bytes, source)?;
            Ok(AddedImage { image, existed, warning: None })
        })
    }

    /// An image's type and bytes by its name; `None` if the library has none of that name.
    pub fn image_data(&self, name: &str) -> Result<Option<(ImageInfo, Vec<u8>)>> {
        self.read(|tx| {
            Ok(tx
                .query_row(&format!("SELECT {COLUMNS}, bytes FROM images WHERE name = ?1"), [name], |r| {
                    Ok((info(r)?, r.get::<_, Vec<u8>>(7)?))
                })
                .optional()?)
        })
    }

    /// Every stored image, newest first.
    pub fn list_images(&self) -> Result<Vec<ImageInfo>> {
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(&format!("SELECT {COLUMNS} FROM images ORDER BY id DESC"))?;
            let rows = stmt.query_map([], info)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// An image's facts without its bytes; `None` if the library has none of that name.
    pub fn image_info(&self, name: &str) -> Result<Option<ImageInfo>> {
        self.read(|tx| {
            Ok(tx.query_row(&format!("SELECT {COLUMNS} FROM images WHERE name = ?1"), [name], info).optional()?)
        })
    }

    /// `html` with the library's images as `data:` URIs: one self-contained page (the web
    /// export, the preview). The preview renders on every keystroke, so each image is read
    /// and encoded once and kept (a name always means the same bytes).
    pub fn inline_images(&self, html: &str) -> String {
        if !html.contains("<img") {
            return html.to_owned();
        }
        crate::images::resolve_in_html(html, &|name| {
            if let Some(hit) = self.image_uris.get(name) {
                return Some(hit);
            }
            let (info, bytes) = self.image_data(name).ok().flatten()?;
            let uri = (std::sync::Arc::<str>::from(crate::images::data_uri(&info.mime, &bytes)), info.width);
            self.image_uris.put(name, uri.clone());
            Some(uri)
        })
    }
}

/// Stores an image unless one with the same bytes is there; the stored one, and whether it
/// was there already.
fn insert_once(
    tx: &rusqlite::Transaction<'_>,
    name: &str,
    sha: &str,
    mime: &str,
    (width, height): (u32, u32),
    bytes: &[u8],
    source: &str,
) -> Result<(ImageInfo, bool)> {
    let existed = tx.query_row("SELECT 1 FROM images WHERE sha256 = ?1", [sha], |_| Ok(())).optional()?.is_some();
    if !existed {
        tx.execute(
            "INSERT INTO images (name, sha256, mime, width, height, bytes, source, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![name, sha, mime, width, height, bytes, source, now()],
        )?;
    }
    let image = tx.query_row(&format!("SELECT {COLUMNS} FROM images WHERE sha256 = ?1"), [sha], info)?;
    Ok((image, existed))
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `data:` URIs by image name, at most [`UriCache::MAX_BYTES`] of them (then it starts
/// over: a preview with that many images re-reads them once).
#[derive(Default)]
pub(super) struct UriCache(std::sync::Mutex<(Uris, usize)>);

type Uris = std::collections::HashMap<String, (std::sync::Arc<str>, u32)>;

impl UriCache {
    const MAX_BYTES: usize = 64 << 20;

    fn get(&self, name: &str) -> Option<(std::sync::Arc<str>, u32)> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).0.get(name).cloned()
    }

    fn put(&self, name: &str, uri: (std::sync::Arc<str>, u32)) {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let (map, bytes) = &mut *guard;
        if *bytes + uri.0.len() > Self::MAX_BYTES {
            map.clear();
            *bytes = 0;
        }
        *bytes += uri.0.len();
        map.insert(name.to_owned(), uri);
    }
}
