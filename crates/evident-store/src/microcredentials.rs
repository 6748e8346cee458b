//! Micro-credential definitions: an editable draft per micro-credential and its frozen,
//! numbered published versions. Definitions are stored as JSON text, which the caller
//! validates and hashes, so this module only keeps the version sequence consistent.

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::{Result, Store, StoreError, new_id, now_unix};

/// A micro-credential to create, with its first draft.
#[derive(Debug, Clone)]
pub struct NewMicroCredential {
    pub slug: String,
    /// The issuing organization.
    pub org_id: Option<String>,
    pub draft_json: String,
    pub created_by: Option<String>,
}

/// A stored micro-credential with its current draft.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MicroCredentialRow {
    pub id: String,
    pub slug: String,
    pub org_id: Option<String>,
    pub draft_json: String,
    /// The highest published version number, or `None` before the first publication.
    pub latest_version: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A version to publish. `version` must be one more than the latest published version.
#[derive(Debug, Clone)]
pub struct NewVersion {
    pub microcredential_id: String,
    pub version: i64,
    pub title: String,
    /// The CFDocument identifier of the competency's framework, when known.
    pub framework_id: Option<String>,
    pub competency_identifier: String,
    pub definition_json: String,
    /// `sha256:<hex>` of the definition JSON, as computed by the domain crate.
    pub content_hash: String,
    pub published_by: Option<String>,
}

/// A published, immutable version of a micro-credential.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct VersionRow {
    pub microcredential_id: String,
    pub version: i64,
    pub slug: String,
    pub title: String,
    pub framework_id: Option<String>,
    pub competency_identifier: String,
    pub definition_json: String,
    pub content_hash: String,
    pub published_at: i64,
}

const MICROCREDENTIAL_COLUMNS: &str =
    "id, slug, org_id, draft_json, latest_version, created_at, updated_at";

const VERSION_COLUMNS: &str = "v.microcredential_id, v.version, v.slug, v.title, v.framework_id, \
     v.competency_identifier, v.definition_json, v.content_hash, v.published_at";

