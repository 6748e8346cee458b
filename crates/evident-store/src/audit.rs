use sqlx::Row;

use crate::{Result, Store, new_id, now_unix};

/// One entry of the audit trail: who did what to which record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditEvent {
    pub at: i64,
    pub actor_user_id: Option<String>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
    pub detail: String,
}

impl Store {
    pub async fn record_audit(
        &self,
        actor_user_id: Option<&str>,
        action: &str,
        subject_type: &str,
        subject_id: &str,
        detail: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_events (id, at, actor_user_id, action, subject_type, subject_id, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(now_unix())
        .bind(actor_user_id)
        .bind(action)
        .bind(subject_type)
        .bind(subject_id)
        .bind(detail)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Lists the audit events about one record, oldest first.
    pub async fn audit_events(
        &self,
        subject_type: &str,
        subject_id: &str,
    ) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT at, actor_user_id, action, subject_type, subject_id, detail FROM audit_events \
             WHERE subject_type = $1 AND subject_id = $2 ORDER BY at, id",
        )
        .bind(subject_type)
        .bind(subject_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditEvent {
                    at: row.try_get("at")?,
                    actor_user_id: row.try_get("actor_user_id")?,
                    action: row.try_get("action")?,
                    subject_type: row.try_get("subject_type")?,
                    subject_id: row.try_get("subject_id")?,
                    detail: row.try_get("detail")?,
                })
            })
            .collect()
    }
}
