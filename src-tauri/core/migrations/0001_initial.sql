-- Schema 1: the data model of DESIGN.md §2.
-- Migrations are append-only: never edit a file once it has shipped; add the next one.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE issues (
    id         INTEGER PRIMARY KEY,
    number     INTEGER NOT NULL UNIQUE,
    title      TEXT NOT NULL DEFAULT '',
    subtitle   TEXT NOT NULL DEFAULT '',
    date       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ready', 'sent')),
    theme      TEXT NOT NULL DEFAULT 'weekly',
    intro      TEXT NOT NULL DEFAULT '',
    closing    TEXT NOT NULL DEFAULT '',
    preheader  TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE stories (
    id          INTEGER PRIMARY KEY,
    issue_id    INTEGER NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    section     TEXT NOT NULL DEFAULT '',
    headline    TEXT NOT NULL DEFAULT '',
    discuss_url TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT '',
    takeaway    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX stories_by_issue ON stories(issue_id, ordinal);

CREATE TABLE links (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT NOT NULL,
    normalized_url       TEXT NOT NULL UNIQUE,
    final_url            TEXT,
    canonical_url        TEXT,
    title                TEXT,
    description          TEXT,
    publisher            TEXT,
    author               TEXT,
    published            TEXT,
    image                TEXT,
    logo                 TEXT,
    lang                 TEXT,
    kind                 TEXT,
    status               TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'ok', 'blocked', 'failed')),
    reason               TEXT,
    fetched_at           TEXT,
    title_override       TEXT,
    description_override TEXT,
    publisher_override   TEXT,
    author_override      TEXT,
    published_override   TEXT,
    image_override       TEXT,
    added_at             TEXT NOT NULL
) STRICT;

CREATE TABLE items (
    id            INTEGER PRIMARY KEY,
    story_id      INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    ordinal       INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('coverage', 'reaction')),
    group_heading TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    quote         TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL DEFAULT '',
    likes         INTEGER,
    views         INTEGER,
    captured_at   TEXT,
    link_id       INTEGER REFERENCES links(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX items_by_story ON items(story_id, ordinal);
CREATE INDEX items_by_link ON items(link_id);

-- Revisions outlive their issue on purpose (a deleted issue can be brought back),
-- so issue_id is not a foreign key.
CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY,
    issue_id   INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    title      TEXT NOT NULL,
    snapshot   TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX revisions_by_issue ON revisions(issue_id, id);
