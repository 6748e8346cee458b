-- Organizations nest state > district > school; `parent_id` is NULL only for a state.
CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    parent_id TEXT REFERENCES organizations (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX organizations_parent ON organizations (parent_id);

-- E-mail addresses are stored lower-cased so that sign-in is case-insensitive.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    home_org_id TEXT REFERENCES organizations (id),
    did TEXT,
    created_at BIGINT NOT NULL
);

-- A grant applies to its organization and every organization below it.
CREATE TABLE role_grants (
    user_id TEXT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL,
    org_id TEXT NOT NULL REFERENCES organizations (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, role, org_id)
);

-- Only a SHA-256 digest of the session token is stored, so a database dump
-- cannot be replayed as cookies.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_email_at ON login_failures (email, at);

CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_user_id TEXT,
    action TEXT NOT NULL,
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id);

-- `id` is the CFDocument identifier. `package_json` keeps the package exactly
-- as parsed (after reported repairs) so that export is lossless.
CREATE TABLE frameworks (
    id TEXT PRIMARY KEY,
    uri TEXT NOT NULL,
    title TEXT NOT NULL,
    creator TEXT NOT NULL,
    case_version TEXT NOT NULL,
    org_id TEXT REFERENCES organizations (id),
    package_json TEXT NOT NULL,
    repairs_json TEXT NOT NULL,
    item_count BIGINT NOT NULL,
    imported_by TEXT REFERENCES users (id),
    imported_at BIGINT NOT NULL
);

-- One row per CFItem in tree order, for browsing, search and alignment.
CREATE TABLE framework_items (
    framework_id TEXT NOT NULL REFERENCES frameworks (id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    uri TEXT NOT NULL,
    human_code TEXT,
    item_type TEXT,
    statement TEXT NOT NULL,
    parent_identifier TEXT,
    depth BIGINT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (framework_id, identifier)
);
CREATE INDEX framework_items_position ON framework_items (framework_id, position);

-- Metadata of content-addressed files; the bytes live on disk under the
-- data directory, named by `sha256`.
CREATE TABLE stored_files (
    sha256 TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
