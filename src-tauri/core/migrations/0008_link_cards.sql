-- Schema 8: link cards with their picture.
-- links.image_name, links.logo_name: the page's lead image and icon, downloaded when the
--   link is fetched and stored in `images` (so the card shows offline), by name.
-- items.image, items.description: a coverage item's own copy of the card's picture (an
--   image name, or '') and the page's description, taken when the link is attached.
-- items.layout: how the item shows: 'line' (source — title), 'card' (picture, title,
--   description, source), or 'theme' (what the theme does by default).

ALTER TABLE links ADD COLUMN image_name TEXT;
ALTER TABLE links ADD COLUMN logo_name TEXT;
ALTER TABLE items ADD COLUMN image TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN layout TEXT NOT NULL DEFAULT 'theme' CHECK (layout IN ('theme', 'line', 'card'));

-- image_inputs: the file each stored image was made from, by the SHA-256 of the file's
--   bytes and the width it was sized to, so the same file taken in again (pasted twice, a
--   picture re-downloaded by a re-fetch) is found without processing it again.
CREATE TABLE image_inputs (
    sha256    TEXT NOT NULL,
    max_width INTEGER NOT NULL,
    name      TEXT NOT NULL REFERENCES images (name) ON DELETE CASCADE,
    PRIMARY KEY (sha256, max_width)
) STRICT;
