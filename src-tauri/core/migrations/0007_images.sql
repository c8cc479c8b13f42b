-- Schema 7: images an author adds, stored in the library (so backup and restore carry
-- them) after processing (see images.rs): upright, without metadata, at most 1200 px
-- wide. Content-addressed: `name` is 12 hex digits of the SHA-256 of `bytes` and the
-- extension, what the Markdown uses (`![alt](3f2a9c1b7d4e.jpg)`); the same image added
-- twice is stored once.

CREATE TABLE images (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    sha256     TEXT NOT NULL UNIQUE,
    mime       TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/gif')),
    width      INTEGER NOT NULL CHECK (width > 0),
    height     INTEGER NOT NULL CHECK (height > 0),
    bytes      BLOB NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    added_at   TEXT NOT NULL
) STRICT;
