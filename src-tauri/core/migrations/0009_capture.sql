-- Schema 9: links collected from everywhere, and an inbox to work in.
-- links.note: the author's note on a link (a capture's selected text, an import's note).
-- links.origin: where it came from: '' (pasted or dropped in the window or the command
--   line), 'browser' (the bookmarklet), or the import's format ('bookmarks', 'pocket',
--   'raindrop', 'instapaper', 'pinboard').
-- links.saved_at: when the author saved it elsewhere (an import's saved date), NULL when
--   it came straight into Masthead; the inbox sorts by it, else by added_at.
-- links.archived_at: set when the author archives the link: out of the inbox's usual
--   view, still found by search and the Archived filter.
-- link_tags: the author's tags, one row each; a tag is unique on a link whatever its case.

ALTER TABLE links ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE links ADD COLUMN saved_at TEXT;
ALTER TABLE links ADD COLUMN archived_at TEXT;

CREATE TABLE link_tags (
    link_id INTEGER NOT NULL REFERENCES links (id) ON DELETE CASCADE,
    tag     TEXT NOT NULL COLLATE NOCASE CHECK (length(tag) BETWEEN 1 AND 60),
    PRIMARY KEY (link_id, tag)
) STRICT;
CREATE INDEX link_tags_by_tag ON link_tags (tag);
CREATE INDEX links_by_saved ON links (coalesce(saved_at, added_at));
