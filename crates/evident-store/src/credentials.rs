//! Signed credentials issued for awards, their revocation, and the signed status lists
//! that publish revocations.
//!
//! The store keeps documents as the signer produced them; signing happens in the caller,
//! which has the issuer's key. Status lists use a revision number so that two servers
//! re-signing the same list at once cannot drop each other's revocation: a write succeeds
//! only against the revision it read, and the loser re-reads and signs again.

use std::collections::BTreeSet;

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::error::{Result, StoreError};
use crate::{Store, now_unix};

/// A credential to store for an award.
#[derive(Debug, Clone)]
pub struct NewCredential {
    /// The UUID of the credential's `urn:uuid:` id, also used in its public URL.
    pub id: String,
    pub award_id: String,
    pub educator_id: String,
    pub microcredential_id: String,
    pub status_list: i64,
    pub status_index: i64,
    /// The signed credential.
    pub document_json: String,
    pub issued_at: i64,
}

/// A stored credential.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CredentialRow {
    pub id: String,
    pub award_id: String,
    pub educator_id: String,
    pub microcredential_id: String,
    pub status_list: i64,
    pub status_index: i64,
    pub document_json: String,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<String>,
    pub revocation_reason: Option<String>,
}

/// A stored status list credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusListRow {
    pub id: i64,
    pub document_json: String,
    pub revision: i64,
    pub updated_at: i64,
}

const CREDENTIAL_COLUMNS: &str = "id, award_id, educator_id, microcredential_id, status_list, \
     status_index, document_json, issued_at, revoked_at, revoked_by, revocation_reason";

fn credential_from_row(row: &AnyRow) -> Result<CredentialRow> {
    Ok(CredentialRow {
        id: row.try_get("id")?,
        award_id: row.try_get("award_id")?,
        educator_id: row.try_get("educator_id")?,
        microcredential_id: row.try_get("microcredential_id")?,
        status_list: row.try_get("status_list")?,
        status_index: row.try_get("status_index")?,
        document_json: row.try_get("document_json")?,
        issued_at: row.try_get("issued_at")?,
        revoked_at: row.try_get("revoked_at")?,
        revoked_by: row.try_get("revoked_by")?,
        revocation_reason: row.try_get("revocation_reason")?,
    })
}

fn status_list_from_row(row: &AnyRow) -> Result<StatusListRow> {
    Ok(StatusListRow {
        id: row.try_get("id")?,
        document_json: row.try_get("document_json")?,
        revision: row.try_get("revision")?,
        updated_at: row.try_get("updated_at")?,
    })
}

