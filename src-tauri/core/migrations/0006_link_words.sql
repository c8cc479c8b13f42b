-- Schema 6: how long a linked page is to read: the words in its paragraphs, counted when
-- it is fetched (NULL when unknown or under an essay's length). A story's reading time
-- can be taken from it.

ALTER TABLE links ADD COLUMN words INTEGER CHECK (words IS NULL OR words >= 0);
