-- Schema 5: what the seed newsletters show that items and stories could not hold.
--
-- items.date: a coverage link's own date as the author writes it ("March 2025"), shown
--   after its title: “Title” (March 2025).
-- items.note_first: a reaction whose note stands before its quote.
-- stories.reading_minutes: a story's own reading time (the essay it links to), shown
--   as "~7 min read"; NULL for none.

ALTER TABLE items ADD COLUMN date TEXT NOT NULL DEFAULT '';
ALTER TABLE items ADD COLUMN note_first INTEGER NOT NULL DEFAULT 0 CHECK (note_first IN (0, 1));
ALTER TABLE stories ADD COLUMN reading_minutes INTEGER CHECK (reading_minutes IS NULL OR reading_minutes BETWEEN 1 AND 999);
