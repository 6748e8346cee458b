use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use crate::{Result, Store, StoreError, new_id, now_unix};

/// An account. The password hash never leaves the store except for verification.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub home_org_id: Option<String>,
    pub did: Option<String>,
}

/// A role held in an organization and, through nesting, in every organization below it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RoleGrant {
    pub role: String,
    pub org_id: String,
}

fn user_from_row(row: &AnyRow) -> Result<User> {
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        home_org_id: row.try_get("home_org_id")?,
        did: row.try_get("did")?,
    })
}

const USER_COLUMNS: &str = "id, email, display_name, home_org_id, did";

impl Store {
    /// Inserts a user with an already computed password hash. The e-mail address is
    /// stored lower-cased; a second account with the same address is a conflict.
    pub async fn create_user(
        &self,
        email: &str,
        display_name: &str,
        password_hash: &str,
        home_org_id: Option<&str>,
    ) -> Result<User> {
        let user = User {
            id: new_id(),
            email: email.trim().to_lowercase(),
            display_name: display_name.trim().to_owned(),
            home_org_id: home_org_id.map(str::to_owned),
            did: None,
        };
        let inserted = sqlx::query(
            "INSERT INTO users (id, email, display_name, password_hash, home_org_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&user.id)
        .bind(&user.email)
        .bind(&user.display_name)
        .bind(password_hash)
        .bind(&user.home_org_id)
        .bind(now_unix())
        .execute(self.pool())
        .await
        .map_err(StoreError::from);
        match inserted {
            Ok(_) => Ok(user),
            Err(error) if error.is_unique_violation() => Err(StoreError::Conflict(format!(
                "a user with e-mail {} already exists",
                user.email
            ))),
            Err(error) => Err(error),
        }
    }

    pub async fn user(&self, id: &str) -> Result<User> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "user",
            id: id.to_owned(),
        })?;
        user_from_row(&row)
    }

    /// Looks a user up by e-mail for sign-in, returning the user and the password hash.
    pub async fn user_credentials(&self, email: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = $1"
        )))
        .bind(email.trim().to_lowercase())
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some(row) => Ok(Some((user_from_row(&row)?, row.try_get("password_hash")?))),
            None => Ok(None),
        }
    }

    /// Returns the stored password hash (a PHC string) of a user.
    pub async fn password_hash(&self, user_id: &str) -> Result<String> {
        let row = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| crate::StoreError::NotFound {
                kind: "user",
                id: user_id.to_owned(),
            })?;
        Ok(row.try_get("password_hash")?)
    }

    /// Replaces a user's password hash.
    pub async fn set_password_hash(&self, user_id: &str, password_hash: &str) -> Result<()> {
        let updated = sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        if updated.rows_affected() == 0 {
            return Err(crate::StoreError::NotFound {
                kind: "user",
                id: user_id.to_owned(),
            });
        }
        Ok(())
    }

    pub async fn user_count(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Lists the users whose home organization is `org_id`, ordered by name.
    pub async fn users_in_organization(&self, org_id: &str) -> Result<Vec<User>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {USER_COLUMNS} FROM users WHERE home_org_id = $1 ORDER BY display_name"
        )))
        .bind(org_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// Grants a role; granting a role the user already holds there changes nothing.
    pub async fn grant_role(&self, user_id: &str, role: &str, org_id: &str) -> Result<()> {
        let existing = sqlx::query(
            "SELECT 1 AS present FROM role_grants WHERE user_id = $1 AND role = $2 AND org_id = $3",
        )
        .bind(user_id)
        .bind(role)
        .bind(org_id)
        .fetch_optional(self.pool())
        .await?;
        if existing.is_none() {
            sqlx::query(
                "INSERT INTO role_grants (user_id, role, org_id, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(user_id)
            .bind(role)
            .bind(org_id)
            .bind(now_unix())
            .execute(self.pool())
            .await?;
        }
        Ok(())
    }

    pub async fn role_grants(&self, user_id: &str) -> Result<Vec<RoleGrant>> {
        let rows = sqlx::query(
            "SELECT role, org_id FROM role_grants WHERE user_id = $1 ORDER BY role, org_id",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(RoleGrant {
                    role: row.try_get("role")?,
                    org_id: row.try_get("org_id")?,
                })
            })
            .collect()
    }
}
