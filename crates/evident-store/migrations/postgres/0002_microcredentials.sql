-- A micro-credential and its editable draft. Each publication copies the draft
-- into microcredential_versions; `latest_version` is NULL until the first one.
CREATE TABLE microcredentials (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    org_id TEXT REFERENCES organizations (id),
    draft_json TEXT NOT NULL,
    latest_version BIGINT,
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Published versions are frozen: submissions are scored against the version
-- they were started under. A trigger below rejects every UPDATE.
CREATE TABLE microcredential_versions (
    microcredential_id TEXT NOT NULL REFERENCES microcredentials (id),
    version BIGINT NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    framework_id TEXT,
    competency_identifier TEXT NOT NULL,
    definition_json TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    published_by TEXT REFERENCES users (id),
    published_at BIGINT NOT NULL,
    PRIMARY KEY (microcredential_id, version)
);

-- `answers_json` holds the working answers and `attempts_json` every submitted
-- attempt with its scores and decision. `revision` increases on each change so
-- that two concurrent writes cannot overwrite each other.
CREATE TABLE submissions (
    id TEXT PRIMARY KEY,
    microcredential_id TEXT NOT NULL REFERENCES microcredentials (id),
    version BIGINT NOT NULL,
    educator_id TEXT NOT NULL REFERENCES users (id),
    school_id TEXT REFERENCES organizations (id),
    state TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    attempts_json TEXT NOT NULL,
    assessor_id TEXT REFERENCES users (id),
    revision BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    FOREIGN KEY (microcredential_id, version)
        REFERENCES microcredential_versions (microcredential_id, version)
);
CREATE INDEX submissions_educator ON submissions (educator_id);
CREATE INDEX submissions_state ON submissions (state);

-- One row per criterion of each scored attempt, for moderation and research.
CREATE TABLE submission_scores (
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    attempt BIGINT NOT NULL,
    criterion_id TEXT NOT NULL,
    level_id TEXT NOT NULL,
    feedback TEXT NOT NULL,
    assessor_id TEXT NOT NULL REFERENCES users (id),
    scored_at BIGINT NOT NULL,
    PRIMARY KEY (submission_id, attempt, criterion_id)
);

-- An earned micro-credential. The signed credential is issued from this record.
CREATE TABLE awards (
    id TEXT PRIMARY KEY,
    submission_id TEXT NOT NULL UNIQUE REFERENCES submissions (id),
    microcredential_id TEXT NOT NULL REFERENCES microcredentials (id),
    version BIGINT NOT NULL,
    content_hash TEXT NOT NULL,
    educator_id TEXT NOT NULL REFERENCES users (id),
    awarded_at BIGINT NOT NULL
);
CREATE INDEX awards_educator ON awards (educator_id);

-- The same evidence file submitted by different educators and scored
-- differently; `uses_json` lists each submission, educator and outcome.
CREATE TABLE evidence_flags (
    content_hash TEXT PRIMARY KEY,
    uses_json TEXT NOT NULL,
    flagged_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE FUNCTION reject_published_version_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'published micro-credential versions cannot be changed: publish a new version';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER microcredential_versions_immutable
BEFORE UPDATE ON microcredential_versions
FOR EACH ROW EXECUTE FUNCTION reject_published_version_update();
