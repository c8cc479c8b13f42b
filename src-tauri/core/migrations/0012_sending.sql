-- Schema 12: sending from Masthead through the service (a second, explicit step after the
-- draft), and the images uploaded to it. An issue may now be `scheduled` (a service holds it until its time); a publish
-- keeps when the list gets (or got) the issue.
--
-- SQLite cannot change a CHECK constraint in place: `issues` is rebuilt as schema 4 did,
-- with foreign keys off around the migrations, and its search triggers made again.

CREATE TABLE issues_new (
    id             INTEGER PRIMARY KEY,
    publication_id INTEGER NOT NULL REFERENCES publications(id),
    number         INTEGER NOT NULL,
    title          TEXT NOT NULL DEFAULT '',
    subtitle       TEXT NOT NULL DEFAULT '',
    date           TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'ready', 'scheduled', 'sent')),
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
SELECT id, publication_id, number, title, subtitle, date, status, theme, intro, closing, preheader,
       created_at, updated_at
FROM issues;
DROP TABLE issues;
ALTER TABLE issues_new RENAME TO issues;

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

-- When the list gets the issue (scheduled) or got it (sent), RFC 3339 UTC; '' for a draft.
ALTER TABLE publishes ADD COLUMN send_at TEXT NOT NULL DEFAULT '';

-- uploads: a library image uploaded through a target's own image endpoint, and the address
-- the service gave it, so that each image is uploaded once per target (the name is the
-- image's content hash: the same name is the same picture).
CREATE TABLE uploads (
    target_id   INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    url         TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (target_id, name)
) STRICT;