impl Store {
    /// Stores a newly signed credential.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] when the award already has a credential or the status
    /// index is taken (another server issued at the same moment); the caller re-reads.
    pub async fn insert_credential(&self, new: &NewCredential) -> Result<CredentialRow> {
        let inserted = sqlx::query(
            "INSERT INTO credentials (id, award_id, educator_id, microcredential_id, \
             status_list, status_index, document_json, issued_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&new.id)
        .bind(&new.award_id)
        .bind(&new.educator_id)
        .bind(&new.microcredential_id)
        .bind(new.status_list)
        .bind(new.status_index)
        .bind(&new.document_json)
        .bind(new.issued_at)
        .execute(self.pool())
        .await
        .map_err(StoreError::from);
        match inserted {
            Ok(_) => self.credential(&new.id).await,
            Err(error) if error.is_unique_violation() => Err(StoreError::Conflict(format!(
                "award `{}` already has a credential, or status index {} of list {} is taken",
                new.award_id, new.status_index, new.status_list
            ))),
            Err(error) => Err(error),
        }
    }

    /// Returns one credential.
    pub async fn credential(&self, id: &str) -> Result<CredentialRow> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "credential",
            id: id.to_owned(),
        })?;
        credential_from_row(&row)
    }

    /// Returns the credential issued for an award, if any.
    pub async fn credential_for_award(&self, award_id: &str) -> Result<Option<CredentialRow>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE award_id = $1"
        )))
        .bind(award_id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(credential_from_row).transpose()
    }

    /// Lists one educator's credentials, newest first.
    pub async fn credentials_of_educator(&self, educator_id: &str) -> Result<Vec<CredentialRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE educator_id = $1 \
             ORDER BY issued_at DESC, id DESC"
        )))
        .bind(educator_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(credential_from_row).collect()
    }

    /// Lists the credentials issued for the given micro-credentials, newest first.
    pub async fn credentials_of_microcredential(
        &self,
        microcredential_id: &str,
    ) -> Result<Vec<CredentialRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE microcredential_id = $1 \
             ORDER BY issued_at DESC, id DESC"
        )))
        .bind(microcredential_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(credential_from_row).collect()
    }

    /// Ids of awards that have no credential yet, oldest first.
    pub async fn awards_without_credential(&self) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT a.id FROM awards a LEFT JOIN credentials c ON c.award_id = a.id \
             WHERE c.id IS NULL ORDER BY a.awarded_at, a.id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| row.try_get("id").map_err(StoreError::from))
            .collect()
    }

    /// Marks a credential revoked. Returns the updated row.
    ///
    /// # Errors
    ///
    /// [`StoreError::Conflict`] if it is already revoked; nothing changes then.
    pub async fn revoke_credential(
        &self,
        id: &str,
        revoked_by: &str,
        reason: &str,
    ) -> Result<CredentialRow> {
        let updated = sqlx::query(
            "UPDATE credentials SET revoked_at = $1, revoked_by = $2, revocation_reason = $3 \
             WHERE id = $4 AND revoked_at IS NULL",
        )
        .bind(now_unix())
        .bind(revoked_by)
        .bind(reason)
        .bind(id)
        .execute(self.pool())
        .await?;
        if updated.rows_affected() == 0 {
            let existing = self.credential(id).await?;
            if existing.revoked_at.is_some() {
                return Err(StoreError::Conflict(format!(
                    "credential `{id}` is already revoked"
                )));
            }
        }
        self.credential(id).await
    }

    /// Returns the status indices given out in one list.
    pub async fn used_status_indices(&self, status_list: i64) -> Result<BTreeSet<usize>> {
        self.status_indices(status_list, false).await
    }

    /// Returns the status indices of revoked credentials in one list.
    pub async fn revoked_status_indices(&self, status_list: i64) -> Result<BTreeSet<usize>> {
        self.status_indices(status_list, true).await
    }

    async fn status_indices(
        &self,
        status_list: i64,
        revoked_only: bool,
    ) -> Result<BTreeSet<usize>> {
        let sql = if revoked_only {
            "SELECT status_index FROM credentials WHERE status_list = $1 AND revoked_at IS NOT NULL"
        } else {
            "SELECT status_index FROM credentials WHERE status_list = $1"
        };
        let rows = sqlx::query(sql)
            .bind(status_list)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                let index: i64 = row.try_get("status_index")?;
                usize::try_from(index).map_err(|_| {
                    StoreError::Conflict(format!(
                        "stored status index {index} of list {status_list} is negative"
                    ))
                })
            })
            .collect()
    }

    /// Returns a status list, if it has been created.
    pub async fn status_list(&self, id: i64) -> Result<Option<StatusListRow>> {
        let row = sqlx::query(
            "SELECT id, document_json, revision, updated_at FROM status_lists WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(status_list_from_row).transpose()
    }

    /// Returns the highest status list number, if any list exists.
    pub async fn latest_status_list(&self) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT MAX(id) AS latest FROM status_lists")
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("latest")?)
    }

    /// Stores the first signed document of a new status list. Returns `false` when
    /// another server created it first; its document is then the one to use.
    pub async fn create_status_list(&self, id: i64, document_json: &str) -> Result<bool> {
        let inserted = sqlx::query(
            "INSERT INTO status_lists (id, document_json, revision, updated_at) \
             VALUES ($1, $2, 1, $3)",
        )
        .bind(id)
        .bind(document_json)
        .bind(now_unix())
        .execute(self.pool())
        .await
        .map_err(StoreError::from);
        match inserted {
            Ok(_) => Ok(true),
            Err(error) if error.is_unique_violation() => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// Replaces a status list's signed document if it is still at `expected_revision`.
    /// Returns `false` when another server re-signed it since it was read.
    pub async fn replace_status_list(
        &self,
        id: i64,
        expected_revision: i64,
        document_json: &str,
    ) -> Result<bool> {
        let updated = sqlx::query(
            "UPDATE status_lists SET document_json = $1, revision = revision + 1, updated_at = $2 \
             WHERE id = $3 AND revision = $4",
        )
        .bind(document_json)
        .bind(now_unix())
        .bind(id)
        .bind(expected_revision)
        .execute(self.pool())
        .await?;
        Ok(updated.rows_affected() == 1)
    }

    /// Records an educator's wallet DID, or removes it with `None`.
    pub async fn set_user_did(&self, user_id: &str, did: Option<&str>) -> Result<()> {
        let updated = sqlx::query("UPDATE users SET did = $1 WHERE id = $2")
            .bind(did)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                kind: "user",
                id: user_id.to_owned(),
            });
        }
        Ok(())
    }
}
