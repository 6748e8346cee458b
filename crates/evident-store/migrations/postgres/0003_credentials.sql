-- Signed Open Badges 3.0 credentials, one per award. `document_json` is the
-- credential exactly as signed; it is never rewritten. Revocation is recorded
-- here and published through the status list named by (status_list, status_index).
CREATE TABLE credentials (
    id TEXT PRIMARY KEY,
    award_id TEXT NOT NULL UNIQUE REFERENCES awards (id),
    educator_id TEXT NOT NULL REFERENCES users (id),
    microcredential_id TEXT NOT NULL REFERENCES microcredentials (id),
    status_list BIGINT NOT NULL,
    status_index BIGINT NOT NULL,
    document_json TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by TEXT REFERENCES users (id),
    revocation_reason TEXT,
    UNIQUE (status_list, status_index)
);
CREATE INDEX credentials_educator ON credentials (educator_id);

-- Signed revocation status lists. Each revocation re-signs the list; `revision`
-- lets several servers re-sign without losing another server's revocation.
CREATE TABLE status_lists (
    id BIGINT PRIMARY KEY,
    document_json TEXT NOT NULL,
    revision BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
