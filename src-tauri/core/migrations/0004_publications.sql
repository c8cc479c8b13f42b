-- Schema 4: more than one publication in a library.
--
-- A publication is a name (unique, ignoring case) and its settings, kept as key/value
-- rows like the library's own so a new setting needs no migration. Every issue belongs
-- to one publication and is numbered within it. What schema 3 kept library-wide
-- (`publication.*`, `smtp.*`, `links.*`) moves to a first publication; only the editor's
-- own settings (`editor.*`) stay in `settings`.
--
-- Run with foreign keys off (see store/migrations.rs): `issues` is rebuilt to change its
-- unique number into a unique (publication, number), and dropping the old table must not
-- cascade to stories.

-- AUTOINCREMENT: a deleted publication's id is never reused, so a revision of one of its
-- issues can never be restored into a stranger that took the id.
CREATE TABLE publications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL CHECK (trim(name) <> ''),
    created_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX publications_by_name ON publications(name COLLATE NOCASE);

CREATE TABLE publication_settings (
    publication_id INTEGER NOT NULL REFERENCES publications(id) ON DELETE CASCADE,
    key            TEXT NOT NULL,
    value          TEXT NOT NULL,
    PRIMARY KEY (publication_id, key)
) STRICT;

INSERT INTO publications (id, name, created_at)
VALUES (1,
        coalesce((SELECT nullif(trim(value), '') FROM settings WHERE key = 'publication.name'), 'My Newsletter'),
        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
INSERT INTO publication_settings (publication_id, key, value)
SELECT 1, key, value FROM settings
WHERE key <> 'publication.name' AND (key LIKE 'publication.%' OR key LIKE 'smtp.%' OR key LIKE 'links.%');
DELETE FROM settings WHERE key LIKE 'publication.%' OR key LIKE 'smtp.%' OR key LIKE 'links.%';

-- Deleting a publication that still has issues is refused (no cascade): its issues are
-- the author's work.
CREATE TABLE issues_new (
    id             INTEGER PRIMARY KEY,
    publication_id INTEGER NOT NULL REFERENCES publications(id),
    number         INTEGER NOT NULL,
    title          TEXT NOT NULL DEFAULT '',
    subtitle       TEXT NOT NULL DEFAULT '',
    date           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ready', 'sent')),
    theme          TEXT NOT NULL DEFAULT 'weekly',
    intro          TEXT NOT NULL DEFAULT '',
    closing        TEXT NOT NULL DEFAULT '',
    preheader      TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (publication_id, number)
) STRICT;
INSERT INTO issues_new (id, publication_id, number, title, subtitle, date, status, theme, intro, closing,
                        preheader, created_at, updated_at)
SELECT id, 1, number, title, subtitle, date, status, theme, intro, closing, preheader, created_at, updated_at
FROM issues;
DROP TABLE issues;
ALTER TABLE issues_new RENAME TO issues;

-- The search triggers went with the old table; the index itself is unchanged.
CREATE TRIGGER issues_search_ai AFTER INSERT ON issues BEGIN
    INSERT INTO search(rowid, kind, ref_id, issue_id, title, body)
    VALUES (new.id * 4, 'issue', new.id, new.id, new.title,
            new.subtitle || ' ' || new.intro || ' ' || new.closing || ' ' || new.preheader);
END;
CREATE TRIGGER issues_search_au AFTER UPDATE ON issues BEGIN
    DELETE FROM search WHERE rowid = old.id * 4;
    INSERT INTO search(rowid, kind, ref_id, issue_id, title, body)
    VALUES (new.id * 4, 'issue', new.id, new.id, new.title,
            new.subtitle || ' ' || new.intro || ' ' || new.closing || ' ' || new.preheader);
END;
CREATE TRIGGER issues_search_ad AFTER DELETE ON issues BEGIN
    DELETE FROM search WHERE rowid = old.id * 4;
END;
