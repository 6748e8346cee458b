use sqlx::Row;

use crate::{Result, Store, now_unix};

/// A signed-in browser session, found by the SHA-256 digest of its cookie token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user_id: String,
    pub csrf_token: String,
    pub expires_at: i64,
}

impl Store {
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: &str,
        csrf_token: &str,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now_unix())
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Returns the session if it exists and has not expired.
    pub async fn session(&self, token_hash: &str) -> Result<Option<Session>> {
        let row = sqlx::query(
            "SELECT user_id, csrf_token, expires_at FROM sessions \
             WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now_unix())
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some(row) => Ok(Some(Session {
                user_id: row.try_get("user_id")?,
                csrf_token: row.try_get("csrf_token")?,
                expires_at: row.try_get("expires_at")?,
            })),
            None => Ok(None),
        }
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Deletes every session of a user except the one with `keep_token_hash`, as after a
    /// password change, and returns how many were removed.
    pub async fn delete_other_sessions(&self, user_id: &str, keep_token_hash: &str) -> Result<u64> {
        let result = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep_token_hash)
            .execute(self.pool())
            .await?;
        Ok(result.rows_affected())
    }

    /// Deletes every session of a user, as after an administrator sets their password,
    /// and returns how many were removed.
    pub async fn delete_sessions_of_user(&self, user_id: &str) -> Result<u64> {
        let result = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(result.rows_affected())
    }

    /// Deletes expired sessions and returns how many were removed.
    pub async fn delete_expired_sessions(&self) -> Result<u64> {
        let result = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now_unix())
            .execute(self.pool())
            .await?;
        Ok(result.rows_affected())
    }
}
