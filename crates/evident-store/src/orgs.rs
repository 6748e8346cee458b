use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Result, Store, StoreError, new_id, now_unix};

/// A state, district or school. `kind` is the code of an organization kind.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Organization {
    pub id: String,
    pub parent_id: Option<String>,
    pub kind: String,
    pub name: String,
}

fn organization_from_row(row: &AnyRow) -> Result<Organization> {
    Ok(Organization {
        id: row.try_get("id")?,
        parent_id: row.try_get("parent_id")?,
        kind: row.try_get("kind")?,
        name: row.try_get("name")?,
    })
}

impl Store {
    /// Inserts an organization. The caller checks that `kind` may nest under the parent's kind.
    pub async fn create_organization(
        &self,
        parent_id: Option<&str>,
        kind: &str,
        name: &str,
    ) -> Result<Organization> {
        let organization = Organization {
            id: new_id(),
            parent_id: parent_id.map(str::to_owned),
            kind: kind.to_owned(),
            name: name.to_owned(),
        };
        sqlx::query(
            "INSERT INTO organizations (id, parent_id, kind, name, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&organization.id)
        .bind(&organization.parent_id)
        .bind(&organization.kind)
        .bind(&organization.name)
        .bind(now_unix())
        .execute(self.pool())
        .await?;
        Ok(organization)
    }

    pub async fn organization(&self, id: &str) -> Result<Organization> {
        let row = sqlx::query("SELECT id, parent_id, kind, name FROM organizations WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound {
                kind: "organization",
                id: id.to_owned(),
            })?;
        organization_from_row(&row)
    }

    /// Lists every organization, ordered by name. Organization counts are small
    /// (one state has at most a few thousand schools), so callers build trees in memory.
    pub async fn organizations(&self) -> Result<Vec<Organization>> {
        let rows = sqlx::query("SELECT id, parent_id, kind, name FROM organizations ORDER BY name")
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(organization_from_row).collect()
    }
}
