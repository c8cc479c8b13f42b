-- Schema 2: full-text search over everything an author writes or collects.
--
-- One FTS5 table for every kind of row. Its rowid encodes (kind, id) as id * 4 + kind
-- (0 issue, 1 story, 2 item, 3 link) so triggers replace an entry by rowid instead of
-- scanning the index on every autosave.

CREATE VIRTUAL TABLE search USING fts5(
    kind UNINDEXED,
    ref_id UNINDEXED,
    issue_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Issues
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

-- Stories
CREATE TRIGGER stories_search_ai AFTER INSERT ON stories BEGIN
    INSERT INTO search(rowid, kind, ref_id, issue_id, title, body)
    VALUES (new.id * 4 + 1, 'story', new.id, new.issue_id, new.headline,
            new.section || ' ' || new.body || ' ' || new.summary || ' ' || new.details || ' ' || new.takeaway);
END;
CREATE TRIGGER stories_search_au AFTER UPDATE OF section, headline, body, summary, details, takeaway, issue_id ON stories BEGIN
    DELETE FROM search WHERE rowid = old.id * 4 + 1;
    INSERT INTO search(rowid, kind, ref_id, issue_id, title, body)
    VALUES (new.id * 4 + 1, 'story', new.id, new.issue_id, new.headline,
            new.section || ' ' || new.body || ' ' || new.summary || ' ' || new.details || ' ' || new.takeaway);
END;
CREATE TRIGGER stories_search_ad AFTER DELETE ON stories BEGIN
    DELETE FROM search WHERE rowid = old.id * 4 + 1;
END;

-- Items: source names, titles, quotes and notes. The issue id comes from the story.
CREATE TRIGGER items_search_ai AFTER INSERT ON items BEGIN
    INSERT INTO search(rowid, kind, ref_id, issue_id, title, body)
    VALUES (new.id * 4 + 2, 'item', new.id,
            (SELECT issue_id FROM stories WHERE id = new.story_id),
            new.source || ' ' || new.title,
            new.role || ' ' || new.quote || ' ' || new.note || ' ' || new.group_heading);
END;
CREATE TRIGGER items_search_au AFTER UPDATE OF source, title, role, quote, note, group_heading, story_id ON items BEGIN
    DELETE FROM search WHERE rowid = old.id * 4 + 2;
    INSERT INTO search(rowid, kind, ref_id, issue_id, title, body)
    VALUES (new.id * 4 + 2, 'item', new.id,
            (SELECT issue_id FROM stories WHERE id = new.story_id),
            new.source || ' ' || new.title,
            new.role || ' ' || new.quote || ' ' || new.note || ' ' || new.group_heading);
END;
CREATE TRIGGER items_search_ad AFTER DELETE ON items BEGIN
    DELETE FROM search WHERE rowid = old.id * 4 + 2;
END;

-- Links: the author's overrides win over fetched values, as everywhere else.
CREATE TRIGGER links_search_ai AFTER INSERT ON links BEGIN
    INSERT INTO search(rowid, kind, ref_id, issue_id, title, body)
    VALUES (new.id * 4 + 3, 'link', new.id, NULL,
            coalesce(new.title_override, new.title, new.url),
            coalesce(new.description_override, new.description, '') || ' ' ||
            coalesce(new.publisher_override, new.publisher, '') || ' ' ||
            coalesce(new.author_override, new.author, ''));
END;
CREATE TRIGGER links_search_au AFTER UPDATE ON links BEGIN
    DELETE FROM search WHERE rowid = old.id * 4 + 3;
    INSERT INTO search(rowid, kind, ref_id, issue_id, title, body)
    VALUES (new.id * 4 + 3, 'link', new.id, NULL,
            coalesce(new.title_override, new.title, new.url),
            coalesce(new.description_override, new.description, '') || ' ' ||
            coalesce(new.publisher_override, new.publisher, '') || ' ' ||
            coalesce(new.author_override, new.author, ''));
END;
CREATE TRIGGER links_search_ad AFTER DELETE ON links BEGIN
    DELETE FROM search WHERE rowid = old.id * 4 + 3;
END;

-- Index what a schema-1 library already holds.
INSERT INTO search(rowid, kind, ref_id, issue_id, title, body)
SELECT id * 4, 'issue', id, id, title, subtitle || ' ' || intro || ' ' || closing || ' ' || preheader FROM issues;
INSERT INTO search(rowid, kind, ref_id, issue_id, title, body)
SELECT id * 4 + 1, 'story', id, issue_id, headline,
       section || ' ' || body || ' ' || summary || ' ' || details || ' ' || takeaway FROM stories;
INSERT INTO search(rowid, kind, ref_id, issue_id, title, body)
SELECT i.id * 4 + 2, 'item', i.id, s.issue_id, i.source || ' ' || i.title,
       i.role || ' ' || i.quote || ' ' || i.note || ' ' || i.group_heading
FROM items i JOIN stories s ON s.id = i.story_id;
INSERT INTO search(rowid, kind, ref_id, issue_id, title, body)
SELECT id * 4 + 3, 'link', id, NULL, coalesce(title_override, title, url),
       coalesce(description_override, description, '') || ' ' ||
       coalesce(publisher_override, publisher, '') || ' ' || coalesce(author_override, author, '')
FROM links;
