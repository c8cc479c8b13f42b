-- Schema 11: handing issues to the services that send them.
-- targets: where a publication's issues go as drafts: a service (buttondown, ghost,
--   listmonk, kit), its address ('' = the service's own), the API user where the service
--   has one (listmonk), and listmonk's list ids and template. The key is never here: it is
--   in the system keychain (or MASTHEAD_TARGET_<NAME>_KEY).
-- publishes: the remote draft an issue became at a target, so publishing again updates it
--   rather than making another: its id and address there, and how far it went.

CREATE TABLE targets (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) BETWEEN 1 AND 60),
    service        TEXT NOT NULL CHECK (service IN ('buttondown', 'ghost', 'listmonk', 'kit')),
    base_url       TEXT NOT NULL DEFAULT '',
    api_user       TEXT NOT NULL DEFAULT '',
    lists          TEXT NOT NULL DEFAULT '',
    template       TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
) STRICT;

CREATE TABLE publishes (
    issue_id     INTEGER NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    target_id    INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    remote_id    TEXT NOT NULL,
    remote_url   TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'scheduled', 'sent')),
    first_at     TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (issue_id, target_id)
) STRICT;
