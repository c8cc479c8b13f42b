-- Schema 10: feeds the author follows; their new entries come into the inbox.
-- feeds: one row per subscription. `name` is the author's name for it ('' = the feed's
--   own `title`); `folder` groups feeds; `paused` feeds are not refreshed. `etag` and
--   `last_modified` are the server's validators for the next conditional GET. `error` is
--   the last refresh's problem in words (NULL when it worked); `checked_at` its time.
-- feed_entries: every entry ever taken from a feed, by its id (else its link), so an
--   entry whose link the author deleted never comes back.
-- links.feed_id: the feed a link came from (NULL: pasted, captured or imported).

CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    url           TEXT NOT NULL UNIQUE,
    site_url      TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    name          TEXT NOT NULL DEFAULT '',
    folder        TEXT NOT NULL DEFAULT '',
    paused        INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    etag          TEXT,
    last_modified TEXT,
    checked_at    TEXT,
    error         TEXT,
    added_at      TEXT NOT NULL
) STRICT;

CREATE TABLE feed_entries (
    feed_id   INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    entry_key TEXT NOT NULL,
    PRIMARY KEY (feed_id, entry_key)
) STRICT, WITHOUT ROWID;

ALTER TABLE links ADD COLUMN feed_id INTEGER REFERENCES feeds (id) ON DELETE SET NULL;
CREATE INDEX links_by_feed ON links (feed_id) WHERE feed_id IS NOT NULL;
