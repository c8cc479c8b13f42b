-- Schema 3: what a social post's page says about it, so a link can become a reaction
-- card (person, handle, quote, likes, views) without fetching it again. The person is
-- `author` and the post's text `description`, as for any page; these are the rest.

ALTER TABLE links ADD COLUMN handle TEXT;
ALTER TABLE links ADD COLUMN likes INTEGER CHECK (likes IS NULL OR likes >= 0);
ALTER TABLE links ADD COLUMN views INTEGER CHECK (views IS NULL OR views >= 0);
