use sqlx::Row;

use crate::{Result, Store, new_id, now_unix};

impl Store {
    /// Records a failed sign-in. Failures live in the database, not in memory, so the
    /// throttle holds across several servers sharing one database.
    pub async fn record_login_failure(&self, email: &str, client_ip: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO login_failures (id, email, client_ip, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(new_id())
        .bind(email.trim().to_lowercase())
        .bind(client_ip)
        .bind(now_unix())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Counts failed sign-ins for an e-mail address since `since` (Unix seconds) and
    /// returns the count and the time of the oldest one in that window.
    pub async fn login_failures_since(
        &self,
        email: &str,
        since: i64,
    ) -> Result<(i64, Option<i64>)> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MIN(at) AS oldest FROM login_failures WHERE email = $1 AND at >= $2",
        )
        .bind(email.trim().to_lowercase())
        .bind(since)
        .fetch_one(self.pool())
        .await?;
        Ok((row.try_get("n")?, row.try_get("oldest")?))
    }

    /// Forgets the failures of an address after a successful sign-in.
    pub async fn clear_login_failures(&self, email: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE email = $1")
            .bind(email.trim().to_lowercase())
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