fn microcredential_from_row(row: &AnyRow) -> Result<MicroCredentialRow> {
    Ok(MicroCredentialRow {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        org_id: row.try_get("org_id")?,
        draft_json: row.try_get("draft_json")?,
        latest_version: row.try_get("latest_version")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn version_from_row(row: &AnyRow) -> Result<VersionRow> {
    Ok(VersionRow {
        microcredential_id: row.try_get("microcredential_id")?,
        version: row.try_get("version")?,
        slug: row.try_get("slug")?,
        title: row.try_get("title")?,
        framework_id: row.try_get("framework_id")?,
        competency_identifier: row.try_get("competency_identifier")?,
        definition_json: row.try_get("definition_json")?,
        content_hash: row.try_get("content_hash")?,
        published_at: row.try_get("published_at")?,
    })
}

impl Store {
    /// Inserts a micro-credential with its first draft.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] when another micro-credential already uses the slug.
    pub async fn create_microcredential(
        &self,
        new: &NewMicroCredential,
    ) -> Result<MicroCredentialRow> {
        let now = now_unix();
        let row = MicroCredentialRow {
            id: new_id(),
            slug: new.slug.clone(),
            org_id: new.org_id.clone(),
            draft_json: new.draft_json.clone(),
            latest_version: None,
            created_at: now,
            updated_at: now,
        };
        let inserted = sqlx::query(
            "INSERT INTO microcredentials (id, slug, org_id, draft_json, latest_version, \
             created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, NULL, $5, $6, $7)",
        )
        .bind(&row.id)
        .bind(&row.slug)
        .bind(&row.org_id)
        .bind(&row.draft_json)
        .bind(&new.created_by)
        .bind(now)
        .bind(now)
        .execute(self.pool())
        .await
        .map_err(StoreError::from);
        match inserted {
            Ok(_) => Ok(row),
            Err(error) if error.is_unique_violation() => Err(StoreError::Conflict(format!(
                "a micro-credential with the slug `{}` already exists: choose another slug",
                new.slug
            ))),
            Err(error) => Err(error),
        }
    }

    pub async fn microcredential(&self, id: &str) -> Result<MicroCredentialRow> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {MICROCREDENTIAL_COLUMNS} FROM microcredentials WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "micro-credential",
            id: id.to_owned(),
        })?;
        microcredential_from_row(&row)
    }

    pub async fn microcredential_by_slug(&self, slug: &str) -> Result<MicroCredentialRow> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {MICROCREDENTIAL_COLUMNS} FROM microcredentials WHERE slug = $1"
        )))
        .bind(slug)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "micro-credential",
            id: slug.to_owned(),
        })?;
        microcredential_from_row(&row)
    }

    /// Lists every micro-credential, drafts included, ordered by slug.
    pub async fn microcredentials(&self) -> Result<Vec<MicroCredentialRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {MICROCREDENTIAL_COLUMNS} FROM microcredentials ORDER BY slug"
        )))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(microcredential_from_row).collect()
    }

    /// Replaces the draft of a micro-credential. Published versions are not affected.
    pub async fn update_draft(&self, id: &str, draft_json: &str) -> Result<()> {
        let result = sqlx::query(
            "UPDATE microcredentials SET draft_json = $1, updated_at = $2 WHERE id = $3",
        )
        .bind(draft_json)
        .bind(now_unix())
        .bind(id)
        .execute(self.pool())
        .await?;
        if result.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                kind: "micro-credential",
                id: id.to_owned(),
            });
        }
        Ok(())
    }

    /// Inserts a published version and records it as the latest, in one transaction.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] when `version` is not one more than the latest published
    /// version (for example because another request published it first), so an existing
    /// version is never replaced.
    pub async fn publish_version(&self, new: &NewVersion) -> Result<VersionRow> {
        let mut transaction = self.pool().begin().await?;
        let row = sqlx::query("SELECT slug, latest_version FROM microcredentials WHERE id = $1")
            .bind(&new.microcredential_id)
            .fetch_optional(&mut *transaction)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                kind: "micro-credential",
                id: new.microcredential_id.clone(),
            })?;
        let slug: String = row.try_get("slug")?;
        let latest: Option<i64> = row.try_get("latest_version")?;
        let expected = latest.unwrap_or(0) + 1;
        if new.version != expected {
            return Err(StoreError::Conflict(format!(
                "cannot publish version {} of `{slug}`: the next version is {expected}, \
                 because published versions cannot be replaced",
                new.version
            )));
        }
        let now = now_unix();
        sqlx::query(
            "INSERT INTO microcredential_versions (microcredential_id, version, slug, title, \
             framework_id, competency_identifier, definition_json, content_hash, published_by, \
             published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&new.microcredential_id)
        .bind(new.version)
        .bind(&slug)
        .bind(&new.title)
        .bind(&new.framework_id)
        .bind(&new.competency_identifier)
        .bind(&new.definition_json)
        .bind(&new.content_hash)
        .bind(&new.published_by)
        .bind(now)
        .execute(&mut *transaction)
        .await?;
        // The version check above and this guarded update keep two publishers from both
        // succeeding with the same number.
        let updated = sqlx::query(
            "UPDATE microcredentials SET latest_version = $1, updated_at = $2 \
             WHERE id = $3 AND (latest_version IS NULL OR latest_version = $4)",
        )
        .bind(new.version)
        .bind(now)
        .bind(&new.microcredential_id)
        .bind(new.version - 1)
        .execute(&mut *transaction)
        .await?;
        if updated.rows_affected() != 1 {
            return Err(StoreError::Conflict(format!(
                "version {} of `{slug}` was published by another request: reload and try again",
                new.version
            )));
        }
        transaction.commit().await?;
        Ok(VersionRow {
            microcredential_id: new.microcredential_id.clone(),
            version: new.version,
            slug,
            title: new.title.clone(),
            framework_id: new.framework_id.clone(),
            competency_identifier: new.competency_identifier.clone(),
            definition_json: new.definition_json.clone(),
            content_hash: new.content_hash.clone(),
            published_at: now,
        })
    }

    /// Returns one published version.
    pub async fn version(&self, microcredential_id: &str, version: i64) -> Result<VersionRow> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VERSION_COLUMNS} FROM microcredential_versions v \
             WHERE v.microcredential_id = $1 AND v.version = $2"
        )))
        .bind(microcredential_id)
        .bind(version)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "micro-credential version",
            id: format!("{microcredential_id}@{version}"),
        })?;
        version_from_row(&row)
    }

    /// Lists every published version of one micro-credential, oldest first.
    pub async fn versions(&self, microcredential_id: &str) -> Result<Vec<VersionRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VERSION_COLUMNS} FROM microcredential_versions v \
             WHERE v.microcredential_id = $1 ORDER BY v.version"
        )))
        .bind(microcredential_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(version_from_row).collect()
    }

    /// Lists the latest published version of every micro-credential, ordered by title: the
    /// public catalog. Micro-credentials that were never published are left out.
    pub async fn latest_versions(&self) -> Result<Vec<VersionRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VERSION_COLUMNS} FROM microcredential_versions v \
             JOIN microcredentials m ON m.id = v.microcredential_id \
             AND m.latest_version = v.version ORDER BY v.title, v.slug"
        )))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(version_from_row).collect()
    }
}
